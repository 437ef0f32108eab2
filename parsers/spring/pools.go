package spring

import (
	"slices"
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
)

// gatewayPool is Spring Cloud Gateway's Reactor Netty HttpClient pool, with the route
// URIs as its targets and a route from the listener for each.
func (b *builder) gatewayPool(l *graph.Listener) *graph.Pool {
	var first *entry
	for i, e := range b.p.list {
		if strings.HasPrefix(e.uniform, gatewayPrefix) && !isWebMVCGateway(e.uniform) {
			first = &b.p.list[i]
			break
		}
	}
	if first == nil {
		return nil
	}
	// The newer prefix wins where both are written: releases that know it read only it.
	client := func(key string) []string {
		return []string{gatewayNew + "httpclient." + key, gatewayPrefix + "httpclient." + key}
	}
	pool := &graph.Pool{Hop: b.hop, Name: "gateway httpclient", Pos: first.pos}
	if e, ok := b.hasPrefix(gatewayNew+"httpclient.", gatewayPrefix+"httpclient."); ok {
		pool.Pos = e.pos
	}
	idle, ok := b.first(rules{}, client("pool.maxidletime")...)
	if !ok {
		if d, dok := graph.DefaultDuration("reactor-netty", "", graph.PoolIdle, pool.Pos); dok {
			idle = d
		} else {
			idle = graph.DurationSetting{Value: graph.NoTimeout, Origin: graph.Default, Pos: pool.Pos, Key: "pool.max-idle-time",
				Note: "Reactor Netty's connection pool has no idle limit unless max-idle-time is set (" + reactorNettyPoolDocs + ")"}
		}
	}
	pool.Idle = idle
	b.first(rules{}, client("pool.maxlifetime")...)
	pool.Reuse = b.gatewayReuse(client("pool.type"), pool.Pos)
	connect, ok := b.first(rules{unit: millisNumber}, client("connecttimeout")...)
	pool.Connect = orDefault(connect, ok, "reactor-netty", "", graph.PoolConnect, pool.Pos)
	request, ok := b.first(rules{}, client("responsetimeout")...)
	pool.Request = orDefault(request, ok, "reactor-netty", "", graph.PoolRequest, pool.Pos)
	// Reactor Netty's responseTimeout is the longest gap between reads of a response.
	pool.RequestKind = graph.PerRead

	seen := map[string]bool{}
	for _, e := range b.p.list {
		if !isRouteURI(e.uniform) {
			continue
		}
		text, _, ok := b.value(e)
		if !ok {
			continue
		}
		a, ok := b.routeTarget(e, strings.TrimSpace(text))
		if !ok {
			continue
		}
		// Several routes often share a backend; the pool connects to it once.
		if key := a.HostPort(); !seen[key] {
			seen[key] = true
			pool.Targets = append(pool.Targets, a)
		}
		b.hop.Routes = append(b.hop.Routes, &graph.Route{From: l, To: pool, Pos: e.pos})
	}
	return pool
}

// gatewayReuse reads pool.type: DISABLED opens a connection per request.
func (b *builder) gatewayReuse(keys []string, at graph.Pos) graph.Setting[bool] {
	for _, k := range keys {
		if e, ok := b.p.get(k); ok {
			if text, _, ok := b.value(e); ok {
				reuse := !strings.EqualFold(strings.TrimSpace(text), "disabled")
				return graph.Setting[bool]{Value: reuse, Origin: graph.Explicit, Pos: e.pos, Key: e.key, Raw: e.value}
			}
		}
	}
	if d, ok := graph.DefaultBool("reactor-netty", "", graph.PoolReuse, at); ok {
		return d
	}
	return graph.Setting[bool]{}
}

// isRouteURI matches spring.cloud.gateway[.server.webflux].routes[N].uri.
func isRouteURI(u string) bool {
	rest, ok := strings.CutPrefix(u, gatewayNew+"routes[")
	if !ok {
		rest, ok = strings.CutPrefix(u, gatewayPrefix+"routes[")
	}
	if !ok {
		return false
	}
	n, tail, ok := strings.Cut(rest, "]")
	return ok && isDigits(n) && tail == ".uri"
}

