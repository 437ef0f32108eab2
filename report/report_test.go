package report

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/rules"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current output")

var (
	idleTimeoutOrder = &rules.Rule{ID: "TOL101", Name: "idle-timeout-order", Severity: rules.Error}
	suspiciousUnit   = &rules.Rule{ID: "TOL401", Name: "suspicious-unit", Severity: rules.Warning}
	unresolvedLink   = &rules.Rule{ID: "TOL902", Name: "unresolved-link", Severity: rules.Info}
)

func pos(file string, line, col int) graph.Pos {
	return graph.Pos{File: file, Line: line, Col: col}
}

// sampleFindings point into the fixture files under testdata, one per severity, in the
// shapes rules produce: with related lines, path and fix; with a fix only; bare.
func sampleFindings() []rules.Finding {
	return []rules.Finding{
		{
			Rule:     idleTimeoutOrder,
			Severity: rules.Error,
			Message:  "edge keeps idle upstream connections 300s (keepalive_timeout, explicit) but vm closes idle client connections after 10s (keepalive_timeout, explicit): edge will send requests on connections vm has closed",
			Pos:      pos("testdata/edge/nginx.conf", 8, 27),
			Related: []rules.Location{
				{Pos: pos("testdata/vm/nginx.conf", 5, 23), Message: "vm closes idle client connections after 10s"},
			},
			Path: []string{"testdata/edge/nginx.conf#upstream vm", "testdata/vm/nginx.conf"},
			Fix:  "set keepalive_timeout 9s in the upstream block of testdata/edge/nginx.conf, or raise keepalive_timeout to 301s in testdata/vm/nginx.conf",
		},
		{
			Rule:     suspiciousUnit,
			Severity: rules.Warning,
			Message:  `"timeout client 30" has no unit: HAProxy reads it as 30ms`,
			Pos:      pos("testdata/lb/haproxy.cfg", 3, 17),
			Fix:      "write 30s if seconds were meant",
		},
		{
			Rule:     unresolvedLink,
			Severity: rules.Info,
			Message:  "crawler's pool points at lb.internal:443, which no known hop answers to; its idle timeouts were not checked",
			Pos:      pos("testdata/tolint.yaml", 4, 34),
		},
	}
}

var sampleStats = Stats{Files: 4, Hops: 4, Links: 1, Segments: 1, Duration: 12*time.Millisecond + 400*time.Microsecond}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./report -update and review the diff)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}

func TestGolden(t *testing.T) {
	withSource := Options{Source: NewFileLines(), Version: "0.1.0-test"}
	colored := withSource
	colored.Color = true
	tests := []struct {
		name     string
		format   string
		findings []rules.Finding
		opts     Options
	}{
		{"text", "text", sampleFindings(), withSource},
		{"text_color", "text", sampleFindings(), colored},
		{"text_no_source", "text", sampleFindings(), Options{}},
		{"text_empty", "text", nil, withSource},
		{"json", "json", sampleFindings(), withSource},
		{"json_empty", "json", nil, withSource},
		{"sarif", "sarif", sampleFindings(), withSource},
		{"sarif_empty", "sarif", nil, withSource},
		{"github", "github", sampleFindings(), withSource},
		{"github_empty", "github", nil, withSource},
		{"checkstyle", "checkstyle", sampleFindings(), withSource},
		{"checkstyle_empty", "checkstyle", nil, withSource},
		{"junit", "junit", sampleFindings(), withSource},
		{"junit_empty", "junit", nil, withSource},
		{"gitlab", "gitlab", sampleFindings(), withSource},
		{"gitlab_empty", "gitlab", nil, withSource},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := Write(tt.format, &out, tt.findings, sampleStats, tt.opts); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.name, out.Bytes())
		})
	}
}

func TestFormats(t *testing.T) {
	want := "text,json,sarif,github,checkstyle,junit,gitlab"
	if got := strings.Join(Formats(), ","); got != want {
		t.Errorf("Formats() = %s, want %s", got, want)
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	var out bytes.Buffer
	err := Write("html", &out, sampleFindings(), sampleStats, Options{})
	if err == nil {
		t.Fatal("Write(html) succeeded, want an error")
	}
	for _, want := range []string{`"html"`, "text", "json", "sarif"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	if out.Len() != 0 {
		t.Errorf("unknown format wrote %q", out.String())
	}
}

type failingWriter struct{}

var errDiskFull = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestWriteErrorsAreReturned(t *testing.T) {
	for _, format := range Formats() {
		err := Write(format, failingWriter{}, sampleFindings(), sampleStats, Options{})
		if !errors.Is(err, errDiskFull) {
			t.Errorf("%s: error = %v, want %v", format, err, errDiskFull)
		}
	}
}
