package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
)

func at(file string, line int) graph.Pos { return graph.Pos{File: file, Line: line, Col: 5} }

func dur(d time.Duration, p graph.Pos, key string) graph.DurationSetting {
	return graph.DurationSetting{Value: graph.Dur(d), Origin: graph.Explicit, Pos: p, Key: key, Raw: graph.FormatDuration(d)}
}

// net is a small graph: an opener pool in front of optional l4 hops and a server.
type net struct {
	poolIdle   graph.DurationSetting
	reuse      *bool
	keepalive  graph.DurationSetting
	l4Idle     []time.Duration
	serverIdle time.Duration
}

func (n net) build() *graph.Graph {
	client := &graph.Hop{ID: "client.conf", Kind: graph.Client, Pos: at("client.conf", 1)}
	next := "10.0.0.1:80"
	pool := &graph.Pool{Hop: client, Name: "pool api", Pos: at("client.conf", 2), Idle: n.poolIdle, TCPKeepalive: graph.NewRare(n.keepalive)}
	if n.reuse != nil {
		pool.Reuse = graph.Setting[bool]{Value: *n.reuse, Origin: graph.Explicit, Pos: at("client.conf", 4)}
	}
	target, _ := graph.ParseAddress(next, 0)
	target.Pos = at("client.conf", 3)
	pool.Targets = []graph.Address{target}
	client.Pools = []*graph.Pool{pool}
	frags := []*graph.Fragment{{Files: []string{"client.conf"}, Hops: []*graph.Hop{client}}}
	for i, d := range n.l4Idle {
		file := "l4-" + string(rune('a'+i)) + ".conf"
		h := &graph.Hop{ID: file, Kind: graph.L4, Pos: at(file, 1)}
		addr, _ := graph.ParseAddress(next, 0)
		h.Listeners = []*graph.Listener{{Hop: h, Name: "flow table", Pos: at(file, 2), Addrs: []graph.Address{addr}, Idle: dur(d, at(file, 3), "idle")}}
		next = "10.0.1." + string(rune('1'+i)) + ":80"
		t, _ := graph.ParseAddress(next, 0)
		h.Pools = []*graph.Pool{{Hop: h, Name: "targets", Pos: at(file, 4), Targets: []graph.Address{t}}}
		frags = append(frags, &graph.Fragment{Files: []string{file}, Hops: []*graph.Hop{h}})
	}
	server := &graph.Hop{ID: "server.conf", Kind: graph.Server, Pos: at("server.conf", 1)}
	addr, _ := graph.ParseAddress(next, 0)
	server.Listeners = []*graph.Listener{{Hop: server, Name: "server", Pos: at("server.conf", 2), Addrs: []graph.Address{addr},
		Idle: dur(n.serverIdle, at("server.conf", 3), "keepalive_timeout")}}
	frags = append(frags, &graph.Fragment{Files: []string{"server.conf"}, Hops: []*graph.Hop{server}})
	return graph.Build(frags, nil)
}

func ids(fs []Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.Rule.ID+"@"+f.Pos.String())
	}
	return strings.Join(s, " ")
}

