package sysctl

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/parsers/input"
)

// TestHostileYAMLStaysLinear guards against inputs that once took minutes or would take
// forever: a 2 MB flow-style line with a non-ASCII character (each position was counted from
// the line start), and aliases that nest task lists 60 levels deep (each level doubling
// the work). The bound is loose so that a loaded machine does not fail it; the bugs it
// catches are off by orders of magnitude.
func TestHostileYAMLStaysLinear(t *testing.T) {
	long := "[" + strings.Repeat("{sysctl: {name: net.ipv4.tcp_timestamps, value: 1}}, ", 40000) + "{é: 1}]\n"
	var nested strings.Builder
	nested.WriteString("- &l0 {sysctl: {name: net.ipv4.tcp_timestamps, value: 1}}\n")
	for i := 1; i < 60; i++ {
		fmt.Fprintf(&nested, "- &l%d {block: [*l%d, *l%d, {sysctl: {name: \"{{ item.n }}\", value: 2}, loop: [{n: net.ipv4.tcp_tw_reuse}]}]}\n", i, i-1, i-1)
	}
	for name, src := range map[string]string{"long line": long, "nested aliases": nested.String()} {
		start := time.Now()
		f := parse([]byte(src), "t.yml", "t.yml", input.Options{})
		if d := time.Since(start); d > 30*time.Second {
			t.Errorf("%s: %d bytes took %s", name, len(src), d)
		}
		if !f.Hops[0].TCP.Timestamps.Value {
			t.Errorf("%s: timestamps not read", name)
		}
	}
}
