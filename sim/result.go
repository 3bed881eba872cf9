package sim

import (
	"encoding/json"
	"time"

	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/history"
	"github.com/eddy-sim/eddy/sim/workload"
)

// Result is a finished (or aborted) run. Its JSON is results.json: the keys
// of Maelstrom's results.edn, plus "sim" and, when something went wrong,
// "problems" and "aborted".
type Result struct {
	Valid        checker.Validity
	Stats        checker.StatsResult
	Availability checker.AvailabilityResult
	Net          checker.NetResult
	Workload     checker.Result
	Sim          SimInfo
	Problems     []engine.Problem
	Aborted      string // why the run stopped early, if it did
	Crashed      bool   // a node died on its own
	History      history.History
	// Files are extra artefacts for the run's directory, by name: pictures
	// and reports a checker made to explain its verdict.
	Files map[string][]byte
}

// SimInfo describes the run itself.
type SimInfo struct {
	Seed             uint64  `json:"seed"`
	SimulatedSeconds float64 `json:"simulated-seconds"`
	WallSeconds      float64 `json:"wall-seconds"`
	Events           int64   `json:"events"`
	TraceHash        string  `json:"trace-hash"`
	Mode             string  `json:"mode"`
}

// MarshalJSON writes results.json.
func (res *Result) MarshalJSON() ([]byte, error) {
	m := map[string]any{
		"valid?":       res.Valid,
		"stats":        res.Stats,
		"net":          res.Net,
		"workload":     res.Workload,
		"sim":          res.Sim,
		"availability": res.Availability,
	}
	if len(res.Problems) > 0 {
		m["problems"] = res.Problems
	}
	if res.Aborted != "" {
		m["aborted"] = res.Aborted
	}
	return json.Marshal(m)
}

func (r *run) result() (*Result, error) {
	hash, traceErr := r.w.Trace().Close()
	res := &Result{
		Stats:    checker.Stats(r.hist, workload.Crash), // crashes never succeed, by design
		Workload: r.wl.Check(r.hist),
		Problems: r.problems,
		Aborted:  r.aborted,
		Crashed:  r.crashed,
		History:  r.hist,
		Sim: SimInfo{
			Seed: r.o.Seed, SimulatedSeconds: r.w.Now().Seconds(), WallSeconds: time.Since(r.wallStart).Seconds(),
			Events: r.w.Events(), TraceHash: hash, Mode: r.back.mode(),
		},
	}
	res.Net = checker.Net(checker.NetCounts{
		Clients: checker.Counts{Sends: r.w.Clients.Sends, Recvs: r.w.Clients.Recvs, Msgs: r.w.Clients.Sends},
		Servers: checker.Counts{Sends: r.w.Servers.Sends, Recvs: r.w.Servers.Recvs, Msgs: r.w.Servers.Sends},
	}, checker.Invocations(r.hist))
	// The option was validated before the run, so this cannot fail.
	res.Availability, _ = checker.Availability(r.hist, r.o.Availability)
	verdicts := []checker.Validity{res.Stats.Verdict(), res.Net.Verdict(), res.Workload.Verdict(), res.Availability.Verdict()}
	if res.Aborted != "" || res.Crashed {
		verdicts = append(verdicts, checker.Unknown)
	}
	res.Valid = checker.Worst(verdicts...)
	if a, ok := res.Workload.(checker.Artifacts); ok {
		res.Files = a.Artifacts()
	}
	if traceErr != nil {
		res.Problems = append(res.Problems, engine.Problem{Kind: "trace", Text: traceErr.Error()})
	}
	return res, nil
}
