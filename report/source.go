package report

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"
)

const (
	// maxLineRunes caps an excerpt so a minified file cannot flood the terminal.
	maxLineRunes = 200
	// maxSourceBytes bounds what one file may cost in memory; lines past it get no excerpt.
	maxSourceBytes = 16 << 20
	// binarySniffBytes is how far a NUL byte marks a file as binary (as git and grep do).
	binarySniffBytes = 8000
)

// NewFileLines returns a SourceReader that reads files from disk, relative to the working
// directory (where findings' paths are relative to). Each file is read once, on first use,
// and kept; it is safe for concurrent use. Missing, unreadable, non-regular and binary files
// give no lines. Lines longer than 200 characters are cut and end in "…".
func NewFileLines() SourceReader {
	return &fileLines{files: map[string]*sourceFile{}}
}

type fileLines struct {
	mu    sync.Mutex
	files map[string]*sourceFile
}

// sourceFile is loaded by its own Once so that reading one file does not hold up lookups
// in files already loaded.
type sourceFile struct {
	once sync.Once
	text string
	// starts holds the byte offset of each line's start; empty when the file is unusable.
	starts []int
}

func (fl *fileLines) Line(file string, line int) (string, bool) {
	if file == "" || line < 1 {
		return "", false
	}
	fl.mu.Lock()
	sf := fl.files[file]
	if sf == nil {
		sf = &sourceFile{}
		fl.files[file] = sf
	}
	fl.mu.Unlock()
	sf.once.Do(func() { sf.load(file) })
	return sf.line(line)
}

func (sf *sourceFile) load(file string) {
	name := filepath.FromSlash(file)
	// Stat first: opening a FIFO or device named by a finding would block or never end.
	info, err := os.Stat(name)
	if err != nil || !info.Mode().IsRegular() {
		return
	}
	f, err := os.Open(name)
	if err != nil {
		return
	}
	defer f.Close()
	// Read into a string sized from Stat: one copy of the file, without regrowth.
	var b strings.Builder
	b.Grow(int(min(info.Size(), maxSourceBytes)) + 1)
	if _, err := io.Copy(&b, io.LimitReader(f, maxSourceBytes+1)); err != nil {
		return
	}
	text := b.String()
	if strings.IndexByte(text[:min(len(text), binarySniffBytes)], 0) >= 0 {
		return
	}
	if len(text) > maxSourceBytes {
		// Keep whole lines only: the cut one would show text the file does not have.
		text = text[:strings.LastIndexByte(text[:maxSourceBytes], '\n')+1]
	}
	sf.text = text
	sf.starts = make([]int, 0, strings.Count(text, "\n")+1)
	for start := 0; start < len(text); {
		sf.starts = append(sf.starts, start)
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			break
		}
		start += end + 1
	}
}

func (sf *sourceFile) line(n int) (string, bool) {
	if n > len(sf.starts) {
		return "", false
	}
	start := sf.starts[n-1]
	end := len(sf.text)
	if n < len(sf.starts) {
		end = sf.starts[n]
	}
	text := strings.TrimSuffix(strings.TrimSuffix(sf.text[start:end], "\n"), "\r")
	return capLine(text), true
}

func capLine(s string) string {
	if len(s) <= maxLineRunes || utf8.RuneCountInString(s) <= maxLineRunes {
		return s
	}
	cut, runes := 0, 0
	for cut < len(s) && runes < maxLineRunes {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
		runes++
	}
	return s[:cut] + "…"
}
