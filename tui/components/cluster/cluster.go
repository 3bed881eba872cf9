package cluster

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/tui/common"
	"github.com/eddy-sim/eddy/tui/frame"
)

// Model is the cluster view.
type Model struct{ common.FrameView }

// New returns an empty cluster view; it draws once it gets a frame.
func New(c common.Common) *Model { return &Model{common.FrameView{C: c}} }

// Update takes new frames and selections.
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	m.TakeFrame(msg)
	return m, nil
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.C.KeyMap
	return []key.Binding{k.PrevNode, k.NextNode, k.Mark, k.Partition, k.Kill, k.Pause}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// View draws the cluster.
func (m *Model) View() string {
	w, h := m.C.Width, m.C.Height
	if m.F == nil || h < 3 {
		return common.Block(nil, w, h)
	}
	f, st := m.F, m.C.Styles
	ids := make([]string, len(f.Nodes))
	for i, n := range f.Nodes {
		ids[i] = n.ID
	}
	side, sides, oneWay := groups(ids, f.Cut)

	title := st.Title.Render("cluster") + st.Dim.Render(fmt.Sprintf(" · %d nodes · %d in flight", len(f.Nodes), len(f.Flights)))
	var legend []string
	if sides > 1 {
		l := "partition: " + groupNames(ids, side, sides)
		if oneWay > 0 {
			l += fmt.Sprintf(" (%d links cut one way)", oneWay)
		}
		legend = append(legend, st.Fault.Render(l))
	}
	if len(m.Sel.Marked) > 0 {
		legend = append(legend, st.Bold.Render("marked: "+strings.Join(m.Sel.Marked, " ")+"  (p partition · o one-way)"))
	}

	cv := newCanvas(w, h-1-len(legend))
	cs := clients(f)
	left := edgeWidth(cs, func(i int) string { return clientLabel(cs[i]) })
	right := edgeWidth(f.Services, func(i int) string { return f.Services[i] })
	mid := w - left - right
	rects, size := place(len(f.Nodes), mid, cv.h)
	ends := map[string][2]int{}
	for i := range rects {
		rects[i].x += left
		x, y := rects[i].center()
		ends[f.Nodes[i].ID] = [2]int{x, y}
	}
	m.drawEdges(cv, cs, left, mid, ends)
	if sel, ok := f.Flight(m.Sel.Flight); ok {
		m.drawPath(cv, sel, ends)
	}
	for i, n := range f.Nodes {
		if i < len(rects) {
			m.drawNode(cv, rects[i], size, n, side[n.ID], sides > 1)
		}
	}
	for _, fl := range f.Flights {
		m.drawFlight(cv, fl, ends)
	}
	return common.Block(append(append([]string{title}, cv.lines()...), legend...), w, h)
}

// clients are the client threads, then any other client with a message
// in flight (such as the one that sends init).
func clients(f *frame.Frame) []sim.ClientState {
	cs := f.Clients
	known := map[string]bool{}
	for _, c := range cs {
		known[c.ID] = true
	}
	for _, fl := range f.Flights {
		for _, id := range []string{fl.Src, fl.Dest} {
			if frame.IsClient(id) && !known[id] {
				known[id] = true
				cs = append(cs, sim.ClientState{ID: id, Busy: true})
			}
		}
	}
	return cs
}

func clientLabel(c sim.ClientState) string {
	switch {
	case c.Node == "":
		return c.ID
	case c.Busy:
		return c.ID + "▸" + c.Node
	}
	return c.ID + " " + c.Node
}

func edgeWidth[T any](items []T, label func(int) string) int {
	w := 0
	for i := range items {
		w = max(w, len([]rune(label(i)))+1)
	}
	return w
}

// drawEdges lists clients down the left edge and services down the right,
// and records where messages to and from them start.
func (m *Model) drawEdges(cv *canvas, cs []sim.ClientState, left, mid int, ends map[string][2]int) {
	f, st := m.F, m.C.Styles
	style := cv.use("client", st.Client)
	for i, c := range cs {
		y := i * cv.h / max(len(cs), 1) // when there are more than rows, some share one
		if len(cs) <= cv.h {
			y = i + (cv.h-len(cs))/2
		}
		cv.text(0, y, left-1, clientLabel(c), style, labelCell)
		ends[c.ID] = [2]int{left - 1, y}
	}
	ss := cv.use("service", st.Service)
	for i, s := range f.Services {
		y := i + (cv.h-len(f.Services))/2
		cv.text(left+mid+1, y, len(s), s, ss, labelCell)
		ends[s] = [2]int{left + mid, y}
	}
}

