package haproxy

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// frontendWith is a minimal config whose frontend "f" has the given lines.
func frontendWith(lines ...string) string {
	return "frontend f\n    bind 10.0.0.1:80\n" + strings.Join(lines, "\n") + "\n"
}

func TestTimeValues(t *testing.T) {
	tests := []struct {
		value    string
		want     graph.Duration
		bareUnit time.Duration
		diag     string
	}{
		{value: "30", want: graph.Dur(30 * time.Millisecond), bareUnit: time.Millisecond},
		{value: "30s", want: graph.Dur(30 * time.Second)},
		{value: "1500us", want: graph.Dur(1500 * time.Microsecond)},
		{value: "250ms", want: graph.Dur(250 * time.Millisecond)},
		{value: "2m", want: graph.Dur(2 * time.Minute)},
		{value: "1h", want: graph.Dur(time.Hour)},
		{value: "1d", want: graph.Dur(24 * time.Hour)},
		{value: "0", want: graph.NoTimeout, bareUnit: time.Millisecond},
		{value: `"45s"`, want: graph.Dur(45 * time.Second)},
		{value: `"${CLIENT_TIMEOUT-20s}"`, want: graph.Dur(20 * time.Second)},
		{value: "1.5s", diag: `timeout client: "1.5s": HAProxy accepts whole numbers only (write 1500ms)`},
		{value: "1m30s", diag: `timeout client: "1m30s": HAProxy reads one number and one unit (write 90s)`},
		{value: "30S", diag: `timeout client: "30S" is not a duration: unknown unit "S" (units: us ms s m h d; a number without unit is in milliseconds)`},
		{value: "-5s", diag: `timeout client: "-5s" is not a duration: expected a number at "-5s"`},
		{value: "25d", diag: `timeout client: "25d" is too large: HAProxy's timers stop at 2147483647ms (about 24.8 days)`},
		{value: "2147483648", diag: `timeout client: "2147483648" is too large: HAProxy's timers stop at 2147483647ms (about 24.8 days)`},
		{value: "99999999999999999999", diag: `timeout client: "99999999999999999999" is too large`},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			src := frontendWith("    mode tcp", "    timeout client "+tt.value)
			f := parseText(t, src)
			idle := parsertest.Listener(t, f.Hops[0], "frontend f").Idle
			if tt.diag != "" {
				want := []string{parsertest.At(t, testFile, src, 4, tt.value[:1]) + ": " + tt.diag}
				if got := parsertest.DiagLines(f); !slices.Equal(got, want) {
					t.Fatalf("diagnostics\n got %q\nwant %q", got, want)
				}
				if idle.Origin != graph.Default {
					t.Errorf("a rejected value must not be used, got %s %s", idle.Origin, idle.Value)
				}
				return
			}
			parsertest.NoDiags(t, f)
			if idle.Value != tt.want || idle.BareUnit != tt.bareUnit || idle.Origin != graph.Explicit {
				t.Errorf("got %s %v bare unit %v, want %s bare unit %v", idle.Origin, idle.Value, idle.BareUnit, tt.want, tt.bareUnit)
			}
			if idle.Raw != tt.value || idle.Key != "timeout client" || idle.Pos.String() != parsertest.At(t, testFile, src, 4, tt.value) {
				t.Errorf("raw %q key %q at %s", idle.Raw, idle.Key, idle.Pos)
			}
		})
	}
}

func TestEnvironmentVariableWithoutDefaultIsUnknown(t *testing.T) {
	src := frontendWith("    mode tcp", `    timeout client "${CLIENT_TIMEOUT}"`)
	f := parseText(t, src)
	parsertest.NoDiags(t, f)
	idle := parsertest.Listener(t, f.Hops[0], "frontend f").Idle
	if idle.Known() || idle.Key != "timeout client" || !strings.Contains(idle.Note, "environment variable") {
		t.Errorf("want an unknown setting that says why, got %s %v %q", idle.Origin, idle.Value, idle.Note)
	}
}

