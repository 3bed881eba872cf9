package store

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Run is one run's directory.
type Run struct {
	Dir     string
	files   []*file
	logs    map[string]*file
	history *file
	trace   *file
}

type file struct {
	f   *os.File
	w   *bufio.Writer
	err error
}

func (f *file) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.w.Write(p)
	if err != nil {
		f.err = fmt.Errorf("%s: %w", f.f.Name(), err)
	}
	return n, f.err
}

// Create makes a fresh run directory under root for a workload, named by
// the time now as Maelstrom names them (yyyyMMddTHHmmss.SSSZ), and points
// the latest links at it.
func Create(root, workload string, now time.Time) (*Run, error) {
	base := now.UTC().Format("20060102T150405.000") + "Z"
	parent := filepath.Join(root, workload)
	dir := filepath.Join(parent, base)
	for i := 1; ; i++ {
		err := os.MkdirAll(parent, 0o755)
		if err == nil {
			err = os.Mkdir(dir, 0o755)
		}
		if err == nil {
			break
		}
		if !errors.Is(err, os.ErrExist) || i > 100 {
			return nil, fmt.Errorf("store: creating run directory: %w", err)
		}
		dir = filepath.Join(parent, fmt.Sprintf("%s-%d", base, i))
	}
	if err := os.Mkdir(filepath.Join(dir, "node-logs"), 0o755); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	for link, target := range map[string]string{
		filepath.Join(root, "latest"):   filepath.Join(workload, filepath.Base(dir)),
		filepath.Join(parent, "latest"): filepath.Base(dir),
	} {
		tmp := link + ".tmp"
		os.Remove(tmp)
		if err := os.Symlink(target, tmp); err != nil {
			return nil, fmt.Errorf("store: linking latest: %w", err)
		}
		if err := os.Rename(tmp, link); err != nil {
			return nil, fmt.Errorf("store: linking latest: %w", err)
		}
	}
	r := &Run{Dir: dir, logs: map[string]*file{}}
	var err error
	if r.trace, err = r.open("trace.jsonl"); err != nil {
		return nil, err
	}
	if r.history, err = r.open("history.jsonl"); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Run) open(name string) (*file, error) {
	f, err := os.Create(filepath.Join(r.Dir, name))
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	fl := &file{f: f, w: bufio.NewWriterSize(f, 64<<10)}
	r.files = append(r.files, fl)
	return fl, nil
}

// Trace is where trace.jsonl goes.
func (r *Run) Trace() io.Writer { return r.trace }

// History is where history.jsonl goes.
func (r *Run) History() io.Writer { return r.history }

// NodeLog is where a node's log goes: node-logs/<id>.log.
func (r *Run) NodeLog(id string) io.Writer {
	if f, ok := r.logs[id]; ok {
		return f
	}
	f, err := r.open(filepath.Join("node-logs", filepath.Base(id)+".log"))
	if err != nil {
		return failing{err}
	}
	r.logs[id] = f
	return f
}

type failing struct{ err error }

func (f failing) Write([]byte) (int, error) { return 0, f.err }

// WriteResults writes results.json, indented for people to read.
func (r *Run) WriteResults(results any) error {
	b, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return fmt.Errorf("store: encoding results: %w", err)
	}
	if err := os.WriteFile(filepath.Join(r.Dir, "results.json"), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// WriteFile writes an extra file, such as a checker's picture, at a path
// relative to the run directory.
func (r *Run) WriteFile(name string, data []byte) error {
	path := filepath.Join(r.Dir, filepath.FromSlash(name))
	if rel, err := filepath.Rel(r.Dir, path); err != nil || strings.HasPrefix(rel, "..") {
		return fmt.Errorf("store: %q is outside the run directory", name)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// Close flushes and closes every file, returning the first error any of
// them met.
func (r *Run) Close() error {
	var first error
	for _, f := range r.files {
		if err := f.w.Flush(); err != nil && f.err == nil {
			f.err = err
		}
		if err := f.f.Close(); err != nil && f.err == nil {
			f.err = err
		}
		if f.err != nil && first == nil {
			first = f.err
		}
	}
	return first
}
