package nginx

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// shapeOf prints a parsed tree on one line: `http { listen 80; }`.
func shapeOf(f *file) string {
	var b strings.Builder
	var walk func(first, end int32)
	walk = func(first, end int32) {
		for i := first; i < end; i = f.dirs[i].end {
			d := f.dirs[i]
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(f.raw(f.toks[d.tok]))
			for _, a := range f.args(d) {
				b.WriteByte(' ')
				b.WriteString(f.raw(a))
			}
			if d.block {
				b.WriteString(" {")
				walk(i+1, d.end)
				b.WriteString(" }")
			} else if d.nargs == 0 || f.args(d)[d.nargs-1].kind != tokLua {
				b.WriteByte(';')
			}
		}
	}
	walk(0, int32(len(f.dirs)))
	return b.String()
}

func diagStrings(f *file) []string {
	var out []string
	for _, d := range f.diags {
		out = append(out, fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Col, d.Message))
	}
	return out
}

func TestParseTree(t *testing.T) {
	tests := []struct {
		name, src, want string
		diags           []string
	}{
		{
			name: "nested blocks and arguments",
			src:  "events {}\nhttp {\n  server { listen 80; location / { return 200 \"ok\"; } }\n}\n",
			want: `events { } http { server { listen 80; location / { return 200 "ok"; } } }`,
		},
		{
			name: "comments between arguments are dropped",
			src:  "log_format #c1\n  a #c2\n  'b' #c3\n  ;",
			want: `log_format a 'b';`,
		},
		{
			name: "lua block ends its directive without a semicolon",
			src:  "http { init_by_lua_block { x = 1 } server { } }",
			want: `http { init_by_lua_block { x = 1 } server { } }`,
		},
		{
			name:  "a missing ';' before '}' is reported and the directive kept",
			src:   "http {\n    server {\n        location /a {\n            proxy_pass http://10.0.0.1\n        }\n        location /b { return 204; }\n    }\n}\n",
			want:  `http { server { location /a { proxy_pass http://10.0.0.1; } location /b { return 204; } } }`,
			diags: []string{`4:13 directive "proxy_pass" is missing its ";" before "}"`},
		},
		{
			name:  "an unexpected '}' is reported and skipped",
			src:   "listen 80;\n}\nroot /srv;",
			want:  `listen 80; root /srv;`,
			diags: []string{`2:1 unexpected "}": no block is open here`},
		},
		{
			name:  "a directive cut off by the end of the file is dropped",
			src:   "worker_processes 1;\nevents {}\nuser www",
			want:  `worker_processes 1; events { }`,
			diags: []string{`3:1 directive "user" has no ";" before the end of the file`},
		},
		{
			name:  "an unclosed block keeps its content; the innermost block is reported",
			src:   "http {\n  server {\n    listen 80;\n",
			want:  `http { server { listen 80; } }`,
			diags: []string{`2:3 block "server" has no closing "}" before the end of the file (1 enclosing blocks are not closed either)`},
		},
		{
			name:  "a stray ';' is reported",
			src:   "listen 80;;",
			want:  `listen 80;`,
			diags: []string{`1:11 unexpected ";": no directive before it`},
		},
		{
			name:  "a block without a name is skipped",
			src:   "{ listen 1; }\nlisten 2;",
			want:  `listen 2;`,
			diags: []string{`1:1 unexpected "{": no directive name before it; the block is skipped`},
		},
		{
			name:  "an unterminated quote drops its directive and keeps what came before",
			src:   "listen 80;\nreturn 200 \"x;\nlisten 81;\n",
			want:  `listen 80;`,
			diags: []string{`2:12 unterminated double-quoted string: no closing '"' before the end of the file`},
		},
		{
			name:  "a byte order mark is reported and skipped",
			src:   "\xef\xbb\xbfhttp { listen 80; }",
			want:  `http { listen 80; }`,
			diags: []string{`1:1 the file starts with a UTF-8 byte order mark, which nginx rejects as part of the first directive; it was skipped`},
		},
		{
			name:  "text glued to a quote is split and reported",
			src:   `a "b"c;`,
			want:  `a "b" c;`,
			diags: []string{`1:6 unexpected 'c' right after a quoted string: nginx needs a space, ";" or "{" there`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseFile("t.conf", "t.conf", tt.src)
			if got := shapeOf(f); got != tt.want {
				t.Errorf("tree\n got: %s\nwant: %s", got, tt.want)
			}
			if got := diagStrings(f); !slices.Equal(got, tt.diags) {
				t.Errorf("diagnostics\n got: %q\nwant: %q", got, tt.diags)
			}
		})
	}
}

func TestParseDepthLimit(t *testing.T) {
	const n = 5000
	src := strings.Repeat("a {\n", n) + "listen 80;\n" + strings.Repeat("}\n", n) + "root /x;"
	f := parseFile("deep.conf", "deep.conf", src)
	want := []string{fmt.Sprintf("%d:3 blocks nested deeper than %d levels; the inner blocks are skipped", maxDepth+1, maxDepth)}
	if got := diagStrings(f); !slices.Equal(got, want) {
		t.Fatalf("diagnostics: %q, want %q", got, want)
	}
	if last := f.dirs[len(f.dirs)-1]; !f.is(f.toks[last.tok], "root") {
		t.Errorf("the directive after the deep blocks was lost")
	}
	depth, maxSeen := 0, 0
	var walk func(first, end int32)
	walk = func(first, end int32) {
		for i := first; i < end; i = f.dirs[i].end {
			if f.dirs[i].block {
				depth++
				maxSeen = max(maxSeen, depth)
				walk(i+1, f.dirs[i].end)
				depth--
			}
		}
	}
	walk(0, int32(len(f.dirs)))
	if maxSeen != maxDepth {
		t.Errorf("kept %d levels, want %d", maxSeen, maxDepth)
	}
}

func TestFormatRoundTrip(t *testing.T) {
	src := "http { # c\n  map $a $b { '' x; default \"y z\"; }\n  server { listen 80; content_by_lua_block { ngx.say('}') } }\n}\nuser a\\ b;\n"
	f := parseFile("t.conf", "t.conf", src)
	g := parseFile("t.conf", "t.conf", string(f.format()))
	if shapeOf(f) != shapeOf(g) {
		t.Errorf("round trip changed the tree:\n%s\n%s", shapeOf(f), shapeOf(g))
	}
	if len(g.diags) != 0 {
		t.Errorf("formatted text does not parse cleanly: %v\n%s", diagStrings(g), f.format())
	}
}

// TestAppendPos checks that positions written into messages read as graph.Pos prints them.
func TestAppendPos(t *testing.T) {
	for _, display := range []string{"conf/nginx.conf", ""} {
		f := parseFile("nginx.conf", display, "http {\n    keepalive_timeout 5s;\n}\n")
		for i := range f.toks {
			if got, want := string(f.appendPos(nil, int32(i))), f.posOf(int32(i)).String(); got != want {
				t.Errorf("appendPos(%d) = %q, want %q", i, got, want)
			}
		}
	}
}
