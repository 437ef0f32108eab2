package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestHostileInput: input anyone can write in a pull request ends in findings or clear
// errors, quickly and with a bounded heap, and never in a crash, a hang, or a silently
// empty result.
func TestHostileInput(t *testing.T) {
	tests := []struct {
		name  string
		files func(dir string)
		want  []string // substrings of the text output
	}{
		{"blocks nested 100,000 deep", func(dir string) {
			writeFile(t, filepath.Join(dir, "nginx.conf"), "events {}\n"+strings.Repeat("http { ", 100000)+strings.Repeat("}", 100000)+"\n")
		}, []string{"TOL901", "nested deeper than"}},
		{"a 10 MB line", func(dir string) {
			writeFile(t, filepath.Join(dir, "nginx.conf"), "events {}\nhttp { server_name "+strings.Repeat("a", 10_000_000)+"; }\n")
		}, []string{"no findings in 1 file (1 hop"}},
		{"files including each other", func(dir string) {
			writeFile(t, filepath.Join(dir, "nginx.conf"), "events {}\nhttp { include *.conf; server { listen 10.0.0.1:80; } }\n")
			for i := range 30 {
				writeFile(t, filepath.Join(dir, fmt.Sprintf("x%02d.conf", i)), strings.Repeat("include *.conf;\n", 5))
			}
		}, []string{"include cycle", "(1 hop,"}},
		{"YAML alias bomb", func(dir string) {
			y := "a: &a [x, x, x, x, x, x, x, x, x]\n"
			for i, n := range "bcdefgh" {
				prev := string("abcdefgh"[i])
				y += fmt.Sprintf("%c: &%c [%s]\n", n, n, strings.TrimSuffix(strings.Repeat("*"+prev+", ", 9), ", "))
			}
			writeFile(t, filepath.Join(dir, "tolint.yaml"), y+"hops: *h\n")
		}, []string{"TOL901"}},
		{"100,000 empty files and a symlink loop", func(dir string) {
			many := filepath.Join(dir, "many")
			if err := os.Mkdir(many, 0o755); err != nil {
				t.Fatal(err)
			}
			for i := range 100_000 {
				if err := os.WriteFile(filepath.Join(many, strconv.Itoa(i)+".conf"), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Symlink(dir, filepath.Join(many, "loop")); err != nil {
				t.Fatal(err)
			}
		}, []string{"no findings in 0 files"}},
		{"10,100 includes fanned out by globs", func(dir string) {
			writeFile(t, filepath.Join(dir, "nginx.conf"), "events {}\nhttp { include fan/*.conf; server { listen 10.0.0.1:80; } }\n")
			for i := range 100 {
				writeFile(t, filepath.Join(dir, "fan", fmt.Sprintf("%03d.conf", i)), "include leaf/*.conf;\n")
			}
			for i := range 101 {
				writeFile(t, filepath.Join(dir, "leaf", fmt.Sprintf("%03d.conf", i)), "# leaf\n")
			}
		}, []string{"more than 10000 files included into one configuration"}},
		{"HCL nested 100,000 deep", func(dir string) {
			writeFile(t, filepath.Join(dir, "parens", "main.tf"), "resource \"aws_lb\" \"x\" {\n  idle_timeout = "+
				strings.Repeat("(", 100_000)+"1"+strings.Repeat(")", 100_000)+"\n}\n")
			writeFile(t, filepath.Join(dir, "templates", "main.tf"), "resource \"aws_lb\" \"x\" {\n  name = "+
				strings.Repeat(`"${`, 100_000)+"1"+strings.Repeat(`}"`, 100_000)+"\n}\n")
			writeFile(t, filepath.Join(dir, "json", "main.tf.json"), `{"resource": {"aws_lb": {"x": {"idle_timeout": "${`+
				strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000)+`}"}}}}`)
		}, []string{"parens/main.tf:2:", "templates/main.tf:2:", "json/main.tf.json:1:48: error TOL901 parse-error: brackets, strings or templates nested deeper than 1000 levels"}},
		{"YAML and JSON nested 100,000 deep", func(dir string) {
			writeFile(t, filepath.Join(dir, "k8s", "svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: "+strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000)+"\n")
			writeFile(t, filepath.Join(dir, "envoy", "envoy.json"), `{"static_resources": {"clusters": `+strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000)+"}}")
		}, []string{"k8s/svc.yaml:4:1: error TOL901 parse-error: YAML syntax error: exceeded max depth of 10000", "envoy/envoy.json:1: error TOL901 parse-error: YAML syntax error: exceeded max depth"}},
		{"an HCL string template of 9.6 MB", func(dir string) {
			writeFile(t, filepath.Join(dir, "main.tf"), "variable \"a\" {\n  default = \"x\"\n}\nresource \"aws_lb\" \"x\" {\n  name = \""+
				strings.Repeat("${var.a}-%{ if true }y%{ endif }", 300_000)+"\"\n}\n")
		}, []string{"main.tf:1:1: error TOL901 parse-error: about 5100024 tokens, more than the 1000000 read from one file"}},
		{"YAML alias bombs in every YAML format", func(dir string) {
			bomb := "a: &a [x, x, x, x, x, x, x, x, x]\n"
			for i, n := range "bcdefghi" {
				bomb += fmt.Sprintf("%c: &%c [%s]\n", n, n, strings.TrimSuffix(strings.Repeat("*"+string("abcdefghi"[i])+", ", 9), ", "))
			}
			writeFile(t, filepath.Join(dir, "k8s", "svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n"+bomb+"spec: {ports: *i}\n")
			writeFile(t, filepath.Join(dir, "envoy", "envoy.yaml"), bomb+"static_resources: {clusters: *i}\n")
			writeFile(t, filepath.Join(dir, "api", "openapi.yaml"), "openapi: 3.0.0\n"+bomb+"paths: {/a: {get: {x-google-backend: *i}}}\n")
			writeFile(t, filepath.Join(dir, "spring", "application.yml"), bomb+"server: {port: *i}\n")
		}, []string{"application.yml:1:1: error TOL901 parse-error: YAML document expands to more than 200000 values through its aliases"}},
		{"invalid UTF-8 in every format", func(dir string) {
			writeFile(t, filepath.Join(dir, "k8s", "svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: \"caf\xe9\"}\nspec: {ports: [{port: 80}]}\n")
			writeFile(t, filepath.Join(dir, "envoy", "envoy.yaml"), "static_resources:\n  clusters:\n  - name: \"\xff\xfe\"\n    connect_timeout: 1s\n")
			writeFile(t, filepath.Join(dir, "tf", "main.tf"), "resource \"aws_lb\" \"x\xe9\" {\n  idle_timeout = 60\n}\n")
			writeFile(t, filepath.Join(dir, "lb", "haproxy.cfg"), "frontend f\xe9\n  bind :80\n  timeout client 30s\n")
			writeFile(t, filepath.Join(dir, "spring", "application.properties"), "server.port=80\xe9\n")
			writeFile(t, filepath.Join(dir, "edge", "nginx.conf"), "events {}\nhttp { server { listen 80; server_name caf\xe9; } }\n")
		}, []string{"envoy/envoy.yaml:3:12: error TOL901 parse-error: invalid UTF-8 (byte 0xff)", "k8s/svc.yaml:3:22: error TOL901 parse-error: invalid UTF-8 (byte 0xe9)",
			"tf/main.tf:1:21: error TOL901 parse-error: Invalid character encoding", "spring/application.properties:1:13: error TOL901"}},
		{"a stream of 1,000 YAML documents", func(dir string) {
			var docs []string
			for i := range 500 {
				docs = append(docs, fmt.Sprintf("apiVersion: v1\nkind: Service\nmetadata:\n  name: s%d\n  annotations: {service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout: \"%d\"}\n"+
					"spec:\n  type: LoadBalancer\n  selector: {app: a%d}\n  ports: [{port: 80, targetPort: 8080}]\n", i, 60+i, i),
					fmt.Sprintf("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a%d}\nspec:\n  template:\n    metadata: {labels: {app: a%d}}\n    spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}\n", i, i))
			}
			writeFile(t, filepath.Join(dir, "k8s", "all.yaml"), strings.Join(docs, "---\n"))
		}, []string{"in 1 file (1000 hops, 500 links"}},
		{"400 CustomResourceDefinitions of 85 KB", func(dir string) {
			// A rendered chart ships its CRDs, whose schemas no hop is built from.
			var schema strings.Builder
			for i := range 600 {
				fmt.Fprintf(&schema, "                  field%d:\n                    type: string\n                    description: \"field %d of the resource, with some text\"\n", i, i)
			}
			for i := range 400 {
				writeFile(t, filepath.Join(dir, "crds", fmt.Sprintf("crd%03d.yaml", i)), fmt.Sprintf("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"+
					"metadata: {name: things%d.example.com}\nspec:\n  group: example.com\n  names: {kind: Thing%d}\n  scope: Namespaced\n  versions:\n"+
					"    - name: v1\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n"+
					"              properties:\n                nested:\n                  type: object\n                  properties:\n%s", i, i, schema.String()))
			}
			writeFile(t, filepath.Join(dir, "k8s", "app.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: a}, ports: [{port: 80, targetPort: 8080}]}\n---\n"+
				"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}\n")
		}, []string{"no findings in 1 file (1 hop"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.files(dir)
			runtime.GC()
			start := time.Now()
			var out, errOut string
			var code int
			peak := peakHeap(func() { out, errOut, code = runCLI(t, "lint", "--no-color", "--fail-on", "none", dir) })
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
			if peak > 256<<20 {
				t.Errorf("the heap grew to %d MB", peak>>20)
			}
			t.Logf("peak heap %d MB", peak>>20)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%.2000s", w, out)
				}
			}
		})
	}
}

// peakHeap runs f and returns the largest heap seen while it ran (live objects and garbage
// not yet collected), sampled every millisecond.
func peakHeap(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	return peak
}

// TestHugeFile: a 200 MB file is refused by its size, with a TOL901 that says so, and is
// not read (its first 4 KiB are, to tell whether it is a configuration file at all).
func TestHugeFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "nginx.conf")
	writeFile(t, file, "events {}\n")
	if err := os.Truncate(file, 200<<20); err != nil {
		t.Fatal(err)
	}
	// The text report shows the source line of each finding from up to 16 MB of its file.
	for format, limit := range map[string]uint64{"json": 8 << 20, "text": 48 << 20} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		out, errOut, code := runCLI(t, "lint", "--no-color", "--format", format, dir)
		runtime.ReadMemStats(&after)
		if code != 1 || !strings.Contains(out, "cannot read nginx.conf: file is 209715200 bytes, larger than the limit of 10485760 bytes (--max-file-size)") {
			t.Errorf("%s: exit %d\n%s%s", format, code, out, errOut)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > limit {
			t.Errorf("%s: allocated %d MB for a file that is not read", format, alloc>>20)
		}
	}
}

