package traefik

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// TestCorpusIsNotTraefik: the project's corpus of real files holds no Traefik configuration;
// none of its YAML, JSON and templated files (Kubernetes manifests among them) may be taken
// for Traefik's, so that the Kubernetes reader keeps them.
func TestCorpusIsNotTraefik(t *testing.T) {
	const corpus = "../../../shared/corpus"
	if _, err := os.Stat(corpus); err != nil {
		return // the corpus is not part of every checkout
	}
	var dirs []string
	for _, d := range []string{"kubernetes", "envoy", "spring", "openapi", "templated", "sysctl", "nginx", "haproxy"} {
		dirs = append(dirs, filepath.Join(corpus, d))
	}
	files := parsertest.ReadCorpus(t, nil, dirs...)
	for name, data := range files {
		if Sniff(parsertest.RealName(name), data[:min(len(data), input.HeadSize)]) {
			t.Errorf("%s: taken for Traefik", name)
		}
	}
	if len(files) < 300 {
		t.Errorf("only %d corpus files read", len(files))
	}
}
