package service

// linKV is lin-kv: one map, and each request applied to it atomically when
// it is delivered (Maelstrom's Linearizable over PersistentKV).
type linKV struct{ m map[string]string }

func newLinKV() *linKV { return &linKV{m: map[string]string{}} }

func (s *linKV) types() string { return kvTypes }

func (s *linKV) handle(_ string, req *request) (result, bool) {
	if !isKV(req.typ) {
		return result{}, false
	}
	res, c := applyKV(req, mapLookup(s.m), false)
	if c != nil {
		s.m[c.key] = c.value
	}
	return res, true
}
