package openapi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// parseSpec parses src as rel, checking that every position it returns points into src.
func parseSpec(t *testing.T, rel, src string) *graph.Fragment {
	t.Helper()
	f := parse([]byte(src), rel, rel, input.Options{})
	for _, err := range parsertest.YAMLPositionErrors(map[string]string{rel: src}, f) {
		t.Error(err)
	}
	return f
}

// show prints a request timeout compactly: "30s explicit @12:9 timeoutInMillis bare=milliseconds",
// or "60s default @3:5" for other origins.
func show(s graph.DurationSetting) string {
	return parsertest.Describe(s, func(s graph.DurationSetting) string {
		return fmt.Sprintf("%s %s @%d:%d", s.Value, s.Origin, s.Pos.Line, s.Pos.Col)
	})
}

// summary prints a fragment on one line for table tests and corpus pins.
func summary(f *graph.Fragment) string {
	var parts []string
	for _, h := range f.Hops {
		s := fmt.Sprintf("%s %s", h.Kind, h.Software)
		for _, l := range h.Listeners {
			var addrs []string
			for _, a := range l.Addrs {
				addrs = append(addrs, a.HostPort())
			}
			s += " listen=" + strings.Join(addrs, ",")
		}
		parts = append(parts, s)
		for _, p := range h.Pools {
			var targets []string
			for _, a := range p.Targets {
				targets = append(targets, a.HostPort())
			}
			to := ""
			if len(targets) > 0 {
				to = " " + strings.Join(targets, ",")
			}
			parts = append(parts, fmt.Sprintf("%s ->%s request=%s", p.Name, to, parsertest.Short(p.Request)))
		}
	}
	for _, d := range f.Diags {
		parts = append(parts, fmt.Sprintf("diag %d:%d %s", d.Pos.Line, d.Pos.Col, d.Message))
	}
	return strings.Join(parts, "; ")
}
