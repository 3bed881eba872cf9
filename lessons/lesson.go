package lessons

import (
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/eddy-sim/eddy/nodes/catalog"
	"github.com/eddy-sim/eddy/nodes/node"
	"github.com/eddy-sim/eddy/sim"
)

// content holds every lesson's text, hints and starter, in a directory
// named like its workspace (01-echo/lesson.md, …), and the files every
// workspace shares (workspace/).
//
//go:embed [0-9]* workspace
var content embed.FS

// Lesson is one guided lesson.
type Lesson struct {
	Number int
	Slug   string // "broadcast": the workspace is learn/03-broadcast
	Title  string
	// Programs are the node programs the learner writes in node.go; most
	// lessons ask for one, called Program.
	Programs []Program
	// Checks are graded in this order, which is also their Group order.
	Checks []CheckSpec
	Watch  Watch
}

// Program is one node program a lesson asks for.
type Program struct {
	Func      string // its name in node.go
	Workload  string // the workload it serves; its binary is named after it
	Reference string // the catalog program that solves it
}

// Watch is a lesson's teaching run: the reference (or the learner's node)
// on a seed where the lesson's key moment shows, and a planted bug that the
// same run exposes, to compare.
type Watch struct {
	Program int         // index into Lesson.Programs
	Options sim.Options // the run, seed included
	Bug     string      // a catalog program whose bug this run shows
	Look    string      // what to look for, in a sentence or two
}

// Name is the lesson's directory name, and its workspace's: "03-broadcast".
func (l *Lesson) Name() string { return fmt.Sprintf("%02d-%s", l.Number, l.Slug) }

// All returns every lesson, in order.
func All() []*Lesson { return lessons }

// Get returns lesson number n.
func Get(n int) (*Lesson, error) {
	if n < 1 || n > len(lessons) {
		return nil, fmt.Errorf("no lesson %d: lessons are numbered 1 to %d (eddy lesson list)", n, len(lessons))
	}
	return lessons[n-1], nil
}

// Parse reads a lesson number as a person types it: "3", "03" or
// "03-broadcast".
func Parse(s string) (*Lesson, error) {
	num, _, _ := strings.Cut(s, "-")
	n, err := strconv.Atoi(num)
	if err != nil {
		return nil, fmt.Errorf("%q is not a lesson number (eddy lesson list shows them)", s)
	}
	return Get(n)
}

// Text is the lesson's text, markdown, as written in lesson.md.
func (l *Lesson) Text() string { return l.file("lesson.md") }

// Starter is the starter code template, node.go.tmpl.
func (l *Lesson) Starter() string { return l.file("starter/node.go.tmpl") }

func (l *Lesson) file(name string) string {
	b, err := fs.ReadFile(content, l.Name()+"/"+name)
	if err != nil {
		panic(fmt.Sprintf("lesson %s: %v", l.Name(), err)) // embedded: a test reads them all
	}
	return string(b)
}

// References returns the reference programs, one per Lesson.Programs.
func (l *Lesson) References() []node.Program {
	out := make([]node.Program, len(l.Programs))
	for i, p := range l.Programs {
		e, err := catalog.Lookup(p.Reference)
		if err != nil {
			panic(fmt.Sprintf("lesson %s: %v", l.Name(), err)) // a test looks them all up
		}
		out[i] = e.Program
	}
	return out
}
