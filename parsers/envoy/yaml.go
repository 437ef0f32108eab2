package envoy

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// Limits that keep hostile input bounded: aliases may bring in at most maxAliasNodes nodes
// per file (a "billion laughs" document is refused, not expanded), and at most
// maxDocuments documents of a stream are read.
const (
	maxAliasNodes = 100000
	maxDocuments  = 1000
)

// file is one Envoy file being read: its source for positions, its diagnostics, the alias
// budget its walk has spent, and what it defines.
type file struct {
	rel   string
	src   *yamlsrc.Source
	diags []graph.Diagnostic

	aliases yamlsrc.Aliases
	// reported holds duplicate keys already reported.
	reported map[*yaml.Node]bool

	listeners []*listener
	clusters  []*cluster
	routes    []*routeConfig
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
	return f.src.Documents(maxDocuments, "an Envoy configuration", f.errorAt, f.yamlError)
}

// yamlError turns a yaml.v3 error ("yaml: line 3: did not find expected key") into a
// diagnostic on that line.
func (f *file) yamlError(err error) {
	line, msg := yamlsrc.ErrorLine(err)
	f.errorAt(f.src.LinePos(line), "YAML syntax error: "+msg)
}

// resolve follows an alias to its anchored node (see yamlsrc.Aliases).
func (f *file) resolve(n *yaml.Node) *yaml.Node { return f.aliases.Resolve(n) }

// field is a key and its value in a mapping, both resolved; the zero field is "absent".
type field struct {
	key, value *yaml.Node
}

func (e field) ok() bool { return e.value != nil }

// get returns the field named name (snake_case) in mapping n, also when written in
// lowerCamelCase, as the proto JSON mapping allows both.
func (f *file) get(n *yaml.Node, name string) field {
	n = f.resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return field{}
	}
	found := -1
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind == yaml.ScalarNode && protoName(k.Value, name) {
			if found >= 0 {
				f.duplicate(n.Content[found], k)
			}
			found = i
		}
	}
	if found < 0 {
		return field{}
	}
	if v := f.resolve(n.Content[found+1]); v != nil {
		return field{key: n.Content[found], value: v}
	}
	return field{}
}

// duplicate reports a key written twice in one mapping (once, however often it is read).
func (f *file) duplicate(first, again *yaml.Node) {
	if f.reported[again] {
		return
	}
	if f.reported == nil {
		f.reported = make(map[*yaml.Node]bool)
	}
	f.reported[again] = true
	f.errorAt(f.pos(again), fmt.Sprintf("duplicate key %s (first at line %d): YAML requires unique keys; the last one is read", again.Value, first.Line))
}

// path follows nested fields from n.
func (f *file) path(n *yaml.Node, names ...string) field {
	var e field
	for _, name := range names {
		if e = f.get(n, name); !e.ok() {
			return field{}
		}
		n = e.value
	}
	return e
}

// protoName reports whether key is the proto field snake (e.g. "idle_timeout") as written
// in snake_case or in lowerCamelCase ("idleTimeout"), without allocating.
func protoName(key, snake string) bool {
	if key == snake {
		return true
	}
	i, j := 0, 0
	for ; i < len(key) && j < len(snake); i, j = i+1, j+1 {
		c := snake[j]
		if c == '_' && j+1 < len(snake) {
			j++
			c = snake[j]
			if c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
		}
		if key[i] != c {
			return false
		}
	}
	return i == len(key) && j == len(snake)
}

// items lists a sequence's elements.
func (f *file) items(n *yaml.Node) []*yaml.Node { return f.aliases.Items(n) }

// entries calls fn for each scalar-keyed entry of a mapping.
func (f *file) entries(n *yaml.Node, fn func(e field)) {
	n = f.resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], f.resolve(n.Content[i+1])
		if v != nil && k.Kind == yaml.ScalarNode {
			fn(field{key: k, value: v})
		}
	}
}

// str returns the value of a scalar node ("" for anything else).
func str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// has reports whether mapping n has any of the named fields.
func (f *file) has(n *yaml.Node, names ...string) bool {
	for _, name := range names {
		if f.get(n, name).ok() {
			return true
		}
	}
	return false
}
