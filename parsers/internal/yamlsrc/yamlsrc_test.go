package yamlsrc

import "testing"

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
