package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
)

var requestTimeoutOrder = &Rule{
	ID:       "TOL201",
	Name:     "request-timeout-order",
	Severity: Warning,
	Summary:  "an outer hop gives up on a response sooner than the inner hop it waits on",
	Explanation: `Every hop on a request chain waits for the response of the hop behind it. When an outer hop
(a load balancer, an API gateway, a proxy) gives up sooner than the inner hop it forwards to, a slow
request ends in a 504 from the outer hop while the inner hop and the backend keep working on it:
the user sees an error, the work is wasted, and a client that retries multiplies the load on an
already slow backend. The inner hop's own timeout, the error it would return and its retries never
come into play.

The rule follows the request chains (listener -> route -> pool -> link -> listener ...), computed
once for the whole graph, and compares each pool's response timeout with the longest response
timeout of the hop its connection reaches, over the routes that hop takes for requests arriving on
that listener. The inner hop's wait includes its retries: tries that time out and are sent again
(Envoy retry_policy with per_try_timeout, Istio retries, nginx proxy_next_upstream_tries, HAProxy
retry-on response-timeout), cut at its overall limit. An outer hop that retries is compared by one
try, since each of its tries gives up on its own.

Timeouts differ in kind. A per-read (inactivity) timer restarts whenever bytes arrive: nginx
proxy_read_timeout, HAProxy timeout server, an ALB's or ELB's idle timeout, Spring Cloud Gateway's
response-timeout. A whole-response timer runs from the request to the end of the response: Envoy's
route timeout and Istio's VirtualService timeout, API Gateway's timeoutInMillis, GCP's backend
service timeout_sec, x-google-backend's deadline. While a hop waits for the first byte of the
response nothing arrives, so both kinds fire after their value: the rule compares them on the time
to the first response byte. It does not claim more: once bytes flow, a per-read timer only limits
the gaps between them, while a whole-response timer also cuts a long download.

Hops whose wait is unknown, and inner hops without any limit by default (Istio, HAProxy without
timeout server), are skipped; an inner limit explicitly turned off is compared. A wait that is
longer only because of retries that nothing bounds is reported by TOL202 instead.

Incident: a case of the 504 that AWS's troubleshooting guide explains as "the target did not
respond before the idle timeout period elapsed": an ALB with the default 60s idle timeout in front
of an nginx whose proxy_read_timeout for a report endpoint is 120s. Reports that take 70s fail with a 504 from the ALB, while nginx and the application finish
them and write to a closed connection: nginx logs status 200, the ALB logs 504.

Fix: make the outer hop wait longer than the inner one by at least the margin (--margin, 1s by
default), or lower the inner hop's timeout (or its retries) below the outer one. The finding gives
both numbers.`,
	Bad: []ExampleFile{
		{Name: "lb/haproxy.cfg", Text: `# The public load balancer in front of the Envoy that fronts the services.
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 10s

frontend www
    bind 10.0.6.5:80
    default_backend envoy

backend envoy
    server envoy1 10.0.6.10:8080
`},
		{Name: "mesh/envoy.yaml", Text: `# The Envoy in front of the services; exports are slow, so their route waits 60 s.
static_resources:
  listeners:
    - name: ingress
      address:
        socket_address: { address: 10.0.6.10, port_value: 8080 }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: ingress
                route_config:
                  virtual_hosts:
                    - name: exports
                      domains: ["*"]
                      routes:
                        - match: { prefix: "/exports" }
                          route:
                            cluster: exports
                            timeout: 60s
                http_filters:
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
  clusters:
    - name: exports
      type: STATIC
      connect_timeout: 1s
      load_assignment:
        cluster_name: exports
        endpoints:
          - lb_endpoints:
              - endpoint:
                  address:
                    socket_address: { address: 10.0.7.10, port_value: 8080 }
`},
	},
	Good: []ExampleFile{
		{Name: "lb/haproxy.cfg", Text: `# The public load balancer in front of the Envoy that fronts the services.
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 65s
    timeout http-keep-alive 10s

frontend www
    bind 10.0.6.5:80
    default_backend envoy

backend envoy
    server envoy1 10.0.6.10:8080
`},
		{Name: "mesh/envoy.yaml", Text: `# The Envoy in front of the services; exports are slow, so their route waits 60 s.
static_resources:
  listeners:
    - name: ingress
      address:
        socket_address: { address: 10.0.6.10, port_value: 8080 }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: ingress
                route_config:
                  virtual_hosts:
                    - name: exports
                      domains: ["*"]
                      routes:
                        - match: { prefix: "/exports" }
                          route:
                            cluster: exports
                            timeout: 60s
                http_filters:
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
  clusters:
    - name: exports
      type: STATIC
      connect_timeout: 1s
      load_assignment:
        cluster_name: exports
        endpoints:
          - lb_endpoints:
              - endpoint:
                  address:
                    socket_address: { address: 10.0.7.10, port_value: 8080 }
`},
	},
	check: checkRequestOrder,
}

