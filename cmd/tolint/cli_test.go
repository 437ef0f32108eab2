package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tolint/tolint/rules"
)

const story = "../../testdata/stories/proxy-pool-300s-vs-nginx-10s"

func TestExitCodesAndUsageErrors(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{[]string{"lint", story + "/fixed"}, 0, "no findings", ""},
		{[]string{"lint", story + "/broken"}, 1, "error TOL101 idle-timeout-order", ""},
		{[]string{story + "/broken"}, 1, "TOL101", ""}, // `tolint PATH` is `tolint lint PATH`
		{[]string{"lint", "--fail-on", "none", story + "/broken"}, 0, "TOL101", ""},
		{[]string{"lint", "--fail-on", "error", story + "/broken"}, 1, "TOL101", ""},
		{[]string{"lint", "--fail-on", "bogus", story + "/broken"}, 2, "", `unknown severity "bogus"`},
		{[]string{"lint", "--format", "yaml", story}, 2, "", `--format "yaml"`},
		{[]string{"lint", "--margin", "-1s", story}, 2, "", "--margin"},
		{[]string{"lint", "--assume", "nginx", story}, 2, "", "SOFTWARE=VERSION"},
		{[]string{"lint", "--no-such-flag"}, 2, "", "unknown flag"},
		{[]string{"lint", "does/not/exist"}, 2, "", "cannot scan does/not/exist"},
		{[]string{"explain", "TOL999"}, 2, "", `unknown rule "TOL999"`},
		{[]string{"explain"}, 2, "", "accepts 1 arg"},
		{[]string{"graph", "--format", "dot", story}, 2, "", `--format "dot"`},
		{[]string{"version"}, 0, "tolint ", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, errOut, code := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.inStdout) || !strings.Contains(errOut, tt.inStderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
		})
	}
}

func TestMarginTurnsOrderedIntoWarning(t *testing.T) {
	// The fixed variant is ordered by exactly 1s (300s vs 301s); a 5s margin flags it.
	out, _, code := runCLI(t, "lint", "--margin", "5s", "--no-color", story+"/fixed")
	if code != 1 || !strings.Contains(out, "warning TOL102") || !strings.Contains(out, "296s or less") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestRulesAndExplain(t *testing.T) {
	out, _, code := runCLI(t, "rules")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, r := range rules.All() {
		if !strings.Contains(out, r.ID) || !strings.Contains(out, r.Name) {
			t.Errorf("tolint rules lacks %s %s", r.ID, r.Name)
		}
		ex, _, code := runCLI(t, "explain", strings.ToLower(r.ID))
		if code != 0 || !strings.Contains(ex, r.Explanation) {
			t.Errorf("explain %s: exit %d", r.ID, code)
		}
	}
	if ex, _, _ := runCLI(t, "explain", "idle-timeout-order"); !strings.HasPrefix(ex, "# TOL101 idle-timeout-order") {
		t.Errorf("explain by name: %q", ex)
	}
}

func TestGraphShowsProvenance(t *testing.T) {
	out, _, code := runCLI(t, "graph", "--format", "json", story+"/broken")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Hops []struct {
			ID    string
			Pools []struct {
				Settings map[string]struct{ Value, Origin, Note string }
			}
		}
		Segments []any
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Hops) != 2 || len(doc.Segments) != 1 {
		t.Fatalf("hops %d segments %d:\n%s", len(doc.Hops), len(doc.Segments), out)
	}
	edge := doc.Hops[1] // hops are sorted by id: app/ before edge/
	if !strings.HasSuffix(edge.ID, "edge/nginx.conf") || len(edge.Pools) != 1 {
		t.Fatalf("hop 1 = %+v", edge)
	}
	idle := edge.Pools[0].Settings["idle"]
	if idle.Value != "300s" || idle.Origin != "explicit" {
		t.Errorf("edge pool idle = %+v", idle)
	}
	reuse := edge.Pools[0].Settings["reuse"]
	if reuse.Value != "true" || reuse.Note == "" {
		t.Errorf("edge pool reuse should say why: %+v", reuse)
	}
	text, _, _ := runCLI(t, "graph", story+"/broken")
	if !strings.Contains(text, "segment ") || !strings.Contains(text, "idle 300s  (explicit") {
		t.Errorf("graph text:\n%s", text)
	}
}

func TestAssumeOlderNginxVersion(t *testing.T) {
	// Without keepalive in the upstream block, nginx before 1.29.7 does not pool upstream
	// connections; the newest release does, and the finding says it depends on the version.
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "edge", "nginx.conf"), "events {}\nhttp {\n  upstream app { server 10.0.0.31:8080; }\n  server { listen 80; location / { proxy_pass http://app; } }\n}\n")
	writeFile(t, filepath.Join(dir, "app", "nginx.conf"), "events {}\nhttp {\n  server { listen 10.0.0.31:8080; keepalive_timeout 10s; }\n}\n")
	out, _, code := runCLI(t, "lint", "--no-color", dir)
	if code != 1 || !regexp.MustCompile(`TOL101.*1\.29\.7`).MatchString(out) {
		t.Errorf("newest nginx: exit %d\n%s", code, out)
	}
	out, _, code = runCLI(t, "lint", "--no-color", "--assume", "nginx=1.24", dir)
	if code != 0 {
		t.Errorf("nginx 1.24: exit %d\n%s", code, out)
	}
}

