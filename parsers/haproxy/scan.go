package haproxy

import (
	"fmt"
	"strings"

	"github.com/tolint/tolint/graph"
)

// word is one argument of a configuration line, with quotes and escapes resolved.
type word struct {
	// text is the word as HAProxy sees it, except that environment variables stay as
	// written ("${PORT}"): their values are not known when linting.
	text string
	// raw is the word as written in the file, quotes and backslashes included.
	raw string
	pos graph.Pos
}

// scanner cuts a configuration into lines of words (configuration.txt section 2.2):
// words are separated by unprotected spaces and tabs, an unprotected '#' starts a
// comment, '\' escapes the next character, "..." quotes weakly and '...' strongly.
// A backslash at the end of a line is an ordinary character: HAProxy has no line
// continuation. Lines inside a false .if block (section 2.4) are skipped.
type scanner struct {
	src  string
	file string
	off  int
	// line is the current line number and lineStart the offset where it begins.
	line      int
	lineStart int
	words     []word
	buf       []byte
	conds     []cond
	diags     []graph.Diagnostic
}

// cond is one open .if block.
type cond struct {
	pos graph.Pos
	// parentActive is whether the lines around the block are read at all.
	parentActive bool
	// active is whether the current branch is read; taken whether any branch was.
	active, taken bool
	sawElse       bool
}

func newScanner(src, file string) *scanner {
	return &scanner{src: src, file: file, words: make([]word, 0, 16)}
}

// next reads the next line that has words and is not a preprocessor directive into
// s.words. It returns false at the end of the input.
func (s *scanner) next() bool {
	for s.off < len(s.src) {
		start := s.off
		end := strings.IndexByte(s.src[start:], '\n')
		if end < 0 {
			end = len(s.src)
		} else {
			end += start
		}
		s.off = end + 1
		s.line++
		s.lineStart = start
		if !s.tokenize(start, end) || len(s.words) == 0 {
			continue
		}
		if strings.HasPrefix(s.words[0].text, ".") {
			s.directive()
			continue
		}
		if s.active() {
			return true
		}
	}
	for _, c := range s.conds {
		s.errorf(c.pos, ".if block is never closed: add .endif")
	}
	s.conds = nil
	return false
}

func (s *scanner) active() bool {
	return len(s.conds) == 0 || s.conds[len(s.conds)-1].active
}

// directive handles the conditional-block directives; the message directives
// (.notice, .warning, .alert, .diag) and any others are ignored.
func (s *scanner) directive() {
	w := s.words[0]
	switch w.text {
	case ".if":
		parent := s.active()
		ok := evalCondition(s.words[1:])
		s.conds = append(s.conds, cond{pos: w.pos, parentActive: parent, active: parent && ok, taken: ok})
	case ".elif", ".else":
		if len(s.conds) == 0 {
			s.errorf(w.pos, "%s without .if", w.text)
			return
		}
		c := &s.conds[len(s.conds)-1]
		if c.sawElse {
			s.errorf(w.pos, "%s after .else", w.text)
			return
		}
		ok := w.text == ".else" || evalCondition(s.words[1:])
		c.sawElse = w.text == ".else"
		c.active = c.parentActive && !c.taken && ok
		c.taken = c.taken || ok
	case ".endif":
		if len(s.conds) == 0 {
			s.errorf(w.pos, ".endif without .if")
			return
		}
		s.conds = s.conds[:len(s.conds)-1]
	}
}

// evalCondition evaluates an .if condition. Constants are evaluated as HAProxy does
// (empty or 0 is false, another integer true); predicates such as feature(),
// defined() or version_atleast() depend on the machine and are assumed true, so the
// first branch of such a block is the one read.
func evalCondition(args []word) bool {
	if len(args) == 0 {
		return false
	}
	if len(args) == 1 && isDigits(args[0].text) {
		return strings.Trim(args[0].text, "0") != ""
	}
	return true
}