func checkRequestOrder(p *pass) {
	for _, s := range p.requestChains().Steps {
		outer, inner := s.Outer, s.Inner
		if inner == nil || outer.Try.Value.None || !outer.Try.Value.Less(inner.Total) {
			continue
		}
		if inner.Total.None && inner.Try.Origin == graph.Default {
			continue // no limit by default: not a choice anyone made
		}
		if inner.Unbounded() && !outer.Try.Value.Less(inner.Try.Value) {
			continue // one try fits; the unbounded retries are TOL202's
		}
		p.report(requestOrderFinding(s, p.cfg.Margin))
	}
}

func requestOrderFinding(s graph.Step, margin time.Duration) Finding {
	outer, inner := s.Outer, s.Inner
	op, ip := outer.Pool, inner.Pool
	msg := fmt.Sprintf("%s of %s gives up on the response after %s (%s), but %s waits up to %s (%s) in %s: "+
		"slow requests end in a timeout from %s while %s and the hops behind it keep working (both bound the time to the first response byte)",
		op.Name, op.Hop.Label(), outer.Try.Value, settingWords(outer.Try, op.RequestKind), s.Seg.End.Hop.Label(), inner.Total, waitWords(inner), ip.Name,
		op.Hop.Label(), s.Seg.End.Hop.Label())
	var fixes []string
	if !outer.Try.Fixed {
		if inner.Total.None {
			fixes = append(fixes, fmt.Sprintf("set a limit in %s of %s (%s) below %s", ip.Name, s.Seg.End.Hop.Label(), keyOf(inner.Try, "response timeout"), outer.Try.Value))
		} else {
			fixes = append(fixes, fmt.Sprintf("raise %s of %s to %s or more", keyOf(outer.Try, "response timeout"), op.Hop.Label(), writeAs(outer.Try, inner.Total.D+margin)))
		}
	}
	if lower := outer.Try.Value.D - margin; lower > 0 && !inner.Total.None {
		fixes = append(fixes, fmt.Sprintf("lower %s of %s to %s or less", innerKeys(inner), s.Seg.End.Hop.Label(), writeAs(innerLimit(inner), lower)))
	}
	fix := strings.Join(fixes, ", or ")
	if outer.Try.Fixed {
		fix = fmt.Sprintf("%s of %s cannot be changed, so set a limit in %s of %s below %s", keyOf(outer.Try, "response timeout"), op.Hop.Label(), ip.Name, s.Seg.End.Hop.Label(), outer.Try.Value)
	}
	f := Finding{Message: msg, Pos: settingPos(outer.Try, op), Path: append(segmentPath(s.Seg), ip.Name), Fix: fix}
	f.Related = innerLocations(inner, s.Seg.End.Hop)
	if link := s.Seg.Links[0]; link.Pos.IsValid() && link.Pos != f.Pos {
		f.Related = append(f.Related, Location{Pos: link.Pos, Message: fmt.Sprintf("%s connects to %s here", op.Name, link.To.Hop.Label())})
	}
	return f
}

// writeAs prints a proposed value the way the setting must be written: a number in its
// unit where the format takes nothing else (timeoutInMillis 61000), else a duration.
func writeAs(s graph.DurationSetting, d time.Duration) string {
	if s.OnlyBare && s.BareUnit > 0 {
		return strconv.FormatInt(int64(d/s.BareUnit), 10)
	}
	return graph.FormatDuration(d)
}

// innerLimit is the setting that bounds an inner wait: its overall limit, or one try's.
func innerLimit(w *graph.Wait) graph.DurationSetting {
	if w.Tries > 1 && w.Bound.Known() && !w.Bound.Value.None {
		return w.Bound
	}
	return w.Try
}

