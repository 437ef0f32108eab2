package apache

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		files memSource
		want  []string
		diags []string
	}{
		{
			name: "ProxyPass ttl in a virtual host, server-wide values inherited",
			files: memSource{"httpd.conf": `ServerRoot "/etc/httpd"
Listen 80
KeepAliveTimeout 15
Timeout 120
<VirtualHost *:80>
    ServerName www.example.com
    ServerAlias example.com
    ProxyPass        / http://app.internal:8080/ ttl=120 timeout=30
    ProxyPassReverse / http://app.internal:8080/
</VirtualHost>
`},
			want: []string{
				`listener "VirtualHost *:80" [*:80] names=[www.example.com example.com] idle=15s inherited httpd.conf:3:18 request=120s inherited httpd.conf:4:9`,
				`pool "http://app.internal:8080/" [app.internal:8080] idle=120s explicit httpd.conf:8:54 reuse=true request=30s explicit httpd.conf:8:66 connect=30s inherited httpd.conf:8:66`,
				`route "VirtualHost *:80" -> "http://app.internal:8080/"`,
			},
		},
		{
			name:  "defaults: KeepAliveTimeout 5, Timeout 60, no ttl",
			files: memSource{"apache2.conf": "Listen 8080\nProxyPass /api http://10.0.0.5:3000/api\n"},
			want: []string{
				`listener "main server" [*:8080] names=[] idle=5s default apache2.conf:1:8 request=60s default apache2.conf:1:8`,
				`pool "http://10.0.0.5:3000/api" [10.0.0.5:3000] idle=none default apache2.conf:2:16 reuse=true request=60s default apache2.conf:2:16 connect=60s default apache2.conf:2:16`,
				`route "main server" -> "http://10.0.0.5:3000/api"`,
			},
		},
		{
			name: "balancer members, KeepAlive Off, ProxyTimeout, keepalive=On, disablereuse",
			files: memSource{"httpd.conf": `KeepAlive Off
ProxyTimeout 45
<Proxy "balancer://app">
    BalancerMember "http://10.0.0.1:8080" ttl=30 connectiontimeout=2 keepalive=On
    BalancerMember http://10.0.0.2:8080
</Proxy>
<VirtualHost 10.0.0.9:443>
    <Location "/shop">
        ProxyPass "balancer://app/shop" disablereuse=On
    </Location>
</VirtualHost>
`},
			want: []string{
				`listener "VirtualHost 10.0.0.9:443" [10.0.0.9:443] names=[] idle=0s inherited httpd.conf:1:11 request=60s default httpd.conf:7:2`,
				`pool "balancer://app" [10.0.0.1:8080 10.0.0.2:8080] idle=30s explicit httpd.conf:4:47 reuse=true request=45s inherited httpd.conf:2:14 connect=2s explicit httpd.conf:4:68`,
				`  tcp keepalive 7200s default httpd.conf:4:80`,
				`route "VirtualHost 10.0.0.9:443" -> "balancer://app"`,
			},
		},
		{
			name: "includes: optional ones may be missing, Include may not; cycles are reported",
			files: memSource{
				"apache2/apache2.conf":               "Include ports.conf\nIncludeOptional sites-enabled/*.conf\nIncludeOptional conf-enabled/*.conf\nInclude /etc/apache2/mods-enabled/*.load\n",
				"apache2/ports.conf":                 "Listen 80\nInclude apache2.conf\n",
				"apache2/sites-enabled/000-app.conf": "<VirtualHost *:80>\n  ServerName app.example.com\n  KeepAliveTimeout 2500ms\n</VirtualHost>\n",
			},
			want: []string{`listener "VirtualHost *:80" [*:80] names=[app.example.com] idle=2.5s explicit apache2/sites-enabled/000-app.conf:3:20 request=60s default apache2/sites-enabled/000-app.conf:1:2`},
			diags: []string{
				"apache2/ports.conf:2:1: include cycle: apache2/apache2.conf -> apache2/ports.conf -> apache2/apache2.conf; the repeated include was skipped",
				"apache2/apache2.conf:4:1: Include /etc/apache2/mods-enabled/*.load was not inspected: no such file inside the scanned root",
			},
		},
		{
			name: "ProxySet overrides ProxyPass parameters; SetEnv proxy-nokeepalive turns reuse off",
			files: memSource{"httpd.conf": `ProxyPass /a http://10.0.0.1:80/a ttl=300
ProxySet http://10.0.0.1:80 ttl=20 timeout=9
<Proxy balancer://b>
    BalancerMember http://10.0.0.2:80
    ProxySet lbmethod=byrequests
</Proxy>
ProxySet http://10.0.0.2:80 ttl=7
<VirtualHost *:8080>
    SetEnv proxy-nokeepalive 1
    ProxyPass / balancer://b/
</VirtualHost>
`},
			want: []string{
				`listener "VirtualHost *:8080" [*:8080] names=[] idle=5s default httpd.conf:8:2 request=60s default httpd.conf:8:2`,
				`pool "http://10.0.0.1:80/a" [10.0.0.1:80] idle=20s explicit httpd.conf:2:33 reuse=false request=9s explicit httpd.conf:2:44 connect=9s inherited httpd.conf:2:44`,
				`pool "balancer://b" [10.0.0.2:80] idle=7s explicit httpd.conf:7:33 reuse=false request=60s default httpd.conf:3:2 connect=60s default httpd.conf:3:2`,
				`route "VirtualHost *:8080" -> "http://10.0.0.1:80/a"`,
				`route "VirtualHost *:8080" -> "balancer://b"`,
			},
		},
		{
			name:  "errors with positions",
			files: memSource{"httpd.conf": "KeepAliveTimeout 5s\nTimeout\n<VirtualHost *:80>\n ProxyPass /x\n ProxyPass / http://a:99999/\n</Directory>\n<IfModule x>\n"},
			want: []string{
				`listener "VirtualHost *:80" [*:80] names=[] idle=5s default httpd.conf:3:2 request=60s default httpd.conf:3:2`,
				`pool "http://a:99999/" [] idle=none default httpd.conf:5:14 reuse=true request=60s default httpd.conf:5:14 connect=60s default httpd.conf:5:14`,
				`route "VirtualHost *:80" -> "http://a:99999/"`,
			},
			diags: []string{
				"httpd.conf:6:1: </Directory> closes <VirtualHost> opened at httpd.conf:3:2",
				"httpd.conf:7:1: <IfModule> is not closed",
				"httpd.conf:2:1: Timeout takes one argument, got 0",
				"httpd.conf:4:2: ProxyPass needs a path and a URL",
				`httpd.conf:1:18: KeepAliveTimeout 5s: "5s" is not a duration: unknown unit "s" (units: ms; a number without unit is in seconds)`,
				`httpd.conf:5:14: address "http://a:99999/": bad port "99999"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var main string
			for name := range tt.files {
				if strings.HasSuffix(name, "httpd.conf") || strings.HasSuffix(name, "apache2.conf") {
					main = name
				}
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
		{"etc/httpd/conf/httpd.conf", "ServerRoot \"/etc/httpd\"\nListen 80\n", true},
		{"apache2/apache2.conf", "# only comments\n", true},
		{"sites-available/app.conf", "<VirtualHost *:80>\n  ServerName a\n  ProxyPass / http://b/\n</VirtualHost>\n", true},
		{"sites-available/app.conf", "server {\n  listen 80;\n  server_name a;\n}\n", false},
		{"conf.d/proxy.conf", "proxy_read_timeout 60s;\ninclude x;\n", false},
		{"sysctl.d/10.conf", "net.ipv4.tcp_timestamps=1\n", false},
		{"haproxy.cfg", "listen x\n  bind :80\n", false},
		{"httpd.yaml", "ServerName: x\n", false},
	}
	for _, tt := range tests {
		if got := Sniff(tt.rel, []byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q, %q) = %v, want %v", tt.rel, tt.head, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "<", "</x>", "ProxyPass / http://a/ ttl=", "<VirtualHost [::1]:80>\nKeepAlive off\n</VirtualHost>",
		"Include *.conf\n", "\"unterminated\\\n", "<Proxy balancer://x>\nBalancerMember ajp://h ttl=1\n</Proxy>\nProxyPass / balancer://x/\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		files := memSource{"httpd.conf": string(data), "a.conf": "Listen 81\n"}
		frag := parse(files, "httpd.conf", input.Options{})
		for _, err := range parsertest.LinePositionErrorsIn(files, frag) {
			t.Error(err)
		}
		Sniff("httpd.conf", data)
	})
}

// TestIncludeBomb: files including the next one ten times at each of six levels would walk
// a million copies; the walk stops at its budget with one finding.
func TestIncludeBomb(t *testing.T) {
	files := memSource{"httpd.conf": strings.Repeat("Include l1.conf\n", 10)}
	for i := 1; i < 6; i++ {
		files["l"+strconv.Itoa(i)+".conf"] = strings.Repeat("Include l"+strconv.Itoa(i+1)+".conf\n", 10)
	}
	files["l6.conf"] = strings.Repeat("Timeout 5\n", 100)
	f := parse(files, "httpd.conf", input.Options{})
	if got := parsertest.DiagLines(f); len(got) != 1 || !strings.Contains(got[0], "more than") {
		t.Errorf("diagnostics %q", got)
	}
}
