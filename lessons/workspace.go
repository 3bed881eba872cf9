package lessons

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/template"
)

// EddyModule is Eddy's module path.
const EddyModule = "github.com/eddy-sim/eddy"

// RootEnv names an Eddy checkout explicitly.
const RootEnv = "EDDY_ROOT"

// EddyRoot finds the Eddy checkout that workspaces build against: $EDDY_ROOT
// if set; else the source tree this binary was built from, if it is still
// there (a binary built without -trimpath records its source paths, which is
// how `go build ./cmd/eddy` and `go run` leave it); else the nearest
// directory, from the current one up, whose go.mod declares Eddy's module.
func EddyRoot() (string, error) {
	if dir := os.Getenv(RootEnv); dir != "" {
		if !isEddy(dir) {
			return "", fmt.Errorf("%s=%s is not an Eddy checkout (no go.mod declaring %s there)", RootEnv, dir, EddyModule)
		}
		return filepath.Abs(dir)
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		if dir := filepath.Dir(filepath.Dir(file)); isEddy(dir) {
			return dir, nil
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if isEddy(dir) {
			return dir, nil
		}
		if dir == filepath.Dir(dir) {
			break
		}
	}
	return "", fmt.Errorf("cannot find the Eddy checkout to build your node against: run eddy from inside it, or set %s=/path/to/eddy", RootEnv)
}

// isEddy reports whether dir holds Eddy's go.mod and this package's source.
func isEddy(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	if _, err := os.Stat(filepath.Join(dir, "lessons", "doc.go")); err != nil {
		return false
	}
	return modulePath(b) == EddyModule
}

func modulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// goMod writes a workspace's go.mod: Eddy required and replaced by the
// checkout, and Eddy's own requirements (its go.sum is copied alongside),
// so that go builds the workspace offline, with -mod=mod or without.
func goMod(module string, eddyGoMod []byte, root string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "module %s\n\n", module)
	var reqs []string
	inBlock := false
	sc := bufio.NewScanner(bytes.NewReader(eddyGoMod))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		switch {
		case inBlock && line == ")":
			inBlock = false
		case inBlock && line != "":
			reqs = append(reqs, line)
		case line == "require (":
			inBlock = true
		case strings.HasPrefix(line, "require "):
			reqs = append(reqs, strings.TrimSpace(strings.TrimPrefix(line, "require ")))
		case strings.HasPrefix(line, "go "), strings.HasPrefix(line, "toolchain "):
			fmt.Fprintf(&b, "%s\n", line)
		}
	}
	fmt.Fprintf(&b, "\n// Eddy, built from the checkout this workspace was made from.\n")
	fmt.Fprintf(&b, "require %s v0.0.0\n\nreplace %s => %s\n", EddyModule, EddyModule, root)
	if len(reqs) > 0 {
		fmt.Fprintf(&b, "\n// Eddy's own requirements, so that go needs no network.\nrequire (\n")
		for _, r := range reqs {
			fmt.Fprintf(&b, "\t%s // indirect\n", r)
		}
		fmt.Fprintf(&b, ")\n")
	}
	return b.Bytes()
}

// StartResult says what Start did.
type StartResult struct {
	Dir     string
	Created []string // files written
	Kept    []string // files that were there already, left as they were
}

// Start creates lesson l's workspace under learnDir (learn/03-broadcast),
// building against the Eddy checkout at root. It never overwrites a file:
// a workspace that exists only gains the files it lacks.
func (l *Lesson) Start(learnDir, root string) (StartResult, error) {
	res := StartResult{Dir: filepath.Join(learnDir, l.Name())}
	eddyMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return res, fmt.Errorf("reading Eddy's go.mod: %w", err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, fmt.Errorf("reading Eddy's go.sum: %w", err)
	}
	files := []struct {
		name string
		make func() ([]byte, error)
	}{
		{"node.go", func() ([]byte, error) { return l.execute("node.go", l.Starter()) }},
		{"README.md", func() ([]byte, error) { return []byte(l.Document()), nil }},
		{"main.go", func() ([]byte, error) { return l.execute("main.go", workspaceFile("main.go.tmpl")) }},
		{"check_test.go", func() ([]byte, error) { return l.execute("check_test.go", workspaceFile("check_test.go.tmpl")) }},
		{"go.mod", func() ([]byte, error) { return goMod("learn/"+l.Name(), eddyMod, root), nil }},
		{"go.sum", func() ([]byte, error) { return sum, nil }},
	}
	if err := os.MkdirAll(res.Dir, 0o755); err != nil {
		return res, err
	}
	for _, f := range files {
		path := filepath.Join(res.Dir, f.name)
		if _, err := os.Lstat(path); err == nil {
			res.Kept = append(res.Kept, f.name)
			continue
		}
		b, err := f.make()
		if err != nil {
			return res, err
		}
		// O_EXCL: even a file that appeared a moment ago is not overwritten.
		file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return res, err
		}
		_, err = file.Write(b)
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return res, fmt.Errorf("writing %s: %w", path, err)
		}
		res.Created = append(res.Created, f.name)
	}
	return res, nil
}

func workspaceFile(name string) string {
	b, err := fs.ReadFile(content, "workspace/"+name)
	if err != nil {
		panic(err) // embedded
	}
	return string(b)
}

// execute fills in a template with the lesson.
func (l *Lesson) execute(name, text string) ([]byte, error) {
	t, err := template.New(name).Parse(text)
	if err != nil {
		return nil, fmt.Errorf("lesson %s: %s: %w", l.Name(), name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, tmplData{l}); err != nil {
		return nil, fmt.Errorf("lesson %s: %s: %w", l.Name(), name, err)
	}
	return b.Bytes(), nil
}

// tmplData is what templates see: the lesson and a few helpers.
type tmplData struct{ *Lesson }

func (d tmplData) Bin(i int) string      { return d.Programs[i].Workload }
func (d tmplData) Workload(i int) string { return d.Programs[i].Workload }
func (d tmplData) Func(i int) string     { return d.Programs[i].Func }
func (d tmplData) Funcs() string         { return d.funcs() }

// Workspace is the directory of lesson l's workspace under learnDir.
func (l *Lesson) Workspace(learnDir string) string { return filepath.Join(learnDir, l.Name()) }

// BinPath is where a workspace's build of program i goes, as the commands
// Eddy prints name it.
func (l *Lesson) BinPath(learnDir string, i int) string {
	return filepath.Join(l.Workspace(learnDir), l.Programs[i].Workload)
}