// settingWords says a timeout's key, origin and kind: "proxy_read_timeout, per read",
// "idle_timeout, aws-alb default, per read".
func settingWords(s graph.DurationSetting, kind graph.WaitKind) string {
	words := []string{keyOf(s, "response timeout")}
	switch s.Origin {
	case graph.Default:
		words = append(words, "default")
	case graph.Inherited:
		words = append(words, "inherited")
	case graph.Declared:
		words = append(words, "declared")
	}
	if kind != graph.WaitUnknown {
		words = append(words, kind.String())
	}
	return strings.Join(words, ", ")
}

// waitWords explains a wait: one try's setting, or the tries and what cuts them.
func waitWords(w *graph.Wait) string {
	p := w.Pool
	if w.Tries == 1 {
		return settingWords(w.Try, kindOf(w.Try, p))
	}
	s := fmt.Sprintf("%d tries of %s %s (%s)", w.Tries, keyOf(w.Try, "response timeout"), w.Try.Value, retriesWords(p))
	if w.Bound.Known() && !w.Bound.Value.None {
		s += fmt.Sprintf(", cut at %s %s", keyOf(w.Bound, "overall timeout"), w.Bound.Value)
	}
	return s
}

// kindOf is the kind of one try's timer: a per-try limit is per try, whatever Request is.
func kindOf(try graph.DurationSetting, p *graph.Pool) graph.WaitKind {
	if try.Pos == p.Request.Pos && try.Key == p.Request.Key {
		return p.RequestKind
	}
	return graph.WaitUnknown
}

func retriesWords(p *graph.Pool) string {
	n := p.Retries.Raw
	if n == "" {
		n = strconv.Itoa(p.Retries.Value)
	}
	s := keyOf(p.Retries, "retries") + " " + n
	if p.RetryOnTimeout.Raw != "" {
		s += ", " + keyOf(p.RetryOnTimeout, "retry on") + " " + p.RetryOnTimeout.Raw
	}
	return s
}

// retriesValue is what to write for n retries: a setting written as more than the
// retries it gives counts the first try as well (nginx proxy_next_upstream_tries).
func retriesValue(p *graph.Pool, n int) int {
	if written, err := strconv.Atoi(p.Retries.Raw); err == nil && written > p.Retries.Value {
		return n + 1
	}
	return n
}

// innerKeys names what to lower on the inner side: its overall limit, or its timeout and
// retries.
func innerKeys(w *graph.Wait) string {
	if w.Tries == 1 {
		return keyOf(w.Try, "response timeout")
	}
	if w.Bound.Known() && !w.Bound.Value.None {
		return keyOf(w.Bound, "overall timeout")
	}
	return fmt.Sprintf("the tries (%s x %s)", keyOf(w.Pool.Retries, "retries"), keyOf(w.Try, "response timeout"))
}

// innerLocations are the lines that make up a wait: the try's timeout, the retries and
// the overall limit.
func innerLocations(w *graph.Wait, h *graph.Hop) []Location {
	p := w.Pool
	out := []Location{{Pos: settingPos(w.Try, p), Message: fmt.Sprintf("%s of %s: %s %s (%s)", p.Name, hopLabel(h), keyOf(w.Try, "response timeout"), w.Try.Value, w.Try.How())}}
	if w.Tries > 1 {
		if p.Retries.Pos.IsValid() {
			out = append(out, Location{Pos: p.Retries.Pos, Message: fmt.Sprintf("%s retries a try that runs out of time (%s)", p.Name, retriesWords(p))})
		}
		if w.Bound.Known() && !w.Bound.Value.None && w.Bound.Pos.IsValid() && w.Bound.Pos != out[0].Pos {
			out = append(out, Location{Pos: w.Bound.Pos, Message: fmt.Sprintf("%s limits the tries: %s %s (%s)", p.Name, keyOf(w.Bound, "overall timeout"), w.Bound.Value, w.Bound.How())})
		}
	}
	return out
}

// settingPos is a setting's line, or the pool that relies on a default.
func settingPos[T any](s graph.Setting[T], p *graph.Pool) graph.Pos {
	if s.Pos.IsValid() {
		return s.Pos
	}
	return p.Pos
}
