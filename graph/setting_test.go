package graph

import (
	"testing"
	"time"
)

func TestRare(t *testing.T) {
	var zero Rare[Duration]
	if zero.Known() || zero.Get().Known() {
		t.Error("the zero Rare must be unset")
	}
	if r := NewRare(DurationSetting{Key: "per_try_timeout", Pos: Pos{File: "envoy.yaml", Line: 3}}); r != (Rare[Duration]{}) {
		t.Error("an unset setting must not be allocated")
	}
	s := DurationSetting{Value: Dur(5 * time.Second), Origin: Explicit, Key: "per_try_timeout", Raw: "5s", Pos: Pos{File: "envoy.yaml", Line: 3, Col: 20}}
	r := NewRare(s)
	if !r.Known() || r.Get() != s {
		t.Errorf("NewRare(s).Get() = %+v, want %+v", r.Get(), s)
	}
	s.Raw = "changed"
	if r.Get().Raw != "5s" {
		t.Error("NewRare must hold a copy")
	}
}
