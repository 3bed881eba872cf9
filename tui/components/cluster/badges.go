package cluster

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/eddy-sim/eddy/sim"
)

// badges are the short "key:value" labels of a node's box, from its
// exposed state's top-level keys in the order the program wrote them
// (Raft's role, term and commit first, say): scalars as they are, lists
// and objects by size.
func badges(n sim.NodeState) []string {
	var out []string
	switch {
	case n.Down:
		return []string{"✗ down"}
	case n.Paused:
		out = append(out, "‖ paused")
	}
	if n.Skew != 0 {
		out = append(out, "skew"+signed(n.Skew))
	}
	return append(out, stateBadges(n.State)...)
}

func signed(d time.Duration) string {
	if d > 0 {
		return "+" + d.Round(time.Millisecond).String()
	}
	return d.Round(time.Millisecond).String()
}

func stateBadges(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return []string{short(string(raw))}
	}
	var out []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			break
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			break
		}
		out = append(out, fmt.Sprintf("%s:%s", k, short(describe(v))))
	}
	return out
}

func describe(v any) string {
	switch v := v.(type) {
	case []any:
		return fmt.Sprintf("[%d]", len(v))
	case map[string]any:
		return fmt.Sprintf("{%d}", len(v))
	case nil:
		return "-"
	}
	return fmt.Sprint(v)
}

func short(s string) string {
	if r := []rune(s); len(r) > 10 {
		return string(r[:9]) + "…"
	}
	return s
}

// pack fills lines of width w with badges, as many as fit on each.
func pack(bs []string, w, lines int) []string {
	var out []string
	cur := ""
	for _, b := range bs {
		switch {
		case cur == "":
			cur = b
		case len([]rune(cur))+1+len([]rune(b)) <= w:
			cur += " " + b
		default:
			out = append(out, cur)
			cur = b
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	if len(out) > lines {
		out = out[:lines]
	}
	return out
}

// groups finds the sides of a partition: nodes that hear each other both
// ways, directly or through others, are on one side. It returns each
// node's side (all 0 when nothing is cut) and how many links are cut one
// way only.
func groups(ids []string, cut func(a, b string) bool) (side map[string]int, sides, oneWay int) {
	parent := make([]int, len(ids))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, a := range ids {
		for j, b := range ids {
			ab, ba := cut(a, b), cut(b, a)
			if i < j && ab != ba {
				oneWay++
			}
			if !ab && !ba {
				parent[find(i)] = find(j)
			}
		}
	}
	side = map[string]int{}
	label := map[int]int{}
	for i, id := range ids {
		r := find(i)
		if _, ok := label[r]; !ok {
			label[r] = len(label)
		}
		side[id] = label[r]
	}
	return side, len(label), oneWay
}

// groupNames lists each side's nodes: "A n0 n1 · B n2 n3 n4".
func groupNames(ids []string, side map[string]int, sides int) string {
	parts := make([]string, sides)
	for g := range parts {
		parts[g] = string(rune('A' + g))
	}
	for _, id := range ids {
		parts[side[id]] += " " + id
	}
	return strings.Join(parts, " · ")
}
