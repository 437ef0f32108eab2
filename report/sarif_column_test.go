package report

import (
	"testing"

	"github.com/tolint/tolint/graph"
)

type lines map[string]string

func (l lines) Line(file string, _ int) (string, bool) { s, ok := l[file]; return s, ok }

// SARIF columns count UTF-16 code units; tolint's count bytes. They differ after non-ASCII
// text: "é" is 2 bytes and 1 unit, "😀" 4 bytes and 2 units.
func TestUTF16Column(t *testing.T) {
	src := lines{"a.conf": `server_name "café😀"; keepalive_timeout 5s;`}
	for _, tc := range []struct{ col, want int }{{1, 1}, {13, 13}, {25, 22}} {
		if got := utf16Column(graph.Pos{File: "a.conf", Line: 1, Col: tc.col}, src); got != tc.want {
			t.Errorf("byte column %d: got %d, want %d", tc.col, got, tc.want)
		}
	}
	if got := utf16Column(graph.Pos{File: "missing", Line: 1, Col: 7}, src); got != 7 {
		t.Errorf("without the source line: got %d, want the byte column 7", got)
	}
}
