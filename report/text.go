package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/rules"
)

// ANSI styles used when Options.Color is set.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
	ansiGreen  = "\x1b[32m"
)

// Text writes findings as compilers do, one block per finding:
//
//	edge/nginx.conf:9:9: error TOL101 idle-timeout-order: <message>
//	    9 |         keepalive_timeout 300s;
//	      |                           ^~~~
//	  vm/nginx.conf:3:5: <related message>
//	    3 |     keepalive_timeout 10s;
//	      |     ^~~~~~~~~~~~~~~~~
//	  path: edge -> vm
//	  fix: <fix>
//
// then a summary line counting findings by severity. The headline stays on one line, never
// wrapped, so editors and CI annotators can parse it. Text taken from findings and files is
// printed with control characters escaped, so a config file cannot drive the terminal.
func Text(w io.Writer, findings []rules.Finding, stats Stats, opts Options) error {
	if g, ok := w.(interface{ Grow(n int) }); ok {
		// A buffer (the CLI's for --output) is sized once rather than doubled through
		// megabytes of text.
		g.Grow(textSizeHint(findings, opts.Source != nil))
	}
	// Thousands of findings make megabytes of text: fewer, larger writes reach w.
	bw := bufio.NewWriterSize(w, 64<<10)
	p := textPrinter{w: bw, opts: opts}
	for i := range findings {
		p.finding(&findings[i])
		p.writeByte('\n')
	}
	if !opts.Quiet {
		p.summary(findings, stats)
	}
	// bufio.Writer keeps the first write error, so checking Flush covers every write.
	return bw.Flush()
}

// textSizeHint slightly overestimates the text of findings: their own texts, plus the
// headline's and each location's excerpt's share. Too small would cost a doubling.
func textSizeHint(findings []rules.Finding, excerpts bool) int {
	perLocation := 16
	if excerpts {
		perLocation = 160
	}
	n := 0
	for i := range findings {
		f := &findings[i]
		n += len(f.Message) + len(f.Fix) + len(f.Pos.File) + 64 + perLocation
		for _, rel := range f.Related {
			n += len(rel.Message) + len(rel.Pos.File) + perLocation
		}
		for _, hop := range f.Path {
			n += len(hop) + 4
		}
	}
	return n
}

// textPrinter writes straight to its buffer, without fmt: a run can print 5,000 findings.
type textPrinter struct {
	w    *bufio.Writer
	opts Options
	num  [20]byte // room for a line number
}

// write and writeByte need no error check: bufio.Writer keeps the first, and Flush reports it.
func (p *textPrinter) write(s string) { _, _ = p.w.WriteString(s) }

func (p *textPrinter) writeByte(c byte) { _ = p.w.WriteByte(c) }

// painted writes s in an ANSI style when Options.Color is set.
func (p *textPrinter) painted(style, s string) {
	if !p.opts.Color || s == "" {
		p.write(s)
		return
	}
	p.write(style)
	p.write(s)
	p.write(ansiReset)
}

// position writes pos in bold, with suffix inside the bold.
func (p *textPrinter) position(pos graph.Pos, suffix string) {
	if p.opts.Color {
		p.write(ansiBold)
	}
	if pos.File != "" && pos.Line > 0 && pos.Col > 0 {
		// What pos.String() gives for a full position, without building that string.
		p.write(clean(pos.File))
		p.writeByte(':')
		_, _ = p.w.Write(strconv.AppendInt(p.num[:0], int64(pos.Line), 10))
		p.writeByte(':')
		_, _ = p.w.Write(strconv.AppendInt(p.num[:0], int64(pos.Col), 10))
	} else {
		p.write(clean(pos.String()))
	}
	p.write(suffix)
	if p.opts.Color {
		p.write(ansiReset)
	}
}

func severityStyle(s rules.Severity) string {
	switch s {
	case rules.Error:
		return ansiRed
	case rules.Warning:
		return ansiYellow
	default:
		return ansiCyan
	}
}

