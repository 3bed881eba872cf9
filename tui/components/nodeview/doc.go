// Package nodeview inspects the selected node: whether it is up, paused or
// skewed, the state its program exposes (node.Expose), its pending timers
// and its latest log lines.
package nodeview
