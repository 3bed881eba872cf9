//go:build unix

package host

import (
	"os/exec"
	"syscall"
	"time"
)

// groupSignal is a signal Eddy sends to a node's process group.
type groupSignal = syscall.Signal

const (
	sigKill = syscall.SIGKILL
	sigStop = syscall.SIGSTOP
	sigCont = syscall.SIGCONT
)

func supported() error { return nil }

// setGroup makes the process the leader of a new process group, so that
// one signal reaches it and everything it spawns.
func setGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// signalGroup signals every process of the group led by pgid. An error
// means the group is already empty, which is what a kill wants anyway.
func signalGroup(pgid int, sig groupSignal) {
	syscall.Kill(-pgid, sig)
}

// awaitGroupGone waits, up to d, until no live process is left in group
// pgid. SIGKILL takes effect when the victim next runs, not when kill
// returns, so without this a just-killed grandchild can still be running
// when Stop returns. Call it after the leader is reaped: until then the
// leader's zombie keeps the group non-empty.
func awaitGroupGone(pgid int, d time.Duration) {
	deadline := time.Now().Add(d)
	for delay := 100 * time.Microsecond; !groupGone(pgid); delay = min(2*delay, 10*time.Millisecond) {
		if time.Now().After(deadline) {
			return
		}
		time.Sleep(delay)
	}
}

// groupGone reports whether group pgid has no live process. Zombies do not
// count: an orphan's zombie waits for whoever reaps orphans here (in a
// container, perhaps nobody), and it runs nothing.
func groupGone(pgid int) bool {
	if syscall.Kill(-pgid, 0) == syscall.ESRCH {
		return true
	}
	return !liveMember(pgid)
}
