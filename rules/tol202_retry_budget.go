package rules

import (
	"fmt"
	"time"

	"github.com/tolint/tolint/graph"
)

var retryBudget = &Rule{
	ID:       "TOL202",
	Name:     "retry-budget",
	Severity: Warning,
	Summary:  "retries that cannot run within the time the hop or the hop in front of it allows, or that resend non-idempotent requests",
	Explanation: `Retries cost time. A hop that retries a try that ran out of time needs the per-try timeout
once for every try; when that is more than the time it is given, the later retries never run.

The rule reports three cases:

- Within one hop, retries x per-try timeout exceed the hop's overall limit: an Envoy route (or
  Istio VirtualService) with timeout 10s and 3 retries of per_try_timeout 5s can run only two tries
  before the route timeout ends the request; nginx's proxy_next_upstream_timeout stops new tries
  the same way. The retries are configured but can never happen.
- A hop retries timed-out tries with nothing bounding them as a whole (Istio retries without a
  VirtualService timeout, nginx proxy_next_upstream_tries without proxy_next_upstream_timeout), and
  the hop in front of it gives up before the tries are over: the retries after that run for a
  client that is gone, and only fit because nobody measured the whole. One try that already outlasts
  the hop in front is TOL201's.
- Retries that resend requests which change state, where the configuration says so: nginx
  proxy_next_upstream non_idempotent, or Envoy/Istio retry_on reset (or 5xx, which includes it) on a
  route that matches POST or PATCH. A reset or a timeout tells nothing about whether the
  backend already executed the request, so the retry duplicates the write.

Only retries that cover a try that ran out of time count for the budget: Envoy and Istio retry_on
5xx or gateway-error (Envoy does not retry a try that hit per_try_timeout under reset alone), nginx
proxy_next_upstream timeout (in its default), HAProxy retry-on response-timeout. Envoy retries
without per_try_timeout are not counted either: the first try that times out spends the whole route
timeout, as Envoy's documentation of per_try_timeout warns. As for TOL201, per-read and
whole-response timers are compared on the time to the first response byte.

Incident: the pattern behind many "Envoy never retries my slow upstream" reports: a route with
timeout 15s and retry_policy num_retries 3, per_try_timeout 10s. Every slow request fails after 15s
with a 504 "upstream request timeout": the first retry starts at 10s and is cut at 15s, the other
two never run, while the team counts on three retries.

Fix: give the retries room (raise the overall timeout to tries x per-try timeout), or lower the
per-try timeout or the number of retries; bound unbounded retries with an overall timeout below the
hop in front; do not retry non-idempotent requests on resets or timeouts.`,
	Bad: []ExampleFile{
		{Name: "envoy.yaml", Text: `# The edge Envoy in front of the app.
static_resources:
  listeners:
    - name: edge
      address:
        socket_address: { address: 10.0.5.5, port_value: 8080 }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: edge
                route_config:
                  virtual_hosts:
                    - name: app
                      domains: ["*"]
                      routes:
                        - match: { prefix: "/api" }
                          route:
                            cluster: app
                            timeout: 10s
                            retry_policy:
                              retry_on: 5xx
                              num_retries: 3
                              per_try_timeout: 5s
                http_filters:
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
  clusters:
    - name: app
      type: STATIC
      connect_timeout: 1s
      load_assignment:
        cluster_name: app
        endpoints:
          - lb_endpoints:
              - endpoint:
                  address:
                    socket_address: { address: 10.0.5.10, port_value: 8080 }
`},
	},
	Good: []ExampleFile{
		{Name: "envoy.yaml", Text: `# The edge Envoy in front of the app.
static_resources:
  listeners:
    - name: edge
      address:
        socket_address: { address: 10.0.5.5, port_value: 8080 }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: edge
                route_config:
                  virtual_hosts:
                    - name: app
                      domains: ["*"]
                      routes:
                        - match: { prefix: "/api" }
                          route:
                            cluster: app
                            timeout: 20s
                            retry_policy:
                              retry_on: 5xx
                              num_retries: 3
                              per_try_timeout: 5s
                http_filters:
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
  clusters:
    - name: app
      type: STATIC
      connect_timeout: 1s
      load_assignment:
        cluster_name: app
        endpoints:
          - lb_endpoints:
              - endpoint:
                  address:
                    socket_address: { address: 10.0.5.10, port_value: 8080 }
`},
	},
	check: checkRetryBudget,
}

func checkRetryBudget(p *pass) {
	chains := p.requestChains()
	for _, h := range p.graph.Hops {
		for _, pool := range h.Pools {
			// Only retries of timed-out tries can be cut (a Wait's Tries is 1 otherwise):
			// asking first spares working out a wait for each of thousands of pools.
			if pool.RetryOnTimeout.Value && pool.Retries.Value > 0 {
				if w := chains.Wait(pool); w != nil && w.Fit < w.Tries {
					p.report(retriesCutFinding(w, p.cfg.Margin))
				}
			}
			if pool.RetryNonIdempotent.Get().Value {
				p.report(nonIdempotentFinding(pool))
			}
		}
	}
	for _, s := range chains.Steps {
		outer, inner := s.Outer, s.Inner
		if inner == nil || !inner.Unbounded() || outer.Try.Value.None ||
			outer.Try.Value.Less(inner.Try.Value) || !outer.Try.Value.Less(inner.Total) {
			continue
		}
		p.report(retriesOutlastFinding(s, p.cfg.Margin))
	}
}

