package topology

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// inTree is the scanned tree the table tests pretend to have, for config:.
func inTree(rel string) bool {
	return rel == "infra/nginx.conf" || rel == "lb/main.tf" || rel == "x.conf"
}

func parseString(src string) (*graph.Topology, []graph.Diagnostic) {
	return parse([]byte(src), "tolint.yaml", inTree)
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// lineCol prints a position as line:col, or just the line when the column is unknown.
func lineCol(p graph.Pos) string {
	if p.Col == 0 {
		return fmt.Sprint(p.Line)
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Col)
}

func diagLines(diags []graph.Diagnostic) []string {
	out := make([]string, len(diags))
	for i, d := range diags {
		out[i] = lineCol(d.Pos) + ": " + d.Message
	}
	return out
}

// dump prints every value of a topology with its key, raw text, origin and position, the
// way a reader checks it.
func dump(topo *graph.Topology) string {
	var b strings.Builder
	dur := func(s graph.DurationSetting) {
		if s.Known() {
			fmt.Fprintf(&b, "  %s %v (%q, %s) %s\n", s.Key, s.Value, s.Raw, s.Origin, lineCol(s.Pos))
		}
	}
	boolean := func(s graph.Setting[bool]) {
		if s.Known() {
			fmt.Fprintf(&b, "  %s %v (%q, %s) %s\n", s.Key, s.Value, s.Raw, s.Origin, lineCol(s.Pos))
		}
	}
	addrs := func(key string, list []graph.Address) {
		for _, a := range list {
			fmt.Fprintf(&b, "  %s %s (%q) %s\n", key, a.HostPort(), a.Raw, lineCol(a.Pos))
		}
	}
	for _, d := range topo.Hops {
		fmt.Fprintf(&b, "hop %s %s\n", d.Name, lineCol(d.Pos))
		if d.Kind != "" {
			fmt.Fprintf(&b, "  kind %s %s\n", d.Kind, lineCol(d.KindPos))
		}
		if d.Software != "" {
			fmt.Fprintf(&b, "  software %s version %q %s\n", d.Software, d.Version, lineCol(d.SoftwarePos))
		}
		for _, c := range d.Configs {
			fmt.Fprintf(&b, "  config %s object %q %s\n", c.File, c.Object, lineCol(c.Pos))
		}
		addrs("listen", d.Listen)
		dur(d.Listener.Idle)
		dur(d.Listener.Request)
		dur(d.Pool.Idle)
		dur(d.Pool.Request)
		dur(d.Pool.Connect)
		dur(d.Pool.TCPKeepalive)
		boolean(d.Pool.Reuse)
		addrs("pool.targets", d.Pool.Targets)
		boolean(d.TCP.Timestamps)
		if s := d.TCP.TWReuse; s.Known() {
			fmt.Fprintf(&b, "  %s %d (%q, %s) %s\n", s.Key, s.Value, s.Raw, s.Origin, lineCol(s.Pos))
		}
		boolean(d.TCP.TWRecycle)
		dur(d.TCP.KeepaliveTime)
		if d.Probe != "" {
			fmt.Fprintf(&b, "  probe %s %s\n", d.Probe, lineCol(d.ProbePos))
		}
	}
	for _, l := range topo.Links {
		fmt.Fprintf(&b, "link %s", lineCol(l.Pos))
		for i, h := range l.Hops {
			fmt.Fprintf(&b, " %s@%s", h, lineCol(l.HopPos[i]))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestExample(t *testing.T) {
	data := readTestdata(t, "example.yaml")
	topo, diags := parse(data, "tolint.yaml", inTree)
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(diagLines(diags), "\n"))
	}
	want := `hop crawler 3:11
  kind client 4:11
  software reactor-netty version "" 5:15
  listen 10.0.0.5:8080 ("10.0.0.5:8080") 6:14
  listen api.internal:443 ("api.internal:443") 6:31
  listener.idle 10s ("10s", declared) 7:22
  listener.request 60s ("60s", declared) 7:36
  pool.idle 180s ("180s", declared) 8:18
  pool.request 30s ("30s", declared) 8:33
  pool.connect 1s ("1s", declared) 8:47
  pool.tcp_keepalive 60s ("60s", declared) 8:66
  pool.reuse true ("true", declared) 8:78
  pool.targets api.internal:443 ("api.internal:443") 8:94
  tcp.timestamps true ("true", declared) 9:23
  tcp.tw_reuse 2 ("2", declared) 9:39
  tcp.tw_recycle false ("false", declared) 9:54
  tcp.keepalive_time 7200s ("7200s", declared) 9:77
  probe https://api.internal/health 10:12
hop straw-lb 11:11
  kind l4 12:11
  listen 10.0.1.1:443 ("10.0.1.1:443") 13:13
  listener.idle 350s ("350s", declared) 15:13
  tcp.timestamps false ("0", declared) 17:19
hop straw 18:11
  kind proxy 19:11
  software nginx version "1.24" 20:15
  config infra/nginx.conf object "" 21:13
  listener.idle 90s ("1m30s", declared) 22:22
  listener.request none ("none", declared) 22:38
  pool.idle 1.5s ("1.5s", declared) 24:13
  pool.reuse false ("false", declared) 25:14
  pool.targets app.internal:80 ("http://app.internal") 27:11
  pool.targets [fd00::1]:8080 ("[fd00::1]:8080") 28:11
hop app 29:11
  config lb/main.tf object "aws_lb.api" 30:13
  pool.idle 250ms ("250ms", declared) 31:18
  pool.connect 500µs ("500us", declared) 31:34
link 33:5 crawler@33:5 straw-lb@33:16 straw@33:28
link 34:5 straw@34:6 app@34:13
link 35:5 straw@35:6 app@35:13
`
	if got := dump(topo); got != want {
		t.Errorf("topology:\n%s\nwant:\n%s", got, want)
	}
	if topo.File != "tolint.yaml" {
		t.Errorf("File = %q", topo.File)
	}
	checkPositions(t, data, topo, nil)
}

// checkPositions asserts that every position is inside data, that its offset agrees with
// its line and column, and that each scalar value's raw text is found where it points.
func checkPositions(t testing.TB, data []byte, topo *graph.Topology, diags []graph.Diagnostic) {
	t.Helper()
	src := yamlsrc.New("tolint.yaml", data)
	check := func(what string, p graph.Pos, raw string) {
		t.Helper()
		if p.File != "tolint.yaml" || p.Line < 1 || p.Line > src.Lines() || p.Offset < 0 || p.Offset > len(data) {
			t.Fatalf("%s: position %+v outside the input (%d lines, %d bytes)", what, p, src.Lines(), len(data))
		}
		if p.Col == 0 {
			if p.Offset != src.LineStart(p.Line-1) {
				t.Fatalf("%s: line-only position %+v does not start line %d", what, p, p.Line)
			}
			return
		}
		if p.Offset != src.LineStart(p.Line-1)+p.Col-1 || p.Offset > src.LineEnd(p.Line-1) {
			t.Fatalf("%s: offset of %+v disagrees with line %d col %d", what, p, p.Line, p.Col)
		}
		// A value starts with its first byte, unless an anchor, tag, quote or block
		// indicator comes first.
		if raw != "" && (p.Offset == len(data) || data[p.Offset] != raw[0] && strings.IndexByte(`&!"'|>`, data[p.Offset]) < 0) {
			t.Fatalf("%s: %q not at %s (found %q)", what, raw, lineCol(p), data[p.Offset:min(len(data), p.Offset+len(raw)+20)])
		}
	}
	for _, d := range diags {
		check("diagnostic "+d.Message, d.Pos, "")
		if d.Message == "" || d.Kind != graph.ParseError {
			t.Fatalf("bad diagnostic %+v", d)
		}
	}
	for _, d := range topo.Hops {
		check("hop "+d.Name, d.Pos, "")
		settings := []graph.DurationSetting{d.Listener.Idle, d.Listener.Request, d.Pool.Idle, d.Pool.Request, d.Pool.Connect, d.Pool.TCPKeepalive, d.TCP.KeepaliveTime}
		for _, s := range settings {
			if s.Known() {
				if s.Origin != graph.Declared {
					t.Fatalf("%s origin %s", s.Key, s.Origin)
				}
				check(s.Key, s.Pos, s.Raw)
			}
		}
		for _, s := range []graph.Setting[bool]{d.Pool.Reuse, d.TCP.Timestamps, d.TCP.TWRecycle} {
			if s.Known() {
				check(s.Key, s.Pos, s.Raw)
			}
		}
		if s := d.TCP.TWReuse; s.Known() {
			check(s.Key, s.Pos, s.Raw)
		}
		for _, a := range append(append([]graph.Address(nil), d.Listen...), d.Pool.Targets...) {
			check("address", a.Pos, a.Raw)
		}
	}
	for _, l := range topo.Links {
		check("link", l.Pos, "")
		if len(l.Hops) < 2 || len(l.HopPos) != len(l.Hops) {
			t.Fatalf("bad link %+v", l)
		}
		for _, p := range l.HopPos {
			check("link hop", p, "")
		}
	}
}

func TestIsTopologyFile(t *testing.T) {
	for name, want := range map[string]bool{
		"tolint.yaml":      true,
		"tolint.yml":       true,
		"sub/tolint.yaml":  true,
		".tolint.yaml":     false,
		"tolint.yaml.bak":  false,
		"Tolint.yaml":      false,
		"infra/nginx.conf": false,
	} {
		if got := IsTopologyFile(name); got != want {
			t.Errorf("IsTopologyFile(%q) = %v, want %v", name, got, want)
		}
	}
}

// hopWith wraps settings in a hop entry, so a table line states only what it tests.
func hopWith(lines ...string) string {
	return "hops:\n  - name: a\n    " + strings.Join(lines, "\n    ") + "\n"
}

func TestDurations(t *testing.T) {
	for _, tc := range []struct {
		text string
		want graph.Duration
		err  string
	}{
		{text: "30s", want: graph.Dur(30 * time.Second)},
		{text: `"30s"`, want: graph.Dur(30 * time.Second)},
		{text: "250ms", want: graph.Dur(250 * time.Millisecond)},
		{text: "500us", want: graph.Dur(500 * time.Microsecond)},
		{text: "5m", want: graph.Dur(5 * time.Minute)},
		{text: "2h", want: graph.Dur(2 * time.Hour)},
		{text: "1m30s", want: graph.Dur(90 * time.Second)},
		{text: "1h2m3s", want: graph.Dur(time.Hour + 2*time.Minute + 3*time.Second)},
		{text: "1.5s", want: graph.Dur(1500 * time.Millisecond)},
		{text: "0.25s", want: graph.Dur(250 * time.Millisecond)},
		{text: "0s", want: graph.Dur(0)},
		{text: "none", want: graph.NoTimeout},
		{text: "None", want: graph.NoTimeout},
		{text: "30", err: "3:18: pool.idle: 30 needs a unit, e.g. 30s"},
		{text: "1.5", err: "3:18: pool.idle: 1.5 needs a unit, e.g. 1.5s"},
		{text: `"30"`, err: "3:18: pool.idle: 30 needs a unit, e.g. 30s"},
		{text: "1m30", err: `3:18: pool.idle: "1m30": a unit is required (units: us ms s m h)`},
		{text: "5d", err: `3:18: pool.idle: "5d" is not a duration: unknown unit "d" (units: us ms s m h)`},
		{text: "10ns", err: `3:18: pool.idle: "10ns" is not a duration: unknown unit "ns" (units: us ms s m h)`},
		{text: "-5s", err: `3:18: pool.idle: "-5s" is not a duration: expected a number at "-5s"`},
		{text: "forever", err: `3:18: pool.idle: "forever" is not a duration; write e.g. 30s or 1m30s, or none for no timeout`},
		{text: "99999999999h", err: `3:18: pool.idle: "99999999999h" is too large for a duration`},
		{text: "~", err: "3:18: pool.idle has no value; expected a duration such as 30s, or none for no timeout"},
		{text: "[30s]", err: `3:18: pool.idle: expected a duration such as 30s, or none for no timeout, found a list`},
	} {
		topo, diags := parseString(hopWith("pool: {idle: " + tc.text + "}"))
		got := diagLines(diags)
		if tc.err != "" {
			if len(got) != 1 || got[0] != tc.err {
				t.Errorf("idle: %s: diagnostics %q, want %q", tc.text, got, tc.err)
			}
			if topo.Hops[0].Pool.Idle.Known() {
				t.Errorf("idle: %s: a bad value was kept: %+v", tc.text, topo.Hops[0].Pool.Idle)
			}
			continue
		}
		if len(got) > 0 {
			t.Errorf("idle: %s: unexpected diagnostics %q", tc.text, got)
			continue
		}
		idle := topo.Hops[0].Pool.Idle
		if idle.Value != tc.want || idle.Origin != graph.Declared || idle.Key != "pool.idle" || idle.Raw != strings.Trim(tc.text, `"`) {
			t.Errorf("idle: %s: got %+v, want %v", tc.text, idle, tc.want)
		}
	}
}

func TestSoftware(t *testing.T) {
	for _, tc := range []struct{ text, software, version string }{
		{"nginx", "nginx", ""},
		{"nginx@1.24", "nginx", "1.24"},
		{"haproxy@2.8.3", "haproxy", "2.8.3"},
		{"NGINX@1.29.7", "nginx", "1.29.7"},
		{"reactor-netty", "reactor-netty", ""},
		{`"nginx @ 1.30"`, "nginx", "1.30"},
	} {
		topo, diags := parseString(hopWith("software: " + tc.text))
		if len(diags) > 0 {
			t.Errorf("%s: %q", tc.text, diagLines(diags))
			continue
		}
		if d := topo.Hops[0]; d.Software != tc.software || d.Version != tc.version || lineCol(d.SoftwarePos) != "3:15" {
			t.Errorf("%s: software %q version %q at %s, want %q %q at 3:15", tc.text, d.Software, d.Version, lineCol(d.SoftwarePos), tc.software, tc.version)
		}
	}
}

// TestErrors lists every mistake the parser reports, with the exact position and text a
// user sees.
func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{"syntax error: bad indentation", "hops:\n  - name: a\n    kind: proxy\n   pool: {}\n",
			[]string{"2: YAML syntax error: did not find expected '-' indicator"}},
		{"syntax error: unclosed flow list", "hops: [\n  {name: a},\n  {name: b}\nlinks: []\n",
			[]string{"4: YAML syntax error: did not find expected ',' or ']'"}},
		{"syntax error: unterminated quote", "hops:\n  - name: 'a\n",
			[]string{"2: YAML syntax error: found unexpected end of stream"}},
		{"syntax error: tab indentation", "hops:\n\t- name: a\n",
			[]string{"2: YAML syntax error: found character that cannot start any token"}},
		{"syntax error on the first line", "hops: a: b\n",
			[]string{"1: YAML syntax error: mapping values are not allowed in this context"}},
		{"undefined alias", hopWith("pool: *shared"),
			[]string{"3:11: YAML alias *shared refers to an anchor &shared that is not defined before it"}},
		{"control character", "hops:\n  - name: a\x01\n",
			[]string{"2:12: character U+0001 is not allowed in YAML"}},
		{"not UTF-8", "hops:\n  - name: caf\xe9\n",
			[]string{"2:14: invalid UTF-8 (byte 0xe9); the topology file must be UTF-8 text"}},
		{"document is a list", "- name: a\n",
			[]string{"1:1: the topology file must be a mapping with the keys hops and links, found a list"}},
		{"document is a string", "crawler -> straw\n",
			[]string{`1:1: the topology file must be a mapping with the keys hops and links, found "crawler -> straw"`}},
		{"second document", "hops: []\n---\nhops:\n  - name: b\n",
			[]string{"2:1: only the first YAML document is read; move these hops and links into the first one"}},
		{"syntax error in the second document", "hops: []\n---\n[\n",
			[]string{"4: YAML syntax error: did not find expected node content"}},
		{"unknown top-level keys", "hop: []\nversion: 1\n",
			[]string{
				`1:1: unknown key "hop" at the top level; did you mean "hops"?`,
				`2:1: unknown key "version" at the top level (valid keys: hops, links)`,
			}},
		{"unknown hop keys", hopWith("softwre: nginx", "idle: 3s", "targets: [a:1]", "timeout: 3s"),
			[]string{
				`3:5: unknown key "softwre" in a hop; did you mean "software"?`,
				`4:5: unknown key "idle" in a hop; did you mean listener.idle or pool.idle?`,
				`5:5: unknown key "targets" in a hop; did you mean pool.targets?`,
				`6:5: unknown key "timeout" in a hop (valid keys: name, kind, software, config, listen, listener, pool, tcp, probe)`,
			}},
		{"unknown nested keys", hopWith("listener: {idel: 10s}", "pool: {keepalive: 5s, Idle: 1s}", "tcp: {timestamp: true}"),
			[]string{
				`3:16: unknown key "idel" in listener; did you mean "idle"?`,
				`4:12: unknown key "keepalive" in pool (valid keys: idle, request, connect, tcp_keepalive, reuse, targets)`,
				`4:27: unknown key "Idle" in pool; did you mean "idle"?`,
				`5:11: unknown key "timestamp" in tcp; did you mean "timestamps"?`,
			}},
		{"duplicate keys", hopWith("pool: {idle: 1s, idle: 2s}", "kind: proxy", "kind: server"),
			[]string{
				`3:22: duplicate key "idle" in pool, first at line 3`,
				`5:5: duplicate key "kind" in a hop, first at line 4`,
			}},
		{"non-scalar key", "? [hops]\n: 1\n",
			[]string{"1:3: a key must be a name, found a list"}},
		{"hops is not a list", "hops:\n  name: a\n",
			[]string{"2:3: hops: expected a list of hop entries (- name: …), found a mapping"}},
		{"hop entry is not a mapping", "hops:\n  - crawler\n",
			[]string{`2:5: a hop entry must be a mapping such as {name: api, kind: server}, found "crawler"`}},
		{"wrong types", hopWith("listener: 10s", "pool: [1s]", "tcp: true", "listen: {a: 1}", "kind: [proxy]", "probe: {}"),
			[]string{
				`3:15: listener: expected a mapping such as {idle: 60s, request: 60s}, found "10s"`,
				"4:11: pool: expected a mapping such as {idle: 30s, reuse: true}, found a list",
				`5:10: tcp: expected a mapping such as {timestamps: true}, found "true"`,
				`6:13: listen: expected a list of addresses such as ["10.0.0.5:8080"], found a mapping`,
				"7:11: kind: expected one of client, proxy, l4, server, found a list",
				"8:12: probe: expected a URL such as https://api.internal/health, found a mapping",
			}},
		{"names", "hops:\n  - name: a\n  - name: a\n  - kind: proxy\n  - name:\n  - name: ''\n  - name: x -> y\n  - name: ' b'\n",
			[]string{
				`3:11: duplicate hop name "a", first declared at line 2`,
				"4:5: hop entry has no name; add name: with a name unique in this file",
				"5:10: name has no value; expected a hop name",
				"6:11: name is empty",
				`7:11: name "x -> y" contains ->, which separates hops in links`,
				`8:11: name " b" starts or ends with a space`,
			}},
		{"kinds", "hops:\n  - name: a\n    kind: proxi\n  - name: b\n    kind: loadbalancer\n  - name: c\n    kind: L4\n",
			[]string{
				`3:11: kind "proxi" is not one of client, proxy, l4, server; did you mean "proxy"?`,
				`5:11: kind "loadbalancer" is not one of client, proxy, l4, server (proxy terminates TCP and HTTP, l4 passes the TCP connection through)`,
				`7:11: kind "L4" is not one of client, proxy, l4, server; did you mean "l4"?`,
			}},
		{"software", "hops:\n  - name: a\n    software: nginx@\n  - name: b\n    software: '@1.2'\n  - name: c\n    software: nginx@latest\n",
			[]string{
				`3:15: software "nginx@": the version after @ is empty; write e.g. nginx@1.24, or leave out @ for the newest release`,
				`5:15: software "@1.2" has no name; write e.g. nginx or nginx@1.24`,
				`7:15: software "nginx@latest": the version must be a number such as nginx@1.24; leave out @ for the newest release`,
			}},
		{"config", "hops:\n  - name: a\n    config: /etc/nginx/nginx.conf\n  - name: b\n    config: ../x.conf\n  - name: c\n    config: missing.conf\n  - name: d\n    config: 'x.conf#'\n  - name: e\n    config: '#obj'\n",
			[]string{
				`3:13: config "/etc/nginx/nginx.conf" must be a path relative to the directory of the topology file, inside the scan`,
				`5:13: config "../x.conf" must be a path relative to the directory of the topology file, inside the scan`,
				`7:13: config "missing.conf": no such file in the scanned tree`,
				`9:13: config "x.conf#": the object after # is empty; write file#object, or just file`,
				`11:13: config "#obj" names no file; write file or file#object`,
			}},
		{"addresses", hopWith(`listen: ["10.0.0.1:99999", "[::1", ""]`, "pool: {targets: [api.internal:0, [a]]}"),
			[]string{
				`3:14: listen: address "10.0.0.1:99999": bad port "99999"`,
				`3:32: listen: address "[::1": missing ']'`,
				`3:40: listen: empty address ""`,
				`4:22: pool.targets: address "api.internal:0": bad port "0"`,
				"4:38: pool.targets: expected an address such as 10.0.0.5:8080 or api.internal:443, found a list",
			}},
		{"booleans and tw_reuse", hopWith("pool: {reuse: yes}", "tcp: {timestamps: 3, tw_recycle: 2, tw_reuse: 3}", "tcp: {tw_reuse: true}"),
			[]string{
				`3:19: pool.reuse: "yes" is not a boolean; write true or false`,
				`4:23: tcp.timestamps: "3" is not a boolean; write true or false (or the sysctl value 0, 1 or 2)`,
				`4:38: tcp.tw_recycle: "2" is not a boolean; write true or false (or the sysctl value 0 or 1)`,
				`4:51: tcp.tw_reuse must be 0, 1 or 2, found "3"`,
				`5:5: duplicate key "tcp" in a hop, first at line 4`,
			}},
		{"tw_reuse not a number", hopWith("tcp: {tw_reuse: true}"),
			[]string{`3:21: tcp.tw_reuse must be 0, 1 or 2, found "true"`}},
		{"empty values", hopWith("kind:", "pool: {reuse: ~, idle: }"),
			[]string{
				"3:10: kind has no value; expected one of client, proxy, l4, server",
				"4:19: pool.reuse has no value; expected true or false",
				"4:28: pool.idle has no value; expected a duration such as 30s, or none for no timeout",
			}},
		{"links to unknown hops", "hops: [{name: crawler}, {name: straw}]\nlinks:\n  - crawler -> strw\n  - [crawlr, straw]\n  - crawler -> db\n",
			[]string{
				`3:16: unknown hop "strw" in link; did you mean "straw"?`,
				`4:6: unknown hop "crawlr" in link; did you mean "crawler"?`,
				`5:16: unknown hop "db" in link; every hop in a link must be declared under hops`,
			}},
		{"malformed links", "hops: [{name: a}, {name: b}]\nlinks:\n  - a\n  - [b]\n  - a -> -> b\n  - a ->\n  - {from: a, to: b}\n  - [a, [b]]\n  - ~\n",
			[]string{
				`3:5: a link needs at least two hops joined by ->, e.g. "crawler -> straw"`,
				`4:5: a link needs at least two hops joined by ->, e.g. "crawler -> straw"`,
				`5:10: link "a -> -> b" has an empty hop name; write hop names joined by ->`,
				`6:9: link "a ->" has an empty hop name; write hop names joined by ->`,
				`7:5: a link is a string such as "crawler -> straw" or a list of hop names, found a mapping`,
				"8:9: link: expected a hop name, found a list",
				`9:5: a link is empty; write hop names joined by ->, e.g. "crawler -> straw"`,
			}},
		{"links is not a list", "links: a -> b\n",
			[]string{`1:8: links: expected a list of links such as - crawler -> straw, found "a -> b"`}},
		{"merge key with a scalar", hopWith("pool: {<<: [1]}"),
			[]string{`3:17: a merge key (<<) takes a mapping or a list of mappings, found "1"`}},
		{"merge key cycle", hopWith("pool: &p {<<: *p}"),
			[]string{"3:19: a merge key (<<) refers to a mapping that contains it"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo, diags := parseString(tc.src)
			got := diagLines(diags)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			checkPositions(t, []byte(tc.src), topo, diags)
		})
	}
}

