package nginx

import (
	"cmp"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
)

// reuseByDefaultSince is the release from which nginx keeps upstream connections alive
// without configuration (https://nginx.org/en/CHANGES-1.30: "now the keepalive directive
// in the upstream block is enabled by default"; proxy_http_version defaults to 1.1 and no
// Connection header is sent).
const reuseByDefaultSince = "1.29.7"

// implicitNote explains why a proxy_pass to a plain address never reuses connections: the
// keepalive cache belongs to upstream blocks, and nginx's keepalive module skips the
// implicit upstreams that proxy_pass creates for literal addresses, in every version.
const implicitNote = "not reused: proxy_pass names an address, not an upstream block, and nginx keeps idle " +
	"upstream connections only for upstream blocks (https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive)"

// poolUse is a pool with what its routes decide about it.
type poolUse struct {
	pool *graph.Pool
	up   *upstreamBlock // nil for a proxy_pass address
	// first is the first route to the pool, whose settings the pool takes. For an upstream
	// block, reused is the first route whose connections are reused under the configured
	// version, and reusedOther tells whether any route's are under the versions on the
	// other side of 1.29.7: each route is judged once, as it is added.
	first, reused *route
	reusedOther   bool
	// dynamic is set when the URL holds variables, so the target is known only at run time.
	dynamic bool
}

// buildPools makes a pool of every upstream block and of every other address proxy_pass
// names, then the routes to them; settings read at a proxy_pass come from the first
// proxy_pass that uses the pool.
func (w *walker) buildPools() {
	byDefault := graph.CompareVersions(w.opts.Version, reuseByDefaultSince) >= 0
	// One allocation for the upstream blocks' pools and one for their uses: large
	// configurations have thousands.
	pools := make([]graph.Pool, len(w.upstreams))
	upUses := make([]poolUse, len(w.upstreams))
	uses := make([]*poolUse, len(w.upstreams))
	for i, up := range w.upstreams {
		// Field by field: assigning a whole Pool (1.5 KB) to the heap costs a copy and,
		// while the collector runs, a write barrier over all of it.
		p := &pools[i]
		p.Hop, p.Name, p.Pos, p.Targets = w.hop, "upstream "+up.name, up.f.posOf(up.nameTok), up.targets
		p.Idle = w.durationSetting(up.idle, up.idle.depth, "keepalive_timeout", graph.PoolIdle, up.f.posOf(up.keyword))
		upUses[i] = poolUse{pool: p, up: up}
		up.use = &upUses[i]
		uses[i] = up.use
	}
	implicit := map[string]*poolUse{}
	// One allocation for all routes: large configurations have thousands.
	routes := make([]graph.Route, 0, len(w.routes))
	w.hop.Routes = make([]*graph.Route, 0, len(w.routes))
	for i := range w.routes {
		rt := &w.routes[i]
		u := w.poolFor(rt, implicit, &uses)
		if u.first == nil {
			u.first = rt
			w.routeSettings(u.pool, rt)
		}
		if u.up != nil {
			// Connections are reused if any route reuses them (those enter the cache).
			if u.reused == nil && w.decide(u.up, &rt.sc, byDefault).why == reusedConnections {
				u.reused = rt
			}
			if !u.reusedOther && w.decide(u.up, &rt.sc, !byDefault).why == reusedConnections {
				u.reusedOther = true
			}
		}
		if rt.listener != nil {
			routes = append(routes, graph.Route{From: rt.listener, To: u.pool, Pos: rt.f.posOf(rt.url)})
			w.hop.Routes = append(w.hop.Routes, &routes[len(routes)-1])
		}
	}
	w.hop.Pools = slices.Grow(w.hop.Pools, len(uses))
	for _, u := range uses {
		w.judgeReuse(u, byDefault)
		w.hop.Pools = append(w.hop.Pools, u.pool)
	}
}

