// Package appconf reads app servers' configuration files that are programs: gunicorn's
// gunicorn.conf.py (Python) and Puma's puma.rb (Ruby). Only what can be read without
// running anything is taken: top-level assignments (Python) or setting calls (Ruby) whose
// value is a literal, simple arithmetic or string concatenation of literals and earlier
// names, and an environment lookup with a default (os.environ.get("X", "70"),
// ENV.fetch("X", 65)), whose default is taken with a note that the variable overrides it.
// Anything else is unknown, and said so.
package appconf

import (
	"math"
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// token kinds.
const (
	tName = iota
	tNumber
	tString
	tOp
	tNewline
	tEOF
)

type token struct {
	kind int
	text string // a string's value, or the token as written
	off  int    // offset of the token's first byte; a string's content starts after its quote
	end  int
	// bad marks a string the evaluator cannot read (an f-string, interpolation).
	bad bool
}

// lexer splits Python or Ruby source into the tokens the evaluator reads. Newlines inside
// brackets and after a backslash continue the statement, as in both languages.
type lexer struct {
	src   string
	i     int
	depth int
	ruby  bool
}

func (l *lexer) next() token {
	for l.i < len(l.src) {
		c := l.src[l.i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			l.i++
		case c == '\\' && l.i+1 < len(l.src) && l.src[l.i+1] == '\n':
			l.i += 2
		case c == '#':
			for l.i < len(l.src) && l.src[l.i] != '\n' {
				l.i++
			}
		case c == '\n':
			l.i++
			if l.depth == 0 {
				return token{kind: tNewline, off: l.i - 1, end: l.i}
			}
		default:
			return l.token()
		}
	}
	return token{kind: tEOF, off: len(l.src), end: len(l.src)}
}

func isIdent(c byte, first bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || !first && c >= '0' && c <= '9'
}

func (l *lexer) token() token {
	s, start := l.src, l.i
	c := s[start]
	switch {
	case isIdent(c, true):
		j := start + 1
		for j < len(s) && isIdent(s[j], false) {
			j++
		}
		// A string prefix (f"", r'', b"") belongs to the string.
		if j < len(s) && (s[j] == '"' || s[j] == '\'') && j-start <= 2 && !l.ruby {
			prefix := strings.ToLower(s[start:j])
			t := l.str(j)
			t.off = start
			t.bad = t.bad || strings.Contains(prefix, "f") || strings.Contains(prefix, "b")
			return t
		}
		l.i = j
		return token{kind: tName, text: s[start:j], off: start, end: j}
	case c >= '0' && c <= '9' || c == '.' && start+1 < len(s) && s[start+1] >= '0' && s[start+1] <= '9':
		j := start
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '_' || s[j] == '.' || s[j] == 'e' || s[j] == 'E' ||
			(s[j] == 'x' || s[j] == 'X') && j == start+1 || (s[j] == '+' || s[j] == '-') && (s[j-1] == 'e' || s[j-1] == 'E')) {
			j++
		}
		l.i = j
		return token{kind: tNumber, text: s[start:j], off: start, end: j}
	case c == '"' || c == '\'':
		return l.str(start)
	}
	for _, op := range []string{"//", "**", "||", "::", "+", "-", "*", "/", "%", "(", ")", "[", "]", "{", "}", ",", ".", "=", ":", "|", "&", "<", ">", "!", ";", "@", "~", "^", "?"} {
		if strings.HasPrefix(s[start:], op) {
			switch op {
			case "(", "[", "{":
				l.depth++
			case ")", "]", "}":
				l.depth = max(l.depth-1, 0)
			}
			l.i = start + len(op)
			return token{kind: tOp, text: op, off: start, end: l.i}
		}
	}
	l.i = start + 1
	return token{kind: tOp, text: s[start : start+1], off: start, end: l.i}
}

// str reads a quoted string at s[start]; triple quotes and escapes are handled, Ruby's
// "#{...}" interpolation marks it unreadable.
func (l *lexer) str(start int) token {
	s := l.src
	q := s[start]
	quote := s[start : start+1]
	if strings.HasPrefix(s[start:], strings.Repeat(quote, 3)) {
		quote = strings.Repeat(quote, 3)
	}
	var b strings.Builder
	bad := false
	j := start + len(quote)
	for j < len(s) {
		if strings.HasPrefix(s[j:], quote) {
			l.i = j + len(quote)
			return token{kind: tString, text: b.String(), off: start + len(quote), end: l.i, bad: bad}
		}
		switch {
		case s[j] == '\\' && j+1 < len(s):
			bad = bad || !strings.ContainsRune("\\'\"", rune(s[j+1]))
			b.WriteByte(s[j+1])
			j += 2
		case s[j] == '\n' && len(quote) == 1:
			l.i = j
			return token{kind: tString, text: b.String(), off: start + 1, end: j, bad: true}
		default:
			if l.ruby && q == '"' && s[j] == '#' && j+1 < len(s) && s[j+1] == '{' {
				bad = true
			}
			b.WriteByte(s[j])
			j++
		}
	}
	l.i = len(s)
	return token{kind: tString, text: b.String(), off: start + 1, end: len(s), bad: true}
}

