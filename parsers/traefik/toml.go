package traefik

import (
	"fmt"
	"strings"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// readTOML reads the subset of TOML that Traefik configurations use into a value tree:
// comments; [table] and [[array.of.tables]] headers with dotted, "quoted" and 'literal'
// keys; key = value pairs with dotted keys; values that are "basic" strings (with \-escapes)
// and 'literal' strings, """ and ”' multi-line strings, integers and floats (with _ and a
// sign), true and false, arrays (over several lines, with trailing commas) and { inline =
// tables }. Dates and times are read as plain scalars. It stops at the first error,
// keeping what was read, and says where the error is.
func readTOML(src *yamlsrc.Source) (*value, []graph.Diagnostic) {
	p := &tomlParser{src: src, data: src.Data}
	root := &value{}
	p.root = root
	cur := root
	for p.skipBlankLines(); p.i < len(p.data) && p.err == nil; p.skipBlankLines() {
		if p.data[p.i] == '[' {
			cur = p.header()
		} else {
			p.keyValue(cur)
		}
		if p.err == nil {
			p.endOfLine()
		}
	}
	if p.err != nil {
		return root, []graph.Diagnostic{{Kind: graph.ParseError, Pos: p.pos(p.errAt), Message: "TOML syntax error: " + p.err.Error()}}
	}
	return root, nil
}

type tomlParser struct {
	src   *yamlsrc.Source
	data  []byte
	i     int
	root  *value
	err   error
	errAt int
	depth int
}

func (p *tomlParser) pos(off int) graph.Pos { return p.src.NewlinePos(off) }

func (p *tomlParser) fail(at int, format string, args ...any) {
	if p.err == nil {
		p.err, p.errAt = fmt.Errorf(format, args...), at
	}
}

func (p *tomlParser) skipSpace() {
	for p.i < len(p.data) && (p.data[p.i] == ' ' || p.data[p.i] == '\t') {
		p.i++
	}
}

// skipBlankLines skips white space, line breaks and comments.
func (p *tomlParser) skipBlankLines() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		case '#':
			p.skipComment()
		default:
			return
		}
	}
}

func (p *tomlParser) skipComment() {
	for p.i < len(p.data) && p.data[p.i] != '\n' {
		p.i++
	}
}

// endOfLine expects only a comment before the line break.
func (p *tomlParser) endOfLine() {
	p.skipSpace()
	if p.i < len(p.data) && p.data[p.i] == '#' {
		p.skipComment()
	}
	if p.i < len(p.data) && p.data[p.i] == '\r' {
		p.i++
	}
	if p.i < len(p.data) && p.data[p.i] != '\n' {
		p.fail(p.i, "unexpected %q after a value (one key = value per line)", p.data[p.i])
	}
}

// header reads [a.b] or [[a.b]] and returns the table it names.
func (p *tomlParser) header() *value {
	start := p.i
	array := strings.HasPrefix(string(p.data[p.i:min(p.i+2, len(p.data))]), "[[")
	if array {
		p.i += 2
	} else {
		p.i++
	}
	p.skipSpace()
	keys, offs := p.keys()
	p.skipSpace()
	closing := "]"
	if array {
		closing = "]]"
	}
	if p.err != nil {
		return p.root
	}
	if !strings.HasPrefix(string(p.data[p.i:min(p.i+len(closing), len(p.data))]), closing) {
		p.fail(p.i, "table header is not closed with %q", closing)
		return p.root
	}
	p.i += len(closing)
	cur := p.root
	for j, k := range keys[:len(keys)-1] {
		cur = lastItem(cur.child(k, p.pos(offs[j])))
	}
	last := keys[len(keys)-1]
	at := p.pos(offs[len(keys)-1])
	if !array {
		return lastItem(cur.child(last, at))
	}
	arr := cur.get(last)
	if arr == nil {
		arr = &value{key: last, kpos: at, pos: p.pos(start), list: true}
		cur.add(arr)
	}
	if !arr.list {
		p.fail(offs[len(keys)-1], "%s is already a table, not an array of tables", last)
		return p.root
	}
	t := &value{pos: p.pos(start)}
	arr.items = append(arr.items, t)
	return t
}

// lastItem is the table a dotted path continues in: the last element of an array of tables.
func lastItem(v *value) *value {
	if v.list && len(v.items) > 0 {
		return v.items[len(v.items)-1]
	}
	return v
}

// keys reads a dotted key: bare, "basic" or 'literal' parts.
func (p *tomlParser) keys() ([]string, []int) {
	var keys []string
	var offs []int
	for {
		p.skipSpace()
		start := p.i
		var k string
		switch {
		case p.i < len(p.data) && (p.data[p.i] == '"' || p.data[p.i] == '\''):
			k = p.str()
		default:
			for p.i < len(p.data) && isBareKey(p.data[p.i]) {
				p.i++
			}
			if p.i == start {
				p.fail(start, "a key is expected")
				return []string{""}, []int{start}
			}
			k = string(p.data[start:p.i])
		}
		keys, offs = append(keys, k), append(offs, start)
		p.skipSpace()
		if p.err != nil || p.i >= len(p.data) || p.data[p.i] != '.' {
			return keys, offs
		}
		p.i++
	}
}

