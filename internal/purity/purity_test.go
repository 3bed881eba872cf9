package purity

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// edges are the packages that may touch the real world.
var edges = map[string]string{
	"nodes/stdio": "runs a node over real stdin/stdout with the real clock",
	"sim":         "the harness: measures wall time, drives backends",
	"sim/host":    "runs real processes in real time",
	"sim/store":   "writes run directories to disk",

	"sim/checker/linear": "porcupine searches on goroutines under a wall-clock timeout; only an unknown verdict (out of time) depends on them",
}

var forbiddenImports = map[string]string{
	"os": "the real world", "os/exec": "processes", "os/signal": "signals", "syscall": "the kernel",
	"net": "the real network", "net/http": "the real network",
	"sync": "threads; node code runs one handler at a time", "sync/atomic": "threads",
	"math/rand": "a global random source; use n.Rand() or an rng stream", "crypto/rand": "unseeded randomness",
}

// Functions of package time that read or wait on the real clock.
var forbiddenTime = map[string]bool{
	"Now": true, "Sleep": true, "After": true, "AfterFunc": true, "Tick": true,
	"NewTimer": true, "NewTicker": true, "Since": true, "Until": true,
}

// Of math/rand/v2 only constructors and types are allowed: its top-level
// functions draw from a global, unseeded source.
var allowedRandV2 = map[string]bool{
	"New": true, "NewPCG": true, "NewChaCha8": true, "NewZipf": true,
	"Rand": true, "Source": true, "PCG": true, "ChaCha8": true, "Zipf": true,
}

func TestPurePackagesStayPure(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	checked := 0
	for _, top := range []string{"nodes", "sim"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			if _, edge := edges[filepath.ToSlash(rel)]; edge {
				return nil
			}
			checked++
			for _, problem := range impurities(t, path) {
				t.Errorf("%s: %s", strings.TrimPrefix(path, root+"/"), problem)
			}
			return nil
		})
		require.NoError(t, err)
	}
	assert.Greater(t, checked, 20, "the walk found suspiciously few files")
}

func impurities(t *testing.T, path string) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	require.NoError(t, err)
	var out []string
	names := map[string]string{} // local name → import path
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if why, bad := forbiddenImports[p]; bad {
			out = append(out, "imports "+p+" ("+why+")")
		}
		name := p[strings.LastIndex(p, "/")+1:]
		if p == "math/rand/v2" {
			name = "rand"
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		names[name] = p
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			out = append(out, fset.Position(n.Pos()).String()+": starts a goroutine")
		case *ast.SelectorExpr:
			pkg, ok := n.X.(*ast.Ident)
			if !ok {
				return true
			}
			switch names[pkg.Name] {
			case "time":
				if forbiddenTime[n.Sel.Name] {
					out = append(out, fset.Position(n.Pos()).String()+": time."+n.Sel.Name+" reads the real clock; use n.Now() or n.After()")
				}
			case "math/rand/v2":
				if !allowedRandV2[n.Sel.Name] {
					out = append(out, fset.Position(n.Pos()).String()+": rand."+n.Sel.Name+" uses the global source; use n.Rand() or an rng stream")
				}
			}
		}
		return true
	})
	return out
}

// TestCheckerCatchesImpurity makes sure the test above can fail.
func TestCheckerCatchesImpurity(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.go")
	src := `package bad
import ("os"; "time"; "math/rand/v2")
func f() { go f(); _ = time.Now(); _ = rand.IntN(3); _ = rand.New(rand.NewPCG(1, 2)); _ = os.Args; _ = time.Second }
`
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	problems := impurities(t, path)
	assert.Len(t, problems, 4, "%q", problems)
}
