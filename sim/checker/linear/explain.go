package linear

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/eddy-sim/eddy/sim/history"
)

// explain searches key k again, keeping partial linearizations, draws the
// key into r's files and says where the longest linearization found ends:
// nil if this second search ran out of time.
func (r *Result) explain(k *keyHistory, m porcupine.Model, timeout time.Duration) *Stuck {
	verdict, info := porcupine.CheckOperationsVerbose(m, k.ops, timeout)
	if verdict != porcupine.Illegal {
		return nil
	}
	var html bytes.Buffer
	if err := porcupine.Visualize(m, info, &html); err != nil {
		return nil // only a bad model makes it fail; the verdict stands
	}
	path := "independent/" + dirName(k.text) + "/linear.html"
	if r.files == nil {
		r.files = map[string][]byte{}
	}
	r.files[path] = html.Bytes()

	longest := longestOf(info.PartialLinearizations()[0]) // one partition: the key
	done := make([]bool, len(k.ops))
	var state any = null
	for _, id := range longest {
		done[id] = true
		_, state = step(state, k.ops[id].Input, k.ops[id].Output)
	}
	// The stuck operation completed ok: if every ok one were linearized,
	// the open ones could follow in any order, and the key would be valid.
	stuck := -1
	for id, op := range k.ops {
		if !done[id] && (stuck < 0 || op.Return < k.ops[stuck].Return) {
			stuck = id
		}
	}
	return &Stuck{
		Linearized: len(longest),
		State:      json.RawMessage(k.vals.text[state.(atom)]),
		Op:         *k.ops[stuck].Metadata.(history.Pair).Completion,
		Picture:    path,
	}
}

// longestOf returns the longest of porcupine's partial linearizations, the
// first in lexicographic order among equals: porcupine returns them from a
// map, in no fixed order.
func longestOf(partials [][]int) []int {
	var best []int
	for _, p := range partials {
		if len(p) > len(best) || (len(p) == len(best) && slices.Compare(p, best) < 0) {
			best = p
		}
	}
	return best
}

// dirName makes a key's JSON text a directory name: a string key without
// its quotes, and anything but letters, digits, '.', '-' and '_' as '_'.
func dirName(keyText string) string {
	var s string
	if json.Unmarshal([]byte(keyText), &s) != nil {
		s = keyText
	}
	name := strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
			return r
		}
		return '_'
	}, s)
	if name == "" || name == "." || name == ".." {
		name = "_" + name
	}
	return name
}