func (m *Model) drawNode(cv *canvas, r rect, size boxSize, n sim.NodeState, side int, partitioned bool) {
	st := m.C.Styles
	style, name := st.Node, "node"
	switch {
	case n.ID == m.Sel.Node:
		style, name = st.NodeSelected, "selected"
	case n.Down:
		style, name = st.NodeDown, "down"
	case n.Paused:
		style, name = st.NodePaused, "paused"
	case partitioned:
		style, name = st.Groups[side%len(st.Groups)], fmt.Sprintf("group%d", side%len(st.Groups))
	}
	s := cv.use(name, style)
	label := n.ID
	if m.Sel.IsMarked(n.ID) {
		label = "*" + label
	}
	switch {
	case n.Down:
		label += "✗"
	case n.Paused:
		label += "‖"
	}
	group := ""
	if partitioned {
		group = string(rune('A' + side))
	}
	if size.h == 1 {
		if n.ID == m.Sel.Node {
			label = "[" + label + "]"
		}
		cv.text(r.x, r.y, r.w, label+group, s, boxCell)
		return
	}
	cv.box(r, s, n.ID == m.Sel.Node)
	cv.text(r.x+1, r.y, r.w-2, label, s, boxCell)
	if group != "" {
		cv.put(r.x+r.w-2, r.y, rune(group[0]), s, boxCell)
	}
	plain := cv.use("plain", st.Log)
	for i, line := range pack(badges(n), r.w-2, r.h-2) {
		cv.text(r.x+1, r.y+1+i, r.w-2, line, plain, boxCell)
	}
}

// progress is how far along its way a message is drawn: by time when it
// has latency; halfway when it arrives in the instant it left.
func progress(fl engine.Flight, now int64) float64 {
	if fl.At <= fl.Sent {
		return 0.5
	}
	p := float64(now-int64(fl.Sent)) / float64(fl.At-fl.Sent)
	return 0.15 + 0.7*math.Max(0, math.Min(1, p))
}

func (m *Model) drawFlight(cv *canvas, fl engine.Flight, ends map[string][2]int) {
	a, okA := ends[fl.Src]
	b, okB := ends[fl.Dest]
	if !okA || !okB {
		return
	}
	selected := fl.Seq == m.Sel.Flight
	p := progress(fl, int64(m.F.Now))
	// Slide toward the middle of the link until out of the boxes.
	for step := 0; step < 20; step++ {
		x := int(math.Round(float64(a[0]) + (float64(b[0])-float64(a[0]))*p))
		y := int(math.Round(float64(a[1]) + (float64(b[1])-float64(a[1]))*p))
		switch cv.at(x, y) {
		case blank, dotCell:
			m.putFlight(cv, x, y, fl, selected, 1)
			return
		case flightCell:
			m.putFlight(cv, x, y, fl, selected, 2)
			return
		}
		p += (0.5 - p) / 4
	}
}

// putFlight draws a message; messages on the same cell show how many
// share it.
func (m *Model) putFlight(cv *canvas, x, y int, fl engine.Flight, selected bool, stack int) {
	st := m.C.Styles
	typ := m.F.Index.TypeOf(fl.ID)
	glyph := '•'
	if stack > 1 {
		switch r := cv.runes[y*cv.w+x]; {
		case r == '◆' && !selected:
			return
		case r >= '2' && r < '9':
			glyph = r + 1
		case r == '9' || r == '+':
			glyph = '+'
		default:
			glyph = '2'
		}
	}
	s := cv.use("type:"+typ, st.TypeStyle(typ))
	if selected {
		glyph, s = '◆', cv.use("selflight", st.FlightSelected)
	}
	cv.put(x, y, glyph, s, flightCell)
}

// drawPath dots the way of the selected message.
func (m *Model) drawPath(cv *canvas, fl engine.Flight, ends map[string][2]int) {
	a, okA := ends[fl.Src]
	b, okB := ends[fl.Dest]
	if !okA || !okB {
		return
	}
	s := cv.use("path", m.C.Styles.Path)
	n := max(abs(b[0]-a[0]), abs(b[1]-a[1]))
	for i := 1; i < n; i++ {
		x := a[0] + (b[0]-a[0])*i/n
		y := a[1] + (b[1]-a[1])*i/n
		if cv.at(x, y) == blank {
			cv.put(x, y, '·', s, dotCell)
		}
	}
}

func abs(x int) int { return max(x, -x) }
