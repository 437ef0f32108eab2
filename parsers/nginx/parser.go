package nginx

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
)

// maxDepth bounds the nesting of blocks (and of includes inside them); deeper input is
// reported and skipped, so no input can exhaust the stack.
const maxDepth = 1000

// directive is one statement. Directives are stored flat in pre-order: the children of a
// block directive at index i are at i+1 up to its end, each child skipping to its own end.
type directive struct {
	tok   int32 // index of the name token in file.toks; the arguments follow it
	nargs int32
	end   int32 // index in file.dirs just past this directive and its block
	block bool
	kind  dirKind
}

// file is one parsed configuration file.
type file struct {
	rel     string
	display string
	// src is the file's text; token values are substrings of it, so reading one does not
	// copy unless it holds escapes.
	src   string
	toks  []token // names and arguments only; comments and punctuation are dropped
	dirs  []directive
	diags []graph.Diagnostic
	// count is the number of directives of each kind, to size the walker's lists and maps.
	count [numKinds]int32
}

func (f *file) pos(t token) graph.Pos {
	return graph.Pos{File: f.display, Line: int(t.line), Col: int(t.col), Offset: int(t.start)}
}

func (f *file) posOf(i int32) graph.Pos { return f.pos(f.toks[i]) }

// appendPos appends the position of token i as graph.Pos.String prints it (a token's line
// and column are never 0), without the strings that printing it makes: messages quoting
// positions are written for every pool of a configuration.
func (f *file) appendPos(b []byte, i int32) []byte {
	t := f.toks[i]
	if f.display != "" {
		b = append(append(b, f.display...), ':')
	}
	b = strconv.AppendInt(b, int64(t.line), 10)
	b = append(b, ':')
	return strconv.AppendInt(b, int64(t.col), 10)
}

// maxFileDiags caps the problems reported for one file: nginx stops at the first, and a
// file of garbage must not turn into millions of diagnostics.
const maxFileDiags = 100

func (f *file) errorAt(t token, msg string) {
	f.add(graph.Diagnostic{Kind: graph.ParseError, Pos: f.pos(t), Message: msg})
}

func (f *file) add(d graph.Diagnostic) {
	switch {
	case len(f.diags) < maxFileDiags:
		f.diags = append(f.diags, d)
	case len(f.diags) == maxFileDiags:
		d.Message = "more than " + strconv.Itoa(maxFileDiags) + " problems in this file; the rest are not reported"
		f.diags = append(f.diags, d)
	}
}

// raw returns the token as written, quotes included.
func (f *file) raw(t token) string { return f.src[t.start:t.end] }

// text returns the token's value the way nginx reads it: quotes removed, and \" \' \\ \t
// \r \n unescaped (any other backslash is kept).
func (f *file) text(t token) string {
	b := f.src[t.start:t.end]
	if t.kind == tokDoubleQuoted || t.kind == tokSingleQuoted {
		if len(b) >= 2 && b[len(b)-1] == b[0] {
			b = b[1 : len(b)-1]
		} else {
			b = b[1:]
		}
	}
	if t.flags&tokEscaped == 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\\' && i+1 < len(b) {
			switch b[i+1] {
			case '"', '\'', '\\':
				i++
				c = b[i]
			case 't':
				i++
				c = '\t'
			case 'r':
				i++
				c = '\r'
			case 'n':
				i++
				c = '\n'
			}
		}
		out = append(out, c)
	}
	return string(out)
}

// is reports whether the token's value equals s.
func (f *file) is(t token, s string) bool { return f.text(t) == s }

func (f *file) args(d directive) []token { return f.toks[d.tok+1 : d.tok+1+d.nargs] }

// bom is the UTF-8 byte order mark some Windows editors put at the start of a file.
const bom = "\xef\xbb\xbf"

// openBlock is a block being parsed; dir < 0 marks a block that is parsed only to be
// dropped (a '{' without a directive name, or nesting beyond maxDepth).
type openBlock struct {
	dir              int32
	dirsLen, toksLen int32
}

