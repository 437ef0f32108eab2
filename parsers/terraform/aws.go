package terraform

import (
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/tolint/tolint/graph"
)

var lbTypes = []string{"aws_lb", "aws_alb"}

var listenerTypes = []string{"aws_lb_listener", "aws_alb_listener"}

var targetGroupTypes = []string{"aws_lb_target_group", "aws_alb_target_group"}

// awsLB is the state of one ALB/NLB while its hop is assembled.
type awsLB struct {
	m        *module
	hop      *graph.Hop
	software string
	idle     graph.DurationSetting // ALB idle_timeout, for listeners and pools
	lb       *resource
	pools    map[*resource]*graph.Pool
}

func (m *module) buildAWS() {
	for _, r := range m.byType(lbTypes...) {
		body := r.body
		typ, ok := m.str(body, "load_balancer_type")
		if !ok {
			// Unknown (a variable without a value) reads as the provider's default.
			typ = "application"
		}
		var lb *awsLB
		switch typ {
		case "application":
			lb = &awsLB{m: m, lb: r, software: "aws-alb", hop: m.newHop(r, graph.Proxy, "aws-alb"), pools: map[*resource]*graph.Pool{}}
			lb.idle = m.duration(body, "idle_timeout", time.Second, "aws-alb", graph.ListenerIdle, r.block.DefRange)
			// client_keep_alive bounds a client connection's life, not its idle time: read
			// so that a malformed value is reported, but it orders no idle timers.
			m.duration(body, "client_keep_alive", time.Second, "", "", r.block.DefRange)
		case "network":
			lb = &awsLB{m: m, lb: r, software: "aws-nlb", hop: m.newHop(r, graph.L4, "aws-nlb"), pools: map[*resource]*graph.Pool{}}
		default:
			// A gateway load balancer forwards IP packets to appliances: no timeouts here.
			continue
		}
		m.repeated(body, r.addr())
		for _, l := range m.referrers("load_balancer_arn", listenerTypes, lbTypes...)[r] {
			lb.listener(l)
		}
	}
	m.buildELB()
}

func (lb *awsLB) listener(l *resource) {
	m, p := lb.m, lb.m.b.p
	body := l.body
	addFile(lb.hop, l)
	li := &graph.Listener{Hop: lb.hop, Name: m.prefix + l.addr(), Pos: p.pos(l.block.DefRange)}
	if a := attrOf(body, "port"); a != nil {
		if port, ok := m.integer(body, "port"); ok && port > 0 && port < 65536 {
			li.Addrs = []graph.Address{{Port: int(port), Pos: p.pos(a.Expr.Range()), Raw: p.raw(a.Expr.Range())}}
		}
	}
	if lb.software == "aws-alb" {
		li.Idle = lb.idle
	} else {
		proto, ok := m.str(body, "protocol")
		if !ok || strings.EqualFold(proto, "TCP") || strings.EqualFold(proto, "TLS") {
			li.Idle = m.duration(body, "tcp_idle_timeout_seconds", time.Second, "aws-nlb", graph.ListenerIdle, l.block.DefRange)
		}
	}
	lb.hop.Listeners = append(lb.hop.Listeners, li)
	for _, act := range blocks(body, "default_action") {
		lb.action(li, act.Body)
	}
	for _, rule := range m.referrers("listener_arn", []string{"aws_lb_listener_rule", "aws_alb_listener_rule"}, listenerTypes...)[l] {
		addFile(lb.hop, rule)
		for _, act := range blocks(rule.body, "action") {
			lb.action(li, act.Body)
		}
	}
}

// action routes a listener to the target groups of a default_action or rule action, named
// by target_group_arn or in a forward block.
func (lb *awsLB) action(li *graph.Listener, body hcl.Body) {
	m := lb.m
	found := m.refersTo(body, "target_group_arn", targetGroupTypes...)
	for _, fw := range blocks(body, "forward") {
		for _, tg := range blocks(fw.Body, "target_group") {
			found = append(found, m.refersTo(tg.Body, "arn", targetGroupTypes...)...)
		}
	}
	for _, rf := range found {
		pool := lb.pool(rf.res)
		lb.hop.Routes = append(lb.hop.Routes, &graph.Route{From: li, To: pool, Pos: m.b.p.pos(rf.rng)})
	}
}

