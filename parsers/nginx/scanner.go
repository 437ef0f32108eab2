package nginx

import (
	"strconv"
	"strings"
)

// tokenKind classifies what the scanner found.
type tokenKind uint8

const (
	tokEOF tokenKind = iota
	// tokWord is a bare word; it may hold ${var} and backslash escapes.
	tokWord
	// tokDoubleQuoted and tokSingleQuoted span their quotes.
	tokDoubleQuoted
	tokSingleQuoted
	// tokLua is the raw body of a *_by_lua_block directive, braces included.
	tokLua
	tokLBrace
	tokRBrace
	tokSemicolon
	// tokComment runs from '#' to the end of the line.
	tokComment
)

func (k tokenKind) String() string {
	switch k {
	case tokWord:
		return "word"
	case tokDoubleQuoted:
		return "double-quoted string"
	case tokSingleQuoted:
		return "single-quoted string"
	case tokLua:
		return "Lua block"
	case tokLBrace:
		return `"{"`
	case tokRBrace:
		return `"}"`
	case tokSemicolon:
		return `";"`
	case tokComment:
		return "comment"
	default:
		return "end of file"
	}
}

// tokEscaped marks a token whose text holds a backslash, so its value must be unescaped.
const tokEscaped uint8 = 1

// token is a span of the source; it holds no string so that scanning does not allocate.
type token struct {
	start, end int32 // byte offsets; quotes and braces included
	line, col  int32 // 1-based; col counts bytes
	kind       tokenKind
	flags      uint8
}

// scanError is a problem found while scanning, at the position of the token it concerns.
type scanError struct {
	offset, line, col int32
	msg               string
}

// scanner splits nginx configuration text into tokens the way ngx_conf_read_token does:
// words end at whitespace, ';' or '{' (not at '}' or '#'), a '{' right after '$' belongs
// to the word (${var}), a backslash escapes the next byte, and a quoted string must be
// followed by whitespace, ';', '{' or ')'.
type scanner struct {
	src       string
	pos       int
	line      int
	lineStart int
	// atStatementStart is true where the next word is a directive name; the '{' after a
	// *_by_lua_block name opens a raw Lua body rather than a block of directives.
	atStatementStart bool
	luaNext          bool
	errs             []scanError
	// failed is set when an unterminated string or Lua body consumed the rest of the input.
	failed bool
	// tok is the token next found; it is kept here rather than returned so that the
	// parser copies it once, into its token list.
	tok token
}

func newScanner(src string) *scanner {
	return &scanner{src: src, line: 1, atStatementStart: true}
}

func (s *scanner) mark(start int, kind tokenKind) token {
	return token{
		start: int32(start), end: int32(s.pos),
		line: int32(s.line), col: int32(start - s.lineStart + 1),
		kind: kind,
	}
}

// found sets s.tok to the token from start to the current position.
func (s *scanner) found(start int, kind tokenKind) tokenKind {
	s.tok = token{
		start: int32(start), end: int32(s.pos),
		line: int32(s.line), col: int32(start - s.lineStart + 1),
		kind: kind,
	}
	return kind
}

func (s *scanner) errorAt(t token, msg string) {
	if len(s.errs) <= maxFileDiags {
		s.errs = append(s.errs, scanError{offset: t.start, line: t.line, col: t.col, msg: msg})
	}
}

func (s *scanner) newline() {
	s.line++
	s.lineStart = s.pos
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// next finds the next token, sets s.tok to it and returns its kind; after the input
// ends it keeps returning tokEOF.
func (s *scanner) next() tokenKind {
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch c {
		case '\n':
			s.pos++
			s.newline()
			continue
		case ' ', '\t', '\r':
			s.pos++
			continue
		}
		start := s.pos
		switch c {
		case '#':
			if end := strings.IndexByte(s.src[s.pos:], '\n'); end >= 0 {
				s.pos += end
			} else {
				s.pos = len(s.src)
			}
			return s.found(start, tokComment)
		case ';', '}':
			s.pos++
			s.atStatementStart, s.luaNext = true, false
			if c == ';' {
				return s.found(start, tokSemicolon)
			}
			return s.found(start, tokRBrace)
		case '{':
			if s.luaNext {
				return s.scanLua()
			}
			s.pos++
			s.atStatementStart = true
			return s.found(start, tokLBrace)
		case '"', '\'':
			return s.scanQuoted(c)
		default:
			return s.scanWord()
		}
	}
	return s.found(s.pos, tokEOF)
}

// directiveName notes the first word of a statement and whether it names a Lua block.
func (s *scanner) directiveName(inner string) {
	if !s.atStatementStart {
		return
	}
	s.atStatementStart = false
	const suffix = "_by_lua_block"
	s.luaNext = strings.HasSuffix(inner, suffix)
}

// wordByte classes: 0 continues a bare word.
const (
	wordEnd    = 1 // whitespace, ';' and '{' end a word
	wordEscape = 2 // '\\' escapes the next byte
	wordDollar = 3 // '$' may start ${var}, whose '{' does not end the word
)

