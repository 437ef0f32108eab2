package nginx

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// timeSyntax is nginx's time format (https://nginx.org/en/docs/syntax.html): a bare
// number is seconds; units combine largest first, with or without spaces ("1h 30m").
var timeSyntax = graph.Syntax{
	Bare: time.Second,
	Units: map[string]time.Duration{
		"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour,
		"d": 24 * time.Hour, "w": 7 * 24 * time.Hour, "M": 30 * 24 * time.Hour, "y": 365 * 24 * time.Hour,
	},
	Combined:       true,
	SpaceSeparated: true,
}

// dirKind names the directives tolint reads; everything else is ignored.
type dirKind uint8

const (
	kUnknown dirKind = iota
	kInclude
	kHTTP
	kServer
	kUpstream
	kLocation
	kIf
	kLimitExcept
	kMap
	kListen
	kServerName
	kKeepaliveTimeout
	kKeepaliveTime
	kKeepaliveRequests
	kKeepalive
	kClientHeaderTimeout
	kClientBodyTimeout
	kSendTimeout
	kProxyPass
	kProxyReadTimeout
	kProxyConnectTimeout
	kProxySendTimeout
	kProxyHTTPVersion
	kProxySetHeader
	kProxySocketKeepalive
	kProxyNextUpstream
	kProxyNextUpstreamTries
	kProxyNextUpstreamTimeout
	numKinds
)

// kindOf names a directive; a switch on the name is faster here than a map lookup.
func kindOf(name string) dirKind {
	switch name {
	case "include":
		return kInclude
	case "http":
		return kHTTP
	case "server":
		return kServer
	case "upstream":
		return kUpstream
	case "location":
		return kLocation
	case "if":
		return kIf
	case "limit_except":
		return kLimitExcept
	case "map":
		return kMap
	case "listen":
		return kListen
	case "server_name":
		return kServerName
	case "keepalive_timeout":
		return kKeepaliveTimeout
	case "keepalive_time":
		return kKeepaliveTime
	case "keepalive_requests":
		return kKeepaliveRequests
	case "keepalive":
		return kKeepalive
	case "client_header_timeout":
		return kClientHeaderTimeout
	case "client_body_timeout":
		return kClientBodyTimeout
	case "send_timeout":
		return kSendTimeout
	case "proxy_pass":
		return kProxyPass
	case "proxy_read_timeout":
		return kProxyReadTimeout
	case "proxy_connect_timeout":
		return kProxyConnectTimeout
	case "proxy_send_timeout":
		return kProxySendTimeout
	case "proxy_http_version":
		return kProxyHTTPVersion
	case "proxy_set_header":
		return kProxySetHeader
	case "proxy_socket_keepalive":
		return kProxySocketKeepalive
	case "proxy_next_upstream":
		return kProxyNextUpstream
	case "proxy_next_upstream_tries":
		return kProxyNextUpstreamTries
	case "proxy_next_upstream_timeout":
		return kProxyNextUpstreamTimeout
	}
	return kUnknown
}

// level is the kind of block a setting was written in.
type level uint8

const (
	levelHTTP level = iota // http, or the top of a file read as if inside http
	levelServer
	levelLocation
	levelIf
	levelLimitExcept
)

// inheritedNote says which enclosing block a value came from.
var inheritedNote = [...]string{
	levelHTTP:        "inherited from http block",
	levelServer:      "inherited from server block",
	levelLocation:    "inherited from location block",
	levelIf:          "inherited from if block",
	levelLimitExcept: "inherited from limit_except block",
}

// value is a setting as written: the token holding it and the block that set it.
type value struct {
	f   *file // nil: not set
	dur time.Duration
	tok int32 // the value token
	// n is the number of arguments (proxy_next_upstream's conditions) or a count; for a
	// Connection header it is its connMode, for proxy_http_version 1 if it is 1.0: read
	// with the directive, so that judging reuse route by route reads no text.
	n     int32
	depth int32 // nesting depth of the block that set it
	level level // last: 32 bytes rather than 40, and scopes are copied into every route
}

