package traefik

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
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

// parseAll parses every file of files together and checks positions: TOML files count
// lines at '\n', YAML files as yaml.v3 does.
func parseAll(t *testing.T, files memSource) []*graph.Fragment {
	t.Helper()
	var rels []string
	for name := range files {
		rels = append(rels, name)
	}
	slices.Sort(rels)
	frags := parseFiles(files, rels, input.Options{})
	for _, f := range frags {
		for _, err := range positionErrors(files, f) {
			t.Error(err)
		}
		for _, err := range parsertest.MissingPositions(f) {
			t.Error(err)
		}
	}
	return frags
}

func positionErrors(files memSource, f *graph.Fragment) []error {
	toml, yml := map[string]string{}, map[string]string{}
	for name, s := range files {
		if strings.HasSuffix(name, ".toml") {
			toml[name] = s
		} else {
			yml[name] = s
		}
	}
	var errs []error
	for _, err := range parsertest.YAMLPositionErrors(files, f) {
		if !strings.Contains(err.Error(), ".toml") {
			errs = append(errs, err)
		}
	}
	for _, err := range parsertest.LinePositionErrorsIn(files, f) {
		if strings.Contains(err.Error(), ".toml") {
			errs = append(errs, err)
		}
	}
	return errs
}

func short(s graph.DurationSetting) string {
	if !s.Known() {
		return "unset"
	}
	return fmt.Sprintf("%s %s %s:%d:%d", s.Value, s.Origin, s.Pos.File, s.Pos.Line, s.Pos.Col)
}

func summary(frags []*graph.Fragment) []string {
	var out []string
	for _, f := range frags {
		for _, h := range f.Hops {
			out = append(out, fmt.Sprintf("hop %s files=%v", h.ID, h.Files))
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
				reuse := ""
				if p.Reuse.Known() && !p.Reuse.Value {
					reuse = "reuse=false "
				}
				out = append(out, fmt.Sprintf("pool %q %v %sidle=%s request=%s connect=%s", p.Name, targets, reuse, short(p.Idle), short(p.Request), short(p.Connect)))
			}
			for _, r := range h.Routes {
				out = append(out, fmt.Sprintf("route %q -> %q", r.From.Name, r.To.Name))
			}
		}
		for _, d := range f.Diags {
			out = append(out, "diag "+d.Pos.String()+": "+d.Message)
		}
	}
	return out
}

func newSource(name, src string) *yamlsrc.Source { return yamlsrc.New(name, []byte(src)) }
