// Package graph holds tolint's model of an infrastructure: hops, their listeners and pools,
// the links between them, and the connection segments the rules check. Every value in it
// knows where it came from.
package graph

import (
	"cmp"
	"strconv"
	"strings"
)

// Pos is a position in a source file: 1-based line, 1-based byte column, 0-based byte offset.
// The zero Pos is "unknown"; a Pos with only File set names a whole file.
type Pos struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Col    int    `json:"column,omitempty"`
	Offset int    `json:"-"`
}

// IsValid reports whether p names at least a file.
func (p Pos) IsValid() bool { return p.File != "" }

// String prints file:line:col, dropping what is unknown (as go/token does).
func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		if s != "" {
			s += ":"
		}
		s += strconv.Itoa(p.Line)
		if p.Col > 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	if s == "" {
		s = "-"
	}
	return s
}

// Compare orders positions by file, line, column (-1, 0, +1), for sorting.
func (p Pos) Compare(q Pos) int {
	return cmp.Or(strings.Compare(p.File, q.File), cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col))
}

// Less reports whether p comes before q.
func (p Pos) Less(q Pos) bool { return p.Compare(q) < 0 }
