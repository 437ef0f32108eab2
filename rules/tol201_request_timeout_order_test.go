package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
)

// chain is an outer hop whose pool reaches, optionally through an l4 hop, an inner hop
// that forwards to a backend.
type chain struct {
	outer, inner *graph.Pool
	l4           bool
}

func (c chain) build() *graph.Graph {
	outer := &graph.Hop{ID: "outer.conf", Kind: graph.Proxy}
	c.outer.Hop, c.outer.Name, c.outer.Pos = outer, "pool edge", at("outer.conf", 2)
	next := "10.0.0.1:80"
	t, _ := graph.ParseAddress(next, 0)
	c.outer.Targets = []graph.Address{t}
	outer.Pools = []*graph.Pool{c.outer}
	frags := []*graph.Fragment{{Hops: []*graph.Hop{outer}}}
	if c.l4 {
		nlb := &graph.Hop{ID: "nlb.tf", Kind: graph.L4}
		a, _ := graph.ParseAddress(next, 0)
		next = "10.0.1.1:80"
		b, _ := graph.ParseAddress(next, 0)
		nlb.Listeners = []*graph.Listener{{Hop: nlb, Name: "listener", Addrs: []graph.Address{a}}}
		nlb.Pools = []*graph.Pool{{Hop: nlb, Name: "targets", Targets: []graph.Address{b}}}
		frags = append(frags, &graph.Fragment{Hops: []*graph.Hop{nlb}})
	}
	inner := &graph.Hop{ID: "inner.conf", Kind: graph.Proxy}
	a, _ := graph.ParseAddress(next, 0)
	inner.Listeners = []*graph.Listener{{Hop: inner, Name: "listener", Pos: at("inner.conf", 1), Addrs: []graph.Address{a}}}
	c.inner.Hop, c.inner.Name, c.inner.Pos = inner, "pool app", at("inner.conf", 2)
	inner.Pools = []*graph.Pool{c.inner, {Hop: inner, Name: "pool fast", Request: dur(time.Second, at("inner.conf", 30), "t")}}
	return graph.Build(append(frags, &graph.Fragment{Hops: []*graph.Hop{inner}}), nil)
}

func requestIDs(fs []Finding) string {
	var keep []Finding
	for _, f := range fs {
		if strings.HasPrefix(f.Rule.ID, "TOL20") {
			keep = append(keep, f)
		}
	}
	return ids(keep)
}

func TestRequestRules(t *testing.T) {
	perRead := func(n int, line int, key string) *graph.Pool {
		return &graph.Pool{Request: dur(time.Duration(n)*time.Second, at("x", line), key), RequestKind: graph.PerRead}
	}
	outerAt := func(n int) *graph.Pool {
		p := perRead(n, 0, "idle_timeout")
		p.Request.Pos = at("outer.conf", 5)
		return p
	}
	innerAt := func(n int) *graph.Pool {
		p := perRead(n, 0, "proxy_read_timeout")
		p.Request.Pos = at("inner.conf", 5)
		return p
	}
	retrying := func(timeout graph.DurationSetting, perTry, retries int) *graph.Pool {
		return &graph.Pool{Request: timeout, RequestKind: graph.WholeResponse,
			PerTry:         graph.NewRare(dur(time.Duration(perTry)*time.Second, at("inner.conf", 6), "per_try_timeout")),
			Retries:        graph.Setting[int]{Value: retries, Origin: graph.Explicit, Pos: at("inner.conf", 7), Key: "num_retries"},
			RetryOnTimeout: graph.Setting[bool]{Value: true, Origin: graph.Explicit, Pos: at("inner.conf", 8), Key: "retry_on", Raw: "5xx"}}
	}
	noLimit := graph.DurationSetting{Value: graph.NoTimeout, Origin: graph.Default, Pos: at("inner.conf", 2), Key: "timeout"}
	off := graph.DurationSetting{Value: graph.NoTimeout, Origin: graph.Explicit, Pos: at("inner.conf", 5), Key: "timeout server"}
	post := innerAt(10)
	post.RetryNonIdempotent = graph.NewRare(graph.Setting[bool]{Value: true, Origin: graph.Explicit, Pos: at("inner.conf", 9), Key: "non_idempotent", Note: "proxy_next_upstream non_idempotent"})
	tests := []struct {
		name  string
		chain chain
		want  string
	}{
		{"alb 60s in front of nginx 120s", chain{outer: outerAt(60), inner: innerAt(120)}, "TOL201@outer.conf:5:5"},
		{"through an l4 hop", chain{outer: outerAt(60), inner: innerAt(120), l4: true}, "TOL201@outer.conf:5:5"},
		{"ordered", chain{outer: outerAt(121), inner: innerAt(120)}, ""},
		{"equal is not shorter", chain{outer: outerAt(60), inner: innerAt(60)}, ""},
		{"inner without a limit by default", chain{outer: outerAt(60), inner: &graph.Pool{Request: noLimit}}, ""},
		{"inner limit turned off", chain{outer: outerAt(60), inner: &graph.Pool{Request: off}}, "TOL201@outer.conf:5:5"},
		{"inner retries cut by its own timeout", chain{outer: outerAt(60), inner: retrying(dur(10*time.Second, at("inner.conf", 5), "timeout"), 5, 3)},
			"TOL202@inner.conf:5:5"},
		{"inner retries fit, outer shorter than the whole", chain{outer: outerAt(15), inner: retrying(dur(20*time.Second, at("inner.conf", 5), "timeout"), 5, 3)},
			"TOL201@outer.conf:5:5"},
		{"unbounded retries outlast the outer hop", chain{outer: outerAt(30), inner: retrying(noLimit, 10, 3)}, "TOL202@outer.conf:5:5"},
		{"unbounded retries within the outer hop", chain{outer: outerAt(45), inner: retrying(noLimit, 10, 3)}, ""},
		{"one unbounded try already outlasts the outer hop", chain{outer: outerAt(5), inner: retrying(noLimit, 10, 3)}, "TOL201@outer.conf:5:5"},
		{"retried writes", chain{outer: outerAt(60), inner: post}, "TOL202@inner.conf:9:5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := Run(tt.chain.build(), Config{})
			if got := requestIDs(fs); got != tt.want {
				t.Errorf("findings = %q, want %q", got, tt.want)
				for _, f := range fs {
					t.Log(f.Message)
				}
			}
		})
	}
}

