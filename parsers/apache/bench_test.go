package apache

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tolint/tolint/parsers/input"
)

// BenchmarkParse parses a generated httpd.conf of 3000 virtual hosts, each proxying to a
// backend, and reports MB/s.
func BenchmarkParse(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("ServerRoot \"/etc/httpd\"\nListen 80\nKeepAlive On\nKeepAliveTimeout 5\nTimeout 60\n<IfModule mod_proxy.c>\n  ProxyTimeout 30\n</IfModule>\n")
	for i := range 3000 {
		fmt.Fprintf(&sb, "\n# site %d\n<VirtualHost *:80>\n    ServerName app%d.example.com\n    ServerAlias www.app%d.example.com\n", i, i, i)
		fmt.Fprintf(&sb, "    DocumentRoot \"/srv/app%d\"\n    <Directory \"/srv/app%d\">\n        Require all granted\n    </Directory>\n", i, i)
		fmt.Fprintf(&sb, "    ProxyPass        /api http://10.1.%d.%d:8080/api ttl=30 timeout=20 \\\n        connectiontimeout=2\n    ProxyPassReverse /api http://10.1.%d.%d:8080/api\n</VirtualHost>\n", i/250, i%250, i/250, i%250)
	}
	files := memSource{"httpd.conf": sb.String()}
	if f := parse(files, "httpd.conf", input.Options{}); len(f.Diags) != 0 || len(f.Hops[0].Listeners) != 3000 {
		b.Fatalf("generated config: %v", f.Diags)
	}
	b.SetBytes(int64(len(files["httpd.conf"])))
	b.ReportAllocs()
	for b.Loop() {
		parse(files, "httpd.conf", input.Options{})
	}
}
