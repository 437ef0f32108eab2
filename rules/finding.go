// Package rules holds tolint's checks. Each rule is declared once, as data (id, name,
// severity, summary, explanation) next to its check; `tolint rules`, `tolint explain` and
// the docs are generated from those declarations. Rules see only the graph, never a file
// format.
package rules

import (
	"fmt"
	"strings"

	"github.com/tolint/tolint/graph"
)

// Severity of a finding.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	default:
		return "none"
	}
}

// ParseSeverity reads "error", "warning", "info" or "none" (0, above every severity).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	case "none":
		return Error + 1, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning, info or none)", s)
}

// Location is a position with a short message saying what is there.
type Location struct {
	Pos     graph.Pos
	Message string
}

// Finding is one problem: the value to change, the other side's lines, why, and the fix.
type Finding struct {
	Rule     *Rule
	Severity Severity
	// Message is one line: both values and the hop path.
	Message string
	// Pos is the value to change, or the block that relies on a default.
	Pos     graph.Pos
	Related []Location
	// Path is the hops the finding concerns, in connection order.
	Path []string
	// Fix says what to change, with numbers.
	Fix string
	// Key names what the finding is about within its hops (the pool and setting), without
	// values or lines, so that a baseline entry survives edits elsewhere in the file.
	Key string
}
