package workload

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Topologies lists the --topology names, as Maelstrom's.
var Topologies = []string{"grid", "line", "total", "tree", "tree2", "tree3", "tree4"}

// Topology computes Maelstrom's suggested neighbours for each node, over
// the nodes in order.
func Topology(name string, nodes []string) (map[string][]string, error) {
	top := make(map[string][]string, len(nodes))
	for _, id := range nodes {
		top[id] = []string{}
	}
	n := len(nodes)
	switch name {
	case "grid":
		// Row-major in a square of side ⌈√n⌉; neighbours below, above,
		// right, left, where those cells exist.
		side := int(math.Ceil(math.Sqrt(float64(n))))
		for i, id := range nodes {
			for _, j := range []int{i + side, i - side, i + 1, i - 1} {
				sameRow := j/side == i/side
				if j < 0 || j >= n || (j == i+1 || j == i-1) && !sameRow {
					continue
				}
				top[id] = append(top[id], nodes[j])
			}
		}
	case "line":
		for i, id := range nodes {
			if i > 0 {
				top[id] = append(top[id], nodes[i-1])
			}
			if i < n-1 {
				top[id] = append(top[id], nodes[i+1])
			}
		}
	case "total":
		for _, id := range nodes {
			for _, other := range nodes {
				if other != id {
					top[id] = append(top[id], other)
				}
			}
		}
	case "tree", "tree2", "tree3", "tree4":
		// Breadth-first into a tree of the given fan-out: parent first,
		// then children.
		fanout := 2
		if k, err := strconv.Atoi(strings.TrimPrefix(name, "tree")); err == nil {
			fanout = k
		}
		for i, id := range nodes {
			if i > 0 {
				top[id] = append(top[id], nodes[(i-1)/fanout])
			}
			for c := i*fanout + 1; c <= i*fanout+fanout && c < n; c++ {
				top[id] = append(top[id], nodes[c])
			}
		}
	default:
		return nil, fmt.Errorf("unknown topology %q (known: %s)", name, strings.Join(Topologies, ", "))
	}
	return top, nil
}