var wordByte = [256]uint8{
	' ': wordEnd, '\t': wordEnd, '\r': wordEnd, '\n': wordEnd, ';': wordEnd, '{': wordEnd,
	'\\': wordEscape, '$': wordDollar,
}

func (s *scanner) scanWord() tokenKind {
	start := s.pos
	t := &s.tok
	*t = s.mark(start, tokWord)
	src, i := s.src, s.pos
scan:
	for i < len(src) {
		switch wordByte[src[i]] {
		case wordEnd:
			break scan
		case wordEscape:
			t.flags = tokEscaped
			i++
			if i < len(src) {
				i++
				if src[i-1] == '\n' {
					s.pos = i
					s.newline()
				}
			}
		case wordDollar:
			i++
			if i < len(src) && src[i] == '{' {
				i++
			}
		default:
			i++
		}
	}
	s.pos = i
	t.end = int32(i)
	s.directiveName(src[start:i])
	return tokWord
}

func (s *scanner) scanQuoted(quote byte) tokenKind {
	kind := tokDoubleQuoted
	if quote == '\'' {
		kind = tokSingleQuoted
	}
	start := s.pos
	t := &s.tok
	*t = s.mark(start, kind)
	s.pos++
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		s.pos++
		switch c {
		case '\\':
			t.flags = tokEscaped
			if s.pos < len(s.src) {
				if s.src[s.pos] == '\n' {
					s.pos++
					s.newline()
					continue
				}
				s.pos++
			}
		case '\n':
			s.newline()
		case quote:
			t.end = int32(s.pos)
			s.directiveName(s.src[start+1 : s.pos-1])
			s.checkAfterQuote()
			return kind
		}
	}
	t.end = int32(s.pos)
	s.failed = true
	s.errorAt(*t, "unterminated "+kind.String()+": no closing "+strconv.QuoteRune(rune(quote))+" before the end of the file")
	return kind
}

// checkAfterQuote reports what nginx rejects right after a closing quote ("unexpected
// ..."). A '}' is left to the parser, which reports the missing ';'.
func (s *scanner) checkAfterQuote() {
	if s.pos >= len(s.src) {
		return
	}
	c := s.src[s.pos]
	if isSpace(c) || c == ';' || c == '{' || c == '}' || c == ')' {
		return
	}
	t := s.mark(s.pos, tokWord)
	s.errorAt(t, "unexpected "+strconv.QuoteRune(rune(c))+" right after a quoted string: nginx needs a space, \";\" or \"{\" there")
}

// scanLua reads a balanced {...} Lua body, skipping Lua strings and comments so that
// braces inside them do not count.
func (s *scanner) scanLua() tokenKind {
	start := s.pos
	open := &s.tok
	*open = s.mark(start, tokLua)
	depth := 0
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch c {
		case '\n':
			s.pos++
			s.newline()
			continue
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				s.pos++
				open.end = int32(s.pos)
				s.atStatementStart, s.luaNext = true, false
				return tokLua
			}
		case '"', '\'':
			s.skipLuaString(c)
			continue
		case '[':
			if level, ok := s.longBracket(s.pos); ok {
				s.skipLongBracket(level)
				continue
			}
		case '-':
			if s.pos+1 < len(s.src) && s.src[s.pos+1] == '-' {
				s.pos += 2
				if level, ok := s.longBracket(s.pos); ok {
					s.skipLongBracket(level)
					continue
				}
				for s.pos < len(s.src) && s.src[s.pos] != '\n' {
					s.pos++
				}
				continue
			}
		}
		s.pos++
	}
	s.failed = true
	s.errorAt(*open, "unterminated Lua block: no closing \"}\" before the end of the file")
	open.end = int32(s.pos)
	return tokLua
}

func (s *scanner) skipLuaString(quote byte) {
	s.pos++
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		s.pos++
		switch c {
		case '\\':
			if s.pos < len(s.src) {
				if s.src[s.pos] == '\n' {
					s.pos++
					s.newline()
					continue
				}
				s.pos++
			}
		case '\n':
			// Lua strings end at a newline; nginx's Lua lexers resume scanning there.
			s.newline()
			return
		case quote:
			return
		}
	}
}

// longBracket reports whether a Lua long bracket "[[" or "[==[" opens at i, and its level.
func (s *scanner) longBracket(i int) (int, bool) {
	if i >= len(s.src) || s.src[i] != '[' {
		return 0, false
	}
	j := i + 1
	for j < len(s.src) && s.src[j] == '=' {
		j++
	}
	if j < len(s.src) && s.src[j] == '[' {
		return j - i - 1, true
	}
	return 0, false
}

// skipLongBracket moves past a long string or comment of the given level.
func (s *scanner) skipLongBracket(level int) {
	s.pos += level + 2
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		if c == '\n' {
			s.pos++
			s.newline()
			continue
		}
		s.pos++
		if c != ']' {
			continue
		}
		j := s.pos
		for j < len(s.src) && s.src[j] == '=' {
			j++
		}
		if j-s.pos == level && j < len(s.src) && s.src[j] == ']' {
			s.pos = j + 1
			return
		}
	}
}
