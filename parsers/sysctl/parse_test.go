package sysctl

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

func TestConf(t *testing.T) {
	tests := []struct {
		name, src string
		tcp       []string
		diags     []string
	}{
		{
			name: "both key forms, spaces optional",
			src:  "net.ipv4.tcp_timestamps = 1\nnet/ipv4/tcp_tw_reuse=2\n\tnet.ipv4.tcp_tw_recycle\t=\t0\t\nnet.ipv4.tcp_keepalive_time =600\n",
			tcp: []string{
				`net.ipv4.tcp_timestamps=true (explicit "1")@t.conf:1:27`,
				`net.ipv4.tcp_tw_reuse=2 (explicit "2")@t.conf:2:23`,
				`net.ipv4.tcp_tw_recycle=false (explicit "0")@t.conf:3:28`,
				`net.ipv4.tcp_keepalive_time=600s (explicit "600")@t.conf:4:30`,
			},
		},
		{
			name: "timestamps 2 is on, 0 off",
			src:  "net.ipv4.tcp_timestamps = 2\n",
			tcp:  []string{`net.ipv4.tcp_timestamps=true (explicit "2")@t.conf:1:27`},
		},
		{
			name: "comments and blank lines",
			src:  "# net.ipv4.tcp_timestamps = 1\n; net.ipv4.tcp_tw_recycle = 1\n\n   # indented\nnet.ipv4.tcp_timestamps = 0\r\n",
			tcp:  []string{`net.ipv4.tcp_timestamps=false (explicit "0")@t.conf:5:27`},
		},
		{
			name: "a leading - is still read",
			src:  "-net.ipv4.tcp_tw_recycle = 1\n - net.ipv4.tcp_timestamps=0\n",
			tcp: []string{
				`net.ipv4.tcp_timestamps=false (explicit "0")@t.conf:2:28`,
				`net.ipv4.tcp_tw_recycle=true (explicit "1")@t.conf:1:28`,
			},
		},
		{
			name: "later assignments win, in either key form",
			src:  "net.ipv4.tcp_timestamps = 0\nnet/ipv4/tcp_timestamps = 1\nnet.ipv4.tcp_keepalive_time = 7200\nnet.ipv4.tcp_keepalive_time = 300\n",
			tcp: []string{
				`net.ipv4.tcp_timestamps=true (explicit "1")@t.conf:2:27`,
				`net.ipv4.tcp_keepalive_time=300s (explicit "300")@t.conf:4:31`,
			},
		},
		{
			name: "a refused value leaves the earlier one",
			src:  "net.ipv4.tcp_tw_reuse = 1\nnet.ipv4.tcp_tw_reuse = 3\n",
			tcp:  []string{`net.ipv4.tcp_tw_reuse=1 (explicit "1")@t.conf:1:25`},
			diags: []string{
				"t.conf:2:25: net.ipv4.tcp_tw_reuse = 3 is out of range: the kernel accepts 0 to 2",
			},
		},
		{
			name: "C notation numbers as the kernel reads them",
			src:  "net.ipv4.tcp_keepalive_time = 0x3c\nnet.ipv4.tcp_tw_reuse = 02\n",
			tcp: []string{
				`net.ipv4.tcp_tw_reuse=2 (explicit "02")@t.conf:2:25`,
				`net.ipv4.tcp_keepalive_time=60s (explicit "0x3c")@t.conf:1:31`,
			},
		},
		{
			name: "bad values with positions",
			src: "net.ipv4.tcp_timestamps = on\nnet.ipv4.tcp_keepalive_intvl = 75s\nnet.ipv4.tcp_keepalive_probes = 300\n" +
				"net.ipv4.tcp_fin_timeout = -5\nnet.ipv4.tcp_tw_recycle = 1  # old tuning guide\nnet.ipv4.tcp_keepalive_time =\n" +
				"net.ipv4.tcp_fin_timeout = 1_000\nnet.ipv4.tcp_keepalive_time = 99999999999999999999\n",
			diags: []string{
				`t.conf:1:27: net.ipv4.tcp_timestamps = "on" is not an integer`,
				`t.conf:2:32: net.ipv4.tcp_keepalive_intvl = "75s" is not an integer`,
				"t.conf:3:33: net.ipv4.tcp_keepalive_probes = 300 is out of range: the kernel accepts 0 to 255",
				"t.conf:4:28: net.ipv4.tcp_fin_timeout = -5 is out of range: the kernel accepts 0 to 2147483647",
				`t.conf:5:27: net.ipv4.tcp_tw_recycle = "1  # old tuning guide" is not an integer: sysctl files have no comments after a value, '#' and ';' start a comment only at the beginning of a line`,
				"t.conf:6:1: net.ipv4.tcp_keepalive_time has no value",
				`t.conf:7:28: net.ipv4.tcp_fin_timeout = "1_000" is not an integer`,
				`t.conf:8:31: net.ipv4.tcp_keepalive_time = "99999999999999999999" is not an integer`,
			},
		},
		{
			name: "other keys are not checked, lines that assign nothing are",
			src:  "net.ipv4.tcp_rmem = 4096 87380 6291456\nkernel.core_pattern=|/bin/false\nnet.ipv4.tcp_timestamps\n= 1\n-net.ipv4.conf.all.rp_filter\nx\n",
			diags: []string{
				"t.conf:3:1: not a key = value assignment: sysctl skips this line",
				"t.conf:4:1: assignment without a key: sysctl skips this line",
			},
		},
		{
			name: "slash form with a dotted interface name",
			src:  "net/ipv4/conf/eth0.100/rp_filter = 1\nnet/ipv4/tcp_tw_recycle = 1\n",
			tcp:  []string{`net.ipv4.tcp_tw_recycle=true (explicit "1")@t.conf:2:27`},
		},
		{
			name: "no final newline",
			src:  "net.ipv4.tcp_timestamps=1",
			tcp:  []string{`net.ipv4.tcp_timestamps=true (explicit "1")@t.conf:1:25`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseAs(t, "t.conf", tt.src)
			if got := tcpSummary(f); !slices.Equal(got, tt.tcp) {
				t.Errorf("settings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.tcp, "\n"))
			}
			if got := parsertest.DiagLines(f); !slices.Equal(got, tt.diags) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.diags, "\n"))
			}
			for _, d := range f.Diags {
				if d.Kind != graph.ParseError {
					t.Errorf("diagnostic kind %v", d.Kind)
				}
			}
		})
	}
}

