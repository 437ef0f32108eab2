package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// pairNginx keeps upstream connections 120s in front of an HAProxy that closes them after
// 60s (TOL101 on line 8); pairHAProxy has "timeout server 30", 30 ms (TOL401 on line 6).
const pairNginx = `events {}
http {
    keepalive_timeout 30s;
    upstream api {
        server 10.0.0.20:8080;
        keepalive 32;
        # the line above the finding
        keepalive_timeout 120s;
    }
    server {
        listen 80;
        location / { proxy_pass http://api; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
`

const pairHAProxy = `defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout http-keep-alive 60s
    timeout server 30

frontend api
    bind 10.0.0.20:8080
    default_backend app

backend app
`

// newHAProxy is a file with a finding of its own (TOL401 on line 3).
const newHAProxy = "defaults\n    mode http\n    timeout client 15\n\nfrontend f\n    bind :8081\n"

// pairRepo writes the pair (with edits applied to the nginx file) and returns its folder.
func pairRepo(t *testing.T, nginx string, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "edge", "nginx.conf"), nginx)
	writeFile(t, filepath.Join(dir, "lb", "haproxy.cfg"), pairHAProxy)
	for name, text := range extra {
		writeFile(t, filepath.Join(dir, name), text)
	}
	return dir
}

type jsonOut struct {
	Findings []struct {
		Rule     string `json:"rule"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
		Location struct {
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"location"`
	} `json:"findings"`
	Stats struct {
		Hidden []struct {
			Count int    `json:"count"`
			By    string `json:"by"`
		} `json:"hidden"`
	} `json:"stats"`
}

// lintJSON runs tolint with --format json and returns "RULE file:line" per finding.
func lintJSON(t *testing.T, args ...string) ([]string, jsonOut, int) {
	t.Helper()
	out, errOut, code := runCLI(t, append([]string{"lint", "--format", "json"}, args...)...)
	var doc jsonOut
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("exit %d, stderr %s, output not JSON: %v\n%s", code, errOut, err, out)
	}
	var got []string
	for _, f := range doc.Findings {
		got = append(got, f.Rule+" "+filepath.Base(filepath.Dir(f.Location.File))+"/"+filepath.Base(f.Location.File)+":"+strconv.Itoa(f.Location.Line)+" "+f.Severity)
	}
	return got, doc, code
}

func TestPairFindings(t *testing.T) {
	got, _, code := lintJSON(t, pairRepo(t, pairNginx, nil))
	want := "TOL101 edge/nginx.conf:8 error, TOL401 lb/haproxy.cfg:6 warning"
	if strings.Join(got, ", ") != want || code != exitFindings {
		t.Fatalf("got %v (exit %d), want %s", got, code, want)
	}
}

func TestInlineSuppressions(t *testing.T) {
	for _, tc := range []struct {
		name, nginx, want string
	}{
		{"trailing comment with reason",
			strings.Replace(pairNginx, "keepalive_timeout 120s;", "keepalive_timeout 120s;  # tolint:ignore TOL101 -- HAProxy is replaced in PLAT-812", 1),
			"TOL401 lb/haproxy.cfg:6 warning"},
		{"line above",
			strings.Replace(pairNginx, "# the line above the finding", "# tolint:ignore idle-timeout-order -- known", 1),
			"TOL401 lb/haproxy.cfg:6 warning"},
		{"no reason is reported",
			strings.Replace(pairNginx, "# the line above the finding", "# tolint:ignore TOL101", 1),
			"TOL903 edge/nginx.conf:7 warning, TOL401 lb/haproxy.cfg:6 warning"},
		{"stale and misspelt",
			strings.Replace(pairNginx, "keepalive_timeout 30s;", "keepalive_timeout 30s; # tolint:ignore TOL101 -- stale\n    # tolint:ignore TOL1O1 -- typo", 1),
			"TOL904 edge/nginx.conf:3 info, TOL904 edge/nginx.conf:4 info, TOL101 edge/nginx.conf:9 error, TOL401 lb/haproxy.cfg:6 warning"},
		{"whole file",
			"# tolint:ignore-file TOL101 -- vendored config\n" + pairNginx,
			"TOL401 lb/haproxy.cfg:6 warning"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _, _ := lintJSON(t, pairRepo(t, tc.nginx, nil))
			if strings.Join(got, ", ") != tc.want {
				t.Errorf("got  %v\nwant %s", got, tc.want)
			}
		})
	}
	// HAProxy's comment syntax works the same way, and the text report counts what was hidden.
	dir := pairRepo(t, pairNginx, nil)
	writeFile(t, filepath.Join(dir, "lb", "haproxy.cfg"), strings.Replace(pairHAProxy, "timeout server 30", "timeout server 30 # tolint:ignore TOL401 -- 30ms is meant", 1))
	out, _, _ := runCLI(t, "lint", "--no-color", dir)
	if strings.Contains(out, "TOL401") || !strings.Contains(out, "1 hidden: 1 by tolint:ignore comments") {
		t.Errorf("HAProxy suppression:\n%s", out)
	}
}