func retriesCutFinding(w *graph.Wait, margin time.Duration) Finding {
	p := w.Pool
	retries := w.Tries - 1
	runs := max(0, w.Fit-1)
	// A whole-response limit must hold every try; a retry window only has to open before
	// the last try starts.
	need, per := w.Span(w.Tries), w.Bound.Value.D/time.Duration(w.Tries)
	ends := fmt.Sprintf("ends them: the %d tries need %s", w.Tries, graph.FormatDuration(need))
	if p.RequestKind != graph.WholeResponse {
		need, per = w.Span(retries)+margin, (w.Bound.Value.D-margin)/time.Duration(retries)
		ends = fmt.Sprintf("stops new tries: the last of the %d tries would start after %s", w.Tries, graph.FormatDuration(w.Span(retries)))
	}
	msg := fmt.Sprintf("%s of %s allows %d retries of %s %s (%s), but %s %s %s, so only %d of the %d retries can run",
		p.Name, p.Hop.Label(), retries, keyOf(w.Try, "per-try timeout"), w.Try.Value, retriesWords(p), keyOf(w.Bound, "overall timeout"), w.Bound.Value,
		ends, runs, retries)
	fix := fmt.Sprintf("in %s of %s, raise %s to %s or more, or lower %s to %d", p.Name, p.Hop.Label(), keyOf(w.Bound, "overall timeout"), graph.FormatDuration(need), keyOf(p.Retries, "retries"), retriesValue(p, runs))
	if per > 0 {
		fix += fmt.Sprintf(", or lower %s to %s or less", keyOf(w.Try, "per-try timeout"), graph.FormatDuration(per))
	}
	f := Finding{Message: msg, Pos: settingPos(w.Bound, p), Path: []string{p.Hop.Label(), p.Name}, Fix: fix}
	f.Related = append(f.Related, Location{Pos: settingPos(w.Try, p), Message: fmt.Sprintf("each try waits up to %s (%s %s)", w.Try.Value, keyOf(w.Try, "per-try timeout"), w.Try.How())})
	if p.Retries.Pos.IsValid() {
		f.Related = append(f.Related, Location{Pos: p.Retries.Pos, Message: fmt.Sprintf("%s: %s", p.Name, retriesWords(p))})
	}
	return f
}

func retriesOutlastFinding(s graph.Step, margin time.Duration) Finding {
	outer, inner := s.Outer, s.Inner
	op, ip := outer.Pool, inner.Pool
	innerHop := s.Seg.End.Hop.Label()
	msg := fmt.Sprintf("%s of %s gives up on the response after %s (%s), but %s retries without an overall limit in %s: %s take up to %s, "+
		"so the retries after %s run for a client that is gone",
		op.Name, op.Hop.Label(), outer.Try.Value, settingWords(outer.Try, op.RequestKind), innerHop, ip.Name, waitWords(inner), inner.Total, outer.Try.Value)
	limit := "an overall limit on the tries"
	if ip.RequestKind == graph.WholeResponse {
		limit = keyOf(ip.Request, limit) // the response timeout spans every try
	}
	fix := fmt.Sprintf("set %s in %s of %s", limit, ip.Name, innerHop)
	if lower := outer.Try.Value.D - margin; lower > 0 {
		fix += fmt.Sprintf(" to %s or less", graph.FormatDuration(lower))
	}
	if !outer.Try.Fixed {
		fix += fmt.Sprintf(", or raise %s of %s to %s or more", keyOf(outer.Try, "response timeout"), op.Hop.Label(), graph.FormatDuration(inner.Total.D+margin))
	}
	f := Finding{Message: msg, Pos: settingPos(outer.Try, op), Path: append(segmentPath(s.Seg), ip.Name), Fix: fix}
	f.Related = innerLocations(inner, s.Seg.End.Hop)
	return f
}

func nonIdempotentFinding(p *graph.Pool) Finding {
	r := p.RetryNonIdempotent.Get()
	return Finding{
		Message: fmt.Sprintf("%s of %s retries requests that change state (%s): a try that was reset or timed out may already have been executed, so the retry duplicates the write",
			p.Name, p.Hop.Label(), r.Note),
		Pos:  settingPos(r, p),
		Path: []string{p.Hop.Label(), p.Name},
		Fix:  fmt.Sprintf("retry only idempotent requests in %s of %s: drop %s, or retry only on connect failures (the request never reached the backend)", p.Name, p.Hop.Label(), keyOf(r, "the non-idempotent retry condition")),
	}
}
