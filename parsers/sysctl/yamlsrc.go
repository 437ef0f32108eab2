package sysctl

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tolint/tolint/graph"
)

// yamlSource maps yaml.v3 marks to positions. yaml.v3 counts columns in characters and
// also breaks lines at CR, NEL, LS and PS; graph.Pos counts bytes and lines end at '\n',
// as everywhere else in tolint, so a mark becomes a byte offset first.
type yamlSource struct {
	file string
	data []byte
	// yamlLines holds the offset of each line as yaml.v3 counts them, lines those of '\n'.
	yamlLines, lines []int
	bom              int
	// ascii is set when every byte is ASCII, so a column is a byte count.
	ascii bool
	// cursor is the last mark converted: marks come mostly in order, so the next one on the
	// same line is found from there instead of from the line start (a long flow-style line
	// would take quadratic time otherwise).
	cursor struct{ line, col, off int }
}

func newYAMLSource(file string, data []byte) *yamlSource {
	src := &yamlSource{file: file, data: data, yamlLines: []int{0}, lines: []int{0}, ascii: true}
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		src.bom = len("\ufeff")
	}
	for i := 0; i < len(data); {
		switch b := data[i]; {
		case b == '\n':
			i++
			src.lines = append(src.lines, i)
		case b == '\r':
			i++
			if i < len(data) && data[i] == '\n' {
				i++
				src.lines = append(src.lines, i)
			}
		case b == 0xC2 && i+1 < len(data) && data[i+1] == 0x85:
			i += 2
		case b == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9):
			i += 3
		default:
			if b >= utf8.RuneSelf {
				src.ascii = false
			}
			i++
			continue
		}
		src.yamlLines = append(src.yamlLines, i)
	}
	return src
}

// offset converts a yaml.v3 line and character column (1-based) to a byte offset inside
// the data, clamped to it.
func (src *yamlSource) offset(line, col int) int {
	line = min(max(line, 1), len(src.yamlLines)) - 1
	col = max(col, 1)
	off := src.yamlLines[line]
	if line == 0 {
		off += src.bom
	}
	end := len(src.data)
	if line+1 < len(src.yamlLines) {
		end = src.yamlLines[line+1]
	}
	if src.ascii {
		return min(off+col-1, end)
	}
	n := col - 1
	if c := src.cursor; c.line == line && c.col <= col && c.off >= off {
		off, n = c.off, col-c.col
	}
	for ; n > 0 && off < end; n-- {
		_, size := utf8.DecodeRune(src.data[off:end])
		off += size
	}
	src.cursor.line, src.cursor.col, src.cursor.off = line, col-n, off
	return off
}

// posAt returns the position of a byte offset, inside the data when it is not empty.
func (src *yamlSource) posAt(off int) graph.Pos {
	off = min(max(off, 0), max(len(src.data)-1, 0))
	line := sort.Search(len(src.lines), func(i int) bool { return src.lines[i] > off }) - 1
	return graph.Pos{File: src.file, Line: line + 1, Col: off - src.lines[line] + 1, Offset: off}
}

// parserProblems are messages of yaml.v3's parser, which prints the 0-based line of its
// mark; its scanner prints 1-based lines.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
}

// errorPos turns a yaml.v3 error into a message and the start of the line it names (the
// first line when it names none; the last character for a line past the end).
func (src *yamlSource) errorPos(err error) (graph.Pos, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, text
				if parserProblems[msg] {
					line++
				}
			}
		}
	}
	line = min(max(line, 1), len(src.lines))
	return src.posAt(src.lines[line-1]), "YAML syntax error: " + msg
}
