package nginx

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/parsers/input"
)

// memSource is an in-memory tree for the fuzz target: no disk access per input.
type memSource map[string][]byte

func (m memSource) ReadFile(rel string) ([]byte, error) {
	data, ok := m[rel]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return data, input.CheckText(data)
}

func (m memSource) Glob(pattern string) ([]string, error) {
	var out []string
	for rel := range m {
		if ok, err := path.Match(pattern, rel); err != nil {
			return nil, err
		} else if ok {
			out = append(out, rel)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (m memSource) Exists(rel string) bool { _, ok := m[rel]; return ok }

// Clean confines like a tree without --allow-outside.
func (m memSource) Clean(rel string) (string, error) { return input.Clean(rel) }

func (memSource) Display(rel string) string { return rel }

// FuzzParse checks that no input panics, that every position lies inside the input, and
// that printing the parsed directives and parsing them again gives the same tree.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata/valid", "testdata/corpus", filepath.Join(sharedCorpus, "nginx")} {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".md") {
				if data, err := os.ReadFile(p); err == nil {
					f.Add(data)
				}
			}
			return nil
		})
	}
	for _, s := range []string{
		"a \"b", "a 'b\\", "x { y { z;", "}", ";;", "{}", "a\"b\"c;", "\"a\"b;", "${a}{b};",
		"content_by_lua_block { '", "x_by_lua_block { --[==[ } ]=] }", "include nginx.conf;",
		"http { upstream u { keepalive 0; } server { location / { proxy_pass http://u; } } }",
		"server { listen [::1; keepalive_timeout 99999999999999999999d; }",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		src := memSource{"nginx.conf": data, "conf.d/a.conf": []byte("include ../nginx.conf;")}
		fr := parse(src, "nginx.conf", input.Options{})
		checkPositions(t, fr, func(rel string) []byte { return src[rel] })

		first := parseFile("nginx.conf", "nginx.conf", string(data))
		printed := first.format()
		again := parseFile("nginx.conf", "nginx.conf", string(printed))
		if shapeOf(first) != shapeOf(again) {
			t.Fatalf("printing and parsing again changed the tree:\n%s\n%s\nprinted:\n%s", shapeOf(first), shapeOf(again), printed)
		}
		if len(again.diags) != 0 {
			t.Fatalf("the printed tree does not parse cleanly: %q\nprinted:\n%s", diagStrings(again), printed)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%d bytes took %v", len(data), d)
		}
	})
}
