package nginx

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

const inheritConf = `events {}
http {
    keepalive_timeout 30s 25;
    proxy_read_timeout 90;
    upstream app {
        server 10.0.0.5:8080;
    }
    server {
        listen 10.0.0.1:80;
        location / {
            proxy_pass http://app;
        }
        location /slow {
            proxy_pass http://app;
        }
    }
    server {
        listen 10.0.0.1:81;
        keepalive_timeout 10;
        client_header_timeout 5s;
        location / {
            proxy_pass http://10.0.0.9:9000;
            proxy_connect_timeout 2s;
        }
        proxy_read_timeout 1m30s;
    }
}
`

func TestInheritanceAndDefaults(t *testing.T) {
	fr := parseFiles(t, map[string]string{"nginx.conf": inheritConf}, "nginx.conf", "")
	h := fr.Hops[0]
	if len(fr.Diags) != 0 {
		t.Fatalf("unexpected diagnostics: %q", diagLines(fr))
	}
	first := parsertest.Listener(t, h, "server 10.0.0.1:80")
	second := parsertest.Listener(t, h, "server 10.0.0.1:81")
	app := parsertest.Pool(t, h, "upstream app")
	direct := parsertest.Pool(t, h, "proxy_pass http://10.0.0.9:9000")
	tests := []struct {
		what string
		got  graph.DurationSetting
		want string
	}{
		{"idle inherited from http", first.Idle, "30s inherited nginx.conf:3:23 raw=30s (inherited from http block)"},
		{"keep-alive header inherited with it", first.KeepAliveHeader, "25s inherited nginx.conf:3:27 raw=25 bare (inherited from http block)"},
		{"request timeout defaults at the server keyword", first.Request, "60s default nginx.conf:8:5"},
		{"server's own idle; a bare number is seconds", second.Idle, "10s explicit nginx.conf:19:27 raw=10 bare"},
		{"one-argument keepalive_timeout drops the inherited header", second.KeepAliveHeader, "unset"},
		{"server's own request timeout", second.Request, "5s explicit nginx.conf:20:31 raw=5s"},
		{"upstream idle defaults at the upstream keyword", app.Idle, "60s default nginx.conf:5:5"},
		{"read timeout from http at the first proxy_pass", app.Request, "90s inherited nginx.conf:4:24 raw=90 bare (inherited from http block)"},
		{"connect timeout default at the proxy_pass", app.Connect, "60s default nginx.conf:11:13"},
		{"a setting after the location still applies to it", direct.Request, "90s inherited nginx.conf:25:28 raw=1m30s (inherited from server block)"},
		{"location's own connect timeout", direct.Connect, "2s explicit nginx.conf:23:35 raw=2s"},
		{"implicit pools keep no idle connections", direct.Idle, "unset"},
	}
	for _, tt := range tests {
		if got := describe(tt.got); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.what, got, tt.want)
		}
	}
	if first.Idle.Value.String() != "30s" || app.Request.Value.D != 90*time.Second {
		t.Errorf("values: idle %s, request %s", first.Idle.Value, app.Request.Value)
	}
	if !strings.Contains(first.Request.Note, "client_header_timeout default 60s") {
		t.Errorf("default note %q does not name the catalogue entry", first.Request.Note)
	}
}

func TestRoutes(t *testing.T) {
	fr := parseFiles(t, map[string]string{"nginx.conf": inheritConf}, "nginx.conf", "")
	h := fr.Hops[0]
	var got []string
	for _, r := range h.Routes {
		got = append(got, r.From.Name+" -> "+r.To.Name+" @ "+r.Pos.String())
	}
	want := []string{
		"server 10.0.0.1:80 -> upstream app @ nginx.conf:11:24",
		"server 10.0.0.1:80 -> upstream app @ nginx.conf:14:24",
		"server 10.0.0.1:81 -> proxy_pass http://10.0.0.9:9000 @ nginx.conf:22:24",
	}
	if !slices.Equal(got, want) {
		t.Errorf("routes\n got %q\nwant %q", got, want)
	}
	if h.ID != "nginx.conf" || h.Kind != graph.Proxy || h.Software != "nginx" || h.Pos.String() != "nginx.conf:1:1" {
		t.Errorf("hop identity: %+v", h)
	}
	for _, l := range h.Listeners {
		if l.Hop != h {
			t.Errorf("listener %s does not point at its hop", l.Name)
		}
	}
	for _, p := range h.Pools {
		if p.Hop != h {
			t.Errorf("pool %s does not point at its hop", p.Name)
		}
	}
}