func TestListenerIdleFallbacks(t *testing.T) {
	tests := []struct {
		name     string
		lines    []string
		want     graph.Duration
		origin   graph.Origin
		key      string
		note     string
		request  graph.Duration
		reqKey   string
		valuePos int // line of the value, 0 = the frontend line
	}{
		{name: "http-keep-alive is the idle wait",
			lines: []string{"    mode http", "    timeout http-keep-alive 2s", "    timeout http-request 10s", "    timeout client 30s"},
			want:  graph.Dur(2 * time.Second), origin: graph.Explicit, key: "timeout http-keep-alive",
			request: graph.Dur(10 * time.Second), reqKey: "timeout http-request", valuePos: 4},
		{name: "unset http-keep-alive falls back to http-request",
			lines: []string{"    mode http", "    timeout http-request 10s", "    timeout client 30s"},
			want:  graph.Dur(10 * time.Second), origin: graph.Explicit, key: "timeout http-request",
			note:    "timeout http-keep-alive is not set, so HAProxy falls back to timeout http-request",
			request: graph.Dur(10 * time.Second), reqKey: "timeout http-request", valuePos: 4},
		{name: "then to client",
			lines: []string{"    mode http", "    timeout client 30s"},
			want:  graph.Dur(30 * time.Second), origin: graph.Explicit, key: "timeout client",
			note:    "timeout http-keep-alive and timeout http-request are not set, so HAProxy falls back to timeout client",
			request: graph.Dur(30 * time.Second), reqKey: "timeout client", valuePos: 4},
		{name: "a zero timeout counts as not set",
			lines: []string{"    mode http", "    timeout http-keep-alive 0", "    timeout client 30s"},
			want:  graph.Dur(30 * time.Second), origin: graph.Explicit, key: "timeout client",
			note:    "timeout http-keep-alive (0) and timeout http-request are not set, so HAProxy falls back to timeout client",
			request: graph.Dur(30 * time.Second), reqKey: "timeout client", valuePos: 5},
		{name: "mode tcp uses only client",
			lines: []string{"    mode tcp", "    timeout http-keep-alive 2s", "    timeout client 30s"},
			want:  graph.Dur(30 * time.Second), origin: graph.Explicit, key: "timeout client",
			note:    "mode tcp: the connection is closed after timeout client without traffic",
			request: graph.Dur(30 * time.Second), reqKey: "timeout client", valuePos: 5},
		{name: "no mode means tcp",
			lines: []string{"    timeout http-keep-alive 2s", "    timeout client 30s"},
			want:  graph.Dur(30 * time.Second), origin: graph.Explicit, key: "timeout client",
			request: graph.Dur(30 * time.Second), reqKey: "timeout client", valuePos: 4},
		{name: "client 0 is no timeout",
			lines: []string{"    mode http", "    timeout client 0"},
			want:  graph.NoTimeout, origin: graph.Explicit, key: "timeout client",
			note:    "timeout client 0 means no timeout: HAProxy treats 0 as not set",
			request: graph.NoTimeout, reqKey: "timeout client", valuePos: 4},
		{name: "nothing set is HAProxy's default: no timeout",
			lines: []string{"    mode http"},
			want:  graph.NoTimeout, origin: graph.Default, key: "timeout client",
			note:    "HAProxy has no client timeout unless one is set",
			request: graph.NoTimeout, reqKey: "timeout client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := frontendWith(tt.lines...)
			f := parseText(t, src)
			parsertest.NoDiags(t, f)
			l := parsertest.Listener(t, f.Hops[0], "frontend f")
			if l.Idle.Value != tt.want || l.Idle.Origin != tt.origin || l.Idle.Key != tt.key {
				t.Errorf("idle: got %s %s %q, want %s %s %q", l.Idle.Origin, l.Idle.Value, l.Idle.Key, tt.origin, tt.want, tt.key)
			}
			if !strings.Contains(l.Idle.Note, tt.note) {
				t.Errorf("idle note %q does not say %q", l.Idle.Note, tt.note)
			}
			wantPos := "haproxy.cfg:1:1"
			if tt.valuePos > 0 {
				wantPos = parsertest.At(t, testFile, src, tt.valuePos, strings.Fields(strings.Split(src, "\n")[tt.valuePos-1])[2])
			}
			if l.Idle.Pos.String() != wantPos {
				t.Errorf("idle at %s, want %s", l.Idle.Pos, wantPos)
			}
			if l.Request.Value != tt.request || l.Request.Key != tt.reqKey {
				t.Errorf("request: got %s %q, want %s %q", l.Request.Value, l.Request.Key, tt.request, tt.reqKey)
			}
		})
	}
}