// value is what an expression evaluates to.
type value struct {
	num   float64
	str   string
	isStr bool
	list  []value
	isLst bool
	// unknown says why the value cannot be known without running the program.
	unknown string
	// pos is where the value is written: the literal that supplied it, or the expression.
	pos graph.Pos
	raw string
	// note records an environment lookup whose default was taken.
	note string
}

// evaluator reads expressions of one file, with the names assigned so far.
type evaluator struct {
	lex   *lexer
	src   *yamlsrc.Source
	tok   token
	names map[string]value
	depth int
}

func (e *evaluator) advance() { e.tok = e.lex.next() }

func (e *evaluator) at(off int) graph.Pos { return e.src.NewlinePos(off) }

func (e *evaluator) is(op string) bool { return e.tok.kind == tOp && e.tok.text == op }

// maxDepth bounds nesting, so that deeply nested input cannot exhaust the stack.
const maxDepth = 100

// expr reads a sum: terms joined by + and -, or Ruby's ||.
func (e *evaluator) expr() value {
	start := e.tok.off
	v := e.term()
	for e.is("+") || e.is("-") || e.is("||") {
		op := e.tok.text
		e.advance()
		w := e.term()
		switch op {
		case "||":
			// ENV["X"] || 65: the environment wins when set, else the literal.
			if v.unknown != "" && w.unknown == "" && strings.HasPrefix(v.unknown, "environment:") {
				w.note = "used when " + strings.TrimPrefix(v.unknown, "environment:") + " is not set; setting it overrides this"
				v = w
			}
		default:
			v = arith(op, v, w)
		}
		v.pos, v.raw = e.at(start), strings.TrimSpace(e.lex.src[start:e.tok.off])
	}
	return v
}

func (e *evaluator) term() value {
	start := e.tok.off
	v := e.unary()
	for e.is("*") || e.is("/") || e.is("//") || e.is("%") {
		op := e.tok.text
		e.advance()
		v = arith(op, v, e.unary())
		v.pos, v.raw = e.at(start), strings.TrimSpace(e.lex.src[start:e.tok.off])
	}
	return v
}

func (e *evaluator) unary() value {
	if e.is("-") {
		start := e.tok.off
		e.advance()
		v := e.unary()
		if v.unknown == "" && !v.isStr && !v.isLst {
			v.num = -v.num
		}
		v.pos, v.raw = e.at(start), strings.TrimSpace(e.lex.src[start:e.tok.off])
		return v
	}
	return e.postfix(e.primary())
}

// arith applies a binary operator; anything it cannot do makes the value unknown.
func arith(op string, a, b value) value {
	if a.unknown != "" {
		return a
	}
	if b.unknown != "" {
		return b
	}
	out := value{note: joinNotes(a.note, b.note)}
	switch {
	case a.isStr && b.isStr && op == "+":
		out.str, out.isStr = a.str+b.str, true
	case a.isStr || b.isStr || a.isLst || b.isLst:
		out.unknown = "an operation on strings or lists"
	default:
		switch op {
		case "+":
			out.num = a.num + b.num
		case "-":
			out.num = a.num - b.num
		case "*":
			out.num = a.num * b.num
		case "/":
			out.num = a.num / b.num
		case "//":
			out.num = math.Floor(a.num / b.num)
		case "%":
			out.num = math.Mod(a.num, b.num)
		}
		if math.IsNaN(out.num) || math.IsInf(out.num, 0) {
			out.unknown = "a division by zero"
		}
	}
	return out
}

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

func (e *evaluator) primary() value {
	t := e.tok
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > maxDepth {
		e.skipStatement()
		return value{unknown: "an expression nested too deeply", pos: e.at(t.off)}
	}
	switch t.kind {
	case tNumber:
		e.advance()
		n, err := strconv.ParseFloat(strings.ReplaceAll(t.text, "_", ""), 64)
		if err != nil {
			if i, err2 := strconv.ParseInt(strings.ReplaceAll(t.text, "_", ""), 0, 64); err2 == nil {
				n, err = float64(i), nil
			}
		}
		if err != nil {
			return value{unknown: "the number " + t.text, pos: e.at(t.off), raw: t.text}
		}
		return value{num: n, pos: e.at(t.off), raw: t.text}
	case tString:
		e.advance()
		if t.bad {
			return value{unknown: "a formatted string", pos: e.at(t.off), raw: e.lex.src[t.off:t.end]}
		}
		return value{str: t.text, isStr: true, pos: e.at(t.off), raw: t.text}
	case tName:
		return e.name()
	case tOp:
		switch t.text {
		case "(":
			e.advance()
			v := e.expr()
			if e.is(")") {
				e.advance()
			}
			return v
		case "[":
			return e.list("]")
		case ":": // a Ruby symbol
			e.advance()
			if e.tok.kind == tName {
				n := e.tok
				e.advance()
				return value{str: n.text, isStr: true, pos: e.at(n.off), raw: ":" + n.text}
			}
		}
	}
	e.advance()
	return value{unknown: "an expression", pos: e.at(t.off), raw: t.text}
}

