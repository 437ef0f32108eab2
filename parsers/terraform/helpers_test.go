package terraform

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// parseTree lays out files (slash paths relative to a new root) and parses every Terraform
// file among them, with display paths equal to the relative paths.
func parseTree(t testing.TB, files map[string]string) []*graph.Fragment {
	t.Helper()
	root := t.TempDir()
	var rels []string
	for rel, content := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if Sniff(rel, []byte(content)) {
			rels = append(rels, rel)
		}
	}
	slices.Sort(rels)
	tree, err := input.NewTree(root, root)
	if err != nil {
		t.Fatal(err)
	}
	return ParseFiles(tree, rels, input.Options{})
}

func hopByID(t testing.TB, frs []*graph.Fragment, id string) *graph.Hop {
	t.Helper()
	var ids []string
	for _, fr := range frs {
		for _, h := range fr.Hops {
			if h.ID == id {
				return h
			}
			ids = append(ids, h.ID)
		}
	}
	t.Fatalf("no hop %q among %q", id, ids)
	return nil
}

func diags(frs []*graph.Fragment) []string {
	var out []string
	for _, fr := range frs {
		for _, d := range fr.Diags {
			kind := "parse"
			if d.Kind == graph.NotInspected {
				kind = "not-inspected"
			}
			out = append(out, d.Pos.String()+": "+kind+": "+d.Message)
		}
	}
	return out
}

// describe prints a duration setting as "60s default lb.tf:1:1" or "90s explicit
// vars.tf:3:13 from var.idle (terraform.tfvars)", the parts a test pins.
func describe(s graph.DurationSetting) string {
	out := s.Value.String() + " " + s.Origin.String() + " " + s.Pos.String()
	if s.Origin == graph.Unset {
		out = "unknown " + s.Pos.String()
	}
	if s.Origin != graph.Default && s.Note != "" {
		out += " " + s.Note
	}
	return out
}

func addrs(as []graph.Address) string {
	var out []string
	for _, a := range as {
		out = append(out, a.HostPort()+"@"+a.Pos.String())
	}
	return strings.Join(out, ",")
}

func routes(h *graph.Hop) string {
	var out []string
	for _, r := range h.Routes {
		out = append(out, r.From.Name+"->"+r.To.Name+"@"+r.Pos.String())
	}
	return strings.Join(out, ",")
}