// poolFor finds the pool a proxy_pass sends to, creating one for a new address.
func (w *walker) poolFor(rt *route, implicit map[string]*poolUse, uses *[]*poolUse) *poolUse {
	if rt.up != nil {
		return rt.up.use
	}
	url := rt.f.text(rt.f.toks[rt.url])
	scheme, authority, hasScheme, dynamic := proxyTarget(url)
	if up := w.upstreamNamed(authority, dynamic); up != nil {
		return up.use
	}
	name := authority
	if hasScheme {
		name = scheme + "://" + authority
	}
	key := strings.ToLower(name)
	if u, ok := implicit[key]; ok {
		return u
	}
	p := &graph.Pool{Hop: w.hop, Name: "proxy_pass " + name, Pos: rt.f.posOf(rt.url)}
	if !dynamic && !strings.HasPrefix(authority, "unix:") {
		addr := name
		if strings.Contains(scheme, "$") {
			addr = authority // the scheme, and so its default port, is known only at run time
		}
		a, err := graph.ParseAddress(addr, 0)
		if err != nil {
			w.diag(graph.ParseError, p.Pos, "proxy_pass "+strconv.Quote(url)+": "+err.Error())
		} else {
			a.Pos = p.Pos
			p.Targets = []graph.Address{a}
		}
	}
	u := &poolUse{pool: p, dynamic: dynamic}
	implicit[key] = u
	*uses = append(*uses, u)
	return u
}

// proxyTarget splits a proxy_pass URL into its scheme and authority (host and port, or
// unix:path). dynamic is set when a variable in the host or port hides the target until
// run time; one in the scheme alone does not.
func proxyTarget(url string) (scheme, authority string, hasScheme, dynamic bool) {
	scheme, authority, hasScheme = strings.Cut(url, "://")
	if !hasScheme {
		scheme, authority = "", url
	}
	if sock, ok := strings.CutPrefix(authority, "unix:"); ok {
		// http://unix:/path/to.sock:/uri names a socket; the ':' ends its path.
		if end := strings.IndexByte(sock, ':'); end >= 0 {
			authority = authority[:len("unix:")+end]
		}
	} else if end := strings.IndexAny(authority, "/?"); end >= 0 {
		authority = authority[:end]
	}
	return scheme, authority, hasScheme, strings.Contains(authority, "$")
}

// upstreamNamed returns the upstream block read so far that a proxy_pass authority names.
func (w *walker) upstreamNamed(authority string, dynamic bool) *upstreamBlock {
	if dynamic || strings.Contains(authority, ":") {
		return nil
	}
	return w.byName[strings.ToLower(authority)]
}

// routeSettings fills the request-side settings in effect at the proxy_pass.
func (w *walker) routeSettings(p *graph.Pool, rt *route) {
	at := rt.f.posOf(rt.keyword)
	p.Request = w.durationSetting(rt.sc.proxyReadTimeout, rt.sc.depth, "proxy_read_timeout", graph.PoolRequest, at)
	p.RequestKind = graph.PerRead
	p.Connect = w.durationSetting(rt.sc.proxyConnectTimeout, rt.sc.depth, "proxy_connect_timeout", graph.PoolConnect, at)
	w.retries(p, &rt.sc, at)
	ka := rt.sc.proxySocketKeepalive
	if ka.set() && ka.f.is(ka.f.toks[ka.tok], "on") {
		on := ka.f.posOf(ka.tok)
		if s, ok := graph.DefaultDuration("linux", "", graph.TCPKeepalive, on); ok {
			s.Note = "proxy_socket_keepalive on at " + on.String() +
				" turns on TCP keepalive with the host's timers; " + s.Note
			p.TCPKeepalive = graph.NewRare(s)
		}
	}
}

