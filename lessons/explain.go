package lessons

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/eddy-sim/eddy/internal/wire"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/checker"
	"github.com/eddy-sim/eddy/sim/engine"
	"github.com/eddy-sim/eddy/sim/history"
)

func validRun(res *sim.Result) bool { return res.Valid == checker.Valid }

// Explain says in words why a run is not valid: the one finding a learner
// should look at first, with the node, the value and the time. A crash
// comes first (nothing after it is trustworthy), then an aborted run, a
// workload checker that found a violation, operations that never
// succeeded, missed availability, and a workload checker that could not
// decide.
func Explain(res *sim.Result) string {
	if p, ok := firstProblem(res.Problems, "crash"); ok {
		return crashText(p)
	}
	if res.Aborted != "" {
		return "the run stopped early: " + res.Aborted
	}
	wl := res.Workload.Verdict()
	switch {
	case wl == checker.Invalid:
		return explainWorkload(res)
	case res.Stats.Verdict() != checker.Valid:
		return explainStats(res)
	case res.Availability.Verdict() != checker.Valid:
		return fmt.Sprintf("only %.1f%% of operations succeeded, short of the availability this check asks for%s",
			100*res.Availability.OKFraction, firstFailure(res.History, ""))
	case wl != checker.Valid:
		return explainWorkload(res)
	}
	if len(res.Problems) > 0 {
		p := res.Problems[0]
		return fmt.Sprintf("%s at %.3fs (%s): %s", who(p.Node), p.Time.Seconds(), p.Kind, p.Text)
	}
	return "the verdict was " + res.Valid.String()
}

func who(node string) string {
	if node == "" {
		return "eddy"
	}
	return node
}

func firstProblem(ps []engine.Problem, kind string) (engine.Problem, bool) {
	for _, p := range ps {
		if p.Kind == kind {
			return p, true
		}
	}
	return engine.Problem{}, false
}

// crashText is a crash's first line and, for a Go panic, the first frame
// outside the Go runtime: where the node's own code panicked.
func crashText(p engine.Problem) string {
	lines := strings.Split(p.Text, "\n")
	text := fmt.Sprintf("%s crashed at %.3fs: %s", who(p.Node), p.Time.Seconds(), lines[0])
	afterPanic := false
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") {
			afterPanic = true
			continue
		}
		if !afterPanic || !strings.HasPrefix(l, "\t") || strings.Contains(l, "/src/runtime/") || i == 0 {
			continue
		}
		file, _, _ := strings.Cut(strings.TrimSpace(l), " ")
		return text + ", at " + filepath.Base(file)
	}
	return text
}

// explainStats names an operation that never succeeded, and the first
// answer it got.
func explainStats(res *sim.Result) string {
	for _, f := range slices.Sorted(maps.Keys(res.Stats.ByF)) {
		c := res.Stats.ByF[f]
		if c.OKCount == 0 {
			return fmt.Sprintf("no %s succeeded: all %d failed or went unanswered%s", f, c.Count, firstFailure(res.History, f))
		}
	}
	return "the stats checker found the run " + res.Stats.Verdict().String()
}

// firstFailure describes the first completion of f (of anything, for "")
// that was not ok: "; the first: n0 answered with not-supported: …".
func firstFailure(h history.History, f string) string {
	for _, p := range h.Pairs() {
		if (f == "" || p.Invoke.F == f) && p.Outcome() != history.OK {
			return fmt.Sprintf("; the first %s, sent to %s at %.3fs, %s", p.Invoke.F, p.Invoke.Node, p.Invoke.Time.Seconds(), answer(p))
		}
	}
	return ""
}

// answer describes how an operation that did not succeed ended.
func answer(p history.Pair) string {
	if p.Completion == nil || len(p.Completion.Error) == 0 {
		return "got no answer"
	}
	e := p.Completion.Error
	if e[0] == "net-timeout" {
		return "got no answer before the client gave up"
	}
	return "got the error " + strings.Join(e, ": ")
}

func explainWorkload(res *sim.Result) string {
	switch r := res.Workload.(type) {
	case checker.EchoResult:
		return explainEcho(r, res.History)
	case checker.UniqueIDsResult:
		return explainUniqueIDs(r, res.History)
	case checker.SetFullResult:
		return explainSetFull(r, res.History)
	case checker.CounterResult:
		return explainCounter(r, res.History)
	}
	b, _ := json.Marshal(res.Workload)
	return fmt.Sprintf("the workload checker found the run %s: %s", res.Workload.Verdict(), shorten(string(b), 300))
}

func explainEcho(r checker.EchoResult, h history.History) string {
	if len(r.Errors) == 0 {
		return "the echo checker found the run " + r.Valid.String()
	}
	e := r.Errors[0]
	inv := h[e.Index]
	text := fmt.Sprintf("%s was asked at %.3fs to echo %s and ", inv.Node, inv.Time.Seconds(), e.Expected)
	switch {
	case e.Error != nil:
		text += "answered with the error " + strings.Join(e.Error, ": ")
	case string(e.Got) == "null":
		text += `answered with no "echo" field`
	default:
		text += "answered " + string(e.Got)
	}
	return text + more(r.ErrorCount-1, "echo", "echoes", "went wrong")
}

