package caddy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// maxAliasNodes bounds what YAML aliases may expand to (JSON has none; the reader is
// YAML's, so a file that is YAML after all cannot blow up).
const maxAliasNodes = 100000

// jsonReader reads Caddy's JSON configuration with yaml.v3 nodes, for positions.
type jsonReader struct {
	src     *yamlsrc.Source
	hop     *graph.Hop
	diags   []graph.Diagnostic
	aliases yamlsrc.Aliases
}

func (r *jsonReader) errorAt(p graph.Pos, msg string) {
	r.diags = append(r.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: p, Message: msg})
}

func (r *jsonReader) pos(n *yaml.Node) graph.Pos {
	p := r.src.At(n.Line, n.Column)
	if last := len(r.src.Data) - 1; last >= 0 && p.Offset > last {
		return r.src.OffsetPos(last)
	}
	return p
}

func readJSON(hop *graph.Hop, display string, data []byte) []graph.Diagnostic {
	r := &jsonReader{src: yamlsrc.New(display, data), hop: hop}
	r.aliases = yamlsrc.Aliases{Limit: maxAliasNodes, Exceeded: func(n *yaml.Node) {
		r.errorAt(r.pos(n), fmt.Sprintf("aliases here expand to more than %d nodes; the rest is not read", maxAliasNodes))
	}}
	if at, msg, bad := r.src.InvalidChar("a Caddy JSON configuration"); bad {
		r.errorAt(at, msg)
		return r.diags
	}
	var doc yaml.Node
	err := yamlsrc.Decode(yaml.NewDecoder(bytes.NewReader(data)), &doc)
	switch {
	case errors.Is(err, io.EOF):
		return r.diags
	case err != nil:
		line, msg := yamlsrc.ErrorLine(err)
		r.errorAt(r.src.LinePos(line), "JSON syntax error: "+msg)
		return r.diags
	}
	servers := r.get(r.get(r.get(&doc, "apps"), "http"), "servers")
	for _, e := range r.entries(servers) {
		r.server(e.key, e.value)
	}
	return r.diags
}

type entry struct{ key, value *yaml.Node }

func (r *jsonReader) entries(n *yaml.Node) []entry {
	n = r.aliases.Resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []entry
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := r.aliases.Resolve(n.Content[i]), r.aliases.Resolve(n.Content[i+1])
		if k != nil && v != nil {
			out = append(out, entry{k, v})
		}
	}
	return out
}

func (r *jsonReader) get(n *yaml.Node, key string) *yaml.Node {
	for _, e := range r.entries(n) {
		if e.key.Value == key {
			return e.value
		}
	}
	return nil
}

