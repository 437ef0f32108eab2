package rules

import (
	"fmt"
	"strings"

	"github.com/tolint/tolint/graph"
)

// Suppress removes the findings hidden by tolint:ignore comments: a suppression hides the
// findings of the rules it names whose primary location is on its line or the line below,
// or anywhere in its file for tolint:ignore-file. It adds TOL903 for each suppression
// without a reason and TOL904 for each that hides nothing or names no known rule (unless
// those rules are off). It returns the findings left, sorted as Run sorts them, and how many
// were hidden.
func Suppress(findings []Finding, sups []graph.Suppression, cfg Config) ([]Finding, int) {
	if len(sups) == 0 {
		return findings, 0
	}
	type target struct {
		file string
		line int
	}
	// byLine indexes line suppressions by the lines they cover, byFile the file-wide ones.
	byLine := map[target][]int{}
	byFile := map[string][]int{}
	rulesOf := make([][]*Rule, len(sups))
	used := make([]bool, len(sups))
	var out []Finding
	for i, s := range sups {
		for _, id := range s.Rules {
			if r := Lookup(id); r != nil {
				rulesOf[i] = append(rulesOf[i], r)
			}
		}
		if s.WholeFile {
			byFile[s.Pos.File] = append(byFile[s.Pos.File], i)
			continue
		}
		for _, line := range []int{s.Pos.Line, s.Pos.Line + 1} {
			t := target{s.Pos.File, line}
			byLine[t] = append(byLine[t], i)
		}
	}
	hides := func(i int, f *Finding) bool {
		for _, r := range rulesOf[i] {
			if r == f.Rule {
				used[i] = true
				return true
			}
		}
		return false
	}
	hidden := 0
	for _, f := range findings {
		hit := false
		// Every matching suppression is marked used, so two comments naming the same
		// finding are both "used", not one reported as stale.
		for _, i := range byLine[target{f.Pos.File, f.Pos.Line}] {
			hit = hides(i, &f) || hit
		}
		for _, i := range byFile[f.Pos.File] {
			hit = hides(i, &f) || hit
		}
		if hit {
			hidden++
			continue
		}
		out = append(out, f)
	}
	for i, s := range sups {
		if s.Reason == "" && len(rulesOf[i]) > 0 && cfg.enabled(suppressionWithoutReason) {
			out = append(out, Finding{Rule: suppressionWithoutReason, Severity: cfg.severityOf(suppressionWithoutReason), Pos: s.Pos,
				Message: fmt.Sprintf("%s gives no reason", describeSuppression(s)),
				Fix:     `add the reason after "--": ` + describeSuppression(s) + " -- why this finding is acceptable"})
		}
		if !used[i] && cfg.enabled(unusedSuppression) {
			if msg := unusedMessage(s, rulesOf[i], cfg); msg != "" {
				out = append(out, Finding{Rule: unusedSuppression, Severity: cfg.severityOf(unusedSuppression), Pos: s.Pos,
					Message: msg, Fix: "remove the comment, or correct the rule id"})
			}
		}
	}
	return sortFindings(out), hidden
}

func describeSuppression(s graph.Suppression) string {
	marker := "tolint:ignore"
	if s.WholeFile {
		marker = "tolint:ignore-file"
	}
	if len(s.Rules) == 0 {
		return marker
	}
	return marker + " " + strings.Join(s.Rules, ",")
}

// unusedMessage says why a suppression hid nothing, or "" when that is because every rule
// it names is off (turning a rule off must not make its suppressions noisy).
func unusedMessage(s graph.Suppression, known []*Rule, cfg Config) string {
	if len(s.Rules) == 0 {
		return describeSuppression(s) + " names no rule (write the rule id, e.g. tolint:ignore TOL101 -- reason)"
	}
	var unknown []string
	for _, id := range s.Rules {
		if Lookup(id) == nil {
			u := fmt.Sprintf("%q is not a rule", id)
			if near := Suggest(id); near != "" {
				u += fmt.Sprintf(" (did you mean %s?)", near)
			}
			unknown = append(unknown, u)
		}
	}
	if len(unknown) > 0 {
		return describeSuppression(s) + " hides nothing: " + strings.Join(unknown, "; ")
	}
	allOff := true
	for _, r := range known {
		allOff = allOff && !cfg.enabled(r)
	}
	if allOff {
		return ""
	}
	where := "on this line or the next"
	if s.WholeFile {
		where = "in this file"
	}
	return fmt.Sprintf("%s hides nothing: no such finding %s", describeSuppression(s), where)
}