// TestPartialRead: a mistake loses only the value, entry or link it is in.
func TestPartialRead(t *testing.T) {
	data := readTestdata(t, "errors.yaml")
	topo, diags := parse(data, "tolint.yaml", inTree)
	wantDiags := []string{
		`3:11: kind "clinet" is not one of client, proxy, l4, server; did you mean "client"?`,
		"4:18: pool.idle: 30 needs a unit, e.g. 30s",
		`4:29: pool.reuse: "yes" is not a boolean; write true or false`,
		`5:16: unknown key "idel" in listener; did you mean "idle"?`,
		`7:15: software "nginx@": the version after @ is empty; write e.g. nginx@1.24, or leave out @ for the newest release`,
		`8:21: tcp.tw_reuse must be 0, 1 or 2, found "3"`,
		"9:5: hop entry has no name; add name: with a name unique in this file",
		`10:11: duplicate hop name "crawler", first declared at line 2`,
		`12:16: unknown hop "strw" in link; did you mean "straw"?`,
	}
	if got := diagLines(diags); strings.Join(got, "\n") != strings.Join(wantDiags, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantDiags, "\n"))
	}
	want := "hop crawler 2:11\nhop straw 6:11\nlink 13:5 crawler@13:5 straw@13:16\n"
	if got := dump(topo); got != want {
		t.Errorf("topology:\n%s\nwant:\n%s", got, want)
	}
}