func TestProjectConfig(t *testing.T) {
	config := `rules:
  TOL401: off
  TOL101: warning
fail-on: error
exclude: ["vendor-lb/**"]
`
	dir := pairRepo(t, pairNginx, map[string]string{".tolint.yaml": config, "vendor-lb/haproxy.cfg": newHAProxy})
	got, _, code := lintJSON(t, dir)
	if strings.Join(got, ", ") != "TOL101 edge/nginx.conf:8 warning" || code != exitClean {
		t.Errorf("got %v exit %d; want only TOL101 as a warning, exit 0 (fail-on: error)", got, code)
	}
	// Flags win over the file.
	if _, _, code := lintJSON(t, "--fail-on", "warning", dir); code != exitFindings {
		t.Errorf("--fail-on warning: exit %d", code)
	}
	// The file's default format, and --verbose saying what was excluded.
	writeFile(t, filepath.Join(dir, ".tolint.yaml"), config+"format: github\n")
	out, errOut, _ := runCLI(t, "lint", "--verbose", dir)
	if !strings.HasPrefix(out, "::warning file=") || !strings.Contains(errOut, "skipped "+filepath.Join(dir, "vendor-lb")) && !strings.Contains(errOut, "vendor-lb: excluded by") {
		t.Errorf("format from config / verbose:\nstdout %s\nstderr %s", out, errOut)
	}
	// --config names another file.
	other := filepath.Join(t.TempDir(), "strict.yaml")
	writeFile(t, other, "rules:\n  TOL101: off\n  TOL401: off\n")
	if got, _, code := lintJSON(t, "--config", other, dir); len(got) != 0 || code != exitClean {
		t.Errorf("--config: %v exit %d", got, code)
	}
}

func TestProjectConfigErrors(t *testing.T) {
	dir := pairRepo(t, pairNginx, map[string]string{".tolint.yaml": "rules:\n  TOL101: off\nmargn: 2s\n"})
	_, errOut, code := runCLI(t, "lint", dir)
	want := filepath.Join(dir, ".tolint.yaml") + `:3:1: unknown setting "margn" (did you mean margin?)`
	if code != exitUsage || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr %q, want %q", code, errOut, want)
	}
}

