package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInit(t *testing.T) {
	dir := pairRepo(t, pairNginx, nil)
	// HAProxy's backend points at an address no file describes.
	writeFile(t, filepath.Join(dir, "lb", "haproxy.cfg"), pairHAProxy+"    server app1 10.0.0.31:3000\n")
	out, errOut, code := runCLI(t, "init", dir)
	file := filepath.Join(dir, "tolint.yaml")
	if code != exitClean || !strings.Contains(out, "wrote "+file+": 2 hops found, 1 addresses to describe") {
		t.Fatalf("init: exit %d %s %s", code, out, errOut)
	}
	data, _ := os.ReadFile(file)
	text := string(data)
	for _, want := range []string{
		"#   edge/nginx.conf: proxy, nginx",
		"#     pool upstream api: idle keepalive_timeout 120s at edge/nginx.conf:8:27 -> 10.0.0.20:8080",
		`# - name: "10.0.0.31:3000"   # backend app of lb/haproxy.cfg connects here (lb/haproxy.cfg:13:17)`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("tolint.yaml lacks %q:\n%s", want, text)
		}
	}
	// The file is valid as written: the same findings as before, no TOL901.
	got, _, _ := lintJSON(t, dir)
	if strings.Join(got, ", ") != "TOL101 edge/nginx.conf:8 error, TOL401 lb/haproxy.cfg:6 warning, TOL902 lb/haproxy.cfg:13 info" {
		t.Errorf("after init: %v", got)
	}
	// Filled in and uncommented, the entry resolves the link and the connection is checked.
	var filled []string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "  # - name:") || strings.HasPrefix(line, "  #   ") {
			line = "  " + strings.TrimPrefix(line, "  # ")
		}
		if strings.TrimSpace(line) == "[]" {
			continue
		}
		filled = append(filled, line)
	}
	writeFile(t, file, strings.Join(filled, "\n"))
	got, _, _ = lintJSON(t, dir)
	if strings.Contains(strings.Join(got, ","), "TOL902") || !strings.Contains(strings.Join(got, ","), "TOL101 lb/haproxy.cfg") {
		t.Errorf("after filling in: %v\n%s", got, strings.Join(filled, "\n"))
	}
	// Never replaced without --force.
	if _, errOut, code := runCLI(t, "init", dir); code != exitUsage || !strings.Contains(errOut, "already exists") {
		t.Errorf("second init: exit %d %s", code, errOut)
	}
	if out, _, code := runCLI(t, "init", "--output", "-", dir); code != exitClean || !strings.Contains(out, "hops:") {
		t.Errorf("init --output -: exit %d", code)
	}
}