func (v value) set() bool { return v.f != nil }

// scope holds the settings in effect in a block; blocks inherit a copy of their parent's.
type scope struct {
	keepaliveTimeout    value
	keepaliveHeader     value
	clientHeaderTimeout value
	proxyScope
}

// proxyScope is the part of a scope that routes keep: the settings a proxy_pass reads.
type proxyScope struct {
	depth                int32
	proxyReadTimeout     value
	proxyConnectTimeout  value
	proxyHTTPVersion     value
	connectionHeader     value
	proxySocketKeepalive value
	nextUpstream         value
	nextUpstreamTries    value
	nextUpstreamTimeout  value
}

// ref is one directive of a block after includes were spliced in: directive i of the
// file at the end of an include chain.
type ref struct {
	ch *chain
	i  int32
}

// chain is the list of files included into one another down to a directive, innermost
// first. Nested blocks are read after their file's includes were spliced, so each
// directive carries its own chain for cycle detection.
type chain struct {
	f  *file
	up *chain
}

// upstreamBlock is an `upstream name { ... }`.
type upstreamBlock struct {
	name      string
	f         *file
	keyword   int32 // token of "upstream"
	nameTok   int32
	targets   []graph.Address
	keepalive value // the connections count of `keepalive N`
	keepN     int
	idle      value
	// http is the scope around the block, used to judge reuse when no proxy_pass uses it;
	// the upstream blocks of one http block share it.
	http *proxyScope
	use  *poolUse // the pool made of it
}

// route is a proxy_pass with the settings in effect where it is written.
type route struct {
	listener *graph.Listener // nil outside a server block
	f        *file
	keyword  int32 // token of "proxy_pass"
	url      int32
	// up is the upstream block the URL names when that block was read before the
	// proxy_pass: looked up while the URL's text is in the cache, not in buildPools.
	up *upstreamBlock
	sc proxyScope
}

// mapBlock is a `map $source $variable { ... }`, kept to resolve the Connection header.
type mapBlock struct {
	f               *file
	keyword         int32
	source          string
	empty, fallback int32 // value tokens of the '' and default entries, -1 if absent
}

type walker struct {
	src           source
	opts          input.Options
	mainDir       string
	hop           *graph.Hop
	files         map[string]loaded
	includes      int
	limitReported bool
	depthReported bool
	buf           []ref
	diags         []graph.Diagnostic
	upstreams     []*upstreamBlock
	byName        map[string]*upstreamBlock
	routes        []route
	maps          map[string]mapBlock
	listeners     batch[graph.Listener]
	upstreamMem   batch[upstreamBlock]
	server        serverBlock
	// defaults caches the catalogue's entries, which are the same for every block.
	defaults map[string]graph.DurationSetting
	// retryDefault caches the default of proxy_next_upstream (Known once read).
	retryDefault graph.Setting[bool]
}

// Parse reads the nginx configuration whose root-relative slash path is rel, following
// its includes, and returns one proxy hop with its listeners (server blocks), pools
// (upstream blocks and proxy_pass addresses) and routes, plus every problem found.
func Parse(t *input.Tree, rel string, opts input.Options) *graph.Fragment {
	return parse(t, rel, opts)
}

func parse(src source, rel string, opts input.Options) *graph.Fragment {
	hop := &graph.Hop{
		ID: rel, Kind: graph.Proxy, Software: "nginx", Version: opts.Version,
		Pos: graph.Pos{File: src.Display(rel), Line: 1, Col: 1},
	}
	w := &walker{
		src: src, opts: opts, mainDir: path.Dir(rel), hop: hop,
		files: map[string]loaded{}, maps: map[string]mapBlock{},
		defaults: map[string]graph.DurationSetting{},
	}
	main, err := w.load(rel)
	if main != nil {
		w.routes = make([]route, 0, main.count[kProxyPass])
		w.byName = make(map[string]*upstreamBlock, main.count[kUpstream])
	}
	if err != nil {
		hop.Files = []string{rel}
		w.diag(graph.ParseError, hop.Pos, "cannot read nginx configuration: "+readError(err))
	} else {
		w.block(levelHTTP, scope{}, &chain{f: main}, 0, int32(len(main.dirs)), nil, 0, true)
		w.buildPools()
	}
	return &graph.Fragment{Files: hop.Files, Hops: []*graph.Hop{hop}, Diags: sortDiags(w.diags)}
}

