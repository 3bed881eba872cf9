package host

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/eddy-sim/eddy/sim/engine"
)

// Config says what to run and where to report what happens to it.
type Config struct {
	Bin  string   // the node executable, as given with --bin
	Args []string // its arguments
	Dir  string   // working directory; "" means os.TempDir(), as in Maelstrom

	// NodeLog is where each node's stderr lines go, each prefixed with the
	// seconds since Drive started ("12.345 "). It is called once per node id
	// at Start and written to only from the drive goroutine.
	NodeLog func(id string) io.Writer
	// OnProblem hears of diagnostics: lines that are not messages, floods,
	// full stdin queues. It is called on the drive goroutine only.
	OnProblem func(engine.Problem)
	// OnCrash hears of a process that exited on its own (not by Kill or
	// Stop), with its exit status and the tail of its output. It is called
	// on the drive goroutine only; the node is down from then on.
	OnCrash func(id, why string)

	limits limits // zero fields mean the defaults; tests shrink them
}

// limits bound what one misbehaving node can cost Eddy.
type limits struct {
	maxLine    int           // longest stdout line routed; longer ones are reported and skipped
	stdinBytes int           // bytes queued for one node's stdin before messages to it are dropped
	floodLines int           // stdout lines within one second that count as a flood
	grace      time.Duration // how long Stop lets nodes exit on stdin EOF before SIGKILL
	drain      time.Duration // how long output is still read after a process exits
	giveUp     time.Duration // how long Stop waits after SIGKILL before giving up on a process
	reports    int           // problems of one kind reported per node; the rest are counted
}

func (l limits) withDefaults() limits {
	def := limits{
		maxLine:    16 << 20,
		stdinBytes: 64 << 20,
		// A correct node rarely sends more than a few thousand messages a
		// second (naive broadcast on 25 nodes at 100 ops/s is about 2,500 per
		// node); tens of thousands means a send loop.
		floodLines: 20_000,
		grace:      500 * time.Millisecond,
		drain:      time.Second,
		giveUp:     5 * time.Second,
		reports:    10,
	}
	return limits{
		maxLine:    cmp.Or(l.maxLine, def.maxLine),
		stdinBytes: cmp.Or(l.stdinBytes, def.stdinBytes),
		floodLines: cmp.Or(l.floodLines, def.floodLines),
		grace:      cmp.Or(l.grace, def.grace),
		drain:      cmp.Or(l.drain, def.drain),
		giveUp:     cmp.Or(l.giveUp, def.giveUp),
		reports:    cmp.Or(l.reports, def.reports),
	}
}

// inboxSize is how many batches of output may wait for Drive. A batch holds
// about readBuf bytes (64 KiB), or a single line of up to limits.maxLine, so
// while Drive catches up a flood costs about 1 MiB, and at worst (a node
// printing 16 MiB lines as fast as it can) 256 MiB.
const inboxSize = 16

// Cluster is a set of node processes attached to a world.
type Cluster struct {
	w     *engine.World
	cfg   Config
	lim   limits
	bin   string // absolute path of the executable
	dir   string
	data  string // EDDY_DATA_DIR for the run: removed by Stop
	nodes []*node

	inbox chan input    // output and exits, posted by process goroutines, drained by Drive
	quit  chan struct{} // closed by Stop once nothing more will be drained
	wg    sync.WaitGroup

	// Touched only by the drive goroutine (Start, Drive, Stop and the world
	// callbacks all run there).
	procs    []*proc   // incarnations whose exit Drive has not handled yet
	origin   time.Time // wall time Drive started; zero before
	base     time.Duration
	stopped  bool
	stopLate []engine.Problem // problems found while stopping, returned by Stop
}

// Start resolves cfg.Bin, starts one process per id and registers each as a
// node of w. The processes wait for init, which the caller sends through w.
// On error nothing is left running.
func Start(w *engine.World, ids []string, cfg Config) (*Cluster, error) {
	if err := supported(); err != nil {
		return nil, err
	}
	bin, err := resolveBin(cfg.Bin)
	if err != nil {
		return nil, err
	}
	dir := cfg.Dir
	if dir == "" {
		dir = os.TempDir()
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("node working directory %s: not a directory", dir)
	}
	if cfg.NodeLog == nil {
		cfg.NodeLog = func(string) io.Writer { return io.Discard }
	}
	if cfg.OnProblem == nil {
		cfg.OnProblem = func(engine.Problem) {}
	}
	if cfg.OnCrash == nil {
		cfg.OnCrash = func(string, string) {}
	}
	// Eddy's own nodes keep durable storage in $EDDY_DATA_DIR/<id>: one
	// fresh directory per run, so a restarted node finds its storage and
	// the next run does not.
	data, err := os.MkdirTemp("", "eddy-data-")
	if err != nil {
		return nil, fmt.Errorf("node storage: %w", err)
	}
	c := &Cluster{
		w: w, cfg: cfg, lim: cfg.limits.withDefaults(), bin: bin, dir: dir, data: data,
		inbox: make(chan input, inboxSize),
		quit:  make(chan struct{}),
	}
	for _, id := range ids {
		n := &node{c: c, id: id, log: cfg.NodeLog(id), reports: map[string]int{}}
		p, err := c.spawn(n)
		if err != nil {
			c.Stop()
			return nil, err
		}
		n.cur = p
		c.nodes = append(c.nodes, n)
	}
	for _, n := range c.nodes {
		w.Register(n.id, n)
	}
	return c, nil
}