func TestTimeSyntax(t *testing.T) {
	tests := []struct {
		value string
		want  time.Duration
		bare  bool
	}{
		{"75", 75 * time.Second, true},
		{"0", 0, true},
		{"500ms", 500 * time.Millisecond, false},
		{"1m30s", 90 * time.Second, false},
		{`"1h 30m"`, 90 * time.Minute, false},
		{"2h", 2 * time.Hour, false},
		{"1d", 24 * time.Hour, false},
		{"1w", 7 * 24 * time.Hour, false},
		{"1M", 30 * 24 * time.Hour, false},
		{"1y", 365 * 24 * time.Hour, false},
	}
	for _, tt := range tests {
		conf := "server { listen 80; keepalive_timeout " + tt.value + "; }"
		fr := parseFiles(t, map[string]string{"s.conf": conf}, "s.conf", "")
		if len(fr.Diags) != 0 {
			t.Errorf("%s: %q", tt.value, diagLines(fr))
			continue
		}
		idle := fr.Hops[0].Listeners[0].Idle
		if idle.Origin != graph.Explicit || idle.Value != graph.Dur(tt.want) || (idle.BareUnit != 0) != tt.bare {
			t.Errorf("%s: got %s (bare unit %v), want %s", tt.value, describe(idle), idle.BareUnit, tt.want)
		}
	}
}

// TestInvalidDurations checks the position and the start of the message; the reason
// after it comes from graph.Syntax.
func TestInvalidDurations(t *testing.T) {
	tests := []struct{ value, want string }{
		{"abc", `s.conf:1:39 parse-error: keepalive_timeout "abc": "abc" is not a duration`},
		{"10x", `s.conf:1:39 parse-error: keepalive_timeout "10x": "10x" is not a duration: unknown unit "x"`},
		{"1.5s", `s.conf:1:39 parse-error: keepalive_timeout "1.5s": "1.5s" is not a duration`},
		{"-5s", `s.conf:1:39 parse-error: keepalive_timeout "-5s": "-5s" is not a duration`},
		{"99999999999999999999", `s.conf:1:39 parse-error: keepalive_timeout "99999999999999999999": duration too large`},
		{"30s 10s 5s", `s.conf:1:21 parse-error: keepalive_timeout takes 1 or 2 value(s), got 3`},
	}
	for _, tt := range tests {
		conf := "server { listen 80; keepalive_timeout " + tt.value + "; }"
		fr := parseFiles(t, map[string]string{"s.conf": conf}, "s.conf", "")
		if got := diagLines(fr); len(got) != 1 || !strings.HasPrefix(got[0], tt.want) {
			t.Errorf("%s:\n got %q\nwant %q...", tt.value, got, tt.want)
		}
		if idle := fr.Hops[0].Listeners[0].Idle; idle.Origin != graph.Default || idle.Value != graph.Dur(75*time.Second) {
			t.Errorf("%s: an invalid value must leave the default, got %s", tt.value, describe(idle))
		}
	}
}

func TestListeners(t *testing.T) {
	conf := `server {
    server_name Example.COM www.example.com. *.example.com .example.org ~^(?<x>.+)\.net$ _ "";
}
server {
    listen unix:/run/app.sock;
    listen [::]:8443 ssl;
    listen 127.0.0.1;
    listen *:8080 default_server;
}
server {
    keepalive_timeout 0;
    listen 8081;
}
`
	fr := parseFiles(t, map[string]string{"s.conf": conf}, "s.conf", "")
	if len(fr.Diags) != 0 {
		t.Fatalf("diagnostics: %q", diagLines(fr))
	}
	h := fr.Hops[0]
	if len(h.Listeners) != 3 {
		t.Fatalf("listeners: %v", parsertest.Names(h))
	}
	named := parsertest.Listener(t, h, "server Example.COM")
	if !slices.Equal(named.Names, []string{"example.com", "www.example.com"}) {
		t.Errorf("names: %q (regex, wildcard and _ names must be left out)", named.Names)
	}
	if len(named.Addrs) != 1 || named.Addrs[0].HostPort() != "*:80" || !strings.Contains(named.Addrs[0].PortNote, "no listen directive") ||
		named.Addrs[0].Pos.String() != "s.conf:1:1" {
		t.Errorf("a server without listen must listen on *:80 with a note: %+v", named.Addrs)
	}
	multi := parsertest.Listener(t, h, "server unix:/run/app.sock")
	var addrs []string
	for _, a := range multi.Addrs {
		addrs = append(addrs, a.HostPort()+"@"+a.Pos.String())
	}
	if want := []string{"*:8443@s.conf:6:12", "127.0.0.1:80@s.conf:7:12", "*:8080@s.conf:8:12"}; !slices.Equal(addrs, want) {
		t.Errorf("addresses %q, want %q", addrs, want)
	}
	off := parsertest.Listener(t, h, "server 8081")
	if off.Idle.Value != graph.Dur(0) || off.Idle.Origin != graph.Explicit {
		t.Errorf("keepalive_timeout 0 must be an explicit 0: %s", describe(off.Idle))
	}
}

