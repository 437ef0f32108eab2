// Package synth writes a synthetic infrastructure repository for tolint's benchmarks and
// scale tests: cells of an nginx edge (with includes and upstreams), HAProxy balancers,
// an Envoy, Spring Boot apps, Kubernetes manifests, a Terraform ALB and NLB and the edge
// host's sysctl file, linked with the fan-out of real estates, plus one tolint.yaml. A
// known share of cells carries planted violations, listed with the file and line a
// finding must point at. The output depends only on the options (seeded, deterministic).
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Options say what to generate.
type Options struct {
	// Files is the number of files to write, tolint.yaml included (at least 1).
	Files int
	// Seed makes the repository; the same seed gives the same bytes.
	Seed uint64
	// Share is the probability that a cell carries each kind of planted violation
	// (0 = DefaultShare; a negative share plants nothing).
	Share float64
}

// DefaultShare plants each kind of violation in about one cell in twenty.
const DefaultShare = 0.05

// Planted is a violation the generator wrote on purpose: tolint must report Rule at
// File:Line (File is relative to the repository root, with forward slashes).
type Planted struct {
	Rule string
	File string
	Line int
	// What says what was planted, for test messages.
	What string
}

// Manifest describes what was written.
type Manifest struct {
	Files   int
	Bytes   int64
	Planted []Planted
}

// cellFiles is the number of files a whole cell writes: 3 nginx, 3 HAProxy, 5 Spring, 4
// Kubernetes, 1 Envoy, 1 Terraform, 1 sysctl.
const cellFiles = 18

const (
	haproxies  = 3
	springApps = 5
	kubeApps   = 4
)

// Write generates the repository under dir, which is created if needed.
func Write(dir string, opts Options) (*Manifest, error) {
	if opts.Files < 1 {
		return nil, fmt.Errorf("synth: want at least 1 file, got %d", opts.Files)
	}
	if opts.Share == 0 {
		opts.Share = DefaultShare
	}
	w := &writer{dir: dir, m: &Manifest{}, rng: rand.New(rand.NewPCG(opts.Seed, 0x746f6c696e74)), share: opts.Share}
	budget := opts.Files - 1 // tolint.yaml
	for c := 0; budget > 0; c++ {
		n := min(budget, cellFiles)
		if err := w.cell(c, n); err != nil {
			return nil, err
		}
		budget -= n
	}
	topo := "hops: []\n"
	if w.topology.Len() > 0 {
		topo = "hops:\n" + w.topology.String()
	}
	if err := w.write("tolint.yaml", topo); err != nil {
		return nil, err
	}
	return w.m, nil
}

type writer struct {
	dir      string
	m        *Manifest
	rng      *rand.Rand
	share    float64
	topology strings.Builder
}

func (w *writer) write(rel, content string) error {
	p := filepath.Join(w.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		return err
	}
	w.m.Files++
	w.m.Bytes += int64(len(content))
	return nil
}

// plant decides whether this cell carries a violation of one kind. A partial cell plants
// nothing, since the other side of the violation may be missing.
func (w *writer) plant(whole bool) bool { return w.rng.Float64() < w.share && whole }

// text is a file being written line by line, so planted values know their line.
type text struct {
	b    strings.Builder
	line int
}

// add writes one line and returns its number.
func (t *text) add(format string, args ...any) int {
	fmt.Fprintf(&t.b, format, args...)
	t.b.WriteByte('\n')
	t.line++
	return t.line
}

// cellNet is the network of cell c: 10.<c/256>.<c%256>.<host>.
func ip(c, host int) string { return fmt.Sprintf("10.%d.%d.%d", 10+c/256, c%256, host) }

// Hosts of a cell's hops.
const (
	edgeHost    = 10
	haproxyHost = 20 // + instance
	envoyHost   = 30
	appHost     = 100 // + app
)

