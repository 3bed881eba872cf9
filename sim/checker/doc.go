// Package checker judges a run. Each checker reads the history (and, for
// net, the network's counts) and returns a result whose JSON keys are those
// of Maelstrom's results.edn without the colons, so that "valid?",
// "stats" and "msgs-per-op" mean what they mean there.
//
// Verdicts are three-valued, as in Jepsen and porcupine: valid, invalid,
// or unknown (the checker could not decide). A run's overall verdict is the
// worst of its checkers': invalid beats unknown beats valid.
package checker
