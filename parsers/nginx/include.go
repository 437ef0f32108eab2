package nginx

import (
	"bytes"
	"errors"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/include"
)

// maxIncludes caps how many files one configuration may pull in (counting a file again
// each time it is included), so that includes that fan out cannot blow up.
const maxIncludes = 10000

// source is the read access the walker needs; input.Tree provides it, tests and the fuzz
// target give an in-memory one.
type source interface {
	include.Source
	ReadFile(rel string) ([]byte, error)
	Display(rel string) string
}

// loaded is a file read once per configuration, however often it is included.
type loaded struct {
	f   *file
	err error
}

// load reads and parses rel once; its parse problems are reported the first time.
func (w *walker) load(rel string) (*file, error) {
	if l, ok := w.files[rel]; ok {
		return l.f, l.err
	}
	data, err := w.src.ReadFile(rel)
	if err != nil && !textWithBadUTF8(data, err) {
		w.files[rel] = loaded{err: err}
		return nil, err
	}
	f := parseFile(rel, w.src.Display(rel), input.Text(data))
	w.files[rel] = loaded{f: f}
	w.hop.Files = append(w.hop.Files, rel)
	for _, d := range f.diags {
		w.diag(d.Kind, d.Pos, d.Message)
	}
	return f, nil
}

// textWithBadUTF8 reports a file that input read but refused as not text although it has
// no NUL byte, that is for invalid UTF-8: nginx reads bytes, and Latin-1 comments are
// common in real configurations, so it is parsed anyway. A file with NUL bytes stays
// refused as binary.
func textWithBadUTF8(data []byte, err error) bool {
	return err != nil && len(data) > 0 && bytes.IndexByte(data[:min(len(data), 8<<10)], 0) < 0
}

// expandInclude appends the directives of the files an include names to w.buf, as nginx
// splices them in place of the include.
func (w *walker) expandInclude(ch *chain, d directive, depth int) {
	f := ch.f
	at := f.toks[d.tok]
	args := f.args(d)
	if len(args) != 1 {
		w.diag(graph.ParseError, f.pos(at), "include takes exactly one file name or pattern, got "+strconv.Itoa(len(args)))
		return
	}
	pattern := f.text(args[0])
	matches, reason := w.resolveInclude(pattern)
	if len(matches) == 0 {
		w.notInspected(f, at, pattern, reason)
		return
	}
	for _, rel := range matches {
		if w.includeLimitReached(f, at) {
			return
		}
		if path, cycle := w.cycle(ch, rel); cycle {
			w.diag(graph.ParseError, f.pos(at), "include cycle: "+path+"; the repeated include was skipped")
			continue
		}
		inc, err := w.load(rel)
		if err != nil {
			w.includeFailed(f, at, pattern, rel, err)
			continue
		}
		w.flatten(&chain{f: inc, up: ch}, 0, int32(len(inc.dirs)), depth+1)
	}
}

func (w *walker) includeLimitReached(f *file, at token) bool {
	w.includes++
	if w.includes <= maxIncludes {
		return false
	}
	if !w.limitReported {
		w.limitReported = true
		w.diag(graph.ParseError, f.pos(at), "more than "+strconv.Itoa(maxIncludes)+
			" files included into one configuration; the rest were not read")
	}
	return true
}

// cycle reports whether including rel from the end of ch would include a file that is
// already open, and names the files from that one on.
func (w *walker) cycle(ch *chain, rel string) (string, bool) {
	var open []string
	for c := ch; c != nil; c = c.up {
		open = append(open, c.f.display)
		if c.f.rel == rel {
			slices.Reverse(open)
			return strings.Join(open, " -> ") + " -> " + w.src.Display(rel), true
		}
	}
	return "", false
}

func (w *walker) notInspected(f *file, at token, pattern, reason string) {
	w.diag(graph.NotInspected, f.pos(at), "include "+pattern+" was not inspected: "+reason)
}

func (w *walker) includeFailed(f *file, at token, pattern, rel string, err error) {
	switch {
	case errors.Is(err, input.ErrOutside):
		w.notInspected(f, at, pattern, "it leads outside the scanned root")
	case errors.Is(err, fs.ErrNotExist):
		w.notInspected(f, at, pattern, "no such file inside the scanned root")
	default:
		w.diag(graph.ParseError, f.pos(at), "include "+pattern+": cannot read "+w.src.Display(rel)+": "+readError(err))
	}
}

// resolveInclude finds the root-relative files an include names, relative names against
// the main file's directory (nginx's conf prefix); include.Resolve has the rules.
func (w *walker) resolveInclude(pattern string) (matches []string, reason string) {
	return include.Resolve(w.src, w.mainDir, pattern)
}
