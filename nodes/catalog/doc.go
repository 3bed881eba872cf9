// Package catalog lists Eddy's built-in node programs by name: the
// reference node of each workload, and planted-bug variants named
// <program>-bug-<what> that checkers are expected to catch.
package catalog
