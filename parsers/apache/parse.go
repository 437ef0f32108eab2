package apache

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/include"
)

const software = "apache-httpd"

// maxIncludes caps how many files one configuration may pull in, counting repeats, and
// maxWalked how many directives the walk may visit, counting a file again each time it is
// included, so that includes fanning out cannot blow up.
const (
	maxIncludes = 10000
	maxWalked   = 1000000
)

// Source is the read access the parser needs; input.Tree provides it.
type Source interface {
	include.Source
	ReadFile(rel string) ([]byte, error)
	Display(rel string) string
}

// Parse reads a main configuration file and what it includes into one Apache hop.
func Parse(t *input.Tree, rel string, opts input.Options) *graph.Fragment {
	return parse(t, rel, opts)
}

// ref is a value as written, with its position.
type ref struct {
	text string
	pos  graph.Pos
}

// scope holds the main server's or one virtual host's settings.
type scope struct {
	keepAlive, keepAliveTimeout, timeout, proxyTimeout *ref
	names                                              []string
	// noKeepalive is SetEnv proxy-nokeepalive: mod_proxy_http closes backend connections
	// after each request.
	noKeepalive *ref
	// passes are the ProxyPass directives written in this scope.
	passes []pass
}

// pass is a ProxyPass: the worker (URL or balancer) it sends requests to, with its
// parameters.
type pass struct {
	target ref
	params []ref
	at     graph.Pos
}

type vhost struct {
	scope
	l *graph.Listener
	// main is the main server, standing as the one listener of a configuration without
	// virtual hosts.
	main bool
}

// balancer is a <Proxy balancer://NAME> section's members and parameters.
type balancer struct {
	members []pass
	pos     graph.Pos
}

type walker struct {
	src           Source
	mainDir       string
	hop           *graph.Hop
	files         map[string]*file
	diags         []graph.Diagnostic
	includes      int
	walked        int
	limitReported bool
	server        scope
	listens       []graph.Address
	vhosts        []*vhost
	balancers     map[string]*balancer
	pools         map[string]*graph.Pool
	// sets are ProxySet parameters by worker (workerKey) or balancer ("balancer://NAME").
	sets map[string][]ref
}

func (w *walker) diag(kind graph.DiagKind, p graph.Pos, msg string) {
	w.diags = append(w.diags, graph.Diagnostic{Kind: kind, Pos: p, Message: msg})
}

func parse(src Source, rel string, opts input.Options) *graph.Fragment {
	display := src.Display(rel)
	w := &walker{src: src, mainDir: path.Dir(rel), files: map[string]*file{}, balancers: map[string]*balancer{}, pools: map[string]*graph.Pool{}, sets: map[string][]ref{},
		hop: &graph.Hop{ID: rel, Kind: graph.Proxy, Software: software, Version: opts.Version, Pos: graph.Pos{File: display, Line: 1, Col: 1}}}
	f, err := w.load(rel)
	if err != nil {
		return &graph.Fragment{Files: []string{rel}, Diags: []graph.Diagnostic{{Kind: graph.ParseError, Pos: graph.Pos{File: display, Line: 1, Col: 1},
			Message: "cannot read Apache httpd configuration: " + readError(err)}}}
	}
	w.block(f.dirs, nil, []string{rel}, 0)
	w.build()
	return &graph.Fragment{Files: w.hop.Files, Hops: []*graph.Hop{w.hop}, Diags: w.diags}
}

func readError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// load reads and splits a file once per configuration.
func (w *walker) load(rel string) (*file, error) {
	if f, ok := w.files[rel]; ok {
		return f, nil
	}
	data, err := w.src.ReadFile(rel)
	if err != nil {
		return nil, err
	}
	f := parseFile(rel, w.src.Display(rel), data)
	w.files[rel] = f
	w.hop.Files = append(w.hop.Files, rel)
	w.diags = append(w.diags, f.diags...)
	return f, nil
}

func (d *directive) ref(i int) ref {
	return ref{text: d.args[i].text, pos: d.file.pos(d.args[i].off)}
}

func (d *directive) pos() graph.Pos { return d.file.pos(d.name.off) }

