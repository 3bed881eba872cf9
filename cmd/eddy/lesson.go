package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/charmbracelet/glamour"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/eddy-sim/eddy/lessons"
)

// learnDir is where workspaces and progress live, under the current
// directory.
const learnDir = "learn"

const lessonUsage = `Usage:
  eddy lesson list                     the lessons, and how far you are
  eddy lesson start N                  make your workspace: learn/NN-name/
  eddy lesson show N                   the lesson's text
  eddy lesson check N [flags]          grade your node: --only K, --seed S, --bin PROGRAM (repeatable), --reference,
                                       --maelstrom (print the checks as maelstrom test commands instead)
  eddy lesson hint N                   a hint for the first failing check; more as it keeps failing
  eddy lesson watch N [flags]          the visualizer on the lesson's key moment: --reference, --bug, --seed S
`

func cmdLesson(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, lessonUsage)
		return exitUsage
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, lessonUsage)
		return exitValid
	}
	if args[0] == "list" {
		return lessonList(stdout, stderr)
	}
	fs := pflag.NewFlagSet("eddy lesson "+args[0], pflag.ContinueOnError)
	fs.SetOutput(stderr)
	only := fs.Int("only", 0, "run only check K")
	seed := fs.Uint64("seed", 0, "run on this seed instead of the lesson's own")
	bins := fs.StringArray("bin", nil, "check this executable (any language) instead of your Go workspace")
	reference := fs.Bool("reference", false, "the reference solution instead of your node")
	bug := fs.Bool("bug", false, "watch: the planted bug the teaching run exposes")
	maelstrom := fs.Bool("maelstrom", false, "check: print the checks as maelstrom test commands instead of running them")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 1 {
		if err == nil {
			fmt.Fprintf(stderr, "eddy lesson %s: want one lesson number\n", args[0])
		}
		fmt.Fprint(stderr, lessonUsage)
		return exitUsage
	}
	l, err := lessons.Parse(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "eddy lesson:", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch args[0] {
	case "start":
		return lessonStart(l, stdout, stderr)
	case "show":
		return printMarkdown(stdout, l.Document())
	case "check":
		if *maelstrom {
			return lessonMaelstrom(l, *bins, *reference, stdout, stderr)
		}
		return lessonCheck(ctx, l, checkRequest{only: *only, seed: *seed, bins: *bins, reference: *reference}, stdout, stderr)
	case "hint":
		return lessonHint(l, stdout, stderr)
	case "watch":
		return lessonWatch(ctx, l, *reference, *bug, *seed, stdout, stderr)
	}
	fmt.Fprintf(stderr, "eddy lesson: unknown command %q\n\n%s", args[0], lessonUsage)
	return exitUsage
}

