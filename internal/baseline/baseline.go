// Package baseline records the findings a project accepts for now (.tolint-baseline.json)
// and hides them in later runs, so tolint can be adopted on a repository that already has
// findings while every new one still fails the build.
package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tolint/tolint/internal/atomicfile"
	"github.com/tolint/tolint/rules"
)

// DefaultName is the baseline file written by `tolint baseline`.
const DefaultName = ".tolint-baseline.json"

// formatVersion is bumped when keys are computed differently; older files are refused.
const formatVersion = 1

// File is the JSON document.
type File struct {
	Version  int     `json:"version"`
	Tool     string  `json:"tool"`
	Findings []Entry `json:"findings"`
}

// Entry is one accepted finding. Key is what matching uses; the other fields are for the
// people reading the file in review.
type Entry struct {
	Key     string `json:"key"`
	Rule    string `json:"rule"`
	File    string `json:"file"`
	Message string `json:"message"`
}

// Baseline is a loaded baseline: how many findings of each key it accepts.
type Baseline struct {
	path   string
	dir    string
	counts map[string]int
}

// Path is the file it was read from.
func (b *Baseline) Path() string { return b.path }

// fileKey names a finding's file relative to the baseline's folder.
func fileKey(dir, file string) string {
	if file == "" || strings.HasPrefix(file, "<") { // <stdin>
		return file
	}
	abs, err := filepath.Abs(filepath.FromSlash(file))
	if err != nil {
		return file
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		return file
	}
	return filepath.ToSlash(rel)
}

// absDir is the folder of path, absolute.
func absDir(path string) string {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return filepath.Dir(path)
	}
	return dir
}

// Encode renders the baseline of findings for a file at path.
func Encode(path string, findings []rules.Finding) ([]byte, error) {
	dir := absDir(path)
	doc := File{Version: formatVersion, Tool: "tolint", Findings: make([]Entry, 0, len(findings))}
	for i := range findings {
		f := &findings[i]
		file := fileKey(dir, f.Pos.File)
		doc.Findings = append(doc.Findings, Entry{Key: f.BaselineKey(file), Rule: f.Rule.ID, File: file, Message: f.Message})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write writes the baseline of findings to path atomically; an existing file is replaced
// only with force.
func Write(path string, findings []rules.Finding, force bool) error {
	data, err := Encode(path, findings)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, data, force)
}

// Load reads a baseline. A file that is not a baseline is an error saying where it breaks.
func Load(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	var doc File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: not a tolint baseline: %s", at(path, data, err), jsonProblem(err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: not a tolint baseline: more than one JSON document", path)
	}
	if doc.Tool != "tolint" || doc.Version != formatVersion {
		return nil, fmt.Errorf("%s: not a tolint baseline of format version %d (tool %q, version %d); write a new one with tolint baseline --force", path, formatVersion, doc.Tool, doc.Version)
	}
	b := &Baseline{path: path, dir: absDir(path), counts: map[string]int{}}
	for i, e := range doc.Findings {
		if e.Key == "" {
			return nil, fmt.Errorf("%s: finding %d has no key; write a new baseline with tolint baseline --force", path, i+1)
		}
		b.counts[e.Key]++
	}
	return b, nil
}

// Filter removes the findings the baseline accepts. Each entry hides one finding, so a
// second finding of the same kind in the same place is new and stays.
func (b *Baseline) Filter(findings []rules.Finding) ([]rules.Finding, int) {
	left := make(map[string]int, len(b.counts))
	for k, n := range b.counts {
		left[k] = n
	}
	var out []rules.Finding
	hidden := 0
	for _, f := range findings {
		key := f.BaselineKey(fileKey(b.dir, f.Pos.File))
		if left[key] > 0 {
			left[key]--
			hidden++
			continue
		}
		out = append(out, f)
	}
	return out, hidden
}

// at is "file:line:col" of a JSON decoding error, or the file alone.
func at(path string, data []byte, err error) string {
	var offset int64 = -1
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	case errors.Is(err, io.ErrUnexpectedEOF):
		offset = int64(len(data))
	}
	if offset < 0 || offset > int64(len(data)) {
		return path
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("%s:%d:%d", path, line, col)
}

// jsonProblem words a decoding error without Go type names.
func jsonProblem(err error) string {
	switch {
	case errors.Is(err, io.EOF):
		return "the file is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the file ends in the middle of the JSON document (cut short?)"
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Sprintf("%s has the wrong type (%s)", typ.Field, typ.Value)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