func TestInheritance(t *testing.T) {
	src := `defaults
    mode http
    timeout client 11s
defaults base
    mode http
    timeout client 22s
    timeout server 1m
defaults slow from base
    timeout server 5m
defaults
    mode http
    timeout client 33s
frontend last
    bind :80
frontend chosen from base
    bind :81
backend app from slow
    server s 10.0.0.9:80
frontend own from slow
    bind :82
    timeout client 44s
`
	f := parseText(t, src)
	parsertest.NoDiags(t, f)
	tests := []struct {
		name  string
		got   graph.DurationSetting
		value time.Duration
		pos   string
		note  string
	}{
		{"without from, the last defaults section above", parsertest.Listener(t, f.Hops[0], "frontend last").Idle,
			33 * time.Second, parsertest.At(t, testFile, src, 12, "33s"), "inherited from defaults at haproxy.cfg:12"},
		{"from names a defaults section", parsertest.Listener(t, f.Hops[0], "frontend chosen").Idle,
			22 * time.Second, parsertest.At(t, testFile, src, 6, "22s"), "inherited from defaults base at haproxy.cfg:6"},
		{"a defaults section's own value", parsertest.Pool(t, f.Hops[0], "backend app").Request,
			5 * time.Minute, parsertest.At(t, testFile, src, 9, "5m"), "inherited from defaults slow at haproxy.cfg:9"},
		{"through defaults from defaults", parsertest.Listener(t, f.Hops[0], "frontend own").Request,
			44 * time.Second, parsertest.At(t, testFile, src, 21, "44s"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got.Value.D != tt.value || tt.got.Pos.String() != tt.pos || !strings.HasPrefix(tt.got.Note, tt.note) {
				t.Errorf("got %s at %s (%s) %q, want %s at %s %q", tt.got.Value, tt.got.Pos, tt.got.Origin, tt.got.Note, tt.value, tt.pos, tt.note)
			}
			wantOrigin := graph.Inherited
			if tt.note == "" {
				wantOrigin = graph.Explicit
			}
			if tt.got.Origin != wantOrigin {
				t.Errorf("origin %s, want %s", tt.got.Origin, wantOrigin)
			}
		})
	}
	// A defaults section without "from" starts from HAProxy's defaults.
	app := parsertest.Pool(t, f.Hops[0], "backend app")
	if app.Connect.Origin != graph.Default {
		t.Errorf("backend app connect: %s, want the default", app.Connect.Describe())
	}
	if got := parsertest.Pool(t, f.Hops[0], "backend app").Request.Provenance("5m"); got != "timeout server 5m inherited from "+parsertest.At(t, testFile, src, 9, "5m") {
		t.Errorf("provenance %q", got)
	}
}

func TestPoolIdleFromPoolPurgeDelay(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		want   graph.Duration
		origin graph.Origin
		pos    string // needle on line posLine; "" = the backend name
		line   int
		note   string
	}{
		{name: "default 5s",
			src:  "backend b\n    server s 10.0.0.1:80\n",
			want: graph.Dur(5 * time.Second), origin: graph.Default, note: "pool-purge-delay default 5s"},
		{name: "server parameter",
			src:  "backend b\n    server s 10.0.0.1:80 pool-purge-delay 3s\n",
			want: graph.Dur(3 * time.Second), origin: graph.Explicit, pos: "3s", line: 2},
		{name: "default-server in the backend",
			src:  "backend b\n    default-server pool-purge-delay 10s\n    server s 10.0.0.1:80\n",
			want: graph.Dur(10 * time.Second), origin: graph.Explicit, pos: "10s", line: 2},
		{name: "default-server inherited from defaults",
			src:  "defaults\n    default-server pool-purge-delay 1m\nbackend b\n    server s 10.0.0.1:80\n",
			want: graph.Dur(time.Minute), origin: graph.Inherited, pos: "1m", line: 2, note: "inherited from defaults at haproxy.cfg:2"},
		{name: "default-server applies only to servers declared after it",
			src:  "backend b\n    server s 10.0.0.1:80\n    default-server pool-purge-delay 30s\n",
			want: graph.Dur(5 * time.Second), origin: graph.Default},
		{name: "the smallest of several servers",
			src:  "backend b\n    server s1 10.0.0.1:80 pool-purge-delay 20s\n    server s2 10.0.0.2:80 pool-purge-delay 2000\n    server s3 10.0.0.3:80\n",
			want: graph.Dur(2 * time.Second), origin: graph.Explicit, pos: "2000", line: 3, note: "the smallest, on server s2, is shown"},
		{name: "0 keeps no idle connection",
			src:  "backend b\n    server s1 10.0.0.1:80 pool-purge-delay 0\n",
			want: graph.Dur(0), origin: graph.Explicit, pos: "0", line: 2, note: "keeps no idle server connections"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseText(t, tt.src)
			parsertest.NoDiags(t, f)
			idle := parsertest.Pool(t, f.Hops[0], "backend b").Idle
			backendLine := slices.Index(strings.Split(tt.src, "\n"), "backend b") + 1
			wantPos := atAfter(t, tt.src, backendLine, "backend ")
			if tt.pos != "" {
				wantPos = atAfter(t, tt.src, tt.line, "pool-purge-delay ")
			}
			if idle.Value != tt.want || idle.Origin != tt.origin || idle.Key != "pool-purge-delay" || idle.Pos.String() != wantPos {
				t.Errorf("got %s %s %q at %s, want %s %s at %s", idle.Origin, idle.Value, idle.Key, idle.Pos, tt.origin, tt.want, wantPos)
			}
			if !strings.Contains(idle.Note, tt.note) {
				t.Errorf("note %q does not say %q", idle.Note, tt.note)
			}
		})
	}
}

