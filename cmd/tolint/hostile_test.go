package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHostileInput: input anyone can write in a pull request ends in findings or clear
// errors, quickly, and never in a crash, a hang, or a silently empty result.
func TestHostileInput(t *testing.T) {
	tests := []struct {
		name  string
		files func(dir string)
		want  []string // substrings of the text output
	}{
		{"blocks nested 100,000 deep", func(dir string) {
			writeFile(t, filepath.Join(dir, "nginx.conf"), "events {}\n"+strings.Repeat("http { ", 100000)+strings.Repeat("}", 100000)+"\n")
		}, []string{"TOL901", "nested deeper than"}},
		{"a 5 MB line", func(dir string) {
			writeFile(t, filepath.Join(dir, "nginx.conf"), "events {}\nhttp { server_name "+strings.Repeat("a", 5<<20)+"; }\n")
		}, []string{"no findings in 1 file (1 hop"}},
		{"files including each other", func(dir string) {
			writeFile(t, filepath.Join(dir, "nginx.conf"), "events {}\nhttp { include *.conf; server { listen 10.0.0.1:80; } }\n")
			for i := range 30 {
				writeFile(t, filepath.Join(dir, fmt.Sprintf("x%02d.conf", i)), strings.Repeat("include *.conf;\n", 5))
			}
		}, []string{"include cycle", "(1 hop,"}},
		{"YAML alias bomb", func(dir string) {
			y := "a: &a [x, x, x, x, x, x, x, x, x]\n"
			for i, n := range "bcdefgh" {
				prev := string("abcdefgh"[i])
				y += fmt.Sprintf("%c: &%c [%s]\n", n, n, strings.TrimSuffix(strings.Repeat("*"+prev+", ", 9), ", "))
			}
			writeFile(t, filepath.Join(dir, "tolint.yaml"), y+"hops: *h\n")
		}, []string{"TOL901"}},
		{"5,000 empty files and a symlink loop", func(dir string) {
			for i := range 5000 {
				writeFile(t, filepath.Join(dir, "many", fmt.Sprintf("%d.conf", i)), "")
			}
			if err := os.Symlink(dir, filepath.Join(dir, "many", "loop")); err != nil {
				t.Fatal(err)
			}
		}, []string{"no findings in 0 files"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.files(dir)
			start := time.Now()
			out, errOut, code := runCLI(t, "lint", "--no-color", "--fail-on", "none", dir)
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%.2000s", w, out)
				}
			}
		})
	}
}
