package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/internal/synth"
	"github.com/tolint/tolint/parsers"
)

// BenchmarkRun checks the graphs of the one-file inputs of BenchmarkLintSingle (cmd/tolint):
// an nginx.conf of 5,000 servers and a haproxy.cfg of 5,000 backends, each giving 5,000
// TOL902 findings.
func BenchmarkRun(b *testing.B) {
	for _, in := range []struct {
		name, file string
		data       []byte
	}{
		{"nginx5000", "nginx5000.conf", synth.NginxConfig(5000)},
		{"haproxy5000", "haproxy.cfg", synth.HAProxyConfig(5000)},
	} {
		b.Run(in.name, func(b *testing.B) {
			dir := b.TempDir()
			file := filepath.Join(dir, in.file)
			if err := os.WriteFile(file, in.data, 0o644); err != nil {
				b.Fatal(err)
			}
			res, err := parsers.Load([]string{file}, dir, parsers.Options{})
			if err != nil {
				b.Fatal(err)
			}
			g := graph.Build(res.Fragments, res.Topology)
			if n := len(Run(g, Config{})); n < 5000 {
				b.Fatalf("%d findings, want at least 5000", n)
			}
			b.ReportAllocs()
			for b.Loop() {
				Run(g, Config{})
			}
		})
	}
}
