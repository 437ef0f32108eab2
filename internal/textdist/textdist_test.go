package textdist

import "testing"

func TestNearest(t *testing.T) {
	words := []string{"rules", "margin", "fail-on", "format", "exclude", "baseline"}
	for s, want := range map[string]string{"margn": "margin", "fail_on": "fail-on", "Format": "format", "excludes": "exclude", "colour": ""} {
		if got := Nearest(s, words, 2); got != want {
			t.Errorf("Nearest(%q) = %q, want %q", s, got, want)
		}
	}
}
