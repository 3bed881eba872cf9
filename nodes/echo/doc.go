// Package echo is the echo node: Maelstrom's first exercise, and the
// smallest complete node program. It also holds a planted-bug variant that
// the echo checker must catch.
package echo
