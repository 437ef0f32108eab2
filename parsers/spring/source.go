package spring

import (
	"sort"
	"unicode/utf8"

	"github.com/tolint/tolint/graph"
)

// source maps byte offsets and YAML line/column marks of one file to positions.
type source struct {
	data  []byte
	file  string
	lines []int // byte offset of the start of each line
}

func newSource(data []byte, file string) *source {
	lines := make([]int, 1, 64)
	for i, c := range data {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &source{data: data, file: file, lines: lines}
}

// offsetPos is the position of a byte offset.
func (s *source) offsetPos(off int) graph.Pos {
	if off < 0 {
		off = 0
	}
	if off >= len(s.data) {
		// A position must point into the file; the end of a file points at its last byte.
		off = max(0, len(s.data)-1)
	}
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
	return graph.Pos{File: s.file, Line: line, Col: off - s.lines[line-1] + 1, Offset: off}
}

// linePos is the start of a 1-based line (clamped into the file).
func (s *source) linePos(line int) graph.Pos {
	line = max(1, min(line, len(s.lines)))
	return s.offsetPos(s.lines[line-1])
}

// markPos converts yaml.v3's 1-based line and character column to a position; the column
// counts characters, so it is walked over the line's UTF-8.
func (s *source) markPos(line, col int) graph.Pos {
	if line < 1 || line > len(s.lines) {
		return s.linePos(line)
	}
	off := s.lines[line-1]
	for c := 1; c < col && off < len(s.data) && s.data[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(s.data[off:])
		off += size
	}
	return s.offsetPos(off)
}