// retries reads proxy_next_upstream and its limits. Only an explicit
// proxy_next_upstream_tries counts as retries: by default nginx tries each server of the
// upstream once, which the model does not count.
func (w *walker) retries(p *graph.Pool, sc *proxyScope, at graph.Pos) {
	if !w.retryDefault.Known() {
		w.retryDefault, _ = graph.DefaultBool("nginx", w.opts.Version, graph.PoolRetryOnTimeout, at)
	}
	next := w.retryDefault
	next.Pos = at
	if v := sc.nextUpstream; v.set() {
		next = graph.Setting[bool]{Key: "proxy_next_upstream"}
		w.provenance(v, sc.depth, &next.Origin, &next.Pos, &next.Raw, &next.Note)
		conds := make([]string, 0, v.n)
		for i := range v.n {
			conds = append(conds, v.f.text(v.f.toks[v.tok+i]))
		}
		next.Raw = strings.Join(conds, " ")
		next.Value = slices.Contains(conds, "timeout") && !slices.Contains(conds, "off")
		if i := slices.Index(conds, "non_idempotent"); i >= 0 && !slices.Contains(conds, "off") {
			p.RetryNonIdempotent = graph.NewRare(graph.Setting[bool]{Value: true, Origin: next.Origin, Pos: v.f.pos(v.f.toks[v.tok+int32(i)]), Key: "non_idempotent",
				Note: "proxy_next_upstream " + next.Raw + " passes POST, LOCK and PATCH requests to the next server too"})
		}
	}
	p.RetryOnTimeout = next
	if v := sc.nextUpstreamTries; v.set() && v.n > 0 {
		r := graph.Setting[int]{Value: int(v.n) - 1, Key: "proxy_next_upstream_tries"}
		w.provenance(v, sc.depth, &r.Origin, &r.Pos, &r.Raw, &r.Note)
		// nginx passes a request to each server at most once: servers given by address
		// bound the tries (a name may resolve to several).
		if n, ok := addressCount(p.Targets); ok && r.Value > n-1 {
			r.Value = max(0, n-1)
			r.Note = "nginx tries each of the " + strconv.Itoa(n) + " servers once"
		}
		p.Retries = r
	}
	if v := sc.nextUpstreamTimeout; v.set() && v.dur > 0 {
		p.RetryWindow = graph.NewRare(w.durationSetting(v, sc.depth, "proxy_next_upstream_timeout", "", at))
	}
}

// addressCount is the number of targets when all of them are IP addresses.
func addressCount(targets []graph.Address) (int, bool) {
	for _, t := range targets {
		if _, err := netip.ParseAddr(t.Host); err != nil {
			return 0, false
		}
	}
	return len(targets), len(targets) > 0
}

// judgeReuse decides whether the pool keeps idle connections for reuse, says why, and
// notes when another nginx version would decide otherwise. byDefault tells whether the
// configured version reuses connections without configuration.
func (w *walker) judgeReuse(u *poolUse, byDefault bool) {
	p := u.pool
	switch {
	case u.dynamic:
		p.Reuse = graph.Setting[bool]{Pos: p.Pos, Key: "proxy_pass",
			Note: "unknown: the proxy_pass URL has variables; connections are reused only if it names an upstream block at run time"}
		return
	case u.up == nil:
		p.Reuse = graph.Setting[bool]{Value: false, Origin: graph.Default, Pos: p.Pos, Key: "keepalive", Note: implicitNote}
		return
	}
	version := w.opts.Version
	reusedOther := u.reusedOther
	if u.first == nil {
		http := u.up.http
		p.Reuse = w.render(w.decide(u.up, http, byDefault), u.up, http, version, p.Pos)
		p.Reuse.Note += " (no proxy_pass uses this upstream)"
		reusedOther = w.decide(u.up, http, !byDefault).why == reusedConnections
	} else {
		// The first route that reuses connections explains the verdict, else the first route.
		chosen := cmp.Or(u.reused, u.first)
		p.Reuse = w.render(w.decide(u.up, &chosen.sc, byDefault), u.up, &chosen.sc, version, chosen.f.posOf(chosen.keyword))
	}
	if reusedOther != p.Reuse.Value {
		p.VersionNote = versionNote(version, p.Reuse.Value)
	}
}

func versionNote(version string, reused bool) string {
	would := map[bool]string{true: "would reuse", false: "would not reuse"}
	if graph.CompareVersions(version, reuseByDefaultSince) >= 0 {
		lead := "nginx >= 1.29.7 keeps upstream connections alive by default"
		if !reused {
			lead = "this holds for nginx >= 1.29.7"
		}
		assumed := ""
		if version == "" {
			assumed = " (assumed: the newest stable release)"
		}
		return lead + assumed + "; with nginx < 1.29.7 this pool " + would[!reused] +
			" connections (name your version with software: nginx@1.24 or --assume nginx=1.24)"
	}
	return "this holds for nginx " + version + " (< 1.29.7); from nginx 1.29.7 on, which keeps upstream connections alive by default, this pool " +
		would[!reused] + " connections"
}

// reason is what decides whether nginx reuses a route's upstream connections.
type reason uint8

const (
	reusedConnections        reason = iota
	keepaliveZero                   // keepalive 0 in the upstream block
	noKeepalive                     // before 1.29.7, an upstream without keepalive N
	http10Explicit                  // proxy_http_version 1.0
	http10ByDefault                 // before 1.29.7, no proxy_http_version 1.1
	connectionClose                 // a Connection header of "close"
	connectionCloseByDefault        // before 1.29.7, Connection not cleared
)

