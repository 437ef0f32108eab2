package haproxy

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
)

// builder turns the parsed sections into the hop's listeners, pools and routes.
type builder struct {
	p   *parser
	hop *graph.Hop
	// backends are the sections that can receive traffic, by name.
	backends map[string]*proxy
	// listeners, pools and routes hold the hop's values: one array each for the file,
	// sized in advance, instead of one allocation per value.
	listeners []graph.Listener
	pools     []graph.Pool
	routes    []graph.Route
	// defaults caches the catalogue's defaults, whose notes are built on each lookup.
	defaults map[defaultKey]graph.DurationSetting
	// reuseDefault is the cached default of http-reuse for the version.
	reuseDefault *graph.Setting[bool]
	// retryOnDefault is the cached default of retry-on (Known once read).
	retryOnDefault graph.Setting[bool]
	// notes caches the notes many sections share, which would otherwise be built for
	// each of them.
	notes map[noteKey]string
	// cands is poolIdle's scratch space, reused from pool to pool.
	cands []candidate
}

// candidate is a pool-purge-delay that may apply to a pool: a server's, or the section's
// when it has no server.
type candidate struct {
	v      timeValue
	owner  *proxy
	server string
}

// valueOf is *v, or the unset value when v is nil.
func valueOf(v *timeValue) timeValue {
	if v == nil {
		return timeValue{}
	}
	return *v
}

// noteKey identifies a note: inherited from the section owner at a line, or (line -1) a
// fallback to timeout used after the timeouts in skipped, of which those in zero were
// written as 0 (bit i = timeout i).
type noteKey struct {
	owner         *proxy
	line          int
	skipped, zero uint16
	used          int
}

func (b *builder) inheritNote(owner *proxy, at graph.Pos) string {
	k := noteKey{owner: owner, line: at.Line}
	n, ok := b.notes[k]
	if !ok {
		n = inheritNote(owner, at)
		b.notes[k] = n
	}
	return n
}

// fallbackNote says which timeouts of a chain were not set before the one used.
func (b *builder) fallbackNote(skipped, zero uint16, used int) string {
	k := noteKey{skipped: skipped, zero: zero, used: used, line: -1}
	if n, ok := b.notes[k]; ok {
		return n
	}
	var names []string
	for i := range numTimeouts {
		if skipped&(1<<i) == 0 {
			continue
		}
		name := "timeout " + timeoutNames[i]
		if zero&(1<<i) != 0 {
			name += " (0)"
		}
		names = append(names, name)
	}
	verb := " is not set"
	if len(names) > 1 {
		verb = " are not set"
	}
	n := strings.Join(names, " and ") + verb + ", so HAProxy falls back to timeout " + timeoutNames[used]
	b.notes[k] = n
	return n
}

type defaultKey struct{ software, setting string }

// defaultDuration is graph.DefaultDuration for HAProxy's version, at pos.
func (b *builder) defaultDuration(software, setting string, at graph.Pos) graph.DurationSetting {
	key := defaultKey{software, setting}
	d, ok := b.defaults[key]
	if !ok {
		version := b.p.version
		if software != "haproxy" {
			version = ""
		}
		d, _ = graph.DefaultDuration(software, version, setting, graph.Pos{})
		b.defaults[key] = d
	}
	d.Pos = at
	return d
}

func (b *builder) build() {
	var listeners, pools, routes int
	for _, px := range b.p.proxies {
		if px.kind == kindFrontend || px.kind == kindListen {
			listeners++
			// use_backend rules, default_backend and a listen section's own servers
			routes += len(px.useBackends) + 2
		}
		if px.kind == kindBackend || px.kind == kindListen {
			pools++
		}
	}
	b.listeners = make([]graph.Listener, 0, listeners)
	b.pools = make([]graph.Pool, 0, pools)
	b.routes = make([]graph.Route, 0, routes)
	b.hop.Listeners = make([]*graph.Listener, 0, listeners)
	b.hop.Pools = make([]*graph.Pool, 0, pools)
	b.backends = make(map[string]*proxy, pools)
	b.defaults = map[defaultKey]graph.DurationSetting{}
	b.notes = map[noteKey]string{}
	for _, px := range b.p.proxies {
		if px.kind == kindFrontend || px.kind == kindListen {
			b.addListener(px)
		}
		if px.kind == kindBackend || px.kind == kindListen {
			b.addBackend(px)
		}
	}
	for _, px := range b.p.proxies {
		if px.kind == kindFrontend || px.kind == kindListen {
			b.addRoutes(px)
		}
	}
	// Pools are filled once the routes are known, as reuse depends on them, each in one
	// go: thousands of pools do not stay in the CPU's caches from one pass to the next.
	for _, px := range b.p.proxies {
		if px.pool != nil {
			b.fillPool(px)
		}
	}
}

