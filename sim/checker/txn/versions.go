package txn

import (
	"fmt"
	"slices"
	"strings"

	"github.com/eddy-sim/eddy/sim/history"
)

// A register's version order cannot be read off its values, as a list's
// can. It is inferred, per key, from these sources, each added in turn
// and dropped for a key if it would make that key's order cyclic (which is
// then reported as cyclic-versions), as Elle does:
//
//   - initial-state: null, the initial state, precedes every version.
//   - wfr-keys: within a transaction, a write follows what the transaction
//     last read or wrote of that key (writes follow reads). On by default,
//     as in Maelstrom.
//   - sequential-keys: each key is sequentially consistent, so the versions
//     a process sees of it only move forward.
//   - linearizable-keys: each key is linearizable, so the versions of
//     transactions ordered in real time only move forward.

// verPair is an edge v1 < v2 of a key's version order.
type verPair struct{ v1, v2 atom }

// verEdge is a version order edge of key number k.
type verEdge struct {
	k      int32
	v1, v2 atom
}

// versionGraphs is the accepted version order of each key.
type versionGraphs struct {
	perKey [][]verPair
}

// each calls f for every edge, key by key.
func (vg *versionGraphs) each(f func(k int32, v1, v2 atom)) {
	for k, ps := range vg.perKey {
		for _, p := range ps {
			f(int32(k), p.v1, p.v2)
		}
	}
}

// has reports whether v1 < v2 is an edge of key k's version order.
func (vg *versionGraphs) has(k int32, v1, v2 atom) bool {
	if int(k) >= len(vg.perKey) {
		return false
	}
	return slices.Contains(vg.perKey[k], verPair{v1, v2})
}

// initialFanout bounds null's edges per key: with more null readers ×
// versions than this, null precedes only the versions that nothing else
// precedes (which keeps the order's reachability, but can lengthen
// witness cycles) rather than every version, as Elle has it.
const initialFanout = 4096

// inferVersions builds every key's version order.
func inferVersions(a *analysis, x *regIndex) *versionGraphs {
	type source struct {
		name  string
		edges []verEdge
	}
	var sources []source
	if a.cfg.wfr {
		sources = append(sources, source{"wfr-keys", wfrEdges(x)})
	}
	if a.cfg.sequential {
		sources = append(sources, source{"sequential-keys", sequentialEdges(x)})
	}
	if a.cfg.linear {
		sources = append(sources, source{"linearizable-keys", linearizableEdges(x)})
	}
	n := len(x.kAtom)
	vg := &versionGraphs{perKey: make([][]verPair, n)}
	byKey := make([][][]verPair, len(sources)) // source → key → edges
	for s, src := range sources {
		byKey[s] = make([][]verPair, n)
		for _, e := range src.edges {
			byKey[s][e.k] = append(byKey[s][e.k], verPair{e.v1, e.v2})
		}
	}
	in := x.th.in
	for k := range n {
		names := []string{"initial-state"}
		for s, src := range sources {
			es := byKey[s][k]
			if len(es) == 0 {
				continue
			}
			cand := append(slices.Clone(vg.perKey[k]), es...)
			if cyc := versionCycle(cand); cyc != nil {
				texts := make([]string, len(cyc)+1)
				for i, v := range cyc {
					texts[i] = in.text[v]
				}
				texts[len(cyc)] = in.text[cyc[0]]
				a.add(Anomaly{
					Type: aCyclicVersions, Key: in.json(x.kAtom[k]), Values: x.th.atomsJSON(cyc),
					Sources: append(slices.Clone(names), src.name),
					Explanation: fmt.Sprintf("Inferring the version order of key %s from %s makes it cyclic: %s.",
						in.text[x.kAtom[k]], strings.Join(append(slices.Clone(names), src.name), ", "), strings.Join(texts, " < ")),
				})
				continue
			}
			vg.perKey[k] = cand
			names = append(names, src.name)
		}
	}
	x.initialEdges(vg)
	return vg
}

// initialEdges adds null < v edges for keys someone read as null.
func (x *regIndex) initialEdges(vg *versionGraphs) {
	versions := make([][]atom, len(x.kAtom))
	seen := map[uint64]bool{}
	note := func(k int32, v atom) {
		if p := pair(k, v); v != null && !seen[p] {
			seen[p] = true
			versions[k] = append(versions[k], v)
		}
	}
	for i := range x.th.txns {
		t := &x.th.txns[i]
		for _, m := range t.mops {
			if (m.f == fWrite && t.committed()) || (m.f == fRead && m.known) {
				note(x.key(m.key), m.val)
			}
		}
	}
	for k, vs := range versions {
		readers := len(x.readers[pair(int32(k), null)])
		if readers == 0 {
			continue
		}
		preceded := map[atom]bool{}
		if readers*len(vs) > initialFanout {
			for _, p := range vg.perKey[k] {
				if p.v1 != null {
					preceded[p.v2] = true
				}
			}
		}
		for _, v := range vs {
			if !preceded[v] {
				vg.perKey[k] = append(vg.perKey[k], verPair{null, v})
			}
		}
	}
}

