package nemesis

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/eddy-sim/eddy/sim/engine"
)

// grudge maps a destination to the sources it no longer hears from, the way
// Maelstrom's history shows a partition.
type grudge map[string][]string

// partition cuts the network into a shape drawn at random. A symmetric
// partition cuts both directions of each link; a one-way partition only
// stops the chosen group from hearing the rest.
func (n *Nemesis) partition(r *rand.Rand, symmetric bool) (any, func()) {
	shapes := []string{"one", "majority", "minority-third", "majorities-ring"}
	if !symmetric {
		shapes = shapes[:3] // a ring is defined by who hears whom both ways
	}
	shape := shapes[r.IntN(len(shapes))]
	ids := n.c.IDs
	g := grudge{}
	if shape == "majorities-ring" {
		g = majoritiesRing(r, ids)
	} else {
		group := n.group(r, shape)
		for _, a := range ids {
			for _, b := range ids {
				inA, inB := slices.Contains(group, a), slices.Contains(group, b)
				if inA == inB {
					continue
				}
				if symmetric || inA { // one-way: only the group goes deaf
					g[a] = append(g[a], b)
				}
			}
		}
	}
	net := n.c.World.Network()
	for dest, srcs := range g {
		for _, src := range srcs {
			net.Cut(src, dest)
		}
	}
	stop := func() {
		for dest, srcs := range g {
			for _, src := range srcs {
				net.Uncut(src, dest)
			}
		}
	}
	return map[string]any{"shape": shape, "isolated": g}, stop
}

// group draws the nodes on one side of a partition of the given shape.
func (n *Nemesis) group(r *rand.Rand, shape string) []string {
	ids := shuffled(r, n.c.IDs)
	switch shape {
	case "one":
		return ids[:1]
	case "majority":
		return ids[:len(ids)/2]
	}
	return ids[:(len(ids)-1)/3] // minority-third
}

// majoritiesRing places the nodes on a shuffled ring; each hears itself and
// its nearest neighbours, a bare majority m = ⌊n/2⌋+1, and each a different
// one. With m odd the neighbourhood is symmetric (radius (m−1)/2); with m
// even one more successor is heard than predecessors, so with 3 nodes each
// hears itself and the next: n0 hears n1, n1 hears n2, n2 hears n0.
func majoritiesRing(r *rand.Rand, ids []string) grudge {
	ring := shuffled(r, ids)
	count := len(ring)
	m := count/2 + 1
	back, ahead := (m-1)/2, m-1-(m-1)/2
	g := grudge{}
	for i, dest := range ring {
		for j, src := range ring {
			fwd, bwd := (j-i+count)%count, (i-j+count)%count
			if fwd > ahead && bwd > back {
				g[dest] = append(g[dest], src)
			}
		}
	}
	return g
}

func shuffled(r *rand.Rand, ids []string) []string {
	s := slices.Clone(ids)
	r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	return s
}

// targets draws which nodes a kill, pause or skew hits, with Jepsen's
// choices: one node, a minority, a majority, all, or a random subset.
func (n *Nemesis) targets(r *rand.Rand) []engine.Node {
	ids := shuffled(r, n.c.IDs)
	majority := len(ids)/2 + 1
	sizes := []int{1, max(1, majority-1), majority, len(ids), r.IntN(len(ids)) + 1}
	group := ids[:sizes[r.IntN(len(sizes))]]
	slices.Sort(group)
	var nodes []engine.Node
	for i, id := range n.c.IDs {
		if slices.Contains(group, id) {
			nodes = append(nodes, n.c.Nodes[i])
		}
	}
	return nodes
}

func ids(nodes []engine.Node) []string {
	out := make([]string, len(nodes))
	for i, nd := range nodes {
		out[i] = nd.ID()
	}
	return out
}

func (n *Nemesis) kill(r *rand.Rand) (any, func()) {
	var killed []engine.Node
	for _, nd := range n.targets(r) {
		if !nd.Down() {
			nd.Kill()
			killed = append(killed, nd)
		}
	}
	return map[string]any{"nodes": ids(killed)}, func() {
		for _, nd := range killed {
			if nd.Down() {
				n.c.Restart(nd.ID())
			}
		}
	}
}

func (n *Nemesis) pause(r *rand.Rand) (any, func()) {
	paused := n.targets(r)
	for _, nd := range paused {
		nd.Pause()
	}
	return map[string]any{"nodes": ids(paused)}, func() {
		for _, nd := range paused {
			nd.Resume()
		}
	}
}

func (n *Nemesis) skew(r *rand.Rand) (any, func()) {
	skews := map[string]time.Duration{}
	var skewed []engine.Node
	for _, nd := range n.targets(r) {
		d := time.Duration(r.Int64N(int64(2*n.interval)+1)) - n.interval
		if err := nd.SetSkew(d); err == nil {
			skews[nd.ID()] = d
			skewed = append(skewed, nd)
		}
	}
	return map[string]any{"skews": skews}, func() {
		for _, nd := range skewed {
			_ = nd.SetSkew(0)
		}
	}
}
