package txn

import (
	"encoding/json"
	"fmt"
	"strings"
)

// listText renders a list of atoms as JSON: [1,2,3].
func (th *txnHistory) listText(l []atom) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, e := range l {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(th.in.text[e])
	}
	b.WriteByte(']')
	return b.String()
}

func (th *txnHistory) listJSON(l []atom) json.RawMessage {
	return json.RawMessage(th.listText(l))
}

func (th *txnHistory) atomsJSON(l []atom) []json.RawMessage {
	out := make([]json.RawMessage, len(l))
	for i, e := range l {
		out[i] = th.in.json(e)
	}
	return out
}

// name returns the name of the i-th transaction of an anomaly: T1, T2, …
func name(i int) string { return fmt.Sprintf("T%d", i+1) }

// binding introduces an anomaly's transactions, as Elle's explanations
// begin.
func binding(ts []Txn) string {
	var b strings.Builder
	b.WriteString("Let:\n")
	for _, t := range ts {
		fmt.Fprintf(&b, "  %s = {\"index\": %d, \"process\": %d, \"type\": %q, \"value\": %s}\n",
			t.Name, t.Index, t.Process, t.Type, compact(t.Value))
	}
	return b.String()
}

// compact drops insignificant whitespace from JSON text.
func compact(v json.RawMessage) string {
	if len(v) == 0 {
		return "null"
	}
	var b strings.Builder
	inString, escaped := false, false
	for _, c := range string(v) {
		switch {
		case inString:
			b.WriteRune(c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
			b.WriteRune(c)
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// explainCycle turns a cycle into an anomaly: its transactions named from
// the earliest in the history round, each step explained, and a story in
// Elle's words.
func (a *analysis) explainCycle(c *cycle) Anomaly {
	// Rotate so that T1 is the earliest transaction.
	first := 0
	for i, v := range c.nodes {
		if v < c.nodes[first] {
			first = i
		}
	}
	n := len(c.nodes)
	nodes := make([]int32, n)
	kinds := make([]kind, n)
	for i := range n {
		nodes[i], kinds[i] = c.nodes[(first+i)%n], c.kinds[(first+i)%n]
	}
	an := Anomaly{Type: c.name, Txns: a.txns(nodes...)}
	var story strings.Builder
	story.WriteString(binding(an.Txns))
	story.WriteString("\nThen:\n")
	for i := range n {
		from, to := an.Txns[i].Name, an.Txns[(i+1)%n].Name
		why := a.explainStep(nodes[i], nodes[(i+1)%n], kinds[i], from, to)
		an.Steps = append(an.Steps, Step{From: from, To: to, Kind: kinds[i].String(), Explanation: why})
		line := fmt.Sprintf("%s < %s, because %s", from, to, why)
		if i == n-1 {
			fmt.Fprintf(&story, "  - However, %s: a contradiction!", line)
		} else {
			fmt.Fprintf(&story, "  - %s.\n", line)
		}
	}
	an.Explanation = story.String()
	return an
}

// explainStep says why a precedes b by a dependency of kind k.
func (a *analysis) explainStep(x, y int32, k kind, xn, yn string) string {
	tx, ty := &a.th.txns[x], &a.th.txns[y]
	switch k {
	case process:
		return fmt.Sprintf("process %d executed %s before %s", tx.process, xn, yn)
	case realtime:
		gap := "just"
		if d := ty.invTime - tx.compTime; d > 0 {
			gap = fmt.Sprintf("%.3f seconds", d.Seconds())
		}
		return fmt.Sprintf("%s completed at index %d, %s before the invocation of %s, at index %d",
			xn, tx.index, gap, yn, ty.invIndex)
	}
	if why, ok := a.explainData(x, y, k, xn, yn); ok {
		return why
	}
	return fmt.Sprintf("%s %s-depends on %s", yn, k, xn)
}
