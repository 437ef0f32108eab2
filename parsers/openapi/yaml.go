package openapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// maxAliasNodes bounds what aliases may bring into one spec's walk, so a "billion laughs"
// file is refused, not expanded.
const maxAliasNodes = 100000

// file is one spec being read: its source for positions, its diagnostics, and the alias
// budget its walk has spent.
type file struct {
	src     *yamlsrc.Source
	diags   []graph.Diagnostic
	aliases yamlsrc.Aliases
}

func newFile(display string, data []byte) *file {
	f := &file{src: yamlsrc.New(display, data)}
	f.aliases = yamlsrc.Aliases{Limit: maxAliasNodes, Exceeded: func(n *yaml.Node) {
		f.errorAt(f.pos(n), fmt.Sprintf("YAML aliases here expand to more than %d nodes; the rest of the spec is not read", maxAliasNodes))
	}}
	return f
}

func (f *file) errorAt(at graph.Pos, msg string) {
	f.diags = append(f.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: at, Message: msg})
}

func (f *file) notInspected(at graph.Pos, msg string) {
	f.diags = append(f.diags, graph.Diagnostic{Kind: graph.NotInspected, Pos: at, Message: msg})
}

// pos converts yaml.v3's character column to a byte position. An empty value at the very
// end of the input ("timeoutInMillis:" without newline) sits past the last byte; it is
// shown at the last byte instead, so that every position lies inside the file.
func (f *file) pos(n *yaml.Node) graph.Pos {
	p := f.src.At(n.Line, n.Column)
	if last := len(f.src.Data) - 1; last >= 0 && p.Offset > last {
		return f.src.OffsetPos(last)
	}
	return p
}

// document decodes the spec's first YAML document (a spec is one document; JSON is YAML).
// It returns nil after reporting a syntax error, and for an empty file.
func (f *file) document() *yaml.Node {
	if at, msg, bad := f.src.InvalidChar("an OpenAPI spec"); bad {
		f.errorAt(at, msg)
		return nil
	}
	var doc yaml.Node
	err := yamlsrc.Decode(yaml.NewDecoder(bytes.NewReader(f.src.Data)), &doc)
	switch {
	case errors.Is(err, io.EOF):
		return nil
	case err != nil:
		if name, ok := yamlsrc.UnknownAnchor(err); ok {
			f.errorAt(f.src.AliasPos(name), fmt.Sprintf("YAML alias *%s refers to an anchor &%s that is not defined before it", name, name))
			return nil
		}
		line, msg := yamlsrc.ErrorLine(err)
		at := f.src.At(line, 1)
		if i := bytes.Index(f.src.Data[at.Offset:f.src.LineEnd(at.Line-1)], []byte(`\/`)); i >= 0 && msg == "found unknown escape character" {
			// JSON allows "\/" for "/"; YAML, which tolint reads JSON as, does not.
			f.errorAt(f.src.OffsetPos(at.Offset+i), `the JSON escape \/ cannot be read (tolint reads JSON as YAML, which has no such escape); write / instead`)
			return nil
		}
		f.errorAt(at, "YAML syntax error: "+msg)
		return nil
	}
	return f.aliases.Resolve(&doc)
}

// entry is a key and its value in a mapping, both resolved.
type entry struct {
	key, value *yaml.Node
}

// entry returns key and value of key in mapping n (zero when n is no mapping or lacks it).
func (f *file) entry(n *yaml.Node, key string) entry {
	n = f.aliases.Resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return entry{}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := f.aliases.Resolve(n.Content[i]); k != nil && k.Kind == yaml.ScalarNode && k.Value == key {
			if v := f.aliases.Resolve(n.Content[i+1]); v != nil {
				return entry{key: k, value: v}
			}
		}
	}
	return entry{}
}

// get returns the value of key in mapping n.
func (f *file) get(n *yaml.Node, key string) *yaml.Node { return f.entry(n, key).value }

// entries lists a mapping's scalar-keyed entries in document order.
func (f *file) entries(n *yaml.Node) []entry {
	n = f.aliases.Resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]entry, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := f.aliases.Resolve(n.Content[i]), f.aliases.Resolve(n.Content[i+1])
		if k != nil && v != nil && k.Kind == yaml.ScalarNode {
			out = append(out, entry{key: k, value: v})
		}
	}
	return out
}

// str returns the text of a scalar node ("" for anything else and for null).
func str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// pointer follows a local JSON pointer ("#/components/x-amazon-apigateway-integrations/a")
// from the document root; ok is false when it names nothing in this file.
func (f *file) pointer(root *yaml.Node, ref string) (*yaml.Node, bool) {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, false
	}
	n := root
	for part := range strings.SplitSeq(rest, "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		switch n = f.aliases.Resolve(n); {
		case n == nil:
			return nil, false
		case n.Kind == yaml.SequenceNode:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil, false
			}
			n = n.Content[i]
		default:
			if n = f.get(n, part); n == nil {
				return nil, false
			}
		}
	}
	n = f.aliases.Resolve(n)
	return n, n != nil
}