// block walks directives; vh is the virtual host they are in (nil: the main server), open
// the files being included (for cycles).
func (w *walker) block(dirs []directive, vh *vhost, open []string, depth int) {
	sc := &w.server
	if vh != nil {
		sc = &vh.scope
	}
	w.walked += len(dirs)
	if w.walked > maxWalked {
		if !w.limitReported && len(dirs) > 0 {
			w.limitReported = true
			w.diag(graph.ParseError, dirs[0].pos(), "includes expand to more than "+strconv.Itoa(maxWalked)+" directives; the rest was not read")
		}
		return
	}
	for i := range dirs {
		d := &dirs[i]
		name := strings.ToLower(d.name.text)
		if d.section {
			w.section(d, name, vh, open, depth)
			continue
		}
		switch name {
		case "include", "includeoptional":
			w.include(d, name == "includeoptional", vh, open, depth)
		case "listen":
			if len(d.args) > 0 && vh == nil {
				if a, ok := w.address(d.ref(0), 0); ok {
					w.listens = append(w.listens, a)
				}
			}
		case "servername":
			if len(d.args) > 0 {
				sc.names = append(sc.names, serverName(d.args[0].text))
			}
		case "serveralias":
			for _, a := range d.args {
				sc.names = append(sc.names, strings.ToLower(a.text))
			}
		case "keepalive":
			sc.keepAlive = w.oneArg(d)
		case "keepalivetimeout":
			sc.keepAliveTimeout = w.oneArg(d)
		case "timeout":
			sc.timeout = w.oneArg(d)
		case "proxytimeout":
			sc.proxyTimeout = w.oneArg(d)
		case "proxypass", "proxypassmatch":
			if p, ok := w.proxyPass(d); ok {
				sc.passes = append(sc.passes, p)
			}
		case "proxyset":
			w.proxySet(d, "")
		case "setenv":
			if len(d.args) > 0 && strings.EqualFold(d.args[0].text, "proxy-nokeepalive") {
				r := d.ref(0)
				sc.noKeepalive = &r
			}
		}
	}
}

func (w *walker) oneArg(d *directive) *ref {
	if len(d.args) != 1 {
		w.diag(graph.ParseError, d.pos(), fmt.Sprintf("%s takes one argument, got %d", d.name.text, len(d.args)))
		return nil
	}
	r := d.ref(0)
	return &r
}

// section handles <VirtualHost> and <Proxy balancer://...>, and reads every other section's
// body in the enclosing scope.
func (w *walker) section(d *directive, name string, vh *vhost, open []string, depth int) {
	switch {
	case name == "virtualhost" && vh == nil:
		v := &vhost{l: &graph.Listener{Hop: w.hop, Pos: d.pos()}}
		var addrs []string
		for i := range d.args {
			if a, ok := w.address(d.ref(i), 80); ok {
				v.l.Addrs = append(v.l.Addrs, a)
				addrs = append(addrs, d.args[i].text)
			}
		}
		v.l.Name = "VirtualHost " + strings.Join(addrs, " ")
		w.vhosts = append(w.vhosts, v)
		w.block(d.body, v, open, depth)
	case name == "proxy" && len(d.args) > 0 && strings.HasPrefix(strings.ToLower(d.args[0].text), "balancer://"):
		key := balancerKey(d.args[0].text)
		b := w.balancers[key]
		if b == nil {
			b = &balancer{pos: d.pos()}
			w.balancers[key] = b
		}
		for i := range d.body {
			m := &d.body[i]
			if !m.section && strings.EqualFold(m.name.text, "ProxySet") {
				w.proxySet(m, "balancer://"+key)
				continue
			}
			if !m.section && strings.EqualFold(m.name.text, "BalancerMember") {
				if len(m.args) == 0 {
					w.diag(graph.ParseError, m.pos(), "BalancerMember needs a URL")
					continue
				}
				p := pass{target: m.ref(0), at: m.pos()}
				for j := 1; j < len(m.args); j++ {
					p.params = append(p.params, m.ref(j))
				}
				b.members = append(b.members, p)
			}
		}
	default:
		w.block(d.body, vh, open, depth)
	}
}

// proxyPass reads "ProxyPass path url [key=value ...]", and "ProxyPass url [key=value ...]"
// inside a <Location>. "!" excludes a path and opens no connection.
func (w *walker) proxyPass(d *directive) (pass, bool) {
	first := 1
	if len(d.args) > 0 && strings.Contains(d.args[0].text, "://") {
		first = 0
	}
	if len(d.args) <= first {
		if len(d.args) == 1 && d.args[0].text == "!" {
			return pass{}, false
		}
		w.diag(graph.ParseError, d.pos(), d.name.text+" needs a path and a URL")
		return pass{}, false
	}
	target := d.ref(first)
	if target.text == "!" {
		return pass{}, false
	}
	p := pass{target: target, at: d.pos()}
	for j := first + 1; j < len(d.args); j++ {
		p.params = append(p.params, d.ref(j))
	}
	return p, true
}

// proxySet records "ProxySet url key=value ..." (in a <Proxy> section the URL is the
// section's, given as in); the parameters apply to that worker or balancer like those of
// ProxyPass, and override them.
func (w *walker) proxySet(d *directive, in string) {
	key, first := in, 0
	if len(d.args) > 0 && strings.Contains(d.args[0].text, "://") {
		key, first = d.args[0].text, 1
	}
	if key == "" {
		w.diag(graph.ParseError, d.pos(), "ProxySet needs a worker or balancer URL outside a <Proxy> section")
		return
	}
	if strings.HasPrefix(strings.ToLower(key), "balancer://") {
		key = "balancer://" + balancerKey(key)
	} else {
		key = workerKey(key)
	}
	for j := first; j < len(d.args); j++ {
		w.sets[key] = append(w.sets[key], d.ref(j))
	}
}

