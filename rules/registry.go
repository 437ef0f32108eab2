package rules

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/internal/textdist"
)

// All returns every rule, ordered by id.
func All() []*Rule {
	return []*Rule{
		idleTimeoutOrder, idleTimeoutMargin, tcpKeepaliveVsL4Idle,
		requestTimeoutOrder, retryBudget,
		tcpTimestampsMismatch, tcpTWRecycle, suspiciousUnit, measuredVsConfigured,
		parseError, unresolvedLink, suppressionWithoutReason, unusedSuppression, notInspected,
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
	sh := &shared{}
	for _, r := range All() {
		if r.check == nil || !cfg.enabled(r) {
			continue
		}
		// Each check appends to the one slice, so 5,000 findings are not copied again.
		p := &pass{rule: r, graph: g, cfg: cfg, findings: all, shared: sh}
		r.check(p)
		all = p.findings
	}
	return sortFindings(all)
}

// sortFindings orders findings by position, then rule id, and removes exact duplicates
// (the same rule at the same place with the same message, e.g. reached through two paths).
func sortFindings(all []Finding) []Finding {
	order := func(a, b Finding) int {
		return cmp.Or(a.Pos.Compare(b.Pos), strings.Compare(a.Rule.ID, b.Rule.ID), strings.Compare(a.Message, b.Message))
	}
	// A check reports in graph order, which is mostly file order: thousands of findings of
	// one rule often arrive sorted, and checking costs less than a stable sort.
	if !slices.IsSortedFunc(all, order) {
		slices.SortStableFunc(all, order)
	}
	return slices.CompactFunc(all, func(a, b Finding) bool {
		return a.Rule == b.Rule && a.Pos == b.Pos && a.Message == b.Message
	})
}

// Suggest returns the id of the rule whose id or name is closest to s, for "did you mean"
// messages, or "" when none is close.
func Suggest(s string) string {
	var candidates []string
	byCandidate := map[string]string{}
	for _, r := range All() {
		candidates = append(candidates, r.ID, r.Name)
		byCandidate[r.ID], byCandidate[r.Name] = r.ID, r.ID
	}
	return byCandidate[textdist.Nearest(s, candidates, 2)]
}
