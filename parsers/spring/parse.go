package spring

import (
	"errors"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// reactorNettyPoolDocs is where Reactor Netty documents its connection pool defaults.
const reactorNettyPoolDocs = "https://projectreactor.io/docs/netty/release/reference/http-client.html"

// Parse reads the Spring Boot configuration file rel into one hop: a server (a proxy when
// it configures Spring Cloud Gateway) with the embedded web server's listener and a pool
// for each HTTP client or data source it configures. opts.Profile picks the profile whose
// documents apply on top of the base ones. Problems become diagnostics; Parse never fails.
func Parse(t *input.Tree, rel string, opts input.Options) *graph.Fragment {
	// application-prod.yml applies only when the prod profile is active; without that
	// check every profile file would become another hop listening on the same port.
	if p := fileProfile(rel); p != "" && p != opts.Profile {
		return &graph.Fragment{Files: []string{rel}}
	}
	data, err := t.ReadFile(rel)
	if err != nil {
		return t.Unreadable(rel, "Spring configuration", err)
	}
	return parse(data, rel, t.Display(rel), opts)
}

// parse is Parse on bytes already read; display is the file name printed to users.
func parse(data []byte, rel, display string, opts input.Options) *graph.Fragment {
	src := yamlsrc.New(display, data)
	var docs []document
	var diags []graph.Diagnostic
	if path.Ext(rel) == ".properties" {
		docs, diags = readProperties(src)
	} else {
		docs, diags = readYAML(src)
	}
	p, mdiags := merge(docs, activeProfiles(opts.Profile))
	b := &builder{src: src, p: p, version: opts.Version, diags: append(diags, mdiags...)}
	hop := b.build(rel)
	slices.SortStableFunc(b.diags, func(x, y graph.Diagnostic) int { return x.Pos.Compare(y.Pos) })
	return &graph.Fragment{Files: []string{rel}, Hops: []*graph.Hop{hop}, Diags: b.diags}
}

type builder struct {
	src     *yamlsrc.Source
	p       *props
	version string
	diags   []graph.Diagnostic
	hop     *graph.Hop
}

func (b *builder) errorAt(at graph.Pos, msg string) {
	b.diags = append(b.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: at, Message: msg})
}

// unit says how a property's Java type reads its text.
type unit int

const (
	// javaDuration is a java.time.Duration without @DurationUnit: a bare number is ms.
	javaDuration unit = iota
	// millisNumber is an Integer or long counting milliseconds.
	millisNumber
)

// rules for special values of one property.
type rules struct {
	unit unit
	// negativeNone: a negative value (Tomcat's -1) means no timeout.
	negativeNone bool
	// zeroNone: 0 means no timeout (HikariCP idleTimeout, maxLifetime).
	zeroNone bool
	// why explains the special value in the setting's note.
	why string
}

// value resolves ${...} placeholders in an entry as Spring does: ${name} takes the
// property name from this file (the merged documents), else its default (${VAR:30s});
// the note says where the value came from. A placeholder with neither is unknown.
func (b *builder) value(e entry) (text, note string, ok bool) {
	text = e.value
	var notes []string
	// Each round replaces the first placeholder; the bound stops self-references.
	for range 32 {
		i := strings.Index(text, "${")
		if i < 0 {
			break
		}
		end, colon := -1, -1
		depth := 0
		for j := i + 2; j < len(text) && end < 0; j++ {
			switch {
			case strings.HasPrefix(text[j:], "${"):
				depth++
				j++
			case text[j] == '}' && depth > 0:
				depth--
			case text[j] == '}':
				end = j
			case text[j] == ':' && depth == 0 && colon < 0:
				colon = j
			}
		}
		if end < 0 {
			return "", "", false
		}
		nameEnd := end
		if colon >= 0 {
			nameEnd = colon
		}
		name := text[i+2 : nameEnd]
		var repl string
		if ref, found := b.p.get(uniformKey(name)); found && name != "" {
			repl = ref.value
			notes = append(notes, "from ${"+name+"} at "+ref.pos.String())
		} else if colon >= 0 {
			repl = text[colon+1 : end]
			notes = append(notes, "from the default of ${"+name+"}")
		} else {
			return "", "", false
		}
		text = text[:i] + repl + text[end+1:]
	}
	if strings.Contains(text, "${") {
		return "", "", false
	}
	return text, strings.Join(notes, "; "), true
}

