// Package parsertest holds the test helpers the parser packages share: walking every
// position of a fragment, checking positions against the input, printing diagnostics and
// settings, finding listeners and pools by name, and reading corpus folders. It is
// imported only from _test.go files, so it is never linked into the binary.
package parsertest

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// Positions lists every position in a fragment that is not the zero Pos, keyed by what it
// belongs to (with a counter, so that keys are unique): diagnostics, hops, listeners and
// their addresses and settings, pools and their targets and settings, routes and the
// hop's TCP settings.
func Positions(f *graph.Fragment) map[string]graph.Pos {
	out := map[string]graph.Pos{}
	add := func(what string, p graph.Pos) {
		if p != (graph.Pos{}) {
			out[fmt.Sprintf("%s#%d", what, len(out))] = p
		}
	}
	for _, d := range f.Diags {
		add("diag "+d.Message, d.Pos)
	}
	for _, h := range f.Hops {
		add("hop", h.Pos)
		for _, l := range h.Listeners {
			add(l.Name, l.Pos)
			add(l.Name+" idle", l.Idle.Pos)
			add(l.Name+" request", l.Request.Pos)
			add(l.Name+" keep-alive header", l.KeepAliveHeader.Pos)
			for _, a := range l.Addrs {
				add(l.Name+" addr", a.Pos)
			}
		}
		for _, p := range h.Pools {
			add(p.Name, p.Pos)
			add(p.Name+" idle", p.Idle.Pos)
			add(p.Name+" reuse", p.Reuse.Pos)
			add(p.Name+" request", p.Request.Pos)
			add(p.Name+" connect", p.Connect.Pos)
			add(p.Name+" tcp keepalive", p.TCPKeepalive.Get().Pos)
			for _, a := range p.Targets {
				add(p.Name+" target", a.Pos)
			}
		}
		for _, r := range h.Routes {
			add("route", r.Pos)
		}
		add("timestamps", h.TCP.Timestamps.Pos)
		add("tw_reuse", h.TCP.TWReuse.Pos)
		add("tw_recycle", h.TCP.TWRecycle.Pos)
		add("keepalive_time", h.TCP.KeepaliveTime.Pos)
	}
	return out
}

// LinePositionErrors checks that every position with a line names file, lies inside src,
// and that its line and column are those of its offset, counting only '\n' as a line
// break (haproxy, Spring properties and YAML read as text, sysctl). Positions without a
// line are not checked.
func LinePositionErrors(src, file string, f *graph.Fragment) []error {
	return LinePositionErrorsIn(map[string]string{file: src}, f)
}

// LinePositionErrorsIn is LinePositionErrors for a fragment read from several files
// (name to content).
func LinePositionErrorsIn(files map[string]string, f *graph.Fragment) []error {
	var errs []error
	for what, p := range Positions(f) {
		if p.Line == 0 {
			continue
		}
		src, ok := files[p.File]
		lines := strings.Count(src, "\n") + 1
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s: file %q", what, p.File))
		case p.Line < 1 || p.Line > lines:
			errs = append(errs, fmt.Errorf("%s: line %d outside 1..%d", what, p.Line, lines))
		// The end of a file that ends with a newline is the start of its last, empty line:
		// a position there (an error at the end of the input) is inside, as in the YAML check.
		case len(src) == 0 && p.Offset != 0, len(src) > 0 && (p.Offset < 0 || p.Offset > len(src) || p.Offset == len(src) && p.Col > 1):
			errs = append(errs, fmt.Errorf("%s: offset %d outside the %d bytes", what, p.Offset, len(src)))
		default:
			line := strings.Count(src[:p.Offset], "\n") + 1
			col := p.Offset - (strings.LastIndexByte(src[:p.Offset], '\n') + 1) + 1
			if line != p.Line || col != p.Col {
				errs = append(errs, fmt.Errorf("%s: %d:%d but offset %d is %d:%d", what, p.Line, p.Col, p.Offset, line, col))
			}
		}
	}
	return errs
}

// DiagLines prints each diagnostic as "file:line:col: message".
func DiagLines(f *graph.Fragment) []string {
	var out []string
	for _, d := range f.Diags {
		out = append(out, d.Pos.String()+": "+d.Message)
	}
	return out
}

// NoDiags reports every diagnostic of f as an error.
func NoDiags(t testing.TB, f *graph.Fragment) {
	t.Helper()
	for _, d := range DiagLines(f) {
		t.Errorf("unexpected diagnostic %s", d)
	}
}

// Listener returns the listener of h called name, or stops the test.
func Listener(t testing.TB, h *graph.Hop, name string) *graph.Listener {
	t.Helper()
	for _, l := range h.Listeners {
		if l.Name == name {
			return l
		}
	}
	t.Fatalf("no listener %q in hop %s among %v", name, h.ID, Names(h))
	return nil
}