func TestNoColorUnlessTerminal(t *testing.T) {
	out, _, _ := runCLI(t, "lint", story+"/broken")
	if strings.Contains(out, "\x1b[") {
		t.Error("colour written to a non-terminal")
	}
	t.Setenv("NO_COLOR", "1")
	if useColor(os.Stdout, false) {
		t.Error("NO_COLOR must turn colour off")
	}
}

// TestReadmeSampleIsTrue keeps the README's sample output equal to what the README's first
// command prints.
func TestReadmeSampleIsTrue(t *testing.T) {
	t.Chdir("../..")
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "terminal only):\n\n```\n")
	sample, _, ok2 := strings.Cut(after, "```\n")
	if !ok || !ok2 {
		t.Fatal("README lost its sample output block")
	}
	out, _, _ := runCLI(t, "lint", "examples/shop")
	got := durationRE.ReplaceAllString(out, "[Xms]")
	if want := durationRE.ReplaceAllString(sample, "[Xms]"); got != want {
		t.Errorf("README sample differs from `tolint lint examples/shop`; paste this:\n%s", out)
	}
}

// TestReadmeRuleTable keeps the README's rule table in step with the rule declarations.
func TestReadmeRuleTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules.All() {
		row := "| " + r.ID + " | " + r.Name + " | " + r.Severity.String() + " |"
		if !strings.Contains(string(readme), row) {
			t.Errorf("README rule table lacks %q", row)
		}
	}
}

func TestDefaults(t *testing.T) {
	out, _, code := runCLI(t, "defaults", "node")
	if code != 0 || !strings.Contains(out, "http.Server keepAliveTimeout  5s") || !strings.Contains(out, "https://nodejs.org/api/http.html#serverkeepalivetimeout") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if strings.Contains(out, "nginx") {
		t.Error("tolint defaults node must show node only")
	}
	if _, errOut, code := runCLI(t, "defaults", "nod"); code != 2 || !strings.Contains(errOut, `no defaults known for "nod"`) {
		t.Errorf("unknown software: exit %d %s", code, errOut)
	}
	all, _, _ := runCLI(t, "defaults")
	for _, sw := range []string{"nginx", "haproxy", "envoy", "aws-alb", "aws-nlb", "aws-elb", "gcp-lb", "azure-lb", "istio", "ingress-nginx", "node",
		"go-net-http", "gunicorn", "uvicorn", "apache-httpd", "tomcat", "jetty", "undertow", "reactor-netty", "okhttp", "apache-httpclient",
		"java-httpclient", "dotnet-httpclient", "python-requests", "aiohttp", "hikaricp", "mysql", "pgbouncer", "linux"} {
		if !strings.Contains(all, "\n"+sw+" ") {
			t.Errorf("catalogue lacks %s", sw)
		}
	}
}

func TestVarFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "infra", "lb.tf"), `variable "idle" {
  default = 60
}
resource "aws_lb" "api" {
  load_balancer_type = "application"
  idle_timeout       = var.idle
}
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.api.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}
resource "aws_lb_target_group" "app" {
  port = 3000
}
resource "aws_lb_target_group_attachment" "app" {
  target_group_arn = aws_lb_target_group.app.arn
  target_id        = "10.0.4.10"
}
`)
	writeFile(t, filepath.Join(dir, "infra", "prod.tfvars"), "idle = 4\n")
	writeFile(t, filepath.Join(dir, "tolint.yaml"), "hops:\n  - name: app\n    listen: [\"10.0.4.10:3000\"]\n    listener: {idle: 5s}\n")
	t.Chdir(dir)
	if out, _, code := runCLI(t, "lint", "--no-color", "."); code != 1 || !strings.Contains(out, "infra/lb.tf:2:13: error TOL101") {
		t.Errorf("without --var-file the default 60 applies: exit %d\n%s", code, out)
	}
	if out, _, code := runCLI(t, "lint", "--no-color", "--var-file", "infra/prod.tfvars", "."); code != 0 {
		t.Errorf("with prod.tfvars (idle 4s < 5s) nothing is wrong: exit %d\n%s", code, out)
	}
	if _, errOut, code := runCLI(t, "lint", "--var-file", "nope.tfvars", "."); code != 2 || !strings.Contains(errOut, "--var-file nope.tfvars: no such file") {
		t.Errorf("missing var file: exit %d %s", code, errOut)
	}
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "tolint.sarif")
	stdout, errOut, code := runCLI(t, "lint", "--format", "sarif", "--output", out, story+"/broken")
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(data), `"ruleId": "TOL101"`) {
		t.Fatalf("report file: %v\n%s", err, data)
	}
	if _, errOut, code := runCLI(t, "lint", "--output", out, story+"/broken"); code != 2 || !strings.Contains(errOut, "already exists (use --force") {
		t.Errorf("existing file: exit %d %s", code, errOut)
	}
	if again, _ := os.ReadFile(out); !bytes.Equal(again, data) {
		t.Error("a refused --output changed the file")
	}
	if _, _, code := runCLI(t, "lint", "--format", "json", "--output", out, "--force", story+"/fixed"); code != 0 {
		t.Errorf("--force: exit %d", code)
	}
	if data, _ := os.ReadFile(out); !strings.Contains(string(data), `"findings": []`) {
		t.Errorf("--force did not replace the file:\n%s", data)
	}
}
