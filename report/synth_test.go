package report

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/internal/synth"
	"github.com/tolint/tolint/parsers"
	"github.com/tolint/tolint/rules"
)

// synthCase is one input of BenchmarkLintSingle (cmd/tolint) and its findings.
type synthCase struct {
	name     string
	findings []rules.Finding
}

// synthFindings lints the one-file inputs of BenchmarkLintSingle: an nginx.conf of 5,000
// servers and a haproxy.cfg of 5,000 backends, each giving 5,000 TOL902 findings. The files
// lie outside the working directory, so findings name them by absolute path and
// NewFileLines reads them as the CLI would.
func synthFindings(tb testing.TB) []synthCase {
	tb.Helper()
	dir := tb.TempDir()
	cwd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	var cases []synthCase
	for _, in := range []struct {
		name, file string
		data       []byte
	}{
		{"nginx5000", "nginx5000.conf", synth.NginxConfig(5000)},
		{"haproxy5000", "haproxy.cfg", synth.HAProxyConfig(5000)},
	} {
		file := filepath.Join(dir, in.file)
		if err := os.WriteFile(file, in.data, 0o644); err != nil {
			tb.Fatal(err)
		}
		res, err := parsers.Load([]string{file}, cwd, parsers.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		findings := rules.Run(graph.Build(res.Fragments, res.Topology), rules.Config{})
		if len(findings) < 5000 {
			tb.Fatalf("%s: %d findings, want at least 5000", in.name, len(findings))
		}
		cases = append(cases, synthCase{in.name, findings})
	}
	return cases
}

// withFreshSource gives each call its own NewFileLines, as each CLI run has, so that reading
// and indexing the file is timed too.
func withFreshSource(write func(io.Writer, []rules.Finding, Stats, Options) error) func(io.Writer, []rules.Finding, Stats, Options) error {
	return func(w io.Writer, findings []rules.Finding, stats Stats, opts Options) error {
		opts.Source = NewFileLines()
		return write(w, findings, stats, opts)
	}
}
