package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/eddy-sim/eddy/lessons"
)

// checkRequest is what `eddy lesson check` was asked.
type checkRequest struct {
	only      int
	seed      uint64
	bins      []string
	reference bool
}

func lessonCheck(ctx context.Context, l *lessons.Lesson, req checkRequest, stdout, stderr io.Writer) int {
	if req.only < 0 || req.only > len(l.Checks) {
		fmt.Fprintf(stderr, "eddy lesson check: --only %d: lesson %d has checks 1 to %d\n", req.only, l.Number, len(l.Checks))
		return exitUsage
	}
	ws := l.Workspace(learnDir)
	var outcomes []lessons.Outcome
	commands := workspaceCommands(l)
	switch {
	case req.reference:
		outcomes, commands = runChecks(ctx, l, l.Reference(), req, "", stderr), referenceCommands(l)
	case len(req.bins) > 0:
		if err := checkBins(l, req.bins); err != nil {
			fmt.Fprintln(stderr, "eddy lesson check:", err)
			return exitUsage
		}
		store := filepath.Join(ws, "store")
		outcomes, commands = runChecks(ctx, l, lessons.Subject{Bins: req.bins}, req, store, stderr), binCommands(l, req)
	default:
		if _, err := os.Stat(ws); err != nil {
			fmt.Fprintf(stderr, "eddy lesson check: no workspace %s yet: eddy lesson start %d makes it (or check an executable with --bin)\n", ws, l.Number)
			return exitUsage
		}
		fmt.Fprintf(stderr, "Building your node in %s and running lesson %d's checks …\n", ws, l.Number)
		res, err := l.GoTest(ctx, ws, lessons.GoTestOptions{Only: req.only, Seed: req.seed})
		if err != nil {
			fmt.Fprintln(stderr, "eddy lesson check:", err)
			return exitCrash
		}
		if res.Failure != "" {
			fmt.Fprintf(stdout, "Your node in %s did not build, or its test died before the checks could report:\n\n%s\n", ws, res.Failure)
			return exitInvalid
		}
		outcomes = res.Outcomes
		for i := range outcomes {
			if outcomes[i].Store != "" {
				outcomes[i].Store = filepath.Join(ws, outcomes[i].Store)
			}
		}
	}
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "eddy lesson check: interrupted; nothing recorded")
		return exitCrash
	}
	l.WriteReport(stdout, outcomes, commands)
	if !req.reference {
		if err := recordProgress(l, outcomes); err != nil {
			fmt.Fprintln(stderr, "eddy lesson check:", err)
		}
	}
	for _, o := range outcomes {
		if !o.Passed {
			return exitInvalid
		}
	}
	return exitValid
}

// runChecks runs the requested checks in this process, one after the
// other, saying which is running: with executables, each takes its time
// limit in real time.
func runChecks(ctx context.Context, l *lessons.Lesson, s lessons.Subject, req checkRequest, store string, stderr io.Writer) []lessons.Outcome {
	var outcomes []lessons.Outcome
	for i := range l.Checks {
		if req.only == 0 || req.only == i+1 {
			fmt.Fprintf(stderr, "check %d of %d: %s …\n", i+1, len(l.Checks), l.Checks[i].Name)
			outcomes = append(outcomes, l.RunCheck(ctx, i, s, lessons.RunOptions{Seed: req.seed, StoreDir: store}))
		}
	}
	return outcomes
}

