package nginx

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// sharedCorpus is the corpus of real configurations; tests read it when it is there and
// fall back on the copies in testdata/corpus.
const sharedCorpus = "../../../shared/corpus"

// brokenUpstream are corpus files that are broken on purpose (crossplane's tests).
var brokenUpstream = []string{
	"nginxinc__crossplane__tests__configs__missing-semicolon__broken-above.conf",
	"nginxinc__crossplane__tests__configs__missing-semicolon__broken-below.conf",
	"nginxinc__crossplane__tests__configs__quote-behavior__nginx.conf",
}

func TestCorpus(t *testing.T) {
	dirs := []string{"testdata/corpus"}
	if _, err := os.Stat(filepath.Join(sharedCorpus, "nginx")); err == nil {
		dirs = append(dirs, filepath.Join(sharedCorpus, "nginx"))
	}
	for _, dir := range dirs {
		dir, _ = filepath.Abs(dir)
		tree, err := input.NewTree(dir, dir) // display paths are then root-relative
		if err != nil {
			t.Fatal(err)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		parsed := 0
		for _, e := range entries {
			if e.IsDir() || e.Name() == "README.md" {
				continue
			}
			parsed++
			fr := Parse(tree, e.Name(), input.Options{})
			checkPositions(t, fr, func(rel string) []byte {
				data, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
				return data
			})
			broken := false
			for _, d := range fr.Diags {
				broken = broken || d.Kind == graph.ParseError
			}
			if want := slices.Contains(brokenUpstream, e.Name()); want && !broken {
				t.Errorf("%s is broken on purpose but gave no parse error", e.Name())
			}
		}
		if parsed < 10 {
			t.Errorf("%s: only %d files", dir, parsed)
		}
	}
}

// checkPositions verifies that every position in a fragment lies inside its file and
// that its line and column agree with its byte offset. Display paths must equal
// root-relative ones.
func checkPositions(t testing.TB, fr *graph.Fragment, read func(rel string) []byte) {
	t.Helper()
	files := map[string]string{}
	for _, rel := range fr.Files {
		files[rel] = string(read(rel))
	}
	errs := parsertest.MissingPositions(fr)
	errs = append(errs, parsertest.LinePositionErrorsIn(files, fr)...)
	// Diagnostics and every pool's reuse setting must have a position as well.
	need := func(what string, p graph.Pos) {
		if !p.IsValid() || p.Line < 1 || p.Col < 1 {
			errs = append(errs, fmt.Errorf("%s: no position with a line and column (%s)", what, p))
		}
	}
	for _, d := range fr.Diags {
		need("diagnostic "+d.Message, d.Pos)
	}
	for _, h := range fr.Hops {
		for _, p := range h.Pools {
			need(p.Name+" reuse", p.Reuse.Pos)
		}
	}
	for _, err := range errs {
		t.Error(err)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name, head string
		want       bool
	}{
		{"nginx.conf", "user www-data;\nevents {}\n", true},
		{"nginx.conf", "", true},
		{"etc/nginx/conf.d/app.conf", "server {\n  listen 80;\n}\n", true},
		{"sites-available/example.com", "server {\n    server_name example.com;\n    root /srv;\n}\n", true},
		{"snippets/ssl.conf", "ssl_protocols TLSv1.2 TLSv1.3;\nssl_prefer_server_ciphers on;\n", true},
		{"proxy/conf", "server {\n    listen 80;\n    location / {\n        proxy_pass http://backend:8000;\n    }\n}\n", true},
		{"deploy/upstreams.conf", "upstream app {\n  server 10.0.0.1:8080;\n}\n", true},
		{"haproxy.cfg", "global\n  daemon\ndefaults\n  timeout client 30s\n", false},
		{"haproxy.conf", "global\n    maxconn 100\nfrontend web\n    bind :80\n    default_backend app\n", false},
		{"etc/sysctl.conf", "net.ipv4.tcp_keepalive_time = 600\nnet.ipv4.tcp_tw_reuse=1\n", false},
		{"etc/sysctl.d/10-net.conf", "# comment\nnet.core.somaxconn = 1024\n", false},
		{"nginx/configmap.yaml", "data:\n  nginx.conf: |\n    server {\n      listen 80;\n    }\n", false},
		{"lb.tf", "resource \"aws_lb\" \"x\" {\n  idle_timeout = 60\n}\n", false},
		{"lb.hcl.conf", "resource \"aws_lb\" \"x\" {\n  idle_timeout = 60\n  name = \"a\"\n}\n", false},
		{"app.conf", "[server]\nport=8080\n", false},
		{"templates/nginx.conf", "server {\n  listen {{ .Port }};\n}\n", false},
		{"README", "server {\n", false},
	}
	for _, tt := range tests {
		if got := Sniff(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q, %q) = %v, want %v", tt.name, tt.head, got, tt.want)
		}
	}
}

// TestSniffCorpus accepts every nginx file of the corpus and rejects every other one,
// looking at each under its name in its repository.
func TestSniffCorpus(t *testing.T) {
	names := parsertest.Manifest(t, sharedCorpus)
	if names == nil {
		// Without the shared corpus, the local copies still have to be accepted.
		entries, _ := os.ReadDir("testdata/corpus")
		for _, e := range entries {
			// Copies are named owner__repo__path__in__repo; Sniff sees the path in the repo.
			inRepo := strings.ReplaceAll(e.Name(), "__", "/")
			if e.Name() != "README.md" && !sniffFile(t, filepath.Join("testdata", "corpus", e.Name()), inRepo) {
				t.Errorf("Sniff rejects nginx file %s", e.Name())
			}
		}
		return
	}
	// Not nginx, although kept in the nginx folder: crossplane's include target that is
	// only text ("asdf...").
	notNginx := []string{"nginx/nginxinc__crossplane__tests__configs__includes-regular__conf.d__bar.conf"}
	counts := map[bool]int{}
	for corpusPath, original := range names {
		want := strings.HasPrefix(corpusPath, "nginx/") && !slices.Contains(notNginx, corpusPath)
		// The discoverer may pass the path or only the base name; both must work.
		for _, name := range []string{original, path.Base(original)} {
			got := sniffFile(t, filepath.Join(sharedCorpus, filepath.FromSlash(corpusPath)), name)
			if got != want {
				t.Errorf("Sniff(%s) = %v, want %v (corpus file %s)", name, got, want, corpusPath)
			}
		}
		counts[want]++
	}
	if counts[true] < 100 || counts[false] < 100 {
		t.Errorf("corpus too small: %v", counts)
	}
}

func sniffFile(t *testing.T, p, name string) bool {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(fmt.Errorf("corpus: %w", err))
	}
	return Sniff(name, data[:min(len(data), 8<<10)])
}
