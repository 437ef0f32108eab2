package topology

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// hops reads the hops: list. An entry without a usable name, or with a name already taken,
// is reported and left out; every other entry is kept with the values that could be read.
func (p *parser) hops(v *yaml.Node) {
	seq := p.resolve(v)
	if seq == nil || isNull(seq) {
		return
	}
	if seq.Kind != yaml.SequenceNode {
		p.errorAt(p.pos(seq), fmt.Sprintf("hops: expected a list of hop entries (- name: …), found %s", describe(seq)))
		return
	}
	first := make(map[string]graph.Pos, len(seq.Content))
	for _, item := range seq.Content {
		d := p.hop(item)
		if d == nil {
			continue
		}
		if at, dup := first[d.Name]; dup {
			p.errorAt(d.Pos, fmt.Sprintf("duplicate hop name %q, first declared at line %d", d.Name, at.Line))
			continue
		}
		first[d.Name] = d.Pos
		p.topo.Hops = append(p.topo.Hops, d)
	}
}

// hop reads one entry; it returns nil when the entry has no valid name.
func (p *parser) hop(item *yaml.Node) *graph.Declaration {
	m := p.resolve(item)
	if m == nil {
		return nil
	}
	if m.Kind != yaml.MappingNode {
		p.errorAt(p.pos(m), fmt.Sprintf("a hop entry must be a mapping such as {name: api, kind: server}, found %s", describe(m)))
		return nil
	}
	d := &graph.Declaration{}
	named := false
	for _, e := range p.pairs(m, &hopSection) {
		switch e.key.Value {
		case "name":
			named = true
			p.name(e.value, d)
		case "kind":
			p.kind(e.value, d)
		case "software":
			p.software(e.value, d)
		case "config":
			p.config(e.value, d)
		case "listen":
			d.Listen = p.addresses(e.value, "listen")
		case "listener":
			p.listener(e.value, &d.Listener)
		case "pool":
			p.pool(e.value, &d.Pool)
		case "tcp":
			p.tcp(e.value, &d.TCP)
		case "probe":
			if s := p.scalar(e.value, "probe", "a URL such as https://api.internal/health"); s != nil {
				d.Probe, d.ProbePos = s.Value, p.pos(s)
			}
		}
	}
	if !named && !p.aliases.Over() {
		p.errorAt(p.pos(m), "hop entry has no name; add name: with a name unique in this file")
	}
	if d.Name == "" {
		return nil
	}
	return d
}

// scalar resolves v and returns it when it is a scalar with a value; otherwise it reports
// that key needs what and returns nil.
func (p *parser) scalar(v *yaml.Node, key, what string) *yaml.Node {
	s := p.resolve(v)
	switch {
	case s == nil:
		return nil
	case isNull(s):
		p.errorAt(p.pos(s), fmt.Sprintf("%s has no value; expected %s", key, what))
		return nil
	case s.Kind != yaml.ScalarNode:
		p.errorAt(p.pos(s), fmt.Sprintf("%s: expected %s, found %s", key, what, describe(s)))
		return nil
	}
	return s
}

// mapping resolves v and returns it when it is a mapping; null means nothing is declared.
func (p *parser) mapping(v *yaml.Node, key, example string) *yaml.Node {
	m := p.resolve(v)
	switch {
	case m == nil || isNull(m):
		return nil
	case m.Kind != yaml.MappingNode:
		p.errorAt(p.pos(m), fmt.Sprintf("%s: expected a mapping such as %s, found %s", key, example, describe(m)))
		return nil
	}
	return m
}

func (p *parser) name(v *yaml.Node, d *graph.Declaration) {
	s := p.scalar(v, "name", "a hop name")
	if s == nil {
		return
	}
	switch name := s.Value; {
	case name == "":
		p.errorAt(p.pos(s), "name is empty")
	case strings.TrimSpace(name) != name:
		p.errorAt(p.pos(s), fmt.Sprintf("name %q starts or ends with a space", name))
	case strings.Contains(name, "->"):
		p.errorAt(p.pos(s), fmt.Sprintf("name %q contains ->, which separates hops in links", name))
	default:
		d.Name, d.Pos = name, p.pos(s)
	}
}

var kinds = []string{string(graph.Client), string(graph.Proxy), string(graph.L4), string(graph.Server)}

func (p *parser) kind(v *yaml.Node, d *graph.Declaration) {
	s := p.scalar(v, "kind", "one of client, proxy, l4, server")
	if s == nil {
		return
	}
	if k := graph.Kind(s.Value); graph.ValidKind(k) {
		d.Kind, d.KindPos = k, p.pos(s)
		return
	}
	msg := fmt.Sprintf("kind %q is not one of client, proxy, l4, server", s.Value)
	if guess := suggest(s.Value, kinds, &p.suggestBudget); guess != "" {
		msg += fmt.Sprintf("; did you mean %q?", guess)
	} else {
		msg += " (proxy terminates TCP and HTTP, l4 passes the TCP connection through)"
	}
	p.errorAt(p.pos(s), msg)
}

