package checker

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The figures of the spec's sample results.edn (a broadcast run).
var sampleNet = NetCounts{
	Clients: Counts{Sends: 542, Recvs: 542, Msgs: 542},
	Servers: Counts{Sends: 3792, Recvs: 3792, Msgs: 3792},
}

func TestNetSums(t *testing.T) {
	r := Net(sampleNet, 221)
	require.Equal(t, Valid, r.Verdict())
	require.Equal(t, int64(4334), r.All.SendCount)
	require.Equal(t, int64(4334), r.All.RecvCount)
	require.Equal(t, int64(4334), r.All.MsgCount)
	require.NotNil(t, r.All.MsgsPerOp)
	require.InDelta(t, 19.61, *r.All.MsgsPerOp, 0.005)
	require.NotNil(t, r.Servers.MsgsPerOp)
	require.InDelta(t, 17.16, *r.Servers.MsgsPerOp, 0.005)
	require.Nil(t, r.Clients.MsgsPerOp)
}

func TestNetSendsAndRecvsDiffer(t *testing.T) {
	r := Net(NetCounts{
		Clients: Counts{Sends: 10, Recvs: 9, Msgs: 10},
		Servers: Counts{Sends: 100, Recvs: 80, Msgs: 100},
	}, 4)
	require.Equal(t, NetStats{SendCount: 110, RecvCount: 89, MsgCount: 110, MsgsPerOp: ptr(27.5)}, r.All)
	require.Equal(t, NetStats{SendCount: 100, RecvCount: 80, MsgCount: 100, MsgsPerOp: ptr(25.0)}, r.Servers)
	require.Equal(t, NetStats{SendCount: 10, RecvCount: 9, MsgCount: 10}, r.Clients)
}

func TestNetJSON(t *testing.T) {
	require.JSONEq(t, `{
		"all":     {"send-count":4334,"recv-count":4334,"msg-count":4334,"msgs-per-op":`+marshal(t, 4334.0/221)+`},
		"clients": {"send-count":542,"recv-count":542,"msg-count":542},
		"servers": {"send-count":3792,"recv-count":3792,"msg-count":3792,"msgs-per-op":`+marshal(t, 3792.0/221)+`},
		"valid?":  true}`, marshal(t, Net(sampleNet, 221)))

	// No invocations: msgs-per-op is left out, as in Maelstrom.
	require.JSONEq(t, `{
		"all":     {"send-count":4334,"recv-count":4334,"msg-count":4334},
		"clients": {"send-count":542,"recv-count":542,"msg-count":542},
		"servers": {"send-count":3792,"recv-count":3792,"msg-count":3792},
		"valid?":  true}`, marshal(t, Net(sampleNet, 0)))

	// With invocations but no server traffic, 0 is still shown.
	r := Net(NetCounts{Clients: Counts{Sends: 2, Recvs: 2, Msgs: 2}}, 1)
	require.Contains(t, marshal(t, r.Servers), `"msgs-per-op":0`)
}

func TestInvocations(t *testing.T) {
	h := hist(inv(0, "echo", `1`), ok(0, "echo", `1`), inv(1, "echo", `2`), inv(2, "read", ``), info(2, "read"))
	require.Equal(t, 3, Invocations(h))
	require.Equal(t, 0, Invocations(nil))
}

func ptr(f float64) *float64 { return &f }