func TestPoolTargets(t *testing.T) {
	conf := `http {
    upstream Backend {
        server 10.0.0.5:8080 weight=2;
        server app.internal;
        server unix:/run/app.sock;
        keepalive 8 local;
    }
    server {
        listen 80;
        location /a { proxy_pass https://backend/x; }
        location /b { proxy_pass http://10.0.0.7; }
        location /c { proxy_pass https://[fd00::1]:8443/y; }
        location /d { proxy_pass http://$host$uri; }
        location /e { proxy_pass http://unix:/run/x.sock:/; }
        location /f { proxy_pass http://10.0.0.7/again; }
        location /g { proxy_pass $scheme://backend; }
        location /h { proxy_pass $scheme://10.0.0.8:8080; }
    }
}
`
	fr := parseFiles(t, map[string]string{"nginx.conf": conf}, "nginx.conf", "")
	if len(fr.Diags) != 0 {
		t.Fatalf("diagnostics: %q", diagLines(fr))
	}
	h := fr.Hops[0]
	var got []string
	for _, p := range h.Pools {
		line := p.Name + " @" + p.Pos.String() + ":"
		for _, a := range p.Targets {
			line += " " + a.HostPort() + "@" + a.Pos.String()
			if a.PortNote != "" {
				line += " (" + a.PortNote + ")"
			}
		}
		got = append(got, line)
	}
	want := []string{
		"upstream Backend @nginx.conf:2:14: 10.0.0.5:8080@nginx.conf:3:16 app.internal:80@nginx.conf:4:16",
		"proxy_pass http://10.0.0.7 @nginx.conf:11:34: 10.0.0.7:80@nginx.conf:11:34 (http:// default port 80)",
		"proxy_pass https://[fd00::1]:8443 @nginx.conf:12:34: [fd00::1]:8443@nginx.conf:12:34",
		"proxy_pass http://$host$uri @nginx.conf:13:34:",
		"proxy_pass http://unix:/run/x.sock @nginx.conf:14:34:",
		"proxy_pass $scheme://10.0.0.8:8080 @nginx.conf:17:34: 10.0.0.8:8080@nginx.conf:17:34",
	}
	if !slices.Equal(got, want) {
		t.Errorf("pools\n got %q\nwant %q", got, want)
	}
	if len(h.Routes) != 8 || h.Routes[5].To != h.Pools[1] {
		t.Errorf("the two proxy_pass to 10.0.0.7 must share one pool")
	}
	if h.Routes[6].To != h.Pools[0] {
		t.Errorf("a variable scheme with a literal upstream name must reach the upstream: %s", h.Routes[6].To.Name)
	}
}

func TestSocketKeepalive(t *testing.T) {
	conf := `server {
    listen 80;
    proxy_socket_keepalive on;
    location / { proxy_pass http://10.0.0.1:8080; }
    location /off { proxy_socket_keepalive off; proxy_pass http://10.0.0.2:8080; }
}
`
	fr := parseFiles(t, map[string]string{"s.conf": conf}, "s.conf", "")
	h := fr.Hops[0]
	on := parsertest.Pool(t, h, "proxy_pass http://10.0.0.1:8080").TCPKeepalive.Get()
	if on.Value != graph.Dur(2*time.Hour) || on.Origin != graph.Default || on.Pos.String() != "s.conf:3:28" ||
		!strings.HasPrefix(on.Note, "proxy_socket_keepalive on at s.conf:3:28") {
		t.Errorf("proxy_socket_keepalive on: %s %q", describe(on), on.Note)
	}
	if off := parsertest.Pool(t, h, "proxy_pass http://10.0.0.2:8080").TCPKeepalive.Get(); off.Known() {
		t.Errorf("proxy_socket_keepalive off must leave TCP keepalive unset: %s", describe(off))
	}
}

// TestTopLevelSnippet reads a conf.d file scanned alone as if it stood inside http.
func TestTopLevelSnippet(t *testing.T) {
	conf := `keepalive_timeout 15s;
upstream api { server 10.0.0.5:8080; }
server {
    listen 8080;
    location / { proxy_pass http://api; }
}
location /orphan { proxy_pass http://10.0.0.6; }
`
	fr := parseFiles(t, map[string]string{"conf.d/api.conf": conf}, "conf.d/api.conf", "")
	h := fr.Hops[0]
	l := parsertest.Listener(t, h, "server 8080")
	if got := describe(l.Idle); got != "15s inherited conf.d/api.conf:1:19 raw=15s (inherited from http block)" {
		t.Errorf("idle: %s", got)
	}
	if len(h.Routes) != 1 || h.Routes[0].To.Name != "upstream api" {
		t.Errorf("routes: %+v", h.Routes)
	}
	// A location outside any server has no listener to route from, but its pool is kept.
	parsertest.Pool(t, h, "proxy_pass http://10.0.0.6")
}

func TestSkippedContexts(t *testing.T) {
	conf := `events { worker_connections 10; }
stream {
    upstream db { server 10.0.0.5:5432; }
    server { listen 5432; proxy_pass db; }
}
http {
    types { text/html html; }
    server { listen 80; }
}
`
	fr := parseFiles(t, map[string]string{"nginx.conf": conf}, "nginx.conf", "")
	h := fr.Hops[0]
	if len(h.Listeners) != 1 || len(h.Pools) != 0 || len(fr.Diags) != 0 {
		t.Errorf("stream blocks must be skipped: %v %q", parsertest.Names(h), diagLines(fr))
	}
}