func TestKeepaliveTimeIsBareSeconds(t *testing.T) {
	src := "net.ipv4.tcp_keepalive_time = 45\n"
	ka := parseAs(t, "t.conf", src).Hops[0].TCP.KeepaliveTime
	if ka.Value != graph.Dur(45*time.Second) || ka.BareUnit != time.Second || ka.Origin != graph.Explicit ||
		ka.Key != "net.ipv4.tcp_keepalive_time" || ka.Raw != "45" || ka.Pos.String() != parsertest.At(t, "t.conf", src, 1, "45") {
		t.Errorf("keepalive time %+v", ka)
	}
	if ka.Describe() != "net.ipv4.tcp_keepalive_time 45s at t.conf:1:31" {
		t.Errorf("Describe() = %q", ka.Describe())
	}
}

func TestHopAndFiles(t *testing.T) {
	f := parseAs(t, "hosts/web/sysctl.conf", "net.ipv4.tcp_timestamps = 1\n")
	h := f.Hops[0]
	if !slices.Equal(f.Files, []string{"hosts/web/sysctl.conf"}) || !slices.Equal(h.Files, f.Files) ||
		h.Pos.String() != "hosts/web/sysctl.conf:1:1" {
		t.Errorf("files %q, hop files %q, pos %s", f.Files, h.Files, h.Pos)
	}
}