func balancerKey(url string) string {
	s := strings.ToLower(strings.TrimPrefix(strings.ToLower(url), "balancer://"))
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return s
}

// include expands Include and IncludeOptional where they are written.
func (w *walker) include(d *directive, optional bool, vh *vhost, open []string, depth int) {
	if len(d.args) != 1 {
		w.diag(graph.ParseError, d.pos(), fmt.Sprintf("%s takes one file name or pattern, got %d", d.name.text, len(d.args)))
		return
	}
	pattern := d.args[0].text
	matches, reason := include.Resolve(w.src, w.mainDir, pattern)
	if len(matches) == 0 {
		if !optional {
			w.diag(graph.NotInspected, d.pos(), "Include "+pattern+" was not inspected: "+reason)
		}
		return
	}
	if depth >= maxDepth {
		w.diag(graph.ParseError, d.pos(), "includes nested too deep; "+pattern+" was not read")
		return
	}
	for _, rel := range matches {
		w.includes++
		if w.includes > maxIncludes {
			if !w.limitReported {
				w.limitReported = true
				w.diag(graph.ParseError, d.pos(), "more than "+strconv.Itoa(maxIncludes)+" files included into one configuration; the rest were not read")
			}
			return
		}
		if slices.Contains(open, rel) {
			w.diag(graph.ParseError, d.pos(), "include cycle: "+strings.Join(displayAll(w.src, append(open, rel)), " -> ")+"; the repeated include was skipped")
			continue
		}
		f, err := w.load(rel)
		if err != nil {
			switch {
			case optional && errors.Is(err, fs.ErrNotExist):
			case errors.Is(err, input.ErrOutside):
				w.diag(graph.NotInspected, d.pos(), d.name.text+" "+pattern+" was not inspected: it leads outside the scanned root")
			case errors.Is(err, fs.ErrNotExist):
				w.diag(graph.NotInspected, d.pos(), d.name.text+" "+pattern+" was not inspected: "+include.Missing)
			default:
				w.diag(graph.ParseError, d.pos(), d.name.text+" "+pattern+": cannot read "+w.src.Display(rel)+": "+readError(err))
			}
			continue
		}
		w.block(f.dirs, vh, append(open[:len(open):len(open)], rel), depth+1)
	}
}

func displayAll(src Source, rels []string) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = src.Display(r)
	}
	return out
}

// address reads a Listen or VirtualHost address: "80", "*:80", "10.0.0.1:8080",
// "[::1]:80", "_default_:443", "*"; Listen's optional protocol is a separate word.
func (w *walker) address(r ref, defaultPort int) (graph.Address, bool) {
	text := r.text
	if strings.HasPrefix(strings.ToLower(text), "_default_") {
		text = "*" + text[len("_default_"):]
	}
	if strings.Contains(text, "${") {
		return graph.Address{}, false // a variable defined with Define or in the environment
	}
	a, err := graph.ParseAddress(text, defaultPort)
	if err != nil {
		w.diag(graph.ParseError, r.pos, err.Error())
		return graph.Address{}, false
	}
	a.Pos, a.Raw = r.pos, r.text
	return a, true
}

// serverName drops the scheme and port ServerName may carry.
func serverName(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if a, err := graph.ParseAddress(s, 0); err == nil {
		return a.Host
	}
	return strings.ToLower(s)
}

// secondsSyntax is httpd's time: whole seconds; KeepAliveTimeout also takes "ms".
var secondsSyntax = graph.Syntax{Bare: time.Second, Units: map[string]time.Duration{"ms": time.Millisecond}}

// duration reads a time directive or parameter in seconds; ok is false (after a
// diagnostic) for a bad value.
func (w *walker) duration(r *ref, key string) (graph.DurationSetting, bool) {
	d, err := secondsSyntax.ParseDuration(r.text)
	if err != nil {
		w.diag(graph.ParseError, r.pos, fmt.Sprintf("%s %s: %v", key, r.text, err))
		return graph.DurationSetting{}, false
	}
	s := graph.DurationSetting{Value: graph.Dur(d), Origin: graph.Explicit, Pos: r.pos, Key: key, Raw: r.text}
	if strings.IndexFunc(r.text, func(c rune) bool { return c < '0' || c > '9' }) < 0 {
		s.BareUnit = time.Second
	}
	return s, true
}

// setting is a scope's value, else the main server's (inherited), else unset.
func (w *walker) setting(own, server *ref, key string, inVhost bool) (graph.DurationSetting, bool) {
	switch {
	case own != nil:
		return w.duration(own, key)
	case server != nil:
		s, ok := w.duration(server, key)
		if ok && inVhost {
			s.Origin = graph.Inherited
			s.Note = "inherited from the main server"
		}
		return s, ok
	}
	return graph.DurationSetting{}, false
}