func isBareKey(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// keyValue reads "key = value" into table t.
func (p *tomlParser) keyValue(t *value) {
	keys, offs := p.keys()
	if p.err != nil {
		return
	}
	if p.i >= len(p.data) || p.data[p.i] != '=' {
		p.fail(p.i, "'=' is expected after the key %s", strings.Join(keys, "."))
		return
	}
	p.i++
	p.skipSpace()
	cur := t
	for j, k := range keys[:len(keys)-1] {
		cur = lastItem(cur.child(k, p.pos(offs[j])))
	}
	v := p.value()
	if v == nil {
		return
	}
	v.key, v.kpos = keys[len(keys)-1], p.pos(offs[len(keys)-1])
	cur.add(v)
}

// value reads a value at p.i.
func (p *tomlParser) value() *value {
	start := p.i
	if p.i >= len(p.data) {
		p.fail(len(p.data)-1, "a value is expected")
		return nil
	}
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		p.fail(start, "values nested too deep")
		return nil
	}
	switch p.data[p.i] {
	case '"', '\'':
		s := p.str()
		return &value{pos: p.pos(start), text: s, scalar: true}
	case '[':
		return p.array()
	case '{':
		return p.inlineTable()
	}
	for p.i < len(p.data) && !strings.ContainsRune(" \t\r\n,]}#", rune(p.data[p.i])) {
		p.i++
	}
	text := string(p.data[start:p.i])
	switch {
	case text == "":
		p.fail(start, "a value is expected")
		return nil
	case text == "true" || text == "false":
		return &value{pos: p.pos(start), text: text, scalar: true}
	case isTOMLNumber(text):
		return &value{pos: p.pos(start), text: strings.ReplaceAll(strings.TrimPrefix(text, "+"), "_", ""), scalar: true, number: true}
	case text[0] >= '0' && text[0] <= '9':
		return &value{pos: p.pos(start), text: text, scalar: true} // a date or time
	}
	p.fail(start, "%q is not a TOML value (strings need quotes)", text)
	return nil
}

func isTOMLNumber(s string) bool {
	s = strings.TrimLeft(s, "+-")
	if s == "" || s[0] < '0' || s[0] > '9' {
		return s == "inf" || s == "nan"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !strings.ContainsRune("0123456789_.+-xoabcdefABCDEF", rune(c)) {
			return false
		}
	}
	return !strings.ContainsAny(s, "-:") || strings.ContainsAny(s, "eE")
}

// array reads [v, v, ...] over any number of lines.
func (p *tomlParser) array() *value {
	v := &value{pos: p.pos(p.i), list: true}
	p.i++
	for {
		p.skipBlankLines()
		if p.i >= len(p.data) {
			p.fail(len(p.data)-1, "array is not closed with ']'")
			return nil
		}
		if p.data[p.i] == ']' {
			p.i++
			return v
		}
		it := p.value()
		if it == nil {
			return nil
		}
		v.items = append(v.items, it)
		p.skipBlankLines()
		if p.i < len(p.data) && p.data[p.i] == ',' {
			p.i++
		} else if p.i < len(p.data) && p.data[p.i] != ']' {
			p.fail(p.i, "',' or ']' is expected in an array")
			return nil
		}
	}
}

// inlineTable reads { k = v, ... } on one line.
func (p *tomlParser) inlineTable() *value {
	v := &value{pos: p.pos(p.i)}
	p.i++
	for {
		p.skipSpace()
		if p.i >= len(p.data) || p.data[p.i] == '\n' {
			p.fail(min(p.i, len(p.data)-1), "inline table is not closed with '}'")
			return nil
		}
		if p.data[p.i] == '}' {
			p.i++
			return v
		}
		p.keyValue(v)
		if p.err != nil {
			return nil
		}
		p.skipSpace()
		if p.i < len(p.data) && p.data[p.i] == ',' {
			p.i++
		} else if p.i < len(p.data) && p.data[p.i] != '}' {
			p.fail(p.i, "',' or '}' is expected in an inline table")
			return nil
		}
	}
}

// str reads a basic, literal or multi-line string at p.i.
func (p *tomlParser) str() string {
	q := p.data[p.i]
	start := p.i
	if strings.HasPrefix(string(p.data[p.i:min(p.i+3, len(p.data))]), strings.Repeat(string(q), 3)) {
		end := strings.Index(string(p.data[p.i+3:]), strings.Repeat(string(q), 3))
		if end < 0 {
			p.fail(start, "multi-line string is not closed")
			p.i = len(p.data)
			return ""
		}
		s := string(p.data[p.i+3 : p.i+3+end])
		p.i += 3 + end + 3
		return strings.TrimPrefix(s, "\n")
	}
	p.i++
	var b strings.Builder
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == q:
			p.i++
			return b.String()
		case c == '\n':
			p.fail(start, "string is not closed on its line")
			return ""
		case c == '\\' && q == '"' && p.i+1 < len(p.data):
			p.i++
			switch e := p.data[p.i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case '"', '\\', '/':
				b.WriteByte(e)
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
			p.i++
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	p.fail(start, "string is not closed")
	return ""
}
