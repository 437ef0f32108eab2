package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolint/tolint/internal/synth"
)

func writeFile(tb testing.TB, path, content string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkLint lints a generated infra repository (internal/synth) through the whole
// pipeline: discover, parse in parallel, link, segment, rules, JSON report, after checking
// that the findings are exactly the planted violations. The 100,000-file size (about 80 MB
// on disk, a minute to generate) runs only when the -bench pattern names it:
// go test -run '^$' -bench 'Lint/100k' ./cmd/tolint
func BenchmarkLint(b *testing.B) {
	sizes := []int{1_000, 10_000}
	if strings.Contains(flag.Lookup("test.bench").Value.String(), "100k") {
		sizes = append(sizes, 100_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			dir := b.TempDir()
			m, err := synth.Write(dir, synth.Options{Files: n, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			checkPlanted(b, dir, m)
			b.SetBytes(m.Bytes)
			b.ResetTimer()
			for b.Loop() {
				if code := run([]string{"lint", "--format", "json", "--fail-on", "none", "--output", os.DevNull, dir}, nil, io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}

// TestGeneratedRepoFindsPlantedViolations lints a generated repository of 1,000 files and
// wants exactly the planted violations: each one reported at its line, and nothing else
// (the rest of the estate is consistent, so any other finding is a false positive).
// BenchmarkLint checks the same at 10k and 100k files.
func TestGeneratedRepoFindsPlantedViolations(t *testing.T) {
	dir := t.TempDir()
	m, err := synth.Write(dir, synth.Options{Files: 1000, Seed: 7, Share: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, p := range m.Planted {
		rules[p.Rule] = true
	}
	if len(rules) < 3 {
		t.Fatalf("the generator planted only %v; want several rules", rules)
	}
	checkPlanted(t, dir, m)
}

// checkPlanted lints dir and fails unless the findings are exactly the planted ones.
func checkPlanted(tb testing.TB, dir string, m *synth.Manifest) {
	tb.Helper()
	var out, errOut bytes.Buffer
	if code := run([]string{"lint", "--format", "json", dir}, nil, &out, &errOut); code != 1 {
		tb.Fatalf("exit %d: %s", code, errOut.String())
	}
	var doc struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Message  string `json:"message"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		tb.Fatal(err)
	}
	// Findings print paths relative to the working directory; the manifest's are relative
	// to the repository root.
	planted := map[string]bool{}
	for _, p := range m.Planted {
		planted[fmt.Sprintf("%s %s:%d", p.Rule, p.File, p.Line)] = true
	}
	found := map[string]bool{}
	for _, f := range doc.Findings {
		rel := f.Location.File
		if i := strings.Index(rel, "cells/"); i >= 0 {
			rel = rel[i:]
		}
		key := fmt.Sprintf("%s %s:%d", f.Rule, rel, f.Location.Line)
		if !planted[key] {
			tb.Errorf("unexpected finding %s: %s", key, f.Message)
		}
		found[key] = true
	}
	for _, p := range m.Planted {
		if key := fmt.Sprintf("%s %s:%d", p.Rule, p.File, p.Line); !found[key] {
			tb.Errorf("planted %s (%s) not found", key, p.What)
		}
	}
}

// BenchmarkLintSingle lints the one-file inputs of bench/compare.sh: an nginx.conf with 5,000
// servers and upstreams and a haproxy.cfg with 5,000 backends, with the default text output.
func BenchmarkLintSingle(b *testing.B) {
	for _, in := range []struct {
		name string
		data []byte
	}{
		{"nginx5000", synth.NginxConfig(5000)},
		{"haproxy5000", synth.HAProxyConfig(5000)},
	} {
		b.Run(in.name, func(b *testing.B) {
			file := filepath.Join(b.TempDir(), in.name+".conf")
			if in.name == "haproxy5000" {
				file = filepath.Join(filepath.Dir(file), "haproxy.cfg")
			}
			writeFile(b, file, string(in.data))
			b.SetBytes(int64(len(in.data)))
			b.ResetTimer()
			for b.Loop() {
				if code := run([]string{"lint", "--fail-on", "none", "--output", os.DevNull, file}, nil, io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
