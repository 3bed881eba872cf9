package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A failed linearizability check leaves porcupine's picture of the failing
// key in the run directory; it must render in a real browser.
func TestLinearizabilityPictureRendersInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (.ci/run installs it)")
	}
	r := eddy(t, "test", "-w", "lin-kv", "--program", "lin-kv-bug-seq-kv", "--node-count", "5", "--concurrency", "2n",
		"--time-limit", "20", "--nemesis", "partition", "--seed", "1")
	require.Equal(t, 1, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	pages, err := filepath.Glob(filepath.Join(r.dir, "store", "latest", "independent", "*", "linear.html"))
	require.NoError(t, err)
	require.NotEmpty(t, pages, "no linear.html for the failing key")

	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--dump-dom", "file://"+pages[0])
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	dom, err := cmd.Output()
	require.NoError(t, err)
	// The page's script draws the history: operations as labelled boxes and
	// the legend for the invalid linearization point.
	assert.Contains(t, string(dom), `class="history-text"`)
	assert.Contains(t, string(dom), "read() → ")
	assert.Contains(t, string(dom), "Invalid LP")
}
