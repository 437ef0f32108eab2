// Command gendocs writes docs/rules/ from the rule declarations (run by go generate ./rules).
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tolint/tolint/internal/atomicfile"
	"github.com/tolint/tolint/rules"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendocs DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pages := map[string]string{"README.md": rules.Index()}
	for _, r := range rules.All() {
		pages[r.ID+".md"] = rules.Markdown(r)
	}
	for name, text := range pages {
		if err := atomicfile.Write(filepath.Join(dir, name), []byte(text), true); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
