// Package common is what every part of the terminal visualizer shares: the
// Component interface, and the context handed to each component — its
// size, the one KeyMap and the one Styles, both built once by their
// Default constructors — plus the message that carries a new snapshot of
// the run and the user's selection to every component.
//
// There are no package-level variables: a test builds its own context, so
// two visualizers in one process never share a style or a binding.
package common
