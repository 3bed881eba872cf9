package txn

import (
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/history"
)

// DefaultCycleSearchBudget is how many edges the cycle searches of one
// check may look at beyond the first search per anomaly type and strongly
// connected component.
const DefaultCycleSearchBudget = 20_000_000

// DefaultMaxExplained is how many anomalies of each type a result lists,
// as in Elle's reports.
const DefaultMaxExplained = 8

// Options configures a check. The zero value checks strict
// serializability, as Maelstrom does by default.
type Options struct {
	// ConsistencyModels are the models the history should satisfy
	// (Maelstrom's --consistency-models); default strict-serializable.
	// The anomalies they forbid make a history invalid; others found are
	// reported but do not. See ParseModels for the names.
	ConsistencyModels []string
	// Anomalies are further anomalies to forbid (Elle's :anomalies), such
	// as "G2-item"; anomalies implying them are forbidden too.
	Anomalies []string

	// ProcessEdges and RealtimeEdges add session order (a process's
	// transactions in order) and real-time order (T1 completed before T2
	// was invoked) to the dependency graph. Whether or not they are set,
	// realtime edges are added when the models forbid a -realtime anomaly
	// (strict-serializable, strong-snapshot-isolation, …), and otherwise
	// process edges when they forbid a -process anomaly
	// (strong-session-serializable, …).
	ProcessEdges, RealtimeEdges bool

	// rw-register only: where the version order of a key comes from,
	// besides null preceding every version.

	// NoWFRKeys turns off wfr-keys, on by default as in Maelstrom: within
	// a transaction, a write follows the transaction's previous read or
	// write of the key.
	NoWFRKeys bool
	// SequentialKeys assumes each key is sequentially consistent: versions
	// a process observes only move forward.
	SequentialKeys bool
	// LinearizableKeys assumes each key is linearizable: versions observed
	// by transactions ordered in real time only move forward.
	LinearizableKeys bool

	// MaxExplained is how many anomalies of each type a result lists;
	// 0 means DefaultMaxExplained, negative means all.
	MaxExplained int
	// CycleSearchBudget bounds the work of the cycle searches, in edges
	// visited (beyond one search per anomaly type and component, which
	// always runs); 0 means DefaultCycleSearchBudget. A search cut short
	// without finding its anomaly is reported as cycle-search-timeout.
	CycleSearchBudget int
}

// Result is an Elle result, with Maelstrom's keys.
type Result struct {
	// Valid is false if an anomaly the models forbid was found; else
	// unknown if the check could not be completed (unknown models, values
	// written twice, a cut-short search, no dependencies at all); else
	// true.
	Valid checker.Validity `json:"valid?"`
	// AnomalyTypes are the types of every anomaly found, sorted, whether or
	// not the models forbid them.
	AnomalyTypes []string `json:"anomaly-types,omitempty"`
	// Anomalies lists, by type, up to Options.MaxExplained explained
	// anomalies: for cycles, the shortest first.
	Anomalies map[string][]Anomaly `json:"anomalies,omitempty"`
	// Not are the weakest consistency models the anomalies found rule out;
	// AlsoNot the stronger ones they rule out too.
	Not     []string `json:"not,omitempty"`
	AlsoNot []string `json:"also-not,omitempty"`
	// Error says why the check could not run (unknown model names).
	Error string `json:"error,omitempty"`
}

// Verdict is the result's validity.
func (r Result) Verdict() checker.Validity { return r.Valid }

var _ checker.Result = Result{}

// CheckListAppend checks a history of Maelstrom's txn-list-append
// workload (Elle's list-append): operations with F "txn" whose values are
// micro-ops ["r", k, null|[…]] and ["append", k, v], each (k, v) appended
// at most once.
func CheckListAppend(h history.History, opts Options) Result {
	return check(h, opts, listAppend, analyzeListAppend)
}

// CheckRWRegister checks a history of Maelstrom's txn-rw-register workload
// (Elle's rw-register): operations with F "txn" whose values are micro-ops
// ["r", k, null|v] and ["w", k, v], each (k, v) written at most once.
func CheckRWRegister(h history.History, opts Options) Result {
	return check(h, opts, rwRegister, analyzeRWRegister)
}

// ParseModels checks that every name is a consistency model this package
// knows: Elle's names (read-uncommitted … strict-serializable, see the
// package documentation) and Adya's PL-* aliases. The error names the
// unknown ones and lists the known ones.
func ParseModels(names []string) error { return parseModels(names) }