// TestPoolIdleAgainstServerKeepalive is the reason the pool idle exists: behind
// HAProxy's default purge delay, a server keep-alive of 3 s closes connections HAProxy
// still holds; one of an hour does not.
func TestPoolIdleAgainstServerKeepalive(t *testing.T) {
	f := parseText(t, "defaults\n    mode http\nbackend app\n    server s 10.0.0.1:80\n")
	idle := parsertest.Pool(t, f.Hops[0], "backend app").Idle
	if !parsertest.Pool(t, f.Hops[0], "backend app").Reuse.Value {
		t.Fatal("an HTTP backend reuses connections by default")
	}
	if !graph.Dur(3 * time.Second).Less(idle.Value) {
		t.Errorf("a 3s server keep-alive must be shorter than the pool idle %s", idle.Value)
	}
	if !idle.Value.Less(graph.Dur(time.Hour)) {
		t.Errorf("a 1h server keep-alive must outlast the pool idle %s", idle.Value)
	}
}

func TestReuse(t *testing.T) {
	base := "defaults\n    mode http\n"
	tests := []struct {
		name   string
		src    string
		want   bool
		origin graph.Origin
		key    string
		note   string
	}{
		{"HTTP default", base + "backend b\n    server s 10.0.0.1:80\n",
			true, graph.Default, "http-reuse", "http-reuse safe"},
		{"mode tcp", base + "backend b\n    mode tcp\n    server s 10.0.0.1:80\n",
			false, graph.Explicit, "mode", "in mode tcp a server connection lives as long as its client connection"},
		{"no mode at all is tcp", "backend b\n    server s 10.0.0.1:80\n",
			false, graph.Default, "mode", "runs in mode tcp"},
		{"option http-server-close in the backend", base + "backend b\n    option http-server-close\n    server s 10.0.0.1:80\n",
			false, graph.Explicit, "option http-server-close", "closes the server connection after each response"},
		{"option httpclose inherited from defaults", base + "    option httpclose\nbackend b\n    server s 10.0.0.1:80\n",
			false, graph.Inherited, "option httpclose", "inherited from defaults at haproxy.cfg:3"},
		{"no option re-enables keep-alive", base + "    option httpclose\nbackend b\n    no option httpclose\n    server s 10.0.0.1:80\n",
			true, graph.Default, "http-reuse", ""},
		{"option http-keep-alive replaces a close mode", base + "    option http-server-close\nbackend b\n    option http-keep-alive\n    server s 10.0.0.1:80\n",
			true, graph.Default, "http-reuse", ""},
		{"every frontend routing here closes", base + "frontend f\n    bind :80\n    option httpclose\n    default_backend b\nbackend b\n    server s 10.0.0.1:80\n",
			false, graph.Explicit, "option httpclose", "every section that routes here closes server connections"},
		{"one frontend keeps alive", base + "frontend f\n    bind :80\n    option http-server-close\n    default_backend b\nfrontend g\n    bind :81\n    default_backend b\nbackend b\n    server s 10.0.0.1:80\n",
			true, graph.Default, "http-reuse", ""},
		{"http-reuse never", base + "backend b\n    http-reuse never\n    server s 10.0.0.1:80\n",
			true, graph.Explicit, "http-reuse", "only by later requests of the same client connection"},
		{"http-reuse always", base + "backend b\n    http-reuse always\n    server s 10.0.0.1:80\n",
			true, graph.Explicit, "http-reuse", "shared between client connections"},
		{"pool-purge-delay 0", base + "backend b\n    server s 10.0.0.1:80 pool-purge-delay 0\n",
			false, graph.Explicit, "pool-purge-delay", "none is reused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseText(t, tt.src)
			parsertest.NoDiags(t, f)
			r := parsertest.Pool(t, f.Hops[0], "backend b").Reuse
			if r.Value != tt.want || r.Origin != tt.origin || r.Key != tt.key || !strings.Contains(r.Note, tt.note) {
				t.Errorf("got %v %s %q %q", r.Value, r.Origin, r.Key, r.Note)
			}
		})
	}
	old := parseVersion(t, base+"backend b\n    server s 10.0.0.1:80\n", "1.8")
	if r := parsertest.Pool(t, old.Hops[0], "backend b").Reuse; !r.Value || r.Origin != graph.Default || !strings.Contains(r.Note, "before 1.9") {
		t.Errorf("HAProxy 1.8: %v %s %q", r.Value, r.Origin, r.Note)
	}
}

