package caddy

import (
	"strings"

	"github.com/tolint/tolint/graph"
)

// site turns a site block into a listener and its reverse proxies into pools.
func (w *walker) site(s *node) {
	l := &graph.Listener{Hop: w.hop, Pos: s.pos()}
	var raw []string
	for i, a := range s.args {
		text := strings.TrimSuffix(a.text, ",")
		if text == "" {
			continue
		}
		raw = append(raw, text)
		w.siteAddress(l, text, s.argPos(i))
	}
	l.Name = strings.Join(raw, ", ")
	if l.Name == "" {
		l.Name = "site"
	}
	port := 0
	if len(l.Addrs) > 0 {
		port = l.Addrs[0].Port
	}
	opts := w.server(port)
	if opts.idle.Known() {
		l.Idle = opts.idle
		l.Idle.Origin, l.Idle.Note = graph.Inherited, "from the global options' servers block"
	} else {
		l.Idle, _ = graph.DefaultDuration(software, w.hop.Version, graph.ListenerIdle, l.Pos)
	}
	if opts.request.Known() {
		l.Request = opts.request
		l.Request.Origin, l.Request.Note = graph.Inherited, "from the global options' servers block"
	}
	w.hop.Listeners = append(w.hop.Listeners, l)
	w.proxies(l, s.body, 0)
}

// siteAddress adds the listen address and host name of one site address:
// [scheme://][host][:port][/path]. A host without scheme or port is served on 443, and on 80
// for the redirect to HTTPS.
func (w *walker) siteAddress(l *graph.Listener, text string, at graph.Pos) {
	if strings.ContainsAny(text, "{}") {
		return // a placeholder, set from the environment at start-up
	}
	scheme := ""
	rest := text
	if i := strings.Index(rest, "://"); i >= 0 {
		scheme, rest = strings.ToLower(rest[:i]), rest[i+3:]
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	var ports []int
	a, err := graph.ParseAddress(rest, 0)
	if rest == "" {
		err = nil
	}
	if err != nil {
		w.errorAt(at, "site address "+text+": "+err.Error())
		return
	}
	switch {
	case a.Port != 0:
		ports = []int{a.Port}
	case scheme == "http":
		ports = []int{80}
	case scheme == "https":
		ports = []int{443}
	default:
		ports = []int{443, 80}
	}
	for _, p := range ports {
		l.Addrs = append(l.Addrs, graph.Address{Port: p, Pos: at, Raw: text})
	}
	if a.Host != "" {
		l.Names = append(l.Names, a.Host)
	}
}

// proxies finds reverse_proxy directives in a site's directives and the blocks of handle,
// route and the like.
func (w *walker) proxies(l *graph.Listener, nodes []*node, depth int) {
	for _, n := range nodes {
		name := n.name()
		switch {
		case name == "reverse_proxy":
			w.reverseProxy(l, n)
		case strings.HasPrefix(name, "@"), isSnippet(n):
			// A named matcher or a snippet defined inside a site: no handlers.
		case n.hasBlock && depth < maxDepth:
			w.proxies(l, n.body, depth+1)
		}
	}
}

// reverseProxy reads "reverse_proxy [matcher] [upstreams...] { to …; transport http { … } }".
func (w *walker) reverseProxy(l *graph.Listener, n *node) {
	p := &graph.Pool{Hop: w.hop, Pos: n.pos()}
	args := n.args[1:]
	first := 1
	if len(args) > 0 && isMatcher(args[0].text) {
		first = 2
	}
	for i := first; i < len(n.args); i++ {
		w.upstream(p, n, i)
	}
	var transport *node
	for _, c := range n.body {
		switch c.name() {
		case "to":
			for i := 1; i < len(c.args); i++ {
				w.upstream(p, c, i)
			}
		case "transport":
			transport = c
		}
	}
	p.Name = "reverse_proxy"
	if len(p.Targets) > 0 {
		p.Name += " " + p.Targets[0].Raw
	}
	w.transport(p, transport)
	w.hop.Pools = append(w.hop.Pools, p)
	w.hop.Routes = append(w.hop.Routes, &graph.Route{From: l, To: p, Pos: n.pos()})
}

// isMatcher reports a matcher token: a named matcher, a path or the wildcard.
func isMatcher(s string) bool {
	return strings.HasPrefix(s, "@") || strings.HasPrefix(s, "/") || s == "*"
}

// upstream adds argument i of n as a target: host:port, a URL, or :port (localhost).
func (w *walker) upstream(p *graph.Pool, n *node, i int) {
	text := n.args[i].text
	if strings.ContainsAny(text, "{}") || strings.HasPrefix(text, "unix/") || strings.HasPrefix(text, "srv+") {
		return // placeholders, Unix sockets and SRV lookups name no fixed address
	}
	addrText := text
	if strings.HasPrefix(strings.ToLower(addrText), "h2c://") {
		addrText = "http://" + addrText[len("h2c://"):]
	}
	a, err := graph.ParseAddress(addrText, 80)
	if err != nil {
		w.errorAt(n.argPos(i), "upstream "+text+": "+err.Error())
		return
	}
	if a.Host == "" {
		a.Host = "localhost" // ":8080" dials the local host
	}
	a.Pos, a.Raw = n.argPos(i), text
	p.Targets = append(p.Targets, a)
}

// transport reads transport http { keepalive …; dial_timeout …; response_header_timeout … }
// and fills what it leaves unset from Caddy's defaults.
func (w *walker) transport(p *graph.Pool, t *node) {
	if t != nil && len(t.args) > 1 && t.args[1].text == "fastcgi" {
		p.Reuse = graph.Setting[bool]{Value: false, Origin: graph.Explicit, Pos: t.argPos(1), Key: "transport", Raw: "fastcgi",
			Note: "the fastcgi transport does not keep connections for reuse"}
		return
	}
	if t != nil {
		for _, c := range t.body {
			switch c.name() {
			case "keepalive":
				if len(c.args) > 1 && c.args[1].text == "off" {
					p.Reuse = graph.Setting[bool]{Value: false, Origin: graph.Explicit, Pos: c.argPos(1), Key: "keepalive", Raw: "off"}
					continue
				}
				p.Idle = w.duration(c, "keepalive")
			case "keepalive_idle_conns", "keepalive_idle_conns_per_host":
				// How many idle connections are kept, not for how long: only checked.
				if len(c.args) != 2 || !isCount(c.args[1].text) {
					w.errorAt(c.pos(), c.name()+" takes one number")
				}
			case "dial_timeout":
				p.Connect = w.duration(c, "dial_timeout")
			case "response_header_timeout":
				p.Request = w.duration(c, "response_header_timeout")
			}
		}
	}
	poolDefaults(p, w.hop.Version)
}

// poolDefaults fills a pool's unset settings from the catalogue.
func poolDefaults(p *graph.Pool, v string) {
	if !p.Reuse.Known() {
		p.Reuse, _ = graph.DefaultBool(software, v, graph.PoolReuse, p.Pos)
	}
	if !p.Idle.Known() {
		p.Idle, _ = graph.DefaultDuration(software, v, graph.PoolIdle, p.Pos)
	}
	if !p.Request.Known() {
		p.Request, _ = graph.DefaultDuration(software, v, graph.PoolRequest, p.Pos)
	}
	if !p.Connect.Known() {
		p.Connect, _ = graph.DefaultDuration(software, v, graph.PoolConnect, p.Pos)
	}
}

func isCount(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