// cell writes the first n files of cell c, in an order where every file's links point at
// files already written, so a partial cell is still consistent.
func (w *writer) cell(c, n int) error {
	whole := n == cellFiles
	base := fmt.Sprintf("cells/c%04d/", c)
	type file struct{ rel, content string }
	var files []file
	add := func(rel, content string) { files = append(files, file{base + rel, content}) }

	// Backends: Spring apps answer on their IPs, Kubernetes Services by their names.
	var backends []string
	for a := range springApps {
		add(fmt.Sprintf("apps/svc%d/application.yml", a), w.spring(c, a))
		backends = append(backends, ip(c, appHost+a)+":8080")
	}
	for k := range kubeApps {
		add(fmt.Sprintf("k8s/app%d.yaml", k), kube(c, k))
		backends = append(backends, fmt.Sprintf("app%d.c%04d.svc.cluster.local:80", k, c))
	}
	var frontends []string
	for h := range haproxies {
		rel := fmt.Sprintf("lb/haproxy%d.cfg", h)
		content, fes := w.haproxy(c, h, backends, base+rel, whole)
		add(rel, content)
		frontends = append(frontends, fes...)
	}
	add("hosts/edge/sysctl.conf", w.sysctl(base+"hosts/edge/sysctl.conf", whole))
	add("edge/conf.d/upstreams.conf", w.upstreams(c, frontends, base+"edge/conf.d/upstreams.conf", whole))
	add("edge/conf.d/sites.conf", sites(c))
	add("edge/nginx.conf", edgeMain)
	add("mesh/envoy.yaml", w.envoy(c, base+"mesh/envoy.yaml", whole))
	add("infra/main.tf", w.terraform(c, base+"infra/main.tf", whole))
	for _, f := range files[:n] {
		if err := w.write(f.rel, f.content); err != nil {
			return err
		}
	}
	if whole {
		fmt.Fprintf(&w.topology, "  - name: edge-c%04d\n    software: nginx\n    config: [%sedge/nginx.conf, %shosts/edge/sysctl.conf]\n", c, base, base)
		fmt.Fprintf(&w.topology, "  - name: nlb-c%04d\n    config: %sinfra/main.tf#aws_lb.nlb\n    listen: [nlb-c%04d.internal]\n", c, base, c)
	}
	return nil
}

func (w *writer) spring(c, a int) string {
	return fmt.Sprintf(`spring:
  application:
    name: svc%d
server:
  address: %s
  port: 8080
  shutdown: graceful
  tomcat:
    keep-alive-timeout: 65s
    connection-timeout: 20s
    threads:
      max: 200
management:
  endpoints:
    web:
      exposure:
        include: health,info
`, a, ip(c, appHost+a))
}