type decision struct {
	why  reason
	conn connMode
}

// decide applies nginx's rules for one route to an upstream block. Before 1.29.7 a
// connection is cached only with `keepalive N` in the upstream, HTTP/1.1 and the
// Connection header cleared; from 1.29.7 on by default, unless `keepalive 0`, HTTP/1.0
// or "Connection: close" turn it off.
func (w *walker) decide(up *upstreamBlock, sc *proxyScope, byDefault bool) decision {
	conn := w.connectionMode(sc.connectionHeader)
	d := decision{conn: conn}
	ka, hv := up.keepalive, sc.proxyHTTPVersion
	http10 := !byDefault
	if hv.set() {
		http10 = hv.n == 1 // proxy_http_version 1.0
	}
	switch {
	case ka.set() && up.keepN == 0:
		d.why = keepaliveZero
	case !ka.set() && !byDefault:
		d.why = noKeepalive
	case http10 && conn != connKeepAlive && hv.set():
		d.why = http10Explicit
	case http10 && conn != connKeepAlive:
		d.why = http10ByDefault
	case conn == connClose:
		d.why = connectionClose
	case conn == connNotSet && !byDefault:
		d.why = connectionCloseByDefault
	}
	return d
}

// render turns a decision into a setting whose position is the deciding directive and
// whose note says why in words.
func (w *walker) render(d decision, up *upstreamBlock, sc *proxyScope, version string, at graph.Pos) graph.Setting[bool] {
	ka, hv := up.keepalive, sc.proxyHTTPVersion
	upstreamPos := up.f.posOf(up.nameTok)
	switch d.why {
	case keepaliveZero:
		return w.decided(false, ka, 0, "keepalive", "not reused: keepalive 0 at "+ka.f.posOf(ka.tok).String()+" turns the connection cache off")
	case noKeepalive:
		return defaultReuse(false, version, upstreamPos, "not reused: upstream "+up.name+
			" has no keepalive directive, which nginx before 1.29.7 needs to keep upstream connections")
	case http10Explicit:
		return w.decided(false, hv, sc.depth, "proxy_http_version", "not reused: proxy_http_version 1.0 at "+
			hv.f.posOf(hv.tok).String()+" closes each upstream connection after its response")
	case http10ByDefault:
		return defaultReuse(false, version, at, "not reused: nginx before 1.29.7 talks HTTP/1.0 to upstreams, "+
			"which closes each connection after its response, unless proxy_http_version 1.1 is set")
	case connectionClose:
		b := append(make([]byte, 0, 256), "not reused: "...)
		b = w.appendConnection(b, sc.connectionHeader)
		b = append(b, `; "Connection: close" ends each upstream connection after its response`...)
		return w.decided(false, sc.connectionHeader, sc.depth, "proxy_set_header", string(b))
	case connectionCloseByDefault:
		return defaultReuse(false, version, at, `not reused: nginx before 1.29.7 sends "Connection: close" upstream unless proxy_set_header Connection "" is set`)
	}
	// A configuration has one such note per upstream block: it is built in one buffer.
	b := append(make([]byte, 0, 256), "reused: "...)
	if ka.set() {
		b = append(b, "keepalive "...)
		b = strconv.AppendInt(b, int64(up.keepN), 10)
		b = append(b, " at "...)
		b = ka.f.appendPos(b, ka.tok)
	} else {
		b = append(b, "no keepalive directive, so the default keepalive 32 local applies"...)
	}
	switch {
	case hv.set():
		b = append(b, ", proxy_http_version "...)
		b = append(b, hv.f.text(hv.f.toks[hv.tok])...)
		b = append(b, " at "...)
		b = hv.f.appendPos(b, hv.tok)
	case graph.CompareVersions(version, reuseByDefaultSince) >= 0:
		b = append(b, ", HTTP/1.1 by default"...)
	default:
		b = append(b, ", HTTP/1.0 by default with Connection: keep-alive"...)
	}
	if d.conn == connNotSet {
		b = append(b, ", no Connection header sent by default"...)
	} else {
		b = w.appendConnection(append(b, ", "...), sc.connectionHeader)
	}
	note := string(b)
	if ka.set() {
		return w.decided(true, ka, 0, "keepalive", note)
	}
	return defaultReuse(true, version, upstreamPos, note)
}

