package spring

import (
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// entry is one property as written: its name, value and where the value starts.
type entry struct {
	key     string // as written (unescaped), e.g. server.tomcat.keepAliveTimeout
	uniform string // relaxed-binding form, see uniformKey
	value   string
	pos     graph.Pos
	// null marks a YAML key without a value (it sets nothing).
	null bool
}

// document is one part of a multi-document file: a YAML document, or the part of a
// properties file between "#---" lines (Spring Boot 2.4+).
type document struct {
	entries []entry
	pos     graph.Pos // where the document starts
}

// readProperties reads a .properties file as java.util.Properties.load does: logical
// lines joined at a trailing odd backslash (the next line's leading blanks dropped),
// comment lines starting with # or !, the key ending at the first unescaped '=', ':' or
// blank, and \t \n \r \f \uXXXX escapes. A line "#---" or "!---" starts a new document.
func readProperties(src *yamlsrc.Source) ([]document, []graph.Diagnostic) {
	var diags []graph.Diagnostic
	docs := []document{{pos: src.NewlineLinePos(1)}}
	data := src.Data
	// segs maps offsets in the logical line back to the file, one per physical line.
	type seg struct{ logical, raw int }
	var segs []seg
	var logical []byte
	for off := 0; off < len(data); {
		lineStart := off
		end, next := lineEnd(data, off)
		line := data[off:end]
		off = next
		i := skipBlank(line, 0)
		if i == len(line) {
			continue
		}
		if line[i] == '#' || line[i] == '!' {
			if string(line[i:]) == "#---" || string(line[i:]) == "!---" {
				if i == 0 {
					docs = append(docs, document{pos: src.NewlinePos(lineStart)})
				}
			}
			continue
		}
		logical = logical[:0]
		segs = segs[:0]
		physStart := lineStart + i
		piece := line[i:]
		for {
			segs = append(segs, seg{len(logical), physStart})
			if !continues(piece) {
				logical = append(logical, piece...)
				break
			}
			logical = append(logical, piece[:len(piece)-1]...)
			if off >= len(data) {
				break
			}
			cStart := off
			cEnd, cNext := lineEnd(data, off)
			off = cNext
			c := data[cStart:cEnd]
			j := skipBlank(c, 0)
			physStart = cStart + j
			piece = c[j:]
		}
		rawPos := func(li int) int {
			k := len(segs) - 1
			for k > 0 && segs[k].logical > li {
				k--
			}
			return segs[k].raw + li - segs[k].logical
		}
		k := 0
		for k < len(logical) {
			c := logical[k]
			if c == '\\' {
				k += 2
				continue
			}
			if c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f' {
				break
			}
			k++
		}
		keyEnd := min(k, len(logical))
		v := skipBlank(logical, keyEnd)
		if v < len(logical) && (logical[v] == '=' || logical[v] == ':') {
			v = skipBlank(logical, v+1)
		}
		key, kerr := unescape(logical[:keyEnd])
		value, verr := unescape(logical[v:])
		valueAt := src.NewlinePos(rawPos(v))
		if v >= len(logical) {
			// An empty value: point at the key.
			valueAt = src.NewlinePos(rawPos(0))
		}
		for _, e := range []string{kerr, verr} {
			if e != "" {
				diags = append(diags, graph.Diagnostic{Kind: graph.ParseError, Pos: src.NewlinePos(rawPos(0)),
					Message: "properties syntax: " + e + " (java.util.Properties rejects the file)"})
			}
		}
		if kerr != "" || verr != "" {
			continue
		}
		d := &docs[len(docs)-1]
		d.entries = append(d.entries, entry{key: key, uniform: uniformKey(key), value: value, pos: valueAt})
	}
	return docs, diags
}

// lineEnd finds the end of the physical line at off (\n, \r or \r\n) and the next line.
func lineEnd(data []byte, off int) (end, next int) {
	for i := off; i < len(data); i++ {
		switch data[i] {
		case '\n':
			return i, i + 1
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				return i, i + 2
			}
			return i, i + 1
		}
	}
	return len(data), len(data)
}

func skipBlank(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\f') {
		i++
	}
	return i
}

// continues reports a line ending in an odd number of backslashes.
func continues(line []byte) bool {
	n := 0
	for i := len(line) - 1; i >= 0 && line[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// unescape applies the escapes of java.util.Properties; the second result describes a
// malformed \uXXXX, which makes Java throw.
func unescape(b []byte) (string, string) {
	if !strings.Contains(string(b), `\`) {
		return string(b), ""
	}
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' || i+1 == len(b) {
			out.WriteByte(c)
			continue
		}
		i++
		switch b[i] {
		case 't':
			out.WriteByte('\t')
		case 'n':
			out.WriteByte('\n')
		case 'r':
			out.WriteByte('\r')
		case 'f':
			out.WriteByte('\f')
		case 'u':
			if i+5 > len(b) {
				return "", `malformed \uXXXX escape`
			}
			r, err := strconv.ParseUint(string(b[i+1:i+5]), 16, 32)
			if err != nil {
				return "", `malformed \uXXXX escape \u` + string(b[i+1:i+5])
			}
			out.WriteRune(rune(r))
			i += 4
		default:
			out.WriteByte(b[i])
		}
	}
	return out.String(), ""
}
