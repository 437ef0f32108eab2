package graph

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var nginxLike = Syntax{Bare: time.Second, Combined: true, SpaceSeparated: true,
	Units: map[string]time.Duration{"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}}

var goLike = Syntax{Combined: true, Fractions: true,
	Units: map[string]time.Duration{"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour}}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		syn     Syntax
		in      string
		want    time.Duration
		wantErr string
	}{
		{nginxLike, "75", 75 * time.Second, ""},
		{nginxLike, "75s", 75 * time.Second, ""},
		{nginxLike, "500ms", 500 * time.Millisecond, ""},
		{nginxLike, "1h30m", 90 * time.Minute, ""},
		{nginxLike, "1h 30m", 90 * time.Minute, ""},
		{nginxLike, "2d", 48 * time.Hour, ""},
		{nginxLike, "", 0, "empty duration"},
		{nginxLike, "abc", 0, "expected a number"},
		{nginxLike, "10x", 0, `unknown unit "x"`},
		{nginxLike, "1.5s", 0, "fractions are not allowed"},
		{nginxLike, "10 20", 0, "without unit must stand alone"},
		{nginxLike, "99999999999999999999", 0, "too large"},
		{nginxLike, "9999999999999h", 0, "too large"},
		{goLike, "1m30s", 90 * time.Second, ""},
		{goLike, "1.5s", 1500 * time.Millisecond, ""},
		{goLike, "0.25s", 250 * time.Millisecond, ""},
		{goLike, "30", 0, "a unit is required"},
		{goLike, "1h 30m", 0, "expected a number"},
	}
	for _, tt := range tests {
		got, err := tt.syn.ParseDuration(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseDuration(%q) error = %v, want containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	if _, err := goLike.ParseDuration("30"); !errors.Is(err, ErrNeedUnit) {
		t.Errorf("bare number in a syntax without bare unit: %v, want ErrNeedUnit", err)
	}
}

func TestDurationOrderAndPrint(t *testing.T) {
	if !Dur(time.Second).Less(NoTimeout) || NoTimeout.Less(Dur(time.Hour)) || NoTimeout.Less(NoTimeout) {
		t.Error("none must be longer than every bounded duration")
	}
	for d, want := range map[Duration]string{
		NoTimeout:                    "none",
		Dur(300 * time.Second):       "300s",
		Dur(250 * time.Millisecond):  "250ms",
		Dur(1500 * time.Millisecond): "1.5s",
		Dur(time.Hour):               "3600s",
	} {
		if got := d.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", d, got, want)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"75", "1h30m", "1h 30m", "0.25s", "9999999999999999999h", "1.", ".5s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, syn := range []Syntax{nginxLike, goLike} {
			d, err := syn.ParseDuration(s)
			if err == nil && d < 0 {
				t.Fatalf("%q parsed to negative %v", s, d)
			}
		}
	})
}
