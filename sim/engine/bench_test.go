package engine

import (
	"io"
	"testing"
	"time"

	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim/network"
	"github.com/eddy-sim/eddy/sim/rng"
	"github.com/eddy-sim/eddy/sim/trace"
)

func newBenchWorld(ids []string) *World {
	tr := trace.NewWriter(io.Discard, trace.Header{Eddy: "bench"})
	net := network.New(network.Config{Latency: time.Millisecond, Dist: network.Uniform}, ids, rng.Stream(1, "network"))
	return NewWorld(net, tr)
}

// BenchmarkScheduler measures the event queue alone: 1,000 pending events,
// each of which schedules another.
func BenchmarkScheduler(b *testing.B) {
	w := newBenchWorld(nil)
	r := rng.Stream(1, "bench")
	var tick func()
	tick = func() { w.After(time.Duration(r.IntN(1000))*time.Microsecond, tick) }
	for range 1000 {
		w.After(time.Duration(r.IntN(1000))*time.Microsecond, tick)
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		w.Step()
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}

// pingPong is two nodes bouncing a small body: every delivery is a decode
// into a struct and an encode of the reply, as in a real handler.
func pingPong(n *node.Node) {
	type ball struct {
		Type  string `json:"type"`
		Count int    `json:"count"`
		Pad   []int  `json:"pad"`
	}
	n.Handle("ball", func(msg node.Message) error {
		var b ball
		if err := msg.Decode(&b); err != nil {
			return err
		}
		b.Count++
		return n.Send(msg.Src, b)
	})
	if n.ID() == "n0" {
		for range 100 {
			_ = n.Send("n1", ball{Type: "ball", Pad: []int{1, 2, 3, 4, 5, 6, 7, 8}})
		}
	}
}

// BenchmarkDelivery measures delivered messages per second through two
// in-process nodes, serialization, network, trace and hash included.
func BenchmarkDelivery(b *testing.B) {
	ids := []string{"n0", "n1"}
	w := newBenchWorld(ids)
	var servers []*Server
	for _, id := range ids {
		servers = append(servers, NewServer(w, id, pingPong, rng.Stream(1, id), ServerConfig{}))
	}
	for _, s := range servers {
		s.check(s.n.Deliver("c0", []byte(`{"type":"init","msg_id":1,"node_id":"`+s.id+`","node_ids":["n0","n1"]}`)))
	}
	w.Register("c0", sink{})
	b.ResetTimer()
	start := time.Now()
	delivered := w.Servers.Recvs
	for range b.N {
		w.Step()
	}
	b.ReportMetric(float64(w.Servers.Recvs-delivered)/time.Since(start).Seconds(), "msgs/s")
}

type sink struct{}

func (sink) Deliver(*Packet) {}
