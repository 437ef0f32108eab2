package topology

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
)

const linkExample = `"crawler -> straw"`

// links reads the links: list. Each item is "a -> b [-> c ...]" or a list of hop names; a
// link with an unknown or empty hop name is reported and left out.
func (p *parser) links(v *yaml.Node) {
	seq := p.resolve(v)
	if seq == nil || isNull(seq) {
		return
	}
	if seq.Kind != yaml.SequenceNode {
		p.errorAt(p.pos(seq), fmt.Sprintf("links: expected a list of links such as - %s, found %s", strings.Trim(linkExample, `"`), describe(seq)))
		return
	}
	declared := make(map[string]bool, len(p.topo.Hops))
	names := make([]string, len(p.topo.Hops))
	for i, d := range p.topo.Hops {
		declared[d.Name] = true
		names[i] = d.Name
	}
	for _, item := range seq.Content {
		it := p.resolve(item)
		if it == nil {
			continue
		}
		var link graph.DeclaredLink
		ok := false
		switch {
		case isNull(it):
			p.errorAt(p.pos(it), "a link is empty; write hop names joined by ->, e.g. "+linkExample)
		case it.Kind == yaml.ScalarNode:
			link, ok = p.linkString(it)
		case it.Kind == yaml.SequenceNode:
			link, ok = p.linkList(it)
		default:
			p.errorAt(p.pos(it), fmt.Sprintf("a link is a string such as %s or a list of hop names, found %s", linkExample, describe(it)))
		}
		if !ok {
			continue
		}
		if len(link.Hops) < 2 {
			p.errorAt(link.Pos, "a link needs at least two hops joined by ->, e.g. "+linkExample)
			continue
		}
		for i, name := range link.Hops {
			// A name with a path in it is a parsed hop's id ("infra/alb.tf#aws_lb.api"),
			// which only the graph can check.
			if declared[name] || IsHopID(name) {
				continue
			}
			ok = false
			msg := fmt.Sprintf("unknown hop %q in link", name)
			if guess := suggest(name, names, &p.suggestBudget); guess != "" {
				msg += fmt.Sprintf("; did you mean %q?", guess)
			} else {
				msg += "; every hop in a link must be declared under hops"
			}
			p.errorAt(link.HopPos[i], msg)
		}
		if ok {
			p.topo.Links = append(p.topo.Links, link)
		}
	}
}

// linkString splits "a -> b -> c". Each name gets its own column when the scalar's text
// stands verbatim on its line; otherwise (folded, escaped) names share the scalar's position.
func (p *parser) linkString(s *yaml.Node) (graph.DeclaredLink, bool) {
	link := graph.DeclaredLink{Pos: p.pos(s)}
	base, verbatim := p.valueOffset(s)
	value, ok := s.Value, true
	for start := 0; ; {
		end := len(value)
		arrow := strings.Index(value[start:], "->")
		if arrow >= 0 {
			end = start + arrow
		}
		part := value[start:end]
		lead := len(part) - len(strings.TrimLeftFunc(part, unicode.IsSpace))
		name := strings.TrimRightFunc(part[lead:], unicode.IsSpace)
		pos := link.Pos
		if verbatim {
			pos = p.src.OffsetPos(base + start + lead)
		}
		if name == "" {
			p.errorAt(pos, fmt.Sprintf("link %q has an empty hop name; write hop names joined by ->", value))
			ok = false
		}
		link.Hops = append(link.Hops, name)
		link.HopPos = append(link.HopPos, pos)
		if arrow < 0 {
			return link, ok
		}
		start = end + len("->")
	}
}

// linkList reads a link written as a YAML list of hop names.
func (p *parser) linkList(seq *yaml.Node) (graph.DeclaredLink, bool) {
	link := graph.DeclaredLink{Pos: p.pos(seq)}
	ok := true
	for _, item := range seq.Content {
		s := p.scalar(item, "link", "a hop name")
		if s == nil {
			ok = false
			continue
		}
		if s.Value == "" {
			p.errorAt(p.pos(s), "link has an empty hop name")
			ok = false
			continue
		}
		link.Hops = append(link.Hops, s.Value)
		link.HopPos = append(link.HopPos, p.pos(s))
	}
	return link, ok
}

// valueOffset returns the byte offset where a single-line scalar's text starts in the
// source (after any anchor, tag or opening quote), and whether it is found there verbatim.
func (p *parser) valueOffset(s *yaml.Node) (int, bool) {
	if s.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || strings.ContainsAny(s.Value, "\r\n") {
		return 0, false
	}
	pos := p.pos(s)
	end := p.src.LineEnd(pos.Line - 1)
	i := bytes.Index(p.src.Data[pos.Offset:end], []byte(s.Value))
	if i < 0 {
		return 0, false
	}
	return pos.Offset + i, true
}

// IsHopID reports whether a name in a link is a parsed hop's id (a file path with an
// optional #object, such as "infra/alb.tf#aws_lb.api" or "nginx.conf") rather than the name
// of an entry under hops.
func IsHopID(name string) bool {
	if strings.ContainsAny(name, "/#") {
		return true
	}
	switch path.Ext(name) {
	case ".conf", ".cfg", ".yaml", ".yml", ".json", ".tf":
		return true
	}
	return false
}
