package rules

import (
	"time"

	"github.com/tolint/tolint/graph"
)

// Rule is one check, declared as data plus a function.
type Rule struct {
	ID       string
	Name     string
	Severity Severity
	// Summary is one line for `tolint rules`.
	Summary string
	// Explanation is the long text for `tolint explain` and docs: why it breaks, a real
	// incident, how to fix. Markdown.
	Explanation string
	check       func(*pass)
}

// Config tunes the rules.
type Config struct {
	// Margin is how much shorter an opener's idle timeout must be than the far side's.
	Margin time.Duration
}

// DefaultMargin is the default of --margin.
const DefaultMargin = time.Second

// pass is what a check sees: the graph, the config, and where to put findings.
type pass struct {
	rule     *Rule
	graph    *graph.Graph
	cfg      Config
	findings []Finding
}

func (p *pass) report(f Finding) {
	f.Rule = p.rule
	if f.Severity == 0 {
		f.Severity = p.rule.Severity
	}
	p.findings = append(p.findings, f)
}
