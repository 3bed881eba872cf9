// Package service is Maelstrom's built-in services as endpoints of the
// simulated world: nodes reach them by sending RPCs to their ids, and get
// back what Maelstrom's own services would send, quirks included, so that a
// program that passes under Eddy passes under Maelstrom and the reverse.
//
// Each service is single-threaded: it handles a request completely when the
// World delivers it, and sends its reply back through the World, so both
// directions get the network's latency. Service links are never cut or
// lossy; that is the network's business (sim/network), not this package's.
//
// # Replies
//
// A reply's src is the service id and its in_reply_to is the request's
// msg_id, copied whatever it is, or null when the request had none. A reply
// never carries a msg_id. Keys are in Maelstrom's order:
//
//	{"type":"read_ok","value":3,"in_reply_to":5}
//	{"type":"error","code":20,"text":"key does not exist","in_reply_to":6}
//
// A request of a type the service does not handle gets no reply at all: in
// Maelstrom the service throws, logs a warning the node's author never sees,
// and the caller times out. Eddy does the same, and also tells onProblem
// (see New), so the run can report it. A body that is not a JSON object is
// treated the same way. A request missing a field it needs (read without
// key, say) is answered as Maelstrom answers it, taking the field as null
// (so it reads the key null), and also reported to onProblem.
//
// # The key-value services: lin-kv, seq-kv, lww-kv
//
//	read  {key}                                  → read_ok {value}, or error 20
//	write {key, value}                           → write_ok
//	cas   {key, from, to, create_if_not_exists?} → cas_ok, or error 20 or 22
//
// Error 20's text is "key does not exist"; error 22's is "current value X is
// not Y", with values printed as Clojure prints them (strings quoted, nil
// for null). cas on a missing key fails with 20, unless create_if_not_exists
// is true (any value but null or false, as in Clojure), which creates the key
// with to. lww-kv ignores create_if_not_exists (see below).
//
// Keys and values are any JSON, compared by value the way Maelstrom's
// Clojure code compares the parsed JSON: object key order, whitespace and
// string escapes do not matter; integers compare as integers of any size; a
// number with a fraction or an exponent is a double, so 1.0 equals 1e0 but
// not 1 (in Clojure (= 1 1.0) is false). A value is stored, and read back,
// in that canonical form: compact, object keys sorted, 1.50 as 1.5.
//
// lin-kv is linearizable: one map, each request applied to it atomically
// when delivered.
//
// seq-kv is sequentially consistent, by Maelstrom's construction: it keeps
// the last 32 states of the map, and each caller (by request src) a position
// among them, 0 until it first calls. A request is tried against a state
// chosen at random between the caller's position and the newest. If it
// leaves that state unchanged (a read, a failed cas, a write of the value
// already there) its result stands and the caller's position moves to that
// state: reads can be stale, and a cas can fail against a stale value.
// Otherwise it is applied to the newest state instead, which appends a
// state, and the caller's position jumps to the newest. So a caller's reads
// do not go backwards, repeated reads converge on the newest state, and any
// successful change (writing a unique value to a scratch key, say) brings
// the caller up to date. A caller that has not called before may read very
// old states. One quirk is kept: when a caller is more than 32 states
// behind, Maelstrom's ring buffer wraps the index it picks, so the caller
// reads some held state while its position stays behind, and its reads can
// go backwards until it catches up.
//
// lww-kv is documented by Maelstrom as an eventually consistent store that
// merges replicas last-write-wins. Its code does not do that, and Eddy
// reproduces what a node actually observes from that code. There are two
// replicas, and each request goes to one chosen at random. The merge
// between replicas is computed and then thrown away, so the replicas never
// converge: a value written once is seen by each later read with
// probability one half, forever, and a key can hold different values on
// the two replicas. And cas ignores create_if_not_exists: on a missing key
// it always fails with error 20. The usual advice holds: retry reads until
// the value appears, and do not build on lww-kv's cas.
//
// # The timestamp oracle: lin-tso
//
//	ts → ts_ok {ts}
//
// ts starts at 0 and goes up by 1 per request.
//
// # Randomness
//
// seq-kv's choice of state and lww-kv's choice of replica draw from the
// run's stream "service/<name>" (sim/rng), so a seed replays exactly.
package service
