package rules

import (
	"strconv"
	"testing"

	"github.com/tolint/tolint/graph"
)

// TestUnresolvedLinkMessage pins TOL902's text, built by hand for speed: one finding per
// pool, naming at most three addresses, counting the rest, quoting the listen address.
func TestUnresolvedLinkMessage(t *testing.T) {
	hop := &graph.Hop{ID: "edge/nginx.conf", Names: []string{"edge"}}
	one := &graph.Pool{Hop: hop, Name: "upstream api"}
	many := &graph.Pool{Hop: hop, Name: "upstream \"odd\""}
	target := func(hostPort string, line int) *graph.Address {
		a, err := graph.ParseAddress(hostPort, 0)
		if err != nil {
			t.Fatal(err)
		}
		a.Pos = at("edge/nginx.conf", line)
		return &a
	}
	g := &graph.Graph{Unresolved: []graph.Unresolved{
		{Pool: many, Target: target("10.0.0.1:80", 3)},
		{Pool: one, Target: target("api.internal:8080", 9)},
		{Pool: many, Target: target("[::1]:81", 4)},
		{Pool: many, Target: target("10.0.0.1:80", 3)},
		{Pool: many, Target: target("10.0.0.3:80", 5)},
		{Pool: many, Target: target("10.0.0.4:80", 6)},
	}}
	p := &pass{rule: unresolvedLink, graph: g}
	unresolvedLink.check(p)
	if len(p.findings) != 2 {
		t.Fatalf("got %d findings, want 2", len(p.findings))
	}
	for _, tt := range []struct {
		f                 Finding
		message, fix, key string
		related           string
	}{
		{p.findings[0],
			`upstream "odd" of edge connects to 10.0.0.1:80, [::1]:81, 10.0.0.1:80 and 2 more, which no scanned hop answer to; this connection is not checked`,
			`describe the hop at 10.0.0.1:80 in tolint.yaml (listen: ["10.0.0.1:80"] and its listener idle), or declare a link from edge`,
			`upstream "odd" -> unresolved`,
			"edge/nginx.conf:4:5 also [::1]:81;"},
		{p.findings[1],
			`upstream api of edge connects to api.internal:8080, which no scanned hop answers to; this connection is not checked`,
			`describe the hop at api.internal:8080 in tolint.yaml (listen: ["api.internal:8080"] and its listener idle), or declare a link from edge`,
			`upstream api -> unresolved`,
			""},
	} {
		related := ""
		for _, r := range tt.f.Related {
			related += r.Pos.String() + " " + r.Message + ";"
		}
		if tt.f.Message != tt.message || tt.f.Fix != tt.fix || tt.f.Key != tt.key || related != tt.related {
			t.Errorf("got\n%q\n%q\n%q\n%q\nwant\n%q\n%q\n%q\n%q", tt.f.Message, tt.f.Fix, tt.f.Key, related, tt.message, tt.fix, tt.key, tt.related)
		}
		if len(tt.f.Path) != 1 || tt.f.Path[0] != "edge" {
			t.Errorf("path %q, want [edge]", tt.f.Path)
		}
	}
}

func TestAppendQuoted(t *testing.T) {
	for _, s := range []string{"", "10.0.0.1:80", "[::1]:8080", `a"b`, `a\b`, "tab\there", "é", "\x7f", "\xff", "~ !"} {
		if got, want := string(appendQuoted([]byte("x"), s)), "x"+strconv.Quote(s); got != want {
			t.Errorf("appendQuoted(%q) = %s, want %s", s, got, want)
		}
	}
}
