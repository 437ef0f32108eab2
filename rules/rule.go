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
	// Bad and Good are small configurations shown in the docs: Bad gives a finding of the
	// rule, Good (its fix) gives none. A test lints both through the CLI.
	Bad, Good []ExampleFile
	// Live: the Bad example gives its finding only under tolint verify, against a live
	// endpoint; lint alone must still give nothing for Good.
	Live bool
	// check finds the rule's problems in the graph; nil for rules reported by a later step
	// (the suppression rules, reported by Suppress).
	check func(*pass)
}

// ExampleFile is one file of a rule's example: a path (with folders, as in a repository)
// and its text.
type ExampleFile struct {
	Name, Text string
}

// Config tunes the rules.
type Config struct {
	// Margin is how much shorter an opener's idle timeout must be than the far side's.
	Margin time.Duration
	// Off are rules not run; Severity overrides rules' default severities (.tolint.yaml).
	Off      map[*Rule]bool
	Severity map[*Rule]Severity
}

// enabled reports whether r runs under c.
func (c Config) enabled(r *Rule) bool { return !c.Off[r] }

// severityOf is r's severity under c.
func (c Config) severityOf(r *Rule) Severity {
	if s, ok := c.Severity[r]; ok {
		return s
	}
	return r.Severity
}

// DefaultMargin is the default of --margin.
const DefaultMargin = time.Second

// pass is what a check sees: the graph, the config, and where to put findings.
type pass struct {
	rule     *Rule
	graph    *graph.Graph
	cfg      Config
	findings []Finding
	// shared is what the checks of one Run derive from the graph alike; nil gives a fresh one.
	shared *shared
}

// shared holds what several checks derive from the graph, so one Run works it out once.
type shared struct {
	chains    *graph.Chains
	idle      []idleCase
	idleReady bool
}

func (p *pass) share() *shared {
	if p.shared == nil {
		p.shared = &shared{}
	}
	return p.shared
}

// requestChains returns the graph's request chains (TOL201 and TOL202 both walk them).
func (p *pass) requestChains() *graph.Chains {
	if sh := p.share(); sh.chains == nil {
		sh.chains = graph.RequestChains(p.graph)
	}
	return p.shared.chains
}

// idleCases returns the connections whose idle timeouts race (TOL101, TOL102 and TOL103
// each report one verdict of them).
func (p *pass) idleCases() []idleCase {
	if sh := p.share(); !sh.idleReady {
		sh.idle, sh.idleReady = idleCases(p.graph, p.cfg.Margin), true
	}
	return p.shared.idle
}

func (p *pass) report(f Finding) {
	f.Rule = p.rule
	if f.Severity == 0 {
		f.Severity = p.cfg.severityOf(p.rule)
	}
	p.findings = append(p.findings, f)
}
