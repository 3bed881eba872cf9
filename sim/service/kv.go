package service

// This file is Maelstrom's PersistentKV (and, with lww set, LWWKV): the
// meaning of one read, write or cas against one state of a key-value map.
// The services differ only in which state a request meets.

// Codes of the errors the key-value services return.
const (
	codeKeyDoesNotExist    = 20
	codePreconditionFailed = 22
)

// lookup reads one state of a key-value map: the canonical value of a
// canonical key, and whether the key is there.
type lookup func(key string) (value string, ok bool)

// change is what a request does to a state: set key to value. A request
// that leaves the state as it was (a read, a failed cas, a write of the
// value already there) has no change.
type change struct{ key, value string }

// isKV reports whether typ is a request the key-value services handle.
func isKV(typ string) bool { return typ == "read" || typ == "write" || typ == "cas" }

const kvTypes = "read, write and cas"

// applyKV runs a read, write or cas request (isKV(req.typ) must hold)
// against the state get reads. lww selects lww-kv's two differences: cas
// ignores create_if_not_exists, and the precondition text prints from with
// str rather than pr-str.
func applyKV(req *request, get lookup, lww bool) (result, *change) {
	key := req.arg("key")
	cur, exists := get(key)
	switch req.typ {
	case "read":
		if !exists {
			return errorResult(codeKeyDoesNotExist, "key does not exist"), nil
		}
		return result{typ: "read_ok", field: "value", raw: cur}, nil
	case "write":
		return result{typ: "write_ok"}, set(key, req.arg("value"), cur, exists)
	}
	// cas
	from, to := req.arg("from"), req.arg("to")
	if !exists {
		if !lww && req.truthy("create_if_not_exists") {
			return result{typ: "cas_ok"}, set(key, to, cur, exists)
		}
		return errorResult(codeKeyDoesNotExist, "key does not exist"), nil
	}
	if cur != from {
		shown := prStr(from)
		if lww {
			shown = str(from)
		}
		return errorResult(codePreconditionFailed, "current value "+prStr(cur)+" is not "+shown), nil
	}
	return result{typ: "cas_ok"}, set(key, to, cur, exists)
}

// set is the change that sets key to value, or nil if it is already so.
func set(key, value, cur string, exists bool) *change {
	if exists && cur == value {
		return nil
	}
	return &change{key, value}
}

// mapLookup reads a plain map.
func mapLookup(m map[string]string) lookup {
	return func(key string) (string, bool) {
		v, ok := m[key]
		return v, ok
	}
}
