package projectconfig

import (
	"strings"
	"testing"
)

// FuzzParse: any config text gives a config or errors with positions, never a panic, and a
// glob that compiles never panics when matched.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"rules:\n  TOL102: off\nmargin: 2s\nfail-on: error\nformat: sarif\nexclude: ['legacy/**', '**/*.{a,b}.conf']\nbaseline: b.json\n",
		"rules: [\n", "exclude: ['a/[b']\n", "margin: -1s\n", "&a [*a, *a]\n", "exclude: '{a,{b,c}}/**/x?[0-9]'\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := Parse("p.yaml", []byte(text), []string{"text", "json"})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "p.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for _, g := range c.Exclude {
			g.Match("a/b/c.conf")
		}
	})
}
