package caddy

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		files memSource
		main  string
		want  []string
		diags []string
	}{
		{
			name: "global idle timeout, transport http settings",
			files: memSource{"Caddyfile": `{
	servers {
		timeouts {
			idle 10m
			read_header 10s
		}
	}
}

example.com, www.example.com {
	reverse_proxy /api/* 10.0.0.5:8080 http://10.0.0.6:8080 {
		transport http {
			keepalive 30s
			keepalive_idle_conns 10
			dial_timeout 2s
			response_header_timeout 1m30s
		}
	}
}
`},
			want: []string{
				`listener "example.com, www.example.com" [*:443 *:80 *:443 *:80] names=[example.com www.example.com] idle=600s inherited 4:9 request=10s inherited 5:16`,
				`pool "reverse_proxy 10.0.0.5:8080" [10.0.0.5:8080 10.0.0.6:8080] idle=30s explicit 13:14 reuse=true request=90s explicit 16:28 connect=2s explicit 15:17`,
				`route "example.com, www.example.com" -> "reverse_proxy 10.0.0.5:8080"`,
			},
		},
		{
			name:  "one site without braces, defaults",
			files: memSource{"Caddyfile": ":8080\n\nreverse_proxy app:3000\n"},
			want: []string{
				`listener ":8080" [*:8080] names=[] idle=300s default 1:1 request=unset`,
				`pool "reverse_proxy app:3000" [app:3000] idle=120s default 3:1 reuse=true request=none default 3:1 connect=3s default 3:1`,
				`route ":8080" -> "reverse_proxy app:3000"`,
			},
		},
		{
			name: "servers per address, snippets, handle blocks, keepalive off, imports",
			files: memSource{
				"Caddyfile":         "{\n\tservers :80 {\n\t\ttimeouts {\n\t\t\tidle 90s\n\t\t}\n\t}\n}\n(proxy) {\n\treverse_proxy {args[0]} {\n\t\ttransport http {\n\t\t\tkeepalive off\n\t\t}\n\t}\n}\nhttp://a.internal {\n\thandle /x/* {\n\t\treverse_proxy :9000\n\t}\n\timport proxy b:1\n\timport sites/*.caddy\n}\n",
				"sites/extra.caddy": "reverse_proxy c:2 {\n\tto d:3\n}\n",
			},
			want: []string{
				`listener "http://a.internal" [*:80] names=[a.internal] idle=90s inherited 4:9 request=unset`,
				`pool "reverse_proxy :9000" [localhost:9000] idle=120s default 17:3 reuse=true request=none default 17:3 connect=3s default 17:3`,
				`pool "reverse_proxy" [] idle=120s default 9:2 reuse=false request=none default 9:2 connect=3s default 9:2`,
				`pool "reverse_proxy c:2" [c:2 d:3] idle=120s default 1:1 reuse=true request=none default 1:1 connect=3s default 1:1`,
				`route "http://a.internal" -> "reverse_proxy :9000"`,
				`route "http://a.internal" -> "reverse_proxy"`,
				`route "http://a.internal" -> "reverse_proxy c:2"`,
			},
		},
		{
			name:  "errors",
			files: memSource{"Caddyfile": "a.com {\n\treverse_proxy b:1 {\n\t\ttransport http {\n\t\t\tkeepalive 30\n\t\t\tdial_timeout -1s\n\t\t}\n\t}\n\timport missing.caddy\n}\n}\nb.com {\n"},
			want: []string{
				`listener "a.com" [*:443 *:80] names=[a.com] idle=300s default 1:1 request=unset`,
				`listener "b.com" [*:443 *:80] names=[b.com] idle=300s default 11:1 request=unset`,
				`pool "reverse_proxy b:1" [b:1] idle=120s default 2:2 reuse=true request=none default 2:2 connect=3s default 2:2`,
				`route "a.com" -> "reverse_proxy b:1"`,
			},
			diags: []string{
				"Caddyfile:10:1: unexpected '}': no block is open",
				"Caddyfile:11:7: block is not closed: a '}' is missing",
				"Caddyfile:8:2: import missing.caddy was not inspected: no such file inside the scanned root",
				`Caddyfile:4:14: keepalive 30: "30": a unit is required (units: ns us ms s m h d)`,
				`Caddyfile:5:17: dial_timeout -1s: "-1s" is negative`,
			},
		},
		{
			name: "JSON",
			main: "caddy.json",
			files: memSource{"caddy.json": `{"apps": {"http": {"servers": {"srv0": {
  "listen": [":443"],
  "idle_timeout": "2m",
  "routes": [{"match": [{"host": ["Shop.example.com"]}],
    "handle": [{"handler": "subroute", "routes": [{"handle": [{"handler": "reverse_proxy",
      "upstreams": [{"dial": "10.0.0.7:8080"}],
      "transport": {"protocol": "http", "keep_alive": {"idle_timeout": 60000000000}, "dial_timeout": "1s"}}]}]}]}]
}}}}}
`},
			want: []string{
				`listener "server srv0" [*:443] names=[shop.example.com] idle=120s explicit 3:19 request=unset`,
				`pool "reverse_proxy 10.0.0.7:8080" [10.0.0.7:8080] idle=60s explicit 7:72 reuse=true request=none default 5:63 connect=1s explicit 7:102`,
				`route "server srv0" -> "reverse_proxy 10.0.0.7:8080"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			main := tt.main
			if main == "" {
				main = "Caddyfile"
			}
			f := parseTree(t, tt.files, main)
			if got := summary(f); !slices.Equal(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if got := parsertest.DiagLines(f); !slices.Equal(got, tt.diags) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.diags, "\n"))
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		rel, head string
		want      bool
	}{
		{"Caddyfile", "example.com {\n}\n", true},
		{"deploy/Caddyfile.prod", ":80\n", true},
		{"sites/app.caddy", "reverse_proxy a:1\n", true},
		{"Caddyfile", "{{ .Domain }} {\n}\n", false},
		{"caddy.json", `{"apps":{"http":{"servers":{}}}}`, true},
		{"config/caddy-prod.json", `{"admin":{}, "apps":{"http":{"servers":{}}}}`, true},
		{"package.json", `{"name":"x"}`, false},
		{"k8s.json", `{"apiVersion":"v1","kind":"Service"}`, false},
	}
	for _, tt := range tests {
		if got := Sniff(tt.rel, []byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q) = %v, want %v", tt.rel, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "{", "}", "a {\n\treverse_proxy b {\n\t\ttransport http {\n\t\t\tkeepalive 1m\n\t\t}\n\t}\n}\n",
		"(s) {\n import s\n}\na {\n import s\n}\n", "\"unterminated", "`x` \\\n y", "import *\n"} {
		f.Add([]byte(s), false)
	}
	f.Add([]byte(`{"apps":{"http":{"servers":{"s":{"listen":[":1"],"routes":[{"handle":[{"handler":"reverse_proxy","upstreams":[{"dial":":2"}]}]}]}}}}}`), true)
	f.Fuzz(func(t *testing.T, data []byte, json bool) {
		name := "Caddyfile"
		if json {
			name = "caddy.json"
		}
		files := memSource{name: string(data), "b.caddy": "reverse_proxy x:1\n"}
		frag := parse(files, name, input.Options{})
		var errs []error
		if json {
			errs = parsertest.YAMLPositionErrors(files, frag)
		} else {
			errs = parsertest.LinePositionErrorsIn(files, frag)
		}
		for _, err := range errs {
			t.Error(err)
		}
		Sniff(name, data)
	})
}

// TestImportBomb: snippets importing the previous one twice would expand to 2^30 copies;
// the expansion stops at the budget with one finding.
func TestImportBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("(s0) {\n\trespond ok\n}\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&b, "(s%d) {\n\timport s%d\n\timport s%d\n}\n", i, i-1, i-1)
	}
	b.WriteString("a.com {\n\timport s30\n}\n")
	f := parse(memSource{"Caddyfile": b.String()}, "Caddyfile", input.Options{})
	if got := parsertest.DiagLines(f); len(got) != 1 || !strings.Contains(got[0], "expanding to too much") {
		t.Errorf("diagnostics %q", got)
	}
}