// duration reads one timeout property, or returns false when it is not set, cannot be
// known (a placeholder without default) or is invalid (reported).
func (b *builder) duration(uniform string, r rules) (graph.DurationSetting, bool) {
	e, ok := b.p.get(uniform)
	if !ok {
		return graph.DurationSetting{}, false
	}
	text, note, ok := b.value(e)
	if !ok {
		return graph.DurationSetting{}, false
	}
	var d, bare time.Duration
	var err error
	switch r.unit {
	case javaDuration:
		d, bare, err = parseSpringDuration(text)
	case millisNumber:
		d, err = parseMillis(text)
		bare = time.Millisecond
	}
	s := graph.DurationSetting{Origin: graph.Explicit, Pos: e.pos, Key: e.key, Raw: e.value, BareUnit: bare, Note: note, Value: graph.Dur(d),
		OnlyBare: r.unit == millisNumber}
	switch {
	case errors.Is(err, errNegative) && r.negativeNone, d == 0 && err == nil && r.zeroNone:
		s.Value = graph.NoTimeout
		s.Note = joinNote(note, r.why)
	case errors.Is(err, errNegative):
		b.errorAt(e.pos, e.key+": "+quote(text)+" is negative")
		return graph.DurationSetting{}, false
	case err != nil:
		b.errorAt(e.pos, e.key+": "+err.Error())
		return graph.DurationSetting{}, false
	}
	return s, true
}

func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// first returns the first of several properties that is set.
func (b *builder) first(r rules, uniforms ...string) (graph.DurationSetting, bool) {
	for _, u := range uniforms {
		if s, ok := b.duration(u, r); ok {
			return s, true
		}
	}
	return graph.DurationSetting{}, false
}

// orDefault returns s when set, else the catalogue default of software (Unset when the
// catalogue has none).
func orDefault(s graph.DurationSetting, ok bool, software, version, setting string, at graph.Pos) graph.DurationSetting {
	if ok {
		return s
	}
	if d, ok := graph.DefaultDuration(software, version, setting, at); ok {
		return d
	}
	return graph.DurationSetting{}
}

// hasPrefix reports whether any property starts with one of the uniform prefixes.
func (b *builder) hasPrefix(prefixes ...string) (entry, bool) {
	for _, e := range b.p.list {
		for _, p := range prefixes {
			if strings.HasPrefix(e.uniform, p) {
				return e, true
			}
		}
	}
	return entry{}, false
}

const (
	gatewayPrefix = "spring.cloud.gateway."
	// Spring Cloud Gateway 4.3 moved the WebFlux server's properties under server.webflux.
	gatewayNew = "spring.cloud.gateway.server.webflux."
)

// isWebMVCGateway reports keys of the servlet flavour of Spring Cloud Gateway, which runs
// on the servlet container and not on Reactor Netty.
func isWebMVCGateway(u string) bool {
	return strings.HasPrefix(u, "spring.cloud.gateway.mvc.") || strings.HasPrefix(u, "spring.cloud.gateway.server.webmvc.")
}

// software names the embedded server: the container whose server.* keys are used,
// Reactor Netty for a WebFlux gateway, else Spring Boot's default, Tomcat.
func (b *builder) software() (name string, gateway bool) {
	name = "tomcat"
	webflux := false
	for _, e := range b.p.list {
		u := e.uniform
		switch {
		case strings.HasPrefix(u, "server.jetty."):
			name = "jetty"
		case strings.HasPrefix(u, "server.undertow."):
			name = "undertow"
		case strings.HasPrefix(u, "server.netty."):
			name = "reactor-netty"
		case strings.HasPrefix(u, gatewayPrefix):
			gateway = true
			webflux = webflux || !isWebMVCGateway(u)
		}
	}
	if _, tomcat := b.hasPrefix("server.tomcat."); webflux && name == "tomcat" && !tomcat {
		name = "reactor-netty"
	}
	return name, gateway
}

