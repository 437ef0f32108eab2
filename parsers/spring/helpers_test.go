package spring

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// parseAs parses src under the file name rel with a profile, checking that every position
// it returns points into src.
func parseAs(t *testing.T, rel, src, profile string) *graph.Fragment {
	t.Helper()
	f := parse([]byte(src), rel, rel, input.Options{Profile: profile})
	for _, err := range parsertest.LinePositionErrors(src, rel, f) {
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

// summary prints a hop and its pools on one line for corpus pins.
func summary(f *graph.Fragment) string {
	h := f.Hops[0]
	l := h.Listeners[0]
	s := fmt.Sprintf("%s %s %s idle=%s request=%s", h.Kind, h.Software, l.Addrs[0].HostPort(), parsertest.Short(l.Idle), parsertest.Short(l.Request))
	for _, p := range h.Pools {
		var targets []string
		for _, a := range p.Targets {
			targets = append(targets, a.HostPort())
		}
		s += fmt.Sprintf("; %s idle=%s targets=%s", p.Name, parsertest.Short(p.Idle), strings.Join(targets, ","))
	}
	for _, d := range f.Diags {
		s += "; diag " + d.Message
	}
	return s
}
