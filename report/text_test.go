package report

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolint/tolint/rules"
)

func textOf(t *testing.T, findings []rules.Finding, stats Stats, opts Options) string {
	t.Helper()
	var out bytes.Buffer
	if err := Text(&out, findings, stats, opts); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// mapSource serves lines from memory, to test what the text writer does with odd lines.
type mapSource map[string][]string

func (m mapSource) Line(file string, line int) (string, bool) {
	lines := m[file]
	if line < 1 || line > len(lines) {
		return "", false
	}
	return lines[line-1], true
}

func TestTextHeadlineIsEditorJumpable(t *testing.T) {
	out := textOf(t, sampleFindings(), sampleStats, Options{Source: NewFileLines()})
	for _, want := range []string{
		"testdata/edge/nginx.conf:8:27: error TOL101 idle-timeout-order: edge keeps idle upstream connections 300s",
		"testdata/lb/haproxy.cfg:3:17: warning TOL401 suspicious-unit: \"timeout client 30\" has no unit",
		"testdata/tolint.yaml:4:34: info TOL902 unresolved-link: crawler's pool",
	} {
		found := false
		for line := range strings.SplitSeq(out, "\n") {
			if strings.HasPrefix(line, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no line starts with %q in:\n%s", want, out)
		}
	}
}

func TestTextNoANSIWithoutColor(t *testing.T) {
	hostile := rules.Finding{
		Rule:    &rules.Rule{ID: "TOL401", Name: "suspicious-unit"},
		Message: "value \x1b[31mred\x1b[0m from a file",
		Pos:     pos("evil.conf", 1, 9),
		Related: []rules.Location{{Pos: pos("evil.conf", 2, 1), Message: "bell\a and CSI \u009b2J"}},
		Path:    []string{"hop\x1b]0;title\a"},
		Fix:     "fix \x1b[2J",
	}
	src := mapSource{"evil.conf": {"timeout \x1b[31m30\x1b[0m", "\x1b[2Jclear"}}
	findings := append(sampleFindings(), hostile)

	plain := textOf(t, findings, sampleStats, Options{Source: src})
	if i := strings.IndexAny(plain, "\x1b\x07\u009b"); i >= 0 {
		t.Errorf("colourless output holds a control character at byte %d:\n%q", i, plain)
	}
	if !strings.Contains(plain, `value \x1b[31mred\x1b[0m from a file`) {
		t.Errorf("escape sequences in messages should print escaped:\n%s", plain)
	}

	colored := textOf(t, findings, sampleStats, Options{Source: src, Color: true})
	if !strings.Contains(colored, ansiRed) {
		t.Errorf("colour output has no red severity:\n%q", colored)
	}
	for _, raw := range []string{"\x1b[31mred", "\x1b[2J", "\x1b]0", "\a", "\u009b"} {
		if strings.Contains(colored, raw) {
			t.Errorf("colour output passes %q from input through to the terminal", raw)
		}
	}
}

func TestTextExcerptUnavailable(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	short := write("short.conf", []byte("one\ntwo\n"))
	binary := write("image.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\nline\n"))
	empty := write("empty.conf", nil)

	tests := []struct {
		name string
		file string
		line int
	}{
		{"missing file", filepath.Join(dir, "absent.conf"), 1},
		{"line beyond end of file", short, 3},
		{"line zero", short, 0},
		{"binary file", binary, 1},
		{"empty file", empty, 1},
		{"directory", dir, 1},
		{"no file", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := rules.Finding{Rule: idleTimeoutOrder, Severity: rules.Error, Message: "m", Pos: pos(tt.file, tt.line, 1)}
			out := textOf(t, []rules.Finding{f}, Stats{}, Options{Source: NewFileLines()})
			if strings.Contains(out, " | ") || strings.Contains(out, " |\n") {
				t.Errorf("printed an excerpt:\n%s", out)
			}
			if !strings.Contains(out, ": error TOL101 idle-timeout-order: m\n") {
				t.Errorf("headline missing:\n%s", out)
			}
		})
	}
}

