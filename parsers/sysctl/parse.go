package sysctl

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// Parse reads one sysctl file, or Ansible task file, into a hop holding the host's TCP
// settings. Files ending in .yml or .yaml are read as Ansible tasks, others as sysctl.conf.
func Parse(t *input.Tree, rel string, opts input.Options) *graph.Fragment {
	data, err := t.ReadFile(rel)
	if err != nil {
		return t.Unreadable(rel, "sysctl settings", err)
	}
	return parse(data, rel, t.Display(rel), opts)
}

// parse is Parse on bytes already read; display is the file name printed to users.
func parse(data []byte, rel, display string, opts input.Options) *graph.Fragment {
	s := &settings{
		file: display,
		hop: &graph.Hop{
			ID: rel, Kind: graph.Server, Software: "linux", Version: opts.Version,
			Pos: graph.Pos{File: display, Line: 1, Col: 1}, Files: []string{rel},
		},
	}
	if isYAML(rel) {
		readAnsible(s, data)
	} else {
		readConf(s, data)
	}
	return &graph.Fragment{Files: []string{rel}, Hops: []*graph.Hop{s.hop}, Diags: s.diags}
}

func isYAML(rel string) bool {
	ext := strings.ToLower(path.Ext(rel))
	return ext == ".yml" || ext == ".yaml"
}

// settings collects the assignments of one file into its hop.
type settings struct {
	file  string
	hop   *graph.Hop
	diags []graph.Diagnostic
}

func (s *settings) errorAt(p graph.Pos, msg string) {
	s.diags = append(s.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: p, Message: msg})
}

// limit is the range the kernel accepts for a setting.
type limit struct{ min, max int64 }

// tcpKeys are the sysctls read, with the values the kernel accepts: tcp_tw_reuse is a u8
// limited to 0..2, tcp_timestamps and tcp_keepalive_probes are u8 without further limit
// (net/ipv4/sysctl_net_ipv4.c, proc_dou8vec_minmax), the others ints, the timers counted in
// seconds (proc_dointvec_jiffies). A negative timer is accepted by the kernel but has no
// meaning, so it is reported too.
var tcpKeys = map[string]limit{
	"net.ipv4.tcp_timestamps":       {0, 255},
	"net.ipv4.tcp_tw_reuse":         {0, 2},
	"net.ipv4.tcp_tw_recycle":       {0, 1<<31 - 1},
	"net.ipv4.tcp_keepalive_time":   {0, 1<<31 - 1},
	"net.ipv4.tcp_keepalive_intvl":  {0, 1<<31 - 1},
	"net.ipv4.tcp_keepalive_probes": {0, 255},
	"net.ipv4.tcp_fin_timeout":      {0, 1<<31 - 1},
}

// set applies one assignment; key is in dotted form, value the text the kernel gets, raw
// the value as written, at its position (or the key's, for an empty value). A later assignment replaces an earlier one; a value
// the kernel refuses is reported and leaves the earlier value in place, as writing it fails.
func (s *settings) set(key, value, raw string, at graph.Pos) {
	lim, ok := tcpKeys[key]
	if !ok {
		return
	}
	n, ok := kernelInt(value)
	switch {
	case value == "":
		s.errorAt(at, key+" has no value")
		return
	case !ok:
		msg := fmt.Sprintf("%s = %q is not an integer", key, value)
		if strings.ContainsAny(value, "#;") {
			msg += ": sysctl files have no comments after a value, '#' and ';' start a comment only at the beginning of a line"
		}
		s.errorAt(at, msg)
		return
	case n < lim.min || n > lim.max:
		s.errorAt(at, fmt.Sprintf("%s = %s is out of range: the kernel accepts %d to %d", key, value, lim.min, lim.max))
		return
	}
	tcp := &s.hop.TCP
	switch key {
	case "net.ipv4.tcp_timestamps":
		tcp.Timestamps = graph.Setting[bool]{Value: n != 0, Origin: graph.Explicit, Pos: at, Key: key, Raw: raw}
	case "net.ipv4.tcp_tw_reuse":
		tcp.TWReuse = graph.Setting[int]{Value: int(n), Origin: graph.Explicit, Pos: at, Key: key, Raw: raw}
	case "net.ipv4.tcp_tw_recycle":
		tcp.TWRecycle = graph.Setting[bool]{Value: n != 0, Origin: graph.Explicit, Pos: at, Key: key, Raw: raw}
	case "net.ipv4.tcp_keepalive_time":
		tcp.KeepaliveTime = graph.DurationSetting{Value: graph.Dur(time.Duration(n) * time.Second), Origin: graph.Explicit,
			Pos: at, Key: key, Raw: raw, BareUnit: time.Second}
	}
}

// kernelInt reads an integer as the kernel's proc_get_long does: an optional minus sign,
// then a number in C notation (0x hexadecimal, leading 0 octal, else decimal).
func kernelInt(s string) (int64, bool) {
	neg := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		neg, s = true, rest
	}
	base := 10
	switch {
	case len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		base, s = 16, s[2:]
	case len(s) > 1 && s[0] == '0':
		base, s = 8, s[1:]
	}
	// ParseUint with an explicit base takes neither a sign nor underscores, as C does not.
	u, err := strconv.ParseUint(s, base, 63)
	if err != nil {
		return 0, false
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

// normalizeKey turns a sysctl name into its dotted form. As in procps and systemd, a name
// whose first separator is '/' uses slashes as separators and may hold dots inside a
// component (an interface name such as eth0.100), so the two are swapped.
func normalizeKey(key string) string {
	i := strings.IndexAny(key, "./")
	if i < 0 || key[i] == '.' {
		return key
	}
	b := []byte(key)
	for j, c := range b {
		switch c {
		case '/':
			b[j] = '.'
		case '.':
			b[j] = '/'
		}
	}
	return string(b)
}
