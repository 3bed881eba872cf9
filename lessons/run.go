package lessons

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/store"
)

// Subject is the node under test: Go programs run in this process,
// deterministically, or executables run as real processes in real time.
type Subject struct {
	// Programs are Go programs, one per Lesson.Programs.
	Programs []node.Program
	// Names name them in traces: the catalog names of references, which
	// makes a run's trace the same as `eddy test --program`'s.
	Names []string
	// Bins are executables (any language, Maelstrom's protocol), one per
	// Lesson.Programs, or one for all of them.
	Bins []string
}

// Reference is the lesson's reference solution as a subject.
func (l *Lesson) Reference() Subject {
	s := Subject{Programs: l.References()}
	for _, p := range l.Programs {
		s.Names = append(s.Names, p.Reference)
	}
	return s
}

// options completes a check's run for one program of the subject.
func (s Subject) options(o sim.Options, program int, seed uint64) sim.Options {
	o.Seed = seed
	switch {
	case len(s.Bins) > 0:
		o.Bin = s.Bins[min(program, len(s.Bins)-1)]
	default:
		o.Node = s.Programs[program]
		if program < len(s.Names) {
			o.ProgramName = s.Names[program]
		}
	}
	return o
}

// RunOptions change how checks run.
type RunOptions struct {
	Seed uint64 // run every check on this seed instead of its own
	// StoreDir is where failing runs keep their files ("" for nowhere): the
	// latest few of each check, under StoreDir/<check>/.
	StoreDir string
}

// Outcome is how one check went. Its JSON travels from a workspace's go
// test to `eddy lesson check`.
type Outcome struct {
	Lesson  int    `json:"lesson"`
	Number  int    `json:"number"` // 1-based, as printed
	Name    string `json:"name"`
	Group   Group  `json:"group"`
	Says    string `json:"says"`
	Passed  bool   `json:"passed"`
	Finding string `json:"finding,omitempty"` // why it failed, in words
	Seed    uint64 `json:"seed"`              // the failing seed, or the last one that passed
	Figures string `json:"figures,omitempty"` // the targets' figures, for efficiency checks
	// Store is the failing run's directory (results, history, trace, node
	// logs), relative to where the check ran.
	Store string `json:"store,omitempty"`
	// Note is something else worth knowing, such as a replay that did not
	// reproduce.
	Note string `json:"note,omitempty"`
}

// Budgets that stop a run gone wild: a broadcast storm multiplies its
// messages at every hop and would exhaust memory long before its time is
// up. Honest lesson runs send at most a few hundred thousand messages
// (clients' included); a storm on a grid passes a million within a
// simulated second.
const (
	maxSends = 1_000_000
	maxWall  = 2 * time.Minute
)

// RunCheck runs check i of the lesson against s.
func (l *Lesson) RunCheck(ctx context.Context, i int, s Subject, ro RunOptions) Outcome {
	c := l.Checks[i]
	out := Outcome{Lesson: l.Number, Number: i + 1, Name: c.Name, Group: c.Group, Says: c.Says, Passed: true}
	for _, seed := range c.seeds(ro.Seed) {
		out.Seed = seed
		o := s.options(c.Options, c.Program, seed)
		// In process, a run is cheap and replays exactly: keep files only
		// for a failure, by running it again. A process run takes real
		// time: keep its files from the start, and drop them if it passes.
		root, keep := "", ""
		if ro.StoreDir != "" {
			keep = filepath.Join(ro.StoreDir, c.testName(i))
		}
		if o.Bin != "" {
			root = keep
		}
		r, err := execute(ctx, o, root)
		if err != nil {
			out.Passed, out.Finding = false, err.Error()
			return out
		}
		pass, finding, figures := judge(c, r.res, r.stopped)
		out.Figures = figures
		if pass {
			if r.dir != "" {
				os.RemoveAll(r.dir)
			}
			continue
		}
		out.Passed, out.Finding, out.Store = false, finding, r.dir
		if root == "" && keep != "" {
			out.Store, out.Note = replayStored(ctx, o, keep, r.res.Sim.TraceHash)
		}
		return out
	}
	return out
}

// RunWatch runs the lesson's teaching run (on its own seed, unless seed is
// set) against s, keeping its files under storeDir, for the visualizer.
func (l *Lesson) RunWatch(ctx context.Context, s Subject, seed uint64, storeDir string) Outcome {
	w := l.Watch
	if seed == 0 {
		seed = w.Options.Seed
	}
	out := Outcome{Lesson: l.Number, Name: "watch", Says: w.Look, Seed: seed, Passed: true}
	root := ""
	if storeDir != "" {
		root = filepath.Join(storeDir, "watch")
	}
	r, err := execute(ctx, s.options(w.Options, w.Program, seed), root)
	if err != nil {
		out.Passed, out.Finding = false, err.Error()
		return out
	}
	out.Store = r.dir
	if pass, finding, _ := judge(CheckSpec{}, r.res, r.stopped); !pass {
		out.Passed, out.Finding = false, finding
	}
	return out
}

