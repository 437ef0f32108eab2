package caddy

// token is a Caddyfile word with its offset and logical line (lines joined by a trailing
// backslash count as one).
type token struct {
	text   string
	off    int
	line   int
	quoted bool
}

// lex splits a Caddyfile into tokens: words separated by white space, "double quoted" (with
// \" escapes) and `backquoted` words, and '#' comments from a word's start to the end of
// the line. It returns the offset of an unterminated quote, or -1.
func lex(data []byte) ([]token, int) {
	toks := make([]token, 0, len(data)/8)
	line := 1
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '\\' && i+1 < len(data) && (data[i+1] == '\n' || data[i+1] == '\r' && i+2 < len(data) && data[i+2] == '\n'):
			// A line continued: the newline does not end the directive.
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i++
		case c == '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
		case c == '"' || c == '`':
			start := i
			var buf []byte
			i++
			closed := false
			for i < len(data) {
				b := data[i]
				if c == '"' && b == '\\' && i+1 < len(data) && (data[i+1] == '"' || data[i+1] == '\\') {
					buf = append(buf, data[i+1])
					i += 2
					continue
				}
				if b == c {
					closed = true
					i++
					break
				}
				buf = append(buf, b)
				i++
			}
			if !closed {
				return toks, start
			}
			toks = append(toks, token{text: string(buf), off: start, line: line, quoted: true})
			for _, b := range data[start:i] {
				if b == '\n' {
					line++
				}
			}
		default:
			start := i
			for i < len(data) && data[i] != ' ' && data[i] != '\t' && data[i] != '\n' && data[i] != '\r' {
				i++
			}
			toks = append(toks, token{text: string(data[start:i]), off: start, line: line})
		}
	}
	return toks, -1
}
