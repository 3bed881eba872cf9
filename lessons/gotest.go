package lessons

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// GoTestResult is what `go test -json` in a workspace showed.
type GoTestResult struct {
	Outcomes []Outcome // the checks that ran, in order
	// Failure is set when go test failed without any check to blame: the
	// node did not compile, or the test binary died. It holds go's own
	// words.
	Failure string
}

// goTestTimeout bounds a workspace's go test: a handler that blocks (on a
// channel, say) would otherwise hang it for go's default ten minutes.
const goTestTimeout = "5m"

// GoTestOptions choose what a workspace's go test runs.
type GoTestOptions struct {
	Only  int    // just this check (1-based), if > 0
	Seed  uint64 // every check on this seed, if > 0
	Watch bool   // the teaching run instead of the checks, its files kept
}

// GoTest runs the checks (or the teaching run) in a workspace with `go test
// -json`, and reads the outcomes they report.
func (l *Lesson) GoTest(ctx context.Context, dir string, opt GoTestOptions) (GoTestResult, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return GoTestResult{}, errors.New("the Go toolchain (go) is not on PATH, and it builds your node; or check any executable with --bin")
	}
	args := []string{"test", "-json", "-count=1", "-timeout", goTestTimeout}
	switch {
	case opt.Watch:
		args = append(args, "-run", "^TestLesson$/^watch$")
	case opt.Only > len(l.Checks) || opt.Only < 0:
		return GoTestResult{}, fmt.Errorf("lesson %d has checks 1 to %d, not %d", l.Number, len(l.Checks), opt.Only)
	case opt.Only > 0:
		args = append(args, "-run", fmt.Sprintf("^TestLesson$/^%s$", l.Checks[opt.Only-1].testName(opt.Only-1)))
	}
	cmd := exec.CommandContext(ctx, goBin, append(args, ".")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), ReportEnv+"=1")
	if opt.Seed > 0 {
		cmd.Env = append(cmd.Env, fmt.Sprintf("%s=%d", SeedEnv, opt.Seed))
	}
	if opt.Watch {
		cmd.Env = append(cmd.Env, WatchEnv+"=1")
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if ctx.Err() != nil {
		return GoTestResult{}, ctx.Err()
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return GoTestResult{}, fmt.Errorf("running go test in %s: %w", dir, err)
	}
	res := parseGoTest(stdout)
	if res.Failure == "" && len(res.Outcomes) == 0 && err != nil {
		res.Failure = strings.TrimSpace(stderr.String())
	}
	if res.Failure != "" && stderr.Len() > 0 && !strings.Contains(res.Failure, strings.TrimSpace(stderr.String())) {
		res.Failure = strings.TrimSpace(res.Failure + "\n" + stderr.String())
	}
	return res, nil
}

// testEvent is one line of go test -json (cmd/test2json).
type testEvent struct {
	Action string
	Test   string
	Output string
}

// parseGoTest reads go test -json output. Each check's subtest logs its
// Outcome on a marker line; output is gathered per test before it is read,
// because test2json splits long lines.
func parseGoTest(out []byte) GoTestResult {
	var res GoTestResult
	outputs := map[string]*strings.Builder{}
	var build, top strings.Builder // compiler errors; output of no test
	failed := false
	var order []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	for sc.Scan() {
		var e testEvent
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			top.WriteString(sc.Text() + "\n") // go itself, speaking plainly
			continue
		}
		switch {
		case e.Action == "build-output":
			build.WriteString(e.Output)
		case e.Action == "output" && e.Test == "":
			top.WriteString(e.Output)
		case e.Action == "output":
			b := outputs[e.Test]
			if b == nil {
				b = &strings.Builder{}
				outputs[e.Test] = b
				order = append(order, e.Test)
			}
			b.WriteString(e.Output)
		case e.Action == "fail" || e.Action == "build-fail":
			failed = true
		}
	}
	var unexplained strings.Builder // output of subtests that reported no outcome
	for _, name := range order {
		found := false
		for line := range strings.Lines(outputs[name].String()) {
			_, js, ok := strings.Cut(line, outcomeMarker)
			var o Outcome
			if ok && json.Unmarshal([]byte(strings.TrimSpace(js)), &o) == nil {
				res.Outcomes = append(res.Outcomes, o)
				found = true
			}
		}
		if !found && strings.Contains(name, "/") {
			unexplained.WriteString(outputs[name].String())
		}
	}
	slices.SortFunc(res.Outcomes, func(a, b Outcome) int { return a.Number - b.Number })
	switch {
	case build.Len() > 0:
		res.Failure = strings.TrimSpace(build.String())
	case failed && (len(res.Outcomes) == 0 || unexplained.Len() > 0):
		// A test binary that died (a timeout, a panic outside any run)
		// says why in output that belongs to no check's outcome.
		res.Failure = strings.TrimSpace(top.String() + unexplained.String())
		if res.Failure == "" {
			for _, name := range order {
				res.Failure += outputs[name].String()
			}
			res.Failure = strings.TrimSpace(res.Failure)
		}
	}
	return res
}
