//go:build unix

package input

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within fails the test when read does not return in time: a read1 that opened a FIFO
// without O_NONBLOCK would wait for a writer forever.
func within(t *testing.T, what string, read func() ([]byte, error)) error {
	t.Helper()
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := read()
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		if r.err == nil {
			t.Errorf("%s read %q, want an error", what, r.data)
		}
		return r.err
	case <-time.After(5 * time.Second):
		t.Fatalf("%s blocks", what)
		return nil
	}
}

// TestSpecialFilesNeitherBlockNorRead: a FIFO (walked, or behind a symlink an include
// follows), a directory and a device are refused as not regular, without waiting for a
// writer and without taking a byte out of the FIFO.
func TestSpecialFilesNeitherBlockNorRead(t *testing.T) {
	root := t.TempDir()
	fifo := filepath.Join(root, "pipe.conf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal("mkfifo:", err)
	}
	if err := os.Symlink("pipe.conf", filepath.Join(root, "link.conf")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "sub.conf"), 0o755); err != nil {
		t.Fatal(err)
	}
	tree, err := NewTree(root, root)
	if err != nil {
		t.Fatal(err)
	}
	tree.MaxBytes = DefaultMaxFileSize
	check := func() {
		t.Helper()
		for what, read := range map[string]func() ([]byte, error){
			"ReadWalked(pipe.conf)": func() ([]byte, error) { return tree.ReadWalked("pipe.conf") },
			"ReadFile(link.conf)":   func() ([]byte, error) { return tree.ReadFile("link.conf") },
			"ReadWalked(sub.conf)":  func() ([]byte, error) { return tree.ReadWalked("sub.conf") },
		} {
			if err := within(t, what, read); err != nil && !strings.Contains(err.Error(), "is not a regular file") {
				t.Errorf("%s = %v, want not a regular file", what, err)
			}
		}
	}
	check() // no writer: a blocking open would wait for one

	// With a writer and a byte waiting, the byte is still there afterwards.
	r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.WriteString("x"); err != nil {
		t.Fatal(err)
	}
	check()
	buf := make([]byte, 2)
	if n, err := r.Read(buf); n != 1 || buf[0] != 'x' {
		t.Errorf("the FIFO was read: %q %v left of the byte written", buf[:n], err)
	}

	// A device, through a symlink to a directory allowed outside the root.
	if st, err := os.Stat("/dev/zero"); err == nil && st.Mode()&fs.ModeDevice != 0 {
		if err := tree.AllowOutside([]string{"/dev"}); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("/dev/zero", filepath.Join(root, "zero.conf")); err != nil {
			t.Fatal(err)
		}
		err := within(t, "ReadFile(zero.conf)", func() ([]byte, error) { return tree.ReadFile("zero.conf") })
		if err != nil && !strings.Contains(err.Error(), "is not a regular file") {
			t.Errorf("ReadFile(zero.conf) = %v, want not a regular file", err)
		}
	}
}

// TestReadErrorsAreOsOpens: a missing or unreadable file fails with os.Open's error, and an
// empty file reads as empty.
func TestReadErrorsAreOsOpens(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "empty.conf"), "")
	write(t, filepath.Join(root, "locked.conf"), "secret")
	if err := os.Chmod(filepath.Join(root, "locked.conf"), 0); err != nil {
		t.Fatal(err)
	}
	tree, err := NewTree(root, root)
	if err != nil {
		t.Fatal(err)
	}
	tree.MaxBytes = DefaultMaxFileSize
	for _, rel := range []string{"missing.conf", "locked.conf"} {
		f, want := os.Open(filepath.Join(root, rel))
		if want == nil {
			f.Close()
			continue // root reads anything
		}
		_, err := tree.ReadWalked(rel)
		var pe *fs.PathError
		if err == nil || err.Error() != want.Error() || !errors.As(err, &pe) || !errors.Is(err, errors.Unwrap(want)) {
			t.Errorf("ReadWalked(%q) = %v, want os.Open's %v", rel, err, want)
		}
	}
	if data, err := tree.ReadWalked("empty.conf"); err != nil || len(data) != 0 {
		t.Errorf("ReadWalked(empty.conf) = %q %v", data, err)
	}
}
