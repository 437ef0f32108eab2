package sysctl

import (
	"fmt"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// parseAs parses src as the file rel and checks that every position it returns points
// into src.
func parseAs(t *testing.T, rel, src string) *graph.Fragment {
	t.Helper()
	f := parse([]byte(src), rel, rel, input.Options{})
	for _, err := range parsertest.LinePositionErrors(src, rel, f) {
		t.Error(err)
	}
	if len(f.Hops) != 1 || f.Hops[0].ID != rel || f.Hops[0].Kind != graph.Server || f.Hops[0].Software != "linux" ||
		len(f.Hops[0].Listeners) != 0 || len(f.Hops[0].Pools) != 0 {
		t.Errorf("want one linux server hop %q without listeners or pools, got %+v", rel, f.Hops)
	}
	return f
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
