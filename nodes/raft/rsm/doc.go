// Package rsm runs a replicated state machine on an Eddy node: the Raft
// core of nodes/raft, driven by the node's timer and messages and backed
// by its durable storage, applying committed commands to a StateMachine
// the program supplies. The lin-kv node (nodes/raftkv) is the first user;
// a transactional or a Kafka-like node can reuse it with another
// StateMachine.
//
// Durability. The hard state (term and vote) and the snapshot live under
// one key each, and every log entry under its own key (raft/log/<index>),
// so appending writes only the new entries, and a conflict deletes only
// the entries it replaced. Everything a Ready asks to persist is stored
// before its messages are sent. After a crash, Start reloads it, restores
// the state machine from the snapshot and resumes as a follower; entries
// after the snapshot are applied again as the commit index is learned
// (the state machine is rebuilt, not replayed onto).
//
// Commands. Propose on the leader appends the command and calls back once
// it is applied. A follower forwards it to the leader it knows, one hop;
// with no leader known it answers error 11 (temporarily unavailable) at
// once rather than wait: nothing was proposed, so the failure is definite,
// and the client, which will time out in a second anyway, learns so now.
// The outcome is decided by the entry committed at the proposal's index:
// the same term means it took effect; another term means another leader's
// entry took the index for good, a definite failure (11). A proposal whose
// index a snapshot from the leader covers has an unknown outcome (13). A
// forwarded proposal carries a random id the leader remembers, since the
// network may deliver it twice and a second proposal would apply it twice;
// every answer repeats that id, since a node's msg_ids start over after a
// restart and a late answer can otherwise reach the wrong callback.
//
// Reads. Read uses ReadIndex (§8; dissertation §6.4): the leader confirms
// it still leads with one round of heartbeats and gives its commit index;
// the read is served once the local state machine has applied it, on a
// follower too (the follower asks the leader for the index). This costs
// one round trip but no log entry and no disk write. Reads through the log
// would be simpler and slower. Leader leases would save the round trip but
// rely on clocks advancing at the same rate everywhere; Eddy's clock-skew
// nemesis breaks exactly that, so leases would serve stale reads.
//
// Timing (DefaultConfig): a 50 ms tick, election timeouts of 10–20 ticks
// (0.5–1 s), heartbeats every 2 ticks, a snapshot every 200 applied
// entries. Forwarded requests time out after 1 s, Maelstrom's lin-kv client
// timeout.
//
// Start registers the handlers for the replicas' own messages (types
// raft_*), a timer, and Node.Expose, which shows role, term, vote, leader,
// commit and applied indexes, log length and pending proposals. The
// program registers its clients' handlers.
package rsm
