package rules

import (
	"fmt"
	"unicode/utf8"

	"github.com/tolint/tolint/graph"
)

var parseError = &Rule{
	ID:       "TOL901",
	Name:     "parse-error",
	Severity: Error,
	Summary:  "a file could not be read or parsed",
	Explanation: `A configuration file (or part of it) could not be read: it is binary, too large, unreadable,
has a syntax error (an unterminated quote or block), an invalid value (a duration tolint cannot
read), an include cycle, or the topology file has an unknown key or hop name. tolint reports where
and lints everything else; settings it could not read are treated as unknown, so findings that
depend on them are missing until the error is fixed.

Fix: correct the file at the position given. If the file is not a configuration file at all,
exclude it from the scan.`,
	Bad: []ExampleFile{
		{Name: "nginx.conf", Text: `events {}
http {
    server {
        listen 80;
        keepalive_timeout 75s
    }
}
`},
	},
	Good: []ExampleFile{
		{Name: "nginx.conf", Text: `events {}
http {
    server {
        listen 80;
        keepalive_timeout 75s;
    }
}
`},
	},
	check: func(p *pass) { reportDiags(p, graph.ParseError) },
}

func reportDiags(p *pass, kind graph.DiagKind) {
	for _, d := range p.graph.Diags {
		if d.Kind == kind {
			p.report(Finding{Pos: d.Pos, Message: capMessage(d.Message)})
		}
	}
}

// maxMessage bounds a parser's message: one quoting a hostile value (a 200 KB expression)
// must not flood the report.
const maxMessage = 400

func capMessage(msg string) string {
	if len(msg) <= maxMessage {
		return msg
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes)", msg[:cut], len(msg)-cut)
}