func (r *jsonReader) str(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// duration reads a Caddy JSON duration: a Go duration string, or an integer of nanoseconds.
func (r *jsonReader) duration(n *yaml.Node, key string) (graph.DurationSetting, bool) {
	text, ok := r.str(n)
	if !ok {
		return graph.DurationSetting{}, false
	}
	s := graph.DurationSetting{Origin: graph.Explicit, Pos: r.pos(n), Key: key, Raw: text}
	if n.Tag == "!!int" {
		ns, err := strconv.ParseInt(text, 10, 64)
		if err != nil || ns < 0 {
			r.errorAt(s.Pos, fmt.Sprintf("%s %s is not a duration in nanoseconds", key, text))
			return graph.DurationSetting{}, false
		}
		s.Value, s.BareUnit = graph.Dur(time.Duration(ns)), time.Nanosecond
		return s, true
	}
	d, err := parseGoDuration(text)
	if err != nil {
		r.errorAt(s.Pos, fmt.Sprintf("%s %s: %v", key, text, err))
		return graph.DurationSetting{}, false
	}
	s.Value = graph.Dur(d)
	return s, true
}

// server reads apps.http.servers.NAME into a listener and its routes' proxies.
func (r *jsonReader) server(name, s *yaml.Node) {
	l := &graph.Listener{Hop: r.hop, Name: "server " + name.Value, Pos: r.pos(name)}
	for _, a := range r.aliases.Items(r.get(s, "listen")) {
		text, ok := r.str(a)
		if !ok {
			continue
		}
		addr := text
		if i := strings.IndexByte(addr, '/'); i >= 0 {
			addr = addr[i+1:] // "tcp/:443"
		}
		parsed, err := graph.ParseAddress(addr, 0)
		if err != nil {
			r.errorAt(r.pos(a), "listen "+text+": "+err.Error())
			continue
		}
		parsed.Pos, parsed.Raw = r.pos(a), text
		l.Addrs = append(l.Addrs, parsed)
	}
	if d, ok := r.duration(r.get(s, "idle_timeout"), "idle_timeout"); ok {
		l.Idle = d
	} else {
		l.Idle, _ = graph.DefaultDuration(software, r.hop.Version, graph.ListenerIdle, l.Pos)
	}
	l.Request, _ = r.duration(r.get(s, "read_header_timeout"), "read_header_timeout")
	r.hop.Listeners = append(r.hop.Listeners, l)
	r.routes(l, r.get(s, "routes"), true, 0)
}

// routes walks a route list: top-level host matchers name the listener, reverse_proxy
// handlers are pools, subroute handlers nest more routes.
func (r *jsonReader) routes(l *graph.Listener, routes *yaml.Node, top bool, depth int) {
	if depth > maxDepth {
		return
	}
	for _, route := range r.aliases.Items(routes) {
		if top {
			for _, m := range r.aliases.Items(r.get(route, "match")) {
				for _, h := range r.aliases.Items(r.get(m, "host")) {
					if host, ok := r.str(h); ok {
						l.Names = append(l.Names, graph.NormalizeHost(host))
					}
				}
			}
		}
		for _, h := range r.aliases.Items(r.get(route, "handle")) {
			switch handler, _ := r.str(r.get(h, "handler")); handler {
			case "reverse_proxy":
				r.proxy(l, h)
			case "subroute":
				r.routes(l, r.get(h, "routes"), false, depth+1)
			}
		}
	}
}

func (r *jsonReader) proxy(l *graph.Listener, h *yaml.Node) {
	p := &graph.Pool{Hop: r.hop, Name: "reverse_proxy", Pos: r.pos(h)}
	for _, u := range r.aliases.Items(r.get(h, "upstreams")) {
		dial := r.get(u, "dial")
		text, ok := r.str(dial)
		if !ok || strings.ContainsAny(text, "{}") {
			continue
		}
		a, err := graph.ParseAddress(text, 80)
		if err != nil {
			r.errorAt(r.pos(dial), "dial "+text+": "+err.Error())
			continue
		}
		if a.Host == "" {
			a.Host = "localhost"
		}
		a.Pos, a.Raw = r.pos(dial), text
		p.Targets = append(p.Targets, a)
	}
	if len(p.Targets) > 0 {
		p.Name += " " + p.Targets[0].Raw
	}
	t := r.get(h, "transport")
	if proto, _ := r.str(r.get(t, "protocol")); proto == "fastcgi" {
		p.Reuse = graph.Setting[bool]{Value: false, Origin: graph.Explicit, Pos: r.pos(r.get(t, "protocol")), Key: "transport.protocol", Raw: proto,
			Note: "the fastcgi transport does not keep connections for reuse"}
	}
	ka := r.get(t, "keep_alive")
	if en := r.get(ka, "enabled"); en != nil && en.Value == "false" {
		p.Reuse = graph.Setting[bool]{Value: false, Origin: graph.Explicit, Pos: r.pos(en), Key: "keep_alive.enabled", Raw: en.Value}
	}
	p.Idle, _ = r.duration(r.get(ka, "idle_timeout"), "keep_alive.idle_timeout")
	p.Connect, _ = r.duration(r.get(t, "dial_timeout"), "dial_timeout")
	p.Request, _ = r.duration(r.get(t, "response_header_timeout"), "response_header_timeout")
	poolDefaults(p, r.hop.Version)
	r.hop.Pools = append(r.hop.Pools, p)
	r.hop.Routes = append(r.hop.Routes, &graph.Route{From: l, To: p, Pos: p.Pos})
}
