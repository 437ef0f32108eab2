//go:build unix

package probetest

import (
	"os/exec"
	"syscall"
)

// ownGroup starts cmd in its own process group, so that killGroup reaches nginx's workers too.
func ownGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

// killGroup kills the process group ownGroup started.
func killGroup(cmd *exec.Cmd) { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