// alloc returns a pointer to a new zero value at the end of the arena's array, or of a
// new one twice as large (up to 1024 values) when it is full: values handed out are
// never moved. One allocation for many values is much cheaper than one each (a pool
// allocated on its own made the parse 50% slower). The caller sets the value's fields
// one by one, as copying a whole graph.Pool into the heap costs more.
func alloc[T any](arena *[]T) *T {
	if len(*arena) == cap(*arena) {
		*arena = make([]T, 0, min(max(2*cap(*arena), 1), 1024))
	}
	*arena = (*arena)[:len(*arena)+1]
	return &(*arena)[len(*arena)-1]
}

func (b *builder) addListener(px *proxy) {
	l := alloc(&b.listeners)
	l.Hop, l.Name, l.Pos, l.Addrs = b.hop, kindNames[px.kind]+" "+px.name, px.kwPos, px.binds
	// Configuration.txt "timeout http-keep-alive": the wait for the next request is
	// http-keep-alive, else http-request, else client; a tcp frontend has only client.
	if px.isHTTP() {
		l.Idle = b.timeoutChain(px, l.Pos, graph.ListenerIdle, tHTTPKeepAlive, tHTTPRequest, tClient)
		l.Request = b.timeoutChain(px, l.Pos, graph.ListenerIdle, tHTTPRequest, tClient)
	} else {
		l.Idle = b.timeoutChain(px, l.Pos, graph.ListenerIdle, tClient)
		l.Request = l.Idle
		if l.Idle.Origin == graph.Explicit || l.Idle.Origin == graph.Inherited {
			l.Idle.Note = joinNotes(l.Idle.Note, "mode tcp: the connection is closed after timeout client without traffic")
		}
	}
	px.listener = l
	b.hop.Listeners = append(b.hop.Listeners, l)
}

// addBackend names a section that can receive traffic and gives it a pool, which
// fillPool fills.
func (b *builder) addBackend(px *proxy) {
	if prev, dup := b.backends[px.name]; dup {
		b.p.s.errorf(px.namePos, "%s %s: a section named %s that can receive traffic is already defined at %s (HAProxy refuses duplicates)",
			kindNames[px.kind], px.name, px.name, lineOf(prev.namePos))
	} else {
		b.backends[px.name] = px
	}
	pool := alloc(&b.pools)
	pool.Hop, pool.Name, pool.Pos, pool.Targets = b.hop, kindNames[px.kind]+" "+px.name, px.namePos, px.targets
	px.pool = pool
	b.hop.Pools = append(b.hop.Pools, pool)
}

func (b *builder) fillPool(px *proxy) {
	pool := px.pool
	pool.Idle = b.poolIdle(px, pool.Pos)
	pool.Request = b.timeoutChain(px, pool.Pos, graph.PoolRequest, tServer)
	pool.RequestKind = graph.PerRead
	b.retries(px, pool)
	pool.Connect = b.timeoutChain(px, pool.Pos, graph.PoolConnect, tConnect)
	pool.TCPKeepalive = graph.NewRare(b.tcpKeepalive(px))
	// No version note: the default changed in 1.9 (2018), long out of support, so naming
	// it on every HAProxy finding would be noise.
	pool.Reuse = b.reuse(px, pool.Pos, pool.Idle)
}

