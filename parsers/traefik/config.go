package traefik

import (
	"fmt"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
)

const software = "traefik"

// maxDepth bounds nesting in every reader.
const maxDepth = 200

// builder assembles one Traefik hop from its static configuration and the dynamic
// configuration (files, Kubernetes CRDs) that belongs to it.
type builder struct {
	hop   *graph.Hop
	diags []graph.Diagnostic
	// listeners by entry point name (lower-cased), in order of definition.
	listeners map[string]*graph.Listener
	order     []*graph.Listener
	// transports are serversTransports by name (lower-cased); defaultTransport is the
	// static configuration's serversTransport.
	transports       map[string]*value
	defaultTransport *value
	services         map[string]*graph.Pool
	// routers are kept until every service and transport is known.
	routers []router
	// pendingTransports are the pools whose serversTransport is applied at the end, when
	// every file and object of the hop has been read.
	pendingTransports []pendingTransport
}

type pendingTransport struct {
	pool *graph.Pool
	name string
	ref  *value
}

type router struct {
	entryPoints []string
	service     string
	hosts       []string
	at          graph.Pos
	// pool is set for a router whose service is defined with it (an IngressRoute route).
	pool *graph.Pool
}

func newBuilder(hop *graph.Hop) *builder {
	return &builder{hop: hop, listeners: map[string]*graph.Listener{}, transports: map[string]*value{}, services: map[string]*graph.Pool{}}
}

func (b *builder) errorAt(p graph.Pos, msg string) {
	b.diags = append(b.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: p, Message: msg})
}

// durationSyntax is Traefik's: a Go duration, or a number of seconds.
var durationSyntax = graph.Syntax{Bare: time.Second, Units: map[string]time.Duration{
	"ns": time.Nanosecond, "us": time.Microsecond, "ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour,
}, Combined: true, Fractions: true}

