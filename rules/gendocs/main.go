// Command gendocs writes docs/rules/ from the rule declarations (run by go generate ./rules).
package main

import (
	"fmt"
	"os"
	"path/filepath"

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
		if err := writeAtomic(filepath.Join(dir, name), text); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

// writeAtomic replaces a file by renaming a complete temporary file over it.
func writeAtomic(path, text string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gendocs-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(text); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