func TestAnsible(t *testing.T) {
	tests := []struct {
		name, src string
		tcp       []string
		diags     []string
	}{
		{
			name: "task list, both module names, int and quoted values",
			src: `---
- name: Turn off timestamps
  ansible.posix.sysctl:
    name: net.ipv4.tcp_timestamps
    value: 0
    sysctl_set: true
- name: Keepalive
  sysctl:
    name: net.ipv4.tcp_keepalive_time
    value: "600"
- ansible.builtin.sysctl:
    key: net/ipv4/tcp_tw_reuse
    val: '1'
`,
			tcp: []string{
				`net.ipv4.tcp_timestamps=false (explicit "0")@t.yml:5:12`,
				`net.ipv4.tcp_tw_reuse=1 (explicit "1")@t.yml:13:10`,
				`net.ipv4.tcp_keepalive_time=600s (explicit "600")@t.yml:10:12`,
			},
		},
		{
			name: "playbook with blocks, booleans as the module writes them",
			src: `- hosts: web
  become: true
  pre_tasks:
    - sysctl: {name: net.ipv4.tcp_tw_recycle, value: yes}
  tasks:
    - block:
        - name: timestamps
          sysctl:
            name: net.ipv4.tcp_timestamps
            value: true
      rescue:
        - debug: msg=failed
`,
			tcp: []string{
				`net.ipv4.tcp_timestamps=true (explicit "true")@t.yml:10:20`,
				`net.ipv4.tcp_tw_recycle=true (explicit "yes")@t.yml:4:54`,
			},
		},
		{
			name: "templates are unknown, absent is no assignment",
			src: `- sysctl:
    name: net.ipv4.tcp_timestamps
    value: "{{ tcp_timestamps }}"
- sysctl:
    name: "{{ key }}"
    value: 1
- sysctl:
    name: net.ipv4.tcp_tw_recycle
    state: absent
`,
		},
		{
			name: "literal loops",
			src: `- name: tune
  ansible.posix.sysctl:
    name: "{{ item.name }}"
    value: "{{ item['value'] }}"
  loop:
    - { name: net.ipv4.tcp_timestamps, value: 1 }
    - name: net.ipv4.tcp_keepalive_time
      value: 120
- sysctl: name={{ item.key }} value={{ item.value }}
  with_dict:
    net.ipv4.tcp_tw_reuse: 2
- sysctl:
    name: "{{ item.name }}"
    value: "{{ item.value }}"
  loop: "{{ sysctl_settings }}"
`,
			tcp: []string{
				`net.ipv4.tcp_timestamps=true (explicit "1")@t.yml:6:47`,
				`net.ipv4.tcp_tw_reuse=2 (explicit "2")@t.yml:11:28`,
				`net.ipv4.tcp_keepalive_time=120s (explicit "120")@t.yml:8:14`,
			},
		},
		{
			name: "free-form arguments",
			src: `- sysctl: name=net.ipv4.tcp_timestamps value=0 sysctl_set=yes
- sysctl: "name=net.ipv4.tcp_tw_recycle value='1'"
- sysctl:
  args:
    name: net.ipv4.tcp_keepalive_time
    value: 60
`,
			tcp: []string{
				`net.ipv4.tcp_timestamps=false (explicit "0")@t.yml:1:46`,
				`net.ipv4.tcp_tw_recycle=true (explicit "1")@t.yml:2:11`,
				`net.ipv4.tcp_keepalive_time=60s (explicit "60")@t.yml:6:12`,
			},
		},
		{
			name: "bad values",
			src: `- sysctl:
    name: net.ipv4.tcp_tw_reuse
    value: 5
- sysctl:
    name: net.ipv4.tcp_fin_timeout
    value: 30s
`,
			diags: []string{
				"t.yml:3:12: net.ipv4.tcp_tw_reuse = 5 is out of range: the kernel accepts 0 to 2",
				`t.yml:6:12: net.ipv4.tcp_fin_timeout = "30s" is not an integer`,
			},
		},
		{
			name: "YAML syntax error",
			src:  "- sysctl:\n    name: [net.ipv4.tcp_timestamps\n- x\n",
			diags: []string{
				"t.yml:2:1: YAML syntax error: did not find expected ',' or ']'",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseAs(t, "t.yml", tt.src)
			if got := tcpSummary(f); !slices.Equal(got, tt.tcp) {
				t.Errorf("settings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.tcp, "\n"))
			}
			if got := parsertest.DiagLines(f); !slices.Equal(got, tt.diags) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.diags, "\n"))
			}
		})
	}
}
