package kube

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
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
	src   *yamlsrc.Source
	diags []graph.Diagnostic

	aliases yamlsrc.Aliases
}

// newFile starts reading data, the file rel shown as display.
func newFile(rel, display string, data []byte) *file {
	f := &file{rel: rel, src: yamlsrc.New(display, data)}
	f.aliases = yamlsrc.Aliases{Limit: maxAliasNodes, Exceeded: func(n *yaml.Node) {
		f.errorAt(f.pos(n), fmt.Sprintf("YAML aliases here expand to more than %d nodes; the rest of the file is not read", maxAliasNodes))
	}}
	return f
}

func (f *file) errorAt(pos graph.Pos, msg string) {
	f.diags = append(f.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: pos, Message: msg})
}

// pos returns the byte position of a node as yaml.v3 recorded it.
func (f *file) pos(n *yaml.Node) graph.Pos { return f.src.At(n.Line, n.Column) }

// documents decodes every document of the stream, up to maxDocuments (see
// yamlsrc.Source.Documents).
func (f *file) documents() []*yaml.Node {
	return f.src.Documents(maxDocuments, "a Kubernetes manifest", f.errorAt, f.yamlError)
}

// resolve follows an alias to its anchored node (see yamlsrc.Aliases).
func (f *file) resolve(n *yaml.Node) *yaml.Node { return f.aliases.Resolve(n) }

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
func (f *file) items(n *yaml.Node) []*yaml.Node { return f.aliases.Items(n) }

// str returns the value of a scalar node ("" for anything else).
func str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// yamlError turns an error of yaml.v3 into a diagnostic. yaml.v3 gives only a line, and
// none when the problem is on the first line.
func (f *file) yamlError(err error) {
	if name, ok := yamlsrc.UnknownAnchor(err); ok {
		f.errorAt(f.src.AliasPos(name), fmt.Sprintf("YAML alias *%s refers to an anchor &%s that is not defined before it", name, name))
		return
	}
	line, msg := yamlsrc.ErrorLine(err)
	f.errorAt(f.src.At(line, 1), "YAML syntax error: "+msg)
}