func TestBaseline(t *testing.T) {
	dir := pairRepo(t, pairNginx, nil)
	file := filepath.Join(dir, ".tolint-baseline.json")
	out, _, code := runCLI(t, "baseline", dir)
	if code != exitClean || !strings.Contains(out, "wrote 2 findings to "+file) {
		t.Fatalf("baseline: exit %d, %s", code, out)
	}
	before, _ := os.ReadFile(file)
	// Never replaced without --force.
	if _, errOut, code := runCLI(t, "baseline", dir); code != exitUsage || !strings.Contains(errOut, "already exists (use --force") {
		t.Errorf("second baseline: exit %d, %s", code, errOut)
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(after, before) {
		t.Errorf("baseline was replaced without --force")
	}
	// Edits elsewhere in the file and a changed (still wrong) value keep findings hidden.
	edited := "# a new first line\n" + strings.Replace(pairNginx, "keepalive_timeout 120s;", "keepalive_timeout 110s;", 1)
	writeFile(t, filepath.Join(dir, "edge", "nginx.conf"), edited)
	got, doc, code := lintJSON(t, "--baseline", file, dir)
	if len(got) != 0 || code != exitClean || len(doc.Stats.Hidden) != 1 || doc.Stats.Hidden[0].Count != 2 {
		t.Errorf("with baseline: %v exit %d hidden %+v", got, code, doc.Stats.Hidden)
	}
	_, errOut, _ := runCLI(t, "lint", "--format", "sarif", "--baseline", file, dir)
	if !strings.Contains(errOut, "2 hidden: 2 by the baseline "+file) {
		t.Errorf("stderr does not say how many were hidden: %q", errOut)
	}
	// A new finding is reported.
	writeFile(t, filepath.Join(dir, "lb2", "haproxy.cfg"), newHAProxy)
	if got, _, code := lintJSON(t, "--baseline", file, dir); strings.Join(got, ",") != "TOL401 lb2/haproxy.cfg:3 warning" || code != exitFindings {
		t.Errorf("new finding: %v exit %d", got, code)
	}
	// A corrupt baseline is a usage error, and --output is not written.
	writeFile(t, file, `{"version": 1, "tool": "tolint", "findings": [`)
	report := filepath.Join(dir, "report.json")
	_, errOut, code = runCLI(t, "lint", "--baseline", file, "--output", report, dir)
	if code != exitUsage || !strings.Contains(errOut, file+":1:") || !strings.Contains(errOut, "not a tolint baseline") {
		t.Errorf("corrupt baseline: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(report); err == nil {
		t.Errorf("the report was written although the baseline is corrupt")
	}
	// --force replaces it.
	if _, errOut, code := runCLI(t, "baseline", "--force", dir); code != exitClean {
		t.Errorf("baseline --force: exit %d %s", code, errOut)
	}
}

func TestNewFromRev(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is not installed (scripts/test.sh installs it)")
		}
		t.Skip("git is not installed; scripts/test.sh installs it")
	}
	dir := pairRepo(t, pairNginx, nil)
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "start")
	// Nothing changed: nothing reported.
	if got, _, code := lintJSON(t, "--new-from-rev", "HEAD", dir); len(got) != 0 || code != exitClean {
		t.Errorf("unchanged: %v exit %d", got, code)
	}
	// Touch only HAProxy's keep-alive line (TOL101's related line): TOL101 is back, TOL401 is not.
	writeFile(t, filepath.Join(dir, "lb", "haproxy.cfg"), strings.Replace(pairHAProxy, "timeout http-keep-alive 60s", "timeout http-keep-alive 61s", 1))
	if got, _, _ := lintJSON(t, "--new-from-rev", "HEAD", dir); strings.Join(got, ",") != "TOL101 edge/nginx.conf:8 error" {
		t.Errorf("related line changed: %v", got)
	}
	// A new, untracked file counts as changed.
	writeFile(t, filepath.Join(dir, "new", "haproxy.cfg"), newHAProxy)
	if got, _, _ := lintJSON(t, "--new-from-rev", "HEAD", dir); !strings.Contains(strings.Join(got, ","), "TOL401 new/haproxy.cfg:3") {
		t.Errorf("untracked file: %v", got)
	}
	if _, errOut, code := runCLI(t, "lint", "--new-from-rev", "no-such-branch", dir); code != exitUsage || !strings.Contains(errOut, `"no-such-branch": no such revision`) {
		t.Errorf("bad revision: exit %d %q", code, errOut)
	}
}

func TestQuiet(t *testing.T) {
	dir := pairRepo(t, pairNginx, map[string]string{".tolint.yaml": "rules: {TOL101: off, TOL401: off}\n"})
	out, errOut, code := runCLI(t, "lint", "--quiet", dir)
	if out != "" || errOut != "" || code != exitClean {
		t.Errorf("quiet clean run printed %q %q (exit %d)", out, errOut, code)
	}
}

func TestCompletionAndDidYouMean(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		if out, _, code := runCLI(t, "completion", shell); code != exitClean || !strings.Contains(out, "tolint") {
			t.Errorf("completion %s: exit %d", shell, code)
		}
	}
	if _, errOut, code := runCLI(t, "explain", "TOL10"); code != exitUsage || !strings.Contains(errOut, "did you mean TOL101?") {
		t.Errorf("explain TOL10: exit %d %q", code, errOut)
	}
	if _, errOut, code := runCLI(t, "lint", "--fail-onn", "error"); code != exitUsage || !strings.Contains(errOut, "unknown flag: --fail-onn") {
		t.Errorf("unknown flag: exit %d %q", code, errOut)
	}
}

func TestDidYouMean(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lnt"}, `unknown command or path "lnt" (did you mean tolint lint?)`},
		{[]string{"lint", "--fail-onn", "error"}, "unknown flag: --fail-onn (did you mean --fail-on?)"},
		{[]string{"explain", "idle-timeout-ordre"}, "did you mean TOL101?"},
	} {
		if _, errOut, code := runCLI(t, tc.args...); code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q, want %q", tc.args, code, errOut, tc.want)
		}
	}
}