// addRoutes links a frontend or listen section to the backends it names. A listen
// section with servers is its own backend for requests that no use_backend rule and no
// default_backend (its own or its defaults section's) sends elsewhere.
func (b *builder) addRoutes(px *proxy) {
	// use_backend rules first, then default_backend: the order HAProxy tries them.
	for _, r := range px.useBackends {
		b.routeRef(px, r)
	}
	db := px.lookupDefaultBackend()
	if db.name != "" {
		b.routeRef(px, db)
	}
	if px.kind == kindListen && len(px.servers) > 0 && db.name == "" {
		b.route(px, px, px.namePos)
	}
}

func (b *builder) routeRef(px *proxy, r ref) {
	target := b.backends[r.name]
	if target == nil {
		b.p.s.errorf(r.pos, "%s %s: no backend named %s in this file", r.key, r.name, r.name)
		return
	}
	b.route(px, target, r.pos)
}

// route routes px to target, once: a backend named twice is routed to once. The routes
// of px are all made in one addRoutes, so px routes to target already when it is the
// last section that did.
func (b *builder) route(px, target *proxy, at graph.Pos) {
	if n := len(target.routedFrom); n > 0 && target.routedFrom[n-1] == px {
		return
	}
	r := alloc(&b.routes)
	r.From, r.To, r.Pos = px.listener, target.pool, at
	b.hop.Routes = append(b.hop.Routes, r)
	target.routedFrom = append(target.routedFrom, px)
}

func (px *proxy) lookupDefaultBackend() ref {
	for q := px; q != nil; q = q.defaults {
		if q.defaultBackend.name != "" {
			return q.defaultBackend
		}
	}
	return ref{}
}

// fromTime turns a value written in section owner into a setting of section px.
func (b *builder) fromTime(px *proxy, v timeValue, owner *proxy, key string) graph.DurationSetting {
	s := graph.DurationSetting{Value: v.d, Origin: graph.Explicit, Pos: v.pos, Key: key, Raw: v.raw, BareUnit: v.bareUnit}
	if owner != px {
		s.Origin = graph.Inherited
		s.Note = b.inheritNote(owner, v.pos)
	}
	s.Note = joinNotes(s.Note, v.note)
	if v.unknown {
		s.Origin, s.Value = graph.Unset, graph.Duration{}
	}
	return s
}

func inheritNote(owner *proxy, at graph.Pos) string {
	name := "defaults"
	if owner.name != "" {
		name += " " + owner.name
	}
	return "inherited from " + name + " at " + lineOf(at)
}

func lineOf(p graph.Pos) string { return p.File + ":" + strconv.Itoa(p.Line) }

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// timeoutChain returns the first of the timeouts that is set, following HAProxy's
// fallbacks; a timeout of 0 counts as not set. With none set it returns the default of
// setting for the section at pos.
func (b *builder) timeoutChain(px *proxy, at graph.Pos, setting string, chain ...int) graph.DurationSetting {
	var skipped, zeros uint16
	var zero *graph.DurationSetting
	for _, i := range chain {
		key := timeoutKeys[i]
		v, owner := px.timeout(i)
		switch {
		case !v.set:
			skipped |= 1 << i
			continue
		case v.d.None && !v.unknown:
			if zero == nil {
				z := b.fromTime(px, v, owner, key)
				z.Note = joinNotes(z.Note, key+" 0 means no timeout: HAProxy treats 0 as not set")
				zero = &z
			}
			skipped |= 1 << i
			zeros |= 1 << i
			continue
		}
		s := b.fromTime(px, v, owner, key)
		if skipped != 0 {
			s.Note = joinNotes(s.Note, b.fallbackNote(skipped, zeros, i))
		}
		return s
	}
	if zero != nil {
		return *zero
	}
	return b.defaultDuration("haproxy", setting, at)
}