// readError drops the path an os error repeats: the diagnostic already names the file.
func readError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// maxDiags caps the problems reported for one configuration, its includes counted.
const maxDiags = 1000

func (w *walker) diag(kind graph.DiagKind, pos graph.Pos, msg string) {
	switch {
	case len(w.diags) < maxDiags:
		w.diags = append(w.diags, graph.Diagnostic{Kind: kind, Pos: pos, Message: msg})
	case len(w.diags) == maxDiags:
		w.diags = append(w.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: pos,
			Message: "more than " + strconv.Itoa(maxDiags) + " problems in this configuration; the rest are not reported"})
	}
}

// sortDiags orders diagnostics by position and drops repeats (a file included twice
// reports its problems once).
func sortDiags(diags []graph.Diagnostic) []graph.Diagnostic {
	slices.SortStableFunc(diags, func(a, b graph.Diagnostic) int {
		if a.Pos.Less(b.Pos) {
			return -1
		}
		if b.Pos.Less(a.Pos) {
			return 1
		}
		return cmp.Compare(a.Message, b.Message)
	})
	return slices.Compact(diags)
}

// flatten appends the directives in f.dirs[first:end) (one block's children) to w.buf,
// with includes replaced by the directives of the files they name.
func (w *walker) flatten(ch *chain, first, end int32, depth int) {
	f := ch.f
	for i := first; i < end; i = f.dirs[i].end {
		d := f.dirs[i]
		if d.block || d.kind != kInclude {
			w.buf = append(w.buf, ref{ch, i})
			continue
		}
		if w.tooDeep(f, d, depth) {
			continue
		}
		w.expandInclude(ch, d, depth)
	}
}

func (w *walker) tooDeep(f *file, d directive, depth int) bool {
	if depth < maxDepth {
		return false
	}
	if !w.depthReported {
		w.depthReported = true
		w.diag(graph.ParseError, f.posOf(d.tok), "blocks and includes nested deeper than "+
			strconv.Itoa(maxDepth)+" levels; the inner ones were not read")
	}
	return true
}