func (e *evaluator) list(closer string) value {
	start := e.tok.off
	e.advance()
	out := value{isLst: true, pos: e.at(start)}
	for e.tok.kind != tEOF && !e.is(closer) {
		v := e.expr()
		if v.unknown != "" {
			out.unknown = v.unknown
		}
		out.list = append(out.list, v)
		if !e.is(",") {
			break
		}
		e.advance()
	}
	if e.is(closer) {
		e.advance()
	}
	out.raw = strings.TrimSpace(e.lex.src[start:e.tok.off])
	return out
}

// skipStatement drops tokens up to the end of the statement.
func (e *evaluator) skipStatement() {
	for e.tok.kind != tNewline && e.tok.kind != tEOF {
		e.advance()
	}
}

// dotted reads a name with its attributes: os.environ.get, ENV.fetch.
func (e *evaluator) dotted() (string, int) {
	start := e.tok.off
	name := e.tok.text
	e.advance()
	for e.is(".") || e.is("::") {
		e.advance()
		if e.tok.kind != tName {
			break
		}
		name += "." + e.tok.text
		e.advance()
	}
	return name, start
}

// args reads call arguments up to closer (")" or "]"), the opening one already read.
func (e *evaluator) args(closer string) []value {
	var out []value
	for e.tok.kind != tEOF && !e.is(closer) {
		// Keyword arguments (name=value) are read for their value.
		out = append(out, e.expr())
		if e.is("=") {
			e.advance()
			out[len(out)-1] = e.expr()
		}
		if !e.is(",") {
			break
		}
		e.advance()
	}
	if e.is(closer) {
		e.advance()
	}
	return out
}

func (e *evaluator) name() value {
	name, start := e.dotted()
	switch name {
	case "True", "true":
		return value{num: 1, pos: e.at(start), raw: name}
	case "False", "false":
		return value{num: 0, pos: e.at(start), raw: name}
	case "None", "nil":
		return value{unknown: "no value (" + name + ")", pos: e.at(start), raw: name}
	}
	if !e.is("(") && (!e.lex.ruby || !e.is("[")) {
		if v, ok := e.names[name]; ok {
			return v
		}
		return value{unknown: name, pos: e.at(start), raw: name}
	}
	closer := ")"
	if e.is("[") {
		closer = "]"
	}
	e.advance()
	args := e.args(closer)
	raw := strings.TrimSpace(e.lex.src[start:e.tok.off])
	v := e.call(name, closer == "]", args)
	if e.lex.ruby && e.is("{") {
		// ENV.fetch("X") { 65 }: the block gives the default.
		e.advance()
		block := e.expr()
		if e.is("}") {
			e.advance()
		}
		if strings.HasPrefix(v.unknown, "environment:") && block.unknown == "" {
			block.note = "ENV.fetch(" + strconv.Quote(strings.TrimPrefix(v.unknown, "environment:")) + ") default; setting it overrides this"
			v = block
		}
		raw = strings.TrimSpace(e.lex.src[start:e.tok.off])
	}
	if v.raw == "" {
		v.raw = raw
	}
	if !v.pos.IsValid() {
		v.pos = e.at(start)
	}
	return v
}

// call evaluates the calls that can be read without running anything.
func (e *evaluator) call(name string, index bool, args []value) value {
	env := func(what string) value {
		if len(args) == 0 || !args[0].isStr {
			return value{unknown: "an environment lookup"}
		}
		variable := args[0].str
		if len(args) < 2 || index {
			return value{unknown: "environment:" + variable}
		}
		d := args[1]
		if d.unknown == "" {
			d.note = joinNotes(what+"("+strconv.Quote(variable)+") default; setting "+variable+" overrides it", d.note)
		}
		return d
	}
	switch name {
	case "os.environ.get", "environ.get", "os.getenv", "getenv", "ENV.fetch":
		return env(name)
	case "os.environ", "environ", "ENV":
		return env(name)
	case "int", "float", "Integer", "Float":
		if len(args) == 1 {
			return number(args[0])
		}
	case "str", "String":
		if len(args) == 1 && args[0].unknown == "" && !args[0].isLst {
			return toString(args[0])
		}
	}
	return value{unknown: name + "()"}
}

// postfix applies Ruby's conversions: .to_i, .to_f, .to_s.
func (e *evaluator) postfix(v value) value {
	for e.is(".") {
		e.advance()
		if e.tok.kind != tName {
			return v
		}
		m := e.tok.text
		e.advance()
		switch m {
		case "to_i", "to_f":
			v = number(v)
		case "to_s":
			v = toString(v)
		default:
			v = value{unknown: "." + m, pos: v.pos}
		}
	}
	return v
}

func number(v value) value {
	if v.unknown != "" || !v.isStr {
		return v
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(v.str), 64)
	if err != nil {
		return value{unknown: strconv.Quote(v.str) + " as a number", pos: v.pos, raw: v.raw}
	}
	v.num, v.isStr, v.str = n, false, ""
	return v
}

func toString(v value) value {
	if v.unknown != "" || v.isStr {
		return v
	}
	v.str, v.isStr = strconv.FormatFloat(v.num, 'f', -1, 64), true
	return v
}
