package txn

// Search flags, tracked per BFS state.
const (
	flagRW2  = 1 << iota // two or more rw edges so far
	flagLast             // the latest edge was rw
	flagAdj              // two rw edges in a row seen
	flagWR               // a wr edge seen
	flagVar              // a process or realtime edge seen
	nFlags   = 1 << iota
)

// searcher looks for cycles within one strongly connected component.
type searcher struct {
	g      *graph  // the component, renumbered
	nodes  []int32 // component-local node → transaction
	parent []int32 // BFS state → previous state
	cls    []kind  // BFS state → kind of the edge taken into it
	seen   []uint32
	stamp  uint32
	queue  []int32
	budget *int // transitions left for searches beyond the first
	// cutShort lists the specs whose search ran out of budget without
	// finding anything.
	cutShort []string
}

// newSearcher prepares to search the component g, whose nodes are the
// given transactions.
func newSearcher(g *graph, nodes []int32, budget *int) *searcher {
	n := g.n() * nFlags
	return &searcher{
		g: g, nodes: nodes, budget: budget,
		parent: make([]int32, n), cls: make([]kind, n), seen: make([]uint32, n),
	}
}

// find returns the shortest cycle matching spec found from the candidate
// start edges, or nil. Candidates are edges of kind spec.start whose ends
// lie in one component of the subgraph of allowed kinds; for G0 and G1c
// (and their variants), whose cycles have only allowed kinds, every
// candidate closes a cycle. The first candidate is always searched;
// further ones (for a shorter witness, or when the first had none) only
// while the budget lasts.
func (s *searcher) find(spec cycleSpec) *cycle {
	comp, _ := sccs(s.g, spec.allowed)
	var best *cycle
	tried, candidates := 0, 0
	for u := range int32(s.g.n()) {
		to, ks := s.g.edges(u)
		for j, v := range to {
			if ks[j]&spec.start == 0 || comp[u] != comp[v] {
				continue
			}
			candidates++
			if tried > 0 && *s.budget <= 0 {
				continue
			}
			tried++
			c := s.bfs(spec, u, v, ks[j]&spec.start)
			if c != nil && (best == nil || len(c.nodes) < len(best.nodes)) {
				best = c
				if len(best.nodes) == 2 {
					return best
				}
			}
		}
	}
	if best == nil && tried < candidates {
		s.cutShort = append(s.cutShort, spec.name)
	}
	return best
}

// bfs searches breadth-first for the shortest path from v back to u that,
// after the edge u→v (taken as kind first), makes a cycle satisfying spec.
// States are (node, flags) pairs.
func (s *searcher) bfs(spec cycleSpec, u, v int32, first kind) *cycle {
	s.stamp++
	first = pickKind(first, spec)
	var f0 int32
	switch first {
	case rw:
		f0 = flagLast
	case wr:
		f0 = flagWR
	case process, realtime:
		f0 = flagVar
	}
	start := v*nFlags + f0
	s.seen[start], s.parent[start], s.cls[start] = s.stamp, -1, first
	s.queue = append(s.queue[:0], start)
	for head := 0; head < len(s.queue); head++ {
		st := s.queue[head]
		x, f := st/nFlags, st%nFlags
		to, ks := s.g.edges(x)
		*s.budget -= len(to)
		for j, y := range to {
			avail := ks[j] & spec.allowed
			if avail == 0 {
				continue
			}
			for _, c := range classes(avail) {
				nf, ok := step(spec, f, c)
				if !ok {
					continue
				}
				ns := y*nFlags + nf
				if s.seen[ns] == s.stamp {
					continue
				}
				s.seen[ns], s.parent[ns], s.cls[ns] = s.stamp, st, c
				if y == u {
					if accepts(spec, nf) {
						return s.walk(spec, u, ns)
					}
					continue // never pass through u
				}
				s.queue = append(s.queue, ns)
			}
		}
	}
	return nil
}

// pickKind chooses one kind from a set for an edge's label: data kinds
// over process over realtime, wr over ww (a wr edge is what G1c needs, and
// is the easier to read), and either over rw.
func pickKind(k kind, spec cycleSpec) kind {
	for _, c := range []kind{wr, ww, rw, process, realtime} {
		if k&c != 0 && spec.allowed&c != 0 {
			return c
		}
	}
	return 0
}

// classes returns the distinct ways an edge with kinds avail may be taken:
// as a non-rw data edge, as rw, or as a process or realtime edge.
func classes(avail kind) []kind {
	var buf [3]kind
	out := buf[:0]
	switch {
	case avail&wr != 0:
		out = append(out, wr)
	case avail&ww != 0:
		out = append(out, ww)
	}
	if avail&rw != 0 {
		out = append(out, rw)
	}
	switch {
	case avail&process != 0:
		out = append(out, process)
	case avail&realtime != 0:
		out = append(out, realtime)
	}
	return out
}