// block reads one block's children: first the settings, which nginx applies to the whole
// block wherever they stand in it, then the nested blocks, which inherit them.
func (w *walker) block(lv level, sc scope, ch *chain, first, end int32, srv *serverBlock, depth int, top bool) {
	start := len(w.buf)
	w.flatten(ch, first, end, depth)
	stop := len(w.buf)
	sc.depth = int32(depth)
	headersReset := false
	proxyPass := ref{i: -1}
	for i := start; i < stop; i++ {
		r := w.buf[i]
		f := r.ch.f
		d := f.dirs[r.i]
		if d.block {
			continue
		}
		switch d.kind {
		case kProxySetHeader:
			// nginx inherits proxy_set_header only into blocks that set none of their own.
			if !headersReset {
				headersReset = true
				sc.connectionHeader = value{}
			}
			w.setHeader(&sc, lv, f, d)
		case kProxyPass:
			if proxyPass.i < 0 && w.argCount(f, d, 1, 1) {
				proxyPass = r
			}
		case kListen:
			if srv != nil && lv == levelServer {
				srv.listen(w, f, d)
			}
		case kServerName:
			if srv != nil && lv == levelServer {
				srv.serverName(f, d)
			}
		default:
			w.setting(&sc, lv, f, d)
		}
	}
	if srv != nil && lv == levelServer {
		srv.listener = w.listener(srv, &sc)
	}
	if proxyPass.i >= 0 {
		rt := route{f: proxyPass.ch.f, keyword: proxyPass.ch.f.dirs[proxyPass.i].tok, sc: sc.proxyScope}
		rt.url = rt.keyword + 1
		_, authority, _, dynamic := proxyTarget(rt.f.text(rt.f.toks[rt.url]))
		rt.up = w.upstreamNamed(authority, dynamic)
		if srv != nil {
			rt.listener = srv.listener
		}
		w.routes = append(w.routes, rt)
	}
	var around *proxyScope // sc for the upstream blocks, copied once
	for i := start; i < stop; i++ {
		r := w.buf[i]
		f := r.ch.f
		d := f.dirs[r.i]
		if !d.block {
			continue
		}
		if w.tooDeep(f, d, depth+1) {
			continue
		}
		k := d.kind
		switch {
		case k == kHTTP && top:
			w.block(levelHTTP, sc, r.ch, r.i+1, d.end, nil, depth+1, false)
		case k == kServer && lv == levelHTTP:
			// Server blocks do not nest, so one serverBlock serves them all in turn.
			w.server = serverBlock{f: f, keyword: d.tok}
			w.block(levelServer, sc, r.ch, r.i+1, d.end, &w.server, depth+1, false)
		case k == kUpstream && lv == levelHTTP:
			if around == nil {
				c := sc.proxyScope
				around = &c
			}
			w.upstream(around, r.ch, r.i, depth+1)
		case k == kMap && lv == levelHTTP:
			w.mapBlock(f, r.i)
		case k == kLocation:
			w.block(levelLocation, sc, r.ch, r.i+1, d.end, srv, depth+1, false)
		case k == kIf && lv != levelHTTP:
			w.block(levelIf, sc, r.ch, r.i+1, d.end, srv, depth+1, false)
		case k == kLimitExcept && lv != levelHTTP:
			w.block(levelLimitExcept, sc, r.ch, r.i+1, d.end, srv, depth+1, false)
		}
	}
	w.buf = w.buf[:start]
}

// argCount reports whether d has between lo and hi arguments, and reports it if not.
func (w *walker) argCount(f *file, d directive, lo, hi int) bool {
	n := int(d.nargs)
	if n >= lo && n <= hi {
		return true
	}
	name := f.text(f.toks[d.tok])
	want := strconv.Itoa(lo)
	if hi > lo {
		want += " or " + strconv.Itoa(hi)
	}
	w.diag(graph.ParseError, f.posOf(d.tok), fmt.Sprintf("%s takes %s value(s), got %d", name, want, n))
	return false
}

// setting records a timeout or switch written in an http, server or location block.
func (w *walker) setting(sc *scope, lv level, f *file, d directive) {
	switch d.kind {
	case kKeepaliveTimeout:
		if !w.argCount(f, d, 1, 2) {
			return
		}
		v, ok := w.duration(sc, lv, f, d, 0)
		if !ok {
			return
		}
		sc.keepaliveTimeout, sc.keepaliveHeader = v, value{}
		if d.nargs == 2 {
			if h, ok := w.duration(sc, lv, f, d, 1); ok {
				sc.keepaliveHeader = h
			}
		}
	case kClientHeaderTimeout:
		if v, ok := w.durationArg(sc, lv, f, d); ok {
			sc.clientHeaderTimeout = v
		}
	case kProxyReadTimeout:
		if v, ok := w.durationArg(sc, lv, f, d); ok {
			sc.proxyReadTimeout = v
		}
	case kProxyConnectTimeout:
		if v, ok := w.durationArg(sc, lv, f, d); ok {
			sc.proxyConnectTimeout = v
		}
	case kProxyNextUpstreamTimeout:
		if v, ok := w.durationArg(sc, lv, f, d); ok {
			sc.nextUpstreamTimeout = v
		}
	case kProxyNextUpstreamTries:
		if n, ok := w.count(f, d); ok {
			sc.nextUpstreamTries = value{f: f, tok: d.tok + 1, depth: sc.depth, level: lv, n: int32(min(n, math.MaxInt32))}
		}
	case kProxyNextUpstream:
		if w.nextUpstream(f, d) {
			sc.nextUpstream = value{f: f, tok: d.tok + 1, depth: sc.depth, level: lv, n: d.nargs}
		}
	case kKeepaliveTime, kProxySendTimeout, kClientBodyTimeout, kSendTimeout:
		w.durationArg(sc, lv, f, d)
	case kKeepaliveRequests:
		w.count(f, d)
	case kProxyHTTPVersion:
		if !w.argCount(f, d, 1, 1) {
			return
		}
		t := f.toks[d.tok+1]
		switch text := f.text(t); text {
		case "1.0", "1.1", "2":
			sc.proxyHTTPVersion = value{f: f, tok: d.tok + 1, depth: sc.depth, level: lv}
			if text == "1.0" {
				sc.proxyHTTPVersion.n = 1
			}
		default:
			w.diag(graph.ParseError, f.pos(t), fmt.Sprintf("proxy_http_version %q: expected 1.0, 1.1 or 2", f.text(t)))
		}
	case kProxySocketKeepalive:
		if !w.argCount(f, d, 1, 1) {
			return
		}
		t := f.toks[d.tok+1]
		switch f.text(t) {
		case "on", "off":
			sc.proxySocketKeepalive = value{f: f, tok: d.tok + 1, depth: sc.depth, level: lv}
		default:
			w.diag(graph.ParseError, f.pos(t), fmt.Sprintf("proxy_socket_keepalive %q: expected on or off", f.text(t)))
		}
	}
}

