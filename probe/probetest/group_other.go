//go:build !unix

package probetest

import "os/exec"

// ownGroup does nothing where there are no process groups.
func ownGroup(*exec.Cmd) {}

// killGroup kills the process itself where there are no process groups.
func killGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }
