package envoy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// parseSet writes files into a temporary tree and parses them all together, checking that
// every position points into the file it names.
func parseSet(t *testing.T, files map[string]string) []*graph.Fragment {
	t.Helper()
	dir := t.TempDir()
	var rels []string
	for rel, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		rels = append(rels, rel)
	}
	sortStrings(rels)
	tree, err := input.NewTree(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	frags := ParseFiles(tree, rels, input.Options{})
	for _, f := range frags {
		for _, err := range parsertest.YAMLPositionErrors(files, f) {
			t.Error(err)
		}
	}
	return frags
}

// parseOne parses a single file named envoy.yaml and returns its hop and diagnostics.
func parseOne(t *testing.T, src string) (*graph.Hop, []string) {
	t.Helper()
	frags := parseSet(t, map[string]string{"envoy.yaml": src})
	if len(frags) != 1 || len(frags[0].Hops) != 1 {
		t.Fatalf("%d fragments", len(frags))
	}
	return frags[0].Hops[0], diagLines(frags[0])
}

func sortStrings(s []string) {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
}

func diagLines(f *graph.Fragment) []string {
	var out []string
	for _, d := range f.Diags {
		kind := "error"
		if d.Kind == graph.NotInspected {
			kind = "not-inspected"
		}
		out = append(out, fmt.Sprintf("%s %s: %s", kind, d.Pos, d.Message))
	}
	return out
}

// describe prints a hop compactly: listeners, pools and routes with their settings.
func describe(h *graph.Hop) string {
	var b strings.Builder
	set := func(name string, s graph.DurationSetting) {
		if s.Known() {
			fmt.Fprintf(&b, " %s=%s(%s@%s)", name, s.Value, s.Origin, s.Pos)
		}
	}
	for _, l := range h.Listeners {
		fmt.Fprintf(&b, "%s@%s", l.Name, l.Pos)
		for _, a := range l.Addrs {
			fmt.Fprintf(&b, " addr=%s", a.HostPort())
		}
		if len(l.Names) > 0 {
			fmt.Fprintf(&b, " names=%s", strings.Join(l.Names, ","))
		}
		set("idle", l.Idle)
		set("request", l.Request)
		b.WriteString("\n")
	}
	for _, p := range h.Pools {
		fmt.Fprintf(&b, "%s@%s", p.Name, p.Pos)
		for _, a := range p.Targets {
			fmt.Fprintf(&b, " target=%s", a.HostPort())
		}
		set("idle", p.Idle)
		fmt.Fprintf(&b, " reuse=%v(%s@%s)", p.Reuse.Value, p.Reuse.Origin, p.Reuse.Pos)
		set("request", p.Request)
		set("connect", p.Connect)
		set("keepalive", p.TCPKeepalive.Get())
		b.WriteString("\n")
	}
	for _, r := range h.Routes {
		fmt.Fprintf(&b, "route %s -> %s @%s\n", r.From.Name, r.To.Name, r.Pos)
	}
	return b.String()
}

// loc returns "envoy.yaml:LINE:COL" of target inside the first occurrence of context in
// src, so tests name the token a position must point at instead of counting columns.
func loc(t *testing.T, src, context, target string) string {
	t.Helper()
	i := strings.Index(src, context)
	j := strings.Index(context, target)
	if i < 0 || j < 0 {
		t.Fatalf("%q not found in %q", target, context)
	}
	off := i + j
	line := strings.Count(src[:off], "\n") + 1
	col := off - strings.LastIndexByte(src[:off], '\n')
	return fmt.Sprintf("envoy.yaml:%d:%d", line, col)
}