func (w *walker) setHeader(sc *scope, lv level, f *file, d directive) {
	if !w.argCount(f, d, 2, 2) {
		return
	}
	if strings.EqualFold(f.text(f.toks[d.tok+1]), "connection") {
		mode := classifyConnection(f.text(f.toks[d.tok+2]))
		sc.connectionHeader = value{f: f, tok: d.tok + 2, depth: sc.depth, level: lv, n: int32(mode)}
	}
}

func (w *walker) durationArg(sc *scope, lv level, f *file, d directive) (value, bool) {
	if !w.argCount(f, d, 1, 1) {
		return value{}, false
	}
	return w.duration(sc, lv, f, d, 0)
}

// duration reads argument n of d as an nginx time; an invalid one is reported at the
// value and leaves the setting as it was.
func (w *walker) duration(sc *scope, lv level, f *file, d directive, n int32) (value, bool) {
	t := f.toks[d.tok+1+n]
	text := f.text(t)
	dur, err := timeSyntax.ParseDuration(text)
	if err != nil {
		w.diag(graph.ParseError, f.pos(t), fmt.Sprintf("%s %q: %v", f.text(f.toks[d.tok]), text, err))
		return value{}, false
	}
	return value{f: f, tok: d.tok + 1 + n, depth: sc.depth, level: lv, dur: dur}, true
}

// count reads a whole-number argument (a number of requests or tries).
func (w *walker) count(f *file, d directive) (int, bool) {
	if !w.argCount(f, d, 1, 1) {
		return 0, false
	}
	t := f.toks[d.tok+1]
	n, err := strconv.Atoi(f.text(t))
	if err != nil || n < 0 {
		w.diag(graph.ParseError, f.pos(t), fmt.Sprintf("%s %q: expected a whole number", f.text(f.toks[d.tok]), f.text(t)))
		return 0, false
	}
	return n, true
}

// nextUpstream checks proxy_next_upstream's conditions.
func (w *walker) nextUpstream(f *file, d directive) bool {
	if !w.argCount(f, d, 1, 16) {
		return false
	}
	for i := int32(1); i <= d.nargs; i++ {
		t := f.toks[d.tok+i]
		switch f.text(t) {
		case "error", "timeout", "invalid_header", "http_500", "http_502", "http_503", "http_504",
			"http_403", "http_404", "http_429", "non_idempotent", "off":
		default:
			w.diag(graph.ParseError, f.pos(t), fmt.Sprintf("proxy_next_upstream %q: expected error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, http_429, non_idempotent or off", f.text(t)))
			return false
		}
	}
	return true
}

