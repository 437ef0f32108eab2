package sysctl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// parseAs parses src as the file rel and checks that every position it returns points
// into src.
func parseAs(t *testing.T, rel, src string) *graph.Fragment {
	t.Helper()
	f := parse([]byte(src), rel, rel, input.Options{})
	for _, err := range positionErrors(rel, src, f) {
		t.Error(err)
	}
	if len(f.Hops) != 1 || f.Hops[0].ID != rel || f.Hops[0].Kind != graph.Server || f.Hops[0].Software != "linux" ||
		len(f.Hops[0].Listeners) != 0 || len(f.Hops[0].Pools) != 0 {
		t.Errorf("want one linux server hop %q without listeners or pools, got %+v", rel, f.Hops)
	}
	return f
}

// at returns "FILE:LINE:COL" of the first occurrence of needle on line (1-based) of src.
func at(t *testing.T, file, src string, line int, needle string) string {
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

// positionErrors checks that every position lies inside src and that its line and column
// agree with its offset.
func positionErrors(file, src string, f *graph.Fragment) []error {
	var errs []error
	check := func(what string, p graph.Pos) {
		if p.Line == 0 {
			return
		}
		lines := strings.Count(src, "\n") + 1
		switch {
		case p.File != file:
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
	for _, d := range f.Diags {
		check("diagnostic "+d.Message, d.Pos)
	}
	for _, h := range f.Hops {
		check("hop", h.Pos)
		check("timestamps", h.TCP.Timestamps.Pos)
		check("tw_reuse", h.TCP.TWReuse.Pos)
		check("tw_recycle", h.TCP.TWRecycle.Pos)
		check("keepalive_time", h.TCP.KeepaliveTime.Pos)
	}
	return errs
}

func diagLines(f *graph.Fragment) []string {
	var out []string
	for _, d := range f.Diags {
		out = append(out, d.Pos.String()+": "+d.Message)
	}
	return out
}

// tcpSummary prints the TCP settings of the fragment's hop as "key=value@pos" lines.
func tcpSummary(f *graph.Fragment) []string {
	tcp := f.Hops[0].TCP
	var out []string
	add := func(known bool, origin graph.Origin, key, raw string, value any, p graph.Pos) {
		if known {
			out = append(out, fmt.Sprintf("%s=%v (%s %q)@%s", key, value, origin, raw, p))
		}
	}
	add(tcp.Timestamps.Known(), tcp.Timestamps.Origin, tcp.Timestamps.Key, tcp.Timestamps.Raw, tcp.Timestamps.Value, tcp.Timestamps.Pos)
	add(tcp.TWReuse.Known(), tcp.TWReuse.Origin, tcp.TWReuse.Key, tcp.TWReuse.Raw, tcp.TWReuse.Value, tcp.TWReuse.Pos)
	add(tcp.TWRecycle.Known(), tcp.TWRecycle.Origin, tcp.TWRecycle.Key, tcp.TWRecycle.Raw, tcp.TWRecycle.Value, tcp.TWRecycle.Pos)
	add(tcp.KeepaliveTime.Known(), tcp.KeepaliveTime.Origin, tcp.KeepaliveTime.Key, tcp.KeepaliveTime.Raw, tcp.KeepaliveTime.Value, tcp.KeepaliveTime.Pos)
	return out
}