// versionCycle returns a cycle of versions in edges (an edge into null,
// which precedes everything, makes one), or nil.
func versionCycle(edges []verPair) []atom {
	for _, e := range edges {
		if e.v2 == null && e.v1 != null {
			return []atom{null, e.v1}
		}
	}
	local := map[atom]int32{}
	var names []atom
	id := func(v atom) int32 {
		if i, ok := local[v]; ok {
			return i
		}
		local[v] = int32(len(names))
		names = append(names, v)
		return local[v]
	}
	b := &edgeBuilder{}
	for _, e := range edges {
		b.add(id(e.v1), id(e.v2), ww)
	}
	b.n = len(names)
	g := b.build()
	comp, count := sccs(g, ww)
	cs := components(comp, count)
	if len(cs) == 0 {
		return nil
	}
	s := newSearcher(subgraph(g, cs[0], ww), cs[0], new(int))
	c := s.anyCycle()
	out := make([]atom, len(c.nodes))
	for i, v := range c.nodes {
		out[i] = names[v]
	}
	return out
}

// wfrEdges: within each ok transaction, a write of a key follows the
// value the transaction last read or wrote of it.
func wfrEdges(x *regIndex) []verEdge {
	var out []verEdge
	for i := range x.th.txns {
		t := &x.th.txns[i]
		if t.typ != history.OK {
			continue
		}
		for j, m := range t.mops {
			if m.f != fWrite {
				continue
			}
			for l := j - 1; l >= 0; l-- {
				p := t.mops[l]
				if p.key != m.key || !(p.f == fWrite || (p.f == fRead && p.known)) {
					continue
				}
				if p.val != null && p.val != m.val {
					out = append(out, verEdge{x.key(m.key), p.val, m.val})
				}
				break
			}
		}
	}
	return out
}

// usable reports whether a micro-op says which version it saw or made.
func usable(m *mop) bool { return m.f == fWrite || (m.f == fRead && m.known) }

// sequentialEdges: the last version of a key a process's ok transaction
// saw or made precedes the first version its next transaction touching
// the key sees or makes.
func sequentialEdges(x *regIndex) []verEdge {
	type pk struct {
		p int
		k atom
	}
	last := map[pk]atom{}
	var out []verEdge
	for i := range x.th.txns {
		t := &x.th.txns[i]
		if t.typ != history.OK {
			continue
		}
		for j := range t.mops {
			m := &t.mops[j]
			if !usable(m) {
				continue
			}
			id := pk{t.process, m.key}
			if firstOnKey(t.mops, j) {
				if prev, ok := last[id]; ok && prev != m.val && prev != null {
					out = append(out, verEdge{x.key(m.key), prev, m.val})
				}
			}
			last[id] = m.val
		}
	}
	return out
}

// linearizableEdges: when T1 completed before T2 was invoked, the last
// version of a key T1 saw or made precedes the first T2 sees or makes.
// Per key, a frontier of transactions (as for realtime edges) keeps this
// to O(n × concurrency) edges. Info transactions count by their writes,
// and precede nothing.
func linearizableEdges(x *regIndex) []verEdge {
	txns := x.th.txns
	ends := func(t *txn, k atom) (first, last atom, ok bool) {
		for j := range t.mops {
			m := &t.mops[j]
			if m.key != k || !usable(m) {
				continue
			}
			if !ok {
				first, ok = m.val, true
			}
			last = m.val
		}
		return first, last, ok
	}
	frontier := map[atom][]int32{}
	var out []verEdge
	for _, e := range events(txns) {
		t := &txns[e.t]
		for j := range t.mops {
			m := &t.mops[j]
			if !usable(m) || !firstOnKey(t.mops, j) {
				continue
			}
			if !e.complete {
				first, _, _ := ends(t, m.key)
				for _, f := range frontier[m.key] {
					if _, last, ok := ends(&txns[f], m.key); ok && last != first && last != null {
						out = append(out, verEdge{x.key(m.key), last, first})
					}
				}
				continue
			}
			if t.typ != history.OK {
				continue
			}
			kept := frontier[m.key][:0]
			for _, f := range frontier[m.key] {
				if txns[f].compPos > t.invPos {
					kept = append(kept, f)
				}
			}
			frontier[m.key] = append(kept, e.t)
		}
	}
	return out
}
