package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/tolint/tolint/rules"
)

func TestGitHubEscapes(t *testing.T) {
	f := rules.Finding{
		Rule:     idleTimeoutOrder,
		Severity: rules.Warning,
		Message:  "100% busy\r\nnext: line, a",
		Pos:      pos("dir:a,b/100%.conf", 2, 0),
		Fix:      "x\ny",
	}
	var out bytes.Buffer
	if err := GitHub(&out, []rules.Finding{f}, sampleStats, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "::warning file=dir%3Aa%2Cb/100%25.conf,line=2,title=TOL101 idle-timeout-order::100%25 busy%0D%0Anext: line, a Fix: x%0Ay\n"
	if got := out.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestCheckstyleSortsFilesAndEscapes(t *testing.T) {
	findings := []rules.Finding{
		{Rule: suspiciousUnit, Severity: rules.Warning, Message: `b <&> "q"`, Pos: pos("z.conf", 9, 1)},
		{Rule: suspiciousUnit, Severity: rules.Warning, Message: "a\nnewline", Pos: pos("a.conf", 3, 2)},
		{Rule: suspiciousUnit, Severity: rules.Warning, Message: "c", Pos: pos("z.conf", 1, 1)},
	}
	var out bytes.Buffer
	if err := Checkstyle(&out, findings, sampleStats, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc checkstyleReport
	if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out.Bytes())
	}
	if len(doc.Files) != 2 || doc.Files[0].Name != "a.conf" || doc.Files[1].Name != "z.conf" {
		t.Fatalf("files = %+v", doc.Files)
	}
	if e := doc.Files[0].Errors[0]; e.Message != "a\nnewline" {
		t.Errorf("newline did not survive: %q", e.Message)
	}
	if z := doc.Files[1].Errors; len(z) != 2 || z[0].Message != "c" || z[1].Message != `b <&> "q"` {
		t.Errorf("z.conf errors = %+v", z)
	}
}

func TestJUnitCounts(t *testing.T) {
	findings := append(sampleFindings(), sampleFindings()[0])
	var out bytes.Buffer
	if err := JUnit(&out, findings, sampleStats, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != 1 || doc.Suites[0].Name != "tolint" {
		t.Fatalf("suites = %+v", doc.Suites)
	}
	s := doc.Suites[0]
	failures := 0
	for _, c := range s.Cases {
		failures += len(c.Failures)
		if c.Name == "TOL101 idle-timeout-order" && len(c.Failures) != 2 {
			t.Errorf("TOL101 has %d failures, want 2", len(c.Failures))
		}
	}
	if s.Tests != len(rules.All()) || len(s.Cases) != s.Tests || s.Failures != 4 || failures != 4 || doc.Failures != 4 {
		t.Errorf("tests %d (cases %d), failures %d (elements %d, total %d); want %d tests, 4 failures",
			s.Tests, len(s.Cases), s.Failures, failures, doc.Failures, len(rules.All()))
	}
	if !strings.Contains(out.String(), `name="TOL902 unresolved-link"`) {
		t.Error("no TOL902 test case")
	}
}
