package sysctl

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// moduleNames are the names under which Ansible's sysctl module is called: the short
// name, the collection it moved to in Ansible 2.10, and the builtin name people write.
var moduleNames = map[string]bool{
	"sysctl": true, "ansible.posix.sysctl": true, "ansible.builtin.sysctl": true,
}

// taskLists are the keys of plays and blocks that hold further tasks.
var taskLists = map[string]bool{
	"tasks": true, "pre_tasks": true, "post_tasks": true, "handlers": true,
	"block": true, "rescue": true, "always": true,
}

// maxDepth bounds the nesting of plays and blocks followed, so that a hostile file cannot
// exhaust the stack.
const maxDepth = 64

type ansible struct {
	s   *settings
	src *yamlsrc.Source
	// seen holds the lists and tasks already read: an alias may name one many times, and
	// nested aliases would otherwise make the work exponential in the file's size.
	seen map[*yaml.Node]bool
	// loopBudget bounds the loop items read in all (aliases can repeat a long loop).
	loopBudget int
}

// maxLoopItems is far more loop items than any real task file holds.
const maxLoopItems = 1 << 16

// readAnsible reads the sysctl tasks of an Ansible task file or playbook (every YAML
// document of it).
func readAnsible(s *settings, data []byte) {
	a := &ansible{s: s, src: yamlsrc.New(s.file, data), seen: map[*yaml.Node]bool{}, loopBudget: maxLoopItems}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := yamlsrc.Decode(dec, &doc)
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			line, msg := yamlsrc.ErrorLine(err)
			s.errorAt(a.src.NewlineLinePos(line), "YAML syntax error: "+msg)
			return
		}
		if len(doc.Content) > 0 {
			a.list(doc.Content[0], 0)
		}
	}
}

func deref(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode {
		return n.Alias
	}
	return n
}

// list reads a list of plays or tasks.
func (a *ansible) list(n *yaml.Node, depth int) {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode || depth > maxDepth || a.seen[n] {
		return
	}
	a.seen[n] = true
	for _, item := range n.Content {
		a.item(deref(item), depth)
	}
}

// item reads a play, block or task.
func (a *ansible) item(m *yaml.Node, depth int) {
	if m == nil || m.Kind != yaml.MappingNode || a.seen[m] {
		return
	}
	a.seen[m] = true
	var module *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch {
		case taskLists[k.Value]:
			a.list(v, depth+1)
		case moduleNames[k.Value]:
			module = deref(v)
		}
	}
	if module != nil {
		a.task(m, module)
	}
}

// arg is a module argument: literal text at a position, or an expression.
type arg struct {
	text string
	at   graph.Pos
	set  bool
}

func (a arg) template() bool {
	return strings.Contains(a.text, "{{") || strings.Contains(a.text, "{%")
}

func (a *ansible) nodeArg(n *yaml.Node) arg {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return arg{}
	}
	return arg{text: n.Value, at: a.src.NewlinePos(a.src.Offset(n.Line, n.Column)), set: true}
}

// task reads one sysctl task: its name and value arguments (given as a mapping, as
// "name=... value=..." text, or under args:), for each item of a literal loop when the
// arguments refer to the item.
func (a *ansible) task(task, module *yaml.Node) {
	if module.Kind == yaml.ScalarNode && module.Value == "" || module.Kind == yaml.MappingNode && len(module.Content) == 0 {
		module = deref(lookup(task, "args"))
		if module == nil {
			return
		}
	}
	args := map[string]arg{}
	switch module.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(module.Content); i += 2 {
			args[module.Content[i].Value] = a.nodeArg(module.Content[i+1])
		}
	case yaml.ScalarNode:
		args = a.freeForm(module)
	default:
		return
	}
	name, value := first(args, "name", "key"), first(args, "value", "val")
	if state := args["state"]; state.set && state.text == "absent" || !name.set {
		return
	}
	nameField, nameIsItem := itemField(name.text)
	valueField, valueIsItem := itemField(value.text)
	if !nameIsItem && !valueIsItem {
		a.assign(name, value)
		return
	}
	for _, item := range a.loopItems(task) {
		n, v := name, value
		if nameIsItem {
			n = item[nameField]
		}
		if valueIsItem {
			v = item[valueField]
		}
		a.assign(n, v)
	}
}

func first(args map[string]arg, names ...string) arg {
	for _, n := range names {
		if a, ok := args[n]; ok {
			return a
		}
	}
	return arg{}
}

