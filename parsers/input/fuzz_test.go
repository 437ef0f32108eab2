package input

import (
	"errors"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzClean: no path a configuration names, once cleaned, leaves the root, and one that
// would is refused with ErrOutside; with a directory allowed outside, only paths into it are
// let out.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"a/b.conf", "../x", "a/../../x", "/etc/passwd", "", ".", "a//b/./c", "..", "a/..", "\\..\\x", "../shared/x.conf", "../shared/../other"} {
		f.Add(s)
	}
	base := f.TempDir()
	tree := &Tree{root: filepath.Join(base, "repo"), allowed: []string{filepath.Join(base, "shared")}}
	f.Fuzz(func(t *testing.T, rel string) {
		c, err := Clean(rel)
		switch {
		case err != nil && !errors.Is(err, ErrOutside):
			t.Fatalf("Clean(%q): %v, want ErrOutside", rel, err)
		case err == nil && (c == ".." || strings.HasPrefix(c, "../") || path.IsAbs(c) || c != path.Clean(c)):
			t.Fatalf("Clean(%q) = %q leaves the root", rel, c)
		}
		c, err = tree.Clean(rel)
		if err != nil {
			return
		}
		abs := filepath.Join(tree.root, filepath.FromSlash(c))
		if !strings.HasPrefix(abs, tree.root+"/") && abs != tree.root && !strings.HasPrefix(abs, filepath.Join(base, "shared")+"/") && abs != filepath.Join(base, "shared") {
			t.Fatalf("Tree.Clean(%q) = %q leads to %s", rel, c, abs)
		}
	})
}
