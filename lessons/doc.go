// Package lessons is Eddy's guided course: numbered lessons, each with a
// text, starter code, graded checks, hints and a run to watch, and the
// machinery behind `eddy lesson`.
//
// # Lessons and checks
//
// A Lesson names the node programs the learner writes (most lessons ask for
// one, Program) and lists its Checks. A check is data: a run of Eddy's
// simulator (sim.Options without the node, so the same value prints as an
// `eddy test` or `maelstrom test` command line), the seeds to try, and what
// must hold beyond a valid verdict — efficiency Targets such as servers
// msgs/op below 20. Checks are grouped, and numbered in this order: a
// reliable network first, then faults, then efficiency targets (the DSLabs
// way: the protocol first, then its robustness, then its cost). A failing
// check says why in words (see explain.go), with the seed and the commands
// that replay it.
//
// The reference solutions are the catalog's reference nodes; a lesson
// points at them by name.
//
// # The learner's workspace
//
// `eddy lesson start N` writes learn/NN-slug/: a Go module of its own
// (module learn/NN-slug) that requires Eddy and replaces it with the local
// checkout, so it builds offline against exactly the code the learner has,
// and so the checkout's own `go test ./...` never descends into it (a
// directory with its own go.mod is another module). It holds node.go (the
// starter, with TODOs), main.go (the node as a Maelstrom binary),
// check_test.go (one line: lessons.Check(t, N, Program)) and README.md.
// `eddy lesson check N` runs `go test -json` there and prints the outcomes
// each subtest reports; Eddy itself never loads Go code at run time.
// A learner writing in another language checks an executable instead
// (`--bin`), in process mode.
//
// # Progress and hints
//
// learn/progress.json records, per check, whether its last run passed and
// how often it has failed. Hints (hints.md, one section per check) unlock
// one per failure of the first failing check: the more a learner is
// stuck, the more they are told.
//
// The package is not pure, unlike nodes/ and sim/: it reads the clock to
// bound runs, writes workspaces and progress, and runs the go command.
package lessons