func (b *builder) build(rel string) *graph.Hop {
	software, gateway := b.software()
	kind := graph.Server
	if gateway {
		kind = graph.Proxy
	}
	hop := &graph.Hop{
		ID: rel, Kind: kind, Software: software, Version: b.version,
		Pos:   graph.Pos{File: b.src.File, Line: 1, Col: 1},
		Files: []string{rel},
	}
	b.hop = hop
	l := b.listener(software)
	hop.Listeners = []*graph.Listener{l}
	if gp := b.gatewayPool(l); gp != nil {
		hop.Pools = append(hop.Pools, gp)
	}
	if hp := b.hikariPool(); hp != nil {
		hop.Pools = append(hop.Pools, hp)
	}
	hop.Pools = append(hop.Pools, b.feignPools()...)
	return hop
}

// tomcatNone explains Tomcat's -1.
var tomcatNone = rules{negativeNone: true, why: "Tomcat reads a negative timeout as no timeout"}

func (b *builder) listener(software string) *graph.Listener {
	l := &graph.Listener{Hop: b.hop, Name: "server", Pos: b.hop.Pos}
	addr := graph.Address{Port: 8080, Pos: b.hop.Pos, PortNote: "Spring Boot default port 8080"}
	if e, ok := b.p.get("server.port"); ok {
		if text, _, ok := b.value(e); ok {
			l.Pos = e.pos
			addr = graph.Address{Pos: e.pos, Raw: e.value}
			switch n, err := strconv.Atoi(strings.TrimSpace(text)); {
			case err != nil || n < -1 || n > 65535:
				b.errorAt(e.pos, "server.port: "+quote(text)+" is not a port number")
				addr.Port, addr.PortNote = 8080, "Spring Boot default port 8080"
			case n <= 0:
				addr.PortNote = "server.port " + text + " picks a random free port (0) or runs no web server (-1)"
			default:
				addr.Port = n
			}
		}
	}
	if e, ok := b.p.get("server.address"); ok {
		if text, _, ok := b.value(e); ok {
			addr.Host = graph.NormalizeHost(strings.Trim(strings.TrimSpace(text), "[]"))
		}
	}
	l.Addrs = []graph.Address{addr}

	var idle, request graph.DurationSetting
	var okIdle, okReq bool
	switch software {
	case "jetty":
		idle, okIdle = b.first(rules{}, "server.jetty.connectionidletimeout", "server.connectiontimeout")
	case "undertow":
		idle, okIdle = b.first(rules{}, "server.undertow.norequesttimeout", "server.connectiontimeout")
	case "reactor-netty":
		idle, okIdle = b.first(rules{}, "server.netty.idletimeout")
	default:
		request, okReq = b.first(tomcatNone, "server.tomcat.connectiontimeout", "server.connectiontimeout")
		idle, okIdle = b.duration("server.tomcat.keepalivetimeout", tomcatNone)
		if !okIdle && okReq {
			idle, okIdle = request, true
			idle.Note = joinNote(idle.Note, "Tomcat's keepAliveTimeout falls back to connectionTimeout")
		}
	}
	l.Idle = orDefault(idle, okIdle, software, b.version, graph.ListenerIdle, l.Pos)
	l.Request = orDefault(request, okReq, software, b.version, graph.ListenerRequest, l.Pos)
	return l
}

// fileProfile is the profile in a file name such as application-prod.yml ("" for none).
func fileProfile(rel string) string {
	base := path.Base(rel)
	base = strings.TrimSuffix(base, path.Ext(base))
	for _, prefix := range []string{"application-", "bootstrap-"} {
		if p, ok := strings.CutPrefix(base, prefix); ok {
			return p
		}
	}
	return ""
}
