package graph

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func pos(file string, line int) Pos { return Pos{File: file, Line: line, Col: 1} }

func idle(d time.Duration, at Pos) DurationSetting {
	return DurationSetting{Value: Dur(d), Origin: Explicit, Pos: at, Key: "idle"}
}

// hop builds a hop with one listener on addr (if any) and one pool to targets (if any).
func hop(id string, kind Kind, addr string, names []string, targets ...string) *Hop {
	h := &Hop{ID: id, Kind: kind, Pos: pos(id, 1)}
	if addr != "" {
		a, err := ParseAddress(addr, 80)
		if err != nil {
			panic(err)
		}
		h.Listeners = append(h.Listeners, &Listener{Hop: h, Name: "listener", Pos: pos(id, 2), Addrs: []Address{a}, Names: names,
			Idle: idle(10*time.Second, pos(id, 3))})
	}
	if len(targets) > 0 {
		p := &Pool{Hop: h, Name: "pool", Pos: pos(id, 4), Idle: idle(60*time.Second, pos(id, 5))}
		for i, t := range targets {
			a, err := ParseAddress(t, 80)
			if err != nil {
				panic(err)
			}
			a.Pos = pos(id, 6+i)
			p.Targets = append(p.Targets, a)
		}
		h.Pools = append(h.Pools, p)
	}
	return h
}

func frag(hops ...*Hop) []*Fragment {
	var out []*Fragment
	for _, h := range hops {
		out = append(out, &Fragment{Files: []string{h.ID}, Hops: []*Hop{h}})
	}
	return out
}

func segStrings(g *Graph) []string {
	var out []string
	for _, s := range g.Segments {
		parts := []string{s.Pool.Hop.ID}
		for _, v := range s.Via {
			parts = append(parts, v.Hop.ID)
		}
		if s.End != nil {
			parts = append(parts, s.End.Hop.ID)
		} else {
			parts = append(parts, "?")
		}
		out = append(out, strings.Join(parts, " -> "))
	}
	return out
}

func TestLinkByAddressAndName(t *testing.T) {
	g := Build(frag(
		hop("edge", Proxy, "80", nil, "10.0.0.5:8080", "api.internal:80", "127.0.0.1:9000", "unknown.example:443"),
		hop("byip", Server, "10.0.0.5:8080", nil),
		hop("byname", Server, "80", []string{"api.internal"}),
		hop("other", Server, "127.0.0.1:9000", nil), // loopback of another host: must not match
	), nil)
	got := segStrings(g)
	want := []string{"edge -> byip", "edge -> byname"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("segments = %v, want %v", got, want)
	}
	var unresolved []string
	for _, u := range g.Unresolved {
		unresolved = append(unresolved, u.Target.HostPort())
	}
	if fmt.Sprint(unresolved) != "[127.0.0.1:9000 unknown.example:443]" {
		t.Errorf("unresolved = %v", unresolved)
	}
}

func TestL4HopsAreTransparent(t *testing.T) {
	// client -> nlb (l4) -> nat (l4) -> server, and the nlb also forwards to a second server.
	g := Build(frag(
		hop("client", Client, "", nil, "10.0.0.1:443"),
		hop("nlb", L4, "10.0.0.1:443", nil, "10.0.0.2:443", "10.0.0.4:443"),
		hop("nat", L4, "10.0.0.2:443", nil, "10.0.0.3:443"),
		hop("server", Server, "10.0.0.3:443", nil),
		hop("server2", Server, "10.0.0.4:443", nil),
	), nil)
	got := segStrings(g)
	want := []string{"client -> nlb -> nat -> server", "client -> nlb -> server2"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("segments = %v, want %v (l4 hops open no segments of their own)", got, want)
	}
}