// duration reads a Traefik duration at v; key names it in messages and provenance.
func (b *builder) duration(v *value, key string) graph.DurationSetting {
	text, ok := v.str()
	if !ok {
		return graph.DurationSetting{}
	}
	text = strings.TrimSpace(text)
	neg := strings.HasPrefix(text, "-")
	d, err := durationSyntax.ParseDuration(strings.TrimPrefix(strings.ReplaceAll(text, "µs", "us"), "-"))
	if err != nil {
		b.errorAt(v.pos, fmt.Sprintf("%s %s: %v", key, text, err))
		return graph.DurationSetting{}
	}
	s := graph.DurationSetting{Value: graph.Dur(d), Origin: graph.Explicit, Pos: v.pos, Key: key, Raw: v.text}
	if neg && d != 0 {
		b.errorAt(v.pos, fmt.Sprintf("%s %s is negative", key, text))
		return graph.DurationSetting{}
	}
	if isDigits(text) {
		s.BareUnit = time.Second
	}
	return s
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// static reads a static configuration: entry points and the default serversTransport.
func (b *builder) static(root *value) {
	for _, ep := range root.get("entryPoints").fieldsOrNil() {
		b.entryPoint(ep)
	}
	if st := root.get("serversTransport"); st != nil {
		b.defaultTransport = st
	}
}

func (v *value) fieldsOrNil() []*value {
	if v == nil {
		return nil
	}
	return v.fields
}

// entryPoint turns entryPoints.NAME into a listener.
func (b *builder) entryPoint(ep *value) {
	l := b.listener(ep.key, ep.kpos)
	if addr, ok := ep.get("address").str(); ok {
		text := addr
		if i := strings.LastIndexByte(text, '/'); i >= 0 {
			if strings.EqualFold(text[i+1:], "udp") {
				return
			}
			text = text[:i]
		}
		a, err := graph.ParseAddress(text, 0)
		if err != nil {
			b.errorAt(ep.get("address").pos, "entry point "+ep.key+" address "+addr+": "+err.Error())
		} else {
			a.Pos, a.Raw = ep.get("address").pos, addr
			l.Addrs = append(l.Addrs, a)
		}
	}
	rt := ep.path("transport", "respondingTimeouts")
	if s := b.duration(rt.get("idleTimeout"), "transport.respondingTimeouts.idleTimeout"); s.Known() {
		l.Idle = s
	}
	if s := b.duration(rt.get("readTimeout"), "transport.respondingTimeouts.readTimeout"); s.Known() {
		l.Request = s
	}
	b.duration(rt.get("writeTimeout"), "transport.respondingTimeouts.writeTimeout")
}

// listener returns the listener of an entry point, adding it when the static configuration
// did not define it (dynamic configuration read without its static one).
func (b *builder) listener(name string, at graph.Pos) *graph.Listener {
	key := strings.ToLower(name)
	if l, ok := b.listeners[key]; ok {
		return l
	}
	l := &graph.Listener{Hop: b.hop, Name: "entryPoint " + name, Pos: at}
	b.listeners[key] = l
	b.order = append(b.order, l)
	return l
}

// dynamic reads a dynamic configuration's http section.
func (b *builder) dynamic(root *value) {
	h := root.get("http")
	for _, t := range h.get("serversTransports").fieldsOrNil() {
		b.transports[strings.ToLower(t.key)] = t
	}
	for _, s := range h.get("services").fieldsOrNil() {
		b.service(s)
	}
	for _, r := range h.get("routers").fieldsOrNil() {
		svc, _ := r.get("service").str()
		rule, _ := r.get("rule").str()
		b.routers = append(b.routers, router{entryPoints: r.get("entryPoints").strings(), service: svc, hosts: ruleHosts(rule), at: r.kpos})
	}
}

// service turns services.NAME.loadBalancer into a pool (weighted and mirroring services
// only refer to other services).
func (b *builder) service(s *value) {
	lb := s.get("loadBalancer")
	if lb == nil {
		return
	}
	p := &graph.Pool{Hop: b.hop, Name: "service " + s.key, Pos: s.kpos}
	for _, srv := range lb.get("servers").elems() {
		u := srv.get("url")
		text, ok := u.str()
		if !ok {
			continue
		}
		a, err := graph.ParseAddress(text, 0)
		if err != nil {
			b.errorAt(u.pos, "server url "+text+": "+err.Error())
			continue
		}
		a.Pos, a.Raw = u.pos, text
		p.Targets = append(p.Targets, a)
	}
	name, _ := lb.get("serversTransport").str()
	b.pendingTransports = append(b.pendingTransports, pendingTransport{pool: p, name: name, ref: lb.get("serversTransport")})
	b.hop.Pools = append(b.hop.Pools, p)
	b.services[strings.ToLower(s.key)] = p
}

// transport applies the serversTransport a service names (NAME or NAME@provider), or the
// static default, then Traefik's defaults.
func (b *builder) transport(p *graph.Pool, name string, ref *value) {
	t := b.defaultTransport
	if name != "" {
		key := strings.ToLower(name)
		if i := strings.IndexByte(key, '@'); i >= 0 {
			key = key[:i]
		}
		if nt, ok := b.transports[key]; ok {
			t = nt
		} else {
			b.diags = append(b.diags, graph.Diagnostic{Kind: graph.NotInspected, Pos: ref.pos,
				Message: "serversTransport " + name + " is not defined in the files read; Traefik's defaults are assumed"})
		}
	}
	ft := t.get("forwardingTimeouts")
	p.Idle = b.duration(ft.get("idleConnTimeout"), "forwardingTimeouts.idleConnTimeout")
	p.Request = b.duration(ft.get("responseHeaderTimeout"), "forwardingTimeouts.responseHeaderTimeout")
	p.Connect = b.duration(ft.get("dialTimeout"), "forwardingTimeouts.dialTimeout")
	v := b.hop.Version
	if !p.Idle.Known() {
		p.Idle, _ = graph.DefaultDuration(software, v, graph.PoolIdle, p.Pos)
	}
	if !p.Request.Known() {
		p.Request, _ = graph.DefaultDuration(software, v, graph.PoolRequest, p.Pos)
	}
	if !p.Connect.Known() {
		p.Connect, _ = graph.DefaultDuration(software, v, graph.PoolConnect, p.Pos)
	}
	if m := t.get("maxIdleConnsPerHost"); m != nil && strings.HasPrefix(strings.TrimSpace(m.text), "-") {
		// Go's transport keeps no idle connection when the per-host limit is negative.
		p.Reuse = graph.Setting[bool]{Value: false, Origin: graph.Explicit, Pos: m.pos, Key: "maxIdleConnsPerHost", Raw: m.text,
			Note: "a negative maxIdleConnsPerHost keeps no idle connection, so none is reused"}
		return
	}
	p.Reuse, _ = graph.DefaultBool(software, v, graph.PoolReuse, p.Pos)
}

// ruleHosts lists the host names of Host(`a`, `b`) matchers in a router rule.
func ruleHosts(rule string) []string {
	var out []string
	for {
		i := strings.Index(rule, "Host(")
		if i < 0 {
			return out
		}
		if i > 0 && isIdent(rule[i-1]) {
			rule = rule[i+5:] // HostRegexp, HostSNI...
			continue
		}
		rule = rule[i+5:]
		end := strings.IndexByte(rule, ')')
		if end < 0 {
			return out
		}
		for _, h := range strings.Split(rule[:end], ",") {
			h = strings.Trim(strings.TrimSpace(h), "`\"'")
			if h != "" {
				out = append(out, graph.NormalizeHost(h))
			}
		}
		rule = rule[end:]
	}
}

func isIdent(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// finish applies transports, adds routes and host names, then fills the listeners' defaults.
func (b *builder) finish() {
	for _, pt := range b.pendingTransports {
		b.transport(pt.pool, pt.name, pt.ref)
	}
	// names holds each listener's names as a set, since a large configuration gives one
	// entry point thousands of hosts.
	names := map[*graph.Listener]map[string]bool{}
	for _, r := range b.routers {
		p := r.pool
		if p == nil {
			key := strings.ToLower(r.service)
			if i := strings.IndexByte(key, '@'); i >= 0 {
				key = key[:i]
			}
			p = b.services[key]
		}
		eps := r.entryPoints
		var targets []*graph.Listener
		if len(eps) == 0 {
			targets = b.order // a router without entry points listens on all of them
		}
		for _, ep := range eps {
			targets = append(targets, b.listener(ep, r.at))
		}
		for _, l := range targets {
			for _, h := range r.hosts {
				if !names[l][h] {
					if names[l] == nil {
						names[l] = map[string]bool{}
					}
					names[l][h] = true
					l.Names = append(l.Names, h)
				}
			}
			if p != nil {
				b.hop.Routes = append(b.hop.Routes, &graph.Route{From: l, To: p, Pos: r.at})
			}
		}
	}
	v := b.hop.Version
	for _, l := range b.order {
		if !l.Idle.Known() {
			l.Idle, _ = graph.DefaultDuration(software, v, graph.ListenerIdle, l.Pos)
		}
		if !l.Request.Known() {
			l.Request, _ = graph.DefaultDuration(software, v, graph.ListenerRequest, l.Pos)
		}
		b.hop.Listeners = append(b.hop.Listeners, l)
	}
}