// routeTarget reads a gateway route URI: http(s)/ws(s) URLs are addresses, lb://name a
// service name resolved through discovery; forward: and other schemes stay in the process.
func (b *builder) routeTarget(e entry, text string) (graph.Address, bool) {
	scheme, rest, ok := strings.Cut(text, "://")
	if !ok {
		return graph.Address{}, false
	}
	switch strings.ToLower(scheme) {
	case "lb":
		host := rest
		if i := strings.IndexAny(host, "/?#"); i >= 0 {
			host = host[:i]
		}
		if host == "" {
			b.errorAt(e.pos, e.key+": "+quote(text)+" names no service")
			return graph.Address{}, false
		}
		return graph.Address{Host: graph.NormalizeHost(host), Pos: e.pos, Raw: text, PortNote: "lb:// resolves through service discovery"}, true
	case "http", "https", "ws", "wss":
		a, err := graph.ParseAddress(text, 0)
		if err != nil {
			b.errorAt(e.pos, e.key+": "+err.Error())
			return graph.Address{}, false
		}
		a.Pos = e.pos
		return a, true
	}
	return graph.Address{}, false
}

// hikariPool is the HikariCP data source, with the database from the JDBC URL.
func (b *builder) hikariPool() *graph.Pool {
	const hk = "spring.datasource.hikari."
	urlEntry, hasURL := b.p.get(hk + "jdbcurl")
	if !hasURL {
		urlEntry, hasURL = b.p.get("spring.datasource.url")
	}
	first, hasHikari := b.hasPrefix(hk)
	if !hasURL && !hasHikari {
		return nil
	}
	pool := &graph.Pool{Hop: b.hop, Name: "hikari", Pos: first.pos}
	if hasURL {
		pool.Pos = urlEntry.pos
		if text, _, ok := b.value(urlEntry); ok {
			pool.Targets = b.jdbcTargets(urlEntry, strings.TrimSpace(text))
		}
	}
	idle, ok := b.duration(hk+"idletimeout", rules{unit: millisNumber, zeroNone: true, why: "HikariCP never retires idle connections with idleTimeout 0"})
	idle = orDefault(idle, ok, "hikaricp", "", graph.PoolIdle, pool.Pos)
	life, ok := b.duration(hk+"maxlifetime", rules{unit: millisNumber, zeroNone: true, why: "HikariCP never retires connections by age with maxLifetime 0"})
	life = orDefault(life, ok, "hikaricp", "", graph.PoolLifetime, pool.Pos)
	pool.Idle = hikariIdle(idle, life, b.keepsMinimumIdle(hk))
	// keepaliveTime is an application-level ping, not in the model, but a wrong unit there
	// fails the application, so it is checked.
	b.duration(hk+"keepalivetime", rules{unit: millisNumber})
	if d, ok := graph.DefaultBool("hikaricp", "", graph.PoolReuse, pool.Pos); ok {
		pool.Reuse = d
	}
	return pool
}

// jdbcPorts are the default ports of the databases whose JDBC URLs name host:port.
var jdbcPorts = map[string]int{"mysql": 3306, "mariadb": 3306, "postgresql": 5432, "sqlserver": 1433, "oracle": 1521, "db2": 50000}

// jdbcTargets reads the servers of a JDBC URL: jdbc:mysql://h1:3306,h2/db,
// jdbc:postgresql://host/db, jdbc:sqlserver://host:1433;databaseName=x,
// jdbc:oracle:thin:@host:1521:sid or @//host:1521/service. Embedded databases (h2,
// hsqldb, derby) and URLs it does not know have no target.
func (b *builder) jdbcTargets(e entry, url string) []graph.Address {
	rest, ok := strings.CutPrefix(url, "jdbc:")
	if !ok {
		return nil
	}
	sub, _, _ := strings.Cut(rest, ":")
	port, known := jdbcPorts[strings.ToLower(sub)]
	if !known {
		return nil
	}
	var hosts string
	if strings.EqualFold(sub, "oracle") {
		_, after, ok := strings.Cut(rest, "@")
		if !ok || strings.HasPrefix(after, "(") {
			return nil // a TNS descriptor or alias
		}
		after = strings.TrimPrefix(after, "//")
		if i := strings.IndexByte(after, '/'); i >= 0 {
			after = after[:i]
		}
		// host:port:sid has a second colon; keep host:port.
		if parts := strings.Split(after, ":"); len(parts) > 2 {
			after = parts[0] + ":" + parts[1]
		}
		hosts = after
	} else {
		_, after, ok := strings.Cut(rest, "//")
		if !ok {
			return nil
		}
		if i := strings.IndexAny(after, "/?;"); i >= 0 {
			after = after[:i]
		}
		hosts = after
	}
	var out []graph.Address
	for _, h := range strings.Split(hosts, ",") {
		h = strings.TrimSpace(h)
		if i := strings.IndexByte(h, '\\'); i >= 0 {
			h = h[:i] // sqlserver host\instance
		}
		if h == "" {
			continue
		}
		a, err := graph.ParseAddress(h, port)
		if err != nil {
			b.errorAt(e.pos, e.key+": "+err.Error())
			continue
		}
		if a.Host == "" {
			continue
		}
		if a.PortNote == "" && !strings.Contains(h, ":") {
			a.PortNote = strings.ToLower(sub) + " default port " + strconv.Itoa(port)
		}
		a.Pos, a.Raw = e.pos, h
		out = append(out, a)
	}
	return out
}

