package rules

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDocsAreCurrent fails when docs/rules/ differs from the declarations; run
// `go generate ./rules` and commit the result.
func TestDocsAreCurrent(t *testing.T) {
	want := map[string]string{"README.md": Index()}
	for _, r := range All() {
		want[r.ID+".md"] = Markdown(r)
	}
	for name, text := range want {
		got, err := os.ReadFile(filepath.Join("..", "docs", "rules", name))
		if err != nil || string(got) != text {
			t.Errorf("docs/rules/%s is stale or missing (%v): run go generate ./rules", name, err)
		}
	}
	files, _ := filepath.Glob(filepath.Join("..", "docs", "rules", "*.md"))
	if len(files) != len(want) {
		t.Errorf("docs/rules holds %d pages, want %d (a page of a rule that no longer exists?)", len(files), len(want))
	}
}
