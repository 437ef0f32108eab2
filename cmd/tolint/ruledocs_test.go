package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolint/tolint/rules"
)

// TestRuleExamples lints every rule's documented examples through the CLI: the bad one
// must give a finding of the rule, its fix none. Every rule must have both, so the docs
// never show an example that does not do what it says. (A live rule's bad example is run
// under tolint verify against a real nginx by TestTOL601Examples.)
func TestRuleExamples(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.ID, func(t *testing.T) {
			if len(r.Bad) == 0 || len(r.Good) == 0 {
				t.Fatalf("%s has no bad and good examples (rules.Rule.Bad, Good)", r.ID)
			}
			// A live rule's bad example needs a measured endpoint; verify_test.go runs it.
			if n := exampleFindings(t, r.ID, r.Bad); n == 0 && !r.Live {
				t.Errorf("the bad example gives no %s", r.ID)
			}
			if n := exampleFindings(t, r.ID, r.Good); n != 0 {
				t.Errorf("the good example gives %d %s", n, r.ID)
			}
		})
	}
}

func exampleFindings(t *testing.T, id string, files []rules.ExampleFile) int {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(f.Name)), f.Text)
	}
	out, errOut, code := runCLI(t, "lint", "--format", "json", dir)
	if code == exitUsage {
		t.Fatalf("exit 2: %s", errOut)
	}
	var doc struct {
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range doc.Findings {
		if f.Rule == id {
			n++
		}
	}
	return n
}

// TestExplainPrintsTheDocPage: `tolint explain` and docs/rules/<ID>.md are the same text.
func TestExplainPrintsTheDocPage(t *testing.T) {
	out, _, code := runCLI(t, "explain", "TOL101")
	if code != exitClean || out != rules.Doc(rules.Lookup("TOL101")) || !strings.Contains(out, "## Example") {
		t.Errorf("explain TOL101 (exit %d):\n%s", code, out)
	}
}