func more(n int, one, many, what string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf(" (1 more %s %s)", one, what)
	}
	return fmt.Sprintf(" (%d more %s %s)", n, many, what)
}

func explainUniqueIDs(r checker.UniqueIDsResult, h history.History) string {
	dups := slices.SortedFunc(maps.Keys(r.Duplicated), func(a, b string) int {
		return cmp.Or(cmp.Compare(r.Duplicated[b], r.Duplicated[a]), cmp.Compare(a, b))
	})
	if len(dups) == 0 {
		return "the unique-ids checker found the run " + r.Valid.String()
	}
	id := dups[0]
	var by []string
	for _, p := range h.Pairs() {
		if p.Invoke.F == "generate" && p.Outcome() == history.OK && canonical(p.Completion.Value) == id {
			by = append(by, fmt.Sprintf("by %s at %.3fs", p.Invoke.Node, p.Completion.Time.Seconds()))
		}
	}
	if len(by) > 3 {
		by = append(by[:3], "…")
	}
	return fmt.Sprintf("id %s was handed out %d times: %s", id, r.Duplicated[id], strings.Join(by, ", ")) +
		more(r.DuplicatedCount-1, "id", "ids", "handed out twice or more")
}

func canonical(raw json.RawMessage) string {
	text, err := wire.Canonical(raw)
	if err != nil {
		return string(raw)
	}
	return text
}

// explainSetFull explains the set-full checker (broadcast, g-set): a lost
// value, who acknowledged it, and whose final read lacks it.
func explainSetFull(r checker.SetFullResult, h history.History) string {
	if r.LostCount == 0 {
		switch {
		case r.Error != "":
			return r.Error
		case r.StableCount == 0:
			return "no read ever returned a value that was added: does read answer with every value the node knows?"
		}
		return "the set checker found the run " + r.Valid.String()
	}
	lost := canonical(r.Lost[0])
	known := fmt.Sprintf("value %s was seen in a read", lost)
	finals := map[string]history.Pair{} // each node's last ok read
	for _, p := range h.Pairs() {
		switch {
		case p.Invoke.F == "read" && p.Outcome() == history.OK:
			finals[p.Invoke.Node] = p
		case p.Outcome() == history.OK && canonical(p.Invoke.Value) == lost:
			known = fmt.Sprintf("value %s was acknowledged by %s at %.3fs", lost, p.Invoke.Node, p.Completion.Time.Seconds())
		}
	}
	var lacking []string
	for _, node := range slices.SortedFunc(maps.Keys(finals), byNodeID) {
		if !readHas(finals[node].Completion.Value, lost) {
			lacking = append(lacking, node)
		}
	}
	text := known + ", but later reads lack it"
	switch n := len(lacking); {
	case n == 1:
		text = fmt.Sprintf("%s, but %s's final read lacks it", known, lacking[0])
	case n > 1 && n == len(finals):
		text = fmt.Sprintf("%s, but the final reads of all %d nodes lack it", known, n)
	case n > maxNamed:
		text = fmt.Sprintf("%s, but the final reads of %d nodes lack it: %s, …", known, n, strings.Join(lacking[:maxNamed], ", "))
	case n > 1:
		text = fmt.Sprintf("%s, but the final reads of %s lack it", known, andList(lacking))
	}
	return text + more(r.LostCount-1, "value was", "values were", "lost")
}

// maxNamed is how many nodes a finding names before it only counts them.
const maxNamed = 6

// byNodeID orders node ids as people count them: n2 before n10.
func byNodeID(a, b string) int { return cmp.Or(cmp.Compare(len(a), len(b)), cmp.Compare(a, b)) }

// readHas reports whether a read's value, a JSON array, holds the value
// whose canonical text is want.
func readHas(read json.RawMessage, want string) bool {
	var elems []json.RawMessage
	if json.Unmarshal(read, &elems) != nil {
		return false
	}
	for _, e := range elems {
		if canonical(e) == want {
			return true
		}
	}
	return false
}

func andList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func explainCounter(r checker.CounterResult, h history.History) string {
	if len(r.Errors) == 0 {
		if len(r.FinalReads) == 0 {
			return "no final read succeeded, so the count could not be checked" + firstFailure(h, "read")
		}
		return "the counter checker found the run " + r.Valid.String()
	}
	e := r.Errors[0]
	var ranges []string
	for _, a := range r.Acceptable {
		if a[0] == a[1] {
			ranges = append(ranges, fmt.Sprint(a[0]))
		} else {
			ranges = append(ranges, fmt.Sprintf("%d…%d", a[0], a[1]))
		}
	}
	want := "the acknowledged adds sum to " + ranges[0]
	if len(ranges) > 1 || r.Acceptable[0][0] != r.Acceptable[0][1] {
		want = "it should be one of " + strings.Join(ranges, " or ") + " (the acknowledged adds, plus any of those whose outcome is unknown)"
	}
	return fmt.Sprintf("%s's final read returned %s, but %s", h[e.Index].Node, e.Value, want) +
		more(r.ErrorCount-1, "final read was", "final reads were", "wrong")
}

// shorten cuts s to n bytes at most, at a character boundary, marking the
// cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