func lessonList(stdout, stderr io.Writer) int {
	p, err := lessons.LoadProgress(learnDir)
	if err != nil {
		fmt.Fprintln(stderr, "eddy lesson:", err)
		return exitCrash
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tLESSON\tSTATUS\tCHECKS PASSED")
	next := ""
	for _, l := range lessons.All() {
		s := p.Status(l, learnDir)
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\n", l.Number, l.Title, s, s.Passed, s.Total)
		switch {
		case next != "" || s.Done():
		case s.Started:
			next = fmt.Sprintf("eddy lesson check %d", l.Number)
		default:
			next = fmt.Sprintf("eddy lesson start %d", l.Number)
		}
	}
	tw.Flush()
	if next != "" {
		fmt.Fprintln(stdout, "\nNext:", next)
	}
	return exitValid
}

func lessonStart(l *lessons.Lesson, stdout, stderr io.Writer) int {
	root, err := lessons.EddyRoot()
	if err != nil {
		fmt.Fprintln(stderr, "eddy lesson start:", err)
		return exitCrash
	}
	res, err := l.Start(learnDir, root)
	if err != nil {
		fmt.Fprintln(stderr, "eddy lesson start:", err)
		return exitCrash
	}
	fmt.Fprintf(stdout, "Lesson %d · %s: your workspace is %s\n", l.Number, l.Title, res.Dir)
	switch {
	case len(res.Kept) == 0:
		fmt.Fprintf(stdout, "  node.go        your node: start here (the TODOs say what to write)\n")
		fmt.Fprintf(stdout, "  README.md      the lesson (also: eddy lesson show %d)\n", l.Number)
		fmt.Fprintf(stdout, "  main.go        your node as a Maelstrom binary\n")
		fmt.Fprintf(stdout, "  check_test.go  the graded checks, run by eddy lesson check %d (or go test)\n", l.Number)
		fmt.Fprintf(stdout, "  go.mod         builds against the Eddy checkout at %s, offline\n", root)
	case len(res.Created) == 0:
		fmt.Fprintf(stdout, "It already exists with every file: nothing changed, your work is untouched.\n")
	default:
		fmt.Fprintf(stdout, "It already exists: kept %s as they were; added the missing %s.\n",
			strings.Join(res.Kept, ", "), strings.Join(res.Created, ", "))
	}
	fmt.Fprintf(stdout, "\nNext: read the lesson (eddy lesson show %d), edit node.go, then: eddy lesson check %d\n", l.Number, l.Number)
	return exitValid
}

func lessonHint(l *lessons.Lesson, stdout, stderr io.Writer) int {
	p, err := lessons.LoadProgress(learnDir)
	if err != nil {
		fmt.Fprintln(stderr, "eddy lesson hint:", err)
		return exitCrash
	}
	h := l.Hints(p.Lessons[l.Name()])
	var b strings.Builder
	switch {
	case h.AllPass:
		fmt.Fprintf(&b, "Every check of lesson %d passed on its last run: no hint needed. Try `eddy lesson watch %d`, or the next lesson.\n", l.Number, l.Number)
	case h.Check == 0:
		fmt.Fprintf(&b, "No check of lesson %d has failed yet (`eddy lesson check %d` runs them). A first hint:\n\n", l.Number, l.Number)
	default:
		c := l.Checks[h.Check-1]
		fmt.Fprintf(&b, "Check %d (%s) has failed %s: %s\n\n", h.Check, c.Name, times(h.Failures), c.Says)
	}
	for i, text := range h.Shown {
		fmt.Fprintf(&b, "### Hint %d of %d\n\n%s\n\n", i+1, h.Total, text)
	}
	if h.Check > 0 && len(h.Shown) < h.Total {
		fmt.Fprintf(&b, "The next hint comes if this check fails again.\n")
	}
	return printMarkdown(stdout, b.String())
}

func lessonWatch(ctx context.Context, l *lessons.Lesson, reference, bug bool, seed uint64, stdout, stderr io.Writer) int {
	w := l.Watch
	if seed == 0 {
		seed = w.Options.Seed
	}
	fmt.Fprintf(stdout, "Lesson %d · %s — what to look for:\n%s\n\n", l.Number, l.Title, w.Look)
	if reference || bug {
		program := l.Programs[w.Program].Reference
		if bug {
			program = w.Bug
		}
		args := append(lessons.Flags(w.Options), "--program", program, "--seed", fmt.Sprint(seed))
		return runTUI(args, stdout, stderr)
	}
	ws := l.Workspace(learnDir)
	if _, err := os.Stat(ws); err != nil {
		fmt.Fprintf(stderr, "eddy lesson watch: no workspace %s yet: eddy lesson start %d makes it (or watch the reference: --reference)\n", ws, l.Number)
		return exitUsage
	}
	// Eddy cannot load the learner's Go code, so the workspace runs it and
	// keeps the run's files, and the visualizer opens those.
	fmt.Fprintf(stderr, "Running your node in %s on the teaching run …\n", ws)
	res, err := l.GoTest(ctx, ws, lessons.GoTestOptions{Watch: true, Seed: seed})
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "eddy lesson watch:", err)
		return exitCrash
	case res.Failure != "" || len(res.Outcomes) == 0:
		fmt.Fprintf(stdout, "Your node in %s did not build, or its test died:\n\n%s\n", ws, res.Failure)
		return exitInvalid
	}
	o := res.Outcomes[0]
	if !o.Passed {
		fmt.Fprintf(stdout, "This run is not valid with your node: %s\n", o.Finding)
	}
	return runTUI([]string{filepath.Join(ws, o.Store)}, stdout, stderr)
}

// runTUI opens the visualizer (eddy tui) on a terminal; anywhere else it
// prints the command that would.
func runTUI(args []string, stdout, stderr io.Writer) int {
	if _, tty := terminal(stdout); tty {
		return cmdTUI(args, stdout, stderr)
	}
	fmt.Fprintf(stdout, "Open it in the visualizer, on a terminal:\n  %s\n", tuiCommand(args...))
	if len(args) == 1 {
		fmt.Fprintf(stdout, "The run's files are in %s: results.json, history.jsonl, trace.jsonl, node-logs/.\n", args[0])
	}
	return exitValid
}

// tuiCommand is the visualizer's command line: eddy test's flags, or a
// stored run's directory.
func tuiCommand(args ...string) string {
	words := []string{"eddy", "tui"}
	for _, a := range args {
		words = append(words, shellQuote(a))
	}
	return strings.Join(words, " ")
}

// terminal returns w's file descriptor if w is a terminal.
func terminal(w io.Writer) (int, bool) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0, false
	}
	return int(f.Fd()), true
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

// printMarkdown renders markdown for a terminal with glamour, and writes it
// as it is anywhere else (a pipe, a file, a test).
func printMarkdown(w io.Writer, md string) int {
	fd, ok := terminal(w)
	if !ok {
		fmt.Fprint(w, md)
		return exitValid
	}
	width, _, err := term.GetSize(fd)
	if err != nil || width <= 0 {
		width = 80
	}
	r, err := glamour.NewTermRenderer(glamour.WithEnvironmentConfig(), glamour.WithWordWrap(min(width, 100)))
	if err == nil {
		var out string
		if out, err = r.Render(md); err == nil {
			fmt.Fprint(w, out)
			return exitValid
		}
	}
	fmt.Fprint(w, md) // a rendering problem should not hide the lesson
	return exitValid
}
