package host

import "fmt"

// ring keeps the last lines a process printed on one stream, for crash
// reports. Lines are truncated: the tail is for reading, not replaying.
type ring struct {
	lines [tailLines]string
	next  int
	n     int
}

const (
	tailLines   = 32 // as Maelstrom
	tailLineMax = 1000
)

func (r *ring) add(line []byte) {
	s := string(line[:min(len(line), tailLineMax)])
	if len(line) > tailLineMax {
		s += fmt.Sprintf("… (%d bytes)", len(line))
	}
	r.lines[r.next] = s
	r.next = (r.next + 1) % tailLines
	r.n = min(r.n+1, tailLines)
}

// all returns the kept lines, oldest first.
func (r *ring) all() []string {
	out := make([]string, 0, r.n)
	for i := range r.n {
		out = append(out, r.lines[(r.next-r.n+i+tailLines)%tailLines])
	}
	return out
}
