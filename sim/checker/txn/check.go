package txn

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

// config is Options resolved: defaults filled in and edges derived.
type config struct {
	models     []string
	prohibited map[string]bool
	process    bool // add process edges
	realtime   bool // add realtime edges
	wfr        bool
	sequential bool
	linear     bool
	budget     int
	max        int
}

// resolve fills in defaults, checks names, and derives what to forbid
// and which order edges to add.
func resolve(opts Options) (config, error) {
	c := config{
		models:     opts.ConsistencyModels,
		process:    opts.ProcessEdges,
		realtime:   opts.RealtimeEdges,
		wfr:        !opts.NoWFRKeys,
		sequential: opts.SequentialKeys,
		linear:     opts.LinearizableKeys,
		budget:     opts.CycleSearchBudget,
		max:        opts.MaxExplained,
	}
	if len(c.models) == 0 {
		c.models = []string{"strict-serializable"}
	}
	if err := ParseModels(c.models); err != nil {
		return c, err
	}
	for _, an := range opts.Anomalies {
		if !knownAnomaly(an) {
			return c, fmt.Errorf("unknown anomaly %q", an)
		}
	}
	if c.budget <= 0 {
		c.budget = DefaultCycleSearchBudget
	}
	if c.max == 0 {
		c.max = DefaultMaxExplained
	}
	c.prohibited = prohibited(c.models, opts.Anomalies)
	// As in Elle: realtime edges if any realtime anomaly matters, else
	// process edges if any process anomaly does. Processes being
	// single-threaded, realtime order covers process order.
	for an := range c.prohibited {
		if strings.HasSuffix(an, "-realtime") {
			c.realtime = true
		}
	}
	if !c.realtime {
		for an := range c.prohibited {
			if strings.HasSuffix(an, "-process") {
				c.process = true
			}
		}
	}
	return c, nil
}

// analysis is one check in progress.
type analysis struct {
	cfg    config
	th     *txnHistory
	b      *edgeBuilder
	found  []Anomaly
	cycles []*cycle
	// explainData says why a precedes b by a ww, wr or rw dependency.
	explainData func(a, b int32, k kind, an, bn string) (string, bool)
}

func (a *analysis) add(an Anomaly) { a.found = append(a.found, an) }

// txns describes transactions for an anomaly, naming them T1, T2, …
func (a *analysis) txns(ids ...int32) []Txn {
	out := make([]Txn, len(ids))
	for i, id := range ids {
		out[i] = a.th.render(&a.th.txns[id], name(i))
	}
	return out
}

// check runs the pipeline common to both workloads: parse, infer
// (analyze), add session and real-time order, search for cycles, judge.
func check(h history.History, opts Options, w workload, analyze func(*analysis)) Result {
	cfg, err := resolve(opts)
	if err != nil {
		return Result{Valid: checker.Unknown, Error: err.Error()}
	}
	th := parse(h, w)
	th.validate()
	a := &analysis{cfg: cfg, th: th, b: &edgeBuilder{n: len(th.txns)}}
	a.found = append(a.found, th.malformed...)
	analyze(a)
	if cfg.process {
		processEdges(th.txns, a.b)
	}
	if cfg.realtime {
		realtimeEdges(th.txns, events(th.txns), a.b)
	}
	g := a.b.build()
	a.b = nil
	if len(g.to) == 0 {
		a.add(Anomaly{Type: aEmptyGraph,
			Explanation: "No dependencies between transactions could be inferred, so nothing could be checked."})
	}
	cycles, timeouts := searchCycles(g, cfg.budget)
	a.cycles = cycles
	a.found = append(a.found, timeouts...)
	return a.result()
}

// result judges and reports: every anomaly type found, up to cfg.max
// explained anomalies of each (shortest cycles first), the verdict, and
// the models ruled out.
func (a *analysis) result() Result {
	byType := map[string][]Anomaly{}
	for _, an := range a.found {
		byType[an.Type] = append(byType[an.Type], an)
	}
	cyclesByType := map[string][]*cycle{}
	for _, c := range a.cycles {
		cyclesByType[c.name] = append(cyclesByType[c.name], c)
	}
	for _, t := range sortedKeys(cyclesByType) {
		cs := cyclesByType[t]
		slices.SortStableFunc(cs, func(x, y *cycle) int {
			return cmp.Or(cmp.Compare(len(x.nodes), len(y.nodes)), cmp.Compare(slices.Min(x.nodes), slices.Min(y.nodes)))
		})
		if a.cfg.max > 0 && len(cs) > a.cfg.max {
			cs = cs[:a.cfg.max]
		}
		for _, c := range cs {
			byType[t] = append(byType[t], a.explainCycle(c))
		}
	}
	r := Result{Valid: checker.Valid}
	if len(byType) == 0 {
		return r
	}
	r.AnomalyTypes = sortedKeys(byType)
	r.Anomalies = map[string][]Anomaly{}
	for _, t := range r.AnomalyTypes {
		list := byType[t]
		if a.cfg.max > 0 && len(list) > a.cfg.max {
			list = list[:a.cfg.max]
		}
		r.Anomalies[t] = list
		switch {
		case a.cfg.prohibited[t]:
			r.Valid = checker.Invalid
		case slices.Contains(unknownAnomalies, t):
			r.Valid = checker.Worst(r.Valid, checker.Unknown)
		}
	}
	r.Not, r.AlsoNot = boundary(r.AnomalyTypes)
	return r
}
