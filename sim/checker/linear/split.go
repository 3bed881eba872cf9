package linear

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/anishathalye/porcupine"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim/history"
)

// keyHistory is one key's operations, ready for porcupine.
type keyHistory struct {
	text    string // the key's canonical JSON
	vals    *values
	ops     []porcupine.Operation // Metadata: the history.Pair
	open    int                   // operations whose outcome is unknown
	clients map[int]int           // process → porcupine's client id: 0, 1, … per key
}

var fns = map[string]fn{"read": read, "write": write, "cas": cas}

// split turns a history into its keys' operations, in key order. Each
// operation's interval is the indices of its invocation and completion;
// open ones end after the last entry.
func split(h history.History) ([]*keyHistory, error) {
	byKey := map[string]*keyHistory{}
	end := int64(len(h))
	for _, p := range h.Pairs() {
		inv, outcome := p.Invoke, p.Outcome()
		f, ok := fns[inv.F]
		if !ok {
			return nil, fmt.Errorf("operation %d: %q is not read, write or cas", inv.Index, inv.F)
		}
		if outcome == history.Fail || (f == read && outcome != history.OK) {
			continue // did not happen, or changed nothing and told nothing
		}
		keyRaw, arg, err := tuple(inv.Value)
		if err != nil {
			return nil, fmt.Errorf("operation %d: %w", inv.Index, err)
		}
		keyText, err := wire.Canonical(keyRaw)
		if err != nil {
			return nil, fmt.Errorf("operation %d: key %s: %w", inv.Index, keyRaw, err)
		}
		k := byKey[keyText]
		if k == nil {
			k = &keyHistory{text: keyText, vals: newValues(), clients: map[int]int{}}
			byKey[keyText] = k
		}
		op := porcupine.Operation{Call: int64(inv.Index), Return: end, Metadata: p}
		in := input{f: f, open: outcome != history.OK}
		switch f {
		case read:
			_, v, err := tuple(p.Completion.Value)
			if err == nil {
				op.Output, err = k.intern(v)
			}
			if err != nil {
				return nil, fmt.Errorf("operation %d: read: %w", p.Completion.Index, err)
			}
		case write:
			in.arg, err = k.intern(arg)
		case cas:
			var from, to json.RawMessage
			if from, to, err = tuple(arg); err == nil {
				if in.arg, err = k.intern(from); err == nil {
					in.to, err = k.intern(to)
				}
			}
		}
		if err != nil {
			return nil, fmt.Errorf("operation %d: %s: %w", inv.Index, inv.F, err)
		}
		if in.open {
			k.open++
		} else {
			op.Return = int64(p.Completion.Index)
		}
		op.Input = in
		op.ClientId = k.client(inv.Process)
		k.ops = append(k.ops, op)
	}
	keys := slices.Collect(maps.Values(byKey))
	slices.SortFunc(keys, func(a, b *keyHistory) int { return compareKeys(a.text, b.text) })
	return keys, nil
}

// tuple reads a two-element array: [key, value] or [from, to].
func tuple(raw json.RawMessage) (a, b json.RawMessage, err error) {
	var t []json.RawMessage
	if err := json.Unmarshal(raw, &t); err != nil || len(t) != 2 {
		return nil, nil, fmt.Errorf("value %s is not a two-element array", raw)
	}
	return t[0], t[1], nil
}

func (k *keyHistory) intern(raw json.RawMessage) (atom, error) {
	text, err := wire.Canonical(raw)
	if err != nil {
		return null, fmt.Errorf("value %s: %w", raw, err)
	}
	return k.vals.intern(text), nil
}

// client numbers processes per key, in order of appearance: porcupine
// draws one row per client id.
func (k *keyHistory) client(process int) int {
	id, ok := k.clients[process]
	if !ok {
		id = len(k.clients)
		k.clients[process] = id
	}
	return id
}

// compareKeys orders integer keys numerically, before any other key,
// which are ordered by their JSON text.
func compareKeys(a, b string) int {
	ia, errA := strconv.ParseInt(a, 10, 64)
	ib, errB := strconv.ParseInt(b, 10, 64)
	switch {
	case errA == nil && errB == nil:
		return cmp.Compare(ia, ib)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return cmp.Compare(a, b)
}
