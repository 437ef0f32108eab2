package rules

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tolint/tolint/graph"
)

// All returns every rule, ordered by id.
func All() []*Rule {
	return []*Rule{
		idleTimeoutOrder, idleTimeoutMargin, tcpKeepaliveVsL4Idle,
		tcpTimestampsMismatch, tcpTWRecycle, suspiciousUnit,
		parseError, unresolvedLink, notInspected,
	}
}

// Lookup finds a rule by id ("TOL101", case-insensitive) or name ("idle-timeout-order").
func Lookup(idOrName string) *Rule {
	for _, r := range All() {
		if strings.EqualFold(r.ID, idOrName) || r.Name == idOrName {
			return r
		}
	}
	return nil
}

// Run checks the graph with every rule and returns the findings sorted by position, then
// rule id, with exact duplicates (the same rule at the same place with the same message,
// e.g. reached through two paths) removed.
func Run(g *graph.Graph, cfg Config) []Finding {
	if cfg.Margin == 0 {
		cfg.Margin = DefaultMargin
	}
	var all []Finding
	for _, r := range All() {
		p := &pass{rule: r, graph: g, cfg: cfg}
		r.check(p)
		all = append(all, p.findings...)
	}
	slices.SortStableFunc(all, func(a, b Finding) int {
		return cmp.Or(a.Pos.Compare(b.Pos), strings.Compare(a.Rule.ID, b.Rule.ID), strings.Compare(a.Message, b.Message))
	})
	return slices.CompactFunc(all, func(a, b Finding) bool {
		return a.Rule == b.Rule && a.Pos == b.Pos && a.Message == b.Message
	})
}
