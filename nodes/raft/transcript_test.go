package raft_test

// Transcript tests: testdata/*.txt are stories of a cluster, told as
// commands and what each one made happen. A block is a command line, a
// "----" line, and the output, up to a blank line; "#" lines are the
// narration. `go test ./nodes/raft -run Transcripts -rewrite` regenerates
// the output, to review as a diff.
//
// Commands (servers are named by number: 1 is n1):
//
//	cluster 5 [max-entries=1] [forget-votes] [bugs=a,b]
//	                      a new cluster of five servers, sending at most one
//	                      entry per AppendEntries, whose votes are lost in a
//	                      crash (as if never stored), with planted bugs
//	campaign 1            n1's election timeout elapses
//	tick 1 2 [x10]        n1 and n2 see a tick (ten ticks)
//	propose 1 x           a client asks n1 to replicate the command x
//	read 1 7              a client asks n1 for a read index, named 7
//	compact 1             n1 snapshots its state machine and compacts its log
//	deliver [1->2]        deliver the messages in flight (from n1, to n2; 1-> and ->2 work too)
//	drop [1->2]           lose them instead
//	stabilize             deliver until nothing is in flight
//	partition 1 2 | 3     cut the network into groups; heal reconnects everyone
//	crash 2, restart 2    n2 loses everything but its storage; n2 restarts from it
//	status                one line per server: role, term, vote, commit, log terms, state machine
//
// Printed: "> m" a message delivered, indented beneath it what the
// receiver did; "n1 stores ..." what a server persisted; "a->b ..." a
// message sent; "applies" entries applied to the state machine.

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eddy-sim/eddy/nodes/raft"
)

var rewrite = flag.Bool("rewrite", false, "regenerate the expected output in testdata/*.txt")

var bugNames = map[string]raft.Bug{
	"commit-previous-term":    raft.BugCommitPreviousTerm,
	"no-truncate-on-conflict": raft.BugNoTruncateOnConflict,
	"fixed-election-timeout":  raft.BugFixedElectionTimeout,
	"stale-leader-reads":      raft.BugStaleLeaderReads,
	"vote-without-log-check":  raft.BugVoteWithoutLogCheck,
}

func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			want, err := os.ReadFile(file)
			require.NoError(t, err)
			got, err := runTranscript(string(want))
			require.NoError(t, err)
			if *rewrite {
				require.NoError(t, os.WriteFile(file, []byte(got), 0o644))
				return
			}
			assert.Equal(t, string(want), got, "regenerate with -rewrite and review the diff")
		})
	}
}

