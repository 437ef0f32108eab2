package input

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
)

func TestScanSuppressions(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []graph.Suppression
	}{
		{"nginx trailing", "keepalive_timeout 5s;  # tolint:ignore TOL101 -- replaced next sprint\n",
			[]graph.Suppression{{Pos: graph.Pos{File: "f", Line: 1, Col: 26, Offset: 25}, Rules: []string{"TOL101"}, Reason: "replaced next sprint"}}},
		{"several ids, line above", "a\n# tolint:ignore TOL101,TOL102 TOL401 -- legacy\nb\n",
			[]graph.Suppression{{Pos: graph.Pos{File: "f", Line: 2, Col: 3, Offset: 4}, Rules: []string{"TOL101", "TOL102", "TOL401"}, Reason: "legacy"}}},
		{"no reason", "// tolint:ignore TOL101\n",
			[]graph.Suppression{{Pos: graph.Pos{File: "f", Line: 1, Col: 4, Offset: 3}, Rules: []string{"TOL101"}}}},
		{"reason without dashes", "# tolint:ignore idle-timeout-order because legacy\n",
			[]graph.Suppression{{Pos: graph.Pos{File: "f", Line: 1, Col: 3, Offset: 2}, Rules: []string{"idle-timeout-order"}, Reason: "because legacy"}}},
		{"whole file, XML comment", "<!-- tolint:ignore-file TOL101 -- vendor file -->\n",
			[]graph.Suppression{{Pos: graph.Pos{File: "f", Line: 1, Col: 6, Offset: 5}, Rules: []string{"TOL101"}, Reason: "vendor file", WholeFile: true}}},
		{"C comment closer", "/* tolint:ignore TOL302 -- lab host */",
			[]graph.Suppression{{Pos: graph.Pos{File: "f", Line: 1, Col: 4, Offset: 3}, Rules: []string{"TOL302"}, Reason: "lab host"}}},
		{"not in a comment", "server_name \"tolint:ignore TOL101\";\n", nil},
		{"prose", "# we tolint:ignored this once\n", nil},
		{"names no rule", "# tolint:ignore -- flaky\n",
			[]graph.Suppression{{Pos: graph.Pos{File: "f", Line: 1, Col: 3, Offset: 2}, Reason: "flaky"}}},
		{"no marker", "keepalive_timeout 5s;\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ScanSuppressions("f", []byte(tc.text))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestHasMarker(t *testing.T) {
	for text, want := range map[string]bool{
		"# tolint:ignore TOL101": true, "tolint:ignore": true, "a:b tolint:ignored": true,
		"tolint: ignore": false, "olint:ignore": false, "listen 10.0.0.1:80;": false, "": false, ":": false,
	} {
		if got := hasMarker([]byte(text)); got != want {
			t.Errorf("hasMarker(%q) = %v, want %v", text, got, want)
		}
	}
}

func BenchmarkHasMarker(b *testing.B) {
	data := []byte(strings.Repeat("    proxy_read_timeout 60s; keepalive_timeout 75s; listen 10.0.0.1:8080;\n", 100000))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if hasMarker(data) {
			b.Fatal("found")
		}
	}
}
