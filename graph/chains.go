package graph

import (
	"math"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Wait is how long a hop waits, through one of its pools, for the first byte of the
// response from the next hop, retries included. Per-read and whole-response timers both
// bound that time, so waits of either kind compare on it.
type Wait struct {
	Pool *Pool
	// Try bounds one try: PerTry when it is set and shorter than Request, else Request.
	Try DurationSetting
	// Tries counts the first try and the retries a try that ran out of time gets (1 when
	// retries do not cover timeouts).
	Tries int
	// Fit is how many of the Tries get their full time: fewer than Tries when the pool's
	// own overall limit (a whole-response Request, or RetryWindow) ends first.
	Fit int
	// Total is the longest wait for the first byte: Tries of Try, cut at the overall limit.
	Total Duration
	// Bound is the overall limit that cuts the tries short; unset when nothing does.
	Bound DurationSetting
}

// Unbounded reports a pool that retries timed-out tries with nothing limiting them as a
// whole: only the hop in front of it bounds how long its retries run.
func (w *Wait) Unbounded() bool {
	return w.Tries > 1 && (!w.Bound.Known() || w.Bound.Value.None) && !w.Total.None
}

// Step is one step of a request chain: a pool, the l4 hops its connection crosses and the
// listener of the next hop, with how long each side waits for the response.
type Step struct {
	Seg *Segment
	// Outer is the wait of the pool that sends the request.
	Outer *Wait
	// Inner is the longest wait of the hop behind, over the pools that requests arriving
	// on Seg.End go on to; nil when no such pool has a known response timeout.
	Inner *Wait
}

// Chains is the request view of a graph: request chains (listener -> route -> pool ->
// link -> listener ...) stored as their steps, each step sharing the memoised waits of its
// two hops, so the work is linear in the size of the graph and its segments and no path
// through the graph is ever enumerated.
type Chains struct {
	// Steps follow the graph's segment order, one per segment that reaches a listener and
	// whose pool has a known response timeout.
	Steps []Step
	waits map[*Pool]*Wait
	inner map[innerKey]*Wait
	// routes are each listener's routes, gathered on the first InnerWait (a graph whose
	// segments reach no listener needs none); byHost marks the listeners with routes taken
	// for certain host names only.
	graph  *Graph
	routes map[*Listener][]*Route
	byHost map[*Listener]bool
}

// innerKey is a listener and the host name requests arrive for: a listener that routes by
// host name sends them on to some of its pools only.
type innerKey struct {
	l    *Listener
	host string
}

// RequestChains computes the request chains of g. It is deterministic: steps follow the
// segments, and ties between inner pools go to the first in the hop's route order.
func RequestChains(g *Graph) *Chains {
	c := &Chains{waits: map[*Pool]*Wait{}, inner: map[innerKey]*Wait{}, graph: g}
	for _, seg := range g.Segments {
		if seg.End == nil {
			continue
		}
		outer := c.Wait(seg.Pool)
		if outer == nil {
			continue
		}
		var host string
		if last := seg.Links[len(seg.Links)-1]; last.Target != nil {
			host = last.Target.Host
		}
		c.Steps = append(c.Steps, Step{Seg: seg, Outer: outer, Inner: c.InnerWait(seg.End, host)})
	}
	return c
}

// Wait returns the pool's wait, or nil when its response timeout is unknown.
func (c *Chains) Wait(p *Pool) *Wait {
	if w, ok := c.waits[p]; ok {
		return w
	}
	w := computeWait(p)
	c.waits[p] = w
	return w
}

// InnerWait returns the longest wait among the pools that requests arriving on l for host
// go on to ("" when the host is not known).
func (c *Chains) InnerWait(l *Listener, host string) *Wait {
	if c.routes == nil {
		c.routes, c.byHost = map[*Listener][]*Route{}, map[*Listener]bool{}
		for _, h := range c.graph.Hops {
			for _, r := range h.Routes {
				c.routes[r.From] = append(c.routes[r.From], r)
				c.byHost[r.From] = c.byHost[r.From] || len(r.Hosts) > 0
			}
		}
	}
	if _, err := netip.ParseAddr(host); err == nil || !c.byHost[l] {
		host = "" // the routes do not depend on it, so all hosts share one wait
	}
	key := innerKey{l, host}
	if w, ok := c.inner[key]; ok {
		return w
	}
	var longest *Wait
	for _, p := range routedPools(l, c.routes[l], host) {
		if w := c.Wait(p); w != nil && (longest == nil || longest.Total.Less(w.Total)) {
			longest = w
		}
	}
	c.inner[key] = longest
	return longest
}

// routedPools returns the pools a request for host arriving on l (whose routes are given)
// may go on to: every pool of the hop when it declares no routes. Routes taken only for
// other host names are left out; an empty host (unknown, or an address) may be any name.
func routedPools(l *Listener, routes []*Route, host string) []*Pool {
	if len(routes) == 0 {
		return l.Hop.Pools
	}
	var pools []*Pool
	for _, r := range routes {
		switch {
		case host == "" || len(r.Hosts) == 0:
			pools = append(pools, r.To)
		case slices.ContainsFunc(r.Hosts, func(h string) bool { return hostMatches(h, host) }):
			pools = append(pools, r.To)
		}
	}
	return pools
}

// hostMatches reports whether a route's host name ("api.example.com", "*.example.com")
// covers host.
func hostMatches(pattern, host string) bool {
	if suffix, ok := strings.CutPrefix(pattern, "*"); ok {
		return strings.HasSuffix(strings.ToLower(host), strings.ToLower(suffix))
	}
	return strings.EqualFold(pattern, host)
}

func computeWait(p *Pool) *Wait {
	if !p.Request.Known() {
		return nil
	}
	w := &Wait{Pool: p, Try: p.Request, Tries: 1}
	perTryLimit := p.PerTry.Get()
	perTry := perTryLimit.Known() && perTryLimit.Value.Less(p.Request.Value)
	if perTry {
		w.Try = perTryLimit
	}
	// Without a per-try limit, a whole-response timer is spent by the first try that runs
	// out of time; retries then help only tries that fail fast.
	if p.RetryOnTimeout.Value && p.Retries.Value > 0 && (perTry || p.RequestKind != WholeResponse) {
		w.Tries += p.Retries.Value
	}
	w.Fit = w.Tries
	if w.Try.Value.None {
		w.Total = NoTimeout
		return w
	}
	try := w.Try.Value.D
	w.Total = Dur(times(w.Tries, try))
	window := p.RetryWindow.Get()
	switch {
	case p.RequestKind == WholeResponse && perTry:
		// Request covers every try (Envoy's route timeout spans its retries).
		w.Bound = p.Request
		if limit := p.Request.Value; !limit.None && limit.Less(w.Total) {
			w.Fit, w.Total = int(min(limit.D/try, math.MaxInt32)), limit
		}
	case window.Known() && !window.Value.None && w.Tries > 1:
		// No try starts after the window; one started within it runs its own course.
		w.Bound = window
		w.Fit = min(w.Tries, startable(window.Value.D, try))
		w.Total = Dur(times(w.Fit, try))
	}
	return w
}

// Span is how long n tries of Try take, saturating instead of overflowing.
func (w *Wait) Span(n int) time.Duration { return times(n, w.Try.Value.D) }

// startable is how many tries of length try begin before limit: 0, try, 2*try ... < limit
// (at least the first one).
func startable(limit, try time.Duration) int {
	if try <= 0 {
		return 1
	}
	n := limit / try
	if limit%try != 0 {
		n++
	}
	return int(max(1, min(n, math.MaxInt32)))
}

// times multiplies without overflowing: a product beyond the range saturates.
func times(n int, d time.Duration) time.Duration {
	if d > 0 && time.Duration(n) > math.MaxInt64/d {
		return math.MaxInt64
	}
	return time.Duration(n) * d
}
