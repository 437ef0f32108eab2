// Package procfile reads a Procfile (Heroku, Dokku, foreman, honcho): one process type
// per line, "name: command", each command run by a shell.
package procfile

import (
	"path"
	"strings"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/cmdline"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// Process is one process type.
type Process struct {
	Name string
	// Pos is the name's position.
	Pos graph.Pos
	// Command is the shell text after the colon.
	Command cmdline.Form
}

// Sniff reports whether a file is a Procfile by its name (Procfile, Procfile.dev, ...).
func Sniff(rel string) bool {
	base := path.Base(rel)
	return base == "Procfile" || strings.HasPrefix(base, "Procfile.")
}

// Read reads a Procfile; file is the name positions carry. Blank lines and # comments are
// skipped; a line without "name:" is an error.
func Read(data []byte, file string) ([]Process, []graph.Diagnostic) {
	src := yamlsrc.New(file, data)
	text := string(data)
	var out []Process
	var diags []graph.Diagnostic
	for off := 0; off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		line := strings.TrimRight(text[off:end], "\r")
		trimmed := strings.TrimLeft(line, " \t")
		start := off + len(line) - len(trimmed)
		if trimmed != "" && trimmed[0] != '#' {
			name, cmd, ok := strings.Cut(trimmed, ":")
			if !ok || !validName(name) {
				diags = append(diags, graph.Diagnostic{Kind: graph.ParseError, Pos: src.NewlinePos(start),
					Message: "a Procfile line is \"name: command\""})
			} else {
				rest := strings.TrimLeft(cmd, " \t")
				at := start + len(name) + 1 + len(cmd) - len(rest)
				w := cmdline.Text(rest, func(i int) graph.Pos { return src.NewlinePos(at + i) })
				out = append(out, Process{Name: name, Pos: src.NewlinePos(start), Command: cmdline.Form{Shell: &w, Pos: src.NewlinePos(start)}})
			}
		}
		off = end + 1
	}
	return out, diags
}

// validName reports whether s can name a process type.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '_' && c != '-' && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
