package spring

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// maxYAMLNodes bounds the walk of one file, so that aliases nested into each other (a
// "billion laughs" file) cannot make it explode.
const maxYAMLNodes = 200000

// readYAML reads every document of a YAML file and flattens each to properties, as Spring
// does: nested keys joined with dots, list items as [N], a key written "[a.b]" kept whole.
func readYAML(src *yamlsrc.Source) ([]document, []graph.Diagnostic) {
	var docs []document
	var diags []graph.Diagnostic
	dec := yaml.NewDecoder(bytes.NewReader(src.Data))
	budget := maxYAMLNodes
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			diags = append(diags, yamlDiag(src, err))
			break
		}
		d := document{pos: src.NewlinePos(src.Offset(n.Line, n.Column))}
		w := &flattener{src: src, budget: &budget}
		w.walk(&n, "", 0)
		d.entries = w.entries
		if w.exhausted {
			diags = append(diags, graph.Diagnostic{Kind: graph.ParseError, Pos: d.pos,
				Message: "YAML document expands to more than " + strconv.Itoa(maxYAMLNodes) + " values through its aliases; the rest is not read"})
			docs = append(docs, d)
			break
		}
		docs = append(docs, d)
	}
	return docs, diags
}

type flattener struct {
	src       *yamlsrc.Source
	entries   []entry
	budget    *int
	exhausted bool
}

func (w *flattener) walk(n *yaml.Node, prefix string, depth int) {
	if w.exhausted {
		return
	}
	*w.budget--
	if *w.budget < 0 || depth > 200 {
		w.exhausted = true
		return
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			w.walk(c, prefix, depth+1)
		}
	case yaml.AliasNode:
		if n.Alias != nil {
			w.walk(n.Alias, prefix, depth+1)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			w.walk(c, prefix+"["+strconv.Itoa(i)+"]", depth+1)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
				// A merge key adds the aliased mapping's keys at this level.
				w.walk(v, prefix, depth+1)
				continue
			}
			w.walk(v, joinKey(prefix, k.Value), depth+1)
		}
	case yaml.ScalarNode:
		if prefix == "" {
			return
		}
		w.entries = append(w.entries, entry{key: prefix, uniform: uniformKey(prefix), value: n.Value,
			pos: w.src.NewlinePos(w.src.Offset(n.Line, n.Column)), null: n.Tag == "!!null"})
	}
}

// joinKey appends a mapping key to a property path; a key in brackets is a map key that
// Spring keeps whole, so no dot is added before it.
func joinKey(prefix, key string) string {
	switch {
	case prefix == "":
		return key
	case strings.HasPrefix(key, "["):
		return prefix + key
	}
	return prefix + "." + key
}

// yamlDiag turns a yaml.v3 error (which carries only a line) into a diagnostic.
func yamlDiag(src *yamlsrc.Source, err error) graph.Diagnostic {
	line, msg := yamlsrc.ErrorLine(err)
	return graph.Diagnostic{Kind: graph.ParseError, Pos: src.NewlineLinePos(line), Message: "YAML syntax error: " + msg}
}
