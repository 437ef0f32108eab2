package traefik

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// value is a node of a configuration read from YAML, TOML or command-line flags, with the
// positions of its key and its value. Traefik reads keys without regard to case.
type value struct {
	key  string
	kpos graph.Pos
	pos  graph.Pos
	// text is a scalar's text; number is set when it was written as a number.
	text   string
	scalar bool
	number bool
	// quoted: the value's position is its opening quote.
	quoted bool
	fields []*value
	items  []*value
	list   bool
	// index maps lower-cased keys to their last field, built for large maps so that
	// looking keys up while a file is read stays linear.
	index map[string]*value
}

// indexFrom is the number of fields from which get uses an index.
const indexFrom = 16

// get returns the field named key, case-insensitively (nil for a missing field or nil v).
func (v *value) get(key string) *value {
	if v == nil {
		return nil
	}
	if len(v.fields) >= indexFrom {
		if v.index == nil {
			v.index = make(map[string]*value, len(v.fields))
			for _, f := range v.fields {
				v.index[strings.ToLower(f.key)] = f
			}
		}
		return v.index[strings.ToLower(key)]
	}
	for i := len(v.fields) - 1; i >= 0; i-- {
		if strings.EqualFold(v.fields[i].key, key) {
			return v.fields[i]
		}
	}
	return nil
}

// add appends a field, keeping the index current.
func (v *value) add(f *value) {
	v.fields = append(v.fields, f)
	if v.index != nil {
		v.index[strings.ToLower(f.key)] = f
	}
}

// path follows keys from v.
func (v *value) path(keys ...string) *value {
	for _, k := range keys {
		v = v.get(k)
	}
	return v
}

// elems returns a list's items (nil for a missing value or nil v).
func (v *value) elems() []*value {
	if v == nil {
		return nil
	}
	return v.items
}

// str returns a scalar's text.
func (v *value) str() (string, bool) {
	if v == nil || !v.scalar {
		return "", false
	}
	return v.text, true
}

// strings returns a list of scalars, or a single scalar, as texts (flags write lists as
// "a,b").
func (v *value) strings() []string {
	if v == nil {
		return nil
	}
	if v.scalar {
		if v.text == "" {
			return nil
		}
		return strings.Split(v.text, ",")
	}
	var out []string
	for _, it := range v.items {
		if s, ok := it.str(); ok {
			out = append(out, s)
		}
	}
	return out
}

// child returns the field named key, adding an empty map field when there is none.
func (v *value) child(key string, at graph.Pos) *value {
	if c := v.get(key); c != nil {
		return c
	}
	c := &value{key: key, kpos: at, pos: at}
	v.add(c)
	return c
}

// fromYAML converts a yaml.v3 node, resolving aliases within the budget.
func fromYAML(n *yaml.Node, src *yamlsrc.Source, al *yamlsrc.Aliases, depth int) *value {
	n = al.Resolve(n)
	if n == nil || depth > maxDepth {
		return nil
	}
	v := &value{pos: at(src, n)}
	switch n.Kind {
	case yaml.ScalarNode:
		v.scalar, v.text = true, n.Value
		v.number = n.Tag == "!!int" || n.Tag == "!!float"
		v.quoted = n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
	case yaml.SequenceNode:
		v.list = true
		for _, c := range n.Content {
			if cv := fromYAML(c, src, al, depth+1); cv != nil {
				v.items = append(v.items, cv)
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := al.Resolve(n.Content[i])
			cv := fromYAML(n.Content[i+1], src, al, depth+1)
			if k == nil || k.Kind != yaml.ScalarNode || cv == nil {
				continue
			}
			cv.key, cv.kpos = k.Value, at(src, k)
			v.fields = append(v.fields, cv)
		}
	}
	return v
}

// at is a node's position, an empty value at the very end of the input moved onto the last
// byte so that every position lies inside the file.
func at(src *yamlsrc.Source, n *yaml.Node) graph.Pos {
	p := src.At(n.Line, n.Column)
	if last := len(src.Data) - 1; last >= 0 && p.Offset > last {
		return src.OffsetPos(last)
	}
	return p
}

// Arg is a command-line argument of a Traefik process with the position of its first
// character, as another format (a container's args, a compose command) found it.
type Arg struct {
	Text string
	Pos  graph.Pos
}

// fromFlags turns "--entrypoints.web.address=:80" arguments into a configuration tree.
// A flag without a value ("--api.insecure") is true. Arguments that are no flags are
// skipped (the traefik binary name, a subcommand).
func fromFlags(args []Arg) *value {
	root := &value{}
	for _, a := range args {
		text, ok := strings.CutPrefix(a.Text, "--")
		if !ok {
			continue
		}
		name, val, hasVal := strings.Cut(text, "=")
		if !hasVal {
			val = "true"
		}
		vpos := a.Pos
		if hasVal && val != "" {
			vpos.Col += 2 + len(name) + 1
			vpos.Offset += 2 + len(name) + 1
		}
		keys := strings.Split(name, ".")
		cur := root
		for _, k := range keys[:len(keys)-1] {
			cur = cur.child(k, a.Pos)
		}
		leaf := &value{key: keys[len(keys)-1], kpos: a.Pos, pos: vpos, text: val, scalar: true}
		cur.add(leaf)
	}
	return root
}