// resolveBin turns --bin into an absolute path, as Maelstrom does, with an
// error a learner can act on. A bare name that is not a file here is looked
// up on PATH, so "--bin python3 node.py" works too.
func resolveBin(bin string) (string, error) {
	if bin == "" {
		return "", errors.New("--bin: no executable given")
	}
	path := bin
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && !strings.ContainsRune(bin, filepath.Separator) {
		if found, err := exec.LookPath(bin); err == nil {
			path = found
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("--bin %s: %w", bin, err)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("--bin %s: no such file", bin)
	case err != nil:
		return "", fmt.Errorf("--bin %s: %w", bin, err)
	case fi.IsDir():
		return "", fmt.Errorf("--bin %s: is a directory, not an executable", bin)
	case fi.Mode()&0o111 == 0:
		return "", fmt.Errorf("--bin %s: not executable (try: chmod +x %s)", bin, bin)
	}
	return abs, nil
}

// Nodes returns the cluster's nodes in the order of the ids given to Start.
func (c *Cluster) Nodes() []engine.Node {
	out := make([]engine.Node, len(c.nodes))
	for i, n := range c.nodes {
		out[i] = n
	}
	return out
}

// Stop ends every process: it closes their stdin, gives them a short grace
// to exit on EOF, then kills each process group, and waits for every
// goroutine of the cluster. It returns what Drive could no longer report:
// crashes found while stopping, processes that would not die, and counts of
// problems that were not reported one by one. No process of the cluster, nor
// any child in its group, is left when Stop returns (barring a process the
// kernel cannot kill, which is reported).
func (c *Cluster) Stop() []engine.Problem {
	if c.stopped {
		return nil
	}
	c.stopped = true
	procs := slices.Clone(c.procs)
	for _, p := range procs {
		p.end() // from here on, an exit is the one we asked for, not a crash
		if p.n.cur == p && p.n.paused {
			p.signal(sigCont) // a stopped process cannot see EOF
		}
	}
	c.settle(procs, c.lim.grace, func(p *proc) <-chan struct{} { return p.exited })
	for _, p := range procs {
		p.signal(sigKill) // no-op for those that already exited
	}
	if !c.settle(procs, c.lim.giveUp, func(p *proc) <-chan struct{} { return p.finished }) {
		for _, p := range procs {
			select {
			case <-p.finished:
			default:
				c.stopLate = append(c.stopLate, engine.Problem{Time: c.w.Now(), Node: p.n.id, Kind: "stop",
					Text: fmt.Sprintf("process %d did not exit within %v of SIGKILL; it may be stuck in the kernel", p.pid, c.lim.giveUp)})
			}
		}
	}
	close(c.quit)
	for more := true; more; {
		select {
		case in := <-c.inbox:
			c.handle(in, false)
		default:
			more = false
		}
	}
	if len(c.stopLate) == 0 {
		c.wg.Wait() // every process finished, so its goroutines are returning
	}
	for _, n := range c.nodes {
		c.stopLate = append(c.stopLate, n.unreported(c.w.Now())...)
	}
	os.RemoveAll(c.data)
	return c.stopLate
}

// settle drains the inbox (so no goroutine blocks posting) until ch(p) is
// closed for every p, or d has passed. It reports whether all closed.
func (c *Cluster) settle(procs []*proc, d time.Duration, ch func(*proc) <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	for _, p := range procs {
		for waiting := true; waiting; {
			select {
			case <-ch(p):
				waiting = false
			case in := <-c.inbox:
				c.handle(in, false)
			case <-t.C:
				return false
			}
		}
	}
	return true
}

// elapsed is the virtual time corresponding to now on the wall clock.
func (c *Cluster) elapsed() time.Duration {
	if c.origin.IsZero() {
		return c.w.Now()
	}
	return c.base + time.Since(c.origin) // monotonic: time.Now carries a monotonic reading
}
