package apache

import (
	"slices"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
)

// build turns the scopes read into listeners, pools and routes.
func (w *walker) build() {
	// Each setting of the main server is read once, so a bad value is reported once.
	if len(w.vhosts) == 0 {
		l := &graph.Listener{Hop: w.hop, Name: "main server", Pos: w.hop.Pos, Addrs: w.listens, Names: w.server.names}
		if len(w.listens) > 0 {
			l.Pos = w.listens[0].Pos
		}
		w.vhosts = append(w.vhosts, &vhost{l: l, main: true})
	}
	for _, v := range w.vhosts {
		v.l.Names = append(v.l.Names, v.names...)
		w.listenerTimeouts(v)
		w.hop.Listeners = append(w.hop.Listeners, v.l)
	}
	for _, v := range w.vhosts {
		for _, p := range append(slicesClone(w.server.passes), v.passes...) {
			pool := w.pool(p, v)
			if pool != nil {
				w.hop.Routes = append(w.hop.Routes, &graph.Route{From: v.l, To: pool, Pos: p.at})
			}
		}
	}
}

func slicesClone(p []pass) []pass { return append([]pass(nil), p...) }

func (w *walker) listenerTimeouts(v *vhost) {
	own, srv := v.scope, w.server
	inVhost := !v.main
	l := v.l
	if s, ok := w.setting(own.timeout, srv.timeout, "Timeout", inVhost); ok {
		l.Request = s
	} else {
		l.Request, _ = graph.DefaultDuration(software, w.hop.Version, graph.ListenerRequest, l.Pos)
	}
	ka := own.keepAlive
	inherited := false
	if ka == nil && inVhost {
		ka, inherited = srv.keepAlive, true
	}
	if ka != nil && strings.EqualFold(ka.text, "off") {
		l.Idle = graph.DurationSetting{Value: graph.Dur(0), Origin: graph.Explicit, Pos: ka.pos, Key: "KeepAlive", Raw: ka.text,
			Note: "KeepAlive Off: the server closes the connection after each response"}
		if inherited {
			l.Idle.Origin, l.Idle.Note = graph.Inherited, "KeepAlive Off inherited from the main server"
		}
		return
	}
	if s, ok := w.setting(own.keepAliveTimeout, srv.keepAliveTimeout, "KeepAliveTimeout", inVhost); ok {
		l.Idle = s
		return
	}
	l.Idle, _ = graph.DefaultDuration(software, w.hop.Version, graph.ListenerIdle, l.Pos)
}

// pool returns the pool a ProxyPass sends to: one per worker URL or balancer, shared by
// every ProxyPass naming it, with the parameters of the first.
func (w *walker) pool(p pass, v *vhost) *graph.Pool {
	target := p.target.text
	lower := strings.ToLower(target)
	if strings.HasPrefix(lower, "balancer://") {
		key := balancerKey(target)
		if pool, ok := w.pools["balancer://"+key]; ok {
			return pool
		}
		b := w.balancers[key]
		pool := &graph.Pool{Hop: w.hop, Name: "balancer://" + key, Pos: p.target.pos}
		w.pools["balancer://"+key] = pool
		w.hop.Pools = append(w.hop.Pools, pool)
		if b == nil {
			w.diag(graph.ParseError, p.target.pos, "no <Proxy balancer://"+key+"> section defines the members of this balancer")
			w.poolParams(pool, nil, v)
			return pool
		}
		pool.Pos = b.pos
		for i, m := range b.members {
			w.target(pool, m.target)
			if i == 0 {
				// The members of one balancer share what is read here: the first member's
				// parameters stand for the pool.
				w.poolParams(pool, append(slices.Clone(m.params), w.sets[workerKey(m.target.text)]...), v)
			}
		}
		if len(b.members) == 0 {
			w.poolParams(pool, nil, v)
		}
		return pool
	}
	key := workerKey(target)
	if pool, ok := w.pools[key]; ok {
		return pool
	}
	pool := &graph.Pool{Hop: w.hop, Name: target, Pos: p.target.pos}
	w.pools[key] = pool
	w.hop.Pools = append(w.hop.Pools, pool)
	w.target(pool, p.target)
	w.poolParams(pool, append(slices.Clone(p.params), w.sets[key]...), v)
	return pool
}

// workerKey is a worker URL without its path, as mod_proxy shares a worker by scheme, host
// and port.
func workerKey(url string) string {
	s := strings.ToLower(url)
	if i := strings.Index(s, "://"); i >= 0 {
		if j := strings.IndexAny(s[i+3:], "/?#"); j >= 0 {
			s = s[:i+3+j]
		}
	}
	return s
}