func TestPoolTimeoutsAndTCPKeepalive(t *testing.T) {
	src := `defaults
    mode http
    timeout connect 4s
    option srvtcpka
backend plain
    timeout server 90s
    server s 10.0.0.1:80
backend tuned
    srvtcpka-idle 30
    server s 10.0.0.1:80
backend off
    no option srvtcpka
    server s 10.0.0.1:80
`
	f := parseText(t, src)
	parsertest.NoDiags(t, f)
	plain := parsertest.Pool(t, f.Hops[0], "backend plain")
	if plain.Request.Value.D != 90*time.Second || plain.Request.Key != "timeout server" || plain.Request.Origin != graph.Explicit {
		t.Errorf("request %s", plain.Request.Describe())
	}
	if plain.Connect.Value.D != 4*time.Second || plain.Connect.Origin != graph.Inherited {
		t.Errorf("connect %s", plain.Connect.Describe())
	}
	if ka := plain.TCPKeepalive.Get(); ka.Origin != graph.Default || ka.Value.D != 2*time.Hour || ka.Pos.String() != parsertest.At(t, testFile, src, 4, "srvtcpka") ||
		!strings.Contains(ka.Note, "net.ipv4.tcp_keepalive_time") {
		t.Errorf("keepalive from the host: %s at %s %q", ka.Value, ka.Pos, ka.Note)
	}
	if ka := parsertest.Pool(t, f.Hops[0], "backend tuned").TCPKeepalive.Get(); ka.Value.D != 30*time.Second || ka.BareUnit != time.Second || ka.Origin != graph.Explicit {
		t.Errorf("srvtcpka-idle 30 is seconds: %s bare unit %s", ka.Value, ka.BareUnit)
	}
	if ka := parsertest.Pool(t, f.Hops[0], "backend off").TCPKeepalive.Get(); ka.Known() {
		t.Errorf("no option srvtcpka: %s", ka.Describe())
	}
	if plain.Reuse.Origin != graph.Default || !plain.Reuse.Value || !strings.Contains(plain.Reuse.Note, "http-reuse") {
		t.Errorf("a default reuse says why: %+v", plain.Reuse)
	}
}

func TestRoutes(t *testing.T) {
	src := `defaults
    mode http
    default_backend web
frontend www
    bind :80
    use_backend api if { path_beg /api }
    use_backend %[req.hdr(host),lower,map(/etc/hosts.map)]
    use_backend "${BACKEND}"
    use_backend api unless { src 10.0.0.0/8 }
frontend admin
    bind :81
    default_backend ops
listen ops
    bind :82
    server o 10.0.0.3:80
backend web
    server w 10.0.0.1:80
backend api
    server a 10.0.0.2:80
`
	f := parseText(t, src)
	parsertest.NoDiags(t, f)
	var got []string
	for _, r := range f.Hops[0].Routes {
		got = append(got, r.From.Name+" -> "+r.To.Name+" at "+r.Pos.String())
	}
	want := []string{
		"frontend www -> backend api at " + parsertest.At(t, testFile, src, 6, "api"),
		"frontend www -> backend web at " + parsertest.At(t, testFile, src, 3, "web"),
		"frontend admin -> listen ops at " + parsertest.At(t, testFile, src, 12, "ops"),
		// The defaults section's default_backend wins over the listen section's servers.
		"listen ops -> backend web at " + parsertest.At(t, testFile, src, 3, "web"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("routes\n got %q\nwant %q", got, want)
	}
}

func TestErrorsAtTheirPositions(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		version string
		want    []string
	}{
		{"bad time value", "frontend f\n    bind :80\n    timeout client 10sec\n", "",
			[]string{`haproxy.cfg:3:20: timeout client: "10sec" is not a duration: unknown unit "sec" (units: us ms s m h d; a number without unit is in milliseconds)`}},
		{"unknown backend", "frontend f\n    bind :80\n    use_backend api if { path_beg /api }\n    default_backend web\n", "",
			[]string{"haproxy.cfg:3:17: use_backend api: no backend named api in this file",
				"haproxy.cfg:4:21: default_backend web: no backend named web in this file"}},
		{"unknown defaults in from", "defaults a\n    mode http\nbackend b from z\n    server s 10.0.0.1:80\n", "",
			[]string{"haproxy.cfg:3:16: from z: no defaults section named z above this line"}},
		{"timeout without value", "defaults\n    timeout server\n", "",
			[]string{"haproxy.cfg:2:13: timeout server needs a time value, as in: timeout server 30s"}},
		{"timeout with an extra argument", "defaults\n    timeout server 5 s\n", "",
			[]string{`haproxy.cfg:2:22: timeout server: unexpected extra argument "s" after "5"`}},
		{"bad pool-purge-delay", "backend b\n    server s 10.0.0.1:80 pool-purge-delay 1.5s\n", "",
			[]string{`haproxy.cfg:2:43: pool-purge-delay: "1.5s": HAProxy accepts whole numbers only (write 1500ms)`}},
		{"bind without port", "frontend f\n    bind 10.0.0.1,10.0.0.2:80\n", "",
			[]string{`haproxy.cfg:2:10: bind "10.0.0.1": a port is required, as in :80 or 10.0.0.1:80`}},
		{"bad server port", "backend b\n    server s 10.0.0.1:99999\n", "",
			[]string{`haproxy.cfg:2:14: server address 10.0.0.1:99999: "99999" is not a port (1-65535)`}},
		{"bad mode and http-reuse", "backend b\n    mode udp\n    http-reuse sometimes\n", "",
			[]string{"haproxy.cfg:2:10: mode udp: expected http or tcp",
				"haproxy.cfg:3:16: http-reuse sometimes: expected never, safe, aggressive or always"}},
		{"forceclose on a current HAProxy", "defaults\n    option forceclose\n", "",
			[]string{"haproxy.cfg:2:12: option forceclose was removed in HAProxy 2.0, which refuses to start with it: use option httpclose"}},
		{"forceclose on HAProxy 1.8 is fine", "defaults\n    option forceclose\n", "1.8", nil},
		{"duplicate backend", "backend b\nlisten b\n    bind :80\n", "",
			[]string{"haproxy.cfg:2:8: listen b: a section named b that can receive traffic is already defined at haproxy.cfg:1 (HAProxy refuses duplicates)"}},
		{"section without a name", "frontend\n    bind :80\n", "",
			[]string{"haproxy.cfg:1:1: frontend needs a name: its lines are ignored"}},
		{"inherited unknown default_backend is reported once", "defaults\n    default_backend gone\nfrontend a\n    bind :80\nfrontend b\n    bind :81\n", "",
			[]string{"haproxy.cfg:2:21: default_backend gone: no backend named gone in this file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseVersion(t, tt.src, tt.version)
			if got := parsertest.DiagLines(f); !slices.Equal(got, tt.want) {
				t.Errorf("diagnostics\n got %q\nwant %q", got, tt.want)
			}
			for _, d := range f.Diags {
				if d.Kind != graph.ParseError {
					t.Errorf("%s: kind %v", d.Message, d.Kind)
				}
			}
		})
	}
}