func (lb *awsLB) pool(tg *resource) *graph.Pool {
	if pool := lb.pools[tg]; pool != nil {
		return pool
	}
	m, p := lb.m, lb.m.b.p
	addFile(lb.hop, tg)
	pool := &graph.Pool{Hop: lb.hop, Name: m.prefix + tg.addr(), Pos: p.pos(tg.block.DefRange)}
	if lb.software == "aws-alb" {
		at := p.pos(lb.lb.block.DefRange)
		pool.Idle, pool.Request = lb.idle, lb.idle
		if lb.idle.Origin == graph.Default {
			pool.Idle, _ = graph.DefaultDuration("aws-alb", "", graph.PoolIdle, at)
			pool.Request, _ = graph.DefaultDuration("aws-alb", "", graph.PoolRequest, at)
		}
		// The idle timer runs while the ALB waits for a response, so it bounds each read.
		pool.RequestKind = graph.PerRead
		pool.Reuse, _ = graph.DefaultBool("aws-alb", "", graph.PoolReuse, at)
		pool.Connect, _ = graph.DefaultDuration("aws-alb", "", graph.PoolConnect, at)
	}
	tgPort, hasPort := m.integer(tg.body, "port")
	attachments := []string{"aws_lb_target_group_attachment", "aws_alb_target_group_attachment"}
	for _, att := range m.referrers("target_group_arn", attachments, targetGroupTypes...)[tg] {
		// Instance ids and Lambda ARNs are no addresses; only IP targets link.
		id, ok := m.str(att.body, "target_id")
		if !ok || net.ParseIP(id) == nil {
			continue
		}
		port, ok := m.integer(att.body, "port")
		if !ok {
			port, ok = tgPort, hasPort
		}
		a := attrOf(att.body, "target_id")
		addr := graph.Address{Host: graph.NormalizeHost(id), Pos: p.pos(a.Expr.Range()), Raw: id}
		if ok && port > 0 && port < 65536 {
			addr.Port = int(port)
			addr.Raw = net.JoinHostPort(id, strconv.FormatInt(port, 10))
		}
		addFile(lb.hop, att)
		pool.Targets = append(pool.Targets, addr)
	}
	lb.pools[tg] = pool
	lb.hop.Pools = append(lb.hop.Pools, pool)
	return pool
}

// buildELB reads Classic ELBs: each listener block is a listener, the instances behind
// them one pool (instance ids are no addresses, so it has no targets).
func (m *module) buildELB() {
	p := m.b.p
	for _, r := range m.byType("aws_elb") {
		body := r.body
		h := m.newHop(r, graph.Proxy, "aws-elb")
		m.repeated(body, r.addr())
		idle := m.duration(body, "idle_timeout", time.Second, "aws-elb", graph.ListenerIdle, r.block.DefRange)
		pool := &graph.Pool{Hop: h, Name: m.prefix + r.addr() + " instances", Pos: p.pos(r.block.DefRange), Idle: idle}
		if idle.Origin == graph.Default {
			pool.Idle, _ = graph.DefaultDuration("aws-elb", "", graph.PoolIdle, p.pos(r.block.DefRange))
		}
		h.Pools = append(h.Pools, pool)
		for _, lb := range blocks(body, "listener") {
			li := &graph.Listener{Hop: h, Name: "listener", Pos: p.pos(lb.DefRange), Idle: idle}
			if port, ok := m.integer(lb.Body, "lb_port"); ok && port > 0 && port < 65536 {
				a := attrOf(lb.Body, "lb_port")
				li.Addrs = []graph.Address{{Port: int(port), Pos: p.pos(a.Expr.Range()), Raw: p.raw(a.Expr.Range())}}
				li.Name = "listener " + strconv.FormatInt(port, 10)
			}
			h.Listeners = append(h.Listeners, li)
			h.Routes = append(h.Routes, &graph.Route{From: li, To: pool, Pos: li.Pos})
		}
	}
}
