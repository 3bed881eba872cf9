package lessons_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/lessons"
)

// eddyRoot is this checkout: the workspaces in these tests build against
// it, as a learner's build against theirs.
func eddyRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	return root
}

func TestEddyRootIsThisCheckout(t *testing.T) {
	root, err := lessons.EddyRoot()
	require.NoError(t, err)
	assert.Equal(t, eddyRoot(t), root)

	t.Setenv(lessons.RootEnv, t.TempDir())
	_, err = lessons.EddyRoot()
	assert.ErrorContains(t, err, "is not an Eddy checkout")
}

// TestStartersCompileAndFailTheirChecks builds every lesson's fresh
// workspace with go, offline (GOPROXY=off, GOFLAGS=-mod=mod, as the brief
// for learners' machines says), and runs its checks the way `eddy lesson
// check` does: the starter must compile, and fail with a finding that
// points at the work to do.
func TestStartersCompileAndFailTheirChecks(t *testing.T) {
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	learn := filepath.Join(t.TempDir(), "learn")
	first := map[int]string{ // what the first failing check says
		1: `answered with the error not-supported: no handler for "echo"`,
		2: `no generate succeeded: all \d+ failed or went unanswered; the first generate, sent to n0 at 0.000s, got the error not-supported: no handler for "generate"`,
		3: `no broadcast succeeded: .* got the error not-supported: no handler for "broadcast"`,
		4: `^value \d+ was acknowledged by n\d at .* lack`,
		5: `^msgs/op was \d+\.\d, and the target is under 30;`,
		6: `no add succeeded: .* got the error not-supported: no handler for "add"`,
	}
	for _, l := range lessons.All() {
		t.Run(l.Name(), func(t *testing.T) {
			t.Parallel()
			ws, err := l.Start(learn, eddyRoot(t))
			require.NoError(t, err)
			gomod, err := os.ReadFile(filepath.Join(ws.Dir, "go.mod"))
			require.NoError(t, err)

			res, err := l.GoTest(context.Background(), ws.Dir, lessons.GoTestOptions{})
			require.NoError(t, err)
			require.Empty(t, res.Failure, "the starter must compile")
			require.Len(t, res.Outcomes, len(l.Checks))
			var failed []lessons.Outcome
			for i, o := range res.Outcomes {
				assert.Equal(t, i+1, o.Number)
				assert.Equal(t, l.Checks[i].Name, o.Name)
				if !o.Passed {
					failed = append(failed, o)
					assert.DirExists(t, filepath.Join(ws.Dir, o.Store), "a failing check keeps its files")
				}
			}
			require.NotEmpty(t, failed, "the starter must fail some check")
			assert.Regexp(t, first[l.Number], failed[0].Finding)

			after, err := os.ReadFile(filepath.Join(ws.Dir, "go.mod"))
			require.NoError(t, err)
			assert.Equal(t, string(gomod), string(after), "go.mod needed no change, so go builds it with -mod=readonly too")
		})
	}
}

func TestStartNeverOverwrites(t *testing.T) {
	l, _ := lessons.Get(1)
	learn := t.TempDir()
	res, err := l.Start(learn, eddyRoot(t))
	require.NoError(t, err)
	assert.Empty(t, res.Kept)
	assert.ElementsMatch(t, []string{"node.go", "README.md", "main.go", "check_test.go", "go.mod", "go.sum"}, res.Created)

	mine := []byte("package main\n\n// my work\n")
	require.NoError(t, os.WriteFile(filepath.Join(res.Dir, "node.go"), mine, 0o644))
	require.NoError(t, os.Remove(filepath.Join(res.Dir, "check_test.go")))
	again, err := l.Start(learn, eddyRoot(t))
	require.NoError(t, err)
	assert.Equal(t, []string{"check_test.go"}, again.Created)
	assert.Contains(t, again.Kept, "node.go")
	b, err := os.ReadFile(filepath.Join(res.Dir, "node.go"))
	require.NoError(t, err)
	assert.Equal(t, mine, b)
}

func TestWorkspaceGoMod(t *testing.T) {
	l, _ := lessons.Get(3)
	res, err := l.Start(t.TempDir(), eddyRoot(t))
	require.NoError(t, err)
	b, err := os.ReadFile(filepath.Join(res.Dir, "go.mod"))
	require.NoError(t, err)
	gomod := string(b)
	assert.True(t, strings.HasPrefix(gomod, "module learn/03-broadcast\n"))
	assert.Contains(t, gomod, "require github.com/eddy-sim/eddy v0.0.0\n")
	assert.Contains(t, gomod, "replace github.com/eddy-sim/eddy => "+eddyRoot(t)+"\n")
	assert.Contains(t, gomod, "\tgithub.com/stretchr/testify v")
	check, err := os.ReadFile(filepath.Join(res.Dir, "check_test.go"))
	require.NoError(t, err)
	assert.Contains(t, string(check), "lessons.Check(t, 3, Program)")
}
