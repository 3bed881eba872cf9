//go:build !unix

package host

import (
	"errors"
	"os/exec"
	"time"
)

// Process mode needs process groups and job-control signals.

type groupSignal int

const (
	sigKill groupSignal = iota
	sigStop
	sigCont
)

func supported() error {
	return errors.New("process mode (--bin) needs a Unix system (Linux or macOS); in-process nodes run anywhere")
}

func setGroup(*exec.Cmd)                {}
func signalGroup(int, groupSignal)      {}
func awaitExit(int) bool                { return false }
func awaitGroupGone(int, time.Duration) {}
