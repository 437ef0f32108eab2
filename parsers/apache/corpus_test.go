package apache

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// sharedCorpus is the project's corpus of real configuration files, when present. It holds
// no Apache configuration; its nginx files (.conf like Apache's) and the other formats'
// files must not be taken for Apache.
const sharedCorpus = "../../../shared/corpus"

func TestCorpusIsNotApache(t *testing.T) {
	if _, err := os.Stat(sharedCorpus); err != nil {
		return // the corpus is not part of every checkout
	}
	paths := parsertest.Manifest(t, sharedCorpus)
	n := 0
	for name, data := range parsertest.ReadCorpus(t, []string{".tsv"}, corpusDirs(t)...) {
		rel, err := filepath.Rel(sharedCorpus, name)
		if err != nil {
			t.Fatal(err)
		}
		repoPath := paths[filepath.ToSlash(rel)]
		if repoPath == "" {
			repoPath = parsertest.RealName(name)
		}
		n++
		head := data[:min(len(data), input.HeadSize)]
		for _, as := range []string{repoPath, "sites-available/" + filepath.Base(repoPath) + ".conf"} {
			if Sniff(as, head) {
				t.Errorf("%s: taken for Apache when named %s", name, as)
			}
		}
	}
	if n < 300 {
		t.Errorf("only %d corpus files read", n)
	}
}

func corpusDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(sharedCorpus)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(sharedCorpus, e.Name()))
		}
	}
	return dirs
}