func TestAddresses(t *testing.T) {
	src := `frontend f
    bind 10.0.0.1:80,:8080,*:8443,ipv4@10.0.0.2:81,ipv6@:::82,[::1]:83 name web
    bind :9000-9010
    bind unix@/run/haproxy.sock
    bind abns@internal
    bind /var/run/x.sock
    bind "fd@${FD}"
    bind "${ADDR}:${PORT}"
backend b
    server a 10.0.0.5:8080
    server b 10.0.0.6
    server c 10.0.0.7:+1
    server d ${HOST}:${PORT}
    server e [fd00::7]:443
    server f unix@/run/app.sock
    server g 0.0.0.0:80
    server h api.internal:8080
`
	f := parseText(t, src)
	parsertest.NoDiags(t, f)
	var got []string
	for _, a := range parsertest.Listener(t, f.Hops[0], "frontend f").Addrs {
		got = append(got, a.HostPort()+" "+a.Raw+" "+a.Pos.String())
	}
	want := []string{
		"10.0.0.1:80 10.0.0.1:80 " + parsertest.At(t, testFile, src, 2, "10.0.0.1"),
		"*:8080 :8080 " + parsertest.At(t, testFile, src, 2, ":8080"),
		"*:8443 *:8443 " + parsertest.At(t, testFile, src, 2, "*:8443"),
		"10.0.0.2:81 ipv4@10.0.0.2:81 " + parsertest.At(t, testFile, src, 2, "10.0.0.2"),
		"*:82 ipv6@:::82 " + parsertest.At(t, testFile, src, 2, ":::82"),
		"[::1]:83 [::1]:83 " + parsertest.At(t, testFile, src, 2, "[::1]"),
		"*:9000 :9000-9010 " + parsertest.At(t, testFile, src, 3, ":9000"),
	}
	if !slices.Equal(got, want) {
		t.Errorf("bind addresses\n got %q\nwant %q", got, want)
	}
	got = nil
	for _, a := range parsertest.Pool(t, f.Hops[0], "backend b").Targets {
		got = append(got, a.HostPort()+" "+a.Pos.String()+" "+a.PortNote)
	}
	want = []string{
		"10.0.0.5:8080 " + parsertest.At(t, testFile, src, 10, "10.0.0.5") + " ",
		"10.0.0.6 " + parsertest.At(t, testFile, src, 11, "10.0.0.6") + " no port: HAProxy uses the port the client connected to",
		"10.0.0.7 " + parsertest.At(t, testFile, src, 12, "10.0.0.7") + " port offset +1: HAProxy adds it to the port the client connected to",
		"${host} " + parsertest.At(t, testFile, src, 13, "${HOST}") + " port from an environment variable (${PORT}), not known when linting",
		"[fd00::7]:443 " + parsertest.At(t, testFile, src, 14, "[fd00::7]") + " ",
		"api.internal:8080 " + parsertest.At(t, testFile, src, 17, "api.internal") + " ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("server addresses\n got %q\nwant %q", got, want)
	}
}

func TestSkippedSections(t *testing.T) {
	src := `global
    timeout client 1
peers mypeers
    server p1 10.0.0.1:1024
ring buf
    server r 10.0.0.2:514
    timeout server 1
log-forward lf
    bind :514
resolvers dns
    timeout resolve 1s
frontend f
    bind :80
`
	f := parseText(t, src)
	parsertest.NoDiags(t, f)
	if n := len(f.Hops[0].Pools); n != 0 {
		t.Errorf("peers and ring servers are not pools: %d pools", n)
	}
	if l := f.Hops[0].Listeners; len(l) != 1 || len(l[0].Addrs) != 1 {
		t.Errorf("only the frontend listens: %d listeners", len(l))
	}
}

func TestParseFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "lb"), 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/valid/edge.cfg")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "lb", "haproxy.cfg"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	tree, err := input.NewTree(dir, filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	f := Parse(tree, "lb/haproxy.cfg", input.Options{Version: "2.8"})
	display := tree.Display("lb/haproxy.cfg")
	if len(f.Hops) != 1 || len(f.Diags) != 0 {
		t.Fatalf("%d hops, diagnostics %q", len(f.Hops), parsertest.DiagLines(f))
	}
	h := f.Hops[0]
	if h.ID != "lb/haproxy.cfg" || h.Kind != graph.Proxy || h.Software != "haproxy" || h.Version != "2.8" ||
		h.Pos != (graph.Pos{File: display, Line: 1, Col: 1}) || !slices.Equal(h.Files, []string{"lb/haproxy.cfg"}) ||
		!slices.Equal(f.Files, []string{"lb/haproxy.cfg"}) {
		t.Errorf("hop %+v", h)
	}
	if len(h.Listeners) != 1 || len(h.Pools) != 2 || len(h.Routes) != 2 {
		t.Fatalf("%d listeners, %d pools, %d routes", len(h.Listeners), len(h.Pools), len(h.Routes))
	}
	for _, l := range h.Listeners {
		if l.Hop != h || l.Pos.File != display {
			t.Errorf("listener %s: hop %p, file %q", l.Name, l.Hop, l.Pos.File)
		}
	}
	for _, p := range h.Pools {
		if p.Hop != h || p.Idle.Pos.File != display {
			t.Errorf("pool %s: hop %p, file %q", p.Name, p.Hop, p.Idle.Pos.File)
		}
	}

	missing := Parse(tree, "lb/missing.cfg", input.Options{})
	if len(missing.Hops) != 0 || len(missing.Diags) != 1 || missing.Diags[0].Pos.File != tree.Display("lb/missing.cfg") ||
		!strings.HasPrefix(missing.Diags[0].Message, "cannot read HAProxy configuration: ") {
		t.Errorf("unreadable file: %+v", missing)
	}
}

func TestListenRoutesToItsOwnServers(t *testing.T) {
	src := "defaults\n    mode tcp\nlisten db\n    bind :5432\n    server pg 10.0.0.1:5432\nlisten stats\n    mode http\n    bind :7000\n"
	f := parseText(t, src)
	parsertest.NoDiags(t, f)
	routes := f.Hops[0].Routes
	if len(routes) != 1 || routes[0].From != parsertest.Listener(t, f.Hops[0], "listen db") || routes[0].To != parsertest.Pool(t, f.Hops[0], "listen db") ||
		routes[0].Pos.String() != parsertest.At(t, testFile, src, 3, "db") {
		t.Errorf("routes %+v", routes)
	}
}

