package graph_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/rules"
)

// Shape of the benchmark estate: groups of a server behind a chain of chainLen l4 hops,
// with openers entering the chain at every depth. 2,000 groups of 50 hops are 100,000 hops.
const (
	groups   = 2000
	chainLen = 20
	openers  = 29
)

func setting(d time.Duration, file string, line int) graph.DurationSetting {
	return graph.DurationSetting{Value: graph.Dur(d), Origin: graph.Explicit, Pos: graph.Pos{File: file, Line: line, Col: 1}, Key: "idle"}
}

// chainEstate builds the fragments: in each group an l4 chain l4-0 -> l4-1 -> ... -> server,
// and openers whose pools target l4-(k mod chainLen), so most segments pass many l4 hops
// and every tail is shared by several openers. The first opener of every tenth group keeps
// idle connections longer than the l4 hops and the server allow (a TOL101 for each of them).
func chainEstate() []*graph.Fragment {
	var frags []*graph.Fragment
	addr := func(g, i int) graph.Address {
		return graph.Address{Host: fmt.Sprintf("10.%d.%d.%d", g/200, g%200, i+1), Port: 443}
	}
	newHop := func(id string, kind graph.Kind, listen *graph.Address, idle time.Duration) *graph.Hop {
		h := &graph.Hop{ID: id, Kind: kind, Pos: graph.Pos{File: id, Line: 1, Col: 1}, Files: []string{id}}
		if listen != nil {
			a := *listen
			a.Pos = graph.Pos{File: id, Line: 2, Col: 1}
			h.Listeners = append(h.Listeners, &graph.Listener{Hop: h, Name: "listener", Pos: a.Pos, Addrs: []graph.Address{a}, Idle: setting(idle, id, 3)})
		}
		frags = append(frags, &graph.Fragment{Files: []string{id}, Hops: []*graph.Hop{h}})
		return h
	}
	pool := func(h *graph.Hop, target graph.Address, idle time.Duration) {
		target.Pos = graph.Pos{File: h.ID, Line: 5, Col: 1}
		h.Pools = append(h.Pools, &graph.Pool{Hop: h, Name: "pool", Pos: graph.Pos{File: h.ID, Line: 4, Col: 1}, Targets: []graph.Address{target},
			Idle: setting(idle, h.ID, 6), Reuse: graph.Setting[bool]{Value: true, Origin: graph.Explicit, Pos: graph.Pos{File: h.ID, Line: 7, Col: 1}}})
	}
	for g := range groups {
		server := addr(g, chainLen)
		newHop(fmt.Sprintf("g%d/server", g), graph.Server, &server, 400*time.Second)
		for i := range chainLen {
			a := addr(g, i)
			h := newHop(fmt.Sprintf("g%d/l4-%d", g, i), graph.L4, &a, 350*time.Second)
			pool(h, addr(g, i+1), 0)
		}
		for k := range openers {
			listen := graph.Address{Host: fmt.Sprintf("10.%d.%d.%d", 100+g/200, g%200, k+1), Port: 80}
			h := newHop(fmt.Sprintf("g%d/proxy-%d", g, k), graph.Proxy, &listen, 75*time.Second)
			idle := 60 * time.Second
			if k == 0 && g%10 == 0 {
				idle = 500 * time.Second
			}
			pool(h, addr(g, k%chainLen), idle)
		}
	}
	return frags
}

// BenchmarkBuildAndRules links 100,000 hops whose connections pass chains of up to 20 l4
// hops, builds the segments and runs every rule. Segments share the tails behind each l4
// listener, so the time stays linear in hops plus segment length; a path explosion would
// show here as a blow-up, not as a slow test.
func BenchmarkBuildAndRules(b *testing.B) {
	frags := chainEstate()
	g := graph.Build(frags, nil)
	// l4 hops open no connections of their own: one segment per opener, through the rest
	// of the chain from where it enters.
	via := 0
	for _, s := range g.Segments {
		via += len(s.Via)
	}
	wantVia := 0
	for k := range openers {
		wantVia += chainLen - k%chainLen
	}
	if len(g.Segments) != groups*openers || via != groups*wantVia || len(g.Unresolved) != 0 {
		b.Fatalf("%d segments through %d l4 hops (want %d through %d), %d unresolved", len(g.Segments), via, groups*openers, groups*wantVia, len(g.Unresolved))
	}
	findings := rules.Run(g, rules.Config{})
	b.ResetTimer()
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			graph.Build(frags, nil)
		}
		b.ReportMetric(float64(len(g.Hops)), "hops")
		b.ReportMetric(float64(len(g.Segments)), "segments")
		b.ReportMetric(float64(via), "l4-passes")
	})
	b.Run("rules", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rules.Run(g, rules.Config{})
		}
		b.ReportMetric(float64(len(findings)), "findings")
	})
}

// BenchmarkBuildTopology builds 100,000 hops of which every tenth is named by a tolint.yaml
// entry that merges it with its host's sysctl hop (config: [app, host]), as an estate that
// gives every proxy its kernel settings does. Merging must not rescan the hop list.
func BenchmarkBuildTopology(b *testing.B) {
	const hops = 100_000
	var frags []*graph.Fragment
	topo := &graph.Topology{File: "tolint.yaml"}
	for i := range hops {
		id := fmt.Sprintf("h%06d/nginx.conf", i)
		h := &graph.Hop{ID: id, Kind: graph.Proxy, Pos: graph.Pos{File: id, Line: 1, Col: 1}, Files: []string{id}}
		h.Listeners = []*graph.Listener{{Hop: h, Name: "listener", Pos: h.Pos, Idle: setting(75*time.Second, id, 2),
			Addrs: []graph.Address{{Host: fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), Port: 80}}}}
		frags = append(frags, &graph.Fragment{Files: []string{id}, Hops: []*graph.Hop{h}})
		if i%10 == 0 {
			host := fmt.Sprintf("h%06d/sysctl.conf", i)
			frags = append(frags, &graph.Fragment{Files: []string{host}, Hops: []*graph.Hop{{ID: host, Kind: graph.Server, Pos: graph.Pos{File: host, Line: 1, Col: 1}, Files: []string{host}}}})
			topo.Hops = append(topo.Hops, &graph.Declaration{Name: fmt.Sprintf("edge%d", i), Pos: graph.Pos{File: "tolint.yaml", Line: i + 1, Col: 1},
				Configs: []graph.ConfigRef{{File: id}, {File: host}}})
		}
	}
	if g := graph.Build(frags, topo); len(g.Hops) != hops || len(g.Diags) != 0 {
		b.Fatalf("%d hops (want %d), diagnostics %v", len(g.Hops), hops, g.Diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		graph.Build(frags, topo)
	}
}

// BenchmarkDefaultDuration is the lookup every parser makes per pool or listener that
// relies on a default.
func BenchmarkDefaultDuration(b *testing.B) {
	b.ReportAllocs()
	at := graph.Pos{File: "nginx.conf", Line: 1, Col: 1}
	for b.Loop() {
		if _, ok := graph.DefaultDuration("nginx", "1.24", graph.PoolIdle, at); !ok {
			b.Fatal("no default")
		}
	}
}
