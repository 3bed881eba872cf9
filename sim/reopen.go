package sim

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/trace"
)

// headerOptions is the trace header's "options" object as traceOptions
// writes it; the two must list the same keys.
type headerOptions struct {
	Workload          string   `json:"workload"`
	Nodes             []string `json:"nodes"`
	TimeLimit         float64  `json:"time-limit"`
	Rate              float64  `json:"rate"`
	Concurrency       int      `json:"concurrency"`
	Latency           int64    `json:"latency"`
	LatencyDist       string   `json:"latency-dist"`
	Loss              float64  `json:"loss"`
	Duplicate         float64  `json:"duplicate"`
	Nemesis           []string `json:"nemesis"`
	NemesisInterval   float64  `json:"nemesis-interval"`
	Recovery          float64  `json:"recovery"`
	Topology          string   `json:"topology"`
	Availability      string   `json:"availability"`
	KeyCount          int      `json:"key-count"`
	MaxTxnLength      int      `json:"max-txn-length"`
	MaxWritesPerKey   int      `json:"max-writes-per-key"`
	ConsistencyModels []string `json:"consistency-models"`
	Program           string   `json:"program"`
	Bin               string   `json:"bin"`
	Args              []string `json:"args"`
}

// OptionsFromHeader rebuilds a run's options from its trace header, so a
// stored run can be replayed. For an in-process run the program is named
// (ProgramName) but not set (Node): the caller looks the name up. For a
// process-mode run Bin and Args are set, though replaying real processes
// is not exact.
func OptionsFromHeader(h trace.Header) (Options, error) {
	var ho headerOptions
	if err := json.Unmarshal(h.Options, &ho); err != nil {
		return Options{}, fmt.Errorf("trace header options: %w", err)
	}
	secs := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
	return Options{
		Workload: ho.Workload, ProgramName: ho.Program, Bin: ho.Bin, Args: ho.Args,
		Nodes: ho.Nodes, TimeLimit: secs(ho.TimeLimit), Rate: ho.Rate, Concurrency: ho.Concurrency,
		Latency: time.Duration(ho.Latency) * time.Millisecond, LatencyDist: network.Dist(ho.LatencyDist),
		Loss: ho.Loss, Duplicate: ho.Duplicate,
		Nemesis: ho.Nemesis, NemesisInterval: secs(ho.NemesisInterval), Recovery: secs(ho.Recovery),
		Topology: ho.Topology, Availability: ho.Availability, KeyCount: ho.KeyCount,
		MaxTxnLength: ho.MaxTxnLength, MaxWritesPerKey: ho.MaxWritesPerKey,
		ConsistencyModels: ho.ConsistencyModels,
		Seed:              h.Seed,
	}, nil
}
