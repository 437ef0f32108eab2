package haproxy

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// sharedCorpus is the project's corpus of real configuration files, when present.
const sharedCorpus = "../../../shared/corpus"

// haproxyFiles are the configurations every corpus test reads: the fixtures, the copied
// corpus files, and the shared corpus when it is there.
func haproxyFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, dir := range []string{filepath.Join("testdata", "valid"), filepath.Join("testdata", "corpus"), filepath.Join(sharedCorpus, "haproxy")} {
		for name, data := range parsertest.ReadDir(t, dir) {
			files[filepath.Join(dir, name)] = data
		}
	}
	if len(files) == 0 {
		t.Fatal("no HAProxy files found")
	}
	return files
}

func TestCorpusParses(t *testing.T) {
	for name, data := range haproxyFiles(t) {
		f := parse(data, testFile, testFile, input.Options{})
		for _, err := range parsertest.LinePositionErrors(string(data), testFile, f) {
			t.Errorf("%s: %v", name, err)
		}
		if len(f.Hops) != 1 {
			t.Errorf("%s: %d hops", name, len(f.Hops))
		}
	}
}

// TestCopiedCorpus pins what the copied real configurations produce, so that a change
// in the model shows up as a diff here.
func TestCopiedCorpus(t *testing.T) {
	tests := []struct {
		file                       string
		listeners, pools, routes   int
		diags                      int
		firstListenerIdle, idleKey string
	}{
		{"haproxytech__dataplaneapi__e2e__tests__backend_switching_rules__data__haproxy.cfg", 1, 3, 2, 0, "1m0s", "timeout client"},
		{"haproxytech__kubernetes-ingress__documentation__tcp-cr-full-example__haproxy.cfg", 1, 3, 3, 0, "none", "timeout client"},
		{"patroni__patroni__haproxy.cfg", 2, 2, 1, 0, "30m0s", "timeout client"},
		{"haproxytech__dataplaneapi__e2e__tests__raw__data__haproxy_no_newline.cfg", 0, 0, 0, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "corpus", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			f := parse(data, testFile, testFile, input.Options{})
			h := f.Hops[0]
			if len(h.Listeners) != tt.listeners || len(h.Pools) != tt.pools || len(h.Routes) != tt.routes || len(f.Diags) != tt.diags {
				t.Errorf("%d listeners, %d pools, %d routes, diagnostics %q", len(h.Listeners), len(h.Pools), len(h.Routes), parsertest.DiagLines(f))
			}
			if tt.listeners > 0 {
				idle := h.Listeners[0].Idle
				if idle.Value.String() != tt.firstListenerIdle && idle.Value.D.String() != tt.firstListenerIdle || idle.Key != tt.idleKey {
					t.Errorf("first listener idle %s (%s)", idle.Value, idle.Key)
				}
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"haproxy.cfg", "global\n    maxconn 100\n", true},
		{"haproxy.cfg", "    frontend www\n        bind :80\n", true},
		{"lb/haproxy-edge.conf", "defaults\n  mode http\n", true},
		{"edge.cfg", "frontend www\n    bind :80\n", true},
		{"edge.cfg", "global\n    daemon\n", false}, // a generic .cfg needs a typical keyword too
		{"trace.cfg", ".if version_atleast(3.1)\ntraces\n    trace h1 start now\n.endif\n", true},
		{"haproxy.cfg", "http {\n    upstream backend {\n        server 10.0.0.1;\n    }\n}\n", false},
		{"haproxy.cfg", "backend:\n  service: api\n", false},
		{"haproxy.cfg", "terraform {\n  backend \"s3\" {}\n}\n", false},
		{"haproxy.cfg", "global = 1\n", false},
		{"nginx.conf", "global\n    maxconn 100\nfrontend f\n    bind :80\n", false},
		{"haproxy.yaml", "frontend f\n    bind :80\n", false},
	}
	for _, tt := range tests {
		if got := Sniff(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q, %q) = %v, want %v", tt.name, tt.head, got, tt.want)
		}
	}
	for name, data := range haproxyFiles(t) {
		if !Sniff(filepath.Base(name), data) {
			t.Errorf("%s: not recognised as HAProxy", name)
		}
	}
	for _, format := range []string{"nginx", "envoy", "kubernetes", "terraform", "spring", "sysctl"} {
		for name, data := range parsertest.ReadDir(t, filepath.Join(sharedCorpus, format)) {
			if Sniff(name, data) {
				t.Errorf("%s/%s: taken for HAProxy", format, name)
			}
			if Sniff("haproxy.cfg", data) {
				t.Errorf("%s/%s: content taken for HAProxy when named haproxy.cfg", format, name)
			}
		}
	}
}

// TestHAProxyAcceptsFixtures runs the real haproxy -c on every fixture meant to be
// valid: testdata/valid here and every *.cfg under the repository's testdata (except
// under a directory named "invalid", where broken files are kept on purpose).
func TestHAProxyAcceptsFixtures(t *testing.T) {
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/haproxy"); serr != nil {
			t.Fatal("haproxy not installed: run the README test command, which installs haproxy")
		}
		bin = "/usr/sbin/haproxy"
	}
	var files []string
	for _, root := range []string{"testdata/valid", "../../testdata", "../../examples"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case d.IsDir() && d.Name() == "invalid":
				return filepath.SkipDir
			case !d.IsDir() && strings.HasSuffix(path, ".cfg"):
				files = append(files, path)
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}
	if !slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, "testdata/valid/") }) {
		t.Fatal("no fixtures in testdata/valid")
	}
	for _, file := range files {
		abs, err := filepath.Abs(file)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "-c", "-f", abs)
		cmd.Dir = filepath.Dir(abs)
		out, err := cmd.CombinedOutput()
		// Exit 2 with "has no error" is a valid file without listeners.
		if err != nil && !bytes.Contains(out, []byte("Configuration file has no error")) {
			t.Errorf("haproxy -c -f %s rejects it: %v\n%s", file, err, out)
		}
	}
}
