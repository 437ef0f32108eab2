package topology

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
)

// parserProblems are the messages of yaml.v3's parser (as opposed to its scanner). For these
// it prints the 0-based line of the mark as "line N", so the line meant is N+1; scanner
// errors already print 1-based lines.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// yamlError turns an error of yaml.v3 into a diagnostic. yaml.v3 gives only a line, and
// none when the problem is on the first line.
func (p *parser) yamlError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if name, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
		name = strings.TrimSuffix(name, "' referenced")
		p.errorAt(p.aliasPos(name), fmt.Sprintf("YAML alias *%s refers to an anchor &%s that is not defined before it", name, name))
		return
	}
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, text
				if parserProblems[msg] {
					line++
				}
			}
		}
	}
	p.errorAt(p.src.LinePos(line), "YAML syntax error: "+msg)
}

// aliasPos finds the first use of alias *name in the source (a mention in a comment or
// string before it would be taken instead; yaml.v3 does not say where the alias is).
func (p *parser) aliasPos(name string) graph.Pos {
	needle := []byte("*" + name)
	for from := 0; from < len(p.src.Data); {
		i := bytes.Index(p.src.Data[from:], needle)
		if i < 0 {
			break
		}
		end := from + i + len(needle)
		if end == len(p.src.Data) || !isAnchorChar(p.src.Data[end]) {
			return p.src.OffsetPos(from + i)
		}
		from = end
	}
	return graph.Pos{File: p.src.File}
}

// isAnchorChar reports whether yaml.v3 reads b as part of an anchor or alias name.
func isAnchorChar(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b == '_' || b == '-'
}
