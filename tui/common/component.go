package common

import (
	"slices"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/eddy-sim/eddy/tui/frame"
)

// Component is one part of the screen. It renders into the size it was
// last given and lists the keys it answers to, for the help bar.
type Component interface {
	Init() tea.Cmd
	Update(tea.Msg) (Component, tea.Cmd)
	View() string
	help.KeyMap
	SetSize(width, height int)
}

// Common is the context every component gets.
type Common struct {
	Width, Height int
	Styles        *Styles
	KeyMap        *KeyMap
}

// NewCommon returns a context with the default key map and styles.
func NewCommon() Common {
	return Common{Styles: DefaultStyles(), KeyMap: DefaultKeyMap()}
}

// SetSize records a component's size.
func (c *Common) SetSize(width, height int) { c.Width, c.Height = width, height }

// Selection is what the user has picked: the node that node faults act on
// and the inspector shows, the nodes marked as a partition group, and the
// message in flight that drop and deliver act on.
type Selection struct {
	Node   string
	Marked []string // sorted
	Flight uint64   // engine.Flight.Seq; 0 for none
}

// IsMarked reports whether id is marked.
func (s Selection) IsMarked(id string) bool { return slices.Contains(s.Marked, id) }

// FrameMsg carries a new snapshot of the run, or a new selection, to every
// component.
type FrameMsg struct {
	Frame *frame.Frame
	Sel   Selection
}

// FilterMsg narrows the views of events (the event log, the space-time
// diagram) to those that match every term: a node, client or service id,
// a message type, or an event kind. No terms clears the filter.
type FilterMsg struct{ Terms []string }

// FrameView is what the views that only draw the current frame share: the
// context, and the frame and selection they were last given. Embedding it
// gives a component Init, SetSize and Update.
type FrameView struct {
	C   Common
	F   *frame.Frame
	Sel Selection
}

// Init implements Component.
func (v *FrameView) Init() tea.Cmd { return nil }

// SetSize implements Component.
func (v *FrameView) SetSize(w, h int) { v.C.SetSize(w, h) }

// TakeFrame records the frame and selection of a FrameMsg; other messages
// are ignored.
func (v *FrameView) TakeFrame(msg tea.Msg) {
	if fm, ok := msg.(FrameMsg); ok {
		v.F, v.Sel = fm.Frame, fm.Sel
	}
}
