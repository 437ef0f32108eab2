package terraform

import (
	"time"

	"github.com/tolint/tolint/graph"
)

// buildAzure reads Azure Load Balancer (a rule is a listener with its idle timeout in
// minutes), public IPs with an idle timeout of their own, and Application Gateway
// backend settings.
func (m *module) buildAzure() {
	p := m.b.p
	frontIPs := map[*resource]bool{}
	for _, r := range m.byType("azurerm_lb") {
		h := m.newHop(r, graph.L4, "azure-lb")
		m.repeated(r.body, r.addr())
		for _, fe := range blocks(r.body, "frontend_ip_configuration") {
			for _, rf := range m.refersTo(fe.Body, "public_ip_address_id", "azurerm_public_ip") {
				frontIPs[rf.res] = true
			}
		}
		for _, rule := range m.referrers("loadbalancer_id", []string{"azurerm_lb_rule"}, "azurerm_lb")[r] {
			m.azureRule(h, rule)
		}
	}
	for _, r := range m.byType("azurerm_public_ip") {
		if frontIPs[r] || attrOf(r.body, "idle_timeout_in_minutes") == nil {
			continue
		}
		h := m.newHop(r, graph.L4, "azure-lb")
		h.Listeners = append(h.Listeners, &graph.Listener{Hop: h, Name: m.prefix + r.addr(), Pos: p.pos(r.block.DefRange),
			Idle: m.duration(r.body, "idle_timeout_in_minutes", time.Minute, "azure-lb", graph.ListenerIdle, r.block.DefRange)})
	}
	for _, r := range m.byType("azurerm_application_gateway") {
		m.appGateway(r)
	}
}

func (m *module) azureRule(h *graph.Hop, rule *resource) {
	p := m.b.p
	body := rule.body
	addFile(h, rule)
	li := &graph.Listener{Hop: h, Name: m.prefix + rule.addr(), Pos: p.pos(rule.block.DefRange),
		Idle: m.duration(body, "idle_timeout_in_minutes", time.Minute, "azure-lb", graph.ListenerIdle, rule.block.DefRange)}
	if reset, ok := m.boolean(body, "enable_tcp_reset"); ok && reset {
		li.Idle.Note = joinNote(li.Idle.Note, "enable_tcp_reset: idle flows are closed with a RST")
	} else {
		li.Idle.Note = joinNote(li.Idle.Note, "without enable_tcp_reset idle flows are dropped silently")
	}
	if port, ok := m.integer(body, "frontend_port"); ok && port > 0 && port < 65536 {
		a := attrOf(body, "frontend_port")
		li.Addrs = []graph.Address{{Port: int(port), Pos: p.pos(a.Expr.Range()), Raw: p.raw(a.Expr.Range())}}
	}
	pool := &graph.Pool{Hop: h, Name: m.prefix + rule.addr() + " backend", Pos: li.Pos}
	h.Listeners = append(h.Listeners, li)
	h.Pools = append(h.Pools, pool)
	h.Routes = append(h.Routes, &graph.Route{From: li, To: pool, Pos: li.Pos})
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// appGateway reads an Application Gateway: its HTTP listeners, its backend_http_settings
// (pools, request_timeout) and the request routing rules joining them.
func (m *module) appGateway(r *resource) {
	p := m.b.p
	body := r.body
	h := m.newHop(r, graph.Proxy, "azure-appgw")
	m.repeated(body, r.addr())
	ports := map[string]*graph.Address{}
	for _, fp := range blocks(body, "frontend_port") {
		name, ok1 := m.str(fp.Body, "name")
		port, ok2 := m.integer(fp.Body, "port")
		if ok1 && ok2 && port > 0 && port < 65536 {
			a := attrOf(fp.Body, "port")
			ports[name] = &graph.Address{Port: int(port), Pos: p.pos(a.Expr.Range()), Raw: p.raw(a.Expr.Range())}
		}
	}
	listeners := map[string]*graph.Listener{}
	for _, hl := range blocks(body, "http_listener") {
		name, _ := m.str(hl.Body, "name")
		li := &graph.Listener{Hop: h, Name: name, Pos: p.pos(hl.DefRange)}
		if fp, ok := m.str(hl.Body, "frontend_port_name"); ok && ports[fp] != nil {
			li.Addrs = []graph.Address{*ports[fp]}
		}
		listeners[name] = li
		h.Listeners = append(h.Listeners, li)
	}
	pools := map[string]*graph.Pool{}
	for _, bs := range blocks(body, "backend_http_settings") {
		name, _ := m.str(bs.Body, "name")
		pool := &graph.Pool{Hop: h, Name: name, Pos: p.pos(bs.DefRange),
			Request: m.duration(bs.Body, "request_timeout", time.Second, "azure-appgw", graph.PoolRequest, bs.DefRange)}
		pools[name] = pool
		h.Pools = append(h.Pools, pool)
	}
	for _, rr := range blocks(body, "request_routing_rule") {
		ln, _ := m.str(rr.Body, "http_listener_name")
		sn, _ := m.str(rr.Body, "backend_http_settings_name")
		if li, pool := listeners[ln], pools[sn]; li != nil && pool != nil {
			h.Routes = append(h.Routes, &graph.Route{From: li, To: pool, Pos: p.pos(rr.DefRange)})
		}
	}
}
