package traefik

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tolint/tolint/parsers/input"
)

// benchFiles is a static configuration and a dynamic one in YAML and one in TOML, each of
// n routers, services and transports.
func benchFiles(n int) memSource {
	var y, t strings.Builder
	y.WriteString("http:\n  routers:\n")
	for i := range n {
		fmt.Fprintf(&y, "    r%d:\n      rule: Host(`app%d.example.com`)\n      entryPoints: [web]\n      service: s%d\n", i, i, i)
	}
	y.WriteString("  services:\n")
	for i := range n {
		fmt.Fprintf(&y, "    s%d:\n      loadBalancer:\n        serversTransport: t%d\n        servers:\n          - url: http://10.1.%d.%d:8080\n", i, i, i/250, i%250)
	}
	y.WriteString("  serversTransports:\n")
	for i := range n {
		fmt.Fprintf(&y, "    t%d:\n      forwardingTimeouts:\n        idleConnTimeout: %ds\n        dialTimeout: 2s\n", i, 30+i%60)
	}
	for i := range n {
		fmt.Fprintf(&t, "[http.routers.q%d]\n  rule = \"Host(`b%d.example.com`)\"\n  service = \"u%d\"\n", i, i, i)
		fmt.Fprintf(&t, "[[http.services.u%d.loadBalancer.servers]]\n  url = \"http://10.2.%d.%d:8080\"\n", i, i/250, i%250)
	}
	return memSource{
		"traefik.yml":        "entryPoints:\n  web:\n    address: \":80\"\nproviders:\n  file:\n    directory: dynamic\n",
		"dynamic/app.yml":    y.String(),
		"dynamic/other.toml": t.String(),
	}
}

func BenchmarkParseFiles(b *testing.B) {
	files := benchFiles(2000)
	rels := []string{"dynamic/app.yml", "dynamic/other.toml", "traefik.yml"}
	size := 0
	for _, s := range files {
		size += len(s)
	}
	frags := parseFiles(files, rels, input.Options{})
	if len(frags) != 1 || len(frags[0].Diags) != 0 || len(frags[0].Hops[0].Pools) != 4000 {
		b.Fatalf("%d fragments", len(frags))
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		parseFiles(files, rels, input.Options{})
	}
}
