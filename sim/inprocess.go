package sim

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/rng"
)

// inProcess runs Go node programs inside the world, in virtual time: the
// clock jumps from event to event, so a minute of simulated time takes as
// long as the events in it take to run.
type inProcess struct{}

func (inProcess) mode() string { return "in-process" }

func (inProcess) start(r *run) ([]engine.Node, error) {
	nodes := make([]engine.Node, len(r.o.Nodes))
	for i, id := range r.o.Nodes {
		var log io.Writer = io.Discard
		if r.o.NodeLog != nil {
			log = r.o.NodeLog(id)
		}
		nodes[i] = engine.NewServer(r.w, id, r.o.Node, rng.Stream(r.o.Seed, "node/"+id), engine.ServerConfig{
			OnCrash: func(id string, err error) { r.nodeCrashed(id, err.Error()) },
			OnLog: func(_ string, t time.Duration, line string) {
				fmt.Fprintf(log, "%s %s\n", stamp(t), line)
			},
		})
	}
	return nodes, nil
}

// stuckAfter is how many events may run without the clock moving before the
// run is declared stuck: a node re-arming a zero-delay timer forever would
// otherwise spin without end.
const stuckAfter = 5_000_000

func (inProcess) drive(ctx context.Context, w *engine.World, done func() bool) error {
	var last time.Duration
	still := 0
	for i := 0; !done(); i++ {
		if i%4096 == 0 && ctx.Err() != nil {
			return fmt.Errorf("interrupted at %v of simulated time", w.Now())
		}
		if !w.Step() {
			return fmt.Errorf("nothing left to simulate at %v, yet the run is not over", w.Now())
		}
		if w.Now() != last {
			last, still = w.Now(), 0
		} else if still++; still > stuckAfter {
			return fmt.Errorf("simulated time stopped at %v: %d events ran without the clock moving; "+
				"is a node re-arming a zero-delay timer or messaging itself in a loop?", w.Now(), stuckAfter)
		}
	}
	return nil
}

func (inProcess) stop() []engine.Problem { return nil }

// stamp formats a time since the start of the run as seconds.millis.
func stamp(t time.Duration) string {
	return strconv.FormatFloat(t.Seconds(), 'f', 3, 64)
}
