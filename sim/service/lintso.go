package service

import "strconv"

// linTSO is lin-tso, a timestamp oracle: each ts request gets the next
// integer, starting at 0.
type linTSO struct{ next int64 }

func (s *linTSO) types() string { return "ts" }

func (s *linTSO) handle(_ string, req *request) (result, bool) {
	if req.typ != "ts" {
		return result{}, false
	}
	ts := s.next
	s.next++
	return result{typ: "ts_ok", field: "ts", raw: strconv.FormatInt(ts, 10)}, true
}