// TestOutsideTheRoot: includes, symlinks, modules, $refs and topology entries that lead out
// of the scanned root are reported as not inspected (or as errors), and nothing of what
// lies outside reaches the output.
func TestOutsideTheRoot(t *testing.T) {
	base := t.TempDir()
	root, outside := filepath.Join(base, "repo"), filepath.Join(base, "outside")
	const secret = "SECRET-7f3a"
	writeFile(t, filepath.Join(outside, "secret.conf"), "# "+secret+"\nserver { listen 10.9.9.9:80; keepalive_timeout 1s; }\n")
	writeFile(t, filepath.Join(outside, "mod", "main.tf"), "# "+secret+"\nresource \"aws_lb\" \"hidden\" {\n  idle_timeout = 4000\n}\n")
	writeFile(t, filepath.Join(outside, "paths.yaml"), "# "+secret+"\n/a: {get: {x-google-backend: {address: 'https://10.9.9.9', deadline: 4000}}}\n")
	writeFile(t, filepath.Join(root, "edge", "nginx.conf"), "events {}\nhttp {\n  include conf.d/*.conf;\n  include ../../outside/secret.conf;\n"+
		"  include /etc/passwd;\n  server { listen 10.0.0.1:80; }\n}\n")
	writeFile(t, filepath.Join(root, "infra", "main.tf"), "module \"m\" {\n  source = \"../../outside/mod\"\n}\n")
	writeFile(t, filepath.Join(root, "api", "openapi.yaml"), "openapi: 3.0.0\npaths:\n  /a:\n    $ref: '../../outside/paths.yaml#/~1a'\n")
	writeFile(t, filepath.Join(root, "tolint.yaml"), "hops:\n  - name: x\n    config: ../outside/secret.conf\n")
	for link, target := range map[string]string{
		"edge/conf.d/escape.conf": "outside/secret.conf",
		"edge/conf.d/dir":         "outside",
		"escape.conf":             "outside/secret.conf",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, link)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(base, target), filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	out, errOut, code := runCLI(t, "lint", "--format", "json", "--fail-on", "none", root)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, leak := range []string{secret, "10.9.9.9", "4000"} {
		if strings.Contains(out, leak) {
			t.Errorf("the output shows %q from outside the root:\n%s", leak, out)
		}
	}
	var doc struct{ Findings []jsonFinding }
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range doc.Findings {
		got = append(got, fmt.Sprintf("%s %s:%d %s", f.Rule, strings.TrimPrefix(f.Location.File, root+"/"), f.Location.Line, f.Message))
	}
	for _, want := range []string{
		"TOL905 edge/nginx.conf:3 include conf.d/*.conf was not inspected: the pattern matches no file inside the scanned root",
		"TOL905 edge/conf.d/escape.conf:0 not inspected: edge/conf.d/escape.conf: outside the scanned root",
		"TOL905 edge/nginx.conf:4 include ../../outside/secret.conf was not inspected: it is outside the scanned root",
		"TOL905 edge/nginx.conf:5 include /etc/passwd was not inspected: no such file inside the scanned root",
		"TOL905 infra/main.tf:2 module.m: source ../../outside/mod is outside the scanned root",
		"TOL905 api/openapi.yaml:4 $ref ../../outside/paths.yaml#/~1a points into another file",
		"TOL901 tolint.yaml:3 config \"../outside/secret.conf\" must be a path relative to the directory of the topology file, inside the scan",
		"TOL905 escape.conf:0 not inspected: escape.conf: outside the scanned root",
	} {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, want) }) {
			t.Errorf("no finding %q in:\n%s", want, strings.Join(got, "\n"))
		}
	}
}

