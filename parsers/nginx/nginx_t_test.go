//go:build linux

package nginx

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tolint/tolint/parsers/input"
)

// TestNginxAcceptsFixtures runs the real `nginx -t` on every nginx fixture: ours under
// testdata/valid and the project's under ../../testdata. Main files are checked as they
// are (with their includes); a snippet that no main file includes is wrapped in a main
// configuration. Fixtures that expect a parse error ("want TOL901") are broken on purpose
// and left out.
func TestNginxAcceptsFixtures(t *testing.T) {
	bin := nginxBinary()
	if bin == "" {
		t.Fatal("nginx not installed: run the README test command, which installs nginx-light")
	}
	checked := 0
	for _, root := range []string{"testdata/valid", "../../testdata", "../../examples"} {
		mains, snippets := nginxFixtures(t, root)
		for _, f := range mains {
			t.Run(filepath.ToSlash(f), func(t *testing.T) { runNginxTest(t, bin, f, "") })
		}
		for _, f := range snippets {
			t.Run(filepath.ToSlash(f), func(t *testing.T) { runNginxTest(t, bin, f, wrapSnippet(f)) })
		}
		checked += len(mains) + len(snippets)
	}
	if checked < 4 {
		t.Fatalf("only %d nginx fixtures found; the fixture folders moved?", checked)
	}
}

func nginxBinary() string {
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	p, err := exec.LookPath("nginx")
	if err != nil {
		return ""
	}
	return p
}

// nginxFixtures finds the nginx files under root and splits them into main files (with
// an events or http block) and snippets that no main file includes.
func nginxFixtures(t *testing.T, root string) (mains, snippets []string) {
	t.Helper()
	tree, err := input.NewTree(root, root)
	if err != nil {
		t.Fatal(err)
	}
	var candidates []string
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(d.Name(), ".conf") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !Sniff(filepath.ToSlash(p), data) || strings.Contains(string(data), "want TOL901") {
			return nil
		}
		candidates = append(candidates, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	included := map[string]bool{}
	isMain := map[string]bool{}
	for _, p := range candidates {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		data, _ := os.ReadFile(p)
		f := parseFile(rel, rel, string(data))
		if !hasTopLevel(f, "events", "http") {
			continue
		}
		isMain[p] = true
		for _, inc := range Parse(tree, rel, input.Options{}).Files[1:] {
			included[filepath.Join(root, filepath.FromSlash(inc))] = true
		}
	}
	for _, p := range candidates {
		switch {
		case isMain[p]:
			mains = append(mains, p)
		case !included[p]:
			snippets = append(snippets, p)
		}
	}
	return mains, snippets
}

func hasTopLevel(f *file, names ...string) bool {
	for i := int32(0); i < int32(len(f.dirs)); i = f.dirs[i].end {
		for _, n := range names {
			if f.is(f.toks[f.dirs[i].tok], n) {
				return true
			}
		}
	}
	return false
}

// wrapSnippet returns a main configuration that includes the snippet where it belongs:
// in http, or in a server when it holds locations.
func wrapSnippet(p string) string {
	abs, _ := filepath.Abs(p)
	data, _ := os.ReadFile(p)
	include := "include " + abs + ";"
	if hasTopLevel(parseFile(p, p, string(data)), "location") {
		include = "server { listen 127.0.0.1:8999; " + include + " }"
	}
	return "events {}\nhttp { " + include + " }\n"
}

// runNginxTest runs nginx -t on conf, or on wrapper (a main file including conf) when
// given. It runs in a network namespace of its own with non-local binds allowed, so that
// fixtures may listen on any address without the machine having it.
func runNginxTest(t *testing.T, bin, conf, wrapper string) {
	dir := t.TempDir()
	target, _ := filepath.Abs(conf)
	if wrapper != "" {
		target = filepath.Join(dir, "main.conf")
		if err := os.WriteFile(target, []byte(wrapper), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	globals := "error_log stderr;"
	if data, _ := os.ReadFile(target); !hasTopLevel(parseFile(target, target, string(data)), "pid") {
		globals = "pid " + filepath.Join(dir, "nginx.pid") + "; " + globals
	}
	args := []string{"-t", "-q", "-p", dir, "-c", target, "-g", globals}
	const allowNonLocal = `echo 1 > /proc/sys/net/ipv4/ip_nonlocal_bind; ` +
		`echo 1 > /proc/sys/net/ipv6/ip_nonlocal_bind 2>/dev/null; exec "$0" "$@"`
	cmd := exec.Command("/bin/sh", append([]string{"-c", allowNonLocal, bin}, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET}
	out, err := cmd.CombinedOutput()
	if errors.Is(err, syscall.EPERM) {
		// No permission for a namespace: fixtures on local addresses still check.
		out, err = exec.Command(bin, args...).CombinedOutput()
	}
	if err != nil {
		what := conf
		if wrapper != "" {
			what += " (wrapped as: " + strings.TrimSpace(wrapper) + ")"
		}
		t.Errorf("nginx -t rejects %s: %v\n%s", what, err, out)
	}
}