func TestL4LoopIsCut(t *testing.T) {
	g := Build(frag(
		hop("client", Client, "", nil, "10.0.0.1:80"),
		hop("a", L4, "10.0.0.1:80", nil, "10.0.0.2:80"),
		hop("b", L4, "10.0.0.2:80", nil, "10.0.0.1:80"),
	), nil)
	if len(g.Diags) != 1 || !strings.Contains(g.Diags[0].Message, "loop") {
		t.Errorf("diags = %+v, want one loop diagnostic", g.Diags)
	}
}

func TestL4ChainIsLinear(t *testing.T) {
	// A long chain of l4 hops with every opener in front of it: tails are memoised, so
	// this finishes quickly and yields one segment per opener.
	const n = 5000
	var hops []*Hop
	for i := range n {
		hops = append(hops, hop(fmt.Sprintf("l4-%05d", i), L4, fmt.Sprintf("10.1.%d.%d:80", i/256, i%256), nil, fmt.Sprintf("10.1.%d.%d:80", (i+1)/256, (i+1)%256)))
	}
	hops = append(hops, hop("end", Server, fmt.Sprintf("10.1.%d.%d:80", n/256, n%256), nil))
	for i := range 200 {
		hops = append(hops, hop(fmt.Sprintf("client-%03d", i), Client, "", nil, fmt.Sprintf("10.1.%d.%d:80", i/256, i%256)))
	}
	start := time.Now()
	g := Build(frag(hops...), nil)
	if len(g.Segments) != 200 {
		t.Fatalf("segments = %d, want 200", len(g.Segments))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("build took %v", d)
	}
}

func TestTopologyOverridesAndDeclaredLinks(t *testing.T) {
	edge := hop("edge/nginx.conf", Proxy, "80", nil, "10.9.9.9:80")
	topo := &Topology{File: "tolint.yaml",
		Hops: []*Declaration{
			{Name: "edge", Pos: pos("tolint.yaml", 2), Configs: []ConfigRef{{File: "edge/nginx.conf"}},
				Pool: PoolDecl{Idle: DurationSetting{Value: Dur(5 * time.Second), Origin: Declared, Pos: pos("tolint.yaml", 4), Key: "pool.idle"}}},
			{Name: "lb", Pos: pos("tolint.yaml", 5), Kind: L4, Listener: ListenerDecl{Idle: DurationSetting{Value: Dur(120 * time.Second), Origin: Declared, Pos: pos("tolint.yaml", 7)}}},
			{Name: "app", Pos: pos("tolint.yaml", 8), Software: "nginx"},
			{Name: "ghost", Pos: pos("tolint.yaml", 9), Configs: []ConfigRef{{File: "missing.conf", Pos: pos("tolint.yaml", 9)}}},
		},
		Links: []DeclaredLink{{Hops: []string{"edge", "lb", "app"}, Pos: pos("tolint.yaml", 11)}},
	}
	g := Build(frag(edge), topo)
	p := edge.Pools[0]
	if p.Idle.Value.D != 5*time.Second || p.Idle.Origin != Declared || p.Idle.Overrides == nil || p.Idle.Overrides.Value.D != 60*time.Second {
		t.Errorf("declared idle should override the parsed one and keep it: %+v", p.Idle)
	}
	if edge.Label() != "edge" {
		t.Errorf("label = %q, want the topology name", edge.Label())
	}
	if got := fmt.Sprint(segStrings(g)); got != "[edge/nginx.conf -> lb -> app]" {
		t.Errorf("segments = %s", got)
	}
	if len(g.Unresolved) != 0 {
		t.Errorf("a pool with a declared link is not unresolved: %+v", g.Unresolved)
	}
	var app *Hop
	for _, h := range g.Hops {
		if h.ID == "app" {
			app = h
		}
	}
	if app == nil || app.Listeners[0].Idle.Origin != Default || app.Listeners[0].Idle.Value.D != 75*time.Second ||
		!strings.Contains(app.Listeners[0].Idle.Note, "nginx.org") {
		t.Errorf("software: nginx should fill the listener idle default with its source: %+v", app)
	}
	if len(g.Diags) != 1 || !strings.Contains(g.Diags[0].Message, `config "missing.conf" names no parsed hop`) {
		t.Errorf("diags = %+v", g.Diags)
	}
}

