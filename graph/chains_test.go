package graph

import (
	"fmt"
	"testing"
	"time"
)

func sec(n int, key string) DurationSetting {
	return DurationSetting{Value: secs(n), Origin: Explicit, Pos: Pos{File: "f", Line: n, Col: 1}, Key: key}
}

func TestWait(t *testing.T) {
	none := DurationSetting{Value: NoTimeout, Origin: Default, Key: "timeout"}
	yes := Setting[bool]{Value: true, Origin: Explicit}
	retries := func(n int) Setting[int] { return Setting[int]{Value: n, Origin: Explicit} }
	tests := []struct {
		name string
		pool Pool
		want string // tries/fit total bound
	}{
		{"per read, no retries", Pool{Request: sec(120, "proxy_read_timeout"), RequestKind: PerRead}, "1/1 120s -"},
		{"envoy 10s, 3 retries of 5s", Pool{Request: sec(10, "timeout"), RequestKind: WholeResponse, PerTry: NewRare(sec(5, "per_try_timeout")),
			Retries: retries(3), RetryOnTimeout: yes}, "4/2 10s timeout"},
		{"envoy 20s fits 3 retries of 5s", Pool{Request: sec(20, "timeout"), RequestKind: WholeResponse, PerTry: NewRare(sec(5, "per_try_timeout")),
			Retries: retries(3), RetryOnTimeout: yes}, "4/4 20s timeout"},
		{"envoy retries without per-try limit spend the route timeout", Pool{Request: sec(10, "timeout"), RequestKind: WholeResponse,
			Retries: retries(3), RetryOnTimeout: yes}, "1/1 10s -"},
		{"retries not on timeouts", Pool{Request: sec(10, "timeout"), RequestKind: WholeResponse, PerTry: NewRare(sec(5, "per_try_timeout")),
			Retries: retries(3)}, "1/1 5s timeout"},
		{"istio retries, no overall timeout", Pool{Request: none, RequestKind: WholeResponse, PerTry: NewRare(sec(10, "perTryTimeout")),
			Retries: retries(3), RetryOnTimeout: yes}, "4/4 40s timeout unbounded"},
		{"nginx tries within a window", Pool{Request: sec(60, "proxy_read_timeout"), RequestKind: PerRead, Retries: retries(2),
			RetryOnTimeout: yes, RetryWindow: NewRare(sec(90, "proxy_next_upstream_timeout"))}, "3/2 120s proxy_next_upstream_timeout"},
		{"nginx tries, no window", Pool{Request: sec(60, "proxy_read_timeout"), RequestKind: PerRead, Retries: retries(2),
			RetryOnTimeout: yes}, "3/3 180s - unbounded"},
		{"no limit at all", Pool{Request: none}, "1/1 none -"},
		{"huge retry count saturates", Pool{Request: sec(3600, "proxy_read_timeout"), Retries: retries(1 << 31), RetryOnTimeout: yes},
			fmt.Sprintf("%d/%d %s - unbounded", 1<<31+1, 1<<31+1, FormatDuration(1<<63-1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := computeWait(&tt.pool)
			bound := "-"
			if w.Bound.Known() {
				bound = w.Bound.Key
			}
			got := fmt.Sprintf("%d/%d %s %s", w.Tries, w.Fit, w.Total, bound)
			if w.Unbounded() {
				got += " unbounded"
			}
			if got != tt.want {
				t.Errorf("wait = %q, want %q", got, tt.want)
			}
		})
	}
	if computeWait(&Pool{}) != nil {
		t.Error("a pool without a response timeout has a wait")
	}
}

// A chain of proxies where every hop links to the next: each step pairs one pool with
// the longest wait behind it, and the waits are computed once per pool and listener.
func TestRequestChainsShareWaits(t *testing.T) {
	const n = 2000
	var frags []*Fragment
	for i := range n {
		h := &Hop{ID: fmt.Sprintf("h%04d", i), Kind: Proxy}
		addr, _ := ParseAddress(fmt.Sprintf("10.0.%d.%d:80", i/250, i%250), 0)
		l := &Listener{Hop: h, Name: "l", Addrs: []Address{addr}}
		h.Listeners = []*Listener{l}
		for j := range 2 {
			p := &Pool{Hop: h, Name: fmt.Sprintf("p%d", j), Request: sec(10+j, "t")}
			if i+1 < n {
				next, _ := ParseAddress(fmt.Sprintf("10.0.%d.%d:80", (i+1)/250, (i+1)%250), 0)
				p.Targets = []Address{next}
			}
			h.Pools = append(h.Pools, p)
		}
		frags = append(frags, &Fragment{Hops: []*Hop{h}})
	}
	start := time.Now()
	c := RequestChains(Build(frags, nil))
	if len(c.Steps) != 2*(n-1) {
		t.Fatalf("steps = %d, want %d", len(c.Steps), 2*(n-1))
	}
	for _, s := range c.Steps {
		if s.Inner == nil || s.Inner.Pool.Name != "p1" || s.Inner.Pool.Hop != s.Seg.End.Hop {
			t.Fatalf("step %s -> %s: inner = %+v, want the hop behind's longest pool p1", s.Seg.Pool.Hop.ID, s.Seg.End.Hop.ID, s.Inner)
		}
	}
	if len(c.waits) != 2*n || len(c.inner) != n-1 {
		t.Errorf("memo sizes %d pools, %d listeners, want %d and %d", len(c.waits), len(c.inner), 2*n, n-1)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
}

// A listener that routes by host name (an ingress controller) sends a request on to the
// routes for its host and those for every host, never to another host's routes.
func TestInnerWaitFollowsHostRoutes(t *testing.T) {
	h := &Hop{ID: "ingress", Kind: Proxy}
	l := &Listener{Hop: h, Name: "http"}
	shop := &Pool{Hop: h, Name: "shop", Request: sec(60, "proxy-read-timeout")}
	registry := &Pool{Hop: h, Name: "registry", Request: sec(600, "proxy-read-timeout")}
	fallback := &Pool{Hop: h, Name: "default", Request: sec(30, "proxy-read-timeout")}
	h.Listeners, h.Pools = []*Listener{l}, []*Pool{shop, registry, fallback}
	h.Routes = []*Route{{From: l, To: shop, Hosts: []string{"shop.example.com"}}, {From: l, To: registry, Hosts: []string{"*.registry.example.com"}},
		{From: l, To: fallback}}
	c := RequestChains(&Graph{Hops: []*Hop{h}})
	for host, want := range map[string]string{
		"shop.example.com": "shop", "eu.registry.example.com": "registry", "other.example.com": "default",
		"10.0.0.1": "registry", "": "registry",
	} {
		if got := c.InnerWait(l, host); got == nil || got.Pool.Name != want {
			t.Errorf("host %q: inner wait of %+v, want pool %s", host, got, want)
		}
	}
}
