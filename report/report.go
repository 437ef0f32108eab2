// Package report writes tolint's findings for people (text), for programs (JSON) and for CI
// tools (SARIF, GitHub workflow commands, Checkstyle, JUnit, GitLab Code Quality). It only
// prints what it is given: it knows nothing of the rules' logic or of configuration formats,
// and it prints findings in the order given (the caller sorts).
package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tolint/tolint/rules"
)

// Stats describes the scan behind the findings.
type Stats struct {
	Files, Hops, Links, Segments int
	Duration                     time.Duration
	// Hidden counts findings left out of the report, by what hid them.
	Hidden []Hidden
}

// Hidden is a number of findings hidden by one means ("tolint:ignore comments", "the
// baseline .tolint-baseline.json", "lines unchanged since main").
type Hidden struct {
	Count int    `json:"count"`
	By    string `json:"by"`
}

// HiddenSummary is "3 hidden: 1 by tolint:ignore comments, 2 by the baseline x", or "".
func (s Stats) HiddenSummary() string {
	total := 0
	parts := make([]string, 0, len(s.Hidden))
	for _, h := range s.Hidden {
		if h.Count > 0 {
			total += h.Count
			parts = append(parts, fmt.Sprintf("%d by %s", h.Count, h.By))
		}
	}
	if total == 0 {
		return ""
	}
	return fmt.Sprintf("%d hidden: %s", total, strings.Join(parts, ", "))
}

// Options tune the output.
type Options struct {
	// Color turns on ANSI colour in text. The CLI decides (a terminal, NO_COLOR unset).
	Color bool
	// Source gives the text under each location; nil prints no excerpts.
	Source SourceReader
	// Version is tolint's version, recorded in JSON.
	Version string
	// Quiet leaves out the text summary, so a clean run prints nothing.
	Quiet bool
}

// SourceReader returns line N (1-based) of a file named as findings print it.
type SourceReader interface {
	Line(file string, line int) (string, bool)
}

// writers maps each format name to its writer, in the order Formats lists them.
var writers = []struct {
	name  string
	write func(io.Writer, []rules.Finding, Stats, Options) error
}{
	{"text", Text},
	{"json", JSON},
	{"sarif", SARIF},
	{"github", GitHub},
	{"checkstyle", Checkstyle},
	{"junit", JUnit},
	{"gitlab", GitLab},
}

// Formats lists the names Write accepts.
func Formats() []string {
	names := make([]string, len(writers))
	for i, w := range writers {
		names[i] = w.name
	}
	return names
}

// Write prints findings in the named format.
func Write(format string, w io.Writer, findings []rules.Finding, stats Stats, opts Options) error {
	for _, wr := range writers {
		if wr.name == format {
			return wr.write(w, findings, stats, opts)
		}
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats(), " or "))
}

// severityOf is the finding's severity, falling back to its rule's default for findings
// built without one.
func severityOf(f *rules.Finding) rules.Severity {
	if f.Severity == 0 && f.Rule != nil {
		return f.Rule.Severity
	}
	return f.Severity
}

func ruleIdentity(f *rules.Finding) (id, name string) {
	if f.Rule == nil {
		return "", ""
	}
	return f.Rule.ID, f.Rule.Name
}