// tokenize splits src[start:end] into s.words. It returns false when the line is
// malformed (an unterminated quote); the line is then reported and ignored, as HAProxy
// refuses it.
func (s *scanner) tokenize(start, end int) bool {
	s.words = s.words[:0]
	src := s.src
	i := start
	for i < end {
		c := src[i]
		if c == ' ' || c == '\t' || c == '\r' {
			i++
			continue
		}
		if c == '#' {
			break
		}
		wstart := i
		// Most words are plain: their text is a substring of the input, copied nowhere.
		for i < end && !special[src[i]] {
			i++
		}
		text := src[wstart:i]
		if i < end && (src[i] == '\\' || src[i] == '"' || src[i] == '\'') {
			var ok bool
			if text, i, ok = s.unquote(wstart, i, end); !ok {
				s.words = s.words[:0]
				return false
			}
		}
		// Field by field: a word built apart and copied in makes the CPU wait on its
		// own stores (about a third of the scanner's time).
		s.words = append(s.words, word{})
		w := &s.words[len(s.words)-1]
		w.text, w.raw = text, src[wstart:i]
		w.pos.File, w.pos.Line, w.pos.Col, w.pos.Offset = s.file, s.line, wstart-s.lineStart+1, wstart
	}
	return true
}

// special marks the characters that end a plain run of a word: separators, the comment
// sign, quotes and the backslash. A table, as it is looked up for every byte.
var special = [256]bool{' ': true, '\t': true, '\r': true, '#': true, '"': true, '\'': true, '\\': true}

// unquote reads the rest of the word that starts at wstart and whose plain run ends at
// i, on a quote or a backslash. It returns the word's text and the index after it; ok
// is false, and the quote reported, when a quote is not closed on the line.
func (s *scanner) unquote(wstart, i, end int) (text string, next int, ok bool) {
	src := s.src
	s.buf = append(s.buf[:0], src[wstart:i]...)
	var quote byte
	quoteAt := 0
word:
	for i < end {
		c := src[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				s.buf = append(s.buf, c)
			}
			i++
		case c == '\\':
			i = s.escape(i, end)
		case quote == '"':
			if c == '"' {
				quote = 0
			} else {
				s.buf = append(s.buf, c)
			}
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '#':
			break word
		case c == '"' || c == '\'':
			quote, quoteAt = c, i
			i++
		default:
			s.buf = append(s.buf, c)
			i++
		}
	}
	if quote != 0 {
		s.errorf(s.pos(quoteAt), "unterminated %s quote: the line is ignored", quoteName(quote))
		return "", i, false
	}
	return string(s.buf), i, true
}

func quoteName(q byte) string {
	if q == '"' {
		return "double"
	}
	return "single"
}

// escape appends the character escaped by the backslash at src[i] and returns the
// index after the escape. Combinations HAProxy gives no meaning keep their backslash
// ("\1" stays "\1"), as in HAProxy's own line parser.
func (s *scanner) escape(i, end int) int {
	if i+1 >= end {
		s.buf = append(s.buf, '\\')
		return i + 1
	}
	c := s.src[i+1]
	switch c {
	case ' ', '\t', '#', '\\', '\'', '"', '$':
		s.buf = append(s.buf, c)
	case 'n':
		s.buf = append(s.buf, '\n')
	case 'r':
		s.buf = append(s.buf, '\r')
	case 't':
		s.buf = append(s.buf, '\t')
	case 'x':
		if i+3 < end {
			if hi, ok := hexValue(s.src[i+2]); ok {
				if lo, ok := hexValue(s.src[i+3]); ok {
					s.buf = append(s.buf, hi<<4|lo)
					return i + 4
				}
			}
		}
		s.buf = append(s.buf, '\\', c)
	default:
		s.buf = append(s.buf, '\\', c)
	}
	return i + 2
}

func hexValue(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// pos returns the position of byte offset off, which lies on the current line.
func (s *scanner) pos(off int) graph.Pos {
	return graph.Pos{File: s.file, Line: s.line, Col: off - s.lineStart + 1, Offset: off}
}

func (s *scanner) errorf(at graph.Pos, format string, args ...any) {
	s.diags = append(s.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: at, Message: fmt.Sprintf(format, args...)})
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