// parseFile scans and parses src. It always returns a file: problems become diagnostics
// and everything that parsed before (and after) them is kept.
func parseFile(rel, display, src string) *file {
	f := &file{rel: rel, display: display, src: src}
	if len(src) >= math.MaxInt32 {
		f.diags = append(f.diags, graph.Diagnostic{Kind: graph.ParseError,
			Pos: graph.Pos{File: display, Line: 1, Col: 1}, Message: "file too large to parse"})
		return f
	}
	// Real configurations have about one token per 17 bytes and one directive per 43, dense
	// ones (short names, little indentation) one per 16 and 37: growing a list copies it.
	f.toks = make([]token, 0, len(src)/14+4)
	f.dirs = make([]directive, 0, len(src)/32+4)
	s := newScanner(src)
	if strings.HasPrefix(src, bom) {
		// Columns still count the mark's bytes, so positions match the file.
		s.pos = len(bom)
		f.add(graph.Diagnostic{Kind: graph.ParseError, Pos: graph.Pos{File: display, Line: 1, Col: 1},
			Message: "the file starts with a UTF-8 byte order mark, which nginx rejects as part of the first directive; it was skipped"})
	}
	var stack []openBlock
	pending := int32(-1) // index in toks of the name of the directive being read
	finish := func(block bool) {
		d := directive{tok: pending, nargs: int32(len(f.toks)) - pending - 1,
			end: int32(len(f.dirs)) + 1, block: block, kind: kindOf(f.text(f.toks[pending]))}
		f.count[d.kind]++
		f.dirs = append(f.dirs, d)
		pending = -1
	}
	for {
		switch s.next() {
		case tokComment:
			continue
		case tokWord, tokDoubleQuoted, tokSingleQuoted:
			if s.failed {
				continue // an unterminated string: its directive is dropped below
			}
			if pending < 0 {
				pending = int32(len(f.toks))
			}
			f.toks = append(f.toks, s.tok)
		case tokLua:
			if s.failed {
				continue
			}
			if pending < 0 {
				pending = int32(len(f.toks))
			}
			f.toks = append(f.toks, s.tok)
			finish(false)
		case tokSemicolon:
			if pending < 0 {
				f.errorAt(s.tok, `unexpected ";": no directive before it`)
				continue
			}
			finish(false)
		case tokLBrace:
			ob := openBlock{dir: -1, dirsLen: int32(len(f.dirs)), toksLen: int32(len(f.toks))}
			// Inside a skipped block everything is dropped anyway; report only its start.
			quiet := len(stack) > 0 && stack[len(stack)-1].dir < 0
			switch {
			case pending < 0:
				if !quiet {
					f.errorAt(s.tok, `unexpected "{": no directive name before it; the block is skipped`)
				}
			case len(stack) >= maxDepth:
				if !quiet {
					f.errorAt(s.tok, "blocks nested deeper than "+strconv.Itoa(maxDepth)+" levels; the inner blocks are skipped")
				}
				ob.toksLen = pending
				pending = -1
			default:
				ob.dir = int32(len(f.dirs))
				finish(true)
			}
			stack = append(stack, ob)
		case tokRBrace:
			if pending >= 0 {
				f.errorAt(f.toks[pending], "directive "+strconv.Quote(f.text(f.toks[pending]))+` is missing its ";" before "}"`)
				finish(false)
			}
			if len(stack) == 0 {
				f.errorAt(s.tok, `unexpected "}": no block is open here`)
				continue
			}
			f.closeBlock(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
		default: // tokEOF
			f.addScanErrors(s)
			if pending >= 0 {
				if !s.failed {
					f.errorAt(f.toks[pending], "directive "+strconv.Quote(f.text(f.toks[pending]))+` has no ";" before the end of the file`)
				}
				f.toks = f.toks[:pending]
			}
			f.closeAtEOF(stack)
			return f
		}
	}
}

// closeAtEOF closes the blocks still open at the end of the input, keeping what they hold,
// and reports the innermost named one: that is where a "}" is most likely missing.
func (f *file) closeAtEOF(stack []openBlock) {
	reported := false
	for i := len(stack) - 1; i >= 0; i-- {
		ob := stack[i]
		if ob.dir >= 0 && !reported {
			reported = true
			name := f.toks[f.dirs[ob.dir].tok]
			msg := "block " + strconv.Quote(f.text(name)) + ` has no closing "}" before the end of the file`
			if i > 0 {
				msg += " (" + strconv.Itoa(i) + " enclosing blocks are not closed either)"
			}
			f.errorAt(name, msg)
		}
		f.closeBlock(ob)
	}
}

// closeBlock ends a block: it records where the block's children end, or drops them.
func (f *file) closeBlock(ob openBlock) {
	if ob.dir < 0 {
		f.dirs = f.dirs[:ob.dirsLen]
		f.toks = f.toks[:ob.toksLen]
		return
	}
	f.dirs[ob.dir].end = int32(len(f.dirs))
}

func (f *file) addScanErrors(s *scanner) {
	for _, e := range s.errs {
		f.add(graph.Diagnostic{Kind: graph.ParseError,
			Pos:     graph.Pos{File: f.display, Line: int(e.line), Col: int(e.col), Offset: int(e.offset)},
			Message: e.msg})
	}
}

// format prints the directive tree back as configuration text, one directive per line.
// Tokens are printed as written, so the result parses to the same tree.
func (f *file) format() []byte {
	var buf bytes.Buffer
	f.formatRange(&buf, 0, int32(len(f.dirs)), 0)
	return buf.Bytes()
}

func (f *file) formatRange(buf *bytes.Buffer, first, end int32, indent int) {
	for i := first; i < end; i = f.dirs[i].end {
		d := f.dirs[i]
		for range indent {
			buf.WriteString("    ")
		}
		buf.WriteString(f.raw(f.toks[d.tok]))
		lua := false
		for _, a := range f.args(d) {
			buf.WriteByte(' ')
			buf.WriteString(f.raw(a))
			lua = a.kind == tokLua
		}
		switch {
		case d.block:
			buf.WriteString(" {\n")
			f.formatRange(buf, i+1, d.end, indent+1)
			for range indent {
				buf.WriteString("    ")
			}
			buf.WriteString("}\n")
		case lua:
			buf.WriteByte('\n')
		default:
			buf.WriteString(";\n")
		}
	}
}