func (w *walker) target(pool *graph.Pool, r ref) {
	text := r.text
	schemeText, _, found := strings.Cut(text, "://")
	if strings.Contains(text, "$") || !found {
		return // ProxyPassMatch substitutions and unix: sockets name no fixed address
	}
	scheme := strings.ToLower(schemeText)
	switch scheme {
	case "ajp":
		text = "http" + text[len(scheme):]
		if a, err := graph.ParseAddress(text, 0); err == nil {
			if a.Port == 80 && a.PortNote != "" {
				a.Port, a.PortNote = 8009, "ajp:// default port 8009"
			}
			a.Pos, a.Raw = r.pos, r.text
			pool.Targets = append(pool.Targets, a)
		}
		return
	case "http", "https", "ws", "wss", "h2", "h2c":
	default:
		return
	}
	if scheme == "h2" {
		text = "https" + text[2:]
	}
	a, err := graph.ParseAddress(text, 0)
	if err != nil {
		w.diag(graph.ParseError, r.pos, err.Error())
		return
	}
	a.Pos, a.Raw = r.pos, r.text
	pool.Targets = append(pool.Targets, a)
}

// poolParams applies worker parameters, with the defaults mod_proxy uses for the rest.
func (w *walker) poolParams(pool *graph.Pool, params []ref, v *vhost) {
	var ttl, timeout, connect, keepalive, reuse *ref
	reuseOff, reuseKey := false, ""
	for i := range params {
		p := &params[i]
		k, val, ok := strings.Cut(p.text, "=")
		if !ok {
			continue
		}
		vr := &ref{text: val, pos: p.pos}
		if val != "" {
			vr.pos.Col += len(k) + 1
			vr.pos.Offset += len(k) + 1
		}
		switch strings.ToLower(k) {
		case "ttl":
			ttl = vr
		case "timeout":
			timeout = vr
		case "connectiontimeout":
			connect = vr
		case "keepalive":
			keepalive = vr
		case "disablereuse":
			reuse, reuseOff, reuseKey = vr, strings.EqualFold(val, "on"), "disablereuse"
		case "enablereuse":
			reuse, reuseOff, reuseKey = vr, strings.EqualFold(val, "off"), "enablereuse"
		}
	}
	if ttl != nil {
		if s, ok := w.duration(ttl, "ttl"); ok {
			pool.Idle = s
		}
	}
	if !pool.Idle.Known() {
		pool.Idle, _ = graph.DefaultDuration(software, w.hop.Version, graph.PoolIdle, pool.Pos)
	}
	noKA := v.noKeepalive
	if noKA == nil {
		noKA = w.server.noKeepalive
	}
	switch {
	case noKA != nil:
		pool.Reuse = graph.Setting[bool]{Value: false, Origin: graph.Explicit, Pos: noKA.pos, Key: "SetEnv proxy-nokeepalive", Raw: noKA.text,
			Note: "proxy-nokeepalive: mod_proxy_http closes the backend connection after each request"}
	case reuse != nil:
		pool.Reuse = graph.Setting[bool]{Value: !reuseOff, Origin: graph.Explicit, Pos: reuse.pos, Key: reuseKey, Raw: reuse.text}
	default:
		pool.Reuse, _ = graph.DefaultBool(software, w.hop.Version, graph.PoolReuse, pool.Pos)
	}
	if timeout != nil {
		pool.Request, _ = w.duration(timeout, "timeout")
	}
	if !pool.Request.Known() {
		inVhost := !v.main
		if s, ok := w.setting(v.proxyTimeout, w.server.proxyTimeout, "ProxyTimeout", inVhost); ok {
			pool.Request = s
		} else if s, ok := w.setting(v.timeout, w.server.timeout, "Timeout", inVhost); ok {
			pool.Request = s
		} else {
			pool.Request, _ = graph.DefaultDuration(software, w.hop.Version, graph.PoolRequest, pool.Pos)
		}
	}
	if connect != nil {
		pool.Connect, _ = w.duration(connect, "connectiontimeout")
	}
	if !pool.Connect.Known() && pool.Request.Known() {
		pool.Connect = pool.Request
		if pool.Connect.Origin == graph.Default {
			pool.Connect.Note = "connectiontimeout is not set, so mod_proxy uses the worker's timeout: " + pool.Request.Note
		} else {
			pool.Connect.Origin, pool.Connect.Note = graph.Inherited, "connectiontimeout is not set, so mod_proxy uses the worker's timeout"
		}
	}
	if keepalive != nil && strings.EqualFold(keepalive.text, "on") {
		// SO_KEEPALIVE without a time of its own: probes start after the host's
		// tcp_keepalive_time.
		probes := graph.DurationSetting{Value: graph.Dur(7200 * time.Second), Origin: graph.Default, Pos: keepalive.pos, Key: "keepalive",
			Raw: keepalive.text, Note: "keepalive=On: TCP keepalive probes start after the host's net.ipv4.tcp_keepalive_time"}
		if d, ok := graph.DefaultDuration("linux", "", graph.TCPKeepalive, keepalive.pos); ok {
			probes.Value = d.Value
		}
		pool.TCPKeepalive = graph.NewRare(probes)
	}
}