func TestAnchorsAndMergeKeys(t *testing.T) {
	data := readTestdata(t, "anchors.yaml")
	topo, diags := parse(data, "tolint.yaml", inTree)
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(diagLines(diags), "\n"))
	}
	// Shared values point where they are written; a key written next to << wins over
	// merged ones, and the first of several merged mappings wins over later ones.
	want := `hop web-1 4:11
  kind server 5:11
  listener.idle 75s ("75s", declared) 6:33
  listener.request 60s ("60s", declared) 6:47
  pool.idle 30s ("30s", declared) 8:13
  pool.reuse true ("true", declared) 9:14
hop web-2 10:11
  kind server 11:11
  listener.idle 75s ("75s", declared) 6:33
  listener.request 60s ("60s", declared) 6:47
  pool.idle 20s ("20s", declared) 15:13
  pool.reuse true ("true", declared) 9:14
hop edge 16:11
  kind proxy 17:11
  pool.idle 30s ("30s", declared) 8:13
  pool.connect 2s ("2s", declared) 18:34
  pool.reuse true ("true", declared) 9:14
link 20:5 edge@20:5 web-1@20:13
link 21:5 edge@21:5 web-2@21:13
`
	if got := dump(topo); got != want {
		t.Errorf("topology:\n%s\nwant:\n%s", got, want)
	}
	checkPositions(t, data, topo, diags)
}

