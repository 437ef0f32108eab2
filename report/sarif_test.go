package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers"
	"github.com/tolint/tolint/rules"
)

// sarifSchema compiles the official SARIF 2.1.0 schema (a copy in testdata; its draft-04
// meta-schema is bundled with jsonschema), asserting formats such as uri.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, out []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("SARIF output is not JSON: %v\n%s", err, out)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("SARIF output does not validate against the 2.1.0 schema: %v\n%s", err, out)
	}
}

// storyFindings runs the real pipeline over one story's broken folder, with file names
// relative to the folder as the CLI prints them when run inside it.
func storyFindings(t *testing.T, dir string) []rules.Finding {
	t.Helper()
	t.Chdir(dir)
	res, err := parsers.Load([]string{"."}, dir, parsers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rules.Run(graph.Build(res.Fragments, res.Topology), rules.Config{})
}

func TestSARIFValidatesOnEveryStory(t *testing.T) {
	sch := sarifSchema(t)
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "stories", "*", "broken"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no stories found under ../testdata/stories")
	}
	for _, dir := range dirs {
		abs, err := filepath.Abs(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(filepath.Dir(dir)), func(t *testing.T) {
			findings := storyFindings(t, abs)
			if len(findings) == 0 {
				t.Fatal("the broken story has no findings")
			}
			var out bytes.Buffer
			if err := SARIF(&out, findings, Stats{}, Options{Version: "0.1.0-test"}); err != nil {
				t.Fatal(err)
			}
			validateSARIF(t, sch, out.Bytes())
			var doc sarifLog
			if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			run := doc.Runs[0]
			if len(run.Results) != len(findings) {
				t.Errorf("%d results, want %d", len(run.Results), len(findings))
			}
			for i, res := range run.Results {
				if res.RuleIndex == nil || run.Tool.Driver.Rules[*res.RuleIndex].ID != res.RuleID {
					t.Errorf("result %d: ruleIndex does not point at %s", i, res.RuleID)
				}
				if uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI; strings.Contains(uri, `\`) || filepath.IsAbs(uri) {
					t.Errorf("result %d: uri %q is not relative with forward slashes", i, uri)
				}
			}
		})
	}
}

func TestSARIFSampleAndEmptyValidate(t *testing.T) {
	sch := sarifSchema(t)
	for _, findings := range [][]rules.Finding{sampleFindings(), nil, {{Message: "no rule, no position"}}} {
		var out bytes.Buffer
		if err := SARIF(&out, findings, sampleStats, Options{}); err != nil {
			t.Fatal(err)
		}
		validateSARIF(t, sch, out.Bytes())
	}
}

func TestSARIFListsEveryRule(t *testing.T) {
	var out bytes.Buffer
	if err := SARIF(&out, nil, sampleStats, Options{Version: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	var doc sarifLog
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	d := doc.Runs[0].Tool.Driver
	if d.Name != "tolint" || d.Version != "1.2.3" {
		t.Errorf("driver = %s %s", d.Name, d.Version)
	}
	all := rules.All()
	if len(d.Rules) != len(all) {
		t.Fatalf("%d rules, want %d", len(d.Rules), len(all))
	}
	for i, r := range all {
		got := d.Rules[i]
		if got.ID != r.ID || got.Name != r.Name || got.HelpURI != ruleDocURI+r.ID+".md" ||
			got.ShortDescription == nil || got.ShortDescription.Text != r.Summary ||
			got.FullDescription == nil || got.Help == nil || got.DefaultConfiguration.Level != sarifLevel(r.Severity) {
			t.Errorf("rule %d = %+v, want %s %s", i, got, r.ID, r.Name)
		}
	}
}

func TestFingerprintIgnoresLines(t *testing.T) {
	base := sampleFindings()[0]
	moved := base
	moved.Pos.Line += 40
	moved.Pos.Col = 3
	moved.Related = []rules.Location{{Pos: pos("testdata/vm/nginx.conf", 17, 23), Message: "vm closes idle client connections after 10s"}}
	if base.Fingerprint() != moved.Fingerprint() {
		t.Errorf("fingerprint changed when the finding moved")
	}
	quoted := base
	quoted.Message = "keepalive_timeout 30s inherited from testdata/vm/nginx.conf:5:23"
	quotedMoved := quoted
	quotedMoved.Message = "keepalive_timeout 30s inherited from testdata/vm/nginx.conf:9:23"
	if quoted.Fingerprint() != quotedMoved.Fingerprint() {
		t.Errorf("fingerprint changed when a position quoted in the message moved")
	}
	for name, other := range map[string]rules.Finding{
		"value":  withMessage(base, strings.Replace(base.Message, "300s", "301s", 1)),
		"file":   withFile(base, "testdata/other/nginx.conf"),
		"rule":   withRule(base, suspiciousUnit),
		"digits": withMessage(quoted, "keepalive_timeout 31s inherited from testdata/vm/nginx.conf:5:23"),
	} {
		ref := base
		if name == "digits" {
			ref = quoted
		}
		if ref.Fingerprint() == other.Fingerprint() {
			t.Errorf("%s: fingerprint did not change", name)
		}
	}
}

func TestFingerprintsInReportsAgree(t *testing.T) {
	findings := sampleFindings()
	var sarifOut, gitlabOut bytes.Buffer
	if err := SARIF(&sarifOut, findings, sampleStats, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := GitLab(&gitlabOut, findings, sampleStats, Options{}); err != nil {
		t.Fatal(err)
	}
	var s sarifLog
	var g []gitlabIssue
	if err := json.Unmarshal(sarifOut.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(gitlabOut.Bytes(), &g); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i := range findings {
		fp := s.Runs[0].Results[i].PartialFingerprints[fingerprintKey]
		if fp == "" || fp != g[i].Fingerprint {
			t.Errorf("finding %d: sarif %q, gitlab %q", i, fp, g[i].Fingerprint)
		}
		if seen[fp] {
			t.Errorf("finding %d: fingerprint %s repeated", i, fp)
		}
		seen[fp] = true
	}
}

func withMessage(f rules.Finding, m string) rules.Finding   { f.Message = m; return f }
func withFile(f rules.Finding, file string) rules.Finding   { f.Pos.File = file; return f }
func withRule(f rules.Finding, r *rules.Rule) rules.Finding { f.Rule = r; return f }

// The schema check must be able to fail: a result without a message is invalid SARIF.
func TestSARIFSchemaRejectsInvalid(t *testing.T) {
	sch := sarifSchema(t)
	bad := `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "tolint"}}, "results": [{"ruleId": "TOL101"}]}]}`
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(inst) == nil {
		t.Error("a result without message validated")
	}
}

// BenchmarkSARIF times SARIF on the CLI's 5,000-finding inputs: each column is converted to
// UTF-16 with its source line.
func BenchmarkSARIF(b *testing.B) {
	for _, c := range synthFindings(b) {
		b.Run(c.name, func(b *testing.B) {
			benchmarkWriter(b, withFreshSource(SARIF), c.findings, Options{})
		})
	}
}