// Pool returns the pool of h called name, or stops the test.
func Pool(t testing.TB, h *graph.Hop, name string) *graph.Pool {
	t.Helper()
	for _, p := range h.Pools {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no pool %q in hop %s among %v", name, h.ID, Names(h))
	return nil
}

// Names lists a hop's listeners and pools as "listener NAME" and "pool NAME".
func Names(h *graph.Hop) []string {
	var out []string
	for _, l := range h.Listeners {
		out = append(out, "listener "+l.Name)
	}
	for _, p := range h.Pools {
		out = append(out, "pool "+p.Name)
	}
	return out
}

// Describe prints a setting compactly for table tests: "unset", "30s explicit @3:7 key"
// (with " bare=UNIT" when the value was a bare number) or, for any other origin, what
// other says; other nil prints "60s default".
func Describe(s graph.DurationSetting, other func(graph.DurationSetting) string) string {
	switch s.Origin {
	case graph.Unset:
		return "unset"
	case graph.Explicit:
		out := fmt.Sprintf("%s explicit @%d:%d %s", s.Value, s.Pos.Line, s.Pos.Col, s.Key)
		if s.BareUnit != 0 {
			out += " bare=" + graph.UnitName(s.BareUnit)
		}
		return out
	}
	if other != nil {
		return other(s)
	}
	return Short(s)
}

// Short prints a setting as "unset" or "VALUE ORIGIN".
func Short(s graph.DurationSetting) string {
	if s.Origin == graph.Unset {
		return "unset"
	}
	return s.Value.String() + " " + s.Origin.String()
}

// ReadDir reads the files of a corpus folder by name, leaving out folders, notes (.md)
// and files ending in any of skip. A missing folder reads as nil.
func ReadDir(t testing.TB, dir string, skip ...string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".md") || hasAnySuffix(e.Name(), skip) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	return out
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// At returns "FILE:LINE:COL" of the first occurrence of needle on line (1-based) of src,
// lines split at '\n', so that tests name the token a position must point at instead of
// counting columns.
func At(t testing.TB, file, src string, line int, needle string) string {
	t.Helper()
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		t.Fatalf("no line %d", line)
	}
	col := strings.Index(lines[line-1], needle)
	if col < 0 {
		t.Fatalf("%q not on line %d: %q", needle, line, lines[line-1])
	}
	return fmt.Sprintf("%s:%d:%d", file, line, col+1)
}

// ReadCorpus reads the files of several corpus folders (as ReadDir does, leaving out files
// ending in any of skip), keyed by their paths.
func ReadCorpus(t testing.TB, skip []string, dirs ...string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, dir := range dirs {
		for name, data := range ReadDir(t, dir, skip...) {
			out[filepath.Join(dir, name)] = data
		}
	}
	return out
}

// RealName is a corpus file's name in its repository: the corpus flattens paths with "__".
func RealName(corpusName string) string {
	base := filepath.Base(corpusName)
	if i := strings.LastIndex(base, "__"); i >= 0 {
		return base[i+2:]
	}
	return base
}

// Manifest maps the paths in a corpus (format/name) to the files' paths in their
// repositories (the fourth column), read from dir/MANIFEST.tsv after its header line. A
// corpus without a manifest reads as nil.
func Manifest(t testing.TB, dir string) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Scan() // the header line
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) >= 4 {
			out[cols[0]] = cols[3]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// YAMLPositionErrors checks that every position names one of files (name to content), lies
// inside it, and that its line and column are those of its offset as yaml.v3 counts lines
// (a break at LF, CRLF, CR, NEL, LS and PS). A position with column 0 names a line: only
// its line is checked against its offset. A position with neither line nor offset names a
// whole file.
func YAMLPositionErrors(files map[string]string, f *graph.Fragment) []error {
	var errs []error
	sources := map[string]*yamlsrc.Source{}
	for what, p := range Positions(f) {
		src, ok := files[p.File]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s: file %q", what, p.File))
		case p.Line == 0 && p.Offset == 0:
			// a whole file
		case p.Offset < 0 || p.Offset > len(src) || len(src) > 0 && p.Offset == len(src) && p.Col > 1:
			errs = append(errs, fmt.Errorf("%s: offset %d outside the %d bytes", what, p.Offset, len(src)))
		default:
			ys := sources[p.File]
			if ys == nil {
				ys = yamlsrc.New(p.File, []byte(src))
				sources[p.File] = ys
			}
			want := ys.OffsetPos(p.Offset)
			if p.Col == 0 {
				want.Col = 0
			}
			if want != p {
				errs = append(errs, fmt.Errorf("%s: %v (offset %d) but the offset is at %v", what, p, p.Offset, want))
			}
		}
	}
	return errs
}

// MissingPositions reports every hop, listener, address, pool, target and route of f, and
// every known duration setting, that has no position with a line and a column.
func MissingPositions(f *graph.Fragment) []error {
	var errs []error
	need := func(what string, p graph.Pos) {
		switch {
		case !p.IsValid():
			errs = append(errs, fmt.Errorf("%s: no position", what))
		case p.Line < 1 || p.Col < 1:
			errs = append(errs, fmt.Errorf("%s: position %s without a line and column", what, p))
		}
	}
	setting := func(what string, s graph.DurationSetting) {
		if s.Known() {
			need(what+" "+s.Key, s.Pos)
		}
	}
	for _, h := range f.Hops {
		need(h.ID, h.Pos)
		for _, l := range h.Listeners {
			need(h.ID+" listener "+l.Name, l.Pos)
			setting(h.ID+" listener "+l.Name+" idle", l.Idle)
			setting(h.ID+" listener "+l.Name+" request", l.Request)
			setting(h.ID+" listener "+l.Name+" keep-alive header", l.KeepAliveHeader)
			for _, a := range l.Addrs {
				need(h.ID+" address "+a.Raw, a.Pos)
			}
		}
		for _, p := range h.Pools {
			need(h.ID+" pool "+p.Name, p.Pos)
			setting(h.ID+" pool "+p.Name+" idle", p.Idle)
			setting(h.ID+" pool "+p.Name+" request", p.Request)
			setting(h.ID+" pool "+p.Name+" connect", p.Connect)
			setting(h.ID+" pool "+p.Name+" keepalive", p.TCPKeepalive.Get())
			for _, a := range p.Targets {
				need(h.ID+" target "+a.Raw, a.Pos)
			}
		}
		for _, r := range h.Routes {
			need(h.ID+" route", r.Pos)
		}
		setting(h.ID+" tcp keepalive", h.TCP.KeepaliveTime)
	}
	return errs
}