func (p *textPrinter) finding(f *rules.Finding) {
	sev := severityOf(f)
	style := severityStyle(sev)
	id, name := ruleIdentity(f)

	p.position(f.Pos, ":")
	p.writeByte(' ')
	p.painted(style, sev.String())
	if id != "" {
		p.writeByte(' ')
		p.painted(ansiBold, clean(id))
	}
	if name != "" {
		p.writeByte(' ')
		p.write(clean(name))
	}
	p.write(": ")
	p.multiline(f.Message, "  ")
	p.writeByte('\n')

	gutter := gutterWidth(f)
	p.excerpt(f.Pos, gutter, style)
	for _, rel := range f.Related {
		switch {
		case rel.Pos.IsValid() && rel.Message != "":
			p.write("  ")
			p.position(rel.Pos, ":")
			p.writeByte(' ')
			p.multiline(rel.Message, "    ")
			p.writeByte('\n')
		case rel.Pos.IsValid():
			p.write("  ")
			p.position(rel.Pos, "")
			p.writeByte('\n')
		case rel.Message != "":
			p.write("  ")
			p.multiline(rel.Message, "  ")
			p.writeByte('\n')
		}
		p.excerpt(rel.Pos, gutter, "")
	}
	if len(f.Path) > 0 {
		p.write("  path: ")
		for i, hop := range f.Path {
			if i > 0 {
				p.write(" -> ")
			}
			p.write(clean(hop))
		}
		p.writeByte('\n')
	}
	if f.Fix != "" {
		p.write("  ")
		p.painted(ansiGreen, "fix:")
		p.writeByte(' ')
		p.multiline(f.Fix, "       ")
		p.writeByte('\n')
	}
}

// gutterWidth is the width of the largest line number in the finding, so that the bars of
// all its excerpts line up.
func gutterWidth(f *rules.Finding) int {
	maxLine := f.Pos.Line
	for _, rel := range f.Related {
		maxLine = max(maxLine, rel.Pos.Line)
	}
	var digits [20]byte
	return len(strconv.AppendInt(digits[:0], int64(maxLine), 10))
}

// excerpt prints the source line at pos, and a caret under its column, when the source
// reader has that line.
func (p *textPrinter) excerpt(pos graph.Pos, gutter int, caretStyle string) {
	if p.opts.Source == nil || pos.File == "" || pos.Line < 1 {
		return
	}
	line, ok := p.opts.Source.Line(pos.File, pos.Line)
	if !ok {
		return
	}
	shown, pad, caret := markLine(line, pos.Col)
	number := strconv.AppendInt(p.num[:0], int64(pos.Line), 10)
	p.write("    ")
	p.write(blanks(gutter - len(number)))
	_, _ = p.w.Write(number)
	p.write(" |")
	// The space after the bar only before text, so blank lines leave no trailing whitespace.
	if shown != "" {
		p.writeByte(' ')
		p.write(shown)
	}
	p.writeByte('\n')
	if caret != "" {
		p.write("    ")
		p.write(blanks(gutter))
		p.write(" | ")
		p.write(pad)
		if caretStyle != "" {
			p.painted(caretStyle, caret)
		} else {
			p.write(caret)
		}
		p.writeByte('\n')
	}
}

// spaces and carets are cut from these, so that padding and underlines allocate nothing.
var (
	spaces    = strings.Repeat(" ", 256)
	underline = "^" + strings.Repeat("~", 255)
)

// blanks is n spaces (none when n < 1).
func blanks(n int) string {
	if n <= len(spaces) {
		return spaces[:max(n, 0)]
	}
	return strings.Repeat(" ", n)
}

// caretFor is a caret and tildes underlining width columns (a lone caret for width 0).
func caretFor(width int) string {
	if width <= len(underline) {
		return underline[:max(width, 1)]
	}
	return "^" + strings.Repeat("~", width-1)
}

