package main

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"testing"
)

// storyDirs lists every broken and fixed variant of the failure stories.
func storyDirs(t *testing.T) []string {
	t.Helper()
	matches, err := filepath.Glob("../../testdata/stories/*/*")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, m := range matches {
		if st, err := os.Stat(m); err == nil && st.IsDir() {
			dirs = append(dirs, m)
		}
	}
	if len(dirs) == 0 {
		t.Fatal("no stories found")
	}
	return dirs
}

// durationMsRE matches the run time in the JSON report, the one part that may differ.
var durationMsRE = regexp.MustCompile(`"duration_ms": [0-9]+`)

// TestDeterminism: files are read and parsed on every core, yet the same input gives the
// same bytes in every output format, whatever the number of cores and from run to run.
func TestDeterminism(t *testing.T) {
	dirs := storyDirs(t)
	commands := [][]string{{"graph"}, {"graph", "--format", "json"}}
	for _, format := range []string{"text", "json", "sarif", "github", "checkstyle", "junit", "gitlab"} {
		commands = append(commands, []string{"lint", "--fail-on", "none", "--format", format})
	}
	for _, command := range commands {
		args := append(slices.Clone(command), dirs...)
		var first string
		for i, procs := range []int{1, 8, 8, 1} {
			prev := runtime.GOMAXPROCS(procs)
			out, errOut, code := runCLI(t, args...)
			runtime.GOMAXPROCS(prev)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", command, code, errOut)
			}
			out = durationMsRE.ReplaceAllString(durationRE.ReplaceAllString(out, "[]"), `"duration_ms": 0`)
			if i == 0 {
				first = out
			} else if out != first {
				t.Errorf("%v: run %d with GOMAXPROCS=%d differs from the first (GOMAXPROCS=1):\n%s", command, i+1, procs, firstDiff(first, out))
			}
		}
	}
}

// firstDiff shows where two outputs start to differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return "first:  …" + a[from:min(len(a), i+200)] + "\nthen:   …" + b[from:min(len(b), i+200)]
}