func TestDeclaredLinkByParsedID(t *testing.T) {
	lb := hop("infra/lb.tf#aws_lb.api", Proxy, "443", nil)
	lb.Pools = []*Pool{{Hop: lb, Name: "tg", Pos: pos("infra/lb.tf", 9)}}
	app := hop("app", Server, "10.0.0.9:80", nil)
	topo := &Topology{Links: []DeclaredLink{
		{Hops: []string{"infra/lb.tf#aws_lb.api", "app"}, HopPos: []Pos{pos("tolint.yaml", 3), pos("tolint.yaml", 3)}},
		{Hops: []string{"infra/lb.tf#aws_lb.nope", "app"}, HopPos: []Pos{pos("tolint.yaml", 4), pos("tolint.yaml", 4)}},
	}}
	g := Build(frag(lb, app), topo)
	if got := fmt.Sprint(segStrings(g)); got != "[infra/lb.tf#aws_lb.api -> app]" {
		t.Errorf("segments = %s", got)
	}
	if len(g.Diags) != 1 || g.Diags[0].Pos.Line != 4 || !strings.Contains(g.Diags[0].Message, `"infra/lb.tf#aws_lb.nope"`) {
		t.Errorf("diags = %+v", g.Diags)
	}
}

func TestConfigListMergesHostSettings(t *testing.T) {
	app := hop("app/nginx.conf", Proxy, "10.0.0.9:80", nil)
	host := &Hop{ID: "host/sysctl.conf", Kind: Server, Software: "linux", Pos: pos("host/sysctl.conf", 1)}
	host.TCP.Timestamps = Setting[bool]{Value: false, Origin: Explicit, Pos: pos("host/sysctl.conf", 2)}
	topo := &Topology{Hops: []*Declaration{{Name: "web", Pos: pos("tolint.yaml", 2),
		Configs: []ConfigRef{{File: "app/nginx.conf"}, {File: "host/sysctl.conf"}}}}}
	g := Build(frag(app, host), topo)
	if len(g.Hops) != 1 || g.Hops[0] != app {
		t.Fatalf("hops = %d, want the sysctl hop merged into the app", len(g.Hops))
	}
	if ts := app.TCP.Timestamps; !ts.Known() || ts.Value || ts.Pos != pos("host/sysctl.conf", 2) {
		t.Errorf("timestamps = %+v, want the sysctl file's value", ts)
	}
}

// TestSortHops: hops end sorted by ID, hops with equal IDs in the order they came, and
// each numbered with its place, whatever runs they arrive in.
func TestSortHops(t *testing.T) {
	tests := []struct {
		name string
		ids  []string // in arrival order; "a.2" is the second hop with ID "a"
		want []string
	}{
		{"none", nil, nil},
		{"one", []string{"a"}, []string{"a"}},
		{"sorted", []string{"a", "b", "c"}, []string{"a", "b", "c"}},
		{"reversed", []string{"c", "b", "a"}, []string{"a", "b", "c"}},
		{"formats in turn", []string{"k/1", "k/3", "n/2", "a/1", "a/9", "n/1", "z"}, []string{"a/1", "a/9", "k/1", "k/3", "n/1", "n/2", "z"}},
		{"equal IDs keep their order", []string{"b.1", "a.1", "b.2", "a.2", "a.3"}, []string{"a.1", "a.2", "a.3", "b.1", "b.2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &Graph{}
			for _, id := range tt.ids {
				name, _, _ := strings.Cut(id, ".")
				g.Hops = append(g.Hops, &Hop{ID: name, Names: []string{id}})
			}
			(&builder{g: g}).sortHops()
			var got []string
			for i, h := range g.Hops {
				got = append(got, h.Names[0])
				if h.rank != i {
					t.Errorf("%s has rank %d at place %d", h.Names[0], h.rank, i)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
