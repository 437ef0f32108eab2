package nginx

import (
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// reuseConf places one line at the http level, one in the upstream block and one in the
// location that proxies to it; their line numbers are 2, 5 and 11.
func reuseConf(httpLine, upstreamLine, locationLine string) string {
	return `http {
    ` + httpLine + `
    upstream app {
        server 10.0.0.5:8080;
        ` + upstreamLine + `
    }
    server {
        listen 80;
        location / {
            proxy_pass http://app;
            ` + locationLine + `
        }
    }
}
`
}

type verdict struct {
	reused  bool
	origin  graph.Origin
	pos     string
	note    string // a part the note must contain
	version string // a part the version note must contain; "" = no version note
}

func TestReuse(t *testing.T) {
	const wsMap = `map $http_upgrade $connection_upgrade { default upgrade; '' close; }`
	tests := []struct {
		name              string
		httpLine, up, loc string
		newest, v124      verdict
	}{
		{
			name: "nothing configured: reused only since 1.29.7",
			newest: verdict{true, graph.Default, "nginx.conf:3:14",
				"reused: no keepalive directive, so the default keepalive 32 local applies, HTTP/1.1 by default, no Connection header sent by default",
				"nginx >= 1.29.7 keeps upstream connections alive by default (assumed: the newest stable release); with nginx < 1.29.7 this pool would not reuse connections (name your version with software: nginx@1.24 or --assume nginx=1.24)"},
			v124: verdict{false, graph.Default, "nginx.conf:3:14",
				"not reused: upstream app has no keepalive directive, which nginx before 1.29.7 needs to keep upstream connections",
				"this holds for nginx 1.24 (< 1.29.7); from nginx 1.29.7 on, which keeps upstream connections alive by default, this pool would reuse connections"},
		},
		{
			name: "the classic keepalive recipe reuses in every version",
			up:   "keepalive 16;",
			loc:  `proxy_http_version 1.1; proxy_set_header Connection "";`,
			newest: verdict{true, graph.Explicit, "nginx.conf:5:19",
				"reused: keepalive 16 at nginx.conf:5:19, proxy_http_version 1.1 at nginx.conf:11:32, Connection header cleared at nginx.conf:11:65", ""},
			v124: verdict{true, graph.Explicit, "nginx.conf:5:19",
				"reused: keepalive 16 at nginx.conf:5:19, proxy_http_version 1.1 at nginx.conf:11:32, Connection header cleared at nginx.conf:11:65", ""},
		},
		{
			name:   "keepalive alone: HTTP/1.0 before 1.29.7",
			up:     "keepalive 16;",
			newest: verdict{true, graph.Explicit, "nginx.conf:5:19", "reused: keepalive 16 at nginx.conf:5:19, HTTP/1.1 by default", "with nginx < 1.29.7 this pool would not reuse"},
			v124:   verdict{false, graph.Default, "nginx.conf:10:13", "not reused: nginx before 1.29.7 talks HTTP/1.0 to upstreams", "this pool would reuse connections"},
		},
		{
			name:   "HTTP/1.1 without clearing Connection before 1.29.7",
			up:     "keepalive 16;",
			loc:    "proxy_http_version 1.1;",
			newest: verdict{true, graph.Explicit, "nginx.conf:5:19", "proxy_http_version 1.1 at nginx.conf:11:32, no Connection header sent by default", "would not reuse"},
			v124:   verdict{false, graph.Default, "nginx.conf:10:13", `not reused: nginx before 1.29.7 sends "Connection: close" upstream unless proxy_set_header Connection "" is set`, "would reuse"},
		},
		{
			name:   "keepalive 0 turns reuse off in every version",
			up:     "keepalive 0;",
			loc:    `proxy_http_version 1.1; proxy_set_header Connection "";`,
			newest: verdict{false, graph.Explicit, "nginx.conf:5:19", "not reused: keepalive 0 at nginx.conf:5:19 turns the connection cache off", ""},
			v124:   verdict{false, graph.Explicit, "nginx.conf:5:19", "not reused: keepalive 0 at nginx.conf:5:19 turns the connection cache off", ""},
		},
		{
			name:   "an explicit HTTP/1.0 turns reuse off",
			loc:    "proxy_http_version 1.0;",
			newest: verdict{false, graph.Explicit, "nginx.conf:11:32", "not reused: proxy_http_version 1.0 at nginx.conf:11:32 closes each upstream connection", ""},
			v124:   verdict{false, graph.Default, "nginx.conf:3:14", "has no keepalive directive", ""},
		},
		{
			name:   "HTTP/1.0 with Connection: keep-alive reuses",
			up:     "keepalive 4;",
			loc:    "proxy_http_version 1.0; proxy_set_header Connection keep-alive;",
			newest: verdict{true, graph.Explicit, "nginx.conf:5:19", `proxy_set_header Connection "keep-alive" at nginx.conf:11:65`, ""},
			v124:   verdict{true, graph.Explicit, "nginx.conf:5:19", `proxy_set_header Connection "keep-alive" at nginx.conf:11:65`, ""},
		},
		{
			name:   "Connection: close turns reuse off",
			loc:    "proxy_set_header Connection close;",
			newest: verdict{false, graph.Explicit, "nginx.conf:11:41", `not reused: proxy_set_header Connection "close" at nginx.conf:11:41; "Connection: close" ends each upstream connection`, ""},
			v124:   verdict{false, graph.Default, "nginx.conf:3:14", "has no keepalive directive", ""},
		},
		{
			name:     "the WebSocket map sends close on plain requests",
			httpLine: wsMap,
			up:       "keepalive 16;",
			loc:      "proxy_http_version 1.1; proxy_set_header Connection $connection_upgrade;",
			newest: verdict{false, graph.Explicit, "nginx.conf:11:65",
				`not reused: proxy_set_header Connection $connection_upgrade at nginx.conf:11:65, which the map at nginx.conf:2:5 sets to "close" for requests without an Upgrade header`, ""},
			v124: verdict{false, graph.Explicit, "nginx.conf:11:65", `sets to "close"`, ""},
		},
		{
			name:     "a WebSocket map that clears Connection keeps reuse",
			httpLine: `map $http_upgrade $connection_upgrade { default upgrade; '' ''; }`,
			up:       "keepalive 16;",
			loc:      "proxy_http_version 1.1; proxy_set_header Connection $connection_upgrade;",
			newest:   verdict{true, graph.Explicit, "nginx.conf:5:19", `sets to "" for requests without an Upgrade header`, ""},
			v124:     verdict{true, graph.Explicit, "nginx.conf:5:19", `sets to "" for requests without an Upgrade header`, ""},
		},
		{
			name:     "the recipe at http level is inherited",
			httpLine: `proxy_http_version 1.1; proxy_set_header Connection "";`,
			up:       "keepalive 16;",
			newest:   verdict{true, graph.Explicit, "nginx.conf:5:19", "proxy_http_version 1.1 at nginx.conf:2:24, Connection header cleared at nginx.conf:2:57", ""},
			v124:     verdict{true, graph.Explicit, "nginx.conf:5:19", "Connection header cleared at nginx.conf:2:57", ""},
		},
		{
			name:     "a proxy_set_header in the location hides the http-level Connection",
			httpLine: `proxy_http_version 1.1; proxy_set_header Connection "";`,
			up:       "keepalive 16;",
			loc:      "proxy_set_header Host $host;",
			newest:   verdict{true, graph.Explicit, "nginx.conf:5:19", "no Connection header sent by default", "would not reuse"},
			v124:     verdict{false, graph.Default, "nginx.conf:10:13", `sends "Connection: close"`, "would reuse"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conf := reuseConf(tt.httpLine, tt.up, tt.loc)
			for _, c := range []struct {
				version string
				want    verdict
			}{{"", tt.newest}, {"1.24", tt.v124}} {
				fr := parseFiles(t, map[string]string{"nginx.conf": conf}, "nginx.conf", c.version)
				if len(fr.Diags) != 0 {
					t.Fatalf("diagnostics: %q", diagLines(fr))
				}
				checkReuse(t, c.version, parsertest.Pool(t, fr.Hops[0], "upstream app"), c.want)
			}
		})
	}
}

func checkReuse(t *testing.T, version string, p *graph.Pool, want verdict) {
	t.Helper()
	r := p.Reuse
	if r.Value != want.reused || r.Origin != want.origin || r.Pos.String() != want.pos {
		t.Errorf("version %q: reuse %v %s at %s, want %v %s at %s (note %q)", version, r.Value, r.Origin, r.Pos, want.reused, want.origin, want.pos, r.Note)
	}
	if !strings.Contains(r.Note, want.note) {
		t.Errorf("version %q: note\n%q\ndoes not contain\n%q", version, r.Note, want.note)
	}
	if want.version == "" && p.VersionNote != "" || !strings.Contains(p.VersionNote, want.version) {
		t.Errorf("version %q: version note %q, want %q", version, p.VersionNote, want.version)
	}
}

func TestReuseOfOtherPools(t *testing.T) {
	conf := `http {
    upstream idle { server 10.0.0.5:8080; }
    upstream both { server 10.0.0.6:8080; keepalive 8; }
    server {
        listen 80;
        location /a { proxy_pass http://10.0.0.9:9000; }
        location /b { proxy_pass http://$backend; }
        location /c { proxy_pass http://both; proxy_http_version 1.0; }
        location /d { proxy_pass http://both; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
`
	for _, version := range []string{"", "1.24"} {
		fr := parseFiles(t, map[string]string{"nginx.conf": conf}, "nginx.conf", version)
		h := fr.Hops[0]
		checkReuse(t, version, parsertest.Pool(t, h, "proxy_pass http://10.0.0.9:9000"),
			verdict{false, graph.Default, "nginx.conf:6:34", "not reused: proxy_pass names an address, not an upstream block", ""})
		dynamic := parsertest.Pool(t, h, "proxy_pass http://$backend").Reuse
		if dynamic.Known() || !strings.Contains(dynamic.Note, "variables") {
			t.Errorf("version %q: a proxy_pass with variables must leave reuse unknown: %+v", version, dynamic)
		}
		// One route that reuses is enough: its connections enter the cache.
		checkReuse(t, version, parsertest.Pool(t, h, "upstream both"),
			verdict{true, graph.Explicit, "nginx.conf:3:53", "reused: keepalive 8 at nginx.conf:3:53, proxy_http_version 1.1 at nginx.conf:9:66", ""})
	}
	fr := parseFiles(t, map[string]string{"nginx.conf": conf}, "nginx.conf", "")
	checkReuse(t, "", parsertest.Pool(t, fr.Hops[0], "upstream idle"),
		verdict{true, graph.Default, "nginx.conf:2:14", "(no proxy_pass uses this upstream)", "would not reuse"})
}
