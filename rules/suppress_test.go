package rules

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
)

func TestSuppress(t *testing.T) {
	at := func(file string, line int) graph.Pos { return graph.Pos{File: file, Line: line, Col: 1} }
	finding := func(r *Rule, file string, line int) Finding {
		return Finding{Rule: r, Severity: r.Severity, Pos: at(file, line), Message: r.ID + " here"}
	}
	sup := func(file string, line int, reason string, ids ...string) graph.Suppression {
		return graph.Suppression{Pos: at(file, line), Rules: ids, Reason: reason}
	}
	findings := []Finding{
		finding(idleTimeoutOrder, "a.conf", 10),
		finding(idleTimeoutMargin, "a.conf", 10),
		finding(suspiciousUnit, "b.cfg", 3),
		finding(idleTimeoutOrder, "c.conf", 7),
	}
	for _, tc := range []struct {
		name       string
		sups       []graph.Suppression
		cfg        Config
		wantLeft   []string // "RULE file:line" of what is left, in order
		wantHidden int
	}{
		{"same line hides only the named rule", []graph.Suppression{sup("a.conf", 10, "legacy", "TOL101")}, Config{},
			[]string{"TOL102 a.conf:10", "TOL401 b.cfg:3", "TOL101 c.conf:7"}, 1},
		{"line above, several ids", []graph.Suppression{sup("a.conf", 9, "legacy", "TOL101", "idle-timeout-margin")}, Config{},
			[]string{"TOL401 b.cfg:3", "TOL101 c.conf:7"}, 2},
		{"two lines above does not apply", []graph.Suppression{sup("a.conf", 8, "legacy", "TOL101")}, Config{},
			[]string{"TOL904 a.conf:8", "TOL101 a.conf:10", "TOL102 a.conf:10", "TOL401 b.cfg:3", "TOL101 c.conf:7"}, 0},
		{"whole file", []graph.Suppression{{Pos: at("a.conf", 1), Rules: []string{"TOL101", "TOL102"}, Reason: "vendor", WholeFile: true}}, Config{},
			[]string{"TOL401 b.cfg:3", "TOL101 c.conf:7"}, 2},
		{"no reason still hides, and is reported", []graph.Suppression{sup("b.cfg", 3, "", "TOL401")}, Config{},
			[]string{"TOL101 a.conf:10", "TOL102 a.conf:10", "TOL903 b.cfg:3", "TOL101 c.conf:7"}, 1},
		{"unknown id", []graph.Suppression{sup("c.conf", 7, "x", "TOL10")}, Config{},
			[]string{"TOL101 a.conf:10", "TOL102 a.conf:10", "TOL401 b.cfg:3", "TOL101 c.conf:7", "TOL904 c.conf:7"}, 0},
		{"suppression of a rule that is off is not stale", []graph.Suppression{sup("c.conf", 1, "x", "TOL302")},
			Config{Off: map[*Rule]bool{tcpTWRecycle: true}},
			[]string{"TOL101 a.conf:10", "TOL102 a.conf:10", "TOL401 b.cfg:3", "TOL101 c.conf:7"}, 0},
		{"TOL903 off", []graph.Suppression{sup("b.cfg", 3, "", "TOL401")}, Config{Off: map[*Rule]bool{suppressionWithoutReason: true}},
			[]string{"TOL101 a.conf:10", "TOL102 a.conf:10", "TOL101 c.conf:7"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			left, hidden := Suppress(append([]Finding(nil), findings...), tc.sups, tc.cfg)
			var got []string
			for _, f := range left {
				got = append(got, f.Rule.ID+" "+f.Pos.File+":"+strconv.Itoa(f.Pos.Line))
			}
			if strings.Join(got, ", ") != strings.Join(tc.wantLeft, ", ") || hidden != tc.wantHidden {
				t.Errorf("left %v, hidden %d\nwant %v, hidden %d", got, hidden, tc.wantLeft, tc.wantHidden)
			}
		})
	}
}

func TestUnusedSuppressionSuggestsRule(t *testing.T) {
	left, _ := Suppress(nil, []graph.Suppression{{Pos: graph.Pos{File: "a", Line: 1}, Rules: []string{"TOL10"}, Reason: "x"}}, Config{})
	if len(left) != 1 || !strings.Contains(left[0].Message, `"TOL10" is not a rule (did you mean TOL101?)`) {
		t.Errorf("got %+v", left)
	}
}

func TestParseErrorMessageCapped(t *testing.T) {
	long := "timeout_sec: want a whole number of seconds, got " + strings.Repeat("[", 200000)
	got := capMessage(long)
	if want := fmt.Sprintf("… (%d more bytes)", len(long)-maxMessage); len(got) > maxMessage+40 || !strings.HasSuffix(got, want) {
		t.Errorf("capped to %d bytes: ...%s", len(got), got[len(got)-40:])
	}
	if capMessage("short") != "short" {
		t.Errorf("a short message changed")
	}
}
