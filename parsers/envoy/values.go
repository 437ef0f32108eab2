package envoy

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
)

// software names the hop's software in the defaults catalogue.
const software = "envoy"

// durationSyntax is the proto JSON mapping of google.protobuf.Duration: seconds with an
// optional fraction and a mandatory "s" ("15s", "0.25s"); no other unit exists.
var durationSyntax = graph.Syntax{Units: map[string]time.Duration{"s": time.Second}, Fractions: true}

// maxSeconds is the largest duration kept (about 292 years, Go's limit); longer ones are
// refused as too large rather than wrapped.
const maxSeconds = int64(math.MaxInt64/time.Second) - 1

// disables is the note on a "0s" that turns a timer off.
const disables = "0s disables the timer"

// duration reads a google.protobuf.Duration field of n: "15s" or {seconds, nanos}. With
// zeroOff, a zero value means "no timeout" (Envoy's idle and request timers). ok is false
// when the field is absent or invalid (invalid values get a diagnostic).
func (f *file) duration(n *yaml.Node, name string, zeroOff bool) (graph.DurationSetting, bool) {
	e := f.get(n, name)
	if !e.ok() {
		return graph.DurationSetting{}, false
	}
	d, raw, ok := f.durationValue(e)
	if !ok {
		return graph.DurationSetting{}, false
	}
	s := graph.DurationSetting{Value: graph.Dur(d), Origin: graph.Explicit, Pos: f.pos(e.value), Key: e.key.Value, Raw: raw}
	if d == 0 && zeroOff {
		s.Value = graph.NoTimeout
		s.Note = disables
	}
	return s, true
}

func (f *file) durationValue(e field) (time.Duration, string, bool) {
	v := e.value
	switch v.Kind {
	case yaml.ScalarNode:
		text := v.Value
		if templated(text) {
			return 0, "", false
		}
		if strings.HasPrefix(text, "-") {
			f.errorAt(f.pos(v), fmt.Sprintf("%s: %q is negative; Envoy rejects negative durations", e.key.Value, text))
			return 0, "", false
		}
		if !strings.HasSuffix(text, "s") || strings.HasSuffix(text, "ms") || strings.HasSuffix(text, "us") || strings.HasSuffix(text, "ns") {
			f.errorAt(f.pos(v), fmt.Sprintf("%s: %q is not an Envoy duration: write seconds with an \"s\" suffix (\"15s\", \"0.25s\") or {seconds: N, nanos: M}", e.key.Value, text))
			return 0, "", false
		}
		d, err := durationSyntax.ParseDuration(text)
		if err != nil {
			f.errorAt(f.pos(v), fmt.Sprintf("%s: %v", e.key.Value, err))
			return 0, "", false
		}
		return d, text, true
	case yaml.MappingNode:
		secs, sok := f.integer(v, "seconds", 0, maxSeconds)
		nanos, nok := f.integer(v, "nanos", 0, 999999999)
		if !sok || !nok {
			return 0, "", false
		}
		raw := "{seconds: " + strconv.FormatInt(secs, 10)
		if nanos != 0 {
			raw += ", nanos: " + strconv.FormatInt(nanos, 10)
		}
		return time.Duration(secs)*time.Second + time.Duration(nanos), raw + "}", true
	default:
		f.errorAt(f.pos(v), fmt.Sprintf("%s: expected a duration (\"15s\" or {seconds: N, nanos: M})", e.key.Value))
		return 0, "", false
	}
}

// integer reads an integer field (a number or, as proto JSON allows, a quoted number)
// within [lo, hi]; an absent field is 0 and ok.
func (f *file) integer(n *yaml.Node, name string, lo, hi int64) (int64, bool) {
	e := f.get(n, name)
	if !e.ok() {
		return 0, true
	}
	return f.integerValue(e, lo, hi)
}

func (f *file) integerValue(e field, lo, hi int64) (int64, bool) {
	text := str(e.value)
	if templated(text) {
		return 0, false
	}
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil || e.value.Kind != yaml.ScalarNode {
		f.errorAt(f.pos(e.value), fmt.Sprintf("%s: expected an integer, found %q", e.key.Value, text))
		return 0, false
	}
	if v < lo || v > hi {
		f.errorAt(f.pos(e.value), fmt.Sprintf("%s: %d is out of range [%d, %d]", e.key.Value, v, lo, hi))
		return 0, false
	}
	return v, true
}

// port reads a port_value.
func (f *file) port(n *yaml.Node) (int, bool) {
	e := f.get(n, "port_value")
	if !e.ok() {
		return 0, false
	}
	p, ok := f.integerValue(e, 0, math.MaxUint16)
	return int(p), ok
}

// secondsUnit is the unit of Envoy's bare-number timers (tcp_keepalive.keepalive_time).
const secondsUnit = time.Second

func secondsOf(v int64) time.Duration { return time.Duration(v) * time.Second }

// templated reports a value that a template fills in before Envoy reads the file
// ("$server_port", "${PORT}", "{{ .Port }}"): unknown here, but no error.
func templated(text string) bool {
	return strings.HasPrefix(text, "$") || strings.Contains(text, "{{")
}
