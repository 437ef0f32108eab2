package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBadInput: every kind of broken file gives a TOL901 (or TOL905) finding at its file and
// line, and the good files next to it are still linted.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "secret.conf"), "events {}\nhttp { server { listen 10.9.9.9:80; keepalive_timeout 1s; } }\n")
	files := map[string]string{
		// the proxy-pool story, which must still be found
		"edge/nginx.conf":                   "events {}\nhttp {\n  upstream app { server 10.0.0.31:8080; keepalive 8; keepalive_timeout 300s; }\n  server { listen 80; location / { proxy_pass http://app; } }\n}\n",
		"app/nginx.conf":                    "events {}\nhttp {\n  server { listen 10.0.0.31:8080; keepalive_timeout 10s; }\n}\n",
		"bad/unterminated-block/nginx.conf": "events {}\nhttp {\n  server {\n    listen 10.1.0.1:80;\n",
		"bad/unterminated-quote/nginx.conf": "events {}\nhttp {\n  server_name \"oops;\n}\n",
		"bad/duration/nginx.conf":           "events {}\nhttp {\n  keepalive_timeout 10x;\n}\n",
		"bad/cycle/nginx.conf":              "events {}\nhttp {\n  include a.conf;\n}\n",
		"bad/cycle/a.conf":                  "include b.conf;\n",
		"bad/cycle/b.conf":                  "include a.conf;\n",
		"bad/haproxy/haproxy.cfg":           "defaults\n    mode http\n    timeout client 10parsecs\nfrontend f\n    bind 10.2.0.1:80\n",
		"bad/binary/nginx.conf":             "events {}\x00\x01\x02http {}",
		"bad/envoy/envoy.yaml":              "static_resources:\n  clusters:\n  - name: app\n    connect_timeout: 5m\n",
		"bad/k8s/app.yaml":                  "apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n",
		"bad/tf/main.tf":                    "resource \"aws_lb\" \"x\" {\n  idle_timeout = \n}\n",
		"bad/sysctl.d/10-net.conf":          "net.ipv4.tcp_keepalive_time = forever\n",
		"bad/spring/application.properties": "server.tomcat.keep-alive-timeout=10parsecs\n",
	}
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), content)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.conf"), filepath.Join(dir, "bad", "escape.conf")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "bad", "dangling.conf")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	start := time.Now()
	out, errOut, code := runCLI(t, "lint", "--format", "json", ".")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct{ Findings []jsonFinding }
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range doc.Findings {
		got[f.Rule+" "+f.Location.File] += f.Message + "\n"
		if f.Location.Line == 0 && f.Rule == "TOL901" {
			t.Errorf("%s has no line: %s", f.Location.File, f.Message)
		}
		if strings.Contains(f.Message, "10.9.9.9") {
			t.Errorf("read a file outside the root: %s", f.Message)
		}
	}
	for key, want := range map[string]string{
		"TOL101 edge/nginx.conf":                   "300s",
		"TOL901 bad/unterminated-block/nginx.conf": "",
		"TOL901 bad/unterminated-quote/nginx.conf": "",
		"TOL901 bad/duration/nginx.conf":           "10x",
		"TOL901 bad/cycle/b.conf":                  "include cycle",
		"TOL901 bad/haproxy/haproxy.cfg":           "10parsecs",
		"TOL901 bad/binary/nginx.conf":             "binary",
		"TOL905 bad/escape.conf":                   "outside the scanned root",
		"TOL901 bad/dangling.conf":                 "cannot read",
		"TOL901 bad/envoy/envoy.yaml":              "5m",
		"TOL901 bad/k8s/app.yaml":                  "",
		"TOL901 bad/tf/main.tf":                    "",
		"TOL901 bad/sysctl.d/10-net.conf":          "forever",
		"TOL901 bad/spring/application.properties": "10parsecs",
	} {
		msgs, ok := got[key]
		if !ok || !strings.Contains(msgs, want) {
			t.Errorf("want %s finding mentioning %q; got %q", key, want, msgs)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}

func TestStdin(t *testing.T) {
	conf := "events {}\nhttp {\n  keepalive_timeout 60000;\n  server { listen 10.0.0.1:80; }\n}\n"
	out, errOut, code := runCLIWithInput(t, conf, "lint", "--no-color", "--stdin-format", "nginx", "-")
	if code != 1 || !strings.Contains(out, "<stdin>:3:21: warning TOL401") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	// Detected from the content when no format is given.
	if out, _, _ := runCLIWithInput(t, conf, "lint", "--no-color", "-"); !strings.Contains(out, "<stdin>:3:21") {
		t.Errorf("detection:\n%s", out)
	}
	if _, errOut, code := runCLIWithInput(t, conf, "lint", "--stdin-format", "cobol", "-"); code != 2 || !strings.Contains(errOut, `--stdin-format "cobol"`) {
		t.Errorf("bad format: exit %d %s", code, errOut)
	}
}

func TestLargeAndBinaryFiles(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("# padding\n", 2000)
	writeFile(t, filepath.Join(dir, "data", "big.json"), "{\"a\": \""+strings.Repeat("x", 30000)+"\"}")
	writeFile(t, filepath.Join(dir, "data", "blob.cfg"), "\x00\x01\x02\x03")
	writeFile(t, filepath.Join(dir, "edge", "nginx.conf"), "events {}\nhttp {\n"+big+"}\n")
	out, errOut, code := runCLI(t, "lint", "--format", "json", "--max-file-size", "10000", dir)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct{ Findings []jsonFinding }
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || !strings.HasSuffix(doc.Findings[0].Location.File, "edge/nginx.conf") ||
		!strings.Contains(doc.Findings[0].Message, "larger than the limit of 10000 bytes") {
		t.Errorf("want one TOL901 for the oversized nginx.conf and nothing for unrelated data files:\n%s", out)
	}
}

func TestStdinKubernetes(t *testing.T) {
	// helm template … | tolint lint --stdin-format kube -
	manifests := `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      labels: {app: api}
    spec:
      securityContext:
        sysctls:
          - name: net.ipv4.tcp_tw_recycle
            value: "1"
      containers:
        - name: api
          ports: [{containerPort: 8080}]
`
	out, errOut, code := runCLIWithInput(t, manifests, "lint", "--no-color", "--stdin-format", "kube", "-")
	if code != 1 || !strings.Contains(out, "<stdin>:21:20: error TOL302") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
}
