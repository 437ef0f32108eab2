package topology

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
)

// durationSyntax: a unit is always required, because a bare number means seconds in one
// product and milliseconds in the next, and this file states values for all of them.
var durationSyntax = graph.Syntax{
	Units: map[string]time.Duration{
		"us": time.Microsecond,
		"ms": time.Millisecond,
		"s":  time.Second,
		"m":  time.Minute,
		"h":  time.Hour,
	},
	Combined:  true,
	Fractions: true,
}

const durationWhat = "a duration such as 30s, or none for no timeout"

// duration reads a duration or "none" into out.
func (p *parser) duration(v *yaml.Node, key string, out *graph.DurationSetting) {
	s := p.scalar(v, key, durationWhat)
	if s == nil {
		return
	}
	text := s.Value
	if strings.EqualFold(text, "none") {
		*out = declared(graph.NoTimeout, p.pos(s), s, key)
		return
	}
	d, err := durationSyntax.ParseDuration(text)
	if err == nil {
		*out = declared(graph.Dur(d), p.pos(s), s, key)
		return
	}
	var msg string
	switch {
	case errors.Is(err, graph.ErrNeedUnit) && isDecimal(text):
		msg = fmt.Sprintf("%s: %s needs a unit, e.g. %ss", key, text, text)
	case errors.Is(err, graph.ErrOverflow):
		msg = fmt.Sprintf("%s: %q is too large for a duration", key, text)
	case !strings.ContainsAny(text, "0123456789"):
		msg = fmt.Sprintf("%s: %q is not a duration; write e.g. 30s or 1m30s, or none for no timeout", key, text)
	default:
		msg = fmt.Sprintf("%s: %v", key, err)
	}
	p.errorAt(p.pos(s), msg)
}

// isDecimal reports whether s is a plain number such as "30" or "1.5".
func isDecimal(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
			digits++
		case s[i] != '.':
			return false
		}
	}
	return digits > 0 && strings.Count(s, ".") <= 1
}

// declared builds a setting stated in the topology file at pos.
func declared[T any](value T, pos graph.Pos, s *yaml.Node, key string) graph.Setting[T] {
	return graph.Setting[T]{Value: value, Origin: graph.Declared, Pos: pos, Key: key, Raw: s.Value}
}

// boolean reads true or false into out; numbers lists the sysctl values also accepted
// ("01": 0 is false, anything else true), empty when only true and false are.
func (p *parser) boolean(v *yaml.Node, key, numbers string, out *graph.Setting[bool]) {
	what := "true or false"
	if n := len(numbers); n > 0 {
		list := strings.Join(strings.Split(numbers[:n-1], ""), ", ")
		what += " (or the sysctl value " + list + " or " + numbers[n-1:] + ")"
	}
	s := p.scalar(v, key, what)
	if s == nil {
		return
	}
	switch t := s.Value; {
	case t == "true" || t == "True" || t == "TRUE":
		*out = declared(true, p.pos(s), s, key)
	case t == "false" || t == "False" || t == "FALSE":
		*out = declared(false, p.pos(s), s, key)
	case len(t) == 1 && strings.Contains(numbers, t):
		*out = declared(t != "0", p.pos(s), s, key)
	default:
		p.errorAt(p.pos(s), fmt.Sprintf("%s: %q is not a boolean; write %s", key, t, what))
	}
}

// twReuse reads net.ipv4.tcp_tw_reuse: 0 off, 1 on, 2 on for loopback only.
func (p *parser) twReuse(v *yaml.Node, out *graph.Setting[int]) {
	const key = "tcp.tw_reuse"
	s := p.scalar(v, key, "0, 1 or 2")
	if s == nil {
		return
	}
	if t := s.Value; len(t) == 1 && t[0] >= '0' && t[0] <= '2' {
		*out = declared(int(t[0]-'0'), p.pos(s), s, key)
		return
	}
	p.errorAt(p.pos(s), fmt.Sprintf("%s must be 0, 1 or 2, found %q", key, s.Value))
}

// addresses reads a list of addresses (a single address is accepted too), each with the
// position of its own item.
func (p *parser) addresses(v *yaml.Node, key string) []graph.Address {
	r := p.resolve(v)
	if r == nil || isNull(r) {
		return nil
	}
	items := []*yaml.Node{r}
	switch r.Kind {
	case yaml.SequenceNode:
		items = r.Content
	case yaml.MappingNode:
		p.errorAt(p.pos(r), fmt.Sprintf("%s: expected a list of addresses such as [\"10.0.0.5:8080\"], found a mapping", key))
		return nil
	}
	var out []graph.Address
	for _, it := range items {
		s := p.scalar(it, key, "an address such as 10.0.0.5:8080 or api.internal:443")
		if s == nil {
			continue
		}
		a, err := graph.ParseAddress(s.Value, 0)
		if err != nil {
			p.errorAt(p.pos(s), fmt.Sprintf("%s: %v", key, err))
			continue
		}
		a.Pos = p.pos(s)
		out = append(out, a)
	}
	return out
}