// poolIdle models how long HAProxy keeps an idle server connection. HAProxy has no
// per-connection idle timer on the server side (see doc.go): idle connections are
// closed by the purge that runs every pool-purge-delay, so that delay is the idle time.
// With several servers the smallest delay is shown.
func (b *builder) poolIdle(px *proxy, at graph.Pos) graph.DurationSetting {
	cands := b.cands[:0]
	for _, s := range px.servers {
		cands = append(cands, candidate{valueOf(s.purge), s.purgeFrom, s.name})
	}
	if len(cands) == 0 {
		v, owner := px.lookupTime(func(q *proxy) *timeValue { return q.defaultPurge })
		cands = append(cands, candidate{v: valueOf(v), owner: owner})
	}
	b.cands = cands
	def := b.defaultDuration("haproxy", graph.PoolIdle, at)
	effective := func(c *candidate) time.Duration {
		if c.v.set {
			return c.v.d.D
		}
		return def.Value.D
	}
	var best, zero, first *candidate
	distinct := false
	for i := range cands {
		c := &cands[i]
		if c.v.unknown {
			continue
		}
		if first == nil {
			first = c
		}
		d := effective(c)
		distinct = distinct || d != effective(first)
		switch {
		case d == 0:
			if zero == nil {
				zero = c
			}
		case best == nil || d < effective(best):
			best = c
		}
	}
	var s graph.DurationSetting
	switch {
	case best == nil && zero != nil:
		s = b.fromTime(px, zero.v, zero.owner, "pool-purge-delay")
		s.Note = joinNotes(s.Note, "pool-purge-delay 0: HAProxy keeps no idle server connections")
		return s
	case best == nil:
		// Every value comes from an environment variable: unknown.
		return b.fromTime(px, cands[0].v, cands[0].owner, "pool-purge-delay")
	case !best.v.set:
		s = def
	default:
		s = b.fromTime(px, best.v, best.owner, "pool-purge-delay")
		s.Note = joinNotes(s.Note, "HAProxy has no idle timer for server connections: it closes idle ones when it purges the pool every pool-purge-delay")
	}
	if distinct && best.server != "" {
		s.Note = joinNotes(s.Note, "servers use different pool-purge-delay values; the smallest, on server "+best.server+", is shown")
	}
	return s
}

// reuse says whether the pool keeps idle server connections for later requests.
func (b *builder) reuse(px *proxy, at graph.Pos, idle graph.DurationSetting) graph.Setting[bool] {
	if !px.isHTTP() {
		m, owner := px.lookupChoice(func(q *proxy) *choice { return q.mode })
		const why = "HAProxy pools server connections only in mode http; in mode tcp a server connection lives as long as its client connection"
		if !m.set {
			return graph.Setting[bool]{Value: false, Origin: graph.Default, Pos: at, Key: "mode",
				Note: "no mode is set, so the section runs in mode tcp (HAProxy's default): " + why}
		}
		return b.fromChoice(px, m, owner, false, "mode "+m.value+": "+why)
	}
	if idle.Key == "pool-purge-delay" && idle.Known() && !idle.Value.None && idle.Value.D == 0 {
		return graph.Setting[bool]{Value: false, Origin: idle.Origin, Pos: idle.Pos, Key: idle.Key, Raw: idle.Raw,
			Note: joinNotes(idle.Note, "no idle server connection is kept, so none is reused")}
	}
	if c, owner := px.effectiveConnMode(); c.value == serverClose || c.value == closeBoth {
		return b.fromChoice(px, c, owner, false, c.key+": HAProxy closes the server connection after each response")
	}
	if s, ok := b.closedByFrontends(px); ok {
		return s
	}
	r, owner := px.lookupChoice(func(q *proxy) *choice { return q.reuse })
	switch {
	case r.value == "never":
		return b.fromChoice(px, r, owner, true,
			"http-reuse never: an idle server connection is reused only by later requests of the same client connection, never shared between clients")
	case r.set:
		return b.fromChoice(px, r, owner, true, "http-reuse "+r.value+": idle server connections are shared between client connections")
	}
	if b.reuseDefault == nil {
		s, ok := graph.DefaultBool("haproxy", b.p.version, graph.PoolReuse, graph.Pos{})
		if !ok {
			s = graph.Setting[bool]{Value: true, Origin: graph.Default, Key: "http-reuse",
				Note: "HAProxy before 1.9 defaults to http-reuse never: an idle server connection is reused only by later requests of the same client connection"}
		}
		b.reuseDefault = &s
	}
	s := *b.reuseDefault
	s.Pos = at
	return s
}

