package txn_test

import (
	"context"
	"testing"
	"time"

	"github.com/eddy-sim/eddy/nodes/txn"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	txncheck "github.com/eddy-sim/eddy/sim/checker/txn"
)

// BenchmarkListAppendRun is the whole of
//
//	eddy test -w txn-list-append --rate 1000 --time-limit 20
//
// with the reference node: Maelstrom's defaults otherwise (five nodes,
// one client each, strict serializability). It reports the run's wall
// time, the checker's (measured again on the run's history) and its
// share of the run.
func BenchmarkListAppendRun(b *testing.B) {
	var run, check time.Duration
	ops := 0
	for b.Loop() {
		start := time.Now()
		res, err := sim.Run(context.Background(), sim.Options{Workload: "txn-list-append", Node: txn.Program,
			TimeLimit: 20 * time.Second, Rate: 1000, Seed: 1})
		run += time.Since(start)
		if err != nil || res.Valid != checker.Valid {
			b.Fatalf("%v %v", err, res.Valid)
		}
		start = time.Now()
		if r := txncheck.CheckListAppend(res.History, txncheck.Options{}); r.Valid != checker.Valid {
			b.Fatal(r)
		}
		check += time.Since(start)
		ops = res.Stats.Count
	}
	n := float64(b.N)
	b.ReportMetric(float64(ops), "txns")
	b.ReportMetric(run.Seconds()/n, "run-s")
	b.ReportMetric(check.Seconds()/n, "check-s")
	b.ReportMetric(100*check.Seconds()/run.Seconds(), "check-%")
}
