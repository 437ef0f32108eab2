// Package cmdline reads app servers' command lines (gunicorn, uvicorn, hypercorn) as
// configuration: it splits shell text and exec-form lists into words that keep the
// position of every byte, resolves $VAR and ${VAR:-default} through the environment the
// caller knows (a Dockerfile's ENV, a compose service's environment, a container's env)
// with the variable's provenance, and turns the server's flags into a listener. Nothing is
// ever executed.
package cmdline

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// piece says that Word.Text from byte at on was written at pos, byte for byte, up to the
// next piece.
type piece struct {
	at  int
	pos graph.Pos
	// fixed: only the piece's first byte is known to be at pos (a value whose source does
	// not map byte for byte), so later bytes are reported there too.
	fixed bool
}

// Word is one argument with where each of its bytes was written: a plain word maps byte
// for byte onto its source, a quoted or escaped one in pieces, and a word built from a
// variable points into the variable's value.
type Word struct {
	Text string
	// Pos is where the word starts in the source.
	Pos    graph.Pos
	pieces []piece
	// Op marks a shell control operator (;, &&, ||, |, &) between commands.
	Op bool
	// Uses are the variables the word was built from, in order.
	Uses []Use
}

// Use is one variable reference expanded into a word.
type Use struct {
	Name string
	// Ref is where $NAME is written, RefEnd its last byte.
	Ref, RefEnd graph.Pos
	// Var is the variable that supplied the text; nil when it is not set.
	Var *Var
	// Default: the reference's own default (${NAME:-x}) supplied the text.
	Default bool
}

// Var is an environment variable with where it is set.
type Var struct {
	Name  string
	Value Word
	// From is how the source sets it ("ENV", "environment", "env"), for messages.
	From string
	// Pos is where the variable is set (its name).
	Pos graph.Pos
}

// Env is the environment a command runs in, by variable name.
type Env map[string]*Var

// Clone returns a copy that can be extended without changing e.
func (e Env) Clone() Env {
	c := make(Env, len(e))
	for k, v := range e {
		c[k] = v
	}
	return c
}

// Literal is a word given as one string (a YAML or JSON list item) starting at pos; exact
// says that the text is written there byte for byte, so later bytes get exact columns too.
func Literal(text string, pos graph.Pos, exact bool) Word {
	w := Word{Text: text, Pos: pos}
	if exact {
		w.pieces = []piece{{at: 0, pos: pos}}
	}
	return w
}

// Text is a word for text that at maps offset by offset, over several lines (a shell
// form continued with backslashes): it keeps a piece per line.
func Text(text string, at func(int) graph.Pos) Word {
	w := Word{Text: text, Pos: at(0), pieces: []piece{{at: 0, pos: at(0)}}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' && i+1 < len(text) {
			w.pieces = append(w.pieces, piece{at: i + 1, pos: at(i + 1)})
		}
	}
	return w
}

// exact reports whether every byte's position is known.
func (w Word) exact() bool {
	if len(w.pieces) == 0 {
		return false
	}
	for _, pc := range w.pieces {
		if pc.fixed {
			return false
		}
	}
	return true
}

// At returns where byte i of the word was written (the word's start when unknown).
func (w Word) At(i int) graph.Pos {
	p := w.Pos
	for _, pc := range w.pieces {
		if pc.at > i {
			break
		}
		p = pc.pos
		if !pc.fixed {
			p = shift(pc.pos, i-pc.at)
		}
	}
	return p
}

func shift(p graph.Pos, n int) graph.Pos {
	p.Col += n
	p.Offset += n
	return p
}

// Slice returns the part of w from byte i on, keeping positions.
func (w Word) Slice(i int) Word {
	out := Word{Text: w.Text[i:], Pos: w.At(i), Uses: w.Uses}
	for j, pc := range w.pieces {
		next := len(w.Text)
		if j+1 < len(w.pieces) {
			next = w.pieces[j+1].at
		}
		if next <= i {
			continue
		}
		if pc.at < i {
			if !pc.fixed {
				pc.pos = shift(pc.pos, i-pc.at)
			}
			pc.at = 0
		} else {
			pc.at -= i
		}
		out.pieces = append(out.pieces, pc)
	}
	return out
}