// TestAliasBombs: alias expansion is bounded, so hostile input ends fast with an error.
func TestAliasBombs(t *testing.T) {
	for _, tc := range []struct {
		file string
		want string
	}{
		{"merge-bomb.yaml", "YAML aliases here expand to more than 100000 nodes; the rest of the topology file is not read"},
		{"billion-laughs.yaml", "listen: expected an address such as 10.0.0.5:8080 or api.internal:443, found a list"},
	} {
		data := readTestdata(t, tc.file)
		start := time.Now()
		topo, diags := parse(data, "tolint.yaml", inTree)
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Errorf("%s took %v", tc.file, elapsed)
		}
		found := false
		for _, d := range diags {
			found = found || d.Message == tc.want
		}
		if !found {
			t.Errorf("%s: no diagnostic %q in:\n%s", tc.file, tc.want, strings.Join(diagLines(diags), "\n"))
		}
		checkPositions(t, data, topo, diags)
	}
}

func TestEmptyFiles(t *testing.T) {
	for _, src := range []string{"", "# nothing declared yet\n", "---\n", "hops:\nlinks:\n", "~\n", "hops: []\n---\n"} {
		topo, diags := parseString(src)
		if len(diags) > 0 || len(topo.Hops) > 0 || len(topo.Links) > 0 || topo.File != "tolint.yaml" {
			t.Errorf("%q: got %+v, %q", src, topo, diagLines(diags))
		}
	}
}

