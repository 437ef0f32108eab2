package haproxy

import (
	"slices"
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// Parse reads the HAProxy configuration file rel into one proxy hop: a listener per
// frontend and listen section, a pool per backend and listen section, and the routes
// between them. Problems become diagnostics; Parse never fails.
func Parse(t *input.Tree, rel string, opts input.Options) *graph.Fragment {
	data, err := t.ReadFile(rel)
	if err != nil {
		return t.Unreadable(rel, "HAProxy configuration", err)
	}
	return parse(data, rel, t.Display(rel), opts)
}

// parse is Parse on bytes already read; display is the file name printed to users.
func parse(data []byte, rel, display string, opts input.Options) *graph.Fragment {
	p := &parser{s: newScanner(input.Text(data), display), version: opts.Version}
	p.read()
	hop := &graph.Hop{
		ID:       rel,
		Kind:     graph.Proxy,
		Software: "haproxy",
		Version:  opts.Version,
		Pos:      graph.Pos{File: display, Line: 1, Col: 1},
		Files:    []string{rel},
	}
	b := &builder{p: p, hop: hop}
	b.build()
	return &graph.Fragment{Files: []string{rel}, Hops: []*graph.Hop{hop}, Diags: sortDiags(p.s.diags)}
}

// sortDiags orders diagnostics by position and drops exact repeats (an inherited value
// is checked once per section that inherits it).
func sortDiags(d []graph.Diagnostic) []graph.Diagnostic {
	slices.SortStableFunc(d, func(a, b graph.Diagnostic) int {
		switch {
		case a.Pos.Less(b.Pos):
			return -1
		case b.Pos.Less(a.Pos):
			return 1
		}
		return strings.Compare(a.Message, b.Message)
	})
	return slices.Compact(d)
}

type proxyKind uint8

const (
	kindDefaults proxyKind = iota
	kindFrontend
	kindBackend
	kindListen
)

var kindNames = [...]string{"defaults", "frontend", "backend", "listen"}

// sectionKind returns the kind of the proxy section a keyword starts. A switch, not a
// map: it runs on every line.
func sectionKind(kw string) (proxyKind, bool) {
	switch kw {
	case "defaults":
		return kindDefaults, true
	case "frontend":
		return kindFrontend, true
	case "backend":
		return kindBackend, true
	case "listen":
		return kindListen, true
	}
	return 0, false
}

// isOtherSection reports the keywords that start sections whose content does not
// describe proxies; their lines (a ring's or a peers section's "server", a log-forward's
// "bind") are skipped.
func isOtherSection(kw string) bool {
	switch kw {
	case "global", "userlist", "peers", "resolvers", "mailers",
		"program", "http-errors", "ring", "cache", "log-forward",
		"fcgi-app", "crt-store", "traces", "acme", "log-profile",
		"namespace_list", "dynamic-update", "spoe-agent", "spoe-message",
		"spoe-group":
		return true
	}
	return false
}

// Timeouts read from proxies (configuration.txt section 4.2 "timeout").
const (
	tClient = iota
	tServer
	tConnect
	tHTTPKeepAlive
	tHTTPRequest
	tTunnel
	tClientFin
	tServerFin
	tQueue
	numTimeouts
)

var timeoutNames = [numTimeouts]string{
	"client", "server", "connect", "http-keep-alive", "http-request", "tunnel", "client-fin", "server-fin", "queue",
}

// timeoutKeys are the timeouts' keywords as messages name them.
var timeoutKeys = func() (keys [numTimeouts]string) {
	for i, n := range timeoutNames {
		keys[i] = "timeout " + n
	}
	return keys
}()

func timeoutIndex(name string) int {
	for i, n := range timeoutNames {
		if n == name {
			return i
		}
	}
	return -1
}

// Connection modes of option http-keep-alive, http-server-close and httpclose.
const (
	keepAlive   = "keep-alive"
	serverClose = "server-close"
	closeBoth   = "close"
)

// choice is a keyword setting with a word value (mode, http-reuse, connection mode).
type choice struct {
	set   bool
	value string
	// key is the keyword as written ("option httpclose", "mode").
	key string
	raw string
	pos graph.Pos
}

// ref names a backend (default_backend, use_backend) at the position of the name.
type ref struct {
	key  string
	name string
	pos  graph.Pos
}

// server is one server line; purge is its pool-purge-delay (nil = none), from the line
// itself or the default-server in effect when it was declared, and purgeFrom the section
// that wrote it. Its address, when fixed, is among the section's targets.
type server struct {
	name      string
	purge     *timeValue
	purgeFrom *proxy
}

// proxy is one defaults, frontend, backend or listen section.
type proxy struct {
	kind    proxyKind
	name    string
	kwPos   graph.Pos
	namePos graph.Pos
	// defaults is the section this one takes its initial settings from (nil = none).
	defaults *proxy

	// timeouts and the settings below are those set in this section (nil = not set
	// here): pointers, as most sections set few of them and files can hold thousands.
	timeouts       [numTimeouts]*timeValue
	mode           *choice
	connMode       *choice
	reuse          *choice
	retries        *choice
	retryOn        *choice
	srvTCPKA       *choice
	srvTCPKAIdle   *timeValue
	defaultPurge   *timeValue
	defaultBackend ref

	useBackends []ref
	binds       []graph.Address
	servers     []server
	// targets are the fixed addresses of the servers, in their order.
	targets []graph.Address

	// Set by the builder: the section's listener and pool, and the frontend and listen
	// sections routing to it, in the order of their routes.
	listener   *graph.Listener
	pool       *graph.Pool
	routedFrom []*proxy
}

// label names the section in messages: `defaults "web"`, `frontend "api"`, or "the
// unnamed defaults section".
func (px *proxy) label() string {
	if px.name == "" {
		return "the unnamed " + kindNames[px.kind] + " section"
	}
	return kindNames[px.kind] + " " + px.name
}

// lookupTime finds a time value in the section or the defaults it inherits from, and
// returns the section that wrote it; nil when none did.
func (px *proxy) lookupTime(get func(*proxy) *timeValue) (*timeValue, *proxy) {
	for q := px; q != nil; q = q.defaults {
		if v := get(q); v != nil {
			return v, q
		}
	}
	return nil, nil
}

func (px *proxy) lookupChoice(get func(*proxy) *choice) (choice, *proxy) {
	for q := px; q != nil; q = q.defaults {
		if v := get(q); v != nil {
			return *v, q
		}
	}
	return choice{}, nil
}

func (px *proxy) timeout(i int) (timeValue, *proxy) {
	for q := px; q != nil; q = q.defaults {
		if v := q.timeouts[i]; v != nil {
			return *v, q
		}
	}
	return timeValue{}, nil
}

// isHTTP reports whether the section runs in mode http; HAProxy's default is tcp.
func (px *proxy) isHTTP() bool {
	m, _ := px.lookupChoice(func(q *proxy) *choice { return q.mode })
	return m.value == "http"
}

func (px *proxy) effectiveConnMode() (choice, *proxy) {
	return px.lookupChoice(func(q *proxy) *choice { return q.connMode })
}

type parser struct {
	s       *scanner
	version string
	proxies []*proxy
	// lastDefaults is the defaults section a new section inherits from without "from".
	lastDefaults *proxy
	// servers and targets collect the servers of the current section and their fixed
	// addresses. endSection moves them into the arenas, whose arrays hold those of many
	// sections: files with thousands of backends allocate a few arrays, not thousands.
	servers     []server
	targets     []graph.Address
	serverArena []server
	targetArena []graph.Address
	// proxyArena and timeArena hold the sections and their timeouts, which
	// files have thousands of.
	proxyArena []proxy
	timeArena  []timeValue
}

// read parses every line into sections.
func (p *parser) read() {
	var cur *proxy
	for p.s.next() {
		w := p.s.words
		if kind, ok := sectionKind(w[0].text); ok {
			p.endSection(cur)
			cur = p.section(kind, w)
			continue
		}
		if isOtherSection(w[0].text) {
			p.endSection(cur)
			cur = nil
			continue
		}
		if cur != nil {
			p.keyword(cur, w)
		}
	}
	p.endSection(cur)
}

// endSection gives the section px (nil = none) its servers and targets.
func (p *parser) endSection(px *proxy) {
	if px != nil {
		px.servers = carve(&p.serverArena, p.servers)
		px.targets = carve(&p.targetArena, p.targets)
	}
	p.servers, p.targets = p.servers[:0], p.targets[:0]
}

// carve copies run to the free end of the arena's array, or of a new one twice as large
// (up to 1024 values) when it does not fit. The copy is nil when run is empty, and its
// capacity is cut so that an append to it cannot write into what follows.
func carve[T any](arena *[]T, run []T) []T {
	if len(run) == 0 {
		return nil
	}
	if len(*arena)+len(run) > cap(*arena) {
		*arena = make([]T, 0, max(len(run), min(2*cap(*arena), 1024)))
	}
	start := len(*arena)
	*arena = append(*arena, run...)
	return (*arena)[start:len(*arena):len(*arena)]
}

// section starts a proxy section: "frontend NAME [from DEFAULTS]", "defaults [NAME]
// [from DEFAULTS]". It returns nil (the section is skipped) when it is unusable.
func (p *parser) section(kind proxyKind, w []word) *proxy {
	px := alloc(&p.proxyArena)
	px.kind, px.kwPos, px.namePos = kind, w[0].pos, w[0].pos
	args := w[1:]
	if len(args) > 0 && (kind != kindDefaults || args[0].text != "from") {
		px.name, px.namePos = args[0].text, args[0].pos
		args = args[1:]
	}
	if px.name == "" && kind != kindDefaults {
		p.s.errorf(w[0].pos, "%s needs a name: its lines are ignored", kindNames[kind])
		return nil
	}
	px.defaults = p.lastDefaults
	if len(args) > 0 && args[0].text == "from" {
		switch {
		case len(args) < 2:
			p.s.errorf(args[0].pos, "from needs the name of a defaults section")
		default:
			px.defaults = p.findDefaults(args[1])
		}
	} else if kind == kindDefaults {
		// A defaults section without "from" resets every setting to HAProxy's defaults.
		px.defaults = nil
	}
	if kind == kindDefaults {
		p.lastDefaults = px
	}
	p.proxies = append(p.proxies, px)
	return px
}

// findDefaults finds the last defaults section above with that name.
func (p *parser) findDefaults(name word) *proxy {
	for i := len(p.proxies) - 1; i >= 0; i-- {
		if q := p.proxies[i]; q.kind == kindDefaults && q.name == name.text {
			return q
		}
	}
	p.s.errorf(name.pos, "from %s: no defaults section named %s above this line", name.text, name.text)
	return nil
}

// keyword reads one line of a proxy section. Keywords that do not matter for timeouts
// are ignored, and so are keywords in sections where HAProxy does not accept them.
func (p *parser) keyword(px *proxy, w []word) {
	kw := w[0].text
	switch kw {
	case "mode":
		p.mode(px, w)
	case "timeout":
		p.timeout(px, w)
	case "option":
		p.option(px, w, false)
	case "no":
		if len(w) > 1 && w[1].text == "option" {
			p.option(px, w[1:], true)
		}
	case "http-reuse":
		if px.kind != kindFrontend {
			p.httpReuse(px, w)
		}
	case "retries":
		if px.kind != kindFrontend {
			p.retries(px, w)
		}
	case "retry-on":
		if px.kind != kindFrontend {
			p.retryOn(px, w)
		}
	case "srvtcpka-idle":
		if px.kind != kindFrontend {
			if v, ok := p.timeArg(kw, w, secondsSyntax, false); ok {
				px.srvTCPKAIdle = &v
			}
		}
	case "default-server":
		if px.kind != kindFrontend {
			if v, ok := p.purgeParam(w[1:]); ok {
				px.defaultPurge = &v
			}
		}
	case "server":
		if px.kind == kindBackend || px.kind == kindListen {
			p.server(px, w, 2)
		}
	case "server-template":
		if px.kind == kindBackend || px.kind == kindListen {
			p.server(px, w, 3)
		}
	case "bind":
		if px.kind == kindFrontend || px.kind == kindListen {
			if len(w) < 2 {
				p.s.errorf(w[0].pos, "bind needs an address")
				return
			}
			px.binds = append(px.binds, p.bindAddrs(w[1])...)
		}
	case "default_backend":
		if px.kind != kindBackend {
			if r, ok := p.backendRef(w); ok {
				px.defaultBackend = r
			}
		}
	case "use_backend":
		if px.kind == kindFrontend || px.kind == kindListen {
			if r, ok := p.backendRef(w); ok {
				px.useBackends = append(px.useBackends, r)
			}
		}
	}
}

func (p *parser) mode(px *proxy, w []word) {
	if len(w) < 2 {
		p.s.errorf(w[0].pos, "mode needs a value: http or tcp")
		return
	}
	switch v := w[1].text; v {
	case "http", "tcp", "log", "spop", "health":
		px.mode = &choice{set: true, value: v, key: "mode", raw: w[1].raw, pos: w[1].pos}
	default:
		p.s.errorf(w[1].pos, "mode %s: expected http or tcp", v)
	}
}

func (p *parser) timeout(px *proxy, w []word) {
	if len(w) < 2 {
		p.s.errorf(w[0].pos, "timeout needs an event and a value, as in: timeout client 30s")
		return
	}
	i := timeoutIndex(w[1].text)
	if i < 0 {
		return // timeouts that do not bear on idle or request times (check, tarpit ...)
	}
	if v, ok := p.timeArg(timeoutKeys[i], w[1:], timeSyntax, true); ok {
		px.timeouts[i] = alloc(&p.timeArena)
		*px.timeouts[i] = v
	}
}

// timeArg reads the single time value after the keyword w[0]; name is the setting as
// messages call it ("timeout client").
func (p *parser) timeArg(name string, w []word, syntax graph.Syntax, zeroIsNone bool) (timeValue, bool) {
	if len(w) < 2 {
		p.s.errorf(w[0].pos, "%s needs a time value, as in: %s 30s", name, name)
		return timeValue{}, false
	}
	if len(w) > 2 {
		p.s.errorf(w[2].pos, "%s: unexpected extra argument %q after %q", name, w[2].text, w[1].text)
		return timeValue{}, false
	}
	v, err := parseTime(w[1], syntax, zeroIsNone)
	if err != nil {
		p.s.errorf(w[1].pos, "%s: %v", name, err)
		return timeValue{}, false
	}
	return v, true
}

// option reads the options that decide whether connections are kept alive. w starts at
// the word "option"; negated is set for "no option".
func (p *parser) option(px *proxy, w []word, negated bool) {
	if len(w) < 2 {
		return
	}
	name := w[1]
	set := func(c **choice, value string) {
		key := "option " + name.text
		if negated {
			key = "no " + key
		}
		*c = &choice{set: true, value: value, key: key, raw: name.raw, pos: name.pos}
	}
	switch name.text {
	case "http-keep-alive", "http-server-close", "httpclose", "forceclose":
		mode := connModes[name.text]
		if name.text == "forceclose" && graph.CompareVersions(p.version, "2.0") >= 0 {
			p.s.errorf(name.pos, "option forceclose was removed in HAProxy 2.0, which refuses to start with it: use option httpclose")
		}
		if !negated {
			set(&px.connMode, mode)
			return
		}
		// "no option X" returns to keep-alive only when X is the mode in effect.
		if cur, _ := px.effectiveConnMode(); cur.value == mode {
			set(&px.connMode, keepAlive)
		}
	case "srvtcpka", "tcpka":
		if negated {
			set(&px.srvTCPKA, "off")
		} else {
			set(&px.srvTCPKA, "on")
		}
	}
}

// connModes maps the connection options to the mode they select; forceclose is what
// HAProxy before 2.0 called httpclose.
var connModes = map[string]string{
	"http-keep-alive": keepAlive, "http-server-close": serverClose, "httpclose": closeBoth, "forceclose": closeBoth,
}

func (p *parser) httpReuse(px *proxy, w []word) {
	if len(w) < 2 {
		p.s.errorf(w[0].pos, "http-reuse needs a value: never, safe, aggressive or always")
		return
	}
	switch v := w[1].text; v {
	case "never", "safe", "aggressive", "always":
		px.reuse = &choice{set: true, value: v, key: "http-reuse", raw: w[1].raw, pos: w[1].pos}
	default:
		p.s.errorf(w[1].pos, "http-reuse %s: expected never, safe, aggressive or always", v)
	}
}

// retries reads "retries <count>"; the count is kept as written in raw.
func (p *parser) retries(px *proxy, w []word) {
	if len(w) < 2 {
		p.s.errorf(w[0].pos, "retries needs a number")
		return
	}
	if n, err := strconv.Atoi(w[1].text); err != nil || n < 0 {
		p.s.errorf(w[1].pos, "retries %s: expected a whole number", w[1].text)
		return
	}
	px.retries = &choice{set: true, value: w[1].text, key: "retries", raw: w[1].raw, pos: w[1].pos}
}

// retryOn reads "retry-on <keywords>"; value holds the keywords separated by spaces.
func (p *parser) retryOn(px *proxy, w []word) {
	if len(w) < 2 {
		p.s.errorf(w[0].pos, "retry-on needs at least one keyword")
		return
	}
	conds := make([]string, 0, len(w)-1)
	for _, k := range w[1:] {
		switch k.text {
		case "none", "conn-failure", "empty-response", "junk-response", "response-timeout", "0rtt-rejected", "all-retryable-errors",
			"401", "403", "404", "408", "425", "500", "501", "502", "503", "504":
			conds = append(conds, k.text)
		default:
			p.s.errorf(k.pos, "retry-on %s: expected none, conn-failure, empty-response, junk-response, response-timeout, 0rtt-rejected, all-retryable-errors or a status code (401, 403, 404, 408, 425, 500-504)", k.text)
			return
		}
	}
	v := strings.Join(conds, " ")
	px.retryOn = &choice{set: true, value: v, key: "retry-on", raw: v, pos: w[1].pos}
}

// purgeParam finds "pool-purge-delay <time>" among server or default-server
// parameters.
func (p *parser) purgeParam(params []word) (timeValue, bool) {
	for i, w := range params {
		if w.text != "pool-purge-delay" {
			continue
		}
		end := min(i+2, len(params))
		return p.timeArg("pool-purge-delay", params[i:end], timeSyntax, false)
	}
	return timeValue{}, false
}

// server reads "server NAME ADDRESS [params]" (addrAt 2) or "server-template PREFIX
// NUM ADDRESS [params]" (addrAt 3).
func (p *parser) server(px *proxy, w []word, addrAt int) {
	if len(w) <= addrAt {
		p.s.errorf(w[0].pos, "%s needs a name and an address", w[0].text)
		return
	}
	srv := server{name: w[1].text}
	if v, ok := p.purgeParam(w[addrAt+1:]); ok {
		purge := v // allocated here, for the few servers with their own delay
		srv.purge, srv.purgeFrom = &purge, px
	} else {
		srv.purge, srv.purgeFrom = px.lookupTime(func(q *proxy) *timeValue { return q.defaultPurge })
	}
	if a, ok := p.serverAddr(w[addrAt]); ok {
		p.targets = append(p.targets, a)
	}
	p.servers = append(p.servers, srv)
}

// backendRef reads the backend named by default_backend or use_backend. A name built
// at run time from a sample expression (%[...]) or an environment variable cannot be
// resolved and is ignored.
func (p *parser) backendRef(w []word) (ref, bool) {
	if len(w) < 2 {
		p.s.errorf(w[0].pos, "%s needs a backend name", w[0].text)
		return ref{}, false
	}
	name := w[1]
	if strings.Contains(name.text, "%[") || strings.IndexByte(name.text, '$') >= 0 {
		return ref{}, false
	}
	return ref{key: w[0].text, name: name.text, pos: name.pos}, true
}
