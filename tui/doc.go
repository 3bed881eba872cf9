// Package tui is Eddy's terminal visualizer (eddy tui): a full-screen view
// of one run that the user steps, plays, rewinds and breaks by hand.
//
// The app model owns the run — a live sim.Session, or a stored trace on a
// frame.Tape when the run cannot be replayed — and nothing else touches
// it: short work (one step, one injection, a tick of play) runs inside
// Update, and long work (rewinding by replaying the seed, running to a time
// or to the end, checking) runs in a bubbletea command, one at a time,
// which hands the run back when done. After every change the model takes
// a frame.Frame snapshot and sends it to its components (tui/components/…),
// which only render. Layout, keys and styles follow soft-serve: one
// Component interface, one KeyMap and one Styles in a shared context
// (tui/common).
package tui