func TestIdleRules(t *testing.T) {
	no := false
	none := graph.DurationSetting{Value: graph.NoTimeout, Origin: graph.Declared, Pos: at("client.conf", 9), Key: "pool.idle"}
	tests := []struct {
		name string
		net  net
		want string
	}{
		{"opener longer than server", net{poolIdle: dur(300*time.Second, at("client.conf", 5), "keepalive_timeout"), serverIdle: 10 * time.Second},
			"TOL101@client.conf:5:5"},
		{"equal is a race too", net{poolIdle: dur(10*time.Second, at("client.conf", 5), "k"), serverIdle: 10 * time.Second},
			"TOL101@client.conf:5:5"},
		{"ordered with margin", net{poolIdle: dur(9*time.Second, at("client.conf", 5), "k"), serverIdle: 10 * time.Second}, ""},
		{"ordered within margin", net{poolIdle: dur(9500*time.Millisecond, at("client.conf", 5), "k"), serverIdle: 10 * time.Second},
			"TOL102@client.conf:5:5"},
		{"no reuse, no race", net{poolIdle: dur(300*time.Second, at("client.conf", 5), "k"), reuse: &no, serverIdle: 10 * time.Second}, ""},
		{"unbounded pool behind l4 120s", net{poolIdle: none, l4Idle: []time.Duration{120 * time.Second}, serverIdle: 600 * time.Second},
			"TOL101@client.conf:9:5 TOL101@client.conf:9:5"},
		{"l4 idle binds opener, not hop behind", net{poolIdle: dur(60*time.Second, at("client.conf", 5), "k"), l4Idle: []time.Duration{30 * time.Second}, serverIdle: 75 * time.Second},
			"TOL101@client.conf:5:5"},
		{"late keepalive probes through l4", net{poolIdle: dur(600*time.Second, at("client.conf", 5), "k"), keepalive: dur(7200*time.Second, at("client.conf", 6), "tcp_keepalive"),
			l4Idle: []time.Duration{350 * time.Second}, serverIdle: 3600 * time.Second}, "TOL103@client.conf:5:5"},
		{"early probes keep the flow", net{poolIdle: dur(600*time.Second, at("client.conf", 5), "k"), keepalive: dur(60*time.Second, at("client.conf", 6), "tcp_keepalive"),
			l4Idle: []time.Duration{350 * time.Second}, serverIdle: 3600 * time.Second}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Run(tt.net.build(), Config{})
			var idle []Finding
			for _, f := range got {
				if strings.HasPrefix(f.Rule.ID, "TOL10") {
					idle = append(idle, f)
				}
			}
			if ids(idle) != tt.want {
				t.Errorf("findings = %q, want %q", ids(idle), tt.want)
				for _, f := range idle {
					t.Log(f.Message)
				}
			}
		})
	}
}

func TestIdleFindingNamesBothSidesAndFix(t *testing.T) {
	g := net{poolIdle: dur(300*time.Second, at("client.conf", 5), "keepalive_timeout"), serverIdle: 10 * time.Second}.build()
	fs := Run(g, Config{})
	if len(fs) != 1 {
		t.Fatalf("findings: %s", ids(fs))
	}
	f := fs[0]
	for _, want := range []string{"300s", "10s", "up to 300s (keepalive_timeout)", "keepalive_timeout 10s at server.conf:3:5"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message %q lacks %q", f.Message, want)
		}
	}
	if !strings.Contains(f.Fix, "9s or less") || !strings.Contains(f.Fix, "301s or more") {
		t.Errorf("fix %q should give 9s and 301s", f.Fix)
	}
	if len(f.Related) == 0 || f.Related[0].Pos != at("server.conf", 3) {
		t.Errorf("related = %+v, want the server's keepalive line first", f.Related)
	}
	if strings.Join(f.Path, " -> ") != "client.conf -> server.conf" {
		t.Errorf("path = %v", f.Path)
	}
	// A wider margin turns an ordered pair into a warning.
	g = net{poolIdle: dur(8*time.Second, at("client.conf", 5), "k"), serverIdle: 10 * time.Second}.build()
	if got := ids(Run(g, Config{Margin: 3 * time.Second})); got != "TOL102@client.conf:5:5" {
		t.Errorf("margin 3s: %s", got)
	}
}

