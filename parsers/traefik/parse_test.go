package traefik

import (
	"slices"
	"strings"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

func TestParseFiles(t *testing.T) {
	tests := []struct {
		name  string
		files memSource
		want  []string
	}{
		{
			name: "static YAML with a file provider, dynamic file with a serversTransport",
			files: memSource{
				"traefik/traefik.yml": `entryPoints:
  web:
    address: ":80"
    transport:
      respondingTimeouts:
        idleTimeout: 30s
        readTimeout: 10
providers:
  file:
    directory: /etc/traefik/dynamic
`,
				"traefik/dynamic/app.yml": "http:\n  routers:\n    app:\n      rule: Host(`app.example.com`) && PathPrefix(`/api`)\n      entryPoints: [web]\n      service: app\n  services:\n    app:\n      loadBalancer:\n        serversTransport: slow\n        servers:\n          - url: http://10.0.5.10:3000\n  serversTransports:\n    slow:\n      forwardingTimeouts:\n        idleConnTimeout: 90s\n        dialTimeout: 2s\n",
			},
			want: []string{
				"hop traefik/traefik.yml files=[traefik/traefik.yml traefik/dynamic/app.yml]",
				`listener "entryPoint web" [*:80] names=[app.example.com] idle=30s explicit traefik/traefik.yml:6:22 request=10s explicit traefik/traefik.yml:7:22`,
				`pool "service app" [10.0.5.10:3000] idle=90s explicit traefik/dynamic/app.yml:16:26 request=none default traefik/dynamic/app.yml:8:5 connect=2s explicit traefik/dynamic/app.yml:17:22`,
				`route "entryPoint web" -> "service app"`,
			},
		},
		{
			name: "TOML static and dynamic in one file, static default transport, router on every entry point",
			files: memSource{"traefik.toml": `# Traefik v2
[entryPoints]
  [entryPoints.web]
    address = ":8080"
  [entryPoints.web.transport.respondingTimeouts]
    idleTimeout = "2m"   # keep-alive
[serversTransport.forwardingTimeouts]
  idleConnTimeout = 45
[http.routers.r]
  rule = "Host(` + "`a.internal`, `b.internal`" + `)"
  service = "s@file"
[[http.services.s.loadBalancer.servers]]
  url = 'http://10.0.0.1:9000/'
[[http.services.s.loadBalancer.servers]]
  url = "http://10.0.0.2:9000/"
`},
			want: []string{
				"hop traefik.toml files=[traefik.toml]",
				`listener "entryPoint web" [*:8080] names=[a.internal b.internal] idle=120s explicit traefik.toml:6:19 request=60s default traefik.toml:3:16`,
				`pool "service s" [10.0.0.1:9000 10.0.0.2:9000] idle=45s explicit traefik.toml:8:21 request=none default traefik.toml:12:17 connect=30s default traefik.toml:12:17`,
				`route "entryPoint web" -> "service s"`,
			},
		},
		{
			name: "Helm values flags, CRDs join the only static configuration",
			files: memSource{
				"values.yaml": "additionalArguments:\n  - \"--entrypoints.websecure.address=:8443\"\n  - --entrypoints.websecure.transport.respondingtimeouts.idletimeout=600s\n  - --serverstransport.forwardingtimeouts.idleconntimeout=30s\n",
				"k8s/routes.yaml": `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: shop
  namespace: web
spec:
  entryPoints: [websecure]
  routes:
    - match: Host(` + "`shop.example.com`" + `)
      services:
        - name: shop
          port: 8080
          serversTransport: short
---
apiVersion: traefik.containo.us/v1alpha1
kind: ServersTransport
metadata:
  name: short
spec:
  forwardingTimeouts:
    idleConnTimeout: 5
    responseHeaderTimeout: 1m
`,
			},
			want: []string{
				"hop values.yaml files=[values.yaml k8s/routes.yaml]",
				`listener "entryPoint websecure" [*:8443] names=[shop.example.com] idle=600s explicit values.yaml:3:70 request=60s default values.yaml:2:6`,
				`pool "service web/shop:8080" [shop.web:8080] idle=5s explicit k8s/routes.yaml:21:22 request=60s explicit k8s/routes.yaml:22:28 connect=30s default k8s/routes.yaml:11:17`,
				`route "entryPoint websecure" -> "service web/shop:8080"`,
			},
		},
		{
			name: "dynamic files without a static configuration, errors",
			files: memSource{
				"a/dyn.yml":  "http:\n  services:\n    x:\n      loadBalancer:\n        serversTransport: missing\n        servers:\n          - url: http://h:1\n",
				"b/dyn.toml": "[http.serversTransports.t]\nmaxIdleConnsPerHost = -1\n[http.serversTransports.t.forwardingTimeouts]\nidleConnTimeout = \"5 s\"\n[http.services.y.loadBalancer]\nserversTransport = \"t\"\nservers = [ {url = \"http://z:99999\"} ]\n[bad\n",
			},
			want: []string{
				"hop a/dyn.yml files=[a/dyn.yml]",
				`pool "service x" [h:1] idle=90s default a/dyn.yml:3:5 request=none default a/dyn.yml:3:5 connect=30s default a/dyn.yml:3:5`,
				"diag a/dyn.yml:5:27: serversTransport missing is not defined in the files read; Traefik's defaults are assumed",
				"hop b/dyn.toml files=[b/dyn.toml]",
				`pool "service y" [] reuse=false idle=90s default b/dyn.toml:5:16 request=none default b/dyn.toml:5:16 connect=30s default b/dyn.toml:5:16`,
				"diag b/dyn.toml:8:5: TOML syntax error: table header is not closed with \"]\"",
				`diag b/dyn.toml:7:20: server url http://z:99999: address "http://z:99999": bad port "99999"`,
				`diag b/dyn.toml:4:19: forwardingTimeouts.idleConnTimeout 5 s: "5 s" is not a duration: a number without unit must stand alone`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(parseAll(t, tt.files))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestFromArgs(t *testing.T) {
	args := []Arg{
		{Text: "traefik", Pos: graph.Pos{File: "compose.yaml", Line: 5, Col: 9, Offset: 60}},
		{Text: "--entryPoints.web.address=:80", Pos: graph.Pos{File: "compose.yaml", Line: 6, Col: 9, Offset: 80}},
		{Text: "--entrypoints.web.transport.respondingtimeouts.idletimeout=75", Pos: graph.Pos{File: "compose.yaml", Line: 7, Col: 9, Offset: 120}},
		{Text: "--api.insecure", Pos: graph.Pos{File: "compose.yaml", Line: 8, Col: 9, Offset: 190}},
	}
	hop, diags := FromArgs("compose.yaml#traefik", "compose.yaml", args, "")
	if len(diags) != 0 || len(hop.Listeners) != 1 {
		t.Fatalf("diags %v, listeners %d", diags, len(hop.Listeners))
	}
	l := hop.Listeners[0]
	if got := short(l.Idle); got != "75s explicit compose.yaml:7:68" || l.Idle.BareUnit != 1e9 {
		t.Errorf("idle %s (bare %v)", got, l.Idle.BareUnit)
	}
	if len(l.Addrs) != 1 || l.Addrs[0].HostPort() != "*:80" || l.Addrs[0].Pos.Col != 35 {
		t.Errorf("addrs %+v", l.Addrs)
	}
}

func TestTOML(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a = 1\nb.c = 'x'\n[t]\nd = [1, 2,\n  3,]\ne = {f = true, g = \"h\\\"i\"}\n[[arr]]\nx = 1\n[[arr]]\nx = 2\n[arr.sub]\ny = \"\"\"\nmulti\"\"\"\n",
			"a=1 b.c=x t.d=[1 2 3] t.e.f=true t.e.g=h\"i arr=[x=1 x=2,sub.y=multi]"},
		{"k = \"unterminated\n", "error 1:5: string is not closed on its line"},
		{"k = bare\n", "error 1:5: \"bare\" is not a TOML value (strings need quotes)"},
		{"k = 1 2\n", "error 1:7: unexpected '2' after a value (one key = value per line)"},
		{"[a]\nb = 1\n[[a]]\n", "error 3:3: a is already a table, not an array of tables"},
	}
	for _, tt := range tests {
		v, diags := readTOML(newSource("t.toml", tt.src))
		got := flat(v, "")
		if len(diags) > 0 {
			got = "error " + strings.TrimPrefix(diags[0].Pos.String(), "t.toml:") + ": " + strings.TrimPrefix(diags[0].Message, "TOML syntax error: ")
		}
		if got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

// flat prints a value tree as "path=value" words.
func flat(v *value, prefix string) string {
	var parts []string
	for _, f := range v.fields {
		key := prefix + f.key
		switch {
		case f.scalar:
			parts = append(parts, key+"="+f.text)
		case f.list:
			var items []string
			for _, it := range f.items {
				if it.scalar {
					items = append(items, it.text)
				} else {
					items = append(items, strings.ReplaceAll(flat(it, ""), " ", ","))
				}
			}
			parts = append(parts, key+"=["+strings.Join(items, " ")+"]")
		default:
			parts = append(parts, flat(f, key+"."))
		}
	}
	return strings.Join(parts, " ")
}

func TestSniff(t *testing.T) {
	tests := []struct {
		rel, head string
		want      bool
	}{
		{"traefik.yml", "log:\n  level: INFO\n", true},
		{"conf/traefik.toml", "[log]\n", true},
		{"dynamic.toml", "[http.routers.a]\n", true},
		{"pyproject.toml", "[tool.poetry]\n", false},
		{"static.yaml", "entryPoints:\n  web:\n    address: :80\n", true},
		{"dyn/app.yml", "http:\n  routers:\n    a: {}\n", true},
		{"crd.yaml", "apiVersion: traefik.io/v1alpha1\nkind: IngressRoute\n", true},
		{"mixed.yaml", "apiVersion: apps/v1\nkind: Deployment\n---\napiVersion: traefik.io/v1alpha1\nkind: IngressRoute\n", false},
		{"values.yaml", "image:\n  tag: v3\nadditionalArguments:\n  - --entrypoints.web.transport.respondingTimeouts.idleTimeout=30s\n", true},
		{"values.yaml", "additionalArguments: []\n", false},
		{"docker-compose.yml", "services:\n  web:\n    image: nginx\n", false},
		{"application.yml", "server:\n  port: 8080\n", false},
		{"chart/templates/ir.yaml", "apiVersion: traefik.io/v1alpha1\nmetadata:\n  name: {{ .Release.Name }}\n", false},
	}
	for _, tt := range tests {
		if got := Sniff(tt.rel, []byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q, %q) = %v, want %v", tt.rel, tt.head, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("entryPoints:\n  web:\n    address: \":80\"\n    transport: {respondingTimeouts: {idleTimeout: 1}}\nhttp:\n  routers: {r: {service: s, rule: \"Host(`x`)\"}}\n  services: {s: {loadBalancer: {servers: [{url: \"http://a:1\"}]}}}\n"), false)
	f.Add([]byte("[entryPoints.web]\naddress = \":80\"\n[[http.services.s.loadBalancer.servers]]\nurl = \"http://a\"\n[http.serversTransports.t]\nx = { y = [ 1, \"\"\"z\"\"\" ] }\n"), true)
	f.Add([]byte("apiVersion: traefik.io/v1alpha1\nkind: IngressRoute\nspec:\n  routes:\n  - services: [{name: a, port: 1}]\n"), false)
	f.Add([]byte("additionalArguments: ['--entrypoints.a.address=', '--x']\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, toml bool) {
		name := "traefik.yml"
		if toml {
			name = "traefik.toml"
		}
		files := memSource{name: string(data)}
		for _, frag := range parseFiles(files, []string{name}, input.Options{}) {
			for _, err := range positionErrors(files, frag) {
				t.Error(err)
			}
		}
		Sniff(name, data)
	})
}