func kube(c, k int) string {
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app%[1]d
  namespace: c%04[2]d
  labels:
    app: app%[1]d
spec:
  replicas: 3
  selector:
    matchLabels:
      app: app%[1]d
  template:
    metadata:
      labels:
        app: app%[1]d
    spec:
      containers:
        - name: app
          image: registry.internal/app%[1]d:1.%[2]d.0
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 100m
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: app%[1]d
  namespace: c%04[2]d
spec:
  selector:
    app: app%[1]d
  ports:
    - port: 80
      targetPort: 8080
`, k, c)
}

// haproxy writes balancer h of cell c: one to three frontends, each with a backend of
// three to ten servers picked from the cell's apps. It returns the frontends' addresses.
func (w *writer) haproxy(c, h int, backends []string, rel string, whole bool) (string, []string) {
	var t text
	t.add("global")
	t.add("    maxconn 20000")
	t.add("    log stdout format raw local0")
	t.add("")
	t.add("defaults")
	t.add("    mode http")
	t.add("    log global")
	t.add("    option httplog")
	t.add("    timeout connect 5s")
	t.add("    timeout client 60s")
	t.add("    timeout server 40s")
	t.add("    timeout http-request 10s")
	t.add("    timeout http-keep-alive 60s")
	var addrs []string
	plantUnit := w.plant(whole)
	nfe := 1 + w.rng.IntN(3)
	for f := range nfe {
		addr := fmt.Sprintf("%s:%d", ip(c, haproxyHost+h), 8080+f)
		addrs = append(addrs, addr)
		t.add("")
		t.add("frontend fe%d", f)
		t.add("    bind %s", addr)
		if f == 0 {
			t.add("    bind %s:8443", ip(c, haproxyHost+h))
		}
		t.add("    http-request set-header X-Forwarded-Proto https if { ssl_fc }")
		t.add("    default_backend be%d", f)
		t.add("")
		t.add("backend be%d", f)
		t.add("    balance roundrobin")
		t.add("    option httpchk GET /healthz")
		if plantUnit && f == 0 {
			line := t.add("    timeout server 30")
			w.m.Planted = append(w.m.Planted, Planted{Rule: "TOL401", File: rel, Line: line, What: "HAProxy timeout server 30 (ms)"})
		}
		picks := w.rng.Perm(len(backends))[:3+w.rng.IntN(min(8, len(backends)-2))]
		slices.Sort(picks)
		for i, p := range picks {
			t.add("    server s%d %s check inter 2s fall 3 rise 2", i, backends[p])
		}
	}
	return t.b.String(), addrs
}

func (w *writer) sysctl(rel string, whole bool) string {
	var t text
	t.add("# Edge host tuning.")
	t.add("net.core.somaxconn = 65535")
	t.add("net.ipv4.tcp_timestamps = 1")
	t.add("net.ipv4.tcp_tw_reuse = 1")
	t.add("net.ipv4.tcp_keepalive_time = 600")
	t.add("net.ipv4.tcp_fin_timeout = 30")
	if w.plant(whole) {
		line := t.add("net.ipv4.tcp_tw_recycle = 1")
		w.m.Planted = append(w.m.Planted, Planted{Rule: "TOL302", File: rel, Line: line, What: "tcp_tw_recycle = 1"})
	}
	return t.b.String()
}

// upstreams pools the edge's connections to every HAProxy frontend of the cell, and to
// the cell's NLB by name.
func (w *writer) upstreams(c int, frontends []string, rel string, whole bool) string {
	var t text
	t.add("upstream lb {")
	for _, f := range frontends {
		t.add("    server %s max_fails=3 fail_timeout=10s;", f)
	}
	t.add("    keepalive 64;")
	if w.plant(whole) {
		line := t.add("    keepalive_timeout 300s;")
		w.m.Planted = append(w.m.Planted, Planted{Rule: "TOL101", File: rel, Line: line, What: "nginx upstream keepalive_timeout 300s in front of HAProxy 60s"})
	} else {
		t.add("    keepalive_timeout 50s;")
	}
	t.add("}")
	t.add("")
	t.add("upstream nlb {")
	t.add("    server nlb-c%04d.internal:443;", c)
	t.add("    keepalive 16;")
	t.add("    keepalive_timeout 50s;")
	t.add("}")
	return t.b.String()
}

func sites(c int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "server {\n    listen %s:80;\n    server_name c%04d.example.com;\n", ip(c, edgeHost), c)
	for _, loc := range []string{"/", "/api/", "/static/"} {
		fmt.Fprintf(&b, "\n    location %s {\n        proxy_pass http://lb;\n        proxy_http_version 1.1;\n        proxy_set_header Connection \"\";\n        proxy_set_header Host $host;\n        proxy_read_timeout 50s;\n    }\n", loc)
	}
	b.WriteString("\n    location /partner/ {\n        proxy_pass http://nlb;\n        proxy_http_version 1.1;\n        proxy_set_header Connection \"\";\n        proxy_read_timeout 45s;\n    }\n}\n")
	return b.String()
}

const edgeMain = `user www-data;
worker_processes auto;
pid /run/nginx.pid;

events {
    worker_connections 4096;
}

http {
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 75s;
    client_header_timeout 20s;
    log_format main '$remote_addr - $remote_user [$time_local] "$request" $status';
    access_log /var/log/nginx/access.log main;
    include conf.d/*.conf;
}
`

// envoy writes a sidecar-style bootstrap: one listener routing to one cluster of three
// to five apps. Names carry the cell, so the Envoys of different cells stay apart.
func (w *writer) envoy(c int, rel string, whole bool) string {
	var t text
	t.add("static_resources:")
	t.add("  listeners:")
	t.add("    - name: ingress-c%04d", c)
	t.add("      address:")
	t.add("        socket_address: { address: %s, port_value: 10000 }", ip(c, envoyHost))
	t.add("      filter_chains:")
	t.add("        - filters:")
	t.add("            - name: envoy.filters.network.http_connection_manager")
	t.add("              typed_config:")
	t.add(`                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`)
	t.add("                stat_prefix: ingress")
	t.add("                common_http_protocol_options: { idle_timeout: 300s }")
	t.add("                route_config:")
	t.add("                  name: routes-c%04d", c)
	t.add("                  virtual_hosts:")
	t.add("                    - name: apps")
	t.add(`                      domains: ["*"]`)
	t.add("                      routes:")
	t.add(`                        - match: { prefix: "/" }`)
	t.add("                          route: { cluster: apps-c%04d, timeout: 30s }", c)
	t.add("                http_filters:")
	t.add("                  - name: envoy.filters.http.router")
	t.add("                    typed_config:")
	t.add(`                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router`)
	t.add("  clusters:")
	t.add("    - name: apps-c%04d", c)
	t.add("      connect_timeout: 2s")
	t.add("      type: STATIC")
	t.add("      typed_extension_protocol_options:")
	t.add("        envoy.extensions.upstreams.http.v3.HttpProtocolOptions:")
	t.add(`          "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions`)
	if w.plant(whole) {
		line := t.add("          common_http_protocol_options: { idle_timeout: 90s }")
		w.m.Planted = append(w.m.Planted, Planted{Rule: "TOL101", File: rel, Line: line, What: "Envoy cluster idle 90s in front of Tomcat 65s"})
	} else {
		t.add("          common_http_protocol_options: { idle_timeout: 30s }")
	}
	t.add("          explicit_http_config: { http_protocol_options: {} }")
	t.add("      load_assignment:")
	t.add("        cluster_name: apps-c%04d", c)
	t.add("        endpoints:")
	t.add("          - lb_endpoints:")
	for a := range 3 + w.rng.IntN(springApps-2) {
		t.add("              - endpoint: { address: { socket_address: { address: %s, port_value: 8080 } } }", ip(c, appHost+a))
	}
	return t.b.String()
}

// terraform writes the cell's ALB in front of the edge nginx and its NLB in front of the
// HAProxy balancers' TLS port.
func (w *writer) terraform(c int, rel string, whole bool) string {
	var t text
	t.add(`variable "subnets" {`)
	t.add(`  type    = list(string)`)
	t.add(`  default = ["subnet-a", "subnet-b"]`)
	t.add(`}`)
	t.add(``)
	t.add(`locals {`)
	t.add(`  cell = "c%04d"`, c)
	t.add(`  tags = { cell = local.cell, team = "edge" }`)
	t.add(`}`)
	t.add(``)
	t.add(`resource "aws_lb" "edge" {`)
	t.add(`  name               = "edge-${local.cell}"`)
	t.add(`  load_balancer_type = "application"`)
	t.add(`  subnets            = var.subnets`)
	if w.plant(whole) {
		line := t.add(`  idle_timeout       = 120`)
		w.m.Planted = append(w.m.Planted, Planted{Rule: "TOL101", File: rel, Line: line, What: "ALB idle 120s in front of nginx 75s"})
	} else {
		t.add(`  idle_timeout       = 60`)
	}
	t.add(`  tags               = local.tags`)
	t.add(`}`)
	t.add(``)
	t.add(`resource "aws_lb_listener" "edge" {`)
	t.add(`  load_balancer_arn = aws_lb.edge.arn`)
	t.add(`  port              = 443`)
	t.add(`  protocol          = "HTTPS"`)
	t.add(`  default_action {`)
	t.add(`    type             = "forward"`)
	t.add(`    target_group_arn = aws_lb_target_group.edge.arn`)
	t.add(`  }`)
	t.add(`}`)
	t.add(``)
	t.add(`resource "aws_lb_target_group" "edge" {`)
	t.add(`  name     = "edge-${local.cell}"`)
	t.add(`  port     = 80`)
	t.add(`  protocol = "HTTP"`)
	t.add(`}`)
	t.add(``)
	t.add(`resource "aws_lb_target_group_attachment" "edge" {`)
	t.add(`  target_group_arn = aws_lb_target_group.edge.arn`)
	t.add(`  target_id        = "%s"`, ip(c, edgeHost))
	t.add(`}`)
	t.add(``)
	t.add(`resource "aws_lb" "nlb" {`)
	t.add(`  name               = "nlb-${local.cell}"`)
	t.add(`  load_balancer_type = "network"`)
	t.add(`  internal           = true`)
	t.add(`  subnets            = var.subnets`)
	t.add(`}`)
	t.add(``)
	t.add(`resource "aws_lb_listener" "nlb" {`)
	t.add(`  load_balancer_arn        = aws_lb.nlb.arn`)
	t.add(`  port                     = 443`)
	t.add(`  protocol                 = "TCP"`)
	t.add(`  tcp_idle_timeout_seconds = 350`)
	t.add(`  default_action {`)
	t.add(`    type             = "forward"`)
	t.add(`    target_group_arn = aws_lb_target_group.nlb.arn`)
	t.add(`  }`)
	t.add(`}`)
	t.add(``)
	t.add(`resource "aws_lb_target_group" "nlb" {`)
	t.add(`  name     = "nlb-${local.cell}"`)
	t.add(`  port     = 8443`)
	t.add(`  protocol = "TCP"`)
	t.add(`}`)
	for h := range haproxies {
		t.add(``)
		t.add(`resource "aws_lb_target_group_attachment" "nlb%d" {`, h)
		t.add(`  target_group_arn = aws_lb_target_group.nlb.arn`)
		t.add(`  target_id        = "%s"`, ip(c, haproxyHost+h))
		t.add(`}`)
	}
	return t.b.String()
}
