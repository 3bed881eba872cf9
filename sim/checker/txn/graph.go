package txn

import "slices"

// graph is a directed graph over transactions (or versions) in compressed
// sparse row form: node v's edges are to[off[v]:off[v+1]], sorted by
// target, each labelled with the set of kinds of dependency between the
// two. There are no self-edges.
type graph struct {
	off   []int32
	to    []int32
	kinds []kind
}

func (g *graph) n() int { return len(g.off) - 1 }

// edges returns v's targets and their kinds.
func (g *graph) edges(v int32) ([]int32, []kind) {
	a, b := g.off[v], g.off[v+1]
	return g.to[a:b], g.kinds[a:b]
}

// kindsOf returns the kinds of the edge from a to b (0 if none).
func (g *graph) kindsOf(a, b int32) kind {
	to, ks := g.edges(a)
	if i, ok := slices.BinarySearch(to, b); ok {
		return ks[i]
	}
	return 0
}

// edgeBuilder collects edges, packed as from<<34 | to<<5 | kind, so that
// sorting groups them by source and target.
type edgeBuilder struct {
	n     int
	edges []uint64
}

const (
	kindBits = 5
	nodeBits = 29
	nodeMask = 1<<nodeBits - 1
)

func (b *edgeBuilder) add(from, to int32, k kind) {
	if from == to || from < 0 || to < 0 {
		return
	}
	b.edges = append(b.edges, uint64(from)<<(nodeBits+kindBits)|uint64(to)<<kindBits|uint64(k))
}

// build sorts and merges the edges into a graph.
func (b *edgeBuilder) build() *graph {
	slices.Sort(b.edges)
	g := &graph{off: make([]int32, b.n+1)}
	for i := 0; i < len(b.edges); {
		e := b.edges[i]
		from := int32(e >> (nodeBits + kindBits))
		to := int32(e >> kindBits & nodeMask)
		var k kind
		for ; i < len(b.edges) && b.edges[i]>>kindBits == e>>kindBits; i++ {
			k |= kind(b.edges[i] & (1<<kindBits - 1))
		}
		g.to = append(g.to, to)
		g.kinds = append(g.kinds, k)
		g.off[from+1]++
	}
	for v := 1; v <= b.n; v++ {
		g.off[v] += g.off[v-1]
	}
	return g
}

// sccs computes the strongly connected components of g restricted to
// edges having a kind in mask, with Tarjan's algorithm run iteratively
// (histories are too long for recursion). It returns each node's
// component and the number of components; components with two or more
// nodes are the nontrivial ones, there being no self-edges.
func sccs(g *graph, mask kind) (comp []int32, count int) {
	n := g.n()
	comp = make([]int32, n)
	index := make([]int32, n)
	low := make([]int32, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int32
	onStack := make([]bool, n)
	type frame struct {
		v    int32
		next int32 // position in g.to of the next edge to look at
	}
	var calls []frame
	next := int32(0)
	for root := range int32(n) {
		if index[root] >= 0 {
			continue
		}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		calls = append(calls, frame{root, g.off[root]})
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			v := f.v
			descended := false
			for end := g.off[v+1]; f.next < end; {
				e := f.next
				f.next++
				if g.kinds[e]&mask == 0 {
					continue
				}
				w := g.to[e]
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					calls = append(calls, frame{w, g.off[w]})
					descended = true
					break
				}
				if onStack[w] && index[w] < low[v] {
					low[v] = index[w]
				}
			}
			if descended {
				continue
			}
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = int32(count)
					if w == v {
						break
					}
				}
				count++
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				u := calls[len(calls)-1].v
				if low[v] < low[u] {
					low[u] = low[v]
				}
			}
		}
	}
	return comp, count
}

// components groups nodes by component, keeping only the nontrivial
// components; each lists its nodes in increasing order, and the
// components come in order of their smallest node.
func components(comp []int32, count int) [][]int32 {
	sizes := make([]int32, count)
	for _, c := range comp {
		sizes[c]++
	}
	slot := make([]int32, count)
	for i := range slot {
		slot[i] = -1
	}
	var out [][]int32
	for v, c := range comp {
		if sizes[c] < 2 {
			continue
		}
		if slot[c] < 0 {
			slot[c] = int32(len(out))
			out = append(out, make([]int32, 0, sizes[c]))
		}
		out[slot[c]] = append(out[slot[c]], int32(v))
	}
	return out
}

// subgraph returns the graph induced by nodes (sorted), renumbered 0…,
// with only edges of kinds in mask.
func subgraph(g *graph, nodes []int32, mask kind) *graph {
	local := make(map[int32]int32, len(nodes))
	for i, v := range nodes {
		local[v] = int32(i)
	}
	s := &graph{off: make([]int32, len(nodes)+1)}
	for i, v := range nodes {
		to, ks := g.edges(v)
		for j, w := range to {
			if k := ks[j] & mask; k != 0 {
				if lw, ok := local[w]; ok {
					s.to = append(s.to, lw)
					s.kinds = append(s.kinds, k)
				}
			}
		}
		s.off[i+1] = int32(len(s.to))
	}
	return s
}
