// Package yamlsrc holds what every parser that reads YAML with yaml.v3 (topology, Envoy,
// Kubernetes, sysctl, Spring) needs: mapping node positions to tolint positions (yaml.v3
// counts columns in characters and breaks lines at CR, LF, CRLF, NEL, LS and PS; graph.Pos
// wants byte columns and offsets), reading the line out of a yaml.v3 error, decoding without
// letting a panic escape, and a budget for what aliases may expand to.
package yamlsrc

import (
	"bytes"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// Source is one YAML file's text with its line starts.
type Source struct {
	File  string
	Data  []byte
	ascii bool
	// starts holds the byte offset of each line.
	starts []int
	// marks holds, for long non-ASCII lines, the byte offset of every markEvery-th character,
	// so a character column is found without walking the whole line each time.
	marks map[int][]int
	// bom is the length of a byte order mark at the start, which yaml.v3 does not count as
	// a column (it does count one at the start of a later line).
	bom int
	// newlines holds the byte offset of each line when only '\n' ends a line, made on
	// first use by NewlinePos.
	newlines []int
}

const markEvery = 256

// New indexes the lines of data; file is the name positions carry.
func New(file string, data []byte) *Source {
	s := &Source{File: file, Data: data, ascii: true, starts: []int{0}}
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		s.bom = len("\ufeff")
	}
	for i := 0; i < len(data); {
		b := data[i]
		switch {
		case b == '\n':
			i++
		case b == '\r':
			i++
			if i < len(data) && data[i] == '\n' {
				i++
			}
		case b == 0xC2 && i+1 < len(data) && data[i+1] == 0x85:
			i += 2
		case b == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9):
			i += 3
		default:
			if b >= utf8.RuneSelf {
				s.ascii = false
			}
			i++
			continue
		}
		s.starts = append(s.starts, i)
	}
	return s
}

// LineEnd returns the offset of the line break that ends line (0-based), or len(data).
func (s *Source) LineEnd(line int) int {
	if line+1 >= len(s.starts) {
		return len(s.Data)
	}
	end := s.starts[line+1]
	switch {
	case end >= 2 && s.Data[end-2] == '\r' && s.Data[end-1] == '\n':
		return end - 2
	case s.Data[end-1] == '\n' || s.Data[end-1] == '\r':
		return end - 1
	case s.Data[end-1] == 0x85:
		return end - 2
	default:
		return end - 3
	}
}

// At converts a yaml.v3 line and character column (both 1-based) to a Pos; values outside
// the input are clamped to it.
func (s *Source) At(line, col int) graph.Pos {
	line = min(max(line, 1), len(s.starts)) - 1
	off := s.offset(line, col)
	// yaml.v3 places an empty value at the very end of a file without a final newline
	// just past the last byte.
	off = input.InsideEnd(s.Data, s.starts[line], off)
	return graph.Pos{File: s.File, Line: line + 1, Col: off - s.starts[line] + 1, Offset: off}
}

// Offset converts a yaml.v3 line and character column (both 1-based) to a byte offset,
// clamped to the line; for parsers whose positions count lines at '\n' only (NewlinePos).
func (s *Source) Offset(line, col int) int {
	return s.offset(min(max(line, 1), len(s.starts))-1, col)
}

// offset converts a character column of line (0-based, inside the input) to a byte offset.
// It takes time linear in the column only up to markEvery characters, so that the many
// nodes of a long flow-style line do not take quadratic time.
func (s *Source) offset(line, col int) int {
	start, end := s.starts[line], s.LineEnd(line)
	off := start
	if line == 0 {
		off += s.bom
	}
	if chars := col - 1; chars > 0 {
		if s.ascii {
			off = min(off+chars, end)
		} else {
			off = s.skipChars(line, off, end, chars)
		}
	}
	return off
}

