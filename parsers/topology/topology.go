// Package topology reads tolint.yaml, the topology file at the root of a scan: the hops the
// configuration cannot show, names for parsed hops, values that override parsed ones, and
// explicit links. Every value keeps the line and column it was written at, and every
// mistake (unknown key, bad duration, unknown hop in a link) becomes a diagnostic there.
package topology

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// FileName is the name of the topology file; altFileName is accepted as well.
const (
	FileName    = "tolint.yaml"
	altFileName = "tolint.yml"
)

// IsTopologyFile reports whether the last element of a slash-separated path names a
// topology file. Whether it sits at the scan root is for the caller to check.
func IsTopologyFile(name string) bool {
	name = name[strings.LastIndexByte(name, '/')+1:]
	return name == FileName || name == altFileName
}

// Parse reads the topology file rel (root-relative) of t. It returns everything that could
// be read, also when there are errors: a mistake in one hop entry or link loses only that
// value, entry or link. The Topology is never nil.
func Parse(t *input.Tree, rel string) (*graph.Topology, []graph.Diagnostic) {
	file := t.Display(rel)
	data, err := t.ReadFile(rel)
	if err != nil {
		return &graph.Topology{File: file}, []graph.Diagnostic{{
			Kind:    graph.ParseError,
			Pos:     t.FilePos(rel),
			Message: "cannot read the topology file: " + err.Error(),
		}}
	}
	return parse(data, file, t.Exists)
}

// maxAliasNodes bounds the nodes that YAML aliases may bring in, so a "billion laughs"
// document is refused instead of expanded.
const maxAliasNodes = 100000

// maxSuggestCells bounds the work spent on "did you mean" (edit-distance table cells: a
// few tens of milliseconds).
const maxSuggestCells = 20000000

type parser struct {
	src    *yamlsrc.Source
	exists func(rel string) bool
	topo   *graph.Topology
	diags  []graph.Diagnostic

	// aliases counts nodes reached through aliases and stops the walk once they pass
	// maxAliasNodes.
	aliases yamlsrc.Aliases
	// merging holds the mappings whose merge keys are being expanded, to refuse cycles.
	merging map[*yaml.Node]bool
	// suggestBudget is what is left of maxSuggestCells.
	suggestBudget int
}

// parse reads a topology file's content; exists reports whether a root-relative file is in
// the scanned tree (for config:).
func parse(data []byte, file string, exists func(rel string) bool) (*graph.Topology, []graph.Diagnostic) {
	p := &parser{
		src:           yamlsrc.New(file, data),
		exists:        exists,
		topo:          &graph.Topology{File: file},
		suggestBudget: maxSuggestCells,
	}
	p.aliases = yamlsrc.Aliases{Limit: maxAliasNodes, Exceeded: func(n *yaml.Node) {
		p.errorAt(p.pos(n), fmt.Sprintf("YAML aliases here expand to more than %d nodes; the rest of the topology file is not read", maxAliasNodes))
	}}
	p.read()
	return p.topo, p.sortedDiags()
}

func (p *parser) read() {
	if pos, msg, bad := p.src.InvalidChar("the topology file"); bad {
		p.errorAt(pos, msg)
		return
	}
	dec := yaml.NewDecoder(bytes.NewReader(p.src.Data))
	var doc yaml.Node
	if err := yamlsrc.Decode(dec, &doc); err != nil {
		if !errors.Is(err, io.EOF) {
			p.yamlError(err)
		}
		return
	}
	p.document(&doc)
	var next yaml.Node
	switch err := yamlsrc.Decode(dec, &next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		p.yamlError(err)
	case len(next.Content) > 0 && !isNull(next.Content[0]):
		p.errorAt(p.pos(&next), "only the first YAML document is read; move these hops and links into the first one")
	}
}

func (p *parser) errorAt(pos graph.Pos, msg string) {
	p.diags = append(p.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: pos, Message: msg})
}

// sortedDiags orders diagnostics by position and drops repeats (a value reached through
// several aliases is reported once).
func (p *parser) sortedDiags() []graph.Diagnostic {
	slices.SortStableFunc(p.diags, func(a, b graph.Diagnostic) int {
		if a.Pos.Offset != b.Pos.Offset {
			return a.Pos.Offset - b.Pos.Offset
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col - b.Pos.Col
		}
		return strings.Compare(a.Message, b.Message)
	})
	return slices.CompactFunc(p.diags, func(a, b graph.Diagnostic) bool {
		return a.Pos == b.Pos && a.Message == b.Message
	})
}

// pos returns the position of a node as yaml.v3 recorded it (the start of its anchor or
// tag when it has one).
func (p *parser) pos(n *yaml.Node) graph.Pos { return p.src.At(n.Line, n.Column) }

// resolve follows an alias to its anchored node (see yamlsrc.Aliases).
func (p *parser) resolve(n *yaml.Node) *yaml.Node { return p.aliases.Resolve(n) }

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// describe names what a node is, for "expected X, found Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	default:
		return fmt.Sprintf("%q", n.Value)
	}
}

// document reads the top-level mapping: hops first, then links, which name hops.
func (p *parser) document(doc *yaml.Node) {
	if len(doc.Content) == 0 {
		return
	}
	root := p.resolve(doc.Content[0])
	if root == nil || isNull(root) {
		return
	}
	if root.Kind != yaml.MappingNode {
		p.errorAt(p.pos(root), fmt.Sprintf("the topology file must be a mapping with the keys hops and links, found %s", describe(root)))
		return
	}
	var hops, links *yaml.Node
	for _, e := range p.pairs(root, &topSection) {
		switch e.key.Value {
		case "hops":
			hops = e.value
		case "links":
			links = e.value
		}
	}
	if hops != nil {
		p.hops(hops)
	}
	if links != nil {
		p.links(links)
	}
}
