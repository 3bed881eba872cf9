package txn

import "fmt"

// cycle is a witness: nodes[i] precedes nodes[i+1] (and the last node
// precedes the first) by a dependency of kind kinds[i].
type cycle struct {
	name  string
	nodes []int32
	kinds []kind
}

// rwRule is what a cycle anomaly asks of its rw edges.
type rwRule uint8

const (
	noRW        rwRule = iota // none
	oneRW                     // exactly one
	nonadjacent               // two or more, no two in a row
	adjacent                  // two or more, some two in a row
)

// cycleSpec describes one cycle anomaly to search for.
type cycleSpec struct {
	name    string
	allowed kind // the kinds of edge the cycle may use
	start   kind // every such cycle has an edge of this kind; search starts there
	rw      rwRule
	needWR  bool // needs a wr edge (besides the start)
	needVar bool // needs a process or realtime edge (besides the start)
}

// cycleSpecs lists the cycle anomalies in the order Elle searches for
// them (most severe first): pure data cycles, then their -process
// variants, then their -realtime variants. Variants are only searched
// when the graph has such edges.
func cycleSpecs(edges kind) []cycleSpec {
	base := []cycleSpec{
		{name: aG0, allowed: ww, start: ww},
		{name: aG1c, allowed: ww | wr, start: wr},
		{name: aGSingleItem, allowed: data, start: rw, rw: oneRW},
		{name: aGNonadjacentItem, allowed: data, start: rw, rw: nonadjacent},
		{name: aG2Item, allowed: data, start: rw, rw: adjacent},
	}
	specs := base
	for _, v := range []struct {
		suffix string
		kinds  kind // allowed
		start  kind // the kind that makes the variant
	}{{"-process", process, process}, {"-realtime", variant, realtime}} {
		if edges&v.kinds == 0 || (v.suffix == "-realtime" && edges&realtime == 0) {
			continue
		}
		for _, s := range base {
			s.name += v.suffix
			s.allowed |= v.kinds & edges
			if s.rw == noRW {
				// Start at the process or realtime edge; G1c still needs
				// its wr edge.
				s.needWR = s.start == wr
				s.start = v.start
			} else {
				s.needVar = true
			}
			specs = append(specs, s)
		}
	}
	return specs
}

// searchCycles finds witness cycles in g: for each nontrivial strongly
// connected component, the shortest it can find of each cycle anomaly,
// most severe first, skipping anomalies implied by one already found
// there (Elle's approach). Every component yields at least one cycle.
// Searches cut short for lack of budget are reported as one
// cycle-search-timeout per anomaly type, unless that type (or one implying
// it) was found elsewhere, which would make the search moot.
func searchCycles(g *graph, budget int) (found []*cycle, timeouts []Anomaly) {
	var edges kind
	for _, k := range g.kinds {
		edges |= k
	}
	specs := cycleSpecs(edges)
	implied := map[string]map[string]bool{}
	for _, s := range specs {
		implied[s.name] = impliedClosure([]string{s.name})
	}
	cut := map[string]*cutStats{}
	var cutOrder []string
	comp, count := sccs(g, data|variant)
	for _, nodes := range components(comp, count) {
		s := newSearcher(subgraph(g, nodes, data|variant), nodes, &budget)
		skip := map[string]bool{}
		n := len(found)
		for _, spec := range specs {
			if skip[spec.name] {
				continue
			}
			if c := s.find(spec); c != nil {
				found = append(found, c)
				for a := range implied[spec.name] {
					skip[a] = true
				}
			}
		}
		if len(found) == n {
			if c := s.anyCycle(); c != nil {
				found = append(found, c)
			}
		}
		for _, name := range s.cutShort {
			if cut[name] == nil {
				cut[name] = &cutStats{}
				cutOrder = append(cutOrder, name)
			}
			cut[name].components++
			cut[name].largest = max(cut[name].largest, len(nodes))
		}
	}
	var names []string
	for _, c := range found {
		names = append(names, c.name)
	}
	moot := impliedClosure(names)
	for _, name := range cutOrder {
		if moot[name] {
			continue
		}
		c := cut[name]
		timeouts = append(timeouts, Anomaly{
			Type: aSearchTimeout,
			Explanation: fmt.Sprintf("The search for %s ran out of budget in %d strongly connected component(s), the largest of %d transactions, before trying every starting edge: there may be %s anomalies it did not find.",
				name, c.components, c.largest, name),
		})
	}
	return found, timeouts
}

type cutStats struct{ components, largest int }