// TestPositionsAreBytes: columns count bytes, after multi-byte characters, tabs, a BOM and
// CRLF or NEL line ends, although yaml.v3 counts characters.
func TestPositionsAreBytes(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"# café\nhops: [{name: é, listener: {idle: 5s}}]\n", "hop é 2:15\n  listener.idle 5s (\"5s\", declared) 2:36\n"},
		{"\ufeffhops: [{name: a}]\n", "hop a 1:18\n"},
		{"hops:\r\n  - name: a\r\n    pool: {idle: 5s}\r\n", "hop a 2:11\n  pool.idle 5s (\"5s\", declared) 3:18\n"},
		{"hops:\u0085  - {name: a, tcp: {keepalive_time: \"1h\"}}\n", "hop a 2:12\n  tcp.keepalive_time 3600s (\"1h\", declared) 2:37\n"},
		{"hops: [{name: \"ü\", pool: {targets: [\"ö.example:80\", 'ä:1']}}]\n", "hop ü 1:15\n  pool.targets ö.example:80 (\"ö.example:80\") 1:38\n  pool.targets ä:1 (\"ä:1\") 1:55\n"},
		{"hops: [{name: a}, {name: b}]\nlinks: [\"a\u00a0->\u00a0b\", 'ä' ]\n", ""},
	} {
		topo, diags := parseString(tc.src)
		got := dump(topo)
		if len(diags) > 0 {
			got += strings.Join(diagLines(diags), "\n") + "\n"
		}
		if tc.want != "" && got != tc.want {
			t.Errorf("%q:\n%s\nwant:\n%s", tc.src, got, tc.want)
		}
		checkPositions(t, []byte(tc.src), topo, diags)
	}
	// A long line of wide characters exercises the column index.
	long := "hops: [{name: a, listen: [" + strings.Repeat(`"ü.example:80", `, 300) + `"x:1"]}]` + "\n"
	topo, diags := parseString(long)
	if len(diags) > 0 || len(topo.Hops[0].Listen) != 301 {
		t.Fatalf("long line: %q", diagLines(diags))
	}
	if last := topo.Hops[0].Listen[300]; last.Pos.Col != strings.Index(long, `"x:1"`)+1 {
		t.Errorf("long line: last address at %s, want col %d", lineCol(last.Pos), strings.Index(long, `"x:1"`)+1)
	}
	checkPositions(t, []byte(long), topo, diags)
}

