// Package store writes a run's files where Maelstrom users expect them:
// STORE/<workload>/<timestamp>/ with results.json, history.jsonl,
// trace.jsonl and node-logs/<id>.log, and the symlinks STORE/latest and
// STORE/<workload>/latest pointing at it.
//
// Files are streamed while the run goes, so a run that fails or is
// interrupted still leaves what it had.
package store