// SyntaxError is a command line that cannot be split, at the offending byte.
type SyntaxError struct {
	Pos graph.Pos
	Msg string
}

func (e *SyntaxError) Error() string { return e.Pos.String() + ": " + e.Msg }

// builder accumulates one word.
type builder struct {
	text    strings.Builder
	w       Word
	started bool
	// inexact: the source text does not map byte for byte (a folded YAML scalar), so only
	// the word's start is known.
	inexact bool
}

func (b *builder) add(s string, pos graph.Pos, mapped bool) {
	if !b.started {
		b.started, b.w.Pos = true, pos
	}
	if mapped && !b.inexact && s != "" {
		at := b.text.Len()
		// Consecutive bytes written next to each other need no new piece.
		if n := len(b.w.pieces); n == 0 || b.w.pieces[n-1].fixed || shift(b.w.pieces[n-1].pos, at-b.w.pieces[n-1].at) != pos {
			b.w.pieces = append(b.w.pieces, piece{at: at, pos: pos})
		}
	}
	b.text.WriteString(s)
}

// addWord appends a variable's value, keeping the value's own positions.
func (b *builder) addWord(v Word, ref graph.Pos) {
	if !b.started {
		b.started, b.w.Pos = true, ref
	}
	at := b.text.Len()
	if len(v.pieces) == 0 && v.Text != "" {
		b.w.pieces = append(b.w.pieces, piece{at, v.Pos, true})
		b.text.WriteString(v.Text)
		return
	}
	for _, pc := range v.pieces {
		pc.at += at
		b.w.pieces = append(b.w.pieces, pc)
	}
	b.text.WriteString(v.Text)
}

func (b *builder) take() Word {
	w := b.w
	w.Text = b.text.String()
	*b = builder{}
	return w
}

// Split splits shell text (a Dockerfile's shell form, a Procfile line, an sh -c script)
// into words as a POSIX shell would before running it: quotes and backslashes removed,
// "#" comments dropped, backslash-newline joined, control operators kept as Op words, and
// $NAME, ${NAME}, ${NAME:-default} and ${NAME-default} outside single quotes replaced
// through env (nil: no expansion). at maps a byte offset of text to its position.
func Split(text string, at func(int) graph.Pos, env Env) ([]Word, error) {
	var words []Word
	var b builder
	flush := func() {
		if b.started {
			words = append(words, b.take())
		}
	}
	i := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c == '\\' && i+1 < len(text) && text[i+1] == '\n':
			i += 2
		case c == '\\' && i+2 < len(text) && text[i+1] == '\r' && text[i+2] == '\n':
			i += 3
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			flush()
			i++
		case c == '#' && !b.started:
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case c == ';' || c == '&' || c == '|':
			flush()
			n := 1
			if i+1 < len(text) && (text[i+1] == c && c != ';') {
				n = 2
			}
			words = append(words, Word{Text: text[i : i+n], Pos: at(i), Op: true})
			i += n
		case c == '\\':
			if i+1 == len(text) {
				i++ // a trailing backslash escapes nothing
				continue
			}
			b.add(text[i+1:i+2], at(i+1), true)
			i += 2
		case c == '\'':
			end := strings.IndexByte(text[i+1:], '\'')
			if end < 0 {
				return nil, &SyntaxError{at(i), "unterminated single quote"}
			}
			b.add("", at(i), false)
			b.add(text[i+1:i+1+end], at(i+1), true)
			i += end + 2
		case c == '"':
			b.add("", at(i), false)
			j := i + 1
			for ; j < len(text) && text[j] != '"'; j++ {
				switch {
				case text[j] == '\\' && j+1 < len(text) && text[j+1] == '\n':
					j++
				case text[j] == '\\' && j+1 < len(text) && strings.IndexByte("$`\"\\", text[j+1]) >= 0:
					b.add(text[j+1:j+2], at(j+1), true)
					j++
				case text[j] == '$' && env != nil:
					n, err := expand(text, j, at, env, &b)
					if err != nil {
						return nil, err
					}
					j = n - 1
				default:
					b.add(text[j:j+1], at(j), true)
				}
			}
			if j >= len(text) {
				return nil, &SyntaxError{at(i), "unterminated double quote"}
			}
			i = j + 1
		case c == '$' && env != nil:
			n, err := expand(text, i, at, env, &b)
			if err != nil {
				return nil, err
			}
			i = n
		default:
			// A run of plain bytes, as long as they are written next to each other (text
			// re-split from a word may come from several places).
			start := at(i)
			j := i + 1
			for j < len(text) && strings.IndexByte(" \t\n\r;&|\\'\"$", text[j]) < 0 && at(j) == shift(start, j-i) {
				j++
			}
			b.add(text[i:j], start, true)
			i = j
		}
	}
	flush()
	return words, nil
}

