package kube

import (
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/retryon"
)

const (
	istio      = "istio"
	istioGroup = "networking.istio.io"
)

// meshPool is a pool of a DestinationRule hop, with the host and port it covers (port 0:
// every port without its own port-level settings) and its subset.
type meshPool struct {
	pool *graph.Pool
	host string
	port int
	// subset is set for the pool of a subset with its own connectionPool.
	subset string
}

// mesh makes a proxy hop per Istio DestinationRule, standing for the sidecars of the mesh
// clients that call its host, then applies VirtualService timeouts to their pools.
func (p *parser) mesh(m *model) {
	var pools []meshPool
	for _, o := range p.objects {
		if o.kind == "DestinationRule" && o.group == istioGroup {
			pools = append(pools, p.destinationRule(o, m)...)
		}
	}
	for _, o := range p.objects {
		if o.kind == "VirtualService" && o.group == istioGroup {
			p.virtualService(o, pools)
		}
	}
}

func (p *parser) destinationRule(o *object, m *model) []meshPool {
	f := o.f
	spec := f.get(o.node, "spec")
	he := f.entry(spec, "host")
	host := str(he.value)
	if host == "" {
		return nil
	}
	h := &graph.Hop{ID: o.id("DestinationRule"), Kind: graph.Proxy, Software: istio, Pos: o.pos}
	p.addHop(f, h)
	full := fqdn(host, o.ns)
	svc := m.host(host, o.ns)
	if svc != nil {
		uses(h, svc.o.f)
	}
	pe := f.entry(spec, "trafficPolicy")
	policy := pe.value
	at := f.pos(he.key)
	if pe.key != nil {
		at = f.pos(pe.key)
	}
	var out []meshPool
	levels := f.items(f.get(policy, "portLevelSettings"))
	var own []int
	for _, lvl := range levels {
		pt, ok := port(f.path(lvl, "port", "number"))
		if !ok {
			continue
		}
		own = append(own, pt)
		pool := &graph.Pool{Hop: h, Name: host + ":" + strconv.Itoa(pt), Pos: f.pos(lvl)}
		pool.Targets = []graph.Address{{Host: full, Port: pt, Pos: f.pos(lvl), Raw: full + ":" + strconv.Itoa(pt)}}
		// A port-level connectionPool replaces the rule's whole connectionPool for that
		// port (Istio's MergeTrafficPolicy); without one, the rule's applies.
		cp := f.get(lvl, "connectionPool")
		if cp == nil {
			cp = f.get(policy, "connectionPool")
		}
		f.connectionPool(pool, cp)
		f.poolDefaults(pool)
		h.Pools = append(h.Pools, pool)
		out = append(out, meshPool{pool: pool, host: full, port: pt})
	}
	pool := &graph.Pool{Hop: h, Name: host, Pos: at}
	if svc != nil {
		for _, sp := range svc.ports {
			if !contains(own, sp.port) {
				pool.Targets = append(pool.Targets, graph.Address{Host: full, Port: sp.port, Pos: f.pos(he.value), Raw: full + ":" + strconv.Itoa(sp.port)})
			}
		}
	}
	if len(pool.Targets) > 0 || len(out) == 0 {
		if svc == nil {
			// The port is not in the scan: the pool cannot link, and says so.
			pool.Targets = []graph.Address{{Host: full, Pos: f.pos(he.value), Raw: host}}
		}
		f.connectionPool(pool, f.get(policy, "connectionPool"))
		f.poolDefaults(pool)
		h.Pools = append(h.Pools, pool)
		out = append(out, meshPool{pool: pool, host: full})
	}
	// A subset with its own connectionPool is a pool of its own: the sidecars keep separate
	// connections to its endpoints, on every port of the host.
	var targets []graph.Address
	for _, mp := range out {
		targets = append(targets, mp.pool.Targets...)
	}
	for _, sub := range f.items(f.get(spec, "subsets")) {
		te := f.entry(sub, "trafficPolicy")
		cp := f.get(te.value, "connectionPool")
		name := str(f.get(sub, "name"))
		if cp == nil || name == "" {
			continue
		}
		pool := &graph.Pool{Hop: h, Name: host + " subset " + name, Pos: f.pos(te.key), Targets: slices.Clone(targets)}
		f.connectionPool(pool, cp)
		f.poolDefaults(pool)
		h.Pools = append(h.Pools, pool)
		out = append(out, meshPool{pool: pool, host: full, subset: name})
	}
	return out
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// connectionPool reads an Istio ConnectionPoolSettings block into a pool.
func (f *file) connectionPool(pool *graph.Pool, cp *yaml.Node) {
	if cp == nil {
		return
	}
	httpS, tcp := f.get(cp, "http"), f.get(cp, "tcp")
	if s, ok := f.istioDuration(f.get(httpS, "idleTimeout"), "connectionPool.http.idleTimeout"); ok {
		pool.Idle = s
	}
	if v, ok := f.scalar(f.get(httpS, "maxRequestsPerConnection")); ok {
		n, err := strconv.Atoi(v.text)
		switch {
		case err != nil || n < 0:
			f.errorAt(v.pos, "connectionPool.http.maxRequestsPerConnection: "+strconv.Quote(v.text)+" is not a non-negative integer")
		case n == 1:
			pool.Reuse = graph.Setting[bool]{Value: false, Origin: graph.Explicit, Pos: v.pos, Key: "connectionPool.http.maxRequestsPerConnection", Raw: v.text,
				Note: "one request per connection: connections are never reused"}
		default:
			pool.Reuse = graph.Setting[bool]{Value: true, Origin: graph.Explicit, Pos: v.pos, Key: "connectionPool.http.maxRequestsPerConnection", Raw: v.text}
		}
	}
	if s, ok := f.nodeDuration(f.get(tcp, "connectTimeout"), "connectionPool.tcp.connectTimeout", istioSyntax); ok {
		pool.Connect = s
	}
	if s, ok := f.nodeDuration(f.path(tcp, "tcpKeepalive", "time"), "connectionPool.tcp.tcpKeepalive.time", istioSyntax); ok {
		pool.TCPKeepalive = graph.NewRare(s)
	}
	// tcp.idleTimeout bounds TCP (non-HTTP) connections through the sidecar; checked only.
	f.nodeDuration(f.get(tcp, "idleTimeout"), "connectionPool.tcp.idleTimeout", istioSyntax)
}

func (f *file) poolDefaults(pool *graph.Pool) {
	pool.Idle = orDefault(pool.Idle, istio, graph.PoolIdle, pool.Pos)
	if !pool.Reuse.Known() {
		pool.Reuse = defaultBool(istio, graph.PoolReuse, pool.Pos)
	}
	pool.Connect = orDefault(pool.Connect, istio, graph.PoolConnect, pool.Pos)
	pool.Request = orDefault(pool.Request, istio, graph.PoolRequest, pool.Pos)
	pool.RequestKind = graph.WholeResponse
}

// virtualService sets the request timeout and retries of the DestinationRule pools its
// HTTP routes send to. When several routes reach one pool, the longest timeout wins (the
// pool must allow for every route) and brings its route's retries; a route without a
// timeout gives its retries to a pool no timeout was set for.
func (p *parser) virtualService(o *object, pools []meshPool) {
	f := o.f
	for _, route := range f.items(f.path(o.node, "spec", "http")) {
		timeout, hasTimeout := f.istioDuration(f.get(route, "timeout"), "timeout")
		retry, hasRetry := f.istioRetries(route)
		if !hasTimeout && !hasRetry {
			continue
		}
		for _, dst := range f.items(f.get(route, "route")) {
			d := f.get(dst, "destination")
			host := str(f.get(d, "host"))
			if host == "" {
				continue
			}
			full := fqdn(host, o.ns)
			pt, _ := port(f.path(d, "port", "number"))
			subset := str(f.get(d, "subset"))
			for _, mp := range pools {
				if mp.host != full || pt != 0 && mp.port != 0 && mp.port != pt || mp.subset != "" && mp.subset != subset {
					continue
				}
				cur := mp.pool.Request
				switch {
				case hasTimeout && (cur.Origin != graph.Explicit || cur.Value.Less(timeout.Value)):
					mp.pool.Request = timeout
					retry.apply(mp.pool)
					uses(mp.pool.Hop, f)
				case !hasTimeout && cur.Origin != graph.Explicit && !mp.pool.Retries.Known():
					retry.apply(mp.pool)
					uses(mp.pool.Hop, f)
				}
			}
		}
	}
}

// meshRetry is a VirtualService route's retries.
type meshRetry struct {
	retries   graph.Setting[int]
	onTimeout graph.Setting[bool]
	perTry    graph.DurationSetting
	writes    graph.Setting[bool]
}

func (r meshRetry) apply(pool *graph.Pool) {
	pool.Retries, pool.RetryOnTimeout = r.retries, r.onTimeout
	pool.PerTry = graph.NewRare(r.perTry)
	pool.RetryNonIdempotent = graph.NewRare(r.writes)
}

// istioRetries reads a route's retries. Istio starts from its default policy (retryOn
// without timeouts) and overrides what the route sets; attempts 0 or absent turns
// retries off (pilot/pkg/networking/core/route/retry/retry.go).
func (f *file) istioRetries(route *yaml.Node) (meshRetry, bool) {
	r := f.get(route, "retries")
	if r == nil {
		return meshRetry{}, false
	}
	var out meshRetry
	out.perTry, _ = f.nodeDuration(f.get(r, "perTryTimeout"), "retries.perTryTimeout", istioSyntax)
	if v, ok := f.scalar(f.get(r, "attempts")); ok {
		n, err := strconv.Atoi(v.text)
		if err != nil || n < 0 {
			f.errorAt(v.pos, "retries.attempts: "+strconv.Quote(v.text)+" is not a non-negative integer")
		} else {
			out.retries = graph.Setting[int]{Value: n, Origin: graph.Explicit, Pos: v.pos, Key: "retries.attempts", Raw: v.text}
		}
	}
	v, ok := f.scalar(f.get(r, "retryOn"))
	if !ok {
		out.onTimeout = defaultBool(istio, graph.PoolRetryOnTimeout, f.pos(r))
		return out, true
	}
	c := retryon.Parse(v.text)
	out.onTimeout = graph.Setting[bool]{Value: c.Timeouts, Origin: graph.Explicit, Pos: v.pos, Key: "retries.retryOn", Raw: v.text}
	if method := f.writeMethod(route); c.Resets && method != "" {
		out.writes = graph.Setting[bool]{Value: true, Origin: graph.Explicit, Pos: v.pos, Key: "retries.retryOn", Raw: v.text,
			Note: "retryOn " + v.text + " resends a request whose connection was reset, on a route that matches " + method}
	}
	return out, true
}

// writeMethod returns the non-idempotent method (POST, PATCH) a route's match requires.
func (f *file) writeMethod(route *yaml.Node) string {
	for _, m := range f.items(f.get(route, "match")) {
		if v := str(f.path(m, "method", "exact")); retryon.IsWrite(v) {
			return strings.ToUpper(v)
		}
	}
	return ""
}