// TestLinkNamePositions: names in "a -> b" get their own columns where the text is written
// as is, and share the string's position where escapes or folding hide where they are.
func TestLinkNamePositions(t *testing.T) {
	hops := "hops: [{name: a}, {name: bb}]\nlinks:\n"
	for _, tc := range []struct{ link, want string }{
		{"  - a -> bb", "link 3:5 a@3:5 bb@3:10\n"},
		{"  - a->bb", "link 3:5 a@3:5 bb@3:8\n"},
		{"  - 'a ->  bb'", "link 3:5 a@3:6 bb@3:12\n"},
		{`  - "a -> bb"`, "link 3:5 a@3:6 bb@3:11\n"},
		{"  - &l a -> bb", "link 3:5 a@3:8 bb@3:13\n"},
		{`  - "a -> \x62b"`, "link 3:5 a@3:5 bb@3:5\n"},
		{"  - >-\n    a ->\n    bb", "link 3:5 a@3:5 bb@3:5\n"},
		{"  - - a\n    - bb", "link 3:5 a@3:7 bb@4:7\n"},
		{"  - [a, bb, a]", "link 3:5 a@3:6 bb@3:9 a@3:13\n"},
	} {
		src := hops + tc.link + "\n"
		topo, diags := parseString(src)
		if got := dump(topo); !strings.HasSuffix(got, tc.want) || len(diags) > 0 {
			t.Errorf("%q: got\n%s%q, want link %s", tc.link, got, diagLines(diags), tc.want)
		}
		checkPositions(t, []byte(src), topo, diags)
	}
}

