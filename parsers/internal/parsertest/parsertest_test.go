package parsertest

import (
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
)

func fragmentAt(ps ...graph.Pos) *graph.Fragment {
	f := &graph.Fragment{}
	for _, p := range ps {
		f.Diags = append(f.Diags, graph.Diagnostic{Pos: p, Message: "d"})
	}
	return f
}

func TestLinePositionErrors(t *testing.T) {
	const src = "ab\ncd\n"
	tests := []struct {
		name string
		pos  graph.Pos
		want string // "" means no error
	}{
		{"right", graph.Pos{File: "f", Line: 2, Col: 2, Offset: 4}, ""},
		{"no line", graph.Pos{File: "f"}, ""},
		{"other file", graph.Pos{File: "g", Line: 1, Col: 1, Offset: 0}, `file "g"`},
		{"line past the end", graph.Pos{File: "f", Line: 4, Col: 1, Offset: 0}, "line 4 outside 1..3"},
		{"start of the empty last line", graph.Pos{File: "f", Line: 3, Col: 1, Offset: 6}, ""},
		{"offset past the end", graph.Pos{File: "f", Line: 3, Col: 2, Offset: 7}, "offset 7 outside"},
		{"column off", graph.Pos{File: "f", Line: 2, Col: 1, Offset: 4}, "2:1 but offset 4 is 2:2"},
		{"line off", graph.Pos{File: "f", Line: 1, Col: 2, Offset: 4}, "1:2 but offset 4 is 2:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := LinePositionErrors(src, "f", fragmentAt(tt.pos))
			switch {
			case tt.want == "" && len(errs) != 0:
				t.Errorf("errors %v, want none", errs)
			case tt.want != "" && (len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.want)):
				t.Errorf("errors %v, want one with %q", errs, tt.want)
			}
		})
	}
}

func TestPositionsWalksEverySetting(t *testing.T) {
	p := func(line int) graph.Pos { return graph.Pos{File: "f", Line: line} }
	l := &graph.Listener{Name: "l", Pos: p(1), Addrs: []graph.Address{{Pos: p(2)}}}
	l.Idle.Pos, l.Request.Pos, l.KeepAliveHeader.Pos = p(3), p(4), p(19)
	pl := &graph.Pool{Name: "p", Pos: p(5), Targets: []graph.Address{{Pos: p(6)}}}
	pl.Idle.Pos, pl.Reuse.Pos, pl.Request.Pos, pl.Connect.Pos = p(7), p(8), p(9), p(10)
	pl.TCPKeepalive = graph.NewRare(graph.DurationSetting{Origin: graph.Explicit, Pos: p(11)})
	h := &graph.Hop{Pos: p(12), Listeners: []*graph.Listener{l}, Pools: []*graph.Pool{pl}, Routes: []*graph.Route{{Pos: p(13)}}}
	h.TCP.Timestamps.Pos, h.TCP.TWReuse.Pos, h.TCP.TWRecycle.Pos, h.TCP.KeepaliveTime.Pos = p(14), p(15), p(16), p(17)
	f := fragmentAt(p(18), graph.Pos{})
	f.Hops = []*graph.Hop{h}
	seen := map[int]bool{}
	for _, pos := range Positions(f) {
		seen[pos.Line] = true
	}
	if len(seen) != 19 || len(Positions(f)) != 19 {
		t.Errorf("walked lines %v, want 1..19 once each", seen)
	}
}

func TestYAMLPositionErrors(t *testing.T) {
	files := map[string]string{"f": "ab\rcd\u2028e"}
	tests := []struct {
		name string
		pos  graph.Pos
		want string // "" means no error
	}{
		{"after CR", graph.Pos{File: "f", Line: 2, Col: 2, Offset: 4}, ""},
		{"after LS", graph.Pos{File: "f", Line: 3, Col: 1, Offset: 8}, ""},
		{"a line", graph.Pos{File: "f", Line: 2, Offset: 3}, ""},
		{"a whole file", graph.Pos{File: "f"}, ""},
		{"unknown file", graph.Pos{File: "g", Line: 1, Col: 1}, `file "g"`},
		{"no file", graph.Pos{Line: 1, Col: 1}, `file ""`},
		{"CR not counted", graph.Pos{File: "f", Line: 1, Col: 5, Offset: 4}, "but the offset is at f:2:2"},
		{"line-only on another line", graph.Pos{File: "f", Line: 1, Offset: 3}, "but the offset is at f:2"},
		{"past the end", graph.Pos{File: "f", Line: 3, Col: 3, Offset: 10}, "outside the 9 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := YAMLPositionErrors(files, fragmentAt(tt.pos))
			switch {
			case tt.want == "" && len(errs) != 0:
				t.Errorf("errors %v, want none", errs)
			case tt.want != "" && (len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.want)):
				t.Errorf("errors %v, want one with %q", errs, tt.want)
			}
		})
	}
}

func TestMissingPositions(t *testing.T) {
	placed := graph.Pos{File: "f", Line: 1, Col: 1}
	pl := &graph.Pool{Name: "p", Pos: placed, Targets: []graph.Address{{Raw: "t"}}}
	pl.Idle = graph.DurationSetting{Origin: graph.Explicit, Key: "idle", Pos: graph.Pos{File: "f", Line: 2}}
	pl.Request = graph.DurationSetting{Key: "unset"}
	f := &graph.Fragment{Hops: []*graph.Hop{{ID: "h", Pools: []*graph.Pool{pl}}}}
	var got []string
	for _, err := range MissingPositions(f) {
		got = append(got, err.Error())
	}
	want := []string{"h: no position", "h pool p idle idle: position f:2 without a line and column", "h target t: no position"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