// runTranscript runs a script and returns it with every command's output
// regenerated.
func runTranscript(script string) (string, error) {
	var doc strings.Builder
	var c *cluster
	lines := strings.Split(strings.TrimRight(script, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if line == "" || strings.HasPrefix(line, "#") {
			doc.WriteString(line + "\n")
			continue
		}
		if i+1 >= len(lines) || lines[i+1] != "----" {
			return "", fmt.Errorf("line %d: command %q must be followed by ----", i+1, line)
		}
		for i += 2; i < len(lines) && lines[i] != ""; i++ { // skip the old output
		}
		var out strings.Builder
		if err := run(&c, line, &out); err != nil {
			return "", fmt.Errorf("%q: %w", line, err)
		}
		doc.WriteString(line + "\n----\n" + out.String())
		if i < len(lines) {
			doc.WriteString("\n")
		}
	}
	return doc.String(), nil
}

// run executes one command.
func run(cp **cluster, line string, out *strings.Builder) error {
	words := strings.Fields(line)
	cmd, args := words[0], words[1:]
	if cmd == "cluster" {
		return newClusterCmd(cp, args, out)
	}
	c := *cp
	if c == nil {
		return fmt.Errorf("the first command must be cluster")
	}
	c.out = out
	switch cmd {
	case "campaign", "propose", "read", "compact", "crash", "restart":
		if len(args) == 0 {
			return fmt.Errorf("which server?")
		}
		s, err := c.server(args[0])
		if err != nil {
			return err
		}
		return serverCmd(c, s, cmd, args[1:])
	case "tick":
		return tickCmd(c, args)
	case "deliver", "drop":
		from, to, err := c.link(args)
		if err == nil {
			c.deliver(from, to, cmd == "drop")
		}
		return err
	case "stabilize":
		return c.stabilize()
	case "partition":
		var groups [][]string
		for g := range strings.SplitSeq(strings.Join(args, " "), "|") {
			ids, err := c.serverIDs(strings.Fields(g))
			if err != nil {
				return err
			}
			groups = append(groups, ids)
		}
		c.partition(groups)
	case "heal":
		c.partition(nil)
	case "status":
		c.status()
	default:
		return fmt.Errorf("unknown command %q", cmd)
	}
	return nil
}

func newClusterCmd(cp **cluster, args []string, out *strings.Builder) error {
	if len(args) == 0 {
		return fmt.Errorf("cluster needs a size")
	}
	size, err := strconv.Atoi(args[0])
	if err != nil {
		return err
	}
	var bugs raft.Bug
	maxEntries, forgetVotes := 0, false
	for _, a := range args[1:] {
		if a == "forget-votes" {
			forgetVotes = true
			continue
		}
		if n, ok := strings.CutPrefix(a, "max-entries="); ok {
			if maxEntries, err = strconv.Atoi(n); err != nil {
				return err
			}
			continue
		}
		names, ok := strings.CutPrefix(a, "bugs=")
		if !ok {
			return fmt.Errorf("unknown cluster option %q", a)
		}
		for name := range strings.SplitSeq(names, ",") {
			b, ok := bugNames[name]
			if !ok {
				return fmt.Errorf("unknown bug %q", name)
			}
			bugs |= b
		}
	}
	if *cp, err = newCluster(size, maxEntries, bugs, out); err != nil {
		return err
	}
	(*cp).forgetVotes = forgetVotes
	(*cp).status()
	return nil
}

func serverCmd(c *cluster, s *server, cmd string, args []string) error {
	if cmd == "restart" {
		if s.r != nil {
			return fmt.Errorf("%s is not down", s.id)
		}
		if err := c.start(s); err != nil {
			return err
		}
		c.printf("", "%s restarts as %s t%d with log %s and state machine %v", s.id, s.r.Status().Role,
			s.r.Status().Term, terms(s.r.Log()), s.sm)
		return nil
	}
	if s.r == nil {
		return fmt.Errorf("%s is down", s.id)
	}
	switch cmd {
	case "campaign":
		c.do(s, "", func(r *raft.Raft) error { r.Campaign(); return nil })
	case "propose":
		if len(args) != 1 {
			return fmt.Errorf("propose needs one command")
		}
		c.do(s, "", func(r *raft.Raft) error {
			index, term, err := r.Propose([]byte(args[0]))
			if err == nil {
				c.printf("", "%s appends %q at %d@t%d", s.id, args[0], index, term)
			}
			return err
		})
	case "read":
		if len(args) != 1 {
			return fmt.Errorf("read needs a name (a number)")
		}
		ctx, err := strconv.ParseUint(args[0], 10, 64)
		if err != nil {
			return err
		}
		c.do(s, "", func(r *raft.Raft) error { return r.ReadIndex(ctx) })
	case "compact":
		snap, err := s.r.Compact(s.r.Status().Applied, []byte(strings.Join(s.sm, " ")))
		if err != nil {
			return err
		}
		s.log = slices.DeleteFunc(s.log, func(e raft.Entry) bool { return e.Index <= snap.Index })
		s.snap = snap
		c.printf("", "%s stores snapshot %d@t%d %v and deletes the entries it covers", s.id, snap.Index, snap.Term, s.sm)
	case "crash":
		c.crash(s)
	}
	return nil
}

func tickCmd(c *cluster, args []string) error {
	times := 1
	if n := len(args); n > 0 && strings.HasPrefix(args[n-1], "x") {
		var err error
		if times, err = strconv.Atoi(args[n-1][1:]); err != nil {
			return err
		}
		args = args[:n-1]
	}
	ids, err := c.serverIDs(args)
	if err != nil {
		return err
	}
	for range times {
		for _, id := range ids {
			if s := c.servers[id]; s.r != nil {
				c.do(s, "", func(r *raft.Raft) error { r.Tick(); return nil })
			}
		}
	}
	return nil
}

func (c *cluster) server(num string) (*server, error) {
	ids, err := c.serverIDs([]string{num})
	if err != nil {
		return nil, err
	}
	return c.servers[ids[0]], nil
}

func (c *cluster) serverIDs(nums []string) ([]string, error) {
	var ids []string
	for _, num := range nums {
		id := "n" + num
		if c.servers[id] == nil {
			return nil, fmt.Errorf("no server %s", num)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// link reads the optional "a->b" filter of deliver and drop.
func (c *cluster) link(args []string) (from, to string, err error) {
	if len(args) == 0 {
		return "", "", nil
	}
	a, b, ok := strings.Cut(args[0], "->")
	if len(args) > 1 || !ok {
		return "", "", fmt.Errorf("want a->b, a-> or ->b, got %q", strings.Join(args, " "))
	}
	for _, side := range []struct {
		num string
		id  *string
	}{{a, &from}, {b, &to}} {
		if side.num != "" {
			s, err := c.server(side.num)
			if err != nil {
				return "", "", err
			}
			*side.id = s.id
		}
	}
	return from, to, nil
}