// feignPools are OpenFeign clients configured by name (feign.client.config.NAME.* and,
// since Spring Cloud 2022, spring.cloud.openfeign.client.config.NAME.*); "default"
// configures every client.
func (b *builder) feignPools() []*graph.Pool {
	var names []string
	type client struct {
		prefix string
		pos    graph.Pos
	}
	clients := map[string]client{}
	for _, e := range b.p.list {
		for _, pre := range []string{"spring.cloud.openfeign.client.config.", "feign.client.config."} {
			rest, ok := strings.CutPrefix(e.uniform, pre)
			if !ok {
				continue
			}
			name, _, ok := strings.Cut(rest, ".")
			if !ok || name == "" {
				continue
			}
			if _, seen := clients[name]; !seen {
				names = append(names, name)
				clients[name] = client{prefix: pre + name + ".", pos: e.pos}
			}
		}
	}
	slices.Sort(names)
	var pools []*graph.Pool
	for _, name := range names {
		c := clients[name]
		alt := "feign.client.config." + name + "."
		if c.prefix == alt {
			alt = "spring.cloud.openfeign.client.config." + name + "."
		}
		pool := &graph.Pool{Hop: b.hop, Name: "feign " + name, Pos: c.pos}
		if s, ok := b.first(rules{unit: millisNumber}, c.prefix+"connecttimeout", alt+"connecttimeout"); ok {
			pool.Connect = s
		}
		if s, ok := b.first(rules{unit: millisNumber}, c.prefix+"readtimeout", alt+"readtimeout"); ok {
			pool.Request, pool.RequestKind = s, graph.PerRead // a socket read timeout
		}
		for _, k := range []string{c.prefix + "url", alt + "url"} {
			if e, ok := b.p.get(k); ok {
				if text, _, ok := b.value(e); ok {
					if a, err := graph.ParseAddress(strings.TrimSpace(text), 0); err == nil {
						a.Pos = e.pos
						pool.Targets = append(pool.Targets, a)
					}
				}
				break
			}
		}
		pools = append(pools, pool)
	}
	return pools
}

// hikariIdle is how long HikariCP may keep a connection idle. idleTimeout retires only
// the connections above minimumIdle; the minimumIdle ones stay open, idle or not, until
// maxLifetime. minimumIdle defaults to maximumPoolSize, so by default idleTimeout never
// applies and a quiet pool keeps its connections for maxLifetime (30 minutes).
func hikariIdle(idle, life graph.DurationSetting, keepsMinimum bool) graph.DurationSetting {
	if !life.Known() {
		return idle
	}
	if keepsMinimum || !idle.Known() || life.Value.Less(idle.Value) {
		life.Note = joinNote(life.Note, "HikariCP keeps its minimumIdle connections open until maxLifetime, whatever idleTimeout says")
		return life
	}
	return idle
}

// keepsMinimumIdle reports whether the pool keeps connections idle up to maxLifetime:
// always when minimum-idle is not below maximum-pool-size (both default to 10), and in
// practice also otherwise, since the minimumIdle connections are never retired for being
// idle. Only a pool whose minimum-idle is 0 lets idleTimeout bound every connection.
func (b *builder) keepsMinimumIdle(hk string) bool {
	e, ok := b.p.get(hk + "minimumidle")
	if !ok {
		return true
	}
	text, _, ok := b.value(e)
	return !ok || strings.TrimSpace(text) != "0"
}
