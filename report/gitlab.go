package report

import (
	"encoding/json"
	"io"

	"github.com/tolint/tolint/rules"
)

// GitLab Code Quality report: a JSON array of issues.
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string `json:"path"`
	Lines struct {
		Begin int `json:"begin"`
	} `json:"lines"`
}

// GitLab writes a GitLab Code Quality report, findings in the order given. The fingerprint
// is the one SARIF carries, so it survives edits elsewhere in the file. A finding without a
// line points at line 1, since GitLab requires one.
func GitLab(w io.Writer, findings []rules.Finding, _ Stats, _ Options) error {
	issues := make([]gitlabIssue, len(findings))
	for i := range findings {
		f := &findings[i]
		id, _ := ruleIdentity(f)
		is := gitlabIssue{
			Description: messageWithFix(f),
			CheckName:   id,
			Fingerprint: f.Fingerprint(),
			Severity:    gitlabSeverity(severityOf(f)),
		}
		is.Location.Path = f.Pos.File
		is.Location.Lines.Begin = max(f.Pos.Line, 1)
		issues[i] = is
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(issues)
}

func gitlabSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "major"
	case rules.Warning:
		return "minor"
	default:
		return "info"
	}
}
