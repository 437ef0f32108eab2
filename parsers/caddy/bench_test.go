package caddy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tolint/tolint/parsers/input"
)

// BenchmarkParse parses a generated Caddyfile of 3000 sites, each proxying to a backend
// through a snippet and a transport block, and reports MB/s.
func BenchmarkParse(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("{\n\tservers {\n\t\ttimeouts {\n\t\t\tidle 10m\n\t\t}\n\t}\n}\n(common) {\n\tencode gzip\n\theader X-Frame-Options DENY\n}\n")
	for i := range 3000 {
		fmt.Fprintf(&sb, "\n# site %d\napp%d.example.com, www.app%d.example.com {\n\timport common\n\t@api path /api/*\n", i, i, i)
		fmt.Fprintf(&sb, "\thandle @api {\n\t\treverse_proxy 10.1.%d.%d:8080 \"10.2.%d.%d:8080\" {\n\t\t\ttransport http {\n\t\t\t\tkeepalive 50s\n\t\t\t\tdial_timeout 2s\n\t\t\t}\n\t\t}\n\t}\n", i/250, i%250, i/250, i%250)
		sb.WriteString("\tfile_server {\n\t\troot /srv/www\n\t}\n}\n")
	}
	files := memSource{"Caddyfile": sb.String()}
	if f := parse(files, "Caddyfile", input.Options{}); len(f.Diags) != 0 || len(f.Hops[0].Listeners) != 3000 || len(f.Hops[0].Pools) != 3000 {
		b.Fatalf("generated config: %v", f.Diags)
	}
	b.SetBytes(int64(len(files["Caddyfile"])))
	b.ReportAllocs()
	for b.Loop() {
		parse(files, "Caddyfile", input.Options{})
	}
}
