package terraform

import (
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/tolint/tolint/graph"
)

var proxyTypes = []string{"google_compute_target_http_proxy", "google_compute_target_https_proxy",
	"google_compute_region_target_http_proxy", "google_compute_region_target_https_proxy"}

var urlMapTypes = []string{"google_compute_url_map", "google_compute_region_url_map"}

var backendTypes = []string{"google_compute_backend_service", "google_compute_region_backend_service"}

// regionalKeepAlive is the regional external Application Load Balancer's client keepalive
// default; the catalogue holds the global one (610s).
const regionalKeepAlive = 600 * time.Second

const regionalKeepAliveSource = "https://cloud.google.com/load-balancing/docs/l7-internal#timeouts_and_retries"

// buildGoogle reads Google's HTTP(S) load balancer: a target proxy is the hop, its URL map
// routes to backend services (pools); a backend service no proxy reaches is its own hop.
func (m *module) buildGoogle() {
	p := m.b.p
	reached := map[*resource]bool{}
	for _, r := range m.byType(proxyTypes...) {
		h := m.newHop(r, graph.Proxy, "gcp-lb")
		m.repeated(r.body, r.addr())
		li := &graph.Listener{Hop: h, Name: m.prefix + r.addr(), Pos: p.pos(r.block.DefRange)}
		if strings.Contains(r.typ, "_region_") {
			li.Idle = m.duration(r.body, "http_keep_alive_timeout_sec", time.Second, "", "", r.block.DefRange)
			if !li.Idle.Known() && attrOf(r.body, "http_keep_alive_timeout_sec") == nil {
				li.Idle = graph.DurationSetting{Value: graph.Dur(regionalKeepAlive), Origin: graph.Default, Pos: p.pos(r.block.DefRange),
					Key: "http_keep_alive_timeout_sec", Note: "gcp-lb http_keep_alive_timeout_sec default 600s: a regional load balancer keeps idle client connections 600s (" + regionalKeepAliveSource + ")"}
			}
		} else {
			li.Idle = m.duration(r.body, "http_keep_alive_timeout_sec", time.Second, "gcp-lb", graph.ListenerIdle, r.block.DefRange)
		}
		m.frontendPorts(r, li)
		h.Listeners = append(h.Listeners, li)
		pools := map[*resource]*graph.Pool{}
		for _, um := range m.refersTo(r.body, "url_map", urlMapTypes...) {
			addFile(h, um.res)
			for _, svc := range m.urlMapServices(um.res.body) {
				pool := pools[svc.res]
				if pool == nil {
					pool = m.backendPool(h, svc.res)
					pools[svc.res] = pool
					reached[svc.res] = true
				}
				h.Routes = append(h.Routes, &graph.Route{From: li, To: pool, Pos: p.pos(svc.rng)})
			}
		}
	}
	for _, r := range m.byType(backendTypes...) {
		if reached[r] || passthrough(m, r) {
			continue
		}
		m.repeated(r.body, r.addr())
		m.backendPool(m.newHop(r, graph.Proxy, "gcp-lb"), r)
	}
}

// passthrough is a regional backend service of a TCP/UDP pass-through load balancer: it
// relays packets, so HTTP timeouts do not apply.
func passthrough(m *module, r *resource) bool {
	if r.typ != "google_compute_region_backend_service" {
		return false
	}
	scheme, ok := m.str(r.body, "load_balancing_scheme")
	return !ok || scheme == "INTERNAL" || scheme == "EXTERNAL"
}

// urlMapServices lists the backend services a URL map sends requests to.
func (m *module) urlMapServices(body hcl.Body) []ref {
	var out []ref
	add := func(b hcl.Body, attr string) {
		out = append(out, m.refersTo(b, attr, backendTypes...)...)
	}
	add(body, "default_service")
	for _, pm := range blocks(body, "path_matcher") {
		add(pm.Body, "default_service")
		for _, pr := range blocks(pm.Body, "path_rule") {
			add(pr.Body, "service")
		}
		for _, rr := range blocks(pm.Body, "route_rules") {
			add(rr.Body, "service")
		}
	}
	return out
}

func (m *module) backendPool(h *graph.Hop, r *resource) *graph.Pool {
	p := m.b.p
	addFile(h, r)
	at := p.pos(r.block.DefRange)
	pool := &graph.Pool{Hop: h, Name: m.prefix + r.addr(), Pos: at,
		Request: m.duration(r.body, "timeout_sec", time.Second, "gcp-lb", graph.PoolRequest, r.block.DefRange)}
	// timeout_sec bounds the whole response (https://cloud.google.com/load-balancing/docs/backend-service#timeout-setting).
	pool.RequestKind = graph.WholeResponse
	pool.Idle, _ = graph.DefaultDuration("gcp-lb", "", graph.PoolIdle, at)
	pool.Reuse, _ = graph.DefaultBool("gcp-lb", "", graph.PoolReuse, at)
	h.Pools = append(h.Pools, pool)
	return pool
}

// frontendPorts gives a target proxy the address of the forwarding rules pointing at it.
func (m *module) frontendPorts(proxy *resource, li *graph.Listener) {
	p := m.b.p
	rules := []string{"google_compute_global_forwarding_rule", "google_compute_forwarding_rule"}
	for _, fr := range m.referrers("target", rules, proxyTypes...)[proxy] {
		addFile(li.Hop, fr)
		ports, ok := m.str(fr.body, "port_range")
		if !ok {
			continue
		}
		first, _, _ := strings.Cut(ports, "-")
		port, err := strconv.Atoi(strings.TrimSpace(first))
		if err != nil || port < 1 || port > 65535 {
			continue
		}
		a := attrOf(fr.body, "port_range")
		addr := graph.Address{Port: port, Pos: p.pos(a.Expr.Range()), Raw: ports}
		if ip, ok := m.str(fr.body, "ip_address"); ok {
			addr.Host = graph.NormalizeHost(ip)
		}
		li.Addrs = append(li.Addrs, addr)
	}
}
