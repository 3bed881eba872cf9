package cluster

import "math"

type rect struct{ x, y, w, h int }

func (r rect) center() (int, int) { return r.x + r.w/2, r.y + r.h/2 }

// overlaps reports whether two boxes touch, keeping a column between them
// so a dot can pass.
func (r rect) overlaps(o rect) bool {
	return r.x < o.x+o.w+1 && o.x < r.x+r.w+1 && r.y < o.y+o.h && o.y < r.y+r.h
}

// boxSize is one way to draw a node: a box of h rows (1 means no border)
// between minW and maxW columns wide.
type boxSize struct{ h, minW, maxW int }

// sizes are tried from roomiest to tightest.
var sizes = []boxSize{{4, 11, 22}, {3, 8, 16}, {1, 4, 10}}

// place lays out n boxes in a w×h area: on a ring when few enough fit
// without touching, else on a grid, with the largest boxes that fit.
func place(n, w, h int) ([]rect, boxSize) {
	for _, s := range sizes {
		if n <= 10 {
			if rs, ok := ring(n, w, h, s); ok {
				return rs, s
			}
		}
		if rs, ok := grid(n, w, h, s); ok {
			return rs, s
		}
	}
	return nil, sizes[len(sizes)-1]
}

func ring(n, w, h int, s boxSize) ([]rect, bool) {
	bw := min(s.maxW, max(s.minW, w/3))
	if bw > w || s.h > h {
		return nil, false
	}
	// A cell is about twice as tall as it is wide: a round ring is twice
	// as wide as it is tall, in cells.
	rx, ry := float64(w-bw)/2, float64(h-s.h)/2
	rx, ry = min(rx, 2.5*ry), min(ry, rx/2)
	cx, cy := float64(w-bw)/2, float64(h-s.h)/2
	rs := make([]rect, n)
	for i := range rs {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		x := int(math.Round(cx + rx*math.Cos(a)))
		y := int(math.Round(cy + ry*math.Sin(a)))
		if n == 1 {
			x, y = int(cx), int(cy)
		}
		rs[i] = rect{x, y, bw, s.h}
		for _, o := range rs[:i] {
			if rs[i].overlaps(o) {
				return nil, false
			}
		}
	}
	return rs, true
}

// grid picks the column count whose cells are closest to the shape of a
// box, among those where every box fits with room around it.
func grid(n, w, h int, s boxSize) ([]rect, bool) {
	best, bestScore := 0, -1
	for cols := 1; cols <= n; cols++ {
		rows := (n + cols - 1) / cols
		cw, ch := w/cols, h/rows
		room := 1
		if s.h == 1 {
			room = 0
		}
		if cw-1 < s.minW || ch-room < s.h {
			continue
		}
		score := min(cw, 3*ch)
		if score > bestScore {
			best, bestScore = cols, score
		}
	}
	if best == 0 {
		return nil, false
	}
	rows := (n + best - 1) / best
	cw, ch := w/best, h/rows
	bw := min(s.maxW, cw-1)
	rs := make([]rect, n)
	for i := range rs {
		col, row := i%best, i/best
		rs[i] = rect{col*cw + (cw-bw)/2, row*ch + (ch-s.h)/2, bw, s.h}
	}
	return rs, true
}