func isNameByte(c byte, first bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || !first && c >= '0' && c <= '9'
}

// expand reads the reference at text[i] ('$') into b and returns the offset after it. A
// '$' that starts no reference is kept as text.
func expand(text string, i int, at func(int) graph.Pos, env Env, b *builder) (int, error) {
	ref := at(i)
	if i+1 < len(text) && text[i+1] == '{' {
		end := strings.IndexByte(text[i+2:], '}')
		if end < 0 {
			return 0, &SyntaxError{ref, "unterminated ${"}
		}
		body := text[i+2 : i+2+end]
		j := 0
		for j < len(body) && isNameByte(body[j], j == 0) {
			j++
		}
		if j == 0 {
			return 0, &SyntaxError{ref, fmt.Sprintf("bad substitution ${%s}", body)}
		}
		name, op := body[:j], body[j:]
		v := env[name]
		set := v != nil && (v.Value.Text != "" || !strings.HasPrefix(op, ":"))
		var def string
		switch {
		case op == "":
		case strings.HasPrefix(op, ":-"), strings.HasPrefix(op, "-"):
			def = op[strings.IndexByte(op, '-')+1:]
		default:
			return 0, &SyntaxError{ref, fmt.Sprintf("${%s}: only ${NAME}, ${NAME:-default} and ${NAME-default} are read", body)}
		}
		u := Use{Name: name, Ref: ref, RefEnd: at(i + 2 + end)}
		switch {
		case set:
			u.Var = v
			b.addWord(v.Value, ref)
		case op != "":
			u.Default = true
			defAt := i + 2 + j + len(op) - len(def)
			b.add(def, at(defAt), true)
			if def == "" {
				b.add("", ref, false)
			}
		default:
			b.add("", ref, false)
		}
		b.w.Uses = append(b.w.Uses, u)
		return i + 3 + end, nil
	}
	j := i + 1
	for j < len(text) && isNameByte(text[j], j == i+1) {
		j++
	}
	if j == i+1 {
		b.add("$", ref, true)
		return i + 1, nil
	}
	name := text[i+1 : j]
	u := Use{Name: name, Ref: ref}
	if v := env[name]; v != nil {
		u.Var = v
		b.addWord(v.Value, ref)
	} else {
		b.add("", ref, false)
	}
	b.w.Uses = append(b.w.Uses, u)
	return j, nil
}

// SplitWord is Split for the text of a word (an sh -c script, a compose command string),
// whose positions it keeps; the variables already expanded into the word stay recorded on
// the words that start inside their values.
func SplitWord(w Word, env Env) ([]Word, error) {
	words, err := Split(w.Text, w.At, env)
	if err != nil {
		return nil, err
	}
	keepUses(words, w.Uses)
	return words, nil
}

