package topology

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// section is one level of the file: the keys a mapping there may hold.
type section struct {
	// where names the level in messages ("in pool").
	where string
	keys  []string
	// nested lists sections one level down, to point at a key written a level too high.
	nested []*section
	// prefix is how a user reads this level's keys in a path ("pool.").
	prefix string
}

var (
	topSection      = section{where: "at the top level", keys: []string{"hops", "links"}}
	listenerSection = section{where: "in listener", prefix: "listener.", keys: []string{"idle", "request"}}
	poolSection     = section{where: "in pool", prefix: "pool.", keys: []string{"idle", "request", "connect", "tcp_keepalive", "reuse", "targets"}}
	tcpSection      = section{where: "in tcp", prefix: "tcp.", keys: []string{"timestamps", "tw_reuse", "tw_recycle", "keepalive_time"}}
	hopSection      = section{
		where:  "in a hop",
		keys:   []string{"name", "kind", "software", "config", "listen", "listener", "pool", "tcp", "probe"},
		nested: []*section{&listenerSection, &poolSection, &tcpSection},
	}
)

// unknownKey explains an unknown key: a likely typo, a key that belongs one level down, or
// the keys that are valid here.
func (p *parser) unknownKey(s *section, key string) string {
	msg := fmt.Sprintf("unknown key %q %s", key, s.where)
	if guess := suggest(key, s.keys, &p.suggestBudget); guess != "" {
		return fmt.Sprintf("%s; did you mean %q?", msg, guess)
	}
	var below []string
	for _, n := range s.nested {
		if slices.Contains(n.keys, key) {
			below = append(below, n.prefix+key)
		}
	}
	if len(below) > 0 {
		return fmt.Sprintf("%s; did you mean %s?", msg, strings.Join(below, " or "))
	}
	return fmt.Sprintf("%s (valid keys: %s)", msg, strings.Join(s.keys, ", "))
}

// pair is one key and its value in a mapping.
type pair struct{ key, value *yaml.Node }

// pairs returns the known keys of mapping m with their values, reporting unknown,
// repeated and non-scalar keys. Merge keys (<<) are expanded; keys written in m win over
// merged ones, and among merged mappings the first wins, as YAML specifies.
func (p *parser) pairs(m *yaml.Node, s *section) []pair {
	var out []pair
	var merges []*yaml.Node
	seen := make(map[string]*yaml.Node, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			p.errorAt(p.pos(k), fmt.Sprintf("a key must be a name, found %s", describe(k)))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			p.errorAt(p.pos(k), fmt.Sprintf("duplicate key %q %s, first at line %d", k.Value, s.where, first.Line))
			continue
		}
		seen[k.Value] = k
		if !slices.Contains(s.keys, k.Value) {
			p.errorAt(p.pos(k), p.unknownKey(s, k.Value))
			continue
		}
		out = append(out, pair{k, v})
	}
	if len(merges) == 0 {
		return out
	}
	if p.merging == nil {
		p.merging = make(map[*yaml.Node]bool)
	}
	p.merging[m] = true
	defer delete(p.merging, m)
	for _, v := range merges {
		for _, src := range p.mergeSources(v) {
			if p.merging[src] {
				p.errorAt(p.pos(v), "a merge key (<<) refers to a mapping that contains it")
				continue
			}
			for _, e := range p.pairs(src, s) {
				if _, ok := seen[e.key.Value]; !ok {
					seen[e.key.Value] = e.key
					out = append(out, e)
				}
			}
		}
	}
	return out
}

// mergeSources returns the mappings a merge key's value names: one mapping or a list of them.
func (p *parser) mergeSources(v *yaml.Node) []*yaml.Node {
	r := p.resolve(v)
	if r == nil {
		return nil
	}
	items := []*yaml.Node{r}
	if r.Kind == yaml.SequenceNode {
		items = r.Content
	}
	var out []*yaml.Node
	for _, it := range items {
		m := p.resolve(it)
		if m == nil {
			continue
		}
		if m.Kind != yaml.MappingNode {
			p.errorAt(p.pos(it), fmt.Sprintf("a merge key (<<) takes a mapping or a list of mappings, found %s", describe(m)))
			continue
		}
		out = append(out, m)
	}
	return out
}