// execution is a finished run: its result, why it was stopped early if it
// was, and its directory if it was recorded.
type execution struct {
	res     *sim.Result
	stopped string
	dir     string
}

// execute runs o within the budgets, recording it in a fresh run
// directory under root (if root is not "").
func execute(ctx context.Context, o sim.Options, root string) (execution, error) {
	ctx, cancel := context.WithTimeout(ctx, maxWall)
	defer cancel()
	var dir *store.Run
	if root != "" {
		var err error
		if dir, err = store.Create(root, o.Workload, time.Now()); err != nil {
			return execution{}, err
		}
		prune(filepath.Dir(dir.Dir), keepRuns)
		o.Trace, o.History, o.NodeLog = dir.Trace(), dir.History(), dir.NodeLog
	}
	budget := &sendBudget{out: o.Trace, left: maxSends, cancel: cancel}
	if budget.out == nil {
		budget.out = io.Discard
	}
	o.Trace = budget
	res, err := sim.Run(ctx, o)
	if err != nil {
		if dir != nil {
			dir.Close()
			os.RemoveAll(dir.Dir)
		}
		return execution{}, err
	}
	ex := execution{res: res}
	switch {
	case budget.left < 0:
		ex.stopped = fmt.Sprintf("the run was stopped at %.3fs of simulated time, after %d messages: "+
			"is every value forwarded again and again? (a node must remember what it has seen, and pass on only what is new)",
			res.Sim.SimulatedSeconds, maxSends)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		ex.stopped = fmt.Sprintf("the run was stopped after %v of wall time, at %.3fs of simulated time", maxWall, res.Sim.SimulatedSeconds)
	}
	if dir != nil {
		ex.dir = dir.Dir
		werr := dir.WriteResults(res)
		for _, name := range slices.Sorted(maps.Keys(res.Files)) {
			werr = errors.Join(werr, dir.WriteFile(name, res.Files[name]))
		}
		if err := errors.Join(werr, dir.Close()); err != nil {
			return ex, fmt.Errorf("writing %s: %w", dir.Dir, err)
		}
	}
	return ex, nil
}

// keepRuns is how many runs of one check a store keeps: a learner checks
// often, and a 25-node run's trace takes tens of megabytes.
const keepRuns = 3

// prune removes all but the newest keep run directories in dir, whose
// names are the times they were made.
func prune(dir string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var runs []string
	for _, e := range entries {
		if e.IsDir() {
			runs = append(runs, e.Name())
		}
	}
	slices.Sort(runs)
	for _, name := range runs[:max(0, len(runs)-keep)] {
		os.RemoveAll(filepath.Join(dir, name))
	}
}

// sendBudget passes the trace on, counting the messages sent, and stops
// the run (by cancelling its context) once they exceed the budget. The
// trace writer writes one line per call.
type sendBudget struct {
	out    io.Writer
	left   int
	cancel func()
}

var sendLine = []byte(`"ev":"send"`)

func (b *sendBudget) Write(p []byte) (int, error) {
	if bytes.Contains(p[:min(len(p), 48)], sendLine) {
		if b.left--; b.left == -1 {
			b.cancel()
		}
	}
	return b.out.Write(p)
}

// replayStored runs a failed in-process run again, this time keeping its
// files. A node program that depends only on what its *node.Node gives it
// replays exactly; one that does not (the wall clock, goroutines, map
// order) may not, and the note says so.
func replayStored(ctx context.Context, o sim.Options, root, hash string) (dir, note string) {
	r, err := execute(ctx, o, root)
	switch {
	case err != nil:
		return r.dir, "could not keep the run's files: " + err.Error()
	case r.res.Sim.TraceHash != hash:
		return r.dir, "replaying this seed gave a different run: your node depends on something the seed does not fix " +
			"(Go map iteration order, time.Now, goroutines, the global math/rand); take time and randomness from n.Now() and n.Rand(), and sort map keys"
	}
	return r.dir, ""
}

// judge decides a check from a run: passed or not, why not, and the
// figures its targets bound.
func judge(c CheckSpec, res *sim.Result, stopped string) (pass bool, finding, figures string) {
	var figs, misses []string
	for _, t := range c.Targets {
		v, ok := t.Metric.measure(res)
		if !ok {
			misses = append(misses, fmt.Sprintf("there is no %s to measure: no value was ever read back", t.Metric))
			continue
		}
		figs = append(figs, fmt.Sprintf("%s %s", t.Metric, t.Metric.format(v)))
		if v >= t.Below {
			misses = append(misses, fmt.Sprintf("%s was %s, and the target is under %s", t.Metric, t.Metric.format(v), t.Metric.bound(t.Below)))
		}
	}
	figures = strings.Join(figs, ", ")
	switch {
	case stopped != "":
		return false, stopped, figures
	case !validRun(res):
		return false, Explain(res), figures
	case len(misses) > 0:
		return false, strings.Join(misses, "; "), figures
	}
	return true, "", figures
}
