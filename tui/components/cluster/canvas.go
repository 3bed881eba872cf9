package cluster

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// canvas is a grid of cells, each a rune in one of a few styles. It is
// rendered a row at a time, one styled run per change of style, because
// styling cell by cell is too slow for a frame a second.
type canvas struct {
	w, h   int
	runes  []rune
	style  []uint8 // index into styles; 0 is unstyled
	kind   []uint8 // what occupies the cell, to keep dots out of boxes
	styles []lipgloss.Style
	named  map[string]uint8
}

const (
	blank uint8 = iota
	boxCell
	dotCell
	flightCell
	labelCell
)

func newCanvas(w, h int) *canvas {
	c := &canvas{w: max(w, 0), h: max(h, 0), styles: []lipgloss.Style{lipgloss.NewStyle()}, named: map[string]uint8{}}
	n := c.w * c.h
	c.runes, c.style, c.kind = make([]rune, n), make([]uint8, n), make([]uint8, n)
	for i := range c.runes {
		c.runes[i] = ' '
	}
	return c
}

// use registers a style under a name, once, and returns its index.
func (c *canvas) use(name string, s lipgloss.Style) uint8 {
	if i, ok := c.named[name]; ok {
		return i
	}
	c.styles = append(c.styles, s)
	c.named[name] = uint8(len(c.styles) - 1)
	return c.named[name]
}

func (c *canvas) in(x, y int) bool { return x >= 0 && y >= 0 && x < c.w && y < c.h }

func (c *canvas) at(x, y int) uint8 {
	if !c.in(x, y) {
		return boxCell
	}
	return c.kind[y*c.w+x]
}

func (c *canvas) put(x, y int, r rune, st, kind uint8) {
	if c.in(x, y) {
		i := y*c.w + x
		c.runes[i], c.style[i], c.kind[i] = r, st, kind
	}
}

// text writes s from (x, y), clipped to width w.
func (c *canvas) text(x, y, w int, s string, st, kind uint8) {
	i := 0
	for _, r := range s {
		if i >= w {
			return
		}
		c.put(x+i, y, r, st, kind)
		i++
	}
}

// box draws a border; double marks the selected node.
func (c *canvas) box(r rect, st uint8, double bool) {
	h, v, tl, tr, bl, br := '─', '│', '╭', '╮', '╰', '╯'
	if double {
		h, v, tl, tr, bl, br = '═', '║', '╔', '╗', '╚', '╝'
	}
	for x := r.x; x < r.x+r.w; x++ {
		for y := r.y; y < r.y+r.h; y++ {
			ch := ' '
			switch {
			case y == r.y && x == r.x:
				ch = tl
			case y == r.y && x == r.x+r.w-1:
				ch = tr
			case y == r.y+r.h-1 && x == r.x:
				ch = bl
			case y == r.y+r.h-1 && x == r.x+r.w-1:
				ch = br
			case y == r.y || y == r.y+r.h-1:
				ch = h
			case x == r.x || x == r.x+r.w-1:
				ch = v
			}
			c.put(x, y, ch, st, boxCell)
		}
	}
}

func (c *canvas) lines() []string {
	out := make([]string, c.h)
	var b strings.Builder
	for y := range c.h {
		b.Reset()
		row := y * c.w
		for x := 0; x < c.w; {
			st := c.style[row+x]
			end := x
			for end < c.w && c.style[row+end] == st {
				end++
			}
			run := string(c.runes[row+x : row+end])
			if st == 0 {
				b.WriteString(run)
			} else {
				b.WriteString(c.styles[st].Render(run))
			}
			x = end
		}
		out[y] = b.String()
	}
	return out
}