// markLine makes a source line printable and, when the 1-based byte column col lies on it
// (or just past its end), returns the padding and the caret-and-tildes that underline the
// token starting there. The padding copies the line's tabs so the caret lines up however
// the terminal expands them.
func markLine(line string, col int) (shown, pad, caret string) {
	shown = strings.TrimRight(clean(line), " \t")
	target := col - 1
	if target < 0 || target > len(line) {
		return shown, "", ""
	}
	// Pad under every rune before the one holding the column. Only a line with tabs
	// before it needs a padding of its own; others take a slice of spaces.
	var tabbed strings.Builder
	i, width := 0, 0
	for i < len(line) {
		r, size := utf8.DecodeRuneInString(line[i:])
		if target < i+size {
			break
		}
		if r == '\t' {
			tabbed.WriteString(blanks(width))
			tabbed.WriteByte('\t')
			width = 0
		} else {
			width += visibleWidth(r, size)
		}
		i += size
	}
	pad = blanks(width)
	if tabbed.Len() > 0 {
		tabbed.WriteString(pad)
		pad = tabbed.String()
	}
	tokenWidth := 0
	for i < len(line) {
		r, size := utf8.DecodeRuneInString(line[i:])
		if endsToken(r) {
			break
		}
		tokenWidth += visibleWidth(r, size)
		i += size
	}
	return shown, pad, caretFor(tokenWidth)
}

// endsToken reports whether r ends the token a caret underlines: a value such as 300s or
// "10s" stops at blanks and at the punctuation config formats put after values.
func endsToken(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', ';', ',', '{', '}', '[', ']', '(', ')':
		return true
	}
	return r >= utf8.RuneSelf && unicode.IsSpace(r)
}

// appendVisible appends how one decoded rune prints: tabs as they are, invalid bytes as
// U+FFFD, and other control characters escaped.
func appendVisible(dst []byte, r rune, size int) []byte {
	switch {
	case r == '\t':
		return append(dst, '\t')
	case r == utf8.RuneError && size == 1:
		return utf8.AppendRune(dst, utf8.RuneError)
	case unicode.IsControl(r) && r < 0x80:
		return fmt.Appendf(dst, `\x%02x`, r)
	case unicode.IsControl(r):
		return fmt.Appendf(dst, `\u%04x`, r)
	}
	return utf8.AppendRune(dst, r)
}

// visibleWidth is how many characters appendVisible prints for the rune.
func visibleWidth(r rune, size int) int {
	if r >= 0x20 && r < 0x7f {
		return 1
	}
	var buf [utf8.UTFMax * 2]byte
	return utf8.RuneCount(appendVisible(buf[:0], r, size))
}

// clean makes text from a finding safe to print on one line.
func clean(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t') || c >= 0x7f {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b = appendVisible(b, r, size)
		i += size
	}
	return string(b)
}

// multiline writes text that may hold line breaks, cleaned, and indents each continuation
// line so it stays inside its finding's block.
func (p *textPrinter) multiline(s, indent string) {
	s = strings.TrimRight(s, " \t\r\n")
	for {
		line, rest, more := strings.Cut(s, "\n")
		p.write(clean(strings.TrimSuffix(line, "\r")))
		if !more {
			return
		}
		p.writeByte('\n')
		p.write(indent)
		s = rest
	}
}

func (p *textPrinter) summary(findings []rules.Finding, stats Stats) {
	var counts [rules.Error + 1]int
	for i := range findings {
		if sev := severityOf(&findings[i]); sev >= rules.Info && sev <= rules.Error {
			counts[sev]++
		}
	}
	if len(findings) == 0 {
		p.painted(ansiGreen, "no findings")
	} else {
		for i, sev := range []rules.Severity{rules.Error, rules.Warning, rules.Info} {
			if i > 0 {
				p.write(", ")
			}
			n := counts[sev]
			part := strconv.Itoa(n) + " " + sev.String()
			if n != 1 && sev != rules.Info {
				part += "s"
			}
			if n > 0 {
				p.painted(severityStyle(sev), part)
			} else {
				p.write(part)
			}
		}
	}
	fmt.Fprintf(p.w, " in %s (%s, %s, %s) [%s]\n",
		plural(stats.Files, "file"), plural(stats.Hops, "hop"), plural(stats.Links, "link"),
		plural(stats.Segments, "segment"), elapsed(stats.Duration))
	if h := stats.HiddenSummary(); h != "" {
		fmt.Fprintln(p.w, h)
	}
}

// elapsed prints a run's time in milliseconds, with a decimal under 10ms so that a fast
// run does not read as "0s".
func elapsed(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms < 10 {
		return fmt.Sprintf("%.1fms", ms)
	}
	return fmt.Sprintf("%.0fms", ms)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
