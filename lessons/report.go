package lessons

import (
	"fmt"
	"io"
	"strings"
)

// Command is a labelled command line a report suggests: "rerun", "eddy
// lesson check 3 --only 2 --seed 1".
type Command struct {
	Label, Line string
}

// WriteReport prints a check run for a person: a verdict line, then each
// check, numbered and grouped, ✓ or ✗, and for each failure why, the seed,
// where its files are, and the commands that replay it (commands gives
// them: the command line knows their syntax).
func (l *Lesson) WriteReport(w io.Writer, outcomes []Outcome, commands func(Outcome) []Command) {
	passed := 0
	for _, o := range outcomes {
		if o.Passed {
			passed++
		}
	}
	of := fmt.Sprintf("%d of %d checks passed", passed, len(outcomes))
	if len(outcomes) < len(l.Checks) {
		of += fmt.Sprintf(" (of the lesson's %d, only these ran)", len(l.Checks))
	}
	fmt.Fprintf(w, "Lesson %d · %s: %s\n", l.Number, l.Title, of)
	group := Group(-1)
	for _, o := range outcomes {
		if o.Group != group {
			group = o.Group
			fmt.Fprintf(w, "\n%s%s\n", strings.ToUpper(group.String()[:1]), group.String()[1:])
		}
		mark := "✓"
		if !o.Passed {
			mark = "✗"
		}
		fmt.Fprintf(w, "  %s %d. %s\n", mark, o.Number, o.Says)
		if o.Figures != "" {
			fmt.Fprintf(w, "       figures: %s\n", o.Figures)
		}
		if o.Passed {
			continue
		}
		fmt.Fprintf(w, "       why:     %s\n", o.Finding)
		fmt.Fprintf(w, "       seed:    %d\n", o.Seed)
		if o.Note != "" {
			fmt.Fprintf(w, "       note:    %s\n", o.Note)
		}
		for _, c := range commands(o) {
			fmt.Fprintf(w, "       %-8s %s\n", c.Label+":", c.Line)
		}
	}
	fmt.Fprintln(w)
	switch {
	case passed < len(outcomes):
		fmt.Fprintf(w, "Stuck? eddy lesson hint %d gives a hint for the first failing check.\n", l.Number)
	case len(outcomes) < len(l.Checks):
		fmt.Fprintf(w, "Those pass. eddy lesson check %d runs them all.\n", l.Number)
	case l.Number < len(lessons):
		fmt.Fprintf(w, "Every check passes: lesson %d is done. Next: eddy lesson start %d\n", l.Number, l.Number+1)
	default:
		fmt.Fprintf(w, "Every check passes: that was the last lesson. Well done.\n")
	}
}
