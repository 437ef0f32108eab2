package spring

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// parseAs parses src under the file name rel with a profile, checking that every position
// it returns points into src.
func parseAs(t *testing.T, rel, src, profile string) *graph.Fragment {
	t.Helper()
	f := parse([]byte(src), rel, rel, input.Options{Profile: profile})
	for _, err := range positionErrors(src, rel, f) {
		t.Error(err)
	}
	return f
}

func parseYAML(t *testing.T, src string) *graph.Fragment {
	t.Helper()
	return parseAs(t, "application.yml", src, "")
}

func parseProps(t *testing.T, src string) *graph.Fragment {
	t.Helper()
	return parseAs(t, "application.properties", src, "")
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

// positionErrors checks that every position lies inside src and that its line and column
// agree with its offset.
func positionErrors(src, file string, f *graph.Fragment) []error {
	var errs []error
	lines := strings.Count(src, "\n") + 1
	for what, p := range allPositions(f) {
		switch {
		case p.File != file:
			errs = append(errs, fmt.Errorf("%s: file %q", what, p.File))
		case p.Line < 1 || p.Line > lines:
			errs = append(errs, fmt.Errorf("%s: line %d outside 1..%d", what, p.Line, lines))
		case len(src) == 0 && p.Offset != 0, len(src) > 0 && (p.Offset < 0 || p.Offset >= len(src)):
			errs = append(errs, fmt.Errorf("%s: offset %d outside the %d bytes", what, p.Offset, len(src)))
		default:
			line := strings.Count(src[:p.Offset], "\n") + 1
			col := p.Offset - (strings.LastIndexByte(src[:p.Offset], "\n"[0]) + 1) + 1
			if line != p.Line || col != p.Col {
				errs = append(errs, fmt.Errorf("%s: %d:%d but offset %d is %d:%d", what, p.Line, p.Col, p.Offset, line, col))
			}
		}
	}
	return errs
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

// describe prints a setting compactly for table tests: "30s explicit @3:7 key" or
// "60s default".
func describe(s graph.DurationSetting) string {
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
	return s.Value.String() + " " + s.Origin.String()
}

// summary prints a hop and its pools on one line for corpus pins.
func summary(f *graph.Fragment) string {
	h := f.Hops[0]
	l := h.Listeners[0]
	s := fmt.Sprintf("%s %s %s idle=%s request=%s", h.Kind, h.Software, l.Addrs[0].HostPort(), describeShort(l.Idle), describeShort(l.Request))
	for _, p := range h.Pools {
		var targets []string
		for _, a := range p.Targets {
			targets = append(targets, a.HostPort())
		}
		s += fmt.Sprintf("; %s idle=%s targets=%s", p.Name, describeShort(p.Idle), strings.Join(targets, ","))
	}
	for _, d := range f.Diags {
		s += "; diag " + d.Message
	}
	return s
}

func describeShort(s graph.DurationSetting) string {
	if s.Origin == graph.Unset {
		return "unset"
	}
	return s.Value.String() + " " + s.Origin.String()
}
