package envoy

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

func FuzzParseFile(f *testing.F) {
	for _, dir := range []string{"testdata/valid", "testdata/valid/xds", "testdata/corpus"} {
		for _, data := range parsertest.ReadDir(&testing.T{}, dir) {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"", "[", "{", "- ", "resources: [1, {\"@type\": x}]", "static_resources: {listeners: [{filter_chains: [{filters: [{name: envoy.tcp_proxy, config: {idle_timeout: {seconds: -1}}}]}]}]}",
		"static_resources: {clusters: [{name: a, hosts: [{socket_address: {address: '::', port_value: '99999'}}]}]}",
		"a: &a {b: *a}", "bootstrap: {bootstrap: {}}", "idle_timeout: 1.s", "{\"x\":\"\\u00e9\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		parsed := parseFile(data, "envoy.yaml", "envoy.yaml", input.Options{})
		frags := link([]*file{parsed}, input.Options{})
		for _, err := range parsertest.YAMLPositionErrors(map[string]string{"envoy.yaml": string(data)}, frags[0]) {
			t.Error(err)
		}
		if len(frags) != 1 || len(frags[0].Hops) != 1 {
			t.Errorf("%d fragments", len(frags))
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%d bytes took %v", len(data), d)
		}
	})
}

// benchConfig is a bootstrap of n listeners, each routing two virtual hosts to two clusters.
func benchConfig(n int) []byte {
	var b strings.Builder
	b.WriteString("admin:\n  address: { socket_address: { address: 127.0.0.1, port_value: 9901 } }\nstatic_resources:\n  listeners:\n")
	for i := range n {
		fmt.Fprintf(&b, `  - name: l%d
    address: { socket_address: { address: 0.0.0.0, port_value: %d } }
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: l%d
          common_http_protocol_options: { idle_timeout: 300s }
          request_timeout: 30s
          route_config:
            virtual_hosts:
            - name: api
              domains: ["api%d.example.com"]
              routes:
              - match: { prefix: "/" }
                route: { cluster: api%d, timeout: 20s, retry_policy: { num_retries: 2, per_try_timeout: 5s } }
            - name: web
              domains: ["*"]
              routes:
              - match: { prefix: "/" }
                route: { cluster: web%d }
          http_filters:
          - name: envoy.filters.http.router
            typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }
`, i, 10000+i, i, i, i, i)
	}
	b.WriteString("  clusters:\n")
	for i := range n {
		for _, c := range []string{"api", "web"} {
			fmt.Fprintf(&b, `  - name: %s%d
    connect_timeout: 0.25s
    type: STATIC
    typed_extension_protocol_options:
      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
        common_http_protocol_options: { idle_timeout: 50s }
        explicit_http_config: { http_protocol_options: {} }
    load_assignment:
      cluster_name: %s%d
      endpoints:
      - lb_endpoints:
        - endpoint: { address: { socket_address: { address: 10.%d.%d.10, port_value: 8080 } } }
        - endpoint: { address: { socket_address: { address: 10.%d.%d.11, port_value: 8080 } } }
`, c, i, c, i, i/250, i%250, i/250, i%250)
		}
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	data := benchConfig(500)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		link([]*file{parseFile(data, "envoy.yaml", "envoy.yaml", input.Options{})}, input.Options{})
	}
}

// TestBenchConfigIsValid keeps the benchmark honest: its input is a real Envoy config
// that parses without diagnostics into the hop it describes.
func TestBenchConfigIsValid(t *testing.T) {
	data := benchConfig(3)
	if err := checkEnvoy(t, "bench.yaml", data); err != nil {
		t.Fatal(err)
	}
	h, diags := parseOne(t, string(data))
	if len(diags) > 0 || len(h.Listeners) != 3 || len(h.Pools) != 6 || len(h.Routes) != 6 {
		t.Errorf("%d listeners, %d pools, %d routes, %q", len(h.Listeners), len(h.Pools), len(h.Routes), diags)
	}
}