func TestTextExcerptAndCaret(t *testing.T) {
	src := mapSource{"a.conf": {"\tkeepalive_timeout 300s;", "", "x"}}
	f := rules.Finding{
		Rule: idleTimeoutOrder, Severity: rules.Error, Message: "m",
		Pos:     pos("a.conf", 1, 20),
		Related: []rules.Location{{Pos: pos("a.conf", 2, 1), Message: "blank line"}, {Pos: pos("a.conf", 3, 0)}},
	}
	got := textOf(t, []rules.Finding{f}, Stats{}, Options{Source: src})
	want := "a.conf:1:20: error TOL101 idle-timeout-order: m\n" +
		"    1 | \tkeepalive_timeout 300s;\n" +
		"      | \t                  ^~~~\n" +
		"  a.conf:2:1: blank line\n" +
		"    2 |\n" +
		"      | ^\n" +
		"  a.conf:3\n" +
		"    3 | x\n" +
		"\n" +
		"1 error, 0 warnings, 0 info in 0 files (0 hops, 0 links, 0 segments) [0.0ms]\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestTextLayoutOfOddFindings(t *testing.T) {
	tests := []struct {
		name    string
		finding rules.Finding
		want    []string
	}{
		{
			name:    "severity falls back to the rule's",
			finding: rules.Finding{Rule: suspiciousUnit, Message: "m", Pos: pos("a", 1, 2)},
			want:    []string{"a:1:2: warning TOL401 suspicious-unit: m\n", "0 errors, 1 warning, 0 info"},
		},
		{
			name:    "no rule",
			finding: rules.Finding{Severity: rules.Error, Message: "m", Pos: pos("a", 1, 2)},
			want:    []string{"a:1:2: error: m\n"},
		},
		{
			name:    "unknown position prints a dash",
			finding: rules.Finding{Rule: idleTimeoutOrder, Severity: rules.Error, Message: "m"},
			want:    []string{"-: error TOL101 idle-timeout-order: m\n"},
		},
		{
			name:    "whole file",
			finding: rules.Finding{Rule: idleTimeoutOrder, Severity: rules.Error, Message: "m", Pos: pos("a.conf", 0, 0)},
			want:    []string{"a.conf: error TOL101"},
		},
		{
			name: "related without position or message",
			finding: rules.Finding{Rule: idleTimeoutOrder, Severity: rules.Error, Message: "m", Pos: pos("a", 1, 1),
				Related: []rules.Location{{Message: "declared in tolint.yaml"}, {Pos: pos("b", 2, 0)}, {}}},
			want: []string{"\n  declared in tolint.yaml\n  b:2\n\n"},
		},
		{
			name: "multi-line fix stays indented",
			finding: rules.Finding{Rule: idleTimeoutOrder, Severity: rules.Error, Message: "m\n", Pos: pos("a", 1, 1),
				Fix: "either lower this to 9s\nor raise the other side to 301s\r\n"},
			want: []string{": m\n  fix: either lower this to 9s\n       or raise the other side to 301s\n\n"},
		},
		{
			name: "long message is not wrapped",
			finding: rules.Finding{Rule: idleTimeoutOrder, Severity: rules.Error, Pos: pos("a", 1, 1),
				Message: strings.Repeat("word ", 100) + "end"},
			want: []string{"idle-timeout-order: " + strings.Repeat("word ", 100) + "end\n"},
		},
		{
			name:    "path",
			finding: rules.Finding{Rule: idleTimeoutOrder, Severity: rules.Error, Message: "m", Pos: pos("a", 1, 1), Path: []string{"crawler", "straw-lb", "straw"}},
			want:    []string{"\n  path: crawler -> straw-lb -> straw\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := textOf(t, []rules.Finding{tt.finding}, Stats{}, Options{})
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestTextSummary(t *testing.T) {
	one := Stats{Files: 1, Hops: 1, Links: 1, Segments: 1}
	tests := []struct {
		name     string
		findings []rules.Finding
		stats    Stats
		want     string
	}{
		{"none", nil, one, "no findings in 1 file (1 hop, 1 link, 1 segment) [0.0ms]\n"},
		{"plural", sampleFindings(), sampleStats, "1 error, 1 warning, 1 info in 4 files (4 hops, 1 link, 1 segment) [12ms]\n"},
		{"counts", append(sampleFindings(), sampleFindings()...), Stats{Duration: 1499 * 1e6}, "2 errors, 2 warnings, 2 info in 0 files (0 hops, 0 links, 0 segments) [1499ms]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := textOf(t, tt.findings, tt.stats, Options{})
			if !strings.HasSuffix(out, tt.want) {
				t.Errorf("summary: got\n%s\nwant suffix %q", out, tt.want)
			}
		})
	}
}

func TestMarkLine(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		col   int
		shown string
		mark  string // padding + caret; "" = no caret line
	}{
		{"value", "  keepalive_timeout 300s;", 21, "  keepalive_timeout 300s;", "                    ^~~~"},
		{"directive", "  keepalive_timeout 300s;", 3, "  keepalive_timeout 300s;", "  ^~~~~~~~~~~~~~~~~"},
		{"quoted value", `idle: "10s",`, 7, `idle: "10s",`, `      ^~~~~`},
		{"tabs are copied", "\t\tidle 10s", 8, "\t\tidle 10s", "\t\t     ^~~"},
		{"on a blank", "a  b", 2, "a  b", " ^"},
		{"just past the end", "listen 80", 10, "listen 80", "         ^"},
		{"beyond the end", "listen 80", 20, "listen 80", ""},
		{"unknown column", "listen 80", 0, "listen 80", ""},
		{"multi-byte text before", "# héllo 5s", 10, "# héllo 5s", "        ^~"},
		{"column inside a multi-byte rune", "é5", 2, "é5", "^~"},
		{"control character before", "a\x1bb 5s", 5, `a\x1bb 5s`, "       ^~"},
		{"invalid UTF-8", "\xffidle 1s", 7, "\uFFFDidle 1s", "      ^~"},
		{"trailing blanks trimmed", "x 1s   ", 3, "x 1s", "  ^~"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shown, pad, caret := markLine(tt.line, tt.col)
			if shown != tt.shown || pad+caret != tt.mark {
				t.Errorf("markLine(%q, %d) = %q, %q; want %q, %q", tt.line, tt.col, shown, pad+caret, tt.shown, tt.mark)
			}
		})
	}
}

func FuzzText(f *testing.F) {
	for _, fd := range sampleFindings() {
		f.Add(fd.Message, fd.Fix, "\tkeepalive_timeout 300s;", fd.Pos.Line, fd.Pos.Col)
	}
	f.Add("\x1b[31m", "a\nb\r\n", "é\xff\x00\u009b", 1, 3)
	f.Add("", "", "", 0, -5)
	f.Fuzz(func(t *testing.T, message, fix, line string, lineNo, col int) {
		fd := rules.Finding{
			Rule: idleTimeoutOrder, Severity: rules.Severity(lineNo % 5), Message: message, Fix: fix,
			Pos:     pos("f", lineNo, col),
			Related: []rules.Location{{Pos: pos("f", lineNo, col+1), Message: message}},
			Path:    []string{message},
		}
		out := textOf(t, []rules.Finding{fd}, Stats{}, Options{Source: mapSource{"f": {line, line}}})
		if strings.ContainsAny(out, "\x1b\x00\u009b") {
			t.Fatalf("control character in output: %q", out)
		}
	})
}

func BenchmarkText(b *testing.B) {
	b.Run("sample3000", func(b *testing.B) {
		findings := make([]rules.Finding, 0, 3000)
		for range 1000 {
			findings = append(findings, sampleFindings()...)
		}
		opts := Options{Source: NewFileLines(), Color: true}
		benchmarkWriter(b, Text, findings, opts)
	})
	// The CLI's case: one run reads each file once and prints 5,000 findings with excerpts.
	for _, c := range synthFindings(b) {
		b.Run(c.name, func(b *testing.B) {
			benchmarkWriter(b, withFreshSource(Text), c.findings, Options{})
		})
	}
}

// benchmarkWriter times one writer over findings, reporting the output's size as bytes.
func benchmarkWriter(b *testing.B, write func(io.Writer, []rules.Finding, Stats, Options) error, findings []rules.Finding, opts Options) {
	var out bytes.Buffer
	if err := write(&out, findings, sampleStats, opts); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(out.Len()))
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := write(&out, findings, sampleStats, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTextSizeHint wants the room Text reserves in a growable writer to cover the findings'
// text (falling short would double a buffer of megabytes) without wasting half of it.
func TestTextSizeHint(t *testing.T) {
	cases := append(synthFindings(t), synthCase{"sample", sampleFindings()})
	for _, c := range cases {
		for _, source := range []SourceReader{NewFileLines(), nil} {
			out := textOf(t, c.findings, Stats{}, Options{Source: source, Quiet: true})
			if hint := textSizeHint(c.findings, source != nil); hint < len(out) || hint > 2*len(out) {
				t.Errorf("%s (source %v): hint %d for %d bytes", c.name, source != nil, hint, len(out))
			}
		}
	}
}
