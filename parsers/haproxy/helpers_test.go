package haproxy

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

const testFile = "haproxy.cfg"

// parseText parses src as haproxy.cfg and checks that every position it returns points
// into src.
func parseText(t *testing.T, src string) *graph.Fragment {
	t.Helper()
	return parseVersion(t, src, "")
}

func parseVersion(t *testing.T, src, version string) *graph.Fragment {
	t.Helper()
	f := parse([]byte(src), testFile, testFile, input.Options{Version: version})
	for _, err := range positionErrors(src, f) {
		t.Error(err)
	}
	return f
}

// at returns "haproxy.cfg:LINE:COL" of the first occurrence of needle on line (1-based)
// of src, so that tests name the token a position must point at.
func at(t *testing.T, src string, line int, needle string) string {
	t.Helper()
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		t.Fatalf("no line %d", line)
	}
	col := strings.Index(lines[line-1], needle)
	if col < 0 {
		t.Fatalf("%q not on line %d: %q", needle, line, lines[line-1])
	}
	return fmt.Sprintf("%s:%d:%d", testFile, line, col+1)
}

// atAfter is the position of the text that follows prefix on line.
func atAfter(t *testing.T, src string, line int, prefix string) string {
	t.Helper()
	p := at(t, src, line, prefix)
	i := strings.LastIndexByte(p, ':')
	col, _ := strconv.Atoi(p[i+1:])
	return p[:i+1] + strconv.Itoa(col+len(prefix))
}

// allPositions lists every position in a fragment with what it belongs to.
func allPositions(f *graph.Fragment) map[string]graph.Pos {
	out := map[string]graph.Pos{}
	add := func(what string, p graph.Pos) {
		if p.Line > 0 {
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
			add(p.Name+" tcp keepalive", p.TCPKeepalive.Pos)
			for _, a := range p.Targets {
				add(p.Name+" target", a.Pos)
			}
		}
		for _, r := range h.Routes {
			add("route", r.Pos)
		}
	}
	return out
}

// positionErrors checks that every position lies inside src and that its line and
// column agree with its offset.
func positionErrors(src string, f *graph.Fragment) []error {
	var errs []error
	lines := strings.Count(src, "\n") + 1
	for what, p := range allPositions(f) {
		switch {
		case p.File != testFile:
			errs = append(errs, fmt.Errorf("%s: file %q", what, p.File))
		case p.Line < 1 || p.Line > lines:
			errs = append(errs, fmt.Errorf("%s: line %d outside 1..%d", what, p.Line, lines))
		case len(src) == 0 && p.Offset != 0, len(src) > 0 && (p.Offset < 0 || p.Offset >= len(src)):
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

func listener(t *testing.T, f *graph.Fragment, name string) *graph.Listener {
	t.Helper()
	for _, l := range f.Hops[0].Listeners {
		if l.Name == name {
			return l
		}
	}
	t.Fatalf("no listener %q", name)
	return nil
}

func pool(t *testing.T, f *graph.Fragment, name string) *graph.Pool {
	t.Helper()
	for _, p := range f.Hops[0].Pools {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no pool %q", name)
	return nil
}

func diagLines(f *graph.Fragment) []string {
	var out []string
	for _, d := range f.Diags {
		out = append(out, d.Pos.String()+": "+d.Message)
	}
	return out
}

func noDiags(t *testing.T, f *graph.Fragment) {
	t.Helper()
	for _, d := range diagLines(f) {
		t.Errorf("unexpected diagnostic %s", d)
	}
}
