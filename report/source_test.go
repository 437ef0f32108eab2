package report

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestFileLines(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	unix := write("unix.conf", "first\n\nthird\nlast without newline")
	crlf := write("crlf.conf", "first\r\nsecond\r\n")
	long := write("long.json", strings.Repeat("é", 250)+"\nshort\n")
	binary := write("blob.bin", "text\n\x00\x01\x02\n")

	tests := []struct {
		name string
		file string
		line int
		want string
		ok   bool
	}{
		{"first line", unix, 1, "first", true},
		{"empty line", unix, 2, "", true},
		{"last line without newline", unix, 4, "last without newline", true},
		{"beyond end", unix, 5, "", false},
		{"line zero", unix, 0, "", false},
		{"negative line", unix, -1, "", false},
		{"CRLF line ending dropped", crlf, 1, "first", true},
		{"no line after final newline", crlf, 3, "", false},
		{"long line capped", long, 1, strings.Repeat("é", 200) + "…", true},
		{"line after a long one", long, 2, "short", true},
		{"binary file", binary, 1, "", false},
		{"missing file", filepath.Join(dir, "absent"), 1, "", false},
		{"directory", dir, 1, "", false},
		{"fixture by relative path", "testdata/vm/nginx.conf", 5, "    keepalive_timeout 10s;", true},
	}
	src := NewFileLines()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := src.Line(tt.file, tt.line)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Line(%s, %d) = %q, %v; want %q, %v", filepath.Base(tt.file), tt.line, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestFileLinesReadsEachFileOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.conf")
	if err := os.WriteFile(path, []byte("before\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := NewFileLines()
	if got, _ := src.Line(path, 1); got != "before" {
		t.Fatalf("Line = %q, want before", got)
	}
	// Findings were made from the file as it was read; a later edit must not shift excerpts.
	if err := os.WriteFile(path, []byte("after\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := src.Line(path, 1); got != "before" {
		t.Errorf("Line after edit = %q, want the cached before", got)
	}
}

func TestFileLinesConcurrent(t *testing.T) {
	src := NewFileLines()
	files := []string{"testdata/edge/nginx.conf", "testdata/vm/nginx.conf", "testdata/lb/haproxy.cfg", "testdata/absent"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				file := files[(g+i)%len(files)]
				if _, ok := src.Line(file, 1+i%8); ok == (file == "testdata/absent") {
					t.Errorf("Line(%s, %d) ok = %v", file, 1+i%8, ok)
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkFileLines(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.conf")
	data := []byte(strings.Repeat("        keepalive_timeout 300s;\n", 1<<15))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, ok := NewFileLines().Line(path, 1<<14); !ok {
			b.Fatal("line missing")
		}
	}
}