// buildTolint builds the CLI into a fresh directory, for the tests that run it as another
// process (as another user, or without a network).
func buildTolint(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tolint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestUnreadable: a file or directory that cannot be read is a TOL901 naming it, and the
// rest of the tree is still linted. As root, where permissions do not stop reading, the
// CLI runs as the user nobody.
func TestUnreadable(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "ok", "nginx.conf"), "events {}\nhttp { server { listen 10.0.0.1:80; } }\n")
	writeFile(t, filepath.Join(dir, "locked", "nginx.conf"), "events {}\n")
	writeFile(t, filepath.Join(dir, "closed", "haproxy.cfg"), "frontend f\n  bind :80\n")
	for _, p := range []string{"locked/nginx.conf", "closed"} {
		if err := os.Chmod(filepath.Join(dir, p), 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(filepath.Join(dir, p), 0o755) })
	}
	args := []string{"lint", "--no-color", "--fail-on", "none", dir}
	var out string
	if _, err := os.ReadFile(filepath.Join(dir, "locked", "nginx.conf")); err != nil {
		var errOut string
		var code int
		if out, errOut, code = runCLI(t, args...); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	} else {
		if os.Geteuid() != 0 {
			t.Skip("permissions do not stop this user from reading, and it cannot run the CLI as another")
		}
		bin := buildTolint(t)
		// nobody must reach the binary and the tree: open the test's directories (0700).
		for _, d := range []string{filepath.Dir(bin), filepath.Dir(filepath.Dir(bin)), dir, filepath.Dir(dir)} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command(bin, args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("as nobody: %v\n%s", err, b)
		}
		out = string(b)
	}
	for _, want := range []string{
		"locked/nginx.conf:1:1: error TOL901 parse-error: cannot read locked/nginx.conf: permission denied",
		"closed:1:1: error TOL901 parse-error: cannot read: permission denied",
		"in 2 files (1 hop,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestNoNetwork: a full lint of every story, and of configurations that name URLs and
// hosts (an OpenAPI $ref over HTTP, a remote Terraform module, a topology probe URL, an
// Envoy xDS server, a Spring config server, proxy targets), opens no connection and looks
// up no name: the test process's resolver and HTTP transport fail the test when used, and
// a listener at the URLs counts connections. Where `unshare -n` works, the built CLI also
// runs without any network and must print what it prints with one.
func TestNoNetwork(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var dials atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			dials.Add(1)
			c.Close()
		}
	}()
	defer ln.Close()
	addr := ln.Addr().String()
	url := "http://" + addr

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api", "openapi.yaml"), "openapi: 3.0.0\npaths:\n  /a:\n    $ref: '"+url+"/paths.yaml#/~1a'\n"+
		"  /b:\n    get:\n      x-google-backend: {address: '"+url+"/b', deadline: 30}\n")
	writeFile(t, filepath.Join(dir, "infra", "main.tf"), "module \"m\" {\n  source = \""+url+"/m.zip\"\n}\nmodule \"g\" {\n  source = \"git::"+url+"/g.git\"\n}\n"+
		"resource \"aws_lb\" \"x\" {\n  idle_timeout = 60\n}\n")
	writeFile(t, filepath.Join(dir, "tolint.yaml"), "hops:\n  - name: app\n    kind: server\n    probe: "+url+"/health\n    listen: [\"dns-check.tolint.invalid:8080\"]\n")
	writeFile(t, filepath.Join(dir, "envoy", "envoy.yaml"), "dynamic_resources:\n  ads_config: {api_type: GRPC, grpc_services: [{envoy_grpc: {cluster_name: xds}}]}\n"+
		"static_resources:\n  clusters:\n  - name: xds\n    type: STRICT_DNS\n    load_assignment: {cluster_name: xds, endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: dns-check.tolint.invalid, port_value: 18000}}}}]}]}\n")
	writeFile(t, filepath.Join(dir, "spring", "application.properties"), "spring.config.import=configserver:"+url+"\nspring.cloud.config.uri="+url+"\n")
	writeFile(t, filepath.Join(dir, "edge", "nginx.conf"), "events {}\nhttp {\n  upstream u { server dns-check.tolint.invalid:80; keepalive 4; }\n"+
		"  server { listen 80; location / { proxy_pass "+url+"; } location /u { proxy_pass http://u; } }\n}\n")

	defaultTransport, defaultResolver := http.DefaultTransport, net.DefaultResolver
	t.Cleanup(func() { http.DefaultTransport, net.DefaultResolver = defaultTransport, defaultResolver })
	http.DefaultTransport = roundTripper(func(r *http.Request) (*http.Response, error) {
		t.Errorf("HTTP request to %s", r.URL)
		return nil, errors.New("no network in tests")
	})
	net.DefaultResolver = &net.Resolver{PreferGo: true, Dial: func(_ context.Context, network, address string) (net.Conn, error) {
		t.Errorf("name lookup through %s %s", network, address)
		return nil, errors.New("no network in tests")
	}}

	args := append([]string{"lint", "--no-color", "--fail-on", "none", dir}, storyDirs(t)...)
	out, errOut, code := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "module.m: remote module "+url+"/m.zip is not inspected") {
		t.Errorf("the remote module is not reported as not inspected:\n%s", out)
	}
	if n := dials.Load(); n > 0 {
		t.Errorf("%d connections to %s", n, addr)
	}

	if exec.Command("unshare", "-n", "true").Run() != nil {
		t.Log("unshare -n is not available here: the run without a network is left out")
		return
	}
	bin := buildTolint(t)
	with, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("tolint: %v\n%s", err, with)
	}
	without, err := exec.Command("unshare", append([]string{"-n", bin}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("unshare -n tolint: %v\n%s", err, without)
	}
	if got, want := durationRE.ReplaceAllString(string(without), ""), durationRE.ReplaceAllString(string(with), ""); got != want {
		t.Errorf("without a network the output differs:\n%s", firstDiff(want, got))
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestAllowOutside: --allow-outside lets a symlink lead to a directory outside the root,
// and only to that one.
func TestAllowOutside(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "repo")
	writeFile(t, filepath.Join(root, "edge", "nginx.conf"), "events {}\nhttp {\n  include conf.d/*.conf;\n  server { listen 80; location / { proxy_pass http://app; } }\n}\n")
	writeFile(t, filepath.Join(root, "app", "nginx.conf"), "events {}\nhttp {\n  server { listen 10.0.0.31:8080; keepalive_timeout 10s; }\n}\n")
	writeFile(t, filepath.Join(base, "shared", "upstream.conf"), "upstream app { server 10.0.0.31:8080; keepalive 8; keepalive_timeout 300s; }\n")
	writeFile(t, filepath.Join(base, "other", "secret.conf"), "upstream app { server 10.9.9.9:8080; }\n")
	for link, target := range map[string]string{"edge/conf.d/app.conf": "shared/upstream.conf", "edge/conf.d/secret.conf": "other/secret.conf"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, link)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(base, target), filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(base)
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{nil, []string{"not inspected: edge/conf.d/app.conf: outside the scanned root", "not inspected: edge/conf.d/secret.conf: outside the scanned root"}},
		{[]string{"--allow-outside", "shared"}, []string{"repo/edge/conf.d/app.conf:1:70: error TOL101", "not inspected: edge/conf.d/secret.conf: outside the scanned root"}},
	} {
		out, errOut, code := runCLI(t, append(append([]string{"lint", "--no-color", "--fail-on", "none"}, tt.args...), "repo")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, out)
			}
		}
		if strings.Contains(out, "10.9.9.9") {
			t.Errorf("%v: read a directory that was not allowed:\n%s", tt.args, out)
		}
	}
	if _, errOut, code := runCLI(t, "lint", "--allow-outside", "missing", "repo"); code != 2 || !strings.Contains(errOut, "--allow-outside missing") {
		t.Errorf("a missing directory: exit %d: %s", code, errOut)
	}
}

