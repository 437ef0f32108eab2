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
	bw := bufio.NewWriter(w)
	p := textPrinter{w: bw, opts: opts}
	for i := range findings {
		p.finding(&findings[i])
		fmt.Fprintln(bw)
	}
	if !opts.Quiet {
		p.summary(findings, stats)
	}
	// bufio.Writer keeps the first write error, so checking Flush covers every write.
	return bw.Flush()
}

type textPrinter struct {
	w    *bufio.Writer
	opts Options
}

func (p *textPrinter) paint(style, s string) string {
	if !p.opts.Color || s == "" {
		return s
	}
	return style + s + ansiReset
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

	head := []string{p.paint(ansiBold, clean(f.Pos.String())+":"), p.paint(style, sev.String())}
	if id != "" {
		head = append(head, p.paint(ansiBold, clean(id)))
	}
	if name != "" {
		head = append(head, clean(name))
	}
	fmt.Fprintf(p.w, "%s: %s\n", strings.Join(head, " "), multiline(f.Message, "  "))

	gutter := gutterWidth(f)
	p.excerpt(f.Pos, gutter, style)
	for _, rel := range f.Related {
		switch {
		case rel.Pos.IsValid() && rel.Message != "":
			fmt.Fprintf(p.w, "  %s %s\n", p.paint(ansiBold, clean(rel.Pos.String())+":"), multiline(rel.Message, "    "))
		case rel.Pos.IsValid():
			fmt.Fprintf(p.w, "  %s\n", p.paint(ansiBold, clean(rel.Pos.String())))
		case rel.Message != "":
			fmt.Fprintf(p.w, "  %s\n", multiline(rel.Message, "  "))
		}
		p.excerpt(rel.Pos, gutter, "")
	}
	if len(f.Path) > 0 {
		hops := make([]string, len(f.Path))
		for i, hop := range f.Path {
			hops[i] = clean(hop)
		}
		fmt.Fprintf(p.w, "  path: %s\n", strings.Join(hops, " -> "))
	}
	if f.Fix != "" {
		fmt.Fprintf(p.w, "  %s %s\n", p.paint(ansiGreen, "fix:"), multiline(f.Fix, "       "))
	}
}

// gutterWidth is the width of the largest line number in the finding, so that the bars of
// all its excerpts line up.
func gutterWidth(f *rules.Finding) int {
	maxLine := f.Pos.Line
	for _, rel := range f.Related {
		maxLine = max(maxLine, rel.Pos.Line)
	}
	return len(strconv.Itoa(maxLine))
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
	fmt.Fprintf(p.w, "    %*d |%s\n", gutter, pos.Line, prefixed(shown))
	if caret != "" {
		if caretStyle != "" {
			caret = p.paint(caretStyle, caret)
		}
		fmt.Fprintf(p.w, "    %*s | %s%s\n", gutter, "", pad, caret)
	}
}

// prefixed puts the space after the gutter bar only before text, so blank source lines
// leave no trailing whitespace.
func prefixed(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}

// markLine makes a source line printable and, when the 1-based byte column col lies on it
// (or just past its end), returns the padding and the caret-and-tildes that underline the
// token starting there. The padding copies the line's tabs so the caret lines up however
// the terminal expands them.
func markLine(line string, col int) (shown, pad, caret string) {
	target := col - 1
	var out, padding strings.Builder
	marked, inToken := false, false
	tokenWidth := 0
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		text := visible(r, size)
		out.WriteString(text)
		width := utf8.RuneCountInString(text)
		switch {
		case target < 0:
		case !marked && target < i+size:
			marked = true
			inToken = !endsToken(r)
			if inToken {
				tokenWidth = width
			}
		case marked && inToken:
			if endsToken(r) {
				inToken = false
			} else {
				tokenWidth += width
			}
		case !marked && r == '\t':
			padding.WriteByte('\t')
		case !marked:
			padding.WriteString(strings.Repeat(" ", width))
		}
		i += size
	}
	shown = strings.TrimRight(out.String(), " \t")
	if !marked && target != len(line) {
		return shown, "", ""
	}
	return shown, padding.String(), "^" + strings.Repeat("~", max(tokenWidth-1, 0))
}

// endsToken reports whether r ends the token a caret underlines: a value such as 300s or
// "10s" stops at blanks and at the punctuation config formats put after values.
func endsToken(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(";,{}[]()", r)
}

// visible is how one decoded rune prints: tabs as they are, invalid bytes as U+FFFD, and
// other control characters escaped.
func visible(r rune, size int) string {
	switch {
	case r == '\t':
		return "\t"
	case r == utf8.RuneError && size == 1:
		return "\uFFFD"
	case unicode.IsControl(r) && r < 0x80:
		return fmt.Sprintf(`\x%02x`, r)
	case unicode.IsControl(r):
		return fmt.Sprintf(`\u%04x`, r)
	}
	return string(r)
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
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(visible(r, size))
		i += size
	}
	return b.String()
}

// multiline cleans text that may hold line breaks and indents each continuation line so it
// stays inside its finding's block.
func multiline(s, indent string) string {
	lines := strings.Split(strings.TrimRight(s, " \t\r\n"), "\n")
	for i, l := range lines {
		lines[i] = clean(strings.TrimSuffix(l, "\r"))
	}
	return strings.Join(lines, "\n"+indent)
}

func (p *textPrinter) summary(findings []rules.Finding, stats Stats) {
	var counts [rules.Error + 1]int
	for i := range findings {
		if sev := severityOf(&findings[i]); sev >= rules.Info && sev <= rules.Error {
			counts[sev]++
		}
	}
	var head string
	if len(findings) == 0 {
		head = p.paint(ansiGreen, "no findings")
	} else {
		parts := make([]string, 0, 3)
		for _, sev := range []rules.Severity{rules.Error, rules.Warning, rules.Info} {
			n := counts[sev]
			part := strconv.Itoa(n) + " " + sev.String()
			if n != 1 && sev != rules.Info {
				part += "s"
			}
			if n > 0 {
				part = p.paint(severityStyle(sev), part)
			}
			parts = append(parts, part)
		}
		head = strings.Join(parts, ", ")
	}
	fmt.Fprintf(p.w, "%s in %s (%s, %s, %s) [%s]\n", head,
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
