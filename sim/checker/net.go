package checker

import "github.com/eddy-sim/eddy/sim/history"

// Counts are one class of network traffic's totals.
type Counts struct {
	Sends int64 // messages put into the network
	Recvs int64 // messages delivered (dropped or in-flight ones are not)
	Msgs  int64 // distinct messages (ids)
}

// NetCounts split the network's totals as Maelstrom does: Clients is every
// message with a client ("c…") at either end, including init and topology;
// Servers is everything else, including node↔service traffic.
type NetCounts struct {
	Clients, Servers Counts
}

// NetStats are one class's figures in the net report. MsgsPerOp is nil, and
// absent from the JSON, for the clients class and when there were no
// invocations, as in Maelstrom.
type NetStats struct {
	SendCount int64    `json:"send-count"`
	RecvCount int64    `json:"recv-count"`
	MsgCount  int64    `json:"msg-count"`
	MsgsPerOp *float64 `json:"msgs-per-op,omitempty"`
}

// NetResult is the net checker's report, Maelstrom's :net.
type NetResult struct {
	All     NetStats `json:"all"`
	Clients NetStats `json:"clients"`
	Servers NetStats `json:"servers"`
	Valid   Validity `json:"valid?"` // always Valid
}

// Verdict is always valid: net only reports.
func (r NetResult) Verdict() Validity { return r.Valid }

// Net is Maelstrom's net checker: the network's message counts, all
// (clients + servers), clients and servers, with msgs-per-op = msg-count ÷
// invocations for all and servers, unrounded. invocations is the number of
// client invocations, final-phase ones included (see Invocations); when it
// is 0, msgs-per-op is left out, as Maelstrom does.
func Net(c NetCounts, invocations int) NetResult {
	stats := func(c Counts, perOp bool) NetStats {
		s := NetStats{SendCount: c.Sends, RecvCount: c.Recvs, MsgCount: c.Msgs}
		if perOp && invocations > 0 {
			f := float64(c.Msgs) / float64(invocations)
			s.MsgsPerOp = &f
		}
		return s
	}
	all := Counts{
		Sends: c.Clients.Sends + c.Servers.Sends,
		Recvs: c.Clients.Recvs + c.Servers.Recvs,
		Msgs:  c.Clients.Msgs + c.Servers.Msgs,
	}
	return NetResult{
		All:     stats(all, true),
		Clients: stats(c.Clients, false),
		Servers: stats(c.Servers, true),
		Valid:   Valid,
	}
}

// Invocations counts a history's invocations, the divisor of msgs-per-op.
func Invocations(h history.History) int {
	n := 0
	for _, op := range h {
		if op.Type == history.Invoke {
			n++
		}
	}
	return n
}
