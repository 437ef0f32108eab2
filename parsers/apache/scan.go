package apache

import (
	"strings"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// maxDepth bounds section nesting, so a hostile file cannot recurse without end.
const maxDepth = 200

// token is a word of a directive line with the offset of its first byte.
type token struct {
	text string
	off  int
}

// directive is one line (continued lines joined) or a section with its body.
type directive struct {
	name    token
	args    []token
	file    *file
	section bool
	body    []directive
	// end is the offset of the section's closing tag, for messages.
	end int
}

// file is one configuration file read and split into directives.
type file struct {
	rel, display string
	src          *yamlsrc.Source
	dirs         []directive
	diags        []graph.Diagnostic
}

func (f *file) pos(off int) graph.Pos { return f.src.NewlinePos(off) }

func (f *file) errorAt(off int, msg string) {
	f.diags = append(f.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: f.pos(off), Message: msg})
}

// parseFile splits data into directives and nests sections.
func parseFile(rel, display string, data []byte) *file {
	f := &file{rel: rel, display: display, src: yamlsrc.New(display, data)}
	type open struct {
		d    directive
		body []directive
	}
	var stack []open
	var top []directive
	add := func(d directive) {
		if len(stack) > 0 {
			stack[len(stack)-1].body = append(stack[len(stack)-1].body, d)
		} else {
			top = append(top, d)
		}
	}
	for _, line := range lines(data) {
		toks := f.words(line)
		if len(toks) == 0 {
			continue
		}
		first := toks[0]
		switch {
		case strings.HasPrefix(first.text, "</"):
			name := strings.TrimSuffix(strings.TrimPrefix(first.text, "</"), ">")
			if len(stack) == 0 {
				f.errorAt(first.off, "</"+name+"> without an opening <"+name+">")
				continue
			}
			o := stack[len(stack)-1]
			if !strings.EqualFold(o.d.name.text, name) {
				f.errorAt(first.off, "</"+name+"> closes <"+o.d.name.text+"> opened at "+f.pos(o.d.name.off).String())
			}
			stack = stack[:len(stack)-1]
			o.d.body, o.d.end = o.body, first.off
			add(o.d)
		case strings.HasPrefix(first.text, "<"):
			if len(stack) == maxDepth {
				f.errorAt(first.off, "sections nested too deep; the rest of the file is not read")
				f.dirs = top
				return f
			}
			d := directive{name: token{text: strings.TrimPrefix(first.text, "<"), off: first.off + 1}, file: f, section: true}
			args := toks[1:]
			last := len(args) - 1
			switch {
			case last >= 0 && args[last].text == ">":
				args = args[:last]
			case last >= 0 && strings.HasSuffix(args[last].text, ">"):
				args[last].text = strings.TrimSuffix(args[last].text, ">")
			case last < 0 && strings.HasSuffix(d.name.text, ">"):
				d.name.text = strings.TrimSuffix(d.name.text, ">")
			default:
				f.errorAt(first.off, "section <"+d.name.text+" has no closing '>'")
			}
			d.args = args
			stack = append(stack, open{d: d})
		default:
			add(directive{name: first, args: toks[1:], file: f})
		}
	}
	for len(stack) > 0 {
		o := stack[len(stack)-1]
		f.errorAt(o.d.name.off-1, "<"+o.d.name.text+"> is not closed")
		stack = stack[:len(stack)-1]
		o.d.body = o.body
		add(o.d)
	}
	f.dirs = top
	return f
}

// span is a logical line: its pieces (physical lines joined by a trailing backslash).
type span struct{ parts [][2]int }

// lines splits data into logical lines; a line whose first non-blank character is '#' is a
// comment (httpd has no comments after a directive).
func lines(data []byte) []span {
	var out []span
	var cur span
	for start := 0; start < len(data); {
		end := start
		for end < len(data) && data[end] != '\n' {
			end++
		}
		next := end + 1
		lineEnd := end
		if lineEnd > start && data[lineEnd-1] == '\r' {
			lineEnd--
		}
		if len(cur.parts) == 0 && isComment(data[start:lineEnd]) {
			start = next
			continue
		}
		if lineEnd > start && data[lineEnd-1] == '\\' {
			cur.parts = append(cur.parts, [2]int{start, lineEnd - 1})
			start = next
			continue
		}
		cur.parts = append(cur.parts, [2]int{start, lineEnd})
		out = append(out, cur)
		cur = span{}
		start = next
	}
	if len(cur.parts) > 0 {
		out = append(out, cur)
	}
	return out
}

func isComment(line []byte) bool {
	for _, c := range line {
		switch c {
		case ' ', '\t':
			continue
		case '#':
			return true
		}
		return false
	}
	return false
}

// words splits a logical line into words; "..." and '...' quote words with spaces.
func (f *file) words(s span) []token {
	var out []token
	data := f.src.Data
	var cur []byte
	curOff := -1
	var quote byte
	flush := func() {
		if curOff >= 0 {
			out = append(out, token{text: string(cur), off: curOff})
		}
		cur, curOff = nil, -1
	}
	for _, p := range s.parts {
		for i := p[0]; i < p[1]; i++ {
			c := data[i]
			switch {
			case quote != 0 && c == '\\' && i+1 < p[1] && data[i+1] == quote:
				cur = append(cur, quote)
				i++
			case quote != 0 && c == quote:
				quote = 0
			case quote != 0:
				cur = append(cur, c)
			case c == ' ' || c == '\t':
				flush()
			case (c == '"' || c == '\'') && curOff < 0:
				quote, curOff = c, i+1
				cur = []byte{}
			default:
				if curOff < 0 {
					curOff = i
				}
				cur = append(cur, c)
			}
		}
	}
	if quote != 0 {
		f.errorAt(curOff-1, "unterminated quoted string")
	}
	flush()
	return out
}
