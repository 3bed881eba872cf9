package lessons

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func event(action, test, output string) string {
	b, _ := json.Marshal(map[string]string{"Action": action, "Test": test, "Output": output})
	return string(b) + "\n"
}

// TestParseGoTest reads outcomes from go test -json, including a marker
// line that test2json split in two, out of order across parallel tests.
func TestParseGoTest(t *testing.T) {
	two, _ := json.Marshal(Outcome{Number: 2, Name: "b", Finding: strings.Repeat("x", 5000)})
	one, _ := json.Marshal(Outcome{Number: 1, Name: "a", Passed: true})
	line := "    testing.go:60: " + outcomeMarker + string(two) + "\n"
	out := event("run", "TestLesson", "") +
		event("output", "TestLesson/02-b", line[:4096]) +
		event("output", "TestLesson/01-a", "    testing.go:60: "+outcomeMarker+string(one)+"\n") +
		event("output", "TestLesson/02-b", line[4096:]) +
		event("fail", "TestLesson/02-b", "") +
		event("fail", "TestLesson", "")
	res := parseGoTest([]byte(out))
	assert.Empty(t, res.Failure)
	require.Len(t, res.Outcomes, 2)
	assert.Equal(t, "a", res.Outcomes[0].Name)
	assert.Equal(t, 5000, len(res.Outcomes[1].Finding))
}

func TestParseGoTestBuildFailure(t *testing.T) {
	out := event("build-output", "", "# learn/01-echo\n") +
		event("build-output", "", "./node.go:9:2: undefined: foo\n") +
		event("build-fail", "", "") +
		"FAIL\tlearn/01-echo [build failed]\n"
	res := parseGoTest([]byte(out))
	assert.Equal(t, "# learn/01-echo\n./node.go:9:2: undefined: foo", res.Failure)
	assert.Empty(t, res.Outcomes)
}

func TestParseGoTestDeadBinary(t *testing.T) {
	one, _ := json.Marshal(Outcome{Number: 1, Name: "a", Passed: true})
	out := event("output", "TestLesson/01-a", outcomeMarker+string(one)+"\n") +
		event("output", "TestLesson/02-b", "panic: test timed out after 5m0s\n") +
		event("fail", "TestLesson/02-b", "") +
		event("fail", "TestLesson", "")
	res := parseGoTest([]byte(out))
	assert.Contains(t, res.Failure, "test timed out")
}