// TestParseTree reads through input.Tree: display paths, unreadable files, tolint.yml.
func TestParseTree(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		path := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("infra/nginx.conf", "events {}\n")
	write("scan/tolint.yaml", "hops:\n  - name: edge\n    config: ../infra/nginx.conf\n")
	write("tolint.yml", "hops:\n  - name: edge\n    config: ./infra/nginx.conf\n    pool: {idle: 3}\n")
	write("binary/tolint.yaml", "hops:\x00\n")

	tree, err := input.NewTree(filepath.Join(root, "scan"), root)
	if err != nil {
		t.Fatal(err)
	}
	topo, diags := Parse(tree, "tolint.yaml")
	if got := diagLines(diags); len(got) != 1 || got[0] != `3:13: config "../infra/nginx.conf" must be a path relative to the directory of the topology file, inside the scan` {
		t.Errorf("config outside the scan: %q", got)
	}
	if topo.File != "scan/tolint.yaml" || diags[0].Pos.File != "scan/tolint.yaml" || len(topo.Hops) != 1 {
		t.Errorf("display path: topology %q, diagnostic %q, hops %d", topo.File, diags[0].Pos.File, len(topo.Hops))
	}

	tree, err = input.NewTree(root, root)
	if err != nil {
		t.Fatal(err)
	}
	topo, diags = Parse(tree, "tolint.yml")
	if got := diagLines(diags); len(got) != 1 || got[0] != "4:18: pool.idle: 3 needs a unit, e.g. 3s" {
		t.Errorf("tolint.yml: %q", got)
	}
	if d := topo.Hops[0]; len(d.Configs) != 1 || d.Configs[0].File != "infra/nginx.conf" || d.Configs[0].Pos.String() != "tolint.yml:3:13" {
		t.Errorf("config %+v, want infra/nginx.conf at tolint.yml:3:13", d.Configs)
	}

	for _, tc := range []struct{ rel, want string }{
		{"missing/tolint.yaml", "cannot read the topology file: "},
		{"binary/tolint.yaml", "cannot read the topology file: binary file (contains NUL bytes), not a configuration file"},
	} {
		topo, diags = Parse(tree, tc.rel)
		if len(diags) != 1 || !strings.HasPrefix(diags[0].Message, tc.want) || diags[0].Pos != (graph.Pos{File: tc.rel, Line: 1, Col: 1}) || topo == nil || topo.File != tc.rel {
			t.Errorf("%s: %+v %+v, want %q", tc.rel, topo, diags, tc.want)
		}
	}
}

