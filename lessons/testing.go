package lessons

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/eddy-sim/eddy/nodes/node"
)

// Environment variables through which `eddy lesson check` talks to a
// workspace's go test.
const (
	// ReportEnv, when set, makes Check log each outcome as a line
	// "eddy-outcome: {json}" for eddy to read from go test -json.
	ReportEnv = "EDDY_LESSON_REPORT"
	// SeedEnv runs every check on this seed instead of its own.
	SeedEnv = "EDDY_LESSON_SEED"
	// WatchEnv makes Check run the lesson's teaching run instead of its
	// checks, and keep its files, for the visualizer.
	WatchEnv = "EDDY_LESSON_WATCH"
)

// outcomeMarker starts the line that carries an Outcome.
const outcomeMarker = "eddy-outcome: "

// Check runs lesson n's checks against the learner's programs (one per
// Lesson.Programs, in that order; most lessons take just Program), each as
// a subtest named like "02-five-nodes", in this process and
// deterministically. It is what a workspace's check_test.go calls:
//
//	func TestLesson(t *testing.T) { lessons.Check(t, 3, Program) }
//
// A failing check's files (results, history, trace, node logs) are kept
// under store/.
func Check(t *testing.T, n int, programs ...node.Program) {
	t.Helper()
	l, err := Get(n)
	if err != nil {
		t.Fatal(err)
	}
	if len(programs) != len(l.Programs) {
		t.Fatalf("lesson %d checks %d programs (%s), and %d were given", n, len(l.Programs), l.funcs(), len(programs))
	}
	ro := RunOptions{StoreDir: "store"}
	if s := os.Getenv(SeedEnv); s != "" {
		if ro.Seed, err = strconv.ParseUint(s, 10, 64); err != nil || ro.Seed == 0 {
			t.Fatalf("%s=%q: want a positive whole number", SeedEnv, s)
		}
	}
	report := os.Getenv(ReportEnv) != ""
	s := Subject{Programs: programs}
	for _, p := range l.Programs {
		// Traces name the program; the visualizer shows the name when it
		// cannot replay a program it was not built with.
		s.Names = append(s.Names, fmt.Sprintf("learn/%s.%s", l.Name(), p.Func))
	}
	if os.Getenv(WatchEnv) != "" {
		t.Run("watch", func(t *testing.T) {
			o := l.RunWatch(context.Background(), s, ro.Seed, ro.StoreDir)
			if report {
				b, _ := json.Marshal(o)
				t.Log(outcomeMarker + string(b))
			}
			t.Logf("the run's files: %s", o.Store)
		})
		return
	}
	for i, c := range l.Checks {
		t.Run(c.testName(i), func(t *testing.T) {
			t.Parallel()
			o := l.RunCheck(context.Background(), i, s, ro)
			if report {
				b, _ := json.Marshal(o)
				t.Log(outcomeMarker + string(b))
			}
			if !o.Passed {
				t.Error(o.text(c.testName(i)))
			}
		})
	}
}

func (l *Lesson) funcs() string {
	var names []string
	for _, p := range l.Programs {
		names = append(names, p.Func)
	}
	return strings.Join(names, ", ")
}

// text is a failed outcome for go test's output, where the commands that
// matter are go test's own.
func (o Outcome) text(testName string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "check %d failed: %s\n", o.Number, o.Says)
	fmt.Fprintf(&b, "why:    %s\n", o.Finding)
	if o.Figures != "" {
		fmt.Fprintf(&b, "figures: %s\n", o.Figures)
	}
	fmt.Fprintf(&b, "seed:   %d\n", o.Seed)
	fmt.Fprintf(&b, "replay: %s=%d go test -run 'TestLesson/%s'\n", SeedEnv, o.Seed, testName)
	if o.Store != "" {
		fmt.Fprintf(&b, "files:  %s\n", o.Store)
	}
	if o.Note != "" {
		fmt.Fprintf(&b, "note:   %s\n", o.Note)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
