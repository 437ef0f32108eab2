package haproxy

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// scanAll returns every line's words as "text@line:col:offset".
func scanAll(src string) ([][]string, []string) {
	s := newScanner(src, testFile)
	var lines [][]string
	for s.next() {
		var ws []string
		for _, w := range s.words {
			ws = append(ws, fmt.Sprintf("%s@%d:%d:%d", w.text, w.pos.Line, w.pos.Col, w.pos.Offset))
		}
		lines = append(lines, ws)
	}
	var diags []string
	for _, d := range s.diags {
		diags = append(diags, d.Pos.String()+": "+d.Message)
	}
	return lines, diags
}

func TestScannerWordsAndPositions(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  [][]string
		diags []string
	}{
		{"spaces and tabs separate words", "  timeout\tclient   30s\n",
			[][]string{{"timeout@1:3:2", "client@1:11:10", "30s@1:20:19"}}, nil},
		{"comment ends the line, even without a space", "bind :80#web\n# whole line\nmode http # c\n",
			[][]string{{"bind@1:1:0", ":80@1:6:5"}, {"mode@3:1:26", "http@3:6:31"}}, nil},
		{"double quotes keep spaces and hashes", `option "a b # c"` + "\n",
			[][]string{{"option@1:1:0", "a b # c@1:8:7"}}, nil},
		{"single quotes keep backslashes", `x '\n\'` + "\n",
			[][]string{{"x@1:1:0", `\n\@1:3:2`}}, nil},
		{"quoted parts join into one word", `log-format "%t %s"' %r'\ x` + "\n",
			[][]string{{"log-format@1:1:0", "%t %s %r x@1:12:11"}}, nil},
		{"escapes outside quotes", `a\ b \#c \\ \x41 \1` + "\n",
			[][]string{{"a b@1:1:0", "#c@1:6:5", `\@1:10:9`, "A@1:13:12", `\1@1:18:17`}}, nil},
		{"escaped dollar and quote inside double quotes", `v "\$HOME \"q\""` + "\n",
			[][]string{{"v@1:1:0", `$HOME "q"@1:3:2`}}, nil},
		{"environment variables stay as written", `bind "${ADDR}:80"` + "\n",
			[][]string{{"bind@1:1:0", "${ADDR}:80@1:6:5"}}, nil},
		{"a trailing backslash does not continue the line", "timeout client 10 \\\n  20\n",
			[][]string{{"timeout@1:1:0", "client@1:9:8", "10@1:16:15", `\@1:19:18`}, {"20@2:3:22"}}, nil},
		{"CRLF line ends", "mode http\r\nbind :80\r\n",
			[][]string{{"mode@1:1:0", "http@1:6:5"}, {"bind@2:1:11", ":80@2:6:16"}}, nil},
		{"no newline at the end", "listen x",
			[][]string{{"listen@1:1:0", "x@1:8:7"}}, nil},
		{"unterminated quote drops the line", "mode http\nbind \"10.0.0.1:80\nmode tcp\n",
			[][]string{{"mode@1:1:0", "http@1:6:5"}, {"mode@3:1:28", "tcp@3:6:33"}},
			[]string{`haproxy.cfg:2:6: unterminated double quote: the line is ignored`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := scanAll(tt.src)
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("words\n got %q\nwant %q", got, tt.want)
			}
			if !slices.Equal(diags, tt.diags) {
				t.Errorf("diagnostics\n got %q\nwant %q", diags, tt.diags)
			}
		})
	}
}

func TestConditionalBlocks(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  string
		diags []string
	}{
		{"false constant skips to else", ".if 0\na\n.else\nb\n.endif\n", "b", nil},
		{"elif after a true branch is skipped", ".if 1\na\n.elif 1\nb\n.else\nc\n.endif\n", "a", nil},
		{"nested block inside a false one stays off", ".if 0\n.if 1\na\n.endif\n.endif\nb\n", "b", nil},
		{"predicates are assumed true", ".if feature(OPENSSL) && defined(X)\na\n.else\nb\n.endif\n", "a", nil},
		{"empty condition is false", ".if\na\n.endif\nb\n", "b", nil},
		{"message directives are ignored", ".notice \"hello\"\n.warning x\na\n", "a", nil},
		{"unclosed .if is reported", "x\n  .if 1\na\n", "x a", []string{"haproxy.cfg:2:3: .if block is never closed: add .endif"}},
		{"stray .endif is reported", ".endif\na\n", "a", []string{"haproxy.cfg:1:1: .endif without .if"}},
		{"else after else is reported", ".if 0\n.else\na\n.else\nb\n.endif\n", "a b", []string{"haproxy.cfg:4:1: .else after .else"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, diags := scanAll(tt.src)
			var got []string
			for _, l := range lines {
				got = append(got, strings.SplitN(l[0], "@", 2)[0])
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("read lines %q, want %q", strings.Join(got, " "), tt.want)
			}
			if !slices.Equal(diags, tt.diags) {
				t.Errorf("diagnostics\n got %q\nwant %q", diags, tt.diags)
			}
		})
	}
}
