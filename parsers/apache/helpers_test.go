package apache

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// memSource is a tree in memory, for table tests and the fuzz target.
type memSource map[string]string

func (m memSource) ReadFile(rel string) ([]byte, error) {
	if _, err := input.Clean(rel); err != nil {
		return nil, err
	}
	s, ok := m[rel]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: rel, Err: fs.ErrNotExist}
	}
	return []byte(s), nil
}

func (m memSource) Glob(pattern string) ([]string, error) {
	var out []string
	for name := range m {
		if ok, err := path.Match(pattern, name); err != nil {
			return nil, err
		} else if ok {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (m memSource) Exists(rel string) bool { _, ok := m[rel]; return ok }

// Clean confines like a tree without --allow-outside.
func (m memSource) Clean(rel string) (string, error) { return input.Clean(rel) }

func (m memSource) Display(rel string) string { return rel }

// parseTree parses main of files and checks every position against the files.
func parseTree(t *testing.T, files memSource, main string) *graph.Fragment {
	t.Helper()
	f := parse(files, main, input.Options{})
	for _, err := range parsertest.LinePositionErrorsIn(files, f) {
		t.Error(err)
	}
	for _, err := range parsertest.MissingPositions(f) {
		t.Error(err)
	}
	return f
}

func short(s graph.DurationSetting) string {
	if !s.Known() {
		return "unset"
	}
	return fmt.Sprintf("%s %s %s:%d:%d", s.Value, s.Origin, s.Pos.File, s.Pos.Line, s.Pos.Col)
}

// summary prints listeners, pools and routes one per line.
func summary(f *graph.Fragment) []string {
	var out []string
	if len(f.Hops) == 0 {
		return nil
	}
	h := f.Hops[0]
	for _, l := range h.Listeners {
		var addrs []string
		for _, a := range l.Addrs {
			addrs = append(addrs, a.HostPort())
		}
		out = append(out, fmt.Sprintf("listener %q %v names=%v idle=%s request=%s", l.Name, addrs, l.Names, short(l.Idle), short(l.Request)))
	}
	for _, p := range h.Pools {
		var targets []string
		for _, a := range p.Targets {
			targets = append(targets, a.HostPort())
		}
		out = append(out, fmt.Sprintf("pool %q %v idle=%s reuse=%v request=%s connect=%s", p.Name, targets, short(p.Idle), p.Reuse.Value, short(p.Request), short(p.Connect)))
		if p.TCPKeepalive.Known() {
			out = append(out, "  tcp keepalive "+short(p.TCPKeepalive.Get()))
		}
	}
	for _, r := range h.Routes {
		out = append(out, fmt.Sprintf("route %q -> %q", r.From.Name, r.To.Name))
	}
	return out
}
