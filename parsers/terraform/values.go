package terraform

import (
	"fmt"
	"math/big"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/tolint/tolint/graph"
)

// attrOf reads one attribute of a block body (nil when absent).
func attrOf(body hcl.Body, name string) *hcl.Attribute {
	return attributes(body, name)[name]
}

// value evaluates an attribute; ok is false when it is absent or null.
func (m *module) value(a *hcl.Attribute) (cty.Value, bool) {
	if a == nil {
		return cty.NilVal, false
	}
	v := m.eval(a.Expr)
	if v.IsKnown() && v.IsNull() {
		return v, false
	}
	return v, true
}

// str returns an attribute's value when it is a known string (or a number, as Terraform
// converts either way).
func (m *module) str(body hcl.Body, name string) (string, bool) {
	v, ok := m.value(attrOf(body, name))
	if !ok || !v.IsWhollyKnown() {
		return "", false
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil || s.IsNull() {
		return "", false
	}
	return s.AsString(), true
}

// integer returns an attribute's value when it is a known whole number.
func (m *module) integer(body hcl.Body, name string) (int64, bool) {
	v, ok := m.value(attrOf(body, name))
	if !ok || !v.IsWhollyKnown() {
		return 0, false
	}
	n, err := convert.Convert(v, cty.Number)
	if err != nil || n.IsNull() {
		return 0, false
	}
	i, acc := n.AsBigFloat().Int64()
	if acc != big.Exact {
		return 0, false
	}
	return i, true
}

// boolean returns an attribute's value when it is a known bool.
func (m *module) boolean(body hcl.Body, name string) (bool, bool) {
	v, ok := m.value(attrOf(body, name))
	if !ok || !v.IsWhollyKnown() {
		return false, false
	}
	b, err := convert.Convert(v, cty.Bool)
	if err != nil || b.IsNull() {
		return false, false
	}
	return b.True(), true
}

// duration reads a timeout attribute written as a number of units; an absent one is the
// catalogue default of software's setting, with Pos at the block relying on it (def).
// A value tolint cannot know (a data source, a variable without a value) is an unset
// setting at the attribute, saying why.
func (m *module) duration(body hcl.Body, name string, unit time.Duration, software, setting string, def hcl.Range) graph.DurationSetting {
	p := m.b.p
	a := attrOf(body, name)
	v, ok := m.value(a)
	if !ok {
		s, _ := graph.DefaultDuration(software, "", setting, p.pos(def))
		return s
	}
	rng, note := m.origin(a.Expr, 0)
	s := graph.DurationSetting{Pos: p.pos(rng), Key: name, Raw: p.raw(rng), BareUnit: unit, Note: note}
	if !v.IsWhollyKnown() {
		s.Pos, s.Raw = p.pos(a.Expr.Range()), p.raw(a.Expr.Range())
		s.Note = "unknown until terraform apply: " + s.Raw
		return s
	}
	n, err := convert.Convert(v, cty.Number)
	var secs int64
	exact := big.Exact
	if err == nil && !n.IsNull() {
		secs, exact = n.AsBigFloat().Int64()
	}
	if err != nil || n.IsNull() || exact != big.Exact || secs < 0 || secs > int64(1<<40) {
		m.b.diags = append(m.b.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: s.Pos,
			Message: fmt.Sprintf("%s: want a whole number of %s, got %s", name, graph.UnitName(unit), s.Raw)})
		return graph.DurationSetting{}
	}
	s.Value, s.Origin = graph.Dur(time.Duration(secs)*unit), graph.Explicit
	return s
}