// keepUses gives words the variables expanded into the text they were split from (sh -c
// "gunicorn --keep-alive $KA" in a shell-form CMD): a word with a byte inside a variable's
// value came from it; a reference's default is recognised by its position.
func keepUses(words []Word, uses []Use) {
	for i := range words {
		for _, u := range uses {
			var start graph.Pos
			var n int
			switch {
			case u.Var != nil:
				start, n = u.Var.Value.Pos, len(u.Var.Value.Text)
			case u.Default:
				start, n = u.Ref, u.RefEnd.Offset-u.Ref.Offset+1
			default:
				continue
			}
			for j := range len(words[i].Text) {
				if p := words[i].At(j); p.File == start.File && p.Offset >= start.Offset && p.Offset < start.Offset+max(n, 1) {
					words[i].Uses = append(words[i].Uses, u)
					break
				}
			}
		}
	}
}

// Commands splits words at control operators into simple commands.
func Commands(words []Word) [][]Word {
	var out [][]Word
	start := 0
	for i, w := range words {
		if w.Op {
			if i > start {
				out = append(out, words[start:i])
			}
			start = i + 1
		}
	}
	if start < len(words) {
		out = append(out, words[start:])
	}
	return out
}

// YAMLWord is a word for a YAML scalar node: exact positions when the source holds the
// text as written at the node (a plain or quoted one-line scalar), else the node's start.
func YAMLWord(src *yamlsrc.Source, n *yaml.Node) Word {
	pos := src.At(n.Line, n.Column)
	off := pos.Offset
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		off++
	}
	exact := n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && off+len(n.Value) <= len(src.Data) &&
		string(src.Data[off:off+len(n.Value)]) == n.Value
	if exact {
		pos = src.OffsetPos(off)
	}
	return Literal(n.Value, pos, exact)
}

// ExpandParens replaces the $(NAME) references Kubernetes expands in a container's command
// and args with the container's env; $$ stands for $. A reference to a name env lacks
// stays as written, as Kubernetes leaves it, and is recorded as a Use without Var (a
// variable set from a ConfigMap or Secret, whose value the manifest does not hold).
func ExpandParens(w Word, env Env) Word {
	if !strings.Contains(w.Text, "$") {
		return w
	}
	var b builder
	b.add("", w.Pos, false)
	b.inexact = !w.exact()
	t := w.Text
	for i := 0; i < len(t); {
		if t[i] == '$' && i+1 < len(t) {
			if t[i+1] == '$' {
				b.add("$", w.At(i+1), true)
				i += 2
				continue
			}
			if end := strings.IndexByte(t[i:], ')'); t[i+1] == '(' && end > 2 {
				name := t[i+2 : i+end]
				if v := env[name]; v != nil {
					b.addWord(v.Value, w.At(i))
					b.w.Uses = append(b.w.Uses, Use{Name: name, Ref: w.At(i), Var: v})
					i += end + 1
					continue
				}
				if isName(name) {
					b.w.Uses = append(b.w.Uses, Use{Name: name, Ref: w.At(i)})
				}
			}
		}
		b.add(t[i:i+1], w.At(i), true)
		i++
	}
	return b.take()
}

func isName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i], i == 0) {
			return false
		}
	}
	return s != ""
}

// Interpolate replaces what Docker Compose substitutes in a compose file's values when it
// reads the file: $NAME, ${NAME}, ${NAME:-default} and ${NAME-default} through env (the
// .env file), and $$ as a literal $. Quotes mean nothing here: the value is split later,
// if at all.
func Interpolate(w Word, env Env) (Word, error) {
	if !strings.Contains(w.Text, "$") {
		return w, nil
	}
	var b builder
	b.add("", w.Pos, false)
	t := w.Text
	b.inexact = !w.exact()
	for i := 0; i < len(t); {
		switch {
		case t[i] == '$' && i+1 < len(t) && t[i+1] == '$':
			b.add("$", w.At(i), true)
			i += 2
		case t[i] == '$':
			n, err := expand(t, i, w.At, env, &b)
			if err != nil {
				return Word{}, err
			}
			i = n
		default:
			// Byte by byte, so that bytes keep their own positions across pieces; the
			// builder merges neighbours.
			b.add(t[i:i+1], w.At(i), true)
			i++
		}
	}
	out := b.take()
	out.Uses = append(append([]Use(nil), w.Uses...), out.Uses...)
	return out, nil
}
