package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.sarif")
	if err := Write(path, []byte("one"), false); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("two"), false); !errors.Is(err, ErrExists) {
		t.Errorf("second write without overwrite: %v, want ErrExists", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "one" {
		t.Errorf("refused write changed the file: %q", data)
	}
	if err := Write(path, []byte("two"), true); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "two" {
		t.Errorf("overwrite: %q", data)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if err := Write(filepath.Join(dir, "missing", "x"), []byte("x"), false); err == nil {
		t.Error("a write into a missing directory must fail")
	}
}

func TestWriteToDevice(t *testing.T) {
	if err := Write(os.DevNull, []byte("discarded"), false); err != nil {
		t.Errorf("writing to %s: %v", os.DevNull, err)
	}
}
