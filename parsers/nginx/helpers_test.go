package nginx

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// writeTree lays out files (slash paths relative to a new root) and returns the root. A
// content starting with "symlink:" makes a symbolic link to the rest of it.
func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for rel, content := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(content, "symlink:"); ok {
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// parseFiles parses rel inside a tree made of files, with display paths equal to rel.
func parseFiles(t testing.TB, files map[string]string, rel, version string) *graph.Fragment {
	t.Helper()
	root := writeTree(t, files)
	tree, err := input.NewTree(root, root)
	if err != nil {
		t.Fatal(err)
	}
	fr := Parse(tree, rel, input.Options{Version: version})
	if len(fr.Hops) != 1 {
		t.Fatalf("Parse returned %d hops, want 1", len(fr.Hops))
	}
	return fr
}

// diagLines prints diagnostics as "file:line:col kind: message".
func diagLines(fr *graph.Fragment) []string {
	var out []string
	for _, d := range fr.Diags {
		kind := "parse-error"
		if d.Kind == graph.NotInspected {
			kind = "not-inspected"
		}
		out = append(out, fmt.Sprintf("%s %s: %s", d.Pos, kind, d.Message))
	}
	return out
}

// describe prints a duration setting as "value origin pos raw note" for comparisons.
func describe(s graph.DurationSetting) string {
	if !s.Known() {
		return "unset"
	}
	out := fmt.Sprintf("%s %s %s", s.Value, s.Origin, s.Pos)
	if s.Raw != "" {
		out += " raw=" + s.Raw
	}
	if s.BareUnit != 0 {
		out += " bare"
	}
	if s.Origin == graph.Inherited {
		out += " (" + s.Note + ")"
	}
	return out
}

func readFixture(t testing.TB, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
