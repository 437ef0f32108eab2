package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tolint/tolint/rules"
)

// GitHub writes one GitHub Actions workflow command per finding
// (::error file=F,line=L,col=C,title=TOL101 idle-timeout-order::message), which the runner
// turns into annotations on the pull request. Info findings become notices.
func GitHub(w io.Writer, findings []rules.Finding, _ Stats, _ Options) error {
	for i := range findings {
		f := &findings[i]
		var props []string
		if f.Pos.File != "" {
			props = append(props, "file="+githubProperty(f.Pos.File))
		}
		if f.Pos.Line > 0 {
			props = append(props, "line="+strconv.Itoa(f.Pos.Line))
			if f.Pos.Col > 0 {
				props = append(props, "col="+strconv.Itoa(f.Pos.Col))
			}
		}
		if id, name := ruleIdentity(f); id != "" {
			props = append(props, "title="+githubProperty(strings.TrimSpace(id+" "+name)))
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", githubCommand(severityOf(f)), strings.Join(props, ","), githubData(messageWithFix(f))); err != nil {
			return err
		}
	}
	return nil
}

func githubCommand(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	default:
		return "notice"
	}
}

// githubData escapes a command's message as the runner expects.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a property value, where ':' and ',' also separate.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
