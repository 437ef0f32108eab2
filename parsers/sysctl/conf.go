package sysctl

import (
	"bytes"

	"github.com/tolint/tolint/graph"
)

// isSpace is C's isspace, which procps uses to trim keys and values.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// trim returns the bounds of line[from:to] without surrounding white space.
func trim(line []byte, from, to int) (int, int) {
	for from < to && isSpace(line[from]) {
		from++
	}
	for to > from && isSpace(line[to-1]) {
		to--
	}
	return from, to
}

// readConf reads the sysctl.conf(5) / sysctl.d(5) format: one "key = value" per line,
// white space around key and value ignored (inside a value it is kept), lines starting
// with '#' or ';' are comments, a leading '-' only says a failure to set the key is
// ignored. There are no comments after a value: the rest of the line is the value.
func readConf(s *settings, data []byte) {
	for lineNo, start := 1, 0; start < len(data); lineNo++ {
		end := bytes.IndexByte(data[start:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += start
		}
		readLine(s, data, start, end, lineNo)
		start = end + 1
	}
}

func readLine(s *settings, data []byte, start, end, lineNo int) {
	pos := func(off int) graph.Pos {
		return graph.Pos{File: s.file, Line: lineNo, Col: off - start + 1, Offset: off}
	}
	from, to := trim(data, start, end)
	// procps skips lines shorter than two characters without a word.
	if to-from < 2 || data[from] == '#' || data[from] == ';' {
		return
	}
	optional := data[from] == '-'
	if optional {
		from++
	}
	eq := bytes.IndexByte(data[from:to], '=')
	if eq < 0 {
		// systemd reads "-key" without a value as "exclude key from a glob assignment".
		if !optional {
			s.errorAt(pos(from), "not a key = value assignment: sysctl skips this line")
		}
		return
	}
	eq += from
	keyFrom, keyTo := trim(data, from, eq)
	if keyFrom == keyTo {
		s.errorAt(pos(from), "assignment without a key: sysctl skips this line")
		return
	}
	// Most keys are dotted and not among those read: look them up without a copy.
	raw := data[keyFrom:keyTo]
	if bytes.IndexByte(raw, '/') < 0 {
		if _, ok := tcpKeys[string(raw)]; !ok {
			return
		}
	}
	key := normalizeKey(string(raw))
	if _, ok := tcpKeys[key]; !ok {
		return
	}
	valFrom, valTo := trim(data, eq+1, to)
	at := pos(valFrom)
	if valFrom == valTo {
		at = pos(keyFrom)
	}
	value := string(data[valFrom:valTo])
	s.set(key, value, value, at)
}