// step returns the flags after taking an edge of kind c, or false if the
// spec forbids it.
func step(spec cycleSpec, f int32, c kind) (int32, bool) {
	switch c {
	case rw:
		if spec.rw == noRW || spec.rw == oneRW {
			return 0, false // the start edge was the one rw edge
		}
		nf := f | flagRW2 | flagLast
		if f&flagLast != 0 {
			if spec.rw == nonadjacent {
				return 0, false
			}
			nf |= flagAdj
		}
		return nf, true
	case wr:
		return f&^flagLast | flagWR, true
	case ww:
		return f &^ flagLast, true
	default:
		return f&^flagLast | flagVar, true
	}
}

// accepts reports whether arriving back at the start with flags f closes
// a cycle of the spec's kind. The start edge is rw for specs with rw
// edges, so a final rw edge is adjacent to it.
func accepts(spec cycleSpec, f int32) bool {
	if spec.needWR && f&flagWR == 0 || spec.needVar && f&flagVar == 0 {
		return false
	}
	switch spec.rw {
	case nonadjacent:
		return f&flagRW2 != 0 && f&flagLast == 0
	case adjacent:
		return f&flagRW2 != 0 && (f&flagAdj != 0 || f&flagLast != 0)
	}
	return true
}

// walk rebuilds the cycle ending in state end, and checks it: a closed
// walk that visits a node twice is split into simple cycles, and the
// first whose type is the spec's is returned.
func (s *searcher) walk(spec cycleSpec, u, end int32) *cycle {
	var nodes []int32
	var kinds []kind
	for st := end; st >= 0; st = s.parent[st] {
		nodes = append(nodes, s.nodes[st/nFlags])
		kinds = append(kinds, s.cls[st])
	}
	// nodes runs backwards from u (at the end state) to v; the kind
	// recorded at each state is that of the edge into it.
	n := len(nodes)
	c := &cycle{nodes: make([]int32, n), kinds: make([]kind, n)}
	c.nodes[0] = s.nodes[u]
	c.kinds[0] = kinds[n-1] // u → v, the start edge
	for i := 1; i < n; i++ {
		c.nodes[i] = nodes[n-i]
		c.kinds[i] = kinds[n-1-i]
	}
	for _, simple := range simpleCycles(c) {
		if cycleType(simple.kinds) == spec.name {
			simple.name = spec.name
			return simple
		}
	}
	return nil
}

// simpleCycles splits a closed walk into simple cycles.
func simpleCycles(c *cycle) []*cycle {
	var out []*cycle
	work := []*cycle{c}
	for len(work) > 0 {
		w := work[len(work)-1]
		work = work[:len(work)-1]
		at := map[int32]int{}
		split := false
		for i, v := range w.nodes {
			if j, ok := at[v]; ok {
				inner := &cycle{nodes: w.nodes[j:i], kinds: w.kinds[j:i]}
				outer := &cycle{
					nodes: append(append([]int32{}, w.nodes[:j]...), w.nodes[i:]...),
					kinds: append(append([]kind{}, w.kinds[:j]...), w.kinds[i:]...),
				}
				work = append(work, outer, inner)
				split = true
				break
			}
			at[v] = i
		}
		if !split {
			out = append(out, w)
		}
	}
	return out
}

// anyCycle returns some cycle through the component, whatever its kind:
// the fallback when budgeted searches found nothing.
func (s *searcher) anyCycle() *cycle {
	spec := cycleSpec{allowed: data | variant, rw: adjacent}
	for u := range int32(s.g.n()) {
		to, ks := s.g.edges(u)
		if len(to) == 0 {
			continue
		}
		s.stamp++
		first := pickKind(ks[0], spec)
		v := to[0]
		start := v * nFlags
		s.seen[start], s.parent[start], s.cls[start] = s.stamp, -1, first
		s.queue = append(s.queue[:0], start)
		for head := 0; head < len(s.queue); head++ {
			st := s.queue[head]
			x := st / nFlags
			xs, xks := s.g.edges(x)
			for j, y := range xs {
				ns := y * nFlags
				if s.seen[ns] == s.stamp {
					continue
				}
				s.seen[ns], s.parent[ns], s.cls[ns] = s.stamp, st, pickKind(xks[j], spec)
				if y == u {
					c := s.walkAny(u, ns)
					if c.name != "" {
						return c
					}
					continue
				}
				s.queue = append(s.queue, ns)
			}
		}
	}
	return nil
}

// walkAny rebuilds and names the cycle ending in state end.
func (s *searcher) walkAny(u, end int32) *cycle {
	var nodes []int32
	var kinds []kind
	for st := end; st >= 0; st = s.parent[st] {
		nodes = append(nodes, s.nodes[st/nFlags])
		kinds = append(kinds, s.cls[st])
	}
	n := len(nodes)
	c := &cycle{nodes: make([]int32, n), kinds: make([]kind, n)}
	c.nodes[0], c.kinds[0] = s.nodes[u], kinds[n-1]
	for i := 1; i < n; i++ {
		c.nodes[i], c.kinds[i] = nodes[n-i], kinds[n-1-i]
	}
	c.name = cycleType(c.kinds)
	return c
}
