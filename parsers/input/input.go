// Package input gives parsers read access to the scanned tree and nothing else: paths are
// relative to the scan root, and a path or symlink that leads outside it is refused.
package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"github.com/tolint/tolint/graph"
)

// DefaultMaxFileSize is the largest file read unless the user says otherwise.
const DefaultMaxFileSize = 10 << 20

// ErrOutside is returned for a path that leaves the scanned root.
var ErrOutside = errors.New("outside the scanned root")

// Tree is a scanned root directory.
type Tree struct {
	root     string // absolute, symlinks resolved
	display  string // prefix that turns a root-relative path into one relative to the working directory
	MaxBytes int64
	// read holds files the discoverer already read to detect their format, so the parser
	// that takes the file over does not read it again.
	read sync.Map
	// globs caches Glob results by cleaned pattern, dirs resolveDir's results by directory.
	globs, dirs sync.Map
	// suppressions holds the tolint:ignore comments of every file read, by rel path.
	suppressions sync.Map
	// allowed are directories outside the root that may be read too (--allow-outside),
	// absolute with symlinks resolved.
	allowed []string
	// BytesRead, when set, counts the bytes of every file read (shared by trees).
	BytesRead *atomic.Int64
}

// AllowOutside lets the tree read the files under dirs although they are outside the root
// (--allow-outside): relative paths such as ../shared/x.conf and symlinks that lead there.
func (t *Tree) AllowOutside(dirs []string) error {
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err == nil {
			abs, err = filepath.EvalSymlinks(abs)
		}
		if err != nil {
			return fmt.Errorf("--allow-outside %s: %w", d, err)
		}
		t.allowed = append(t.allowed, abs)
	}
	return nil
}

// within reports whether an absolute path is the root or under it, or under an allowed
// directory.
func (t *Tree) within(p string) bool {
	under := func(dir string) bool {
		return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
	}
	return under(t.root) || slices.ContainsFunc(t.allowed, under)
}

// Hand stores the contents of a file already read through ReadFile; the next ReadFile of
// rel returns it without touching the disk, once.
func (t *Tree) Hand(rel string, data []byte) { t.read.Store(rel, data) }

// NewTree opens root. Display paths are relative to cwd when root is under it, else absolute.
func NewTree(root, cwd string) (*Tree, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	t := &Tree{root: resolved, MaxBytes: DefaultMaxFileSize}
	prefix := abs
	if rel, err := filepath.Rel(cwd, abs); err == nil && !strings.HasPrefix(rel, "..") {
		prefix = rel
	}
	prefix = filepath.ToSlash(prefix)
	if prefix != "." {
		t.display = strings.TrimSuffix(prefix, "/") + "/"
	}
	return t, nil
}

// Root returns the absolute root directory.
func (t *Tree) Root() string { return t.root }

// RelPaths turns paths named on the command line (relative to the working directory, or
// absolute) into root-relative slash paths; those outside the root are left out.
func (t *Tree) RelPaths(paths []string) []string {
	var out []string
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if resolved, err := filepath.EvalSymlinks(abs); err == nil {
			abs = resolved
		}
		rel, err := filepath.Rel(t.root, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		out = append(out, filepath.ToSlash(rel))
	}
	return out
}

// FilePos names a whole file, at its first line, for a problem with all of it.
func (t *Tree) FilePos(rel string) graph.Pos { return graph.Pos{File: t.Display(rel), Line: 1, Col: 1} }

// Unreadable is the fragment of a configuration file that could not be read: a TOL901 at
// its first line saying what it is ("HAProxy configuration") and why.
func (t *Tree) Unreadable(rel, what string, err error) *graph.Fragment {
	return &graph.Fragment{Files: []string{rel}, Diags: []graph.Diagnostic{{Kind: graph.ParseError, Pos: t.FilePos(rel),
		Message: "cannot read " + what + ": " + err.Error()}}}
}

// Display turns a root-relative slash path into the path printed to users.
func (t *Tree) Display(rel string) string {
	if strings.HasPrefix(rel, "../") { // in a directory allowed outside the root
		return path.Clean(t.display + rel)
	}
	return t.display + rel
}

// Clean normalises a root-relative path; it fails for absolute paths and paths leaving the root.
func Clean(rel string) (string, error) {
	if rel == "" || path.IsAbs(rel) || filepath.IsAbs(rel) {
		return "", fmt.Errorf("%s: %w", rel, ErrOutside)
	}
	c := path.Clean(filepath.ToSlash(rel))
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", fmt.Errorf("%s: %w", rel, ErrOutside)
	}
	return c, nil
}

