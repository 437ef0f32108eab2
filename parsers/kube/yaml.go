package kube

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
)

// Limits that keep hostile input bounded: aliases may bring in at most maxAliasNodes nodes
// per file (a "billion laughs" document is refused, not expanded), and at most maxDocuments
// documents of a stream are read.
const (
	maxAliasNodes = 100000
	maxDocuments  = 10000
)

// file is one manifest file being read: its source for positions, its diagnostics, and the
// alias budget its walk has spent.
type file struct {
	rel   string
	src   *source
	diags []graph.Diagnostic

	expanded   int
	overBudget bool
	sizes      map[*yaml.Node]int
}

func (f *file) errorAt(pos graph.Pos, msg string) {
	f.diags = append(f.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: pos, Message: msg})
}

// pos returns the byte position of a node as yaml.v3 recorded it.
func (f *file) pos(n *yaml.Node) graph.Pos { return f.src.at(n.Line, n.Column) }

// documents decodes every document of the stream, up to maxDocuments. A syntax error ends
// the stream (yaml.v3 cannot resume after one); the documents before it are kept.
func (f *file) documents() []*yaml.Node {
	if pos, msg, bad := f.src.invalidChar(); bad {
		f.errorAt(pos, msg)
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(f.src.data))
	var docs []*yaml.Node
	for {
		doc := new(yaml.Node)
		err := decode(dec, doc)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			f.yamlError(err)
			return docs
		}
		if len(docs) == maxDocuments {
			f.errorAt(f.pos(doc), fmt.Sprintf("more than %d YAML documents in one file; the rest is not read", maxDocuments))
			return docs
		}
		docs = append(docs, doc)
	}
}

// decode runs yaml.v3, turning a panic inside it into an error: it is third-party code and
// a crash on one file must not end the scan.
func decode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the YAML parser failed: %v", r)
		}
	}()
	return dec.Decode(n)
}

// resolve follows an alias to its anchored node, charging the anchored subtree to the
// alias budget. It returns nil once the budget is spent, and callers then stop quietly.
func (f *file) resolve(n *yaml.Node) *yaml.Node {
	if n == nil || f.overBudget {
		return nil
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		return f.resolve(n.Content[0])
	}
	if n.Kind != yaml.AliasNode {
		return n
	}
	if n.Alias == nil { // yaml.v3 fails on undefined aliases; this only guards a nil
		return nil
	}
	f.expanded += f.size(n.Alias)
	if f.expanded > maxAliasNodes {
		f.overBudget = true
		f.errorAt(f.pos(n), fmt.Sprintf("YAML aliases here expand to more than %d nodes; the rest of the file is not read", maxAliasNodes))
		return nil
	}
	return f.resolve(n.Alias)
}

// size counts the nodes of a subtree without following aliases, memoised for anchored nodes.
func (f *file) size(n *yaml.Node) int {
	if n.Anchor != "" {
		if s, ok := f.sizes[n]; ok {
			return s
		}
	}
	s := 1
	for _, c := range n.Content {
		s += f.size(c)
	}
	if n.Anchor != "" {
		if f.sizes == nil {
			f.sizes = make(map[*yaml.Node]int)
		}
		f.sizes[n] = s
	}
	return s
}

// entry is a key and its value in a mapping, both resolved.
type entry struct {
	key, value *yaml.Node
}

// get returns the value of key in mapping n (nil when n is no mapping or lacks the key).
func (f *file) get(n *yaml.Node, key string) *yaml.Node {
	e := f.entry(n, key)
	return e.value
}

// entry returns key and value of key in mapping n.
func (f *file) entry(n *yaml.Node, key string) entry {
	n = f.resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return entry{}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := f.resolve(n.Content[i]); k != nil && k.Kind == yaml.ScalarNode && k.Value == key {
			return entry{key: k, value: f.resolve(n.Content[i+1])}
		}
	}
	return entry{}
}

// path follows keys from n.
func (f *file) path(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n = f.get(n, k); n == nil {
			return nil
		}
	}
	return n
}

// entries lists a mapping's scalar-keyed entries.
func (f *file) entries(n *yaml.Node) []entry {
	n = f.resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]entry, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := f.resolve(n.Content[i]), f.resolve(n.Content[i+1])
		if k != nil && v != nil && k.Kind == yaml.ScalarNode {
			out = append(out, entry{key: k, value: v})
		}
	}
	return out
}

// items lists a sequence's elements.
func (f *file) items(n *yaml.Node) []*yaml.Node {
	n = f.resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if c = f.resolve(c); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// str returns the value of a scalar node ("" for anything else).
func str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
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

// yamlError turns an error of yaml.v3 into a diagnostic. yaml.v3 gives only a line, and
// none when the problem is on the first line.
func (f *file) yamlError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if name, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
		name = strings.TrimSuffix(name, "' referenced")
		f.errorAt(f.aliasPos(name), fmt.Sprintf("YAML alias *%s refers to an anchor &%s that is not defined before it", name, name))
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
	f.errorAt(f.src.at(line, 1), "YAML syntax error: "+msg)
}

// aliasPos finds the first use of alias *name in the source (yaml.v3 does not say where
// the alias is).
func (f *file) aliasPos(name string) graph.Pos {
	needle := []byte("*" + name)
	for from := 0; from < len(f.src.data); {
		i := bytes.Index(f.src.data[from:], needle)
		if i < 0 {
			break
		}
		end := from + i + len(needle)
		if end == len(f.src.data) || !isAnchorChar(f.src.data[end]) {
			return f.src.offsetPos(from + i)
		}
		from = end
	}
	return graph.Pos{File: f.src.file}
}

// isAnchorChar reports whether yaml.v3 reads b as part of an anchor or alias name.
func isAnchorChar(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b == '_' || b == '-'
}
