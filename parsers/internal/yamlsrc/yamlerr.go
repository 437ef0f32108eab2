package yamlsrc

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
)

// Decode runs yaml.v3, turning a panic inside it into an error: it is third-party code and
// a crash on one file must not end the scan.
func Decode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the YAML parser failed: %v", r)
		}
	}()
	return dec.Decode(n)
}

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

// ErrorLine splits an error of yaml.v3 ("yaml: line 3: did not find expected key") into the
// 1-based line it means and its message without the prefixes. yaml.v3 gives only a line,
// and none when the problem is on the first line: the line is then 1.
func ErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
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
	return line, msg
}

// UnknownAnchor returns the alias name of yaml.v3's "unknown anchor 'x' referenced" error.
func UnknownAnchor(err error) (string, bool) {
	name, ok := strings.CutPrefix(strings.TrimPrefix(err.Error(), "yaml: "), "unknown anchor '")
	return strings.TrimSuffix(name, "' referenced"), ok
}

// AliasPos finds the first use of alias *name in the source (a mention in a comment or
// string before it would be taken instead; yaml.v3 does not say where the alias is).
func (s *Source) AliasPos(name string) graph.Pos {
	needle := []byte("*" + name)
	for from := 0; from < len(s.Data); {
		i := bytes.Index(s.Data[from:], needle)
		if i < 0 {
			break
		}
		end := from + i + len(needle)
		if end == len(s.Data) || !isAnchorChar(s.Data[end]) {
			return s.OffsetPos(from + i)
		}
		from = end
	}
	return graph.Pos{File: s.File}
}

// isAnchorChar reports whether yaml.v3 reads b as part of an anchor or alias name.
func isAnchorChar(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b == '_' || b == '-'
}
