package sysctl

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

func FuzzParse(f *testing.F) {
	for _, c := range sysctlFiles(&testing.T{}) {
		f.Add(c.data, false)
	}
	for _, s := range []string{
		"", "\n", "-", "=", " = \n", "-net.ipv4.tcp_timestamps", "net/ipv4/tcp_tw_reuse = 0x\n",
		"net.ipv4.tcp_keepalive_time = -0\r\n", "net.ipv4.tcp_fin_timeout=\t\v\f", "\ufeffnet.ipv4.tcp_timestamps=1",
	} {
		f.Add([]byte(s), false)
	}
	for _, s := range []string{
		"", "- sysctl:\n", "- sysctl: name=\"{{ x }}\" value='1\n", "- sysctl:\n    name: net.ipv4.tcp_timestamps\n    value: [1]\n",
		"- &a {sysctl: *a}\n", "- sysctl: {name: '{{ item[\"n\"] }}', value: '{{ item.v }}'}\n  loop: [{n: net.ipv4.tcp_tw_reuse, v: 9}, 3]\n",
		"\ufeff- sysctl: name=net.ipv4.tcp_timestamps\xc2\x85 value=1\n", "- block:\n  - block:\n    - tasks: x\n",
		"---\n- sysctl: name=a\n...\n---\n- sysctl: value=1\n", "- sysctl:\r  name: net.ipv4.tcp_timestamps\r  value: é\r",
	} {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, yaml bool) {
		start := time.Now()
		rel := "t.conf"
		if yaml {
			rel = "t.yml"
		}
		frag := parse(data, rel, rel, input.Options{})
		for _, err := range parsertest.LinePositionErrors(string(data), rel, frag) {
			t.Error(err)
		}
		if len(frag.Hops) != 1 {
			t.Errorf("%d hops", len(frag.Hops))
		}
		Sniff(rel, data)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%d bytes took %v", len(data), d)
		}
	})
}

// benchConf is a sysctl file of n blocks of comments and settings, a few of them read.
func benchConf(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "# block %d: network tuning\n; see ip-sysctl.rst\nnet.ipv4.conf.eth%d.rp_filter = 1\n", i, i)
		fmt.Fprintf(&b, "net/ipv4/tcp_keepalive_time=%d\n-net.ipv4.tcp_tw_reuse = 1\nnet.core.somaxconn = 4096\n", 60+i)
		fmt.Fprintf(&b, "net.ipv4.tcp_rmem = 4096 87380 6291456\nnet.ipv4.tcp_timestamps = %d\n\n", i%2)
	}
	return []byte(b.String())
}

func BenchmarkParseConf(b *testing.B) {
	data := benchConf(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		parse(data, "sysctl.conf", "sysctl.conf", input.Options{})
	}
}

// benchAnsible is a task file of n sysctl tasks in the mapping, free-form and loop forms.
func benchAnsible(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "- name: keepalive %d\n  ansible.posix.sysctl:\n    name: net.ipv4.tcp_keepalive_time\n    value: %d\n    sysctl_set: true\n", i, 60+i)
		fmt.Fprintf(&b, "- sysctl: name=net.ipv4.tcp_timestamps value=%d\n", i%2)
		fmt.Fprintf(&b, "- sysctl:\n    name: \"{{ item.name }}\"\n    value: \"{{ item.value }}\"\n  loop:\n    - {name: net.ipv4.tcp_tw_reuse, value: 1}\n    - {name: vm.swappiness, value: 10}\n")
	}
	return []byte(b.String())
}

func BenchmarkParseAnsible(b *testing.B) {
	data := benchAnsible(500)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		parse(data, "tasks.yml", "tasks.yml", input.Options{})
	}
}

func BenchmarkSniff(b *testing.B) {
	head := benchConf(100)[:input.HeadSize]
	b.SetBytes(int64(len(head)))
	b.ReportAllocs()
	for b.Loop() {
		Sniff("etc/sysctl.d/99-tuning.conf", head)
	}
}
