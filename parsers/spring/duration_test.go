package spring

import (
	"errors"
	"testing"
	"time"
)

func TestParseSpringDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		bare time.Duration
		err  string
	}{
		{"PT3S", 3 * time.Second, 0, ""},
		{"pt3s", 3 * time.Second, 0, ""},
		{"PT1M30S", 90 * time.Second, 0, ""},
		{"P1D", 24 * time.Hour, 0, ""},
		{"P1DT2H", 26 * time.Hour, 0, ""},
		{"PT0.5S", 500 * time.Millisecond, 0, ""},
		{"PT1,5S", 1500 * time.Millisecond, 0, ""},
		{"3s", 3 * time.Second, 0, ""},
		{"3S", 3 * time.Second, 0, ""},
		{"500ms", 500 * time.Millisecond, 0, ""},
		{"1m", time.Minute, 0, ""},
		{"2h", 2 * time.Hour, 0, ""},
		{"1d", 24 * time.Hour, 0, ""},
		{"10us", 10 * time.Microsecond, 0, ""},
		{"5ns", 5 * time.Nanosecond, 0, ""},
		{" 20000 ", 20 * time.Second, time.Millisecond, ""},
		{"+7s", 7 * time.Second, 0, ""},
		{"0", 0, time.Millisecond, ""},
		{"", 0, 0, "empty duration"},
		{"1.5s", 0, 0, "not a duration"},
		{"1h30m", 0, 0, "not a duration"},
		{"30 s", 0, 0, "not a duration"},
		{"5w", 0, 0, "unknown unit"},
		{"P", 0, 0, "at least one part"},
		{"PT", 0, 0, "ends after T"},
		{"P1H", 0, 0, "in that order"},
		{"PT1D", 0, 0, "in that order"},
		{"PT1S2M", 0, 0, "in that order"},
		{"P1.5D", 0, 0, "fraction only on seconds"},
		{"PT5X", 0, 0, "unknown unit"},
		{"P99999999999999D", 0, 0, "too large"},
		{"99999999999999999999999s", 0, 0, "too large"},
	}
	for _, tt := range tests {
		d, bare, err := parseSpringDuration(tt.in)
		switch {
		case tt.err != "":
			if err == nil || !contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want one containing %q", tt.in, err, tt.err)
			}
		case err != nil:
			t.Errorf("%q: %v", tt.in, err)
		case d != tt.want || bare != tt.bare:
			t.Errorf("%q = %v (bare %v), want %v (bare %v)", tt.in, d, bare, tt.want, tt.bare)
		}
	}
	for _, in := range []string{"-1", "-PT1S", "P-1D", "-5s"} {
		if _, _, err := parseSpringDuration(in); !errors.Is(err, errNegative) {
			t.Errorf("%q: %v, want errNegative", in, err)
		}
	}
}

func TestParseMillis(t *testing.T) {
	if d, err := parseMillis("600000"); err != nil || d != 10*time.Minute {
		t.Errorf("600000 = %v, %v", d, err)
	}
	if _, err := parseMillis("10m"); err == nil || !contains(err.Error(), "fails at start-up") {
		t.Errorf("10m: %v", err)
	}
	if _, err := parseMillis("soon"); err == nil || !contains(err.Error(), "not a number of milliseconds") {
		t.Errorf("soon: %v", err)
	}
	if _, err := parseMillis("-1"); !errors.Is(err, errNegative) {
		t.Errorf("-1: %v", err)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
