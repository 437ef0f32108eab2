package envoy

import (
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

// bootstrap wraps one listener's connection manager options, one route action and one
// cluster body into a bootstrap, so each test writes only what it is about.
func bootstrap(hcm, action, cluster string) string {
	return `static_resources:
  listeners:
  - name: web
    address:
      socket_address: { address: 0.0.0.0, port_value: 80 }
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: web
` + hcm + `          route_config:
            virtual_hosts:
            - name: all
              domains: ["*"]
              routes:
              - match: { prefix: "/" }
                route:
                  cluster: app
` + action + `  clusters:
  - name: app
    load_assignment:
      cluster_name: app
      endpoints:
      - lb_endpoints:
        - endpoint:
            address:
              socket_address: { address: 10.0.0.7, port_value: 8080 }
` + cluster
}

func TestDurations(t *testing.T) {
	tests := []struct {
		name, hcm string
		want      string // listener idle value and origin, or the diagnostic
	}{
		{"default", "", "3600s default"},
		{"seconds", "          common_http_protocol_options: { idle_timeout: 15s }\n", "15s explicit"},
		{"fraction", "          common_http_protocol_options: { idle_timeout: 0.25s }\n", "250ms explicit"},
		{"long fraction", "          common_http_protocol_options: { idle_timeout: 1.5s }\n", "1.5s explicit"},
		{"object", "          common_http_protocol_options: { idle_timeout: { seconds: 90, nanos: 500000000 } }\n", "1m30.5s explicit"},
		{"quoted seconds", "          common_http_protocol_options: { idle_timeout: { seconds: \"30\" } }\n", "30s explicit"},
		{"zero disables", "          common_http_protocol_options: { idle_timeout: 0s }\n", "none explicit 0s disables the timer"},
		{"camelCase", "          commonHttpProtocolOptions: { idleTimeout: 42s }\n", "42s explicit"},
		{"milliseconds", "          common_http_protocol_options: { idle_timeout: 100ms }\n", `error envoy.yaml:12:57: idle_timeout: "100ms" is not an Envoy duration: write seconds with an "s" suffix ("15s", "0.25s") or {seconds: N, nanos: M}`},
		{"bare number", "          common_http_protocol_options: { idle_timeout: 15 }\n", `error envoy.yaml:12:57: idle_timeout: "15" is not an Envoy duration`},
		{"minutes", "          common_http_protocol_options: { idle_timeout: 5m }\n", `is not an Envoy duration`},
		{"negative", "          common_http_protocol_options: { idle_timeout: -1s }\n", `"-1s" is negative`},
		{"bad seconds", "          common_http_protocol_options: { idle_timeout: { seconds: ten } }\n", `error envoy.yaml:12:68: seconds: expected an integer, found "ten"`},
		{"bad nanos", "          common_http_protocol_options: { idle_timeout: { nanos: 1000000000 } }\n", `nanos: 1000000000 is out of range`},
		{"list", "          common_http_protocol_options: { idle_timeout: [1] }\n", `idle_timeout: expected a duration`},
		{"overflow", "          common_http_protocol_options: { idle_timeout: 99999999999999999999s }\n", `duration too large`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, diags := parseOne(t, bootstrap(tt.hcm, "", ""))
			idle := h.Listeners[0].Idle
			got := idle.Value.String() + " " + idle.Origin.String()
			if idle.Origin == graph.Explicit && idle.Note != "" {
				got += " " + idle.Note
			}
			if len(diags) > 0 {
				got = strings.Join(diags, "\n")
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestListenerAndRoutes(t *testing.T) {
	src := bootstrap("          request_timeout: 20s\n          stream_idle_timeout: 300s\n",
		"                  timeout: 90s\n                  retry_policy: { num_retries: 3, per_try_timeout: 30s }\n", "")
	h, diags := parseOne(t, src)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if h.ID != "envoy.yaml" || h.Kind != graph.Proxy || h.Software != "envoy" {
		t.Errorf("hop %s %s %s", h.ID, h.Kind, h.Software)
	}
	l := h.Listeners[0]
	if l.Name != "listener web" || l.Pos.String() != parsertest.At(t, "envoy.yaml", src, 3, "web") {
		t.Errorf("listener %s at %s", l.Name, l.Pos)
	}
	if len(l.Addrs) != 1 || l.Addrs[0].Host != "" || l.Addrs[0].Port != 80 {
		t.Errorf("addrs %+v", l.Addrs)
	}
	if l.Request.Value.D != 20*time.Second || l.Request.Key != "request_timeout" || l.Request.Raw != "20s" {
		t.Errorf("request %+v", l.Request)
	}
	// The listener's idle default points at the connection manager relying on it.
	if l.Idle.Origin != graph.Default || l.Idle.Pos.String() != parsertest.At(t, "envoy.yaml", src, 9, "typed_config") {
		t.Errorf("idle %s", l.Idle.Describe())
	}
	p := h.Pools[0]
	if p.Name != "cluster app" || p.Pos.String() != loc(t, src, "- name: app", "app") {
		t.Errorf("pool %s at %s", p.Name, p.Pos)
	}
	if p.Request.Value.D != 90*time.Second || p.Request.Origin != graph.Explicit {
		t.Errorf("pool request %s", p.Request.Describe())
	}
	if p.Connect.Value.D != 5*time.Second || p.Connect.Origin != graph.Default || p.Connect.Pos != p.Pos {
		t.Errorf("connect %s", p.Connect.Describe())
	}
	if p.Idle.Value.D != time.Hour || p.Idle.Origin != graph.Default || !p.Reuse.Value || p.TCPKeepalive.Known() {
		t.Errorf("idle %s reuse %v keepalive %s", p.Idle.Describe(), p.Reuse.Value, p.TCPKeepalive.Get().Describe())
	}
	if len(p.Targets) != 1 || p.Targets[0].HostPort() != "10.0.0.7:8080" {
		t.Errorf("targets %+v", p.Targets)
	}
	if len(h.Routes) != 1 || h.Routes[0].From != l || h.Routes[0].To != p || h.Routes[0].Pos.String() != loc(t, src, "cluster: app", "app") {
		t.Errorf("routes %s", describe(h))
	}
}

func TestRouteTimeoutDefault(t *testing.T) {
	src := bootstrap("", "", "")
	h, _ := parseOne(t, src)
	req := h.Pools[0].Request
	if req.Value.D != 15*time.Second || req.Origin != graph.Default || req.Pos.String() != loc(t, src, "route:", "route") {
		t.Errorf("request %s at %s", req.Describe(), req.Pos)
	}
}

func TestClusterSettings(t *testing.T) {
	// want holds pieces of the described hop; "@{context|target}" stands for the position
	// of target inside context.
	tests := []struct {
		name, cluster string
		want          []string
	}{
		{"typed options", `    typed_extension_protocol_options:
      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
        common_http_protocol_options: { idle_timeout: 50s, max_requests_per_connection: 100 }
`, []string{"idle=50s(explicit@{idle_timeout: 50s|50s})", "reuse=true(default@{- name: app|app})"}},
		{"deprecated cluster field", "    common_http_protocol_options: { idle_timeout: 20s }\n    max_requests_per_connection: 1\n",
			[]string{"idle=20s(explicit@{idle_timeout: 20s|20s})", "reuse=false(explicit@{max_requests_per_connection: 1|1})"}},
		{"typed options win", `    common_http_protocol_options: { idle_timeout: 20s }
    typed_extension_protocol_options:
      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
        common_http_protocol_options: { idle_timeout: 40s, max_requests_per_connection: 1 }
`, []string{"idle=40s(explicit@{idle_timeout: 40s|40s})", "reuse=false(explicit@{max_requests_per_connection: 1|1})"}},
		{"zero idle", "    common_http_protocol_options: { idle_timeout: 0s }\n", []string{"idle=none(explicit@{idle_timeout: 0s|0s})"}},
		{"connect", "    connect_timeout: 0.5s\n", []string{"connect=500ms(explicit@{connect_timeout: 0.5s|0.5s})"}},
		{"keepalive seconds", "    upstream_connection_options: { tcp_keepalive: { keepalive_time: 300 } }\n", []string{"keepalive=300s(explicit@{keepalive_time: 300|300})"}},
		{"keepalive wrapper", "    upstream_connection_options: { tcp_keepalive: { keepalive_time: { value: 60 } } }\n", []string{"keepalive=60s(explicit@{value: 60|60})"}},
		{"keepalive kernel default", "    upstream_connection_options:\n      tcp_keepalive: {}\n", []string{"keepalive=7200s(default@{tcp_keepalive|tcp_keepalive})"}},
		{"keepalive bad", "    upstream_connection_options: { tcp_keepalive: { keepalive_time: 1h } }\n", []string{`error @{keepalive_time: 1h|1h}: keepalive_time: expected an integer, found "1h"`}},
		{"legacy hosts", "    type: STRICT_DNS\n    hosts: [{ socket_address: { address: App.Internal., port_value: 9000 } }]\n", []string{"target=10.0.0.7:8080 target=app.internal:9000"}},
		{"ipv6 target", "    hosts: [{ socket_address: { address: \"fd00::1\", port_value: 9000 } }]\n", []string{"target=[fd00::1]:9000"}},
		{"bad port", "    hosts: [{ socket_address: { address: 10.0.0.8, port_value: 70000 } }]\n", []string{"error @{70000|70000}: port_value: 70000 is out of range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := bootstrap("", "", tt.cluster)
			h, diags := parseOne(t, src)
			got := describe(h) + strings.Join(diags, "\n")
			for _, w := range tt.want {
				for strings.Contains(w, "{") {
					i, j := strings.Index(w, "{"), strings.Index(w, "}")
					context, target, _ := strings.Cut(w[i+1:j], "|")
					w = w[:i] + loc(t, src, context, target) + w[j+1:]
				}
				w = strings.ReplaceAll(w, "error @", "error ")
				if !strings.Contains(got, w) {
					t.Errorf("got\n%s\nwant %q", got, w)
				}
			}
		})
	}
	h, _ := parseOne(t, bootstrap("", "", "    upstream_connection_options: { tcp_keepalive: { keepalive_time: 300 } }\n"))
	if ka := h.Pools[0].TCPKeepalive.Get(); ka.BareUnit != time.Second || ka.Raw != "300" || ka.Key != "keepalive_time" {
		t.Errorf("keepalive %+v", ka)
	}
	h, _ = parseOne(t, bootstrap("", "", "    max_requests_per_connection: 1\n"))
	if r := h.Pools[0].Reuse; r.Note == "" || r.Key != "max_requests_per_connection" {
		t.Errorf("reuse %+v", r)
	}
}

func TestTCPProxy(t *testing.T) {
	src := `static_resources:
  listeners:
  - name: db
    address: { socket_address: { address: 10.0.0.5, port_value: 5432 } }
    filter_chains:
    - filters:
      - name: envoy.filters.network.tcp_proxy
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
          stat_prefix: db
          weighted_clusters:
            clusters:
            - { name: primary, weight: 1 }
  - name: cache
    address: { socket_address: { address: 10.0.0.5, port_value: 6379 } }
    filter_chains:
    - filters:
      - name: envoy.filters.network.tcp_proxy
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
          stat_prefix: cache
          cluster: cache
          idle_timeout: 0s
  clusters:
  - name: primary
    hosts: [{ socket_address: { address: 10.0.1.5, port_value: 5432 } }]
  - name: cache
    hosts: [{ socket_address: { address: 10.0.1.6, port_value: 6379 } }]
`
	h, diags := parseOne(t, src)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := `listener db@envoy.yaml:3:11 addr=10.0.0.5:5432 idle=3600s(default@envoy.yaml:8:9)
listener cache@envoy.yaml:14:11 addr=10.0.0.5:6379 idle=none(explicit@envoy.yaml:23:25)
cluster primary@envoy.yaml:25:11 target=10.0.1.5:5432 idle=3600s(default@envoy.yaml:8:9) reuse=false(default@envoy.yaml:13:23) connect=5s(default@envoy.yaml:25:11)
cluster cache@envoy.yaml:27:11 target=10.0.1.6:6379 idle=none(explicit@envoy.yaml:23:25) reuse=false(default@envoy.yaml:22:20) connect=5s(default@envoy.yaml:27:11)
route listener db -> cluster primary @envoy.yaml:13:23
route listener cache -> cluster cache @envoy.yaml:22:20
`
	if got := describe(h); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if n := h.Pools[0].Reuse.Note; n != "tcp_proxy opens one upstream connection per downstream connection" {
		t.Errorf("note %q", n)
	}
	if k := h.Listeners[0].Idle.Key; k != "idle_timeout" {
		t.Errorf("key %q", k)
	}
}

func TestAcrossFiles(t *testing.T) {
	listeners := `resources:
- "@type": type.googleapis.com/envoy.config.listener.v3.Listener
  name: http
  address: { socketAddress: { address: 0.0.0.0, portValue: 10000 } }
  filterChains:
  - filters:
    - name: envoy.filters.network.http_connection_manager
      typedConfig:
        "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
        rds: { routeConfigName: shop }
    - name: envoy.filters.network.http_connection_manager
      typedConfig:
        rds: { routeConfigName: missing }
`
	routes := "resources:\n- \"@type\": type.googleapis.com/envoy.api.v2.RouteConfiguration\n  name: shop\n  virtualHosts:\n  - name: shop\n    domains: [shop.example.com]\n    routes:\n    - route: { cluster: shop, timeout: 5s }\n    - route: { cluster: cds_only }\n"
	clusters := `{"resources": [{"@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster", "name": "shop",
  "hosts": [{"socketAddress": {"address": "10.0.4.7", "portValue": 8080}}]}]}
`
	other := bootstrap("", "", "")
	frags := parseSet(t, map[string]string{"a/clusters.json": clusters, "a/lds.yaml": listeners, "a/rds.yaml": routes, "b/envoy.yaml": other})
	if len(frags) != 2 {
		t.Fatalf("%d fragments", len(frags))
	}
	f := frags[0]
	if strings.Join(f.Files, " ") != "a/lds.yaml a/clusters.json a/rds.yaml" || f.Hops[0].ID != "a/lds.yaml" {
		t.Errorf("files %v id %s", f.Files, f.Hops[0].ID)
	}
	want := `listener http@a/lds.yaml:3:9 addr=*:10000 names=shop.example.com idle=3600s(default@a/lds.yaml:8:7) request=none(default@a/lds.yaml:8:7)
cluster shop@a/clusters.json:1:89 target=10.0.4.7:8080 idle=3600s(default@a/clusters.json:1:89) reuse=true(default@a/clusters.json:1:89) request=5s(explicit@a/rds.yaml:8:40) connect=5s(default@a/clusters.json:1:89)
route listener http -> cluster shop @a/rds.yaml:8:25
`
	if got := describe(f.Hops[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	wantDiags := []string{
		"not-inspected a/lds.yaml:13:33: route configuration missing is not in the scan; routes of this listener were not inspected",
		"not-inspected a/rds.yaml:9:25: cluster cds_only is not in the scan (delivered by CDS?); this route was not inspected",
	}
	if got := diagLines(f); strings.Join(got, "\n") != strings.Join(wantDiags, "\n") {
		t.Errorf("diags\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantDiags, "\n"))
	}
	if frags[1].Hops[0].ID != "b/envoy.yaml" || len(frags[1].Files) != 1 {
		t.Errorf("second fragment %v", frags[1].Files)
	}
}

func TestShapes(t *testing.T) {
	tests := []struct {
		name, src string
		want      string
	}{
		{"bare listener list", "- name: l\n  address: { socketAddress: { address: 127.0.0.1, portValue: 1 } }\n  filterChains: [{ filters: [{ name: envoy.filters.network.tcp_proxy, typedConfig: { cluster: c } }] }]\n- name: c\n  connectTimeout: 1s\n",
			"listener l@envoy.yaml:1:9"},
		{"single cluster", "name: c\nconnectTimeout: 2s\n", "cluster c@envoy.yaml:1:7"},
		{"config dump", `{"bootstrap": {"staticResources": {"clusters": [{"name": "x", "connectTimeout": "3s"}]}}}`, "connect=3s"},
		{"v2 untyped config", "static_resources:\n  listeners:\n  - address: { socket_address: { address: 10.1.1.1, port_value: 80 } }\n    filter_chains:\n    - filters:\n      - name: envoy.http_connection_manager\n        config: { idle_timeout: 5s }\n",
			"listener 10.1.1.1:80@envoy.yaml:3:5"},
		{"dynamic only", "node: { id: a, cluster: b }\ndynamic_resources: { lds_config: { ads: {} } }\n", ""},
		// yaml.v3 prints the 0-based line for this parser error: the end of input, line 3.
		{"syntax error", "static_resources:\n  listeners: [\n", "error envoy.yaml:3: YAML syntax error"},
		{"parser error line", "static_resources: 1\n- b\n", "error envoy.yaml:2: YAML syntax error: did not find expected key"},
		{"tabs in JSON", "{\n\t\"static_resources\": {\n\t\t\"clusters\": [{\"name\": \"t\"}]\n\t}\n}\n", "cluster t@envoy.yaml:3:25"},
		{"aliases bounded", aliasBomb(), "expand to more than"},
		{"invalid UTF-8", "static_resources: \xff\n", "error envoy.yaml:1:19: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, diags := parseOne(t, tt.src)
			got := describe(h) + strings.Join(diags, "\n")
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("got\n%s\nwant %q", got, tt.want)
			}
		})
	}
}

// aliasBomb is a bootstrap whose aliases would expand to a million endpoints.
func aliasBomb() string {
	list := func(alias string) string { return "[" + strings.Repeat(alias+",", 99) + alias + "]" }
	return "l: &l {endpoint: {address: {socket_address: {address: 10.0.0.1, port_value: 1}}}}\n" +
		"e: &e {lb_endpoints: " + list("*l") + "}\n" +
		"c: &c {name: c, load_assignment: {endpoints: " + list("*e") + "}}\n" +
		"static_resources:\n  clusters: " + list("*c") + "\n"
}
