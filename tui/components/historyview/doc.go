// Package historyview is the client history: each operation with its
// outcome — ok green, fail red, info yellow, still open grey — and, once
// the run is checked, the operations the checkers blame marked with "!".
package historyview
