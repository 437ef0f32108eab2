package spring

import (
	"strings"

	"github.com/tolint/tolint/graph"
)

// props is the merged view of the documents that apply, in the order keys first appeared.
type props struct {
	list  []entry
	index map[string]int
}

func (p *props) get(uniform string) (entry, bool) {
	i, ok := p.index[uniform]
	if !ok {
		return entry{}, false
	}
	return p.list[i], true
}

// merge applies the documents that are active for the given profiles; a later document
// overrides an earlier one, key by key, as Spring's property sources do.
func merge(docs []document, profiles []string) (*props, []graph.Diagnostic) {
	p := &props{index: map[string]int{}}
	var diags []graph.Diagnostic
	for _, d := range docs {
		cond, at, has := condition(d)
		if has {
			ok, err := matchProfiles(cond, profiles)
			if err != "" {
				diags = append(diags, graph.Diagnostic{Kind: graph.ParseError, Pos: at, Message: "profile expression " + quote(cond) + ": " + err})
				continue
			}
			if !ok {
				continue
			}
		}
		for _, e := range d.entries {
			if e.null {
				continue
			}
			if i, ok := p.index[e.uniform]; ok {
				p.list[i] = e
				continue
			}
			p.index[e.uniform] = len(p.list)
			p.list = append(p.list, e)
		}
	}
	return p, diags
}

// condition is the profile condition of a document: spring.config.activate.on-profile
// (Spring Boot 2.4+) or the older spring.profiles, either as one expression or a list
// (any item may match).
func condition(d document) (expr string, at graph.Pos, has bool) {
	var parts []string
	for _, e := range d.entries {
		u := e.uniform
		for _, name := range []string{"spring.config.activate.onprofile", "spring.profiles"} {
			rest, ok := strings.CutPrefix(u, name)
			if !ok || rest != "" && !isIndex(rest) {
				continue
			}
			if !has {
				at = e.pos
			}
			has = true
			parts = append(parts, e.value)
		}
	}
	return strings.Join(parts, ","), at, has
}

// matchProfiles evaluates a profile expression as Spring's Profiles.of does: items
// separated by commas match if any does; an item may combine profiles with | and &,
// negate one with !, and group with parentheses.
func matchProfiles(expr string, active []string) (bool, string) {
	matched := false
	for _, item := range strings.Split(expr, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return false, "empty profile"
		}
		pe := &profileExpr{s: item, active: active}
		ok := pe.or()
		if pe.err == "" && pe.i < len(pe.s) {
			pe.err = "unexpected " + quote(pe.s[pe.i:])
		}
		if pe.err != "" {
			return false, pe.err
		}
		matched = matched || ok
	}
	return matched, ""
}

type profileExpr struct {
	s      string
	i      int
	active []string
	err    string
	depth  int
}

func (p *profileExpr) skip() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *profileExpr) or() bool {
	v := p.and()
	for p.skip(); p.err == "" && p.i < len(p.s) && p.s[p.i] == '|'; p.skip() {
		p.i++
		w := p.and()
		v = v || w
	}
	return v
}

func (p *profileExpr) and() bool {
	v := p.unary()
	for p.skip(); p.err == "" && p.i < len(p.s) && p.s[p.i] == '&'; p.skip() {
		p.i++
		w := p.unary()
		v = v && w
	}
	return v
}

func (p *profileExpr) unary() bool {
	p.skip()
	if p.i >= len(p.s) {
		p.err = "a profile name is missing"
		return false
	}
	switch p.s[p.i] {
	case '!', '(':
		p.depth++
		if p.depth > 50 {
			p.err = "nested too deep"
			return false
		}
	}
	switch p.s[p.i] {
	case '!':
		p.i++
		v := !p.unary()
		p.depth--
		return v
	case '(':
		p.i++
		v := p.or()
		p.skip()
		if p.i >= len(p.s) || p.s[p.i] != ')' {
			if p.err == "" {
				p.err = "missing ')'"
			}
			return false
		}
		p.i++
		p.depth--
		return v
	}
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune("!&|() ", rune(p.s[p.i])) {
		p.i++
	}
	if start == p.i {
		p.err = "a profile name is missing at " + quote(p.s[p.i:])
		return false
	}
	name := p.s[start:p.i]
	for _, a := range p.active {
		if a == name {
			return true
		}
	}
	return false
}

func quote(s string) string { return "\"" + s + "\"" }

// activeProfiles are the profiles --profile names (comma-separated), or Spring's
// "default" profile when none is named.
func activeProfiles(profile string) []string {
	var out []string
	for _, p := range strings.Split(profile, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		out = []string{"default"}
	}
	return out
}

// isIndex reports a list index "[N]".
func isIndex(s string) bool {
	return len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' && isDigits(s[1:len(s)-1])
}