// durationSetting turns what was written (or not) into a setting with its provenance.
// owner is the depth of the block the setting belongs to: a value from an enclosing block
// is inherited; an unset one is nginx's default, relied on by the block at def.
func (w *walker) durationSetting(v value, owner int32, key, catalogue string, def graph.Pos) graph.DurationSetting {
	if !v.set() {
		s, ok := w.defaults[catalogue]
		if !ok {
			s, _ = graph.DefaultDuration("nginx", w.opts.Version, catalogue, def)
			w.defaults[catalogue] = s
		}
		s.Pos = def
		return s
	}
	s := graph.DurationSetting{Value: graph.Dur(v.dur), Origin: graph.Explicit, Key: key}
	w.provenance(v, owner, &s.Origin, &s.Pos, &s.Raw, &s.Note)
	if isBare(s.Raw) {
		s.BareUnit = time.Second
	}
	return s
}

func (w *walker) provenance(v value, owner int32, origin *graph.Origin, pos *graph.Pos, raw, note *string) {
	t := v.f.toks[v.tok]
	*origin, *pos, *raw = graph.Explicit, v.f.pos(t), v.f.text(t)
	if v.depth < owner {
		*origin = graph.Inherited
		*note = inheritedNote[v.level]
	}
}

func isBare(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// batch hands out values from slices allocated in batches that double up to 64, each
// filled field by field (no copy of a whole literal): large configurations have thousands
// of servers and upstreams, most files one or two (a fixed 64 was a third of the heap on
// 100k files).
type batch[T any] struct {
	free  []T
	taken int
}

func (b *batch[T]) next() *T {
	if len(b.free) == 0 {
		b.free = make([]T, min(64, max(1, b.taken)))
	}
	b.taken++
	v := &b.free[0]
	b.free = b.free[1:]
	return v
}

// serverBlock collects a `server { ... }` while its settings are read.
type serverBlock struct {
	f       *file
	keyword int32
	addrs   []graph.Address
	names   []string
	// firstName and firstListen name the listener in messages.
	firstName, firstListen string
	listens                int
	listener               *graph.Listener
}

func (s *serverBlock) listen(w *walker, f *file, d directive) {
	if !w.argCount(f, d, 1, 64) {
		return
	}
	s.listens++
	t := f.toks[d.tok+1]
	text := f.text(t)
	if s.firstListen == "" {
		s.firstListen = text
	}
	if strings.HasPrefix(text, "unix:") {
		return
	}
	a, err := graph.ParseAddress(text, 80)
	if err != nil {
		w.diag(graph.ParseError, f.pos(t), "listen: "+err.Error())
		return
	}
	a.Pos = f.pos(t)
	s.addrs = append(s.addrs, a)
}

// serverName keeps the exact names, which links can match; regular expressions and
// wildcards are left out.
func (s *serverBlock) serverName(f *file, d directive) {
	for i, t := range f.args(d) {
		name := f.text(t)
		if i == 0 && s.firstName == "" {
			s.firstName = name
		}
		if name == "" || name == "_" || strings.HasPrefix(name, "~") || strings.HasPrefix(name, "*") ||
			strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".*") || strings.ContainsAny(name, "$*") {
			continue
		}
		name = strings.ToLower(strings.TrimSuffix(name, "."))
		if !slices.Contains(s.names, name) {
			s.names = append(s.names, name)
		}
	}
}

func (w *walker) listener(s *serverBlock, sc *scope) *graph.Listener {
	at := s.f.posOf(s.keyword)
	l := w.listeners.next()
	l.Hop, l.Pos, l.Addrs, l.Names = w.hop, at, s.addrs, s.names
	if s.listens == 0 {
		l.Addrs = []graph.Address{{Pos: at, Port: 80,
			PortNote: "no listen directive: nginx listens on *:80 (*:8000 when not started as root)"}}
		s.firstListen = "*:80"
	}
	l.Name = "server " + cmp.Or(s.firstName, s.firstListen)
	l.Idle = w.durationSetting(sc.keepaliveTimeout, sc.depth, "keepalive_timeout", graph.ListenerIdle, at)
	l.Request = w.durationSetting(sc.clientHeaderTimeout, sc.depth, "client_header_timeout", graph.ListenerRequest, at)
	if sc.keepaliveHeader.set() {
		l.KeepAliveHeader = w.durationSetting(sc.keepaliveHeader, sc.depth, "keepalive_timeout", "", at)
	}
	w.hop.Listeners = append(w.hop.Listeners, l)
	return l
}