func TestSuspiciousUnit(t *testing.T) {
	h := &graph.Hop{ID: "lb.cfg", Software: "haproxy", Kind: graph.Proxy}
	ms := dur(30*time.Millisecond, at("lb.cfg", 3), "timeout client")
	ms.Raw, ms.BareUnit = "30", time.Millisecond
	fine := dur(3*time.Second, at("lb.cfg", 4), "timeout server")
	fine.Raw, fine.BareUnit = "3000", time.Millisecond
	long := dur(60000*time.Second, at("lb.cfg", 5), "keepalive_timeout")
	long.Raw, long.BareUnit = "60000", time.Second
	only := dur(60*time.Millisecond, at("lb.cfg", 6), "timeoutInMillis")
	only.Raw, only.BareUnit, only.OnlyBare = "60", time.Millisecond, true
	h.Listeners = []*graph.Listener{{Hop: h, Idle: ms, Request: long}, {Hop: h, Request: only}}
	h.Pools = []*graph.Pool{{Hop: h, Request: fine}}
	fs := Run(graph.Build([]*graph.Fragment{{Hops: []*graph.Hop{h}}}, nil), Config{})
	if ids(fs) != "TOL401@lb.cfg:3:5 TOL401@lb.cfg:5:5 TOL401@lb.cfg:6:5" {
		t.Fatalf("findings = %s", ids(fs))
	}
	if !strings.Contains(fs[0].Message, "timeout client 30 is read as 30ms") || !strings.Contains(fs[0].Fix, "30s if seconds were meant") {
		t.Errorf("TOL401 text: %q / %q", fs[0].Message, fs[0].Fix)
	}
	if fs[2].Fix != "timeoutInMillis takes only a number of milliseconds: write 60000 if 60s was meant" {
		t.Errorf("a setting that takes no unit: fix %q", fs[2].Fix)
	}
}

func TestTCPRules(t *testing.T) {
	g := net{poolIdle: dur(5*time.Second, at("client.conf", 5), "k"), l4Idle: []time.Duration{350 * time.Second}, serverIdle: 60 * time.Second}.build()
	on := graph.Setting[bool]{Value: true, Origin: graph.Declared, Pos: at("tolint.yaml", 3)}
	off := graph.Setting[bool]{Value: false, Origin: graph.Declared, Pos: at("tolint.yaml", 7)}
	for _, h := range g.Hops {
		switch h.Kind {
		case graph.L4:
			h.TCP.Timestamps = off
			h.TCP.TWRecycle = graph.Setting[bool]{Value: true, Origin: graph.Declared, Pos: at("tolint.yaml", 8)}
		default:
			h.TCP.Timestamps = on
		}
	}
	if got := ids(Run(g, Config{})); got != "TOL301@tolint.yaml:7:5 TOL302@tolint.yaml:8:5" {
		t.Errorf("findings = %s", got)
	}
}

func TestRuleDeclarations(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		if seen[r.ID] || seen[r.Name] {
			t.Errorf("duplicate rule %s %s", r.ID, r.Name)
		}
		seen[r.ID], seen[r.Name] = true, true
		reportedBySuppress := r == suppressionWithoutReason || r == unusedSuppression
		if r.Summary == "" || len(r.Explanation) < 200 || (r.check == nil) != reportedBySuppress || r.Severity == 0 {
			t.Errorf("rule %s is not fully declared", r.ID)
		}
		if !strings.Contains(r.Explanation, "Fix") {
			t.Errorf("rule %s: explanation must say how to fix", r.ID)
		}
		// Rules about timeouts and TCP (not about tolint's own input) tell a real incident.
		if r.ID < "TOL900" && !strings.Contains(r.Explanation, "Incident") {
			t.Errorf("rule %s: explanation must give an incident", r.ID)
		}
		if Lookup(r.ID) != r || Lookup(strings.ToLower(r.ID)) != r || Lookup(r.Name) != r {
			t.Errorf("Lookup cannot find %s", r.ID)
		}
	}
}

func TestFixedValuesAreNotProposed(t *testing.T) {
	lb := dur(600*time.Second, at("client.conf", 5), "backend keepalive")
	lb.Origin, lb.Fixed = graph.Default, true
	g := net{poolIdle: lb, serverIdle: 75 * time.Second}.build()
	fs := Run(g, Config{})
	if len(fs) != 1 || fs[0].Fix != "backend keepalive of client.conf cannot be changed, so raise keepalive_timeout of server.conf to 601s or more" {
		t.Fatalf("fix = %q", fs[0].Fix)
	}
	for _, h := range g.Hops {
		for _, l := range h.Listeners {
			l.Idle.Fixed = true
		}
	}
	if fs := Run(g, Config{}); len(fs) != 1 || !strings.HasPrefix(fs[0].Fix, "neither value can be configured") {
		t.Errorf("both fixed: %q", fs[0].Fix)
	}
}