// closedByFrontends reports a pool whose every client-side section closes server
// connections: configuration.txt section 4 combines the frontend's and the backend's
// modes, and close or server-close on either side closes the server connection.
func (b *builder) closedByFrontends(px *proxy) (graph.Setting[bool], bool) {
	froms := px.routedFrom
	if len(froms) == 0 {
		return graph.Setting[bool]{}, false
	}
	var first choice
	var firstOwner, firstFrom *proxy
	for _, f := range froms {
		c, owner := f.effectiveConnMode()
		if c.value != serverClose && c.value != closeBoth {
			return graph.Setting[bool]{}, false
		}
		if firstFrom == nil {
			first, firstOwner, firstFrom = c, owner, f
		}
	}
	return b.fromChoice(firstFrom, first, firstOwner, false,
		"every section that routes here closes server connections after each response ("+first.key+" in "+firstFrom.label()+")"), true
}

func (b *builder) fromChoice(px *proxy, c choice, owner *proxy, value bool, why string) graph.Setting[bool] {
	s := graph.Setting[bool]{Value: value, Origin: graph.Explicit, Pos: c.pos, Key: c.key, Raw: c.raw}
	if owner != px {
		s.Origin = graph.Inherited
		s.Note = b.inheritNote(owner, c.pos)
	}
	s.Note = joinNotes(why, s.Note)
	return s
}

// retries reads retries and retry-on. HAProxy retries a slow server only when retry-on
// names response-timeout (or all-retryable-errors); each try then gets timeout server.
func (b *builder) retries(px *proxy, pool *graph.Pool) {
	if on, owner := px.lookupChoice(func(q *proxy) *choice { return q.retryOn }); on.set {
		conds := strings.Fields(on.value)
		timeouts := slices.Contains(conds, "response-timeout") || slices.Contains(conds, "all-retryable-errors")
		pool.RetryOnTimeout = b.fromChoice(px, on, owner, timeouts && !slices.Contains(conds, "none"), "")
	} else {
		if !b.retryOnDefault.Known() {
			b.retryOnDefault, _ = graph.DefaultBool("haproxy", b.p.version, graph.PoolRetryOnTimeout, pool.Pos)
		}
		pool.RetryOnTimeout = b.retryOnDefault
		pool.RetryOnTimeout.Pos = pool.Pos
	}
	if r, owner := px.lookupChoice(func(q *proxy) *choice { return q.retries }); r.set {
		n, _ := strconv.Atoi(r.value)
		c := b.fromChoice(px, r, owner, false, "")
		pool.Retries = graph.Setting[int]{Value: n, Origin: c.Origin, Pos: c.Pos, Key: c.Key, Raw: c.Raw, Note: c.Note}
	} else {
		pool.Retries = graph.Setting[int]{Value: 3, Origin: graph.Default, Pos: pool.Pos, Key: "retries",
			Note: "haproxy retries default 3 (https://docs.haproxy.org/dev/configuration.html#4.2-retries)"}
	}
}

// tcpKeepalive is when TCP keepalive probes start on server connections: off unless
// option srvtcpka or option tcpka is set, then srvtcpka-idle or the host's
// tcp_keepalive_time.
func (b *builder) tcpKeepalive(px *proxy) graph.DurationSetting {
	on, onOwner := px.lookupChoice(func(q *proxy) *choice { return q.srvTCPKA })
	if on.value != "on" {
		return graph.DurationSetting{}
	}
	if v, owner := px.lookupTime(func(q *proxy) *timeValue { return q.srvTCPKAIdle }); v != nil {
		return b.fromTime(px, *v, owner, "srvtcpka-idle")
	}
	s := b.defaultDuration("linux", graph.TCPKeepalive, on.pos)
	where := "at " + lineOf(on.pos)
	if onOwner != px {
		where = b.inheritNote(onOwner, on.pos)
	}
	s.Note = joinNotes(on.key+" ("+where+") enables probes without srvtcpka-idle, so the host's net.ipv4.tcp_keepalive_time applies", s.Note)
	return s
}