// upstream reads an `upstream name { ... }` block.
func (w *walker) upstream(sc *proxyScope, ch *chain, i int32, depth int) {
	f := ch.f
	d := f.dirs[i]
	if !w.argCount(f, d, 1, 1) {
		return
	}
	name := f.text(f.toks[d.tok+1])
	key := strings.ToLower(name)
	if prev, dup := w.byName[key]; dup {
		w.diag(graph.ParseError, f.posOf(d.tok+1), fmt.Sprintf("duplicate upstream %q (first defined at %s); this one is ignored",
			name, prev.f.posOf(prev.nameTok)))
		return
	}
	up := w.upstreamMem.next()
	up.name, up.f, up.keyword, up.nameTok, up.http = name, f, d.tok, d.tok+1, sc
	w.byName[key] = up
	w.upstreams = append(w.upstreams, up)
	start := len(w.buf)
	w.flatten(ch, i+1, d.end, depth)
	servers := 0
	for _, r := range w.buf[start:] {
		if r.ch.f.dirs[r.i].kind == kServer {
			servers++
		}
	}
	up.targets = slices.Grow(up.targets, servers)
	own := scope{proxyScope: proxyScope{depth: int32(depth)}}
	for j := start; j < len(w.buf); j++ {
		r := w.buf[j]
		rf := r.ch.f
		cd := rf.dirs[r.i]
		if cd.block {
			continue
		}
		switch cd.kind {
		case kServer:
			w.upstreamServer(up, rf, cd)
		case kKeepalive:
			if !w.argCount(rf, cd, 1, 2) {
				continue
			}
			t := rf.toks[cd.tok+1]
			n, err := strconv.Atoi(rf.text(t))
			if err != nil || n < 0 {
				w.diag(graph.ParseError, rf.pos(t), fmt.Sprintf("keepalive %q: expected the number of idle connections to keep", rf.text(t)))
				continue
			}
			up.keepalive = value{f: rf, tok: cd.tok + 1, depth: own.depth}
			up.keepN = n
		case kKeepaliveTimeout:
			if v, ok := w.durationArg(&own, levelHTTP, rf, cd); ok {
				up.idle = v
			}
		case kKeepaliveTime:
			w.durationArg(&own, levelHTTP, rf, cd)
		case kKeepaliveRequests:
			w.count(rf, cd)
		}
	}
	w.buf = w.buf[:start]
}

func (w *walker) upstreamServer(up *upstreamBlock, f *file, d directive) {
	if !w.argCount(f, d, 1, 64) {
		return
	}
	t := f.toks[d.tok+1]
	text := f.text(t)
	if strings.HasPrefix(text, "unix:") {
		return
	}
	a, err := graph.ParseAddress(text, 80)
	if err != nil {
		w.diag(graph.ParseError, f.pos(t), "upstream "+up.name+": server "+err.Error())
		return
	}
	a.Pos = f.pos(t)
	up.targets = append(up.targets, a)
}

func (w *walker) mapBlock(f *file, i int32) {
	d := f.dirs[i]
	if !d.block || d.nargs != 2 {
		return
	}
	m := mapBlock{f: f, keyword: d.tok, source: f.text(f.toks[d.tok+1]), empty: -1, fallback: -1}
	for j := i + 1; j < d.end; j = f.dirs[j].end {
		e := f.dirs[j]
		if e.block || e.nargs != 1 {
			continue
		}
		key := f.toks[e.tok]
		switch {
		case key.kind == tokWord && f.is(key, "default"):
			m.fallback = e.tok + 1
		case f.text(key) == "":
			m.empty = e.tok + 1
		}
	}
	w.maps[f.text(f.toks[d.tok+2])] = m
}
