package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes n config files, half nginx and half HAProxy, that link to each other: each
// nginx pools connections to three HAProxy frontends, each HAProxy balances over three nginx
// servers. Every tenth nginx keeps upstream connections longer than the HAProxy behind it.
func writeTree(tb testing.TB, dir string, n int) {
	tb.Helper()
	half := n / 2
	ip := func(kind, i int) string { return fmt.Sprintf("10.%d.%d.%d", kind, i/250, i%250+1) }
	for i := range half {
		var b strings.Builder
		keepalive := "30s"
		if i%10 == 0 {
			keepalive = "300s"
		}
		fmt.Fprintf(&b, "events {\n    worker_connections 1024;\n}\nhttp {\n    keepalive_timeout 75s;\n    client_header_timeout 20s;\n")
		fmt.Fprintf(&b, "    upstream lb {\n")
		for k := range 3 {
			fmt.Fprintf(&b, "        server %s:8080 max_fails=3 fail_timeout=10s;\n", ip(2, (i+k)%half))
		}
		fmt.Fprintf(&b, "        keepalive 32;\n        keepalive_timeout %s;\n    }\n", keepalive)
		fmt.Fprintf(&b, "    server {\n        listen %s:80;\n        server_name app%d.internal;\n", ip(1, i), i)
		for _, loc := range []string{"/", "/api/", "/static/", "/admin/"} {
			fmt.Fprintf(&b, "        location %s {\n            proxy_pass http://lb;\n            proxy_http_version 1.1;\n            proxy_set_header Connection \"\";\n            proxy_set_header Host $host;\n            proxy_read_timeout 30s;\n        }\n", loc)
		}
		b.WriteString("    }\n}\n")
		writeFile(tb, filepath.Join(dir, fmt.Sprintf("nginx/site%04d/nginx.conf", i)), b.String())

		b.Reset()
		fmt.Fprintf(&b, "global\n    maxconn 4096\n\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 60s\n    timeout server 60s\n    timeout http-keep-alive 60s\n\n")
		fmt.Fprintf(&b, "frontend fe\n    bind %s:8080\n    default_backend be\n\nbackend be\n    balance roundrobin\n", ip(2, i))
		for k := range 3 {
			fmt.Fprintf(&b, "    server s%d %s:80 check\n", k, ip(1, (i+k+1)%half))
		}
		writeFile(tb, filepath.Join(dir, fmt.Sprintf("haproxy/lb%04d/haproxy.cfg", i)), b.String())
	}
}

func writeFile(tb testing.TB, path, content string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkLint2000 lints a generated tree of 2,000 linked nginx and HAProxy files through
// the whole pipeline: discover, parse in parallel, link, segment, rules, JSON report.
func BenchmarkLint2000(b *testing.B) {
	dir := b.TempDir()
	writeTree(b, dir, 2000)
	b.ResetTimer()
	for b.Loop() {
		if code := run([]string{"lint", "--format", "json", "--fail-on", "none", dir}, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// TestGeneratedTreeFindsPlantedViolations checks the benchmark's tree finds exactly the
// planted mismatches: every tenth nginx pool (300s) in front of HAProxy's 60s keep-alive.
func TestGeneratedTreeFindsPlantedViolations(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, 200)
	out, errOut, code := runCLI(t, "lint", "--format", "json", dir)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// 10 planted pools, each linked to 3 frontends.
	if got := strings.Count(out, `"rule": "TOL101"`); got != 30 {
		t.Errorf("TOL101 findings = %d, want 30", got)
	}
	if strings.Contains(out, `"rule": "TOL9`) {
		t.Errorf("unexpected input findings:\n%s", out)
	}
}