// Clean is the package's Clean, except that a relative path that leads out of the root
// into a directory given to AllowOutside is kept, as ../shared/x.conf.
func (t *Tree) Clean(rel string) (string, error) {
	c, err := Clean(rel)
	if err == nil || len(t.allowed) == 0 || rel == "" || path.IsAbs(rel) || filepath.IsAbs(rel) {
		return c, err
	}
	c = path.Clean(filepath.ToSlash(rel))
	if !t.within(filepath.Join(t.root, filepath.FromSlash(c))) {
		return "", err
	}
	return c, nil
}

// resolve returns the resolved path of rel, or ErrOutside when it (or a symlink on the way)
// leads out of the root and the directories allowed outside it.
func (t *Tree) resolve(rel string) (string, error) {
	resolved, _, err := t.resolveStat(rel)
	return resolved, err
}

// resolveStat is resolve that also returns what the path leads to. Directories are resolved
// once each (the tree does not change during a run, and a run asks for thousands of files in
// the same directories), so a file costs one lstat for its own name, not one per component.
func (t *Tree) resolveStat(rel string) (string, fs.FileInfo, error) {
	c, err := t.Clean(rel)
	if err != nil {
		return "", nil, err
	}
	dir, name := path.Split(c)
	resolved, err := t.resolveDir(dir)
	if err != nil {
		return "", nil, err
	}
	resolved = filepath.Join(resolved, name)
	info, err := os.Lstat(resolved)
	if err == nil && info.Mode()&fs.ModeSymlink != 0 {
		if resolved, err = filepath.EvalSymlinks(resolved); err == nil {
			info, err = os.Stat(resolved)
		}
	}
	if err != nil {
		return "", nil, err
	}
	if !t.within(resolved) {
		return "", nil, fmt.Errorf("%s: %w (it leads to %s)", rel, ErrOutside, resolved)
	}
	return resolved, info, nil
}

// resolvedDir is a directory's path with symlinks resolved, or why it has none.
type resolvedDir struct {
	path string
	err  error
}

// resolveDir resolves a cleaned root-relative directory ("" for the root, else ending in a
// slash), once.
func (t *Tree) resolveDir(dir string) (string, error) {
	if dir == "" {
		return t.root, nil
	}
	if r, ok := t.dirs.Load(dir); ok {
		return r.(resolvedDir).path, r.(resolvedDir).err
	}
	p, err := filepath.EvalSymlinks(filepath.Join(t.root, filepath.FromSlash(dir)))
	t.dirs.Store(dir, resolvedDir{p, err})
	return p, err
}

// ReadFile reads a root-relative file, refusing files outside the root, files above the
// size limit and files that are not text. The caller owns the bytes: input never writes
// them again, so Text may view them as a string.
func (t *Tree) ReadFile(rel string) ([]byte, error) {
	if data, ok := t.read.LoadAndDelete(rel); ok {
		return data.([]byte), nil
	}
	resolved, err := t.resolve(rel)
	if err != nil {
		return nil, err
	}
	return t.read1(resolved, rel)
}

// ReadWalked reads a file that a walk of the root found as a regular file (not a symlink):
// the walk never enters symlinked directories, so the path cannot leave the root and the
// symlink resolution of ReadFile (a system call per path component) is skipped.
func (t *Tree) ReadWalked(rel string) ([]byte, error) {
	c, err := Clean(rel)
	if err != nil {
		return nil, err
	}
	return t.read1(filepath.Join(t.root, filepath.FromSlash(c)), rel)
}

func (t *Tree) read1(resolved, rel string) ([]byte, error) {
	// openFile, not os.Open: six system calls fewer per file on unix, and the open of a
	// FIFO or device does not block (open_unix.go).
	f, err := openFile(resolved)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	regular, size, err := f.stat()
	if err != nil {
		return nil, err
	}
	if !regular {
		return nil, fmt.Errorf("%s is not a regular file", rel)
	}
	if size > t.MaxBytes {
		head := make([]byte, HeadSize)
		n, _ := io.ReadFull(f, head)
		return nil, &UnreadableError{Head: head[:n],
			Err: fmt.Errorf("file is %d bytes, larger than the limit of %d bytes (--max-file-size)", size, t.MaxBytes)}
	}
	// Read one byte more than the size seen, to notice a file that grows while read.
	data := make([]byte, 0, size+1)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		// A regular file read short of the byte asked beyond its size is at its end: no
		// second read for the EOF (a system call per file saved).
		if n > 0 && int64(len(data)) == size && len(data) < cap(data) {
			break
		}
		if len(data) == cap(data) {
			if int64(len(data)) > t.MaxBytes {
				return nil, fmt.Errorf("file grew past the limit of %d bytes while being read", t.MaxBytes)
			}
			data = append(data, 0)[:len(data)]
		}
	}
	if err := CheckText(data); err != nil {
		return nil, &UnreadableError{Head: data[:min(len(data), HeadSize)], Err: err}
	}
	t.RecordSuppressions(rel, data)
	if t.BytesRead != nil {
		t.BytesRead.Add(int64(len(data)))
	}
	return data, nil
}

