package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// maxNesting bounds how deeply brackets, strings, templates and heredocs may nest. The hcl
// parsers recurse once per level, and a Go stack overflow cannot be recovered: a file
// nested 100,000 deep would end the whole run. Real configurations nest a few levels.
const maxNesting = 1000

// maxOperators bounds the operators of one expression. hcl recurses once per operator too:
// when it parses unary operators and conditionals (- - - 1, a ? b : c ? d : e), and when
// it evaluates binary ones, as (a+b)+c is a tree as deep as its chain is long. 900,000
// minus signs overflowed the stack; real expressions have a few dozen operators.
const maxOperators = 10_000

// unparsable says why src is not handed to the hcl parsers, and where; "" when it is.
func unparsable(src []byte, rel string) (hcl.Pos, string) {
	if !utf8.Valid(src) {
		// hcl rejects it too, and loses count of lines around the bad bytes, which puts its
		// other errors on the wrong line.
		off := 0
		for r, size := utf8.DecodeRune(src); r != utf8.RuneError || size > 1; r, size = utf8.DecodeRune(src[off:]) {
			off += size
		}
		return hcl.Pos{Line: 1 + bytes.Count(src[:off], []byte("\n")), Byte: off},
			fmt.Sprintf("Invalid character encoding: invalid UTF-8 (byte 0x%02x); Terraform reads only UTF-8 files, and the file was not read", src[off])
	}
	if n, large := tooLarge(src, rel); large {
		return hcl.InitialPos, fmt.Sprintf("about %d tokens, more than the %d read from one file; the file was not read", n, maxTokens)
	}
	return tooDeep(src, rel)
}

// maxTokens bounds the tokens of a native syntax file: hcl keeps several hundred bytes per
// token, so that a 10 MB file of template interpolations took 1.9 GB and 15 s. Real
// configurations of a few hundred kilobytes stay far below.
const maxTokens = 1_000_000

// tooLarge reports the number of tokens of a native syntax file above maxTokens, counted
// generously (every word and every punctuation byte) without lexing it.
func tooLarge(src []byte, rel string) (int, bool) {
	if strings.HasSuffix(rel, ".json") || len(src) <= maxTokens {
		return 0, false
	}
	n, prevWord := 0, false
	for _, c := range src {
		word := c == '_' || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z' || c >= 0x80
		if !word && c != ' ' && c != '\t' && c != '\n' && c != '\r' || word && !prevWord {
			n++
		}
		prevWord = word
	}
	return n, n > maxTokens
}

// tooDeep returns where src nests deeper than maxNesting or chains more than maxOperators
// operators, and which; "" when it does neither. Native syntax is lexed, so that brackets
// and operators inside strings and comments do not count; in JSON syntax, the templates
// inside strings are what hcl parses recursively (the JSON structure itself it reads
// iteratively).
func tooDeep(src []byte, rel string) (hcl.Pos, string) {
	// Each level needs an opening byte, and each operator a byte of its own: a file with few
	// of them cannot be too deep.
	openers, operators := 0, 0
	for _, c := range src {
		switch c {
		case '(', '[', '{', '"':
			openers++
		case '<': // << opens a heredoc
			openers++
			operators++
		case '+', '-', '*', '/', '%', '!', '?', '&', '|', '=', '>':
			operators++
		}
	}
	if openers <= maxNesting && operators <= maxOperators {
		return hcl.Pos{}, ""
	}
	if !strings.HasSuffix(rel, ".json") {
		toks, _ := hclsyntax.LexConfig(src, rel, hcl.InitialPos)
		return deepToken(toks)
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return hcl.Pos{}, "" // hcljson reports the syntax error
		}
		s, ok := tok.(string)
		if !ok || !strings.Contains(s, "${") && !strings.Contains(s, "%{") {
			continue
		}
		toks, _ := hclsyntax.LexTemplate([]byte(s), rel, hcl.InitialPos)
		if _, why := deepToken(toks); why != "" {
			// The string's own position: its first byte after the separator before it.
			start += int64(bytes.IndexByte(src[start:], '"'))
			return hcl.Pos{Line: 1 + bytes.Count(src[:start], []byte("\n")), Byte: int(start)}, why
		}
	}
}