func TestRequestFindingsGiveBothValuesAndFixes(t *testing.T) {
	tests := []struct {
		name  string
		chain chain
		msg   []string
		fix   string
	}{
		{"order", chain{outer: &graph.Pool{Request: dur(60*time.Second, at("outer.conf", 5), "idle_timeout"), RequestKind: graph.PerRead},
			inner: &graph.Pool{Request: dur(120*time.Second, at("inner.conf", 5), "proxy_read_timeout"), RequestKind: graph.PerRead}},
			[]string{"after 60s (idle_timeout, per read)", "inner.conf waits up to 120s (proxy_read_timeout, per read) in pool app", "first response byte"},
			"raise idle_timeout of outer.conf to 121s or more, or lower proxy_read_timeout of inner.conf to 59s or less"},
		{"retries cut", chain{outer: &graph.Pool{Request: dur(60*time.Second, at("outer.conf", 5), "idle_timeout")},
			inner: &graph.Pool{Request: dur(10*time.Second, at("inner.conf", 5), "timeout"), RequestKind: graph.WholeResponse,
				PerTry:         graph.NewRare(dur(5*time.Second, at("inner.conf", 6), "per_try_timeout")),
				Retries:        graph.Setting[int]{Value: 3, Origin: graph.Explicit, Pos: at("inner.conf", 7), Key: "num_retries"},
				RetryOnTimeout: graph.Setting[bool]{Value: true, Origin: graph.Explicit, Key: "retry_on", Raw: "5xx"}}},
			[]string{"allows 3 retries of per_try_timeout 5s (num_retries 3, retry_on 5xx), but timeout 10s ends them: the 4 tries need 20s, so only 1 of the 3 retries can run"},
			"in pool app of inner.conf, raise timeout to 20s or more, or lower num_retries to 1, or lower per_try_timeout to 2.5s or less"},
		{"tries that cannot start", chain{outer: &graph.Pool{Request: dur(300*time.Second, at("outer.conf", 5), "idle_timeout")},
			inner: &graph.Pool{Request: dur(60*time.Second, at("inner.conf", 5), "proxy_read_timeout"), RequestKind: graph.PerRead,
				Retries:        graph.Setting[int]{Value: 2, Origin: graph.Explicit, Pos: at("inner.conf", 7), Key: "proxy_next_upstream_tries", Raw: "3"},
				RetryOnTimeout: graph.Setting[bool]{Value: true, Origin: graph.Default, Key: "proxy_next_upstream"},
				RetryWindow:    graph.NewRare(dur(90*time.Second, at("inner.conf", 8), "proxy_next_upstream_timeout"))}},
			[]string{"proxy_next_upstream_timeout 90s stops new tries: the last of the 3 tries would start after 120s, so only 1 of the 2 retries can run"},
			"in pool app of inner.conf, raise proxy_next_upstream_timeout to 121s or more, or lower proxy_next_upstream_tries to 2, or lower proxy_read_timeout to 44.5s or less"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f *Finding
			for _, x := range Run(tt.chain.build(), Config{}) {
				if strings.HasPrefix(x.Rule.ID, "TOL20") {
					f = &x
				}
			}
			if f == nil {
				t.Fatal("no finding")
			}
			for _, want := range tt.msg {
				if !strings.Contains(f.Message, want) {
					t.Errorf("message %q lacks %q", f.Message, want)
				}
			}
			if f.Fix != tt.fix {
				t.Errorf("fix = %q, want %q", f.Fix, tt.fix)
			}
			if len(f.Related) == 0 || f.Related[0].Pos.File != "inner.conf" {
				t.Errorf("related = %+v, want the inner hop's value first", f.Related)
			}
		})
	}
}
