package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreCommitHook runs the real pre-commit against this repository's hook
// (.pre-commit-hooks.yaml) in a scratch git repository: a commit with a timeout mismatch
// fails with the finding, and passes once it is fixed. pre-commit builds the hook from the
// checkout's HEAD commit (uncommitted changes are not part of it), in a private cache.
func TestPreCommitHook(t *testing.T) {
	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pre-commit is not installed (scripts/test.sh installs it)")
		}
		t.Skip("pre-commit is not installed; scripts/test.sh installs it")
	}
	if testing.Short() {
		t.Skip("builds tolint in pre-commit's environment (about a minute)")
	}
	self, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	head, err := exec.Command("git", "-C", self, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatalf("this checkout is not a git repository: %v", err)
	}
	repo := pairRepo(t, pairNginx, nil)
	cache := t.TempDir()
	run := func(name string, args ...string) (string, error) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "PRE_COMMIT_HOME="+cache, "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"commit", "-q", "-m", "mismatch"}} {
		if out, err := run("git", args...); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	tryRepo := []string{"try-repo", self, "tolint", "--ref", strings.TrimSpace(string(head)), "--all-files"}
	out, err := run("pre-commit", tryRepo...)
	if err == nil || !strings.Contains(out, "TOL101") || !strings.Contains(out, "Failed") {
		t.Fatalf("hook on a mismatch: err %v\n%s", err, out)
	}
	writeFile(t, filepath.Join(repo, "edge", "nginx.conf"), strings.Replace(pairNginx, "keepalive_timeout 120s;", "keepalive_timeout 55s;", 1))
	writeFile(t, filepath.Join(repo, "lb", "haproxy.cfg"), strings.Replace(pairHAProxy, "timeout server 30", "timeout server 30s", 1))
	if out, err := run("pre-commit", tryRepo...); err != nil || !strings.Contains(out, "Passed") {
		t.Fatalf("hook after the fix: err %v\n%s", err, out)
	}
}
