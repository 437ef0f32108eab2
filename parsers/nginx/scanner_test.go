package nginx

import (
	"fmt"
	"slices"
	"testing"
)

// scanAll returns every token as "line:col kind text" and every scan error as
// "line:col message".
func scanAll(src string) (toks, errs []string) {
	s := newScanner(src)
	for s.next() != tokEOF {
		t := s.tok
		toks = append(toks, fmt.Sprintf("%d:%d %s %s", t.line, t.col, t.kind, src[t.start:t.end]))
	}
	for _, e := range s.errs {
		errs = append(errs, fmt.Sprintf("%d:%d %s", e.line, e.col, e.msg))
	}
	return toks, errs
}

func TestScannerTokens(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "words and punctuation with positions",
			src:  "http {\n    keepalive_timeout 10s;\n}\n",
			want: []string{`1:1 word http`, `1:6 "{" {`, `2:5 word keepalive_timeout`, `2:23 word 10s`, `2:26 ";" ;`, `3:1 "}" }`},
		},
		{
			name: "double and single quotes keep escapes and spaces",
			src:  `add_header X "a \"b\" c" 'it\'s';`,
			want: []string{`1:1 word add_header`, `1:12 word X`, `1:14 double-quoted string "a \"b\" c"`, `1:26 single-quoted string 'it\'s'`, `1:33 ";" ;`},
		},
		{
			name: "comments end at the line; # inside a word is not one",
			src:  "# top\nroot /a#b; # tail\n",
			want: []string{`1:1 comment # top`, `2:1 word root`, `2:6 word /a#b`, `2:10 ";" ;`, `2:12 comment # tail`},
		},
		{
			name: "a ${var} brace belongs to the word; } inside a word too",
			src:  "set $a ${b}c}; return 200;",
			want: []string{`1:1 word set`, `1:5 word $a`, `1:8 word ${b}c}`, `1:14 ";" ;`, `1:16 word return`, `1:23 word 200`, `1:26 ";" ;`},
		},
		{
			name: "backslash escapes a semicolon and a space in a bare word",
			src:  `log_format a\;b c\ d;`,
			want: []string{`1:1 word log_format`, `1:12 word a\;b`, `1:17 word c\ d`, `1:21 ";" ;`},
		},
		{
			name: "a quoted string may span lines; the next token's line is right",
			src:  "return 200 \"a\nb\";\nlisten 80;",
			want: []string{`1:1 word return`, `1:8 word 200`, "1:12 double-quoted string \"a\nb\"", `2:3 ";" ;`, `3:1 word listen`, `3:8 word 80`, `3:10 ";" ;`},
		},
		{
			name: "a Lua block is one raw token, braces in strings and comments ignored",
			src:  "content_by_lua_block {\n  local t = { '}' , \"{\" } -- }\n  --[[ } ]] x = [==[ } ]==]\n}\nlisten 80;",
			want: []string{
				`1:1 word content_by_lua_block`,
				"1:22 Lua block {\n  local t = { '}' , \"{\" } -- }\n  --[[ } ]] x = [==[ } ]==]\n}",
				`5:1 word listen`, `5:8 word 80`, `5:10 ";" ;`,
			},
		},
		{
			name: "set_by_lua_block takes arguments before its body; a quoted name works",
			src:  "set_by_lua_block $res { return 1 }\n\"rewrite_by_lua_block\" { a = {1} }",
			want: []string{`1:1 word set_by_lua_block`, `1:18 word $res`, `1:23 Lua block { return 1 }`, `2:1 double-quoted string "rewrite_by_lua_block"`, `2:24 Lua block { a = {1} }`},
		},
		{
			name: "a *_by_lua_block word as an argument opens no Lua body",
			src:  "server_name content_by_lua_block;\nupstream content_by_lua_block { }",
			want: []string{`1:1 word server_name`, `1:13 word content_by_lua_block`, `1:33 ";" ;`, `2:1 word upstream`, `2:10 word content_by_lua_block`, `2:31 "{" {`, `2:33 "}" }`},
		},
		{
			name: "CRLF line endings",
			src:  "listen 80;\r\nroot /x;\r\n",
			want: []string{`1:1 word listen`, `1:8 word 80`, `1:10 ";" ;`, `2:1 word root`, `2:6 word /x`, `2:8 ";" ;`},
		},
		{
			name: "columns count bytes, not runes",
			src:  "env 'русский'; listen 80;",
			want: []string{`1:1 word env`, `1:5 single-quoted string 'русский'`, `1:21 ";" ;`, `1:23 word listen`, `1:30 word 80`, `1:32 ";" ;`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := scanAll(tt.src)
			if len(errs) > 0 {
				t.Errorf("unexpected errors: %q", errs)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("tokens\n got: %q\nwant: %q", got, tt.want)
			}
		})
	}
}

func TestScannerErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "unterminated double quote is reported at the quote",
			src:  "http {\n  return 200 \"oops;\n}\n",
			want: []string{`2:14 unterminated double-quoted string: no closing '"' before the end of the file`},
		},
		{
			name: "unterminated single quote",
			src:  "a 'b",
			want: []string{`1:3 unterminated single-quoted string: no closing '\'' before the end of the file`},
		},
		{
			name: "text glued to a closing quote",
			src:  "a \"b\"c;",
			want: []string{`1:6 unexpected 'c' right after a quoted string: nginx needs a space, ";" or "{" there`},
		},
		{
			name: "unterminated Lua block is reported at its brace",
			src:  "http {\n  init_by_lua_block {\n    x = '}'\n",
			want: []string{`2:21 unterminated Lua block: no closing "}" before the end of the file`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := scanAll(tt.src)
			if !slices.Equal(errs, tt.want) {
				t.Errorf("errors\n got: %q\nwant: %q", errs, tt.want)
			}
		})
	}
}

func TestTokenText(t *testing.T) {
	tests := []struct{ src, want string }{
		{`plain`, "plain"},
		{`"a \"q\" \\ \t \x"`, "a \"q\" \\ \t \\x"},
		{`'single \' quote'`, "single ' quote"},
		{`""`, ""},
		{`a\ b`, `a\ b`},
		{`a\;b`, `a\;b`},
		{`a\nb`, "a\nb"},
	}
	for _, tt := range tests {
		f := parseFile("t.conf", "t.conf", "x "+tt.src+";")
		if len(f.dirs) != 1 || f.dirs[0].nargs != 1 {
			t.Fatalf("%s: parsed %d directives", tt.src, len(f.dirs))
		}
		if got := f.text(f.toks[1]); got != tt.want {
			t.Errorf("text(%s) = %q, want %q", tt.src, got, tt.want)
		}
	}
}