// skipChars returns the offset reached after n characters from the start of a line.
func (s *Source) skipChars(line, start, end, n int) int {
	off := start
	if n >= markEvery && end-start > markEvery {
		marks := s.lineMarks(line, start, end)
		k := min(n/markEvery, len(marks))
		if k > 0 {
			off = marks[k-1]
			n -= k * markEvery
		}
	}
	for ; n > 0 && off < end; n-- {
		_, size := utf8.DecodeRune(s.Data[off:end])
		off += size
	}
	return off
}

func (s *Source) lineMarks(line, start, end int) []int {
	if m, ok := s.marks[line]; ok {
		return m
	}
	var m []int
	for off, n := start, 0; off < end; {
		_, size := utf8.DecodeRune(s.Data[off:end])
		off += size
		n++
		if n%markEvery == 0 {
			m = append(m, off)
		}
	}
	if s.marks == nil {
		s.marks = make(map[int][]int)
	}
	s.marks[line] = m
	return m
}

// OffsetPos returns the position of a byte offset.
func (s *Source) OffsetPos(off int) graph.Pos {
	off = min(max(off, 0), len(s.Data))
	line := sort.Search(len(s.starts), func(i int) bool { return s.starts[i] > off }) - 1
	return graph.Pos{File: s.File, Line: line + 1, Col: off - s.starts[line] + 1, Offset: off}
}

// NewlinePos returns the position of a byte offset for parsers that count lines at '\n'
// only (a lone CR, NEL, LS or PS does not start a line), clamped to the last byte of a
// non-empty input.
func (s *Source) NewlinePos(off int) graph.Pos {
	if s.newlines == nil {
		s.newlines = []int{0}
		for i, b := range s.Data {
			if b == '\n' {
				s.newlines = append(s.newlines, i+1)
			}
		}
	}
	off = min(max(off, 0), max(len(s.Data)-1, 0))
	line := sort.Search(len(s.newlines), func(i int) bool { return s.newlines[i] > off }) - 1
	return graph.Pos{File: s.File, Line: line + 1, Col: off - s.newlines[line] + 1, Offset: off}
}

// NewlineLinePos is the start of a 1-based line counted as NewlinePos counts them, clamped
// to the input.
func (s *Source) NewlineLinePos(line int) graph.Pos {
	s.NewlinePos(0)
	line = min(max(line, 1), len(s.newlines))
	return s.NewlinePos(s.newlines[line-1])
}

// LinePos names a whole line, for errors whose column is unknown.
func (s *Source) LinePos(line int) graph.Pos {
	line = min(max(line, 1), len(s.starts))
	return graph.Pos{File: s.File, Line: line, Offset: s.starts[line-1]}
}

// InvalidChar finds the first byte sequence YAML does not accept (invalid UTF-8 or a
// control character), so the error can point at it; yaml.v3 reports neither line nor column.
// what names the file in the message ("the topology file").
func (s *Source) InvalidChar(what string) (graph.Pos, string, bool) {
	for off := 0; off < len(s.Data); {
		b := s.Data[off]
		if b >= 0x20 && b < 0x7F || b == '\n' || b == '\r' || b == '\t' {
			off++
			continue
		}
		r, size := utf8.DecodeRune(s.Data[off:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return s.OffsetPos(off), fmt.Sprintf("invalid UTF-8 (byte 0x%02x); %s must be UTF-8 text", b, what), true
		case !yamlChar(r):
			return s.OffsetPos(off), fmt.Sprintf("character %U is not allowed in YAML", r), true
		}
		off += size
	}
	return graph.Pos{}, "", false
}

// yamlChar reports whether YAML 1.2 allows r in a document (its c-printable production).
func yamlChar(r rune) bool {
	return r == 0x85 || r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// Lines is the number of lines.
func (s *Source) Lines() int { return len(s.starts) }

// LineStart is the byte offset where line (0-based) starts.
func (s *Source) LineStart(line int) int { return s.starts[line] }