// TestAllowOutsideRelative: a relative include that leaves the root is read only from a
// directory --allow-outside names.
func TestAllowOutsideRelative(t *testing.T) {
	base := t.TempDir()
	writeFile(t, filepath.Join(base, "repo", "edge", "nginx.conf"), "events {}\nhttp {\n  include ../../shared/upstream.conf;\n  include ../../other/secret.conf;\n  server { listen 80; location / { proxy_pass http://app; } }\n}\n")
	writeFile(t, filepath.Join(base, "repo", "app", "nginx.conf"), "events {}\nhttp {\n  server { listen 10.0.0.31:8080; keepalive_timeout 10s; }\n}\n")
	writeFile(t, filepath.Join(base, "shared", "upstream.conf"), "upstream app { server 10.0.0.31:8080; keepalive 8; keepalive_timeout 300s; }\n")
	writeFile(t, filepath.Join(base, "other", "secret.conf"), "upstream other { server 10.9.9.9:8080; }\n")
	t.Chdir(base)
	out, _, _ := runCLI(t, "lint", "--no-color", "--fail-on", "none", "repo")
	if strings.Contains(out, "TOL101") || !strings.Contains(out, "../../shared/upstream.conf was not inspected") {
		t.Errorf("without --allow-outside:\n%s", out)
	}
	out, _, _ = runCLI(t, "lint", "--no-color", "--fail-on", "none", "--allow-outside", "shared", "repo")
	if !strings.Contains(out, "error TOL101") || strings.Contains(out, "10.9.9.9") || !strings.Contains(out, "../../other/secret.conf was not inspected") {
		t.Errorf("with --allow-outside shared:\n%s", out)
	}
}