// deepToken returns the first token nested deeper than maxNesting or past maxOperators
// operators, and which.
func deepToken(toks hclsyntax.Tokens) (hcl.Pos, string) {
	// An expression's operators are counted at its bracket level, together with those of
	// the expressions it is nested in. A comma ends an expression, and so does a newline
	// except inside parentheses, brackets and template sequences, where hcl skips it.
	type level struct {
		open      hclsyntax.TokenType
		operators int
	}
	levels := []level{{}}
	operators := 0
	// directives are the %{if} and %{for} directives open: each nests the template up to
	// its %{endif} or %{endfor}, although its own sequence is closed.
	directives := 0
	tooDeep := func(t hclsyntax.Token) (hcl.Pos, string) {
		return t.Range.Start, fmt.Sprintf("brackets, strings or templates nested deeper than %d levels; the file was not read", maxNesting)
	}
	tooMany := func(t hclsyntax.Token) (hcl.Pos, string) {
		return t.Range.Start, fmt.Sprintf("an expression with more than %d operators; the file was not read", maxOperators)
	}
	for i, t := range toks {
		top := &levels[len(levels)-1]
		switch t.Type {
		case hclsyntax.TokenOParen, hclsyntax.TokenOBrack, hclsyntax.TokenOBrace, hclsyntax.TokenOQuote,
			hclsyntax.TokenOHeredoc, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			if len(levels)+directives > maxNesting {
				return tooDeep(t)
			}
			levels = append(levels, level{open: t.Type})
		case hclsyntax.TokenCParen, hclsyntax.TokenCBrack, hclsyntax.TokenCBrace, hclsyntax.TokenCQuote,
			hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			if len(levels) > 1 {
				operators -= top.operators
				levels = levels[:len(levels)-1]
			}
			// A splat [*] wraps everything before it, as an operator does.
			if t.Type == hclsyntax.TokenCBrack && i >= 2 && toks[i-1].Type == hclsyntax.TokenStar && toks[i-2].Type == hclsyntax.TokenOBrack {
				levels[len(levels)-1].operators++
				if operators++; operators > maxOperators {
					return tooMany(t)
				}
			}
		case hclsyntax.TokenPlus, hclsyntax.TokenMinus, hclsyntax.TokenStar, hclsyntax.TokenSlash, hclsyntax.TokenPercent,
			hclsyntax.TokenAnd, hclsyntax.TokenOr, hclsyntax.TokenBang, hclsyntax.TokenQuestion,
			hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual, hclsyntax.TokenLessThan, hclsyntax.TokenLessThanEq,
			hclsyntax.TokenGreaterThan, hclsyntax.TokenGreaterThanEq:
			top.operators++
			if operators++; operators > maxOperators {
				return tooMany(t)
			}
		case hclsyntax.TokenNewline, hclsyntax.TokenComma:
			switch top.open {
			case hclsyntax.TokenOParen, hclsyntax.TokenOBrack, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
				if t.Type == hclsyntax.TokenNewline {
					continue
				}
			}
			operators -= top.operators
			top.operators = 0
		case hclsyntax.TokenIdent:
			// The directive's keyword follows %{ (or %{~, one token).
			if i == 0 || toks[i-1].Type != hclsyntax.TokenTemplateControl {
				continue
			}
			switch string(t.Bytes) {
			case "if", "for":
				if directives++; len(levels)+directives > maxNesting {
					return tooDeep(t)
				}
			case "endif", "endfor":
				directives = max(directives-1, 0)
			}
		}
	}
	return hcl.Pos{}, ""
}
