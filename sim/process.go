package sim

import (
	"context"
	"io"

	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/host"
)

// processBackend runs each node as a real process speaking Maelstrom's
// protocol on stdin/stdout, in real time.
type processBackend struct {
	cluster *host.Cluster
}

func newProcessBackend() *processBackend { return &processBackend{} }

func (*processBackend) mode() string { return "process" }

func (b *processBackend) start(r *run) ([]engine.Node, error) {
	nodeLog := r.o.NodeLog
	if nodeLog == nil {
		nodeLog = func(string) io.Writer { return io.Discard }
	}
	c, err := host.Start(r.w, r.o.Nodes, host.Config{
		Bin:       r.o.Bin,
		Args:      r.o.Args,
		NodeLog:   nodeLog,
		OnProblem: func(p engine.Problem) { r.problems = append(r.problems, p) },
		OnCrash:   r.nodeCrashed,
	})
	if err != nil {
		return nil, err
	}
	b.cluster = c
	return c.Nodes(), nil
}

func (b *processBackend) drive(ctx context.Context, w *engine.World, done func() bool) error {
	return b.cluster.Drive(ctx, done)
}

func (b *processBackend) stop() []engine.Problem {
	if b.cluster == nil {
		return nil
	}
	return b.cluster.Stop()
}
