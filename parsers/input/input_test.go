package input

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestTreeConfinement(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "repo")
	write(t, filepath.Join(root, "conf.d", "a.conf"), "a")
	write(t, filepath.Join(root, "conf.d", "b.conf"), "b")
	write(t, filepath.Join(base, "secret.conf"), "secret")
	if err := os.Symlink(filepath.Join(base, "secret.conf"), filepath.Join(root, "conf.d", "escape.conf")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "conf.d", "a.conf"), filepath.Join(root, "inside.conf")); err != nil {
		t.Fatal(err)
	}
	// Directories that are symlinks: one leads out of the root, one stays inside.
	if err := os.Symlink(base, filepath.Join(root, "conf.d", "up")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("conf.d", filepath.Join(root, "alias")); err != nil {
		t.Fatal(err)
	}
	tree, err := NewTree(root, base)
	if err != nil {
		t.Fatal(err)
	}
	if got := tree.Display("conf.d/a.conf"); got != "repo/conf.d/a.conf" {
		t.Errorf("Display = %q, want a path relative to the working directory", got)
	}
	// Twice each: directories are resolved once and then remembered.
	for _, rel := range []string{"../secret.conf", "/etc/passwd", "conf.d/../../secret.conf", "conf.d/escape.conf",
		"conf.d/up/secret.conf", "conf.d/up/secret.conf", "alias/escape.conf", "alias/escape.conf"} {
		if _, err := tree.ReadFile(rel); !errors.Is(err, ErrOutside) {
			t.Errorf("ReadFile(%q) = %v, want ErrOutside", rel, err)
		}
		if tree.Exists(rel) {
			t.Errorf("Exists(%q) outside the root", rel)
		}
	}
	for _, rel := range []string{"inside.conf", "alias/a.conf", "alias/a.conf", "alias/../inside.conf"} {
		if data, err := tree.ReadFile(rel); err != nil || string(data) != "a" {
			t.Errorf("ReadFile(%q): a symlink inside the root is followed: %q %v", rel, data, err)
		}
	}
	for _, rel := range []string{"alias/missing.conf", "missing/a.conf", "missing/a.conf", "conf.d"} {
		if tree.Exists(rel) {
			t.Errorf("Exists(%q) for a missing file or a directory", rel)
		}
	}
	got, err := tree.Glob("conf.d/*.conf")
	if err != nil || strings.Join(got, " ") != "conf.d/a.conf conf.d/b.conf" {
		t.Errorf("Glob = %v %v, want the two files inside, sorted, without the escaping symlink", got, err)
	}
	if _, err := tree.Glob("conf.d/[.conf"); err == nil {
		t.Error("a bad pattern must be an error")
	}
}

func TestReadLimitsAndText(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "big.conf"), strings.Repeat("x", 2048))
	write(t, filepath.Join(root, "bin.conf"), "events {}\x00")
	write(t, filepath.Join(root, "latin1.conf"), "server_name caf\xe9;")
	write(t, filepath.Join(root, "ok.conf"), "events {}")
	tree, err := NewTree(root, root)
	if err != nil {
		t.Fatal(err)
	}
	tree.MaxBytes = 1024
	var read atomic.Int64
	tree.BytesRead = &read
	for rel, want := range map[string]string{
		"big.conf": "larger than the limit of 1024 bytes",
		"bin.conf": "binary file (contains NUL bytes)",
		".":        "not a regular file",
	} {
		if _, err := tree.ReadWalked(rel); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadWalked(%q) = %v, want %q", rel, err, want)
		}
	}
	if data, err := tree.ReadWalked("latin1.conf"); err != nil || len(data) == 0 {
		t.Errorf("Latin-1 text is text, not binary: %v", err)
	}
	data, err := tree.ReadWalked("ok.conf")
	if err != nil || string(data) != "events {}" {
		t.Errorf("ReadWalked(ok.conf) = %q %v", data, err)
	}
	// A file handed over by the discoverer is returned once without reading the disk again.
	tree.Hand("ok.conf", []byte("handed"))
	if data, _ := tree.ReadFile("ok.conf"); string(data) != "handed" {
		t.Errorf("handed data not used: %q", data)
	}
	if data, _ := tree.ReadFile("ok.conf"); string(data) != "events {}" {
		t.Errorf("handed data used twice: %q", data)
	}
	// Only files read count: latin1.conf, ok.conf twice; not the refused or handed ones.
	if want := int64(len("server_name caf\xe9;") + 2*len("events {}")); read.Load() != want {
		t.Errorf("BytesRead = %d, want %d", read.Load(), want)
	}
}

