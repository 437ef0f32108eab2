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
  route that matches POST, PUT, PATCH or DELETE. A reset or a timeout tells nothing about whether the
  backend already executed the request, so the retry duplicates the write.

Only retries that cover a try that ran out of time count for the budget: Envoy and Istio retry_on
5xx, gateway-error or reset, nginx proxy_next_upstream timeout (in its default), HAProxy retry-on
response-timeout. Envoy retries without per_try_timeout are not counted either: the first try that
times out spends the whole route timeout. As for TOL201, per-read and whole-response timers are
compared on the time to the first response byte.

Incident: an Envoy route with timeout 15s and retry_policy num_retries 3, per_try_timeout 10s
never retried a slow upstream: every slow request failed after 15s with a 504 and "upstream request
timeout", and the retry counters stayed at zero while the team believed retries protected them.

Fix: give the retries room (raise the overall timeout to tries x per-try timeout), or lower the
per-try timeout or the number of retries; bound unbounded retries with an overall timeout below the
hop in front; do not retry non-idempotent requests on resets or timeouts.`,
	check: checkRetryBudget,
}

func checkRetryBudget(p *pass) {
	chains := graph.RequestChains(p.graph)
	for _, h := range p.graph.Hops {
		for _, pool := range h.Pools {
			if w := chains.Wait(pool); w != nil && w.Fit < w.Tries {
				p.report(retriesCutFinding(w, p.cfg.Margin))
			}
			if pool.RetryNonIdempotent.Value {
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
	need, per, ends := w.Span(w.Tries), w.Bound.Value.D/time.Duration(w.Tries), "ends them"
	if p.RequestKind != graph.WholeResponse {
		need, per, ends = w.Span(retries)+margin, (w.Bound.Value.D-margin)/time.Duration(retries), "stops new tries"
	}
	msg := fmt.Sprintf("%s of %s allows %d retries of %s %s (%s), but %s %s %s: only %d of the %d retries can run",
		p.Name, p.Hop.Label(), retries, keyOf(w.Try, "per-try timeout"), w.Try.Value, retriesWords(p), keyOf(w.Bound, "overall timeout"), w.Bound.Value,
		ends, runs, retries)
	fix := fmt.Sprintf("raise %s to %s or more, or lower %s to %d", keyOf(w.Bound, "overall timeout"), graph.FormatDuration(need), keyOf(p.Retries, "retries"), retriesValue(p, runs))
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
	fix := "bound the retries of " + ip.Name + " of " + innerHop
	if lower := outer.Try.Value.D - margin; lower > 0 {
		fix += fmt.Sprintf(" with an overall timeout of %s or less", graph.FormatDuration(lower))
	}
	if !outer.Try.Fixed {
		fix += fmt.Sprintf(", or raise %s of %s to %s or more", keyOf(outer.Try, "response timeout"), op.Hop.Label(), graph.FormatDuration(inner.Total.D+margin))
	}
	f := Finding{Message: msg, Pos: settingPos(outer.Try, op), Path: append(segmentPath(s.Seg), ip.Name), Fix: fix}
	f.Related = innerLocations(inner, s.Seg.End.Hop)
	return f
}

func nonIdempotentFinding(p *graph.Pool) Finding {
	r := p.RetryNonIdempotent
	return Finding{
		Message: fmt.Sprintf("%s of %s retries requests that change state (%s): a try that was reset or timed out may already have been executed, so the retry duplicates the write",
			p.Name, p.Hop.Label(), r.Note),
		Pos:  settingPos(r, p),
		Path: []string{p.Hop.Label(), p.Name},
		Fix:  fmt.Sprintf("retry only idempotent requests in %s of %s: drop %s, or retry only on connect failures (the request never reached the backend)", p.Name, p.Hop.Label(), keyOf(r, "the non-idempotent retry condition")),
	}
}
