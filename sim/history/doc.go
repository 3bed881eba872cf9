// Package history is the record of what clients asked and what they were
// told, in Jepsen's vocabulary: each operation is invoked, then completes as
// ok (it happened), fail (it certainly did not) or info (nobody knows: a
// timeout, a crash, an indefinite error). Checkers judge a run from its
// history alone.
package history