// TestManyMisspeltNames: "did you mean" among thousands of hops is bounded, so a file full
// of unknown names still parses quickly; the first ones still get their suggestion.
func TestManyMisspeltNames(t *testing.T) {
	var b strings.Builder
	b.WriteString("hops:\n")
	long := strings.Repeat("x", 90)
	for i := range 3000 {
		fmt.Fprintf(&b, "  - name: %s-%d\n", long, i)
	}
	b.WriteString("links:\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "  - %s-%dy -> %s-%dz\n", long, i, long, i)
	}
	start := time.Now()
	topo, diags := parseString(b.String())
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %v", elapsed)
	}
	if len(topo.Hops) != 3000 || len(topo.Links) != 0 || len(diags) != 6000 {
		t.Fatalf("%d hops, %d links, %d diagnostics", len(topo.Hops), len(topo.Links), len(diags))
	}
	if want := fmt.Sprintf("unknown hop %q in link; did you mean %q?", long+"-0y", long+"-0"); diags[0].Message != want {
		t.Errorf("first diagnostic %q, want %q", diags[0].Message, want)
	}
}

func TestLinksMayNameParsedHops(t *testing.T) {
	for name, want := range map[string]bool{
		"infra/alb.tf#aws_lb.api":               true,
		"k8s/mesh.yaml#DestinationRule/pay/pay": true,
		"nginx.conf":                            true,
		"crawler":                               false,
		"api.internal":                          false,
	} {
		if got := IsHopID(name); got != want {
			t.Errorf("IsHopID(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestConfigList(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"app/nginx.conf", "host/sysctl.conf"} {
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	yml := "hops:\n  - name: web\n    config: [app/nginx.conf, host/sysctl.conf, nope.conf]\n"
	if err := os.WriteFile(filepath.Join(root, "tolint.yaml"), []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	tree, err := input.NewTree(root, root)
	if err != nil {
		t.Fatal(err)
	}
	topo, diags := Parse(tree, "tolint.yaml")
	if got := diagLines(diags); len(got) != 1 || !strings.Contains(got[0], `3:48: config "nope.conf": no such file`) {
		t.Errorf("diags = %q", got)
	}
	if c := topo.Hops[0].Configs; len(c) != 2 || c[0].File != "app/nginx.conf" || c[1].File != "host/sysctl.conf" || c[1].Pos.Col != 30 {
		t.Errorf("configs = %+v", c)
	}
}
