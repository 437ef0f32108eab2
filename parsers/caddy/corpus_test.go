package caddy

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// TestCorpusIsNotCaddy: the project's corpus of real files holds no Caddy configuration;
// none of its files, JSON ones included, may be taken for Caddy's.
func TestCorpusIsNotCaddy(t *testing.T) {
	const corpus = "../../../shared/corpus"
	if _, err := os.Stat(corpus); err != nil {
		return // the corpus is not part of every checkout
	}
	var dirs []string
	for _, d := range []string{"kubernetes", "envoy", "spring", "openapi", "templated", "nginx"} {
		dirs = append(dirs, filepath.Join(corpus, d))
	}
	files := parsertest.ReadCorpus(t, nil, dirs...)
	for name, data := range files {
		if Sniff(parsertest.RealName(name), data[:min(len(data), input.HeadSize)]) {
			t.Errorf("%s: taken for Caddy", name)
		}
	}
	if len(files) < 250 {
		t.Errorf("only %d corpus files read", len(files))
	}
}