// software reads "name" or "name@version"; names are lower-cased, as the defaults
// catalogue spells them.
func (p *parser) software(v *yaml.Node, d *graph.Declaration) {
	s := p.scalar(v, "software", "a name such as nginx or nginx@1.24")
	if s == nil {
		return
	}
	name, version, versioned := strings.Cut(s.Value, "@")
	name, version = strings.ToLower(strings.TrimSpace(name)), strings.TrimSpace(version)
	switch {
	case name == "":
		p.errorAt(p.pos(s), fmt.Sprintf("software %q has no name; write e.g. nginx or nginx@1.24", s.Value))
	case versioned && version == "":
		p.errorAt(p.pos(s), fmt.Sprintf("software %q: the version after @ is empty; write e.g. %s@1.24, or leave out @ for the newest release", s.Value, name))
	case versioned && (version[0] < '0' || version[0] > '9'):
		p.errorAt(p.pos(s), fmt.Sprintf("software %q: the version must be a number such as %s@1.24; leave out @ for the newest release", s.Value, name))
	default:
		d.Software, d.Version, d.SoftwarePos = name, version, p.pos(s)
	}
}

// config reads "file" or "file#object", or a list of them (an app's config and its host's
// sysctl file make one hop): root-relative files that must be in the scan.
func (p *parser) config(v *yaml.Node, d *graph.Declaration) {
	r := p.resolve(v)
	if r == nil {
		return
	}
	items := []*yaml.Node{r}
	switch r.Kind {
	case yaml.SequenceNode:
		items = r.Content
	case yaml.MappingNode:
		p.errorAt(p.pos(r), "config: expected a file such as infra/nginx.conf, or a list of them, found a mapping")
		return
	}
	for _, it := range items {
		if ref, ok := p.configRef(it); ok {
			d.Configs = append(d.Configs, ref)
		}
	}
}

func (p *parser) configRef(v *yaml.Node) (graph.ConfigRef, bool) {
	s := p.scalar(v, "config", "a file such as infra/nginx.conf, or file#object")
	if s == nil {
		return graph.ConfigRef{}, false
	}
	file, object, hasObject := strings.Cut(s.Value, "#")
	if file == "" {
		p.errorAt(p.pos(s), fmt.Sprintf("config %q names no file; write file or file#object", s.Value))
		return graph.ConfigRef{}, false
	}
	if hasObject && object == "" {
		p.errorAt(p.pos(s), fmt.Sprintf("config %q: the object after # is empty; write file#object, or just file", s.Value))
		return graph.ConfigRef{}, false
	}
	clean, err := input.Clean(file)
	if err != nil {
		p.errorAt(p.pos(s), fmt.Sprintf("config %q must be a path relative to the directory of the topology file, inside the scan", s.Value))
		return graph.ConfigRef{}, false
	}
	if !p.exists(clean) {
		p.errorAt(p.pos(s), fmt.Sprintf("config %q: no such file in the scanned tree", s.Value))
		return graph.ConfigRef{}, false
	}
	return graph.ConfigRef{File: clean, Object: object, Pos: p.pos(s)}, true
}

func (p *parser) listener(v *yaml.Node, l *graph.ListenerDecl) {
	m := p.mapping(v, "listener", "{idle: 60s, request: 60s}")
	if m == nil {
		return
	}
	for _, e := range p.pairs(m, &listenerSection) {
		switch e.key.Value {
		case "idle":
			p.duration(e.value, graph.ListenerIdle, &l.Idle)
		case "request":
			p.duration(e.value, graph.ListenerRequest, &l.Request)
		}
	}
}

func (p *parser) pool(v *yaml.Node, pl *graph.PoolDecl) {
	m := p.mapping(v, "pool", "{idle: 30s, reuse: true}")
	if m == nil {
		return
	}
	for _, e := range p.pairs(m, &poolSection) {
		switch e.key.Value {
		case "idle":
			p.duration(e.value, graph.PoolIdle, &pl.Idle)
		case "request":
			p.duration(e.value, graph.PoolRequest, &pl.Request)
		case "connect":
			p.duration(e.value, graph.PoolConnect, &pl.Connect)
		case "tcp_keepalive":
			p.duration(e.value, "pool.tcp_keepalive", &pl.TCPKeepalive)
		case "reuse":
			p.boolean(e.value, graph.PoolReuse, "", &pl.Reuse)
		case "targets":
			pl.Targets = p.addresses(e.value, "pool.targets")
		}
	}
}

func (p *parser) tcp(v *yaml.Node, t *graph.TCP) {
	m := p.mapping(v, "tcp", "{timestamps: true}")
	if m == nil {
		return
	}
	for _, e := range p.pairs(m, &tcpSection) {
		switch e.key.Value {
		case "timestamps":
			// net.ipv4.tcp_timestamps: 1 on with random offsets, 2 on without.
			p.boolean(e.value, graph.TCPTimestamps, "012", &t.Timestamps)
		case "tw_reuse":
			p.twReuse(e.value, &t.TWReuse)
		case "tw_recycle":
			p.boolean(e.value, "tcp.tw_recycle", "01", &t.TWRecycle)
		case "keepalive_time":
			p.duration(e.value, graph.TCPKeepalive, &t.KeepaliveTime)
		}
	}
}
