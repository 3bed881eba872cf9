// Package linear checks that a history of independent registers is
// linearizable, as Maelstrom's lin-kv checker does with Knossos, using
// porcupine (Athalye's implementation of the P-compositional search of
// Horn & Kroening, "Faster linearizability checking via
// P-compositionality", 2015).
//
// # Model
//
// Operations carry Jepsen independent's [key, value] tuples: read
// [k, v or null], write [k, v], cas [k, [from, to]]. The history is split
// by key and each key is checked on its own against a compare-and-set
// register whose initial value is null (Knossos's cas-register): a write
// sets the value, a cas succeeds only if the value is from and then sets
// it to to, a read must return the value. Values are compared as decoded
// JSON (wire.Canonical).
//
// An operation's interval runs from its invocation to its completion, in
// history order (the index of each entry), which is the order in which
// they happened. A fail completion certainly did not take effect: the
// operation is left out. An info completion, or none, may have taken
// effect at any point after its invocation, or never: it stays open until
// the end of the history. Such a write or cas can always be linearized
// last, where it changes nothing anyone saw, so "never" is covered; an
// open cas that finds another value than from changes nothing, as if it
// had failed. An open read tells nothing and is left out.
//
// # Verdicts and time
//
// A key is valid if porcupine finds a linearization, invalid if it proves
// there is none, and unknown if its search ran out of time
// (Options.Timeout, wall clock, per key). The result is invalid if any key
// is, else unknown if any key is. Porcupine runs each search on a
// goroutine of its own and stops it with a real-time timer, which is why
// this package is one of the purity test's edges: valid and invalid never
// depend on either, but whether a search finishes in time does.
//
// For up to MaxPictures invalid keys the check is run again keeping the
// partial linearizations, to report the longest one found and the
// operation that could not follow it, and to draw porcupine's HTML
// visualization, which Result.Artifacts returns as
// independent/<key>/linear.html (Maelstrom draws independent/<key>/linear.svg).
// Porcupine collects the partial linearizations it draws in a map, so in
// principle two runs of one seed could write the HTML's equally long ones in
// different orders; the verdicts and the report's explanation are chosen
// in a fixed order.
package linear
