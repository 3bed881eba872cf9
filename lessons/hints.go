package lessons

import (
	"strings"
)

// generalHints names the hints.md section that serves any check.
const generalHints = "any"

// hints reads hints.md: "## name" sections, one per check name (or "any"
// for hints that fit every check), each holding hints from gentle to
// nearly the answer, separated by lines of "---". Text before the first
// section is for the author.
func (l *Lesson) hints() map[string][]string {
	out := map[string][]string{}
	section := ""
	var cur strings.Builder
	flush := func() {
		if text := strings.TrimSpace(cur.String()); section != "" && text != "" {
			out[section] = append(out[section], text)
		}
		cur.Reset()
	}
	for line := range strings.Lines(l.file("hints.md")) {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "## "):
			flush()
			section = strings.TrimSpace(strings.TrimPrefix(line, "## "))
		case trimmed == "---":
			flush()
		default:
			cur.WriteString(line)
		}
	}
	flush()
	return out
}

// Hints is what `eddy lesson hint` shows.
type Hints struct {
	Check    int      // the failing check's number, 0 for none
	Failures int      // how often it has failed
	Shown    []string // the hints unlocked so far, first to last
	Total    int      // how many there are for it
	AllPass  bool     // every check passed on its last run: nothing to hint
}

// Hints picks the hints for a learner's record of this lesson: for the
// first check whose last run failed, one hint per failure so far (its own
// hints, then the lesson's general ones); before any check has run, the
// first general hint.
func (l *Lesson) Hints(record map[string]CheckProgress) Hints {
	all := l.hints()
	passed := 0
	for i, c := range l.Checks {
		r := record[c.Name]
		if r.Passed {
			passed++
			continue
		}
		if r.Failures == 0 {
			continue
		}
		ladder := append(append([]string(nil), all[c.Name]...), all[generalHints]...)
		return Hints{Check: i + 1, Failures: r.Failures, Shown: ladder[:min(r.Failures, len(ladder))], Total: len(ladder)}
	}
	if passed == len(l.Checks) {
		return Hints{AllPass: true}
	}
	general := all[generalHints]
	return Hints{Shown: general[:min(1, len(general))], Total: len(general)}
}
