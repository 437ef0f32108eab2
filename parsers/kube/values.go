package kube

import (
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
)

// Duration syntaxes of the objects read here.
var (
	// istioSyntax is Istio's protobuf Duration as its YAML accepts it ("1h", "30s", "0.5s",
	// "1m30s").
	istioSyntax = graph.Syntax{Units: map[string]time.Duration{
		"h": time.Hour, "m": time.Minute, "s": time.Second, "ms": time.Millisecond,
		"us": time.Microsecond, "µs": time.Microsecond, "ns": time.Nanosecond,
	}, Combined: true, Fractions: true}
	// secondsSyntax is a whole number of seconds, as ingress-nginx, the AWS annotations and
	// sysctls write them.
	secondsSyntax = graph.Syntax{Bare: time.Second}
	// minutesSyntax is Azure's idle timeout in whole minutes.
	minutesSyntax = graph.Syntax{Bare: time.Minute}
)

// value is a scalar read from a manifest with its position: a whole node, or a part of an
// annotation such as "idle_timeout.timeout_seconds=120" inside a longer value.
type value struct {
	text string
	pos  graph.Pos
}

// scalar returns a node's text and position; ok is false for anything but a scalar.
func (f *file) scalar(n *yaml.Node) (value, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return value{}, false
	}
	return value{text: n.Value, pos: f.pos(n)}, true
}

// part returns the piece of scalar n's text at byte index i, positioned inside the value
// when the source holds the text as written there (a plain or quoted one-line scalar),
// else at the node.
func (f *file) part(n *yaml.Node, i int, text string) value {
	pos := f.pos(n)
	off := pos.Offset + i
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		off++
	}
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && off+len(text) <= len(f.src.Data) &&
		string(f.src.Data[off:off+len(text)]) == text {
		return value{text: text, pos: f.src.OffsetPos(off)}
	}
	return value{text: text, pos: pos}
}

// duration reads a duration setting; a value that is not one becomes a diagnostic and
// ok is false.
func (f *file) duration(v value, key string, syn graph.Syntax) (graph.DurationSetting, bool) {
	d, err := syn.ParseDuration(strings.TrimSpace(v.text))
	if err != nil {
		f.errorAt(v.pos, key+": "+strings.TrimPrefix(err.Error(), "graph: "))
		return graph.DurationSetting{}, false
	}
	s := graph.DurationSetting{Value: graph.Dur(d), Origin: graph.Explicit, Pos: v.pos, Key: key, Raw: v.text}
	if syn.Bare != 0 && isDigits(strings.TrimSpace(v.text)) {
		s.BareUnit = syn.Bare
	}
	return s, true
}

// istioDuration reads an Istio timeout, where 0s turns the timeout off (Envoy's meaning of
// a zero idle or route timeout).
func (f *file) istioDuration(n *yaml.Node, key string) (graph.DurationSetting, bool) {
	s, ok := f.nodeDuration(n, key, istioSyntax)
	if ok && s.Value.D == 0 {
		s.Value = graph.NoTimeout
		s.Note = "0s disables the timeout"
	}
	return s, ok
}

// nodeDuration reads the duration at node n, when there is one.
func (f *file) nodeDuration(n *yaml.Node, key string, syn graph.Syntax) (graph.DurationSetting, bool) {
	v, ok := f.scalar(n)
	if !ok {
		return graph.DurationSetting{}, false
	}
	return f.duration(v, key, syn)
}

// attribute finds name=value in a comma-separated attribute list (the AWS annotations'
// "idle_timeout.timeout_seconds=120,deletion_protection.enabled=true").
func (f *file) attribute(n *yaml.Node, name string) (value, bool) {
	text := str(n)
	for i := 0; i < len(text); {
		end := strings.IndexByte(text[i:], ',')
		if end < 0 {
			end = len(text)
		} else {
			end += i
		}
		item := text[i:end]
		lead := len(item) - len(strings.TrimLeft(item, " "))
		if k, v, ok := strings.Cut(strings.TrimSpace(item), "="); ok && strings.TrimSpace(k) == name {
			v = strings.TrimSpace(v)
			at := i + lead + strings.Index(item[lead:], "=") + 1
			at += strings.Index(text[at:], v)
			return f.part(n, at, v), true
		}
		i = end + 1
	}
	return value{}, false
}

// port reads a port number (1-65535); ok is false for a name or anything else.
func port(n *yaml.Node) (int, bool) {
	p, err := strconv.Atoi(str(n))
	return p, err == nil && p >= 1 && p <= 65535
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// defaultDuration is a catalogue default relying on the block at pos.
func defaultDuration(software, setting string, at graph.Pos) graph.DurationSetting {
	s, _ := graph.DefaultDuration(software, "", setting, at)
	return s
}

func defaultBool(software, setting string, at graph.Pos) graph.Setting[bool] {
	s, _ := graph.DefaultBool(software, "", setting, at)
	return s
}

// orDefault returns s when it is known, else the catalogue default at pos.
func orDefault(s graph.DurationSetting, software, setting string, at graph.Pos) graph.DurationSetting {
	if s.Known() {
		return s
	}
	return defaultDuration(software, setting, at)
}