// RecordSuppressions notes the tolint:ignore comments of a file read other than through
// ReadFile (standard input).
func (t *Tree) RecordSuppressions(rel string, data []byte) {
	if s := ScanSuppressions(t.Display(rel), data); s != nil {
		t.suppressions.Store(rel, s)
	}
}

// Suppressions returns the tolint:ignore comments of every file read so far, by position.
func (t *Tree) Suppressions() []graph.Suppression {
	var out []graph.Suppression
	t.suppressions.Range(func(_, v any) bool {
		out = append(out, v.([]graph.Suppression)...)
		return true
	})
	slices.SortFunc(out, func(a, b graph.Suppression) int { return a.Pos.Compare(b.Pos) })
	return out
}

// HeadSize is how much of a file format detection looks at.
const HeadSize = 4096

// UnreadableError is a file that was opened but is not read: too large, or binary. Head is
// its start, so the caller can still tell whether it was meant to be a configuration file.
type UnreadableError struct {
	Head []byte
	Err  error
}

func (e *UnreadableError) Error() string { return e.Err.Error() }
func (e *UnreadableError) Unwrap() error { return e.Err }

// CheckText reports binary content: a NUL byte in the first 8 KiB (git's test). Invalid
// UTF-8 is not binary: configuration files often carry Latin-1 comments, and the parsers
// count columns in bytes.
func CheckText(data []byte) error {
	if bytes.IndexByte(data[:min(len(data), 8<<10)], 0) >= 0 {
		return errors.New("binary file (contains NUL bytes), not a configuration file")
	}
	return nil
}

// Text views data as a string without copying it, for parsers that slice names and values
// out of a whole file (a copy of a 3 MB nginx.conf costs its size again in fresh pages).
// The caller hands data over: nothing may write it afterwards, which holds for what
// ReadFile returns.
func Text(data []byte) string { return unsafe.String(unsafe.SliceData(data), len(data)) }

// Exists reports whether rel is a regular file inside the root.
func (t *Tree) Exists(rel string) bool {
	_, info, err := t.resolveStat(rel)
	return err == nil && info.Mode().IsRegular()
}

// Glob expands a root-relative pattern (path.Match syntax) to the sorted regular files it
// matches inside the root; matches that lead outside are dropped.
func (t *Tree) Glob(pattern string) ([]string, error) {
	c, err := t.Clean(pattern)
	if err != nil {
		return nil, err
	}
	// The tree does not change during a run, and configurations glob the same patterns
	// again and again (every hop of an include-heavy nginx tree expands conf.d/*.conf):
	// each pattern is expanded once.
	if cached, ok := t.globs.Load(c); ok {
		return slices.Clone(cached.([]string)), nil
	}
	matches, err := filepath.Glob(filepath.Join(t.root, filepath.FromSlash(c)))
	if err != nil {
		return nil, fmt.Errorf("bad pattern %q: %w", pattern, err)
	}
	out := make([]string, 0, len(matches))
	for _, m := range matches {
		rel, err := filepath.Rel(t.root, m)
		if err != nil {
			continue
		}
		rel = filepath.ToSlash(rel)
		if t.Exists(rel) {
			out = append(out, rel)
		}
	}
	slices.Sort(out)
	t.globs.Store(c, out)
	return slices.Clone(out), nil
}

// Options are per-file parser settings derived from the topology file and flags.
type Options struct {
	// Version is the software version the user named for this file's hop ("" = newest).
	Version string
	// Profile is the Spring profile to read (--profile); empty = the base document only.
	Profile string
	// VarFiles are Terraform variable files named with --var-file, root-relative; each
	// applies to the root module in its own directory, after the *.auto.tfvars files.
	VarFiles []string
}

// InsideEnd moves an offset that points just past the end of data (where parsers place an
// empty value or an error at the end of a file without a final newline) back onto the last
// character of its line, so that every position stays inside the input.
func InsideEnd(data []byte, lineStart, off int) int {
	if off != len(data) || off <= lineStart {
		return off
	}
	off--
	for off > lineStart && !utf8.RuneStart(data[off]) {
		off--
	}
	return off
}

// Lines yields the lines of head without their "\n", the last one too when head was cut
// inside it: the sniffers' way of reading a file's first bytes.
func Lines(head []byte) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for line := range bytes.Lines(head) {
			if !yield(bytes.TrimSuffix(line, []byte("\n"))) {
				return
			}
		}
	}
}