func lookup(m *yaml.Node, key string) *yaml.Node {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// assign sets one sysctl; a name or value that is a template is unknown and skipped.
func (a *ansible) assign(name, value arg) {
	if !name.set || !value.set || name.template() || value.template() {
		return
	}
	key := normalizeKey(strings.TrimSpace(name.text))
	if _, ok := tcpKeys[key]; !ok {
		return
	}
	at := value.at
	if value.text == "" {
		at = name.at
	}
	a.s.set(key, moduleValue(value.text), value.text, at)
}

// moduleValue is the value the sysctl module writes: booleans in any of Ansible's
// spellings become 1 or 0, other text is trimmed (ansible.posix sysctl _parse_value).
func moduleValue(v string) string {
	switch strings.ToLower(v) {
	case "y", "yes", "on", "1", "true", "t":
		return "1"
	case "n", "no", "off", "0", "false", "f":
		return "0"
	}
	return strings.TrimSpace(v)
}

// itemField reads "{{ item.F }}", "{{ item['F'] }}" or `{{ item["F"] }}`: a reference to a
// field of the loop item.
func itemField(s string) (string, bool) {
	s, ok := strings.CutPrefix(strings.TrimSpace(s), "{{")
	if !ok {
		return "", false
	}
	s, ok = strings.CutSuffix(s, "}}")
	if !ok {
		return "", false
	}
	s, ok = strings.CutPrefix(strings.TrimSpace(s), "item")
	if !ok {
		return "", false
	}
	var field string
	switch {
	case strings.HasPrefix(s, "."):
		field = s[1:]
	case len(s) >= 4 && s[0] == '[' && s[len(s)-1] == ']' && (s[1] == '\'' || s[1] == '"') && s[len(s)-2] == s[1]:
		field = s[2 : len(s)-2]
	default:
		return "", false
	}
	if field == "" || strings.ContainsAny(field, " .[]|'\"(){}") {
		return "", false
	}
	return field, true
}

// loopItems returns the fields of each item of a literal loop: loop, with_items or
// with_list holding mappings, or with_dict holding a mapping (items with key and value).
// A loop over a variable is unknown and yields nothing.
func (a *ansible) loopItems(task *yaml.Node) []map[string]arg {
	var items []map[string]arg
	for _, key := range []string{"loop", "with_items", "with_list"} {
		seq := deref(lookup(task, key))
		if seq == nil || seq.Kind != yaml.SequenceNode {
			continue
		}
		for _, el := range seq.Content {
			if a.loopBudget--; a.loopBudget < 0 {
				return items
			}
			el = deref(el)
			if el == nil || el.Kind != yaml.MappingNode {
				continue
			}
			fields := map[string]arg{}
			for i := 0; i+1 < len(el.Content); i += 2 {
				fields[el.Content[i].Value] = a.nodeArg(el.Content[i+1])
			}
			items = append(items, fields)
		}
	}
	if m := deref(lookup(task, "with_dict")); m != nil && m.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(m.Content) && a.loopBudget > 0; i += 2 {
			a.loopBudget--
			items = append(items, map[string]arg{"key": a.nodeArg(m.Content[i]), "value": a.nodeArg(m.Content[i+1])})
		}
	}
	return items
}

// freeForm reads module arguments written as text, "name=net.ipv4.tcp_timestamps value=0",
// splitting at spaces outside quotes and {{ }} as Ansible's parse_kv does. Positions point
// into the text when the scalar is written plainly on one line, else at the scalar.
func (a *ansible) freeForm(n *yaml.Node) map[string]arg {
	start := a.src.Offset(n.Line, n.Column)
	exact := n.Style == 0 && bytes.HasPrefix(a.src.Data[start:], []byte(n.Value))
	args := map[string]arg{}
	text := n.Value
	for i := 0; i < len(text); {
		for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n') {
			i++
		}
		j := tokenEnd(text, i)
		if tok := text[i:j]; tok != "" {
			if k, v, ok := strings.Cut(tok, "="); ok {
				vOff := i + len(k) + 1
				if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
					v, vOff = v[1:len(v)-1], vOff+1
				}
				at := a.src.NewlinePos(start)
				if exact {
					at = a.src.NewlinePos(start + vOff)
				}
				args[k] = arg{text: v, at: at, set: true}
			}
		}
		i = j
	}
	return args
}

// tokenEnd returns where the token starting at i ends: at white space outside quotes and
// outside {{ }} or {% %}.
func tokenEnd(s string, i int) int {
	var quote byte
	depth := 0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '{' && i+1 < len(s) && (s[i+1] == '{' || s[i+1] == '%'):
			depth++
			i++
		case (c == '}' || c == '%') && i+1 < len(s) && s[i+1] == '}' && depth > 0:
			depth--
			i++
		case depth == 0 && (c == ' ' || c == '\t' || c == '\n'):
			return i
		}
	}
	return i
}
