// Package txn checks transactional histories for isolation anomalies, in
// the manner of Jepsen's Elle (Kingsbury & Alvaro, "Elle: Inferring
// Isolation Anomalies from Experimental Observations", VLDB 2020), which
// Maelstrom runs for its txn-list-append and txn-rw-register workloads. Its
// anomaly names, consistency models and result keys are those of Elle
// 0.2.2, the version Maelstrom uses.
//
// # Model
//
// A history's operations with F "txn" pair up into transactions: an
// invocation and its completion. A completion of type ok committed, fail
// did not, and info (or none at all) may have. A transaction's value is a
// list of micro-ops [f, k, v]: reads ["r", k, v], and appends
// ["append", k, v] (list-append) or writes ["w", k, v] (rw-register). Every
// (k, v) must be written at most once; reads are known only for ok
// transactions. Transactions that may have committed (ok and info) are the
// nodes of a dependency graph, whose edges are Adya's:
//
//   - ww: T2 overwrote (appended after) a version T1 wrote;
//   - wr: T2 read a version T1 wrote;
//   - rw: T2 overwrote the version T1 read (an anti-dependency);
//
// plus, when the models need them, session order (process: a process's
// transactions follow one another) and real-time order (realtime: T1
// completed before T2 was invoked).
//
// # Inferring the version order
//
// Dependencies need each key's version order. For list-append it can be
// read off the values: every read of a key should be a prefix of its
// longest read, which gives the order of the appends it saw; appends no
// read saw come after all of them (if they happened at all). For
// rw-register it must be inferred: null (the initial state) precedes every
// version, and, with wfr-keys (on by default, as in Maelstrom), a write
// follows what the same transaction last read or wrote of the key;
// optionally, with sequential-keys or linearizable-keys, versions move
// forward along each process's transactions or along real time. A source
// that would make a key's order cyclic is dropped for that key and
// reported as cyclic-versions.
//
// # Anomalies
//
// Some anomalies show without a cycle: G1a (aborted read: observing a
// failed transaction's write), G1b (intermediate read: observing a version
// its writer overwrote within the same transaction), internal (a read at
// odds with the transaction's own earlier reads and writes), future-read
// (observing a write the transaction makes later), lost-update (two
// committed transactions read the same version of a key and both wrote
// it), incompatible-order (two list reads neither of which is a prefix of
// the other), duplicate-elements, dirty-update (a committed append on top
// of an aborted one), garbage-read (a value nobody wrote; Elle has no name
// for it) and malformed-txn (a completion that does not match its
// invocation, Maelstrom issue #14).
//
// The rest are cycles in the dependency graph, classified by their edges
// as Elle does: G0 (ww only), G1c (ww and wr, at least one wr),
// G-single-item (exactly one rw edge), G-nonadjacent-item (two or more rw
// edges, no two in a row) and G2-item (rw edges, two in a row); each with a
// -process or -realtime suffix when it needs session or real-time edges
// (-realtime if it has any realtime edge). These are Adya's G0, G1c,
// G-single and G2-item, restricted to item (not predicate) dependencies,
// hence Elle's "-item" names.
//
// Cycles are found per strongly connected component (Tarjan's algorithm,
// run iteratively): for each anomaly type, most severe first, a
// breadth-first search over (transaction, flags) states, restricted to the
// edge kinds the type allows, finds the shortest cycle through each
// candidate starting edge; the shortest found is the witness. Types
// implied by one already found in the component are skipped, as in Elle.
// The searches beyond the first per type and component share a work
// budget; one cut short is reported as cycle-search-timeout.
//
// # Consistency models
//
// Elle's lattice (elle.consistency-model) relates the models — the Adya
// levels PL-1 (read-uncommitted), PL-2 (read-committed), PL-CS
// (cursor-stability), PL-2L (monotonic-view), PL-MSR
// (monotonic-snapshot-read), PL-2+ (consistent-view), PL-FCV
// (forward-consistent-view), PL-2.99 (repeatable-read), PL-SI
// (snapshot-isolation), PL-3U (update-serializable), PL-3 (serializable),
// PL-SS (strict-serializable, also strong-serializable); Cerone's
// read-atomic, causal-cerone, prefix, parallel-snapshot-isolation and
// update-atomic; Bailis's monotonic-atomic-view; and the strong and
// strong-session variants — and says which anomalies each forbids, with
// which anomalies imply which (G0 implies G1c, G-single implies
// G-nonadjacent implies G2, lost-update implies G2-item, …). A history is
// invalid if it has an anomaly a requested model forbids; anomalies the
// models allow are reported but do not invalidate it. "not" lists the
// weakest models the anomalies found rule out, "also-not" the stronger
// ones they rule out too.
//
// # Limits
//
// Like Elle, the checker is sound but not complete: it reports only what
// the inferred version orders prove. Appends nobody read, register
// versions no transaction both read and overwrote, and (without the
// sequential or linearizable assumptions) the order of blind writes stay
// unknown, so some anomalies go unseen. Predicate anomalies are out of
// scope. Witness cycles are the shortest found from the candidates the
// budget allowed, not necessarily the shortest in the component.
package txn
