package projectconfig

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/rules"
)

var formats = []string{"text", "json", "sarif"}

func TestParse(t *testing.T) {
	c, err := Parse("p/.tolint.yaml", []byte(`# project settings
rules:
  TOL102: off
  idle-timeout-order: warning
  TOL902: "on"
margin: 2s
fail-on: error
format: sarif
exclude:
  - "legacy/**"
  - "**/*.{generated,tmp}.conf"
baseline: .tolint-baseline.json
`), formats)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Off[rules.Lookup("TOL102")] || c.Severity[rules.Lookup("TOL101")] != rules.Warning || c.Off[rules.Lookup("TOL902")] {
		t.Errorf("rules: off %v, severity %v", c.Off, c.Severity)
	}
	if c.Margin == nil || *c.Margin != 2*time.Second || c.FailOn != "error" || c.Format != "sarif" {
		t.Errorf("margin %v fail-on %q format %q", c.Margin, c.FailOn, c.Format)
	}
	if filepath.Base(c.Baseline) != ".tolint-baseline.json" || !filepath.IsAbs(c.Baseline) {
		t.Errorf("baseline %q", c.Baseline)
	}
	for rel, want := range map[string]bool{
		"legacy/nginx.conf": true, "legacy": true, "legacy/a/b/c.conf": true,
		"site/api.generated.conf": true, "api.tmp.conf": true, "site/api.conf": false, "legacyx/a.conf": false,
	} {
		if got := c.Excluded(filepath.Join(c.Dir, filepath.FromSlash(rel))); got != want {
			t.Errorf("Excluded(%s) = %v, want %v", rel, got, want)
		}
	}
	if c.Excluded(filepath.Join(filepath.Dir(c.Dir), "legacy", "x.conf")) {
		t.Errorf("a path outside the config's folder was excluded")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"unknown key", "rules: {}\nfail_on: error\n", `p.yaml:2:1: unknown setting "fail_on" (did you mean fail-on?)`},
		{"unknown rule", "rules:\n  TOL10: off\n", `p.yaml:2:3: rules: "TOL10" is not a rule (did you mean TOL101?)`},
		{"bad severity", "rules:\n  TOL101: loud\n", `p.yaml:2:11: rules: TOL101: "loud": want off, on, error, warning or info`},
		{"margin without unit", "margin: 2\n", `p.yaml:1:9: margin "2": want a duration with a unit`},
		{"bad fail-on", "fail-on: critical\n", `p.yaml:1:10: fail-on: unknown severity "critical"`},
		{"bad format", "format: html\n", `p.yaml:1:9: format "html": want one of text, json, sarif`},
		{"bad glob", "exclude: ['a/[b']\n", `p.yaml:1:11: exclude pattern "a/[b": malformed pattern`},
		{"partial doublestar", "exclude: ['a**/b']\n", `p.yaml:1:11: exclude pattern "a**/b": "**" must be a whole path segment`},
		{"not a mapping", "- rules\n", `p.yaml:1:1: want a mapping of settings`},
		{"invalid yaml", "rules: [\n", `p.yaml:1:1: not valid YAML: did not find expected node content`},
		{"twice", "margin: 1s\nmargin: 2s\n", `p.yaml:2:1: margin is set twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte(tc.text), formats)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestEmptyConfig(t *testing.T) {
	for _, text := range []string{"", "# nothing yet\n"} {
		c, err := Parse("p.yaml", []byte(text), formats)
		if err != nil || c.Margin != nil || len(c.Off) != 0 {
			t.Errorf("%q: %+v, %v", text, c, err)
		}
	}
}

func TestAllErrorsReported(t *testing.T) {
	_, err := Parse("p.yaml", []byte("margin: x\nformat: html\n"), formats)
	if err == nil || strings.Count(err.Error(), "p.yaml:") != 2 {
		t.Errorf("want both mistakes, got %v", err)
	}
}

func TestGlobBounds(t *testing.T) {
	if _, err := CompileGlob(strings.Repeat("{a,b}", 30)); err == nil || !strings.Contains(err.Error(), "more than 256 alternatives") {
		t.Errorf("30 brace groups: %v", err)
	}
	g, err := CompileGlob(strings.Repeat("**/", 40) + "x")
	if err != nil || !g.Match(strings.Repeat("d/", 60)+"x") || g.Match(strings.Repeat("d/", 60)+"y") {
		t.Errorf("repeated **: %v", err)
	}
}
