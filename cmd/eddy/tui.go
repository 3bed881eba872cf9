package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/pflag"

	"github.com/eddy-sim/eddy/nodes/catalog"
	"github.com/eddy-sim/eddy/sim"
	"github.com/eddy-sim/eddy/sim/store"
	"github.com/eddy-sim/eddy/sim/trace"
	"github.com/eddy-sim/eddy/tui"
	"github.com/eddy-sim/eddy/tui/frame"
)

// injectionsFile is where a saved run keeps the faults injected by hand.
const injectionsFile = "injections.json"

func cmdTUI(args []string, stdout, stderr io.Writer) int {
	f := newTestFlags(stderr)
	test := f.fs.Usage
	f.fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: eddy tui [eddy test's flags]   watch a new run, in process\n"+
			"       eddy tui STORE-DIR             replay a stored run (store/latest, say)\n\n")
		test()
	}
	if err := f.fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitValid
		}
		fmt.Fprintf(stderr, "eddy tui: %v\n(eddy tui --help lists the flags)\n", err)
		return exitUsage
	}
	var cfg tui.Config
	var err error
	switch {
	case f.bin != "":
		err = errors.New("--bin runs real processes in real time, which cannot be stepped or rewound; " +
			"eddy tui runs built-in programs in process (--program, eddy node --list): use eddy test for --bin")
	case f.fs.NArg() == 1:
		cfg, err = openStored(f.fs.Arg(0))
	case f.fs.NArg() > 1:
		err = fmt.Errorf("give one stored run, not %d", f.fs.NArg())
	default:
		var o sim.Options
		if o, err = f.options(); err == nil {
			cfg.Session, err = sim.NewSession(o)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "eddy tui: %v\n", err)
		return exitUsage
	}
	cfg.Save = saveRun(f.store)
	if _, err := tea.NewProgram(tui.New(cfg), tea.WithAltScreen(), tea.WithOutput(stdout)).Run(); err != nil {
		fmt.Fprintf(stderr, "eddy tui: %v\n", err)
		return exitCrash
	}
	return exitValid
}

// openStored replays a stored run from its trace's header, seed and the
// faults injected by hand, or shows its trace read-only when it cannot be
// replayed.
func openStored(path string) (tui.Config, error) {
	dir := path
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		dir = filepath.Dir(path)
	} else {
		path = filepath.Join(dir, "trace.jsonl")
	}
	file, err := os.Open(path)
	if err != nil {
		return tui.Config{}, err
	}
	defer file.Close()
	tr, readErr := trace.Read(file)
	if readErr != nil && len(tr.Events) == 0 {
		return tui.Config{}, fmt.Errorf("%s: %w", path, readErr)
	}
	o, err := sim.OptionsFromHeader(tr.Header)
	if err != nil {
		return tui.Config{}, fmt.Errorf("%s: %w", path, err)
	}
	readOnly := func(why string) (tui.Config, error) {
		if readErr != nil {
			why += "; " + readErr.Error()
		}
		results, _ := os.ReadFile(filepath.Join(dir, "results.json"))
		return tui.Config{Tape: frame.NewTape(tr, o, results, why)}, nil
	}
	if tr.Header.Mode != "in-process" || o.Bin != "" {
		return readOnly("a process-mode run: real processes do not replay exactly")
	}
	e, err := catalog.Lookup(o.ProgramName)
	if err != nil {
		return readOnly(fmt.Sprintf("program %q is not built into this eddy", o.ProgramName))
	}
	o.Node = e.Program
	var script []sim.Injection
	if b, err := os.ReadFile(filepath.Join(dir, injectionsFile)); err == nil {
		if err := json.Unmarshal(b, &script); err != nil {
			return tui.Config{}, fmt.Errorf("%s: %w", injectionsFile, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return tui.Config{}, err
	}
	s, err := sim.Replay(o, script)
	if err != nil {
		return tui.Config{}, fmt.Errorf("replaying %s: %w", dir, err)
	}
	return tui.Config{Session: s}, nil
}

// saveRun returns how the visualizer saves a run: replayed from the start
// with its injections, to the end, into a new store directory with the
// usual files and injections.json.
func saveRun(root string) func(sim.Options, []sim.Injection) (string, error) {
	return func(o sim.Options, script []sim.Injection) (string, error) {
		dir, err := store.Create(root, o.Workload, time.Now())
		if err != nil {
			return "", err
		}
		o.Trace, o.History, o.NodeLog = dir.Trace(), dir.History(), dir.NodeLog
		s, err := sim.Replay(o, script)
		if err != nil {
			dir.Close()
			return "", err
		}
		for s.Step() {
		}
		res, err := s.Finish()
		if err != nil {
			dir.Close()
			return "", err
		}
		b, _ := json.MarshalIndent(script, "", "  ")
		werr := dir.WriteFile(injectionsFile, append(b, '\n'))
		if err := writeRun(dir, res); werr == nil {
			werr = err
		}
		return dir.Dir, werr
	}
}
