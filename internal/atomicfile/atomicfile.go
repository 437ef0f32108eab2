// Package atomicfile writes files the way every tolint command that writes one must: all or
// nothing (a complete temporary file renamed over the target), and never over an existing
// file unless asked to.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned when the target exists and overwriting was not allowed.
var ErrExists = errors.New("already exists (use --force to replace it)")

// Check reports, before any work is done, whether Write(path, …, overwrite) would refuse.
func Check(path string, overwrite bool) error {
	_, err := check(path, overwrite)
	return err
}

// check says whether path is a device or pipe to write to directly, or an error when an
// existing file may not be replaced.
func check(path string, overwrite bool) (direct bool, err error) {
	st, err := os.Stat(path)
	switch {
	case err == nil && !st.Mode().IsRegular() && !st.IsDir():
		// A device or a pipe (/dev/null, /dev/stdout, a FIFO) holds no file to clobber and
		// cannot be renamed over: it is written to directly.
		return true, nil
	case err == nil && !overwrite:
		return false, fmt.Errorf("%s %w", path, ErrExists)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return false, err
	}
	return false, nil
}

// Write replaces path with data atomically; an existing path is replaced only if overwrite.
func Write(path string, data []byte, overwrite bool) error {
	direct, err := check(path, overwrite)
	if err != nil {
		return err
	}
	if direct {
		return writeDirect(path, data)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	clean := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return clean(err)
	}
	if err := tmp.Sync(); err != nil {
		return clean(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return clean(err)
	}
	if err := tmp.Close(); err != nil {
		return clean(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

func writeDirect(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
