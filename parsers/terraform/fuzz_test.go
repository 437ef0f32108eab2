package terraform

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// FuzzParseFiles parses arbitrary bytes as main.tf (or main.tf.json) next to a fixed
// variables file: no panic, and every position inside the input.
func FuzzParseFiles(f *testing.F) {
	f.Add([]byte(albFiles), false)
	f.Add([]byte(`{"resource": {"aws_lb": {"a": {"idle_timeout": "${var.x}"}}}}`), true)
	f.Add([]byte("locals {\n  a = local.b\n  b = local.a\n}\nresource \"aws_lb\" \"x\" {\n  idle_timeout = local.a\n}\n"), false)
	f.Add([]byte("module \"m\" {\n  source = \"./\"\n}\nresource \"azurerm_lb_rule\" \"r\" {\n  idle_timeout_in_minutes = max(1, var.v)\n}\n"), false)
	f.Add([]byte("resource \"aws_elb\" \"e\" {\n  dynamic \"listener\" {\n    for_each = [80, 443]\n    content {\n      lb_port = listener.value\n    }\n  }\n}\n"), false)
	corpus := filepath.Join("testdata", "corpus")
	entries, _ := os.ReadDir(corpus)
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join(corpus, e.Name())); err == nil && Sniff(e.Name(), nil) {
			f.Add(data, false)
		}
	}
	root := f.TempDir()
	if err := os.WriteFile(filepath.Join(root, "variables.tf"), []byte("variable \"v\" {\n  default = 5\n}\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	tree, err := input.NewTree(root, root)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		start := time.Now()
		rel := "main.tf"
		if asJSON {
			rel = "main.tf.json"
		}
		tree.Hand(rel, data)
		vars, _ := os.ReadFile(filepath.Join(root, "variables.tf"))
		for _, fr := range ParseFiles(tree, []string{rel, "variables.tf"}, input.Options{}) {
			for _, err := range positionErrors(fr, func(p string) []byte {
				if p == rel {
					return data
				}
				return vars
			}) {
				t.Error(err)
			}
			for _, d := range fr.Diags {
				if d.Kind == graph.ParseError && d.Pos.Line == 0 {
					t.Errorf("parse error without a line: %s", d.Message)
				}
			}
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%d bytes took %v", len(data), d)
		}
	})
}
