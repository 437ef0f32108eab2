package retryon

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		text             string
		timeouts, resets bool
	}{
		{"", false, false},
		{"connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes", false, false},
		{"5xx", true, true},
		{"gateway-error, connect-failure", true, true},
		{"reset", false, true},
		{"retriable-4xx,reset-before-request", false, false},
	}
	for _, tt := range tests {
		if c := Parse(tt.text); c.Timeouts != tt.timeouts || c.Resets != tt.resets {
			t.Errorf("Parse(%q) = %+v, want timeouts %v resets %v", tt.text, c, tt.timeouts, tt.resets)
		}
	}
	for m, want := range map[string]bool{"POST": true, "patch": true, "PUT": false, "GET": false, "DELETE": false} {
		if IsWrite(m) != want {
			t.Errorf("IsWrite(%q) = %v", m, !want)
		}
	}
}