// TestValidFixtures reads the fixtures that haproxy -c accepts and checks what a user
// would look at first: each listener's idle time and each pool's idle and reuse.
func TestValidFixtures(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"edge.cfg", []string{
			"frontend www: idle 4s (timeout http-keep-alive, inherited), request 10s, addrs 10.0.0.10:80 10.0.0.10:8080 *:443",
			"backend web: idle 5s (pool-purge-delay, default), reuse true (http-reuse, default), request 60s, targets 10.0.1.1:8080 10.0.1.2:8080",
			"backend api: idle 500ms (pool-purge-delay, explicit), reuse true (http-reuse, default), request 120s, targets 10.0.2.1:9000 10.0.2.2:9000",
			"route frontend www -> backend api", "route frontend www -> backend web",
		}},
		{"named-defaults.cfg", []string{
			"frontend public: idle 20s (timeout client, inherited), request 20s, addrs 10.0.0.20:80",
			"frontend db_in: idle 3600s (timeout client, inherited), request 3600s, addrs 10.0.0.20:5432",
			"backend app: idle 5s (pool-purge-delay, default), reuse true (http-reuse, default), request 300s, targets 10.0.3.1:8080",
			"backend db: idle 5s (pool-purge-delay, default), reuse false (mode, inherited), request 3600s, targets 10.0.4.1:5432",
			"route frontend public -> backend app", "route frontend db_in -> backend db",
		}},
		{"reuse.cfg", []string{
			"frontend keepalive: idle 30s (timeout client, inherited), request 30s, addrs 10.0.0.30:80",
			"frontend closer: idle 30s (timeout client, inherited), request 30s, addrs 10.0.0.30:81",
			"listen mysql: idle 30s (timeout client, inherited), request 30s, addrs 10.0.0.30:3306",
			"backend shared: idle 5s (pool-purge-delay, default), reuse true (http-reuse, explicit), request 30s, targets 10.0.5.1:80",
			"backend closing: idle 5s (pool-purge-delay, default), reuse false (option http-server-close, explicit), request 30s, targets 10.0.5.2:80",
			"backend private: idle 5s (pool-purge-delay, default), reuse true (http-reuse, explicit), request 30s, targets 10.0.5.3:80",
			"backend purge0: idle 0s (pool-purge-delay, explicit), reuse false (pool-purge-delay, explicit), request 30s, targets 10.0.5.4:80",
			"backend closed_by_frontend: idle 5s (pool-purge-delay, default), reuse false (option httpclose, explicit), request 30s, targets 10.0.5.5:80",
			"listen mysql: idle 5s (pool-purge-delay, default), reuse false (mode, explicit), request 30s, targets 10.0.5.6:3306",
			"route frontend keepalive -> backend closing", "route frontend keepalive -> backend private",
			"route frontend keepalive -> backend purge0", "route frontend keepalive -> backend shared",
			"route frontend closer -> backend closed_by_frontend", "route listen mysql -> listen mysql",
		}},
		{"syntax.cfg", []string{
			"frontend web_edge: idle 10s (timeout http-request, inherited), request 10s, addrs 10.0.0.40:80 10.0.0.41:80",
			"backend be: idle 5s (pool-purge-delay, default), reuse true (http-reuse, default), request 45s, targets 10.0.6.1:8080 [fd00::6:2]:8080 10.0.6.3",
			"route frontend web_edge -> backend be",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "valid", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			f := parse(data, testFile, testFile, input.Options{})
			parsertest.NoDiags(t, f)
			for _, err := range parsertest.LinePositionErrors(string(data), testFile, f) {
				t.Error(err)
			}
			if got := summary(f); !slices.Equal(got, tt.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func summary(f *graph.Fragment) []string {
	var out []string
	h := f.Hops[0]
	for _, l := range h.Listeners {
		var addrs []string
		for _, a := range l.Addrs {
			addrs = append(addrs, a.HostPort())
		}
		out = append(out, fmt.Sprintf("%s: idle %s (%s, %s), request %s, addrs %s",
			l.Name, graph.FormatDuration(l.Idle.Value.D), l.Idle.Key, l.Idle.Origin, graph.FormatDuration(l.Request.Value.D), strings.Join(addrs, " ")))
	}
	for _, p := range h.Pools {
		var targets []string
		for _, a := range p.Targets {
			targets = append(targets, a.HostPort())
		}
		out = append(out, fmt.Sprintf("%s: idle %s (%s, %s), reuse %v (%s, %s), request %s, targets %s",
			p.Name, graph.FormatDuration(p.Idle.Value.D), p.Idle.Key, p.Idle.Origin, p.Reuse.Value, p.Reuse.Key, p.Reuse.Origin, graph.FormatDuration(p.Request.Value.D), strings.Join(targets, " ")))
	}
	for _, r := range h.Routes {
		out = append(out, "route "+r.From.Name+" -> "+r.To.Name)
	}
	return out
}

// TestServersStayInTheirSection: the parser collects the servers of the section being
// read and hands them over when it ends, so another section's header, a skipped
// section or an unusable header between them must not move a server to a neighbour.
func TestServersStayInTheirSection(t *testing.T) {
	src := `backend a
    server a1 10.0.0.1:80 pool-purge-delay 2s
    server a2 10.0.0.2:80 pool-purge-delay 3s
peers p
    server p1 10.0.0.9:1024
backend b
    server b1 10.0.0.3:80 pool-purge-delay 1s
    server b2 unix@/run/b.sock
backend
    server x 10.0.0.8:80
listen c
    bind :80
    server c1 10.0.0.4:80
backend d
`
	f := parseText(t, src)
	if got := parsertest.DiagLines(f); len(got) != 1 {
		t.Errorf("want only the unnamed backend reported, got %q", got)
	}
	for _, tt := range []struct {
		pool    string
		targets string
		idle    string
	}{
		{"backend a", "10.0.0.1:80 10.0.0.2:80", "2s on server a1"},
		{"backend b", "10.0.0.3:80", "1s on server b1"},
		{"listen c", "10.0.0.4:80", "5s"},
		{"backend d", "", "5s"},
	} {
		p := parsertest.Pool(t, f.Hops[0], tt.pool)
		var targets []string
		for _, a := range p.Targets {
			targets = append(targets, a.HostPort())
		}
		idle := p.Idle.Value.String()
		if i := strings.Index(p.Idle.Note, "on server "); i >= 0 {
			idle += " " + strings.TrimSuffix(p.Idle.Note[i:], ", is shown")
		}
		if got := strings.Join(targets, " "); got != tt.targets || idle != tt.idle {
			t.Errorf("%s: targets %q, idle %q; want %q, %q", tt.pool, got, idle, tt.targets, tt.idle)
		}
	}
}
