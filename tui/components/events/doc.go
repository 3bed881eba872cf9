// Package events is the event log: the trace so far, one line per event,
// the last step's events marked, narrowed by the filter and searched with
// / and n/N.
package events