// lessonMaelstrom prints the lesson's checks as shell lines that run them
// under the real Maelstrom (scripts/maelstrom-lesson runs them): first
// the builds they need, then one maelstrom test per check.
func lessonMaelstrom(l *lessons.Lesson, bins []string, reference bool, stdout, stderr io.Writer) int {
	switch {
	case reference:
		root, err := lessons.EddyRoot()
		if err != nil {
			fmt.Fprintln(stderr, "eddy lesson check:", err)
			return exitCrash
		}
		for _, p := range l.Programs { // as scripts/build-nodes makes them
			bins = append(bins, shellQuote(filepath.Join(root, "bin", p.Reference)))
		}
	case len(bins) == 0:
		for i, p := range l.Programs {
			fmt.Fprintf(stdout, "go -C %s build -o %s .\n", shellQuote(l.Workspace(learnDir)), p.Workload)
			bins = append(bins, shellQuote(l.BinPath(learnDir, i)))
		}
	default:
		if err := checkBins(l, bins); err != nil {
			fmt.Fprintln(stderr, "eddy lesson check:", err)
			return exitUsage
		}
		for i, b := range bins {
			bins[i] = shellQuote(b)
		}
	}
	for _, line := range l.MaelstromLines(bins) {
		fmt.Fprintln(stdout, line)
	}
	return exitValid
}

func checkBins(l *lessons.Lesson, bins []string) error {
	if len(bins) != 1 && len(bins) != len(l.Programs) {
		return fmt.Errorf("lesson %d checks %d programs: give one --bin for all, or one each", l.Number, len(l.Programs))
	}
	for _, b := range bins {
		if _, err := os.Stat(b); err != nil {
			return fmt.Errorf("--bin %s: %w", b, err)
		}
	}
	return nil
}

func recordProgress(l *lessons.Lesson, outcomes []lessons.Outcome) error {
	p, err := lessons.LoadProgress(learnDir)
	if err != nil {
		return err
	}
	p.Record(l, outcomes)
	return p.Save(learnDir)
}

// testCommand is the `eddy test` command line of a check's run on seed.
func testCommand(l *lessons.Lesson, o lessons.Outcome, node ...string) string {
	c := l.Checks[o.Number-1]
	words := []string{"eddy", "test"}
	for _, w := range append(append(lessons.Flags(c.Options), node...), "--seed", fmt.Sprint(o.Seed)) {
		words = append(words, shellQuote(w))
	}
	return strings.Join(words, " ")
}

func workspaceCommands(l *lessons.Lesson) func(lessons.Outcome) []lessons.Command {
	ws := l.Workspace(learnDir)
	return func(o lessons.Outcome) []lessons.Command {
		p := l.Programs[l.Checks[o.Number-1].Program]
		cmds := []lessons.Command{{Label: "rerun", Line: fmt.Sprintf("eddy lesson check %d --only %d --seed %d", l.Number, o.Number, o.Seed)}}
		if o.Store != "" {
			cmds = append(cmds, lessons.Command{Label: "files", Line: o.Store},
				lessons.Command{Label: "see it", Line: tuiCommand(o.Store)})
		}
		// The same test with the node as a real process, as Maelstrom runs
		// it (in real time, so not this exact run).
		return append(cmds,
			lessons.Command{Label: "build", Line: fmt.Sprintf("go -C %s build -o %s .", shellQuote(ws), p.Workload)},
			lessons.Command{Label: "process", Line: testCommand(l, o, "--bin", l.BinPath(learnDir, l.Checks[o.Number-1].Program))})
	}
}

func binCommands(l *lessons.Lesson, req checkRequest) func(lessons.Outcome) []lessons.Command {
	return func(o lessons.Outcome) []lessons.Command {
		bin := req.bins[min(l.Checks[o.Number-1].Program, len(req.bins)-1)]
		cmds := []lessons.Command{{Label: "replay", Line: testCommand(l, o, "--bin", bin)}}
		if o.Store != "" {
			cmds = append(cmds, lessons.Command{Label: "files", Line: o.Store})
		}
		return cmds
	}
}

func referenceCommands(l *lessons.Lesson) func(lessons.Outcome) []lessons.Command {
	return func(o lessons.Outcome) []lessons.Command {
		ref := l.Programs[l.Checks[o.Number-1].Program].Reference
		return []lessons.Command{
			{Label: "replay", Line: testCommand(l, o, "--program", ref)},
			{Label: "see it", Line: strings.Replace(testCommand(l, o, "--program", ref), "eddy test", "eddy tui", 1)}, // the same flags
		}
	}
}
