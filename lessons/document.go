package lessons

import (
	"fmt"
	"strings"
)

// MaelstromLines are the lesson's checks as `maelstrom test` commands, one
// line each (a run two checks share, once), each that is not quite the
// same test preceded by a comment line saying what differs. bins are the
// executables, one per program or one for all.
func (l *Lesson) MaelstromLines(bins []string) []string {
	var lines []string
	seen := map[string]bool{}
	for i, c := range l.Checks {
		cmd, differs := MaelstromCommand(c.Options, bins[min(c.Program, len(bins)-1)])
		if seen[cmd] {
			continue
		}
		seen[cmd] = true
		if len(differs) > 0 {
			lines = append(lines, fmt.Sprintf("# check %d is not quite the same test: %s", i+1, strings.Join(differs, "; ")))
		}
		lines = append(lines, cmd)
	}
	return lines
}

// Document is the lesson as a learner reads it (`eddy lesson show`, the
// workspace's README.md): the text, then the checks and the commands,
// written from the lesson's definition so they cannot drift from it.
func (l *Lesson) Document() string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(l.Text(), "\n"))
	fmt.Fprintf(&b, "\n\n## The checks\n\n`eddy lesson check %d` runs them, in this order:\n", l.Number)
	group := Group(-1)
	for i, c := range l.Checks {
		if c.Group != group {
			group = c.Group
			fmt.Fprintf(&b, "\n**%s%s**\n\n", strings.ToUpper(group.String()[:1]), group.String()[1:])
		}
		fmt.Fprintf(&b, "%d. %s", i+1, c.Says)
		if len(c.Targets) > 0 {
			var ts []string
			for _, t := range c.Targets {
				ts = append(ts, t.String())
			}
			fmt.Fprintf(&b, " Targets: %s.", strings.Join(ts, ", "))
		}
		fmt.Fprintf(&b, "\n   `%s`\n", strings.Join(Flags(c.Options), " "))
	}
	ws := "learn/" + l.Name()
	fmt.Fprintf(&b, "\n## Working on it\n\n```sh\n")
	fmt.Fprintf(&b, "eddy lesson start %d          # your workspace: %s/node.go\n", l.Number, ws)
	fmt.Fprintf(&b, "eddy lesson check %d          # grade your node: numbered checks, why one failed, its seed\n", l.Number)
	fmt.Fprintf(&b, "eddy lesson hint %d           # a hint for the check that failed; more as it keeps failing\n", l.Number)
	fmt.Fprintf(&b, "eddy lesson watch %d          # the visualizer, on a run that shows the key moment\n", l.Number)
	fmt.Fprintf(&b, "```\n\nThe checks run your Go code in Eddy's simulator, in virtual time, so a check takes about\n")
	fmt.Fprintf(&b, "as long on every machine and the same seed always replays the same run. Inside the\n")
	fmt.Fprintf(&b, "workspace, plain `go test` runs the same checks.\n")
	fmt.Fprintf(&b, "\n**Another language?** Any program that speaks Maelstrom's protocol over stdin and stdout\n")
	fmt.Fprintf(&b, "can take the lesson, Python and Rust included: `eddy lesson check %d --bin ./mynode`.\n", l.Number)
	fmt.Fprintf(&b, "Eddy then runs it as real processes, in real time, on the same checks.\n")
	fmt.Fprintf(&b, "\n**Under the real Maelstrom**, the same checks are:\n\n```sh\n")
	var bins []string
	for i, p := range l.Programs {
		fmt.Fprintf(&b, "go -C %s build -o %s .\n", ws, p.Workload)
		bins = append(bins, ws+"/"+l.Programs[i].Workload)
	}
	for _, line := range l.MaelstromLines(bins) {
		fmt.Fprintln(&b, line)
	}
	fmt.Fprintf(&b, "```\n")
	return b.String()
}
