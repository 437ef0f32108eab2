package haproxy

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

const testFile = "haproxy.cfg"

// parseText parses src as haproxy.cfg and checks that every position it returns points
// into src.
func parseText(t *testing.T, src string) *graph.Fragment {
	t.Helper()
	return parseVersion(t, src, "")
}

func parseVersion(t *testing.T, src, version string) *graph.Fragment {
	t.Helper()
	f := parse([]byte(src), testFile, testFile, input.Options{Version: version})
	for _, err := range parsertest.LinePositionErrors(src, testFile, f) {
		t.Error(err)
	}
	return f
}

// atAfter is the position of the text that follows prefix on line.
func atAfter(t *testing.T, src string, line int, prefix string) string {
	t.Helper()
	p := parsertest.At(t, testFile, src, line, prefix)
	i := strings.LastIndexByte(p, ':')
	col, _ := strconv.Atoi(p[i+1:])
	return p[:i+1] + strconv.Itoa(col+len(prefix))
}
