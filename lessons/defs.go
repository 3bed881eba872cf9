package lessons

import (
	"time"

	"github.com/eddy-sim/eddy/sim"
)

// lessons are the course. Check runs are small: every lesson's checks
// together take a few seconds in process, so a learner can check often.
// Fault checks try three seeds, because a fault schedule that misses a bug
// on one seed often hits it on the next.
var lessons = []*Lesson{
	{
		Number: 1, Slug: "echo", Title: "Echo",
		Programs: []Program{{Func: "Program", Workload: "echo", Reference: "echo"}},
		Checks: []CheckSpec{
			{Name: "one-node", Group: Reliable,
				Says:    "A single node answers every echo request with the same payload, in an echo_ok reply to the request.",
				Options: sim.Options{Workload: "echo", Nodes: sim.NodeIDs(1), TimeLimit: 10 * time.Second}},
			{Name: "three-nodes", Group: Reliable,
				Says:    "Three nodes, with 10 ms of latency, each answer their own clients at 20 requests a second.",
				Options: sim.Options{Workload: "echo", Nodes: sim.NodeIDs(3), TimeLimit: 10 * time.Second, Rate: 20, Latency: 10 * time.Millisecond}},
			{Name: "partition-kill", Group: Faults,
				Says:    "Echo keeps working through partitions and crash-restarts: it keeps no state, so it has nothing to lose.",
				Options: sim.Options{Workload: "echo", Nodes: sim.NodeIDs(3), TimeLimit: 20 * time.Second, Rate: 20, Nemesis: []string{"partition", "kill"}, NemesisInterval: 3 * time.Second},
				Seeds:   []uint64{1, 2, 3}},
		},
		Watch: Watch{
			Options: sim.Options{Workload: "echo", Nodes: sim.NodeIDs(1), TimeLimit: 5 * time.Second, Rate: 2, Latency: 50 * time.Millisecond, Seed: 1},
			Bug:     "echo-bug-stale",
			Look:    "Step to the first echo request from a client: it carries a msg_id. The node's reply goes back to that client with in_reply_to set to the same number — that is how the client knows which request it answers.",
		},
	},
	{
		Number: 2, Slug: "unique-ids", Title: "Unique ids",
		Programs: []Program{{Func: "Program", Workload: "unique-ids", Reference: "unique-ids"}},
		Checks: []CheckSpec{
			{Name: "one-node", Group: Reliable,
				Says:    "A single node never hands out the same id twice, at 100 requests a second.",
				Options: sim.Options{Workload: "unique-ids", Nodes: sim.NodeIDs(1), TimeLimit: 10 * time.Second, Rate: 100}},
			{Name: "three-nodes", Group: Reliable,
				Says:    "Three nodes at 1,000 requests a second hand out distinct ids and answer every request (Gossip Glomers 2).",
				Options: sim.Options{Workload: "unique-ids", Nodes: sim.NodeIDs(3), TimeLimit: 30 * time.Second, Rate: 1000, Availability: "total"}},
			{Name: "partition", Group: Faults,
				Says:    "Ids need no coordination: partitioned nodes keep answering every request, and their ids stay distinct.",
				Options: sim.Options{Workload: "unique-ids", Nodes: sim.NodeIDs(3), TimeLimit: 30 * time.Second, Rate: 1000, Availability: "total", Nemesis: []string{"partition"}}},
			{Name: "kill", Group: Faults,
				Says:    "Ids stay distinct when nodes crash and restart, forgetting everything they kept in memory.",
				Options: sim.Options{Workload: "unique-ids", Nodes: sim.NodeIDs(3), TimeLimit: 30 * time.Second, Rate: 200, Nemesis: []string{"kill"}, NemesisInterval: 3 * time.Second},
				Seeds:   []uint64{1, 2, 3}},
		},
		Watch: Watch{
			Options: sim.Options{Workload: "unique-ids", Nodes: sim.NodeIDs(3), TimeLimit: 20 * time.Second, Rate: 20, Latency: 10 * time.Millisecond, Nemesis: []string{"kill"}, NemesisInterval: 3 * time.Second, Seed: 1},
			Bug:     "unique-ids-bug-counter",
			Look:    "Step to the first kill: the nodes it hits lose their memory. When they restart and answer init again, watch the ids they hand out next — the reference's boot counter, read back from storage, has gone up; the planted bug starts counting from 1 again.",
		},
	},
	{
		Number: 3, Slug: "broadcast", Title: "Broadcast",
		Programs: []Program{{Func: "Program", Workload: "broadcast", Reference: "broadcast"}},
		Checks: []CheckSpec{
			{Name: "one-node", Group: Reliable,
				Says:    "A single node keeps every value broadcast to it, and a read returns them all (Gossip Glomers 3a).",
				Options: sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(1), TimeLimit: 20 * time.Second, Rate: 10}},
			{Name: "five-nodes", Group: Reliable,
				Says:    "Five nodes on a grid: a value broadcast to any node reaches every node (Gossip Glomers 3b).",
				Options: sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(5), TimeLimit: 20 * time.Second, Rate: 10}},
			{Name: "line", Group: Reliable,
				Says:    "Twenty-five nodes on a line, with 5 ms of latency: values travel many hops and still reach every node.",
				Options: sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(25), TimeLimit: 20 * time.Second, Rate: 50, Latency: 5 * time.Millisecond, Topology: "line"}},
		},
		Watch: Watch{
			Options: sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(5), TimeLimit: 10 * time.Second, Rate: 5, Latency: 50 * time.Millisecond, Seed: 1},
			Bug:     "broadcast-bug-no-forward",
			Look:    "Step to the first broadcast and follow the value: from the node the client told, hop by hop, until every node has it. Then watch a node receive it a second time — and not pass it on again.",
		},
	},
	{
		Number: 4, Slug: "fault-tolerant-broadcast", Title: "Fault-tolerant broadcast",
		Programs: []Program{{Func: "Program", Workload: "broadcast", Reference: "broadcast"}},
		Checks: []CheckSpec{
			{Name: "five-nodes", Group: Reliable,
				Says:    "Five nodes on a grid, reliable network: every value reaches every node.",
				Options: sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(5), TimeLimit: 20 * time.Second, Rate: 10}},
			{Name: "partition", Group: Faults,
				Says:    "Values broadcast while the network is partitioned reach every node once it heals (Gossip Glomers 3c).",
				Options: sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(5), TimeLimit: 20 * time.Second, Rate: 10, Nemesis: []string{"partition"}},
				Seeds:   []uint64{1, 2, 3}},
			{Name: "loss", Group: Faults,
				Says:    "A network that loses one message in five loses no values: what is not acknowledged is sent again.",
				Options: sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(5), TimeLimit: 20 * time.Second, Rate: 10, Latency: 10 * time.Millisecond, Loss: 0.2},
				Seeds:   []uint64{1, 2, 3}},
			{Name: "duplicates", Group: Faults,
				Says:    "Messages that arrive twice and out of order do no harm: receiving a value again changes nothing.",
				Options: sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(5), TimeLimit: 20 * time.Second, Rate: 10, Latency: 20 * time.Millisecond, LatencyDist: "exponential", Duplicate: 0.3},
				Seeds:   []uint64{1, 2, 3}},
			{Name: "one-way", Group: Faults,
				Says:    "One-way partitions, where a node hears the others but they do not hear it (so its acknowledgements are lost), lose no values.",
				Options: sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(5), TimeLimit: 20 * time.Second, Rate: 10, Latency: 10 * time.Millisecond, Nemesis: []string{"one-way"}, NemesisInterval: 5 * time.Second},
				Seeds:   []uint64{1, 2, 3}},
			{Name: "kill", Group: Faults,
				Says:    "Nodes that crash and restart still know every value they acknowledged, and pass on what they owed.",
				Options: sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(5), TimeLimit: 20 * time.Second, Rate: 10, Latency: 10 * time.Millisecond, Nemesis: []string{"kill"}, NemesisInterval: 4 * time.Second},
				Seeds:   []uint64{1, 2, 3}},
		},
		Watch: Watch{
			Options: sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(5), TimeLimit: 30 * time.Second, Rate: 5, Latency: 50 * time.Millisecond, Nemesis: []string{"partition"}, Seed: 2},
			Bug:     "broadcast-bug-no-retry",
			Look:    "Step to the first partition and broadcast a value on one side: the gossip to the other side is dropped, and no acknowledgement comes back. Watch the sender keep the value owed and send it again each retry interval, until the partition heals and it gets through.",
		},
	},
	{
		Number: 5, Slug: "efficient-broadcast", Title: "Efficient broadcast",
		Programs: []Program{{Func: "Program", Workload: "broadcast", Reference: "broadcast-fast"}},
		Checks: []CheckSpec{
			{Name: "twenty-five-nodes", Group: Reliable,
				Says:    "Twenty-five nodes, 100 ms of latency, 100 operations a second: every value reaches every node.",
				Options: glomers()},
			{Name: "partition", Group: Faults,
				Says:    "The same cluster stays correct when the network is partitioned.",
				Options: withNemesis(glomers(), "partition"),
				Seeds:   []uint64{1, 2, 3}},
			{Name: "glomers-3d", Group: Efficiency,
				Says:    "Fast enough: values reach every node quickly, with moderate traffic (Gossip Glomers 3d).",
				Options: glomers(),
				Targets: []Target{{MsgsPerOp, 30}, {MedianLatency, 400}, {MaxLatency, 600}}},
			{Name: "glomers-3e", Group: Efficiency,
				Says:    "Frugal enough: few messages per operation, at a latency people still accept (Gossip Glomers 3e).",
				Options: glomers(),
				Targets: []Target{{MsgsPerOp, 20}, {MedianLatency, 1000}, {MaxLatency, 2000}}},
		},
		Watch: Watch{
			Options: sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(25), TimeLimit: 10 * time.Second, Rate: 20, Latency: 100 * time.Millisecond, Seed: 1},
			Bug:     "broadcast-bug-flood",
			Look:    "Watch one tick: each node sends each neighbour one gossip message carrying every value it owes it, not one message per value. Count the messages per broadcast here, then run the planted flood bug on the same seed.",
		},
	},
	{
		Number: 6, Slug: "crdts", Title: "CRDTs: sets and counters",
		Programs: []Program{
			{Func: "GSet", Workload: "g-set", Reference: "g-set"},
			{Func: "PNCounter", Workload: "pn-counter", Reference: "pn-counter"},
		},
		Checks: []CheckSpec{
			{Name: "g-set", Group: Reliable,
				Says:    "GSet: three nodes converge on one set, holding every element added anywhere.",
				Options: sim.Options{Workload: "g-set", Nodes: sim.NodeIDs(3), TimeLimit: 20 * time.Second, Rate: 10}},
			{Name: "pn-counter", Group: Reliable,
				Says:    "PNCounter: three nodes agree on the count, the sum of every increment and decrement.",
				Options: sim.Options{Workload: "pn-counter", Nodes: sim.NodeIDs(3), TimeLimit: 20 * time.Second, Rate: 10}, Program: 1},
			{Name: "g-counter", Group: Reliable,
				Says:    "PNCounter also serves the g-counter workload (only increments) unchanged.",
				Options: sim.Options{Workload: "g-counter", Nodes: sim.NodeIDs(3), TimeLimit: 20 * time.Second, Rate: 10}, Program: 1},
			{Name: "g-set-partition", Group: Faults,
				Says:    "GSet: elements added on both sides of a partition end up everywhere once it heals.",
				Options: sim.Options{Workload: "g-set", Nodes: sim.NodeIDs(5), TimeLimit: 20 * time.Second, Rate: 20, Latency: 10 * time.Millisecond, Nemesis: []string{"partition"}, NemesisInterval: 5 * time.Second},
				Seeds:   []uint64{1, 2, 3}},
			{Name: "pn-counter-partition", Group: Faults,
				Says:    "PNCounter: counts made on both sides of a partition add up once it heals (like Gossip Glomers 4).",
				Options: sim.Options{Workload: "pn-counter", Nodes: sim.NodeIDs(3), TimeLimit: 20 * time.Second, Rate: 100, Nemesis: []string{"partition"}},
				Program: 1, Seeds: []uint64{1, 2, 3}},
			{Name: "kill", Group: Faults,
				Says:    "PNCounter: a node that crashes and restarts loses none of the adds it acknowledged.",
				Options: sim.Options{Workload: "pn-counter", Nodes: sim.NodeIDs(3), TimeLimit: 20 * time.Second, Rate: 50, Latency: 10 * time.Millisecond, Nemesis: []string{"kill"}, NemesisInterval: 3 * time.Second},
				Program: 1, Seeds: []uint64{1, 2, 3}},
		},
		Watch: Watch{
			Options: sim.Options{Workload: "g-set", Nodes: sim.NodeIDs(3), TimeLimit: 20 * time.Second, Rate: 5, Latency: 50 * time.Millisecond, Nemesis: []string{"partition"}, NemesisInterval: 5 * time.Second, Seed: 1},
			Bug:     "g-set-bug-delta-only",
			Look:    "Step through a partition: elements added on one side stay there, since the deltas sent across are dropped. After it heals, watch the next full-state round: each node merges the others' sets by union, and every read agrees again.",
		},
	},
}

// glomers is Gossip Glomers' broadcast efficiency run: 25 nodes, 20 s, 100
// operations a second, 100 ms latency.
func glomers() sim.Options {
	return sim.Options{Workload: "broadcast", Nodes: sim.NodeIDs(25), TimeLimit: 20 * time.Second, Rate: 100, Latency: 100 * time.Millisecond}
}

func withNemesis(o sim.Options, kinds ...string) sim.Options {
	o.Nemesis = kinds
	return o
}
