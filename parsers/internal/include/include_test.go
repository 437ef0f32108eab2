package include

import (
	"path"
	"slices"
	"testing"

	"github.com/tolint/tolint/parsers/input"
)

// files is a tree in memory.
type files []string

func (f files) Glob(pattern string) ([]string, error) {
	var out []string
	for _, name := range f {
		if ok, err := path.Match(pattern, name); err != nil {
			return nil, err
		} else if ok {
			out = append(out, name)
		}
	}
	return out, nil
}

func (f files) Exists(rel string) bool { return slices.Contains(f, rel) }

func (f files) Clean(rel string) (string, error) { return input.Clean(rel) }

func TestResolve(t *testing.T) {
	tree := files{"etc/apache2/apache2.conf", "etc/apache2/ports.conf", "etc/apache2/sites-enabled/a.conf", "etc/apache2/sites-enabled/b.conf"}
	tests := []struct {
		base, pattern string
		want          []string
		reason        string
	}{
		{"etc/apache2", "ports.conf", []string{"etc/apache2/ports.conf"}, ""},
		{"etc/apache2", "missing.conf", []string{"etc/apache2/missing.conf"}, ""}, // reading it says why
		{"etc/apache2", "sites-enabled/*.conf", []string{"etc/apache2/sites-enabled/a.conf", "etc/apache2/sites-enabled/b.conf"}, ""},
		{"etc/apache2", "conf-enabled/*.conf", nil, "the pattern matches no file inside the scanned root"},
		{"etc/apache2", "../../../x.conf", nil, "it is outside the scanned root"},
		{"etc/apache2", "/etc/apache2/sites-enabled/*.conf", []string{"etc/apache2/sites-enabled/a.conf", "etc/apache2/sites-enabled/b.conf"}, ""},
		{"etc/apache2", "/srv/conf/ports.conf", []string{"etc/apache2/ports.conf"}, ""}, // by its name next to the main file
		{"etc/apache2", "/srv/conf/other.conf", nil, Missing},
		{"etc/apache2", "/etc/apache2/ports.conf", []string{"etc/apache2/ports.conf"}, ""},
		{"etc/apache2", "/elsewhere/*.conf", nil, Missing}, // "*.conf" alone would match the main file
	}
	for _, tt := range tests {
		got, reason := Resolve(tree, tt.base, tt.pattern)
		if !slices.Equal(got, tt.want) || reason != tt.reason {
			t.Errorf("Resolve(%q, %q) = %q, %q; want %q, %q", tt.base, tt.pattern, got, reason, tt.want, tt.reason)
		}
	}
}
