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
	for _, r := range All() {
		if r.check == nil || !cfg.enabled(r) {
			continue
		}
		p := &pass{rule: r, graph: g, cfg: cfg}
		r.check(p)
		all = append(all, p.findings...)
	}
	return sortFindings(all)
}

// sortFindings orders findings by position, then rule id, and removes exact duplicates
// (the same rule at the same place with the same message, e.g. reached through two paths).
func sortFindings(all []Finding) []Finding {
	slices.SortStableFunc(all, func(a, b Finding) int {
		return cmp.Or(a.Pos.Compare(b.Pos), strings.Compare(a.Rule.ID, b.Rule.ID), strings.Compare(a.Message, b.Message))
	})
	return slices.CompactFunc(all, func(a, b Finding) bool {
		return a.Rule == b.Rule && a.Pos == b.Pos && a.Message == b.Message
	})
}

// Suggest returns the id of the rule whose id or name is closest to s, for "did you mean"
// messages, or "" when none is close.
func Suggest(s string) string {
	best, bestDist := "", 3
	upper := strings.ToUpper(s)
	for _, r := range All() {
		for _, cand := range []string{r.ID, strings.ToUpper(r.Name)} {
			if d := editDistance(upper, cand); d < bestDist {
				best, bestDist = r.ID, d
			}
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