func TestInsideEnd(t *testing.T) {
	data := []byte("a = 1\nb = é")
	for _, tt := range []struct{ lineStart, off, want int }{
		{0, 3, 3},   // inside: unchanged
		{6, 12, 10}, // past the end: back to the start of é
		{12, 12, 12},
	} {
		if got := InsideEnd(data, tt.lineStart, tt.off); got != tt.want {
			t.Errorf("InsideEnd(%d, %d) = %d, want %d", tt.lineStart, tt.off, got, tt.want)
		}
	}
}

func TestAllowOutside(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "repo")
	write(t, filepath.Join(root, "nginx.conf"), "main")
	write(t, filepath.Join(base, "shared", "x.conf"), "shared")
	write(t, filepath.Join(base, "other", "secret.conf"), "secret")
	for link, target := range map[string]string{
		"repo/link.conf":   "shared/x.conf",
		"repo/bad.conf":    "other/secret.conf",
		"shared/leak.conf": "other/secret.conf",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(base, link)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(base, target), filepath.Join(base, link)); err != nil {
			t.Fatal(err)
		}
	}
	tree, err := NewTree(root, base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tree.ReadFile("link.conf"); !errors.Is(err, ErrOutside) {
		t.Errorf("before AllowOutside: ReadFile(link.conf) = %v, want ErrOutside", err)
	}
	if _, err := tree.Clean("../shared/x.conf"); !errors.Is(err, ErrOutside) {
		t.Errorf("before AllowOutside: Clean = %v, want ErrOutside", err)
	}
	if err := tree.AllowOutside([]string{filepath.Join(base, "missing")}); err == nil || !strings.Contains(err.Error(), "--allow-outside") {
		t.Errorf("a missing directory: %v", err)
	}
	if err := tree.AllowOutside([]string{filepath.Join(base, "shared")}); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"link.conf", "../shared/x.conf", "sub/../../shared/x.conf"} {
		if data, err := tree.ReadFile(rel); err != nil || string(data) != "shared" {
			t.Errorf("ReadFile(%q) = %q, %v; want the allowed file", rel, data, err)
		}
	}
	for _, rel := range []string{"bad.conf", "../other/secret.conf", "../shared/../other/secret.conf", "../shared/leak.conf", "/etc/passwd"} {
		if _, err := tree.ReadFile(rel); !errors.Is(err, ErrOutside) {
			t.Errorf("ReadFile(%q) = %v, want ErrOutside", rel, err)
		}
	}
	if got, err := tree.Glob("../shared/*.conf"); err != nil || strings.Join(got, " ") != "../shared/x.conf" {
		t.Errorf("Glob = %v %v, want the allowed file only", got, err)
	}
	if got := tree.Display("../shared/x.conf"); got != "shared/x.conf" {
		t.Errorf("Display = %q, want the path from the working directory", got)
	}
}

func TestLines(t *testing.T) {
	for _, tt := range []struct {
		head string
		want []string
	}{
		{"", nil},
		{"a\nb", []string{"a", "b"}},
		{"a\r\n\nb\n", []string{"a\r", "", "b"}},
		{"\n", []string{""}},
	} {
		var got []string
		for line := range Lines([]byte(tt.head)) {
			got = append(got, string(line))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Lines(%q) = %q, want %q", tt.head, got, tt.want)
		}
	}
}
