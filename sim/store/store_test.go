package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunDirectoryAndLatestLinks(t *testing.T) {
	root := t.TempDir()
	now := time.Date(2026, 11, 21, 12, 30, 5, 123e6, time.UTC)
	a, err := Create(root, "echo", now)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "echo", "20261121T123005.123Z"), a.Dir)
	b, err := Create(root, "echo", now) // the same millisecond: a fresh directory anyway
	require.NoError(t, err)
	assert.NotEqual(t, a.Dir, b.Dir)

	_, _ = b.Trace().Write([]byte("trace\n"))
	_, _ = b.NodeLog("n1").Write([]byte("log\n"))
	require.NoError(t, b.WriteResults(map[string]any{"valid?": true}))
	require.NoError(t, b.WriteFile("independent/0/linear.html", []byte("<html>")))
	require.ErrorContains(t, b.WriteFile("../escape", nil), "outside")
	require.NoError(t, b.Close())

	for _, latest := range []string{filepath.Join(root, "latest"), filepath.Join(root, "echo", "latest")} {
		for _, f := range []string{"trace.jsonl", "history.jsonl", "results.json", "node-logs/n1.log", "independent/0/linear.html"} {
			_, err := os.Stat(filepath.Join(latest, f))
			assert.NoError(t, err, "%s/%s", latest, f)
		}
	}
	got, err := os.ReadFile(filepath.Join(root, "latest", "node-logs", "n1.log"))
	require.NoError(t, err)
	assert.Equal(t, "log\n", string(got))
}