// decided is a reuse verdict taken by a directive; owner is the depth of the block the
// verdict belongs to, so a directive from an enclosing block reads as inherited.
func (w *walker) decided(reused bool, v value, owner int32, key, note string) graph.Setting[bool] {
	s := graph.Setting[bool]{Value: reused, Key: key}
	inherited := ""
	w.provenance(v, owner, &s.Origin, &s.Pos, &s.Raw, &inherited)
	if inherited != "" {
		note += " (" + inherited + ")"
	}
	s.Note = note
	return s
}

// defaultReuse is a verdict nginx's defaults take; the catalogue entry adds its source.
func defaultReuse(reused bool, version string, at graph.Pos, why string) graph.Setting[bool] {
	s, ok := graph.DefaultBool("nginx", version, graph.PoolReuse, at)
	if !ok {
		s = graph.Setting[bool]{Origin: graph.Default, Pos: at, Key: "keepalive"}
	}
	s.Value = reused
	if s.Note != "" {
		why += "; " + s.Note
	}
	s.Note = why
	return s
}

// connMode is what the Connection header sent upstream does to the connection.
type connMode uint8

const (
	connNotSet connMode = iota
	connCleared
	connKeepAlive
	connClose
	// connOther is any other value, e.g. "upgrade" or a variable tolint cannot resolve; it
	// does not force a close.
	connOther
)

// connectionMode classifies a proxy_set_header Connection value. A variable set by a map
// on $http_upgrade (the usual WebSocket recipe) is resolved for requests without an
// Upgrade header, which are the ones that could reuse a connection.
func (w *walker) connectionMode(v value) connMode {
	if !v.set() {
		return connNotSet
	}
	// The value was classified when read; only one classified as other may be a variable.
	if mode := connMode(v.n); mode != connOther {
		return mode
	}
	if m, ok := w.upgradeMap(v.f.text(v.f.toks[v.tok])); ok {
		return classifyConnection(m.plainValue())
	}
	return connOther
}

// upgradeMap finds the map on $http_upgrade that sets the variable text names.
func (w *walker) upgradeMap(text string) (mapBlock, bool) {
	if !strings.HasPrefix(text, "$") {
		return mapBlock{}, false
	}
	m, ok := w.maps[text]
	return m, ok && m.source == "$http_upgrade"
}

// plainValue is the map's value for a request without an Upgrade header.
func (m mapBlock) plainValue() string {
	switch {
	case m.empty >= 0:
		return m.f.text(m.f.toks[m.empty])
	case m.fallback >= 0:
		return m.f.text(m.f.toks[m.fallback])
	}
	return ""
}

// appendConnection says in words what a Connection header setting sends.
func (w *walker) appendConnection(b []byte, v value) []byte {
	text := v.f.text(v.f.toks[v.tok])
	if m, ok := w.upgradeMap(text); ok {
		b = append(b, "proxy_set_header Connection "...)
		b = append(b, text...)
		b = append(b, " at "...)
		b = v.f.appendPos(b, v.tok)
		b = append(b, ", which the map at "...)
		b = m.f.appendPos(b, m.keyword)
		b = append(b, " sets to "...)
		b = strconv.AppendQuote(b, m.plainValue())
		return append(b, " for requests without an Upgrade header"...)
	}
	switch mode := classifyConnection(text); {
	case mode == connCleared:
		b = append(b, "Connection header cleared at "...)
		return v.f.appendPos(b, v.tok)
	case mode == connOther && strings.Contains(text, "$"):
		b = append(b, "Connection header set from "...)
		b = append(b, text...)
		b = append(b, " at "...)
		b = v.f.appendPos(b, v.tok)
		return append(b, " (assumed not to be close)"...)
	}
	b = append(b, "proxy_set_header Connection "...)
	b = strconv.AppendQuote(b, text)
	b = append(b, " at "...)
	return v.f.appendPos(b, v.tok)
}

func classifyConnection(value string) connMode {
	switch {
	case value == "":
		return connCleared
	case strings.EqualFold(value, "keep-alive"):
		return connKeepAlive
	case strings.EqualFold(value, "close"):
		return connClose
	default:
		return connOther
	}
}
