package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/history"
)

// printSummary tells a person what happened, in a dozen lines: the verdict,
// what went wrong, the figures people grade by, and how to replay.
func printSummary(w io.Writer, res *sim.Result, replay, dir string) {
	verdict := strings.ToUpper(res.Valid.String())
	if res.Aborted != "" {
		verdict += " (aborted)"
	}
	fmt.Fprintf(w, "\n%s\n", verdict)
	if res.Aborted != "" {
		fmt.Fprintf(w, "  aborted: %s\n", res.Aborted)
	}
	s := res.Stats
	fmt.Fprintf(w, "  ops:       %d completed: %d ok, %d fail, %d info\n", s.Count, s.OKCount, s.FailCount, s.InfoCount)
	fmt.Fprintf(w, "  checkers:  stats %s, availability %s, net %s, workload %s\n",
		s.Verdict(), res.Availability.Verdict(), res.Net.Verdict(), res.Workload.Verdict())
	fmt.Fprintf(w, "  msgs/op:   %s all, %s servers\n", perOp(res.Net.All), perOp(res.Net.Servers))
	if q := latencyQuantiles(res.History); q != "" {
		fmt.Fprintf(w, "  latency:   %s\n", q)
	}
	for i, g := range groupProblems(res.Problems) {
		if i == 8 {
			fmt.Fprintln(w, "  … and more problems (results.json lists them all)")
			break
		}
		p := g.first
		who := p.Node
		if who == "" {
			who = "eddy"
		}
		times := ""
		if g.count > 1 {
			times = fmt.Sprintf(", %d times", g.count)
		}
		fmt.Fprintf(w, "  problem:   %s (%s) at %.3fs%s: %s\n", who, p.Kind, p.Time.Seconds(), times, firstLines(p.Text, 12))
	}
	fmt.Fprintf(w, "  run:       seed %d, %.1f s simulated in %.2f s (%s), %d events\n",
		res.Sim.Seed, res.Sim.SimulatedSeconds, res.Sim.WallSeconds, res.Sim.Mode, res.Sim.Events)
	fmt.Fprintf(w, "  trace:     %s\n", res.Sim.TraceHash)
	fmt.Fprintf(w, "  results:   %s\n", dir)
	for _, name := range slices.Sorted(maps.Keys(res.Files)) {
		fmt.Fprintf(w, "  picture:   %s\n", filepath.Join(dir, name))
	}
	fmt.Fprintf(w, "  replay:    %s\n", replay)
}

type problemGroup struct {
	first engine.Problem
	count int
}

// groupProblems folds repeats of one kind of problem from one node into
// one line: a node that prints garbage on every request says so once.
func groupProblems(problems []engine.Problem) []problemGroup {
	var groups []problemGroup
	index := map[[2]string]int{}
	for _, p := range problems {
		key := [2]string{p.Node, p.Kind}
		if i, ok := index[key]; ok {
			groups[i].count++
			continue
		}
		index[key] = len(groups)
		groups = append(groups, problemGroup{first: p, count: 1})
	}
	return groups
}

func perOp(n checker.NetStats) string {
	if n.MsgsPerOp == nil {
		return "-"
	}
	return fmt.Sprintf("%.2f", *n.MsgsPerOp)
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("… (%d more lines)", len(lines)-n))
	}
	return strings.Join(lines, "\n             ")
}

// latencyQuantiles summarizes how long ok operations took.
func latencyQuantiles(h history.History) string {
	var ds []time.Duration
	for _, p := range h.Pairs() {
		if p.Outcome() == history.OK {
			ds = append(ds, p.Completion.Time-p.Invoke.Time)
		}
	}
	if len(ds) == 0 {
		return ""
	}
	slices.Sort(ds)
	q := func(f float64) string { return ms(ds[int(f*float64(len(ds)-1))]) }
	return fmt.Sprintf("p50 %s, p95 %s, p99 %s, max %s (ok ops)", q(0.5), q(0.95), q(0.99), q(1))
}

// progressPrinter shows a run's progress on a terminal, at most once a
// wall-clock second; off a terminal it stays quiet, so logs stay clean.
func progressPrinter(stderr io.Writer) func(sim.Progress) {
	f, ok := stderr.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	var last time.Time
	return func(p sim.Progress) {
		if time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		fmt.Fprintf(stderr, "\r\033[K%-8s %6.1fs / %.0fs  %d ops  %d events  %d problems",
			p.Phase, p.Time.Seconds(), p.Limit.Seconds(), p.Ops, p.Events, p.Problem)
	}
}

// ms formats a duration in milliseconds, precise enough to compare.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.3gms", float64(d)/float64(time.Millisecond))
}
