package yamlsrc

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestAtCountsBytes(t *testing.T) {
	tests := []struct {
		name       string
		data       string
		line, col  int
		wantLine   int
		wantCol    int
		wantOffset int
	}{
		{"ascii", "a: 1\nbb: 2\n", 2, 5, 2, 5, 9},
		{"multibyte before the column", "é: 1\n", 1, 4, 1, 5, 4},
		{"CRLF", "a: 1\r\nb: 2\r\n", 2, 4, 2, 4, 9},
		{"byte order mark is no column", "\ufeffa: 1\n", 1, 4, 1, 7, 6},
		{"line separator U+2028", "a: 1\u2028b: 2\n", 2, 4, 2, 4, 10},
		{"clamped past the end", "a: 1\n", 9, 99, 2, 1, 5},
		{"empty value at the end without newline", "a: 1\nb:", 2, 3, 2, 2, 6},
		{"past a multibyte last character", "a: é", 1, 5, 1, 4, 3},
	}
	for _, tt := range tests {
		s := New("f.yaml", []byte(tt.data))
		p := s.At(tt.line, tt.col)
		if p.Line != tt.wantLine || p.Col != tt.wantCol || p.Offset != tt.wantOffset || p.File != "f.yaml" {
			t.Errorf("%s: At(%d,%d) = %+v, want line %d col %d offset %d", tt.name, tt.line, tt.col, p, tt.wantLine, tt.wantCol, tt.wantOffset)
		}
	}
}

func TestInvalidChar(t *testing.T) {
	s := New("f.yaml", []byte("a: 1\nb: \xff\n"))
	p, msg, bad := s.InvalidChar("the file")
	if !bad || p.Line != 2 || p.Col != 4 || msg != "invalid UTF-8 (byte 0xff); the file must be UTF-8 text" {
		t.Errorf("InvalidChar = %+v %q %v", p, msg, bad)
	}
	if _, _, bad := New("f", []byte("ok: ✓\n")).InvalidChar("x"); bad {
		t.Error("valid UTF-8 reported")
	}
}

func TestNewlinePos(t *testing.T) {
	s := New("f.yaml", []byte("a: 1\rb: é\nc: 2\n"))
	if off := s.Offset(2, 4); off != 8 {
		t.Errorf("Offset(2,4) = %d, want 8", off)
	}
	if p := s.NewlinePos(8); p.Line != 1 || p.Col != 9 {
		t.Errorf("NewlinePos(8) = %+v, want line 1 col 9", p)
	}
	if p := s.NewlinePos(99); p.Line != 2 || p.Offset != 15 {
		t.Errorf("NewlinePos(99) = %+v, want the last byte", p)
	}
	if p := s.NewlineLinePos(2); p.Line != 2 || p.Col != 1 || p.Offset != 11 {
		t.Errorf("NewlineLinePos(2) = %+v", p)
	}
}

func TestLongLineIsLinear(t *testing.T) {
	data := []byte("[" + strings.Repeat("aé, ", 500000) + "x]\n")
	s := New("f.yaml", data)
	start := time.Now()
	for col := 2; col < 2000000; col += 4 {
		s.Offset(1, col)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("500000 columns of a 2 MB line took %s", d)
	}
	if off := s.Offset(1, 2000002); off != len(data)-3 {
		t.Errorf("Offset = %d, want %d", off, len(data)-3)
	}
}

func TestErrorLine(t *testing.T) {
	for _, tt := range []struct {
		err  string
		line int
		msg  string
	}{
		{"yaml: line 1: did not find expected key", 2, "did not find expected key"},
		{"yaml: line 4: found character that cannot start any token", 4, "found character that cannot start any token"},
		{"yaml: mapping values are not allowed in this context", 1, "mapping values are not allowed in this context"},
	} {
		if line, msg := ErrorLine(errors.New(tt.err)); line != tt.line || msg != tt.msg {
			t.Errorf("ErrorLine(%q) = %d %q", tt.err, line, msg)
		}
	}
	if name, ok := UnknownAnchor(errors.New("yaml: unknown anchor 'x' referenced")); !ok || name != "x" {
		t.Errorf("UnknownAnchor = %q %v", name, ok)
	}
	s := New("f.yaml", []byte("a: *xy\nb: *x\n"))
	if p := s.AliasPos("x"); p.Line != 2 || p.Col != 4 {
		t.Errorf("AliasPos = %+v", p)
	}
}

func TestAliasesBounded(t *testing.T) {
	var doc yaml.Node
	src := "a: &a [1, 2, 3]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	var exceeded *yaml.Node
	a := Aliases{Limit: 20, Exceeded: func(n *yaml.Node) { exceeded = n }}
	root := a.Resolve(&doc)
	for i := 1; i < len(root.Content); i += 2 {
		for _, c := range a.Items(root.Content[i]) {
			a.Items(c)
		}
	}
	if !a.Over() || exceeded == nil || exceeded.Line != 3 {
		t.Errorf("over %v, exceeded at %+v", a.Over(), exceeded)
	}
}
