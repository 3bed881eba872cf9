package common

import (
	"hash/fnv"

	"github.com/charmbracelet/lipgloss"
)

// Styles is every style of the visualizer. Colour is never the only
// signal: a plain terminal (and the golden tests) still shows marks, group
// letters and brackets.
type Styles struct {
	Header, HeaderInfo, Status, Error, Dim, Bold lipgloss.Style
	Tab, ActiveTab, Panel, Title                 lipgloss.Style

	Node, NodeSelected, NodeDown, NodePaused lipgloss.Style
	// Groups colour the sides of a partition.
	Groups []lipgloss.Style
	// Types colour messages by type; TypeStyle picks one.
	Types                                             []lipgloss.Style
	Flight, FlightSelected, Path, Client, Service     lipgloss.Style
	Send, Deliver, Drop, Timer, Fault, Op, Log, Crash lipgloss.Style
	Current, Match, Cursor                            lipgloss.Style
	OK, Fail, Info, Invoke                            lipgloss.Style
	Valid, Invalid, Unknown                           lipgloss.Style
	Key                                               lipgloss.Style
}

// DefaultStyles returns the visualizer's styles, in the 16 ANSI colours
// every terminal has.
func DefaultStyles() *Styles {
	fg := func(c string) lipgloss.Style { return lipgloss.NewStyle().Foreground(lipgloss.Color(c)) }
	s := &Styles{
		Header:     lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("15")).Background(lipgloss.Color("4")),
		HeaderInfo: lipgloss.NewStyle().Foreground(lipgloss.Color("15")).Background(lipgloss.Color("4")),
		Status:     fg("6"),
		Error:      fg("9").Bold(true),
		Dim:        fg("8"),
		Bold:       lipgloss.NewStyle().Bold(true),
		Tab:        fg("7"),
		ActiveTab:  lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("0")).Background(lipgloss.Color("6")),
		Panel:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(lipgloss.Color("8")),
		Title:      fg("6").Bold(true),

		Node:         fg("7"),
		NodeSelected: fg("11").Bold(true),
		NodeDown:     fg("9"),
		NodePaused:   fg("13"),
		Groups:       []lipgloss.Style{fg("12"), fg("10"), fg("11"), fg("13"), fg("14")},
		Types:        []lipgloss.Style{fg("2"), fg("3"), fg("4"), fg("5"), fg("6"), fg("10"), fg("12"), fg("14")},

		Flight:         fg("3"),
		FlightSelected: fg("11").Bold(true).Reverse(true),
		Path:           fg("11"),
		Client:         fg("14"),
		Service:        fg("13"),

		Send:    fg("4"),
		Deliver: fg("2"),
		Drop:    fg("9"),
		Timer:   fg("8"),
		Fault:   fg("13").Bold(true),
		Op:      fg("14"),
		Log:     fg("7"),
		Crash:   fg("9").Bold(true),

		Current: lipgloss.NewStyle().Bold(true),
		Match:   lipgloss.NewStyle().Reverse(true),
		Cursor:  fg("11").Bold(true),

		OK:     fg("2"),
		Fail:   fg("9"),
		Info:   fg("3"),
		Invoke: fg("8"),

		Valid:   fg("10").Bold(true),
		Invalid: fg("9").Bold(true),
		Unknown: fg("11").Bold(true),
		Key:     fg("6"),
	}
	return s
}

// TypeStyle is the colour of a message type: the same type always gets the
// same colour, whatever else the run sends.
func (s *Styles) TypeStyle(typ string) lipgloss.Style {
	h := fnv.New32a()
	h.Write([]byte(typ))
	return s.Types[h.Sum32()%uint32(len(s.Types))]
}
