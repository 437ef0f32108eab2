package nginx

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolint/tolint/internal/synth"
	"github.com/tolint/tolint/parsers/input"
)

// generatedConfig writes an nginx.conf shaped like a large real one: upstreams, many
// virtual servers with several locations each, comments, quoted values, maps and includes
// of a shared snippet.
func generatedConfig(servers int) string {
	var b strings.Builder
	b.WriteString(`# Generated for the parser benchmark.
user www-data;
worker_processes auto;
events { worker_connections 4096; }

http {
    include proxy_params.conf;
    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                    '$status $body_bytes_sent "$http_referer" '
                    '"$http_user_agent" "$http_x_forwarded_for"';
    access_log /var/log/nginx/access.log main;
    keepalive_timeout 65s 60s;
    client_header_timeout 15s;
    proxy_read_timeout 60s;
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
`)
	for i := 0; i < servers/4+1; i++ {
		fmt.Fprintf(&b, `
    # Upstream for service %d.
    upstream svc%d {
        server 10.%d.%d.10:8080 max_fails=3 fail_timeout=10s;
        server 10.%d.%d.11:8080 max_fails=3 fail_timeout=10s;
        keepalive 32;
        keepalive_timeout 50s;
    }
`, i, i, i/250%250, i%250, i/250%250, i%250)
	}
	for i := 0; i < servers; i++ {
		fmt.Fprintf(&b, `
    server {
        listen 10.1.%d.%d:80;
        listen 10.1.%d.%d:443 ssl;
        server_name app%d.example.com www.app%d.example.com;
        ssl_certificate /etc/ssl/app%d.crt;
        ssl_certificate_key /etc/ssl/app%d.key;
        add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;

        location / {
            proxy_pass http://svc%d;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_connect_timeout 2s;
        }
        location /ws/ {
            proxy_pass http://svc%d;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout "1h 30m";
        }
        location ~* \.(css|js|png|jpg|svg)$ {
            root /srv/app%d/static;
            expires 30d;
        }
        location = /healthz {
            return 200 "ok\n";
        }
    }
`, i/250%250, i%250, i/250%250, i%250, i, i, i, i, i/4, i/4, i)
	}
	b.WriteString("}\n")
	return b.String()
}

// BenchmarkParse parses a generated configuration of about 6 MB and reports MB/s: "hop"
// is the public API (reading from disk, includes, building the hop), "tree" only the
// scanner and parser.
func BenchmarkParse(b *testing.B) {
	conf := generatedConfig(6000)
	root := b.TempDir()
	files := map[string]string{
		"nginx.conf":        conf,
		"proxy_params.conf": "proxy_set_header X-Real-IP $remote_addr;\nproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	tree, err := input.NewTree(root, root)
	if err != nil {
		b.Fatal(err)
	}
	if fr := Parse(tree, "nginx.conf", input.Options{}); len(fr.Diags) != 0 || len(fr.Hops[0].Listeners) != 6000 {
		b.Fatalf("generated config: %d diagnostics (%v), %d listeners", len(fr.Diags), diagLines(fr), len(fr.Hops[0].Listeners))
	}
	b.Run("hop", func(b *testing.B) {
		b.SetBytes(int64(len(conf)))
		b.ReportAllocs()
		for b.Loop() {
			Parse(tree, "nginx.conf", input.Options{})
		}
	})
	b.Run("tree", func(b *testing.B) {
		b.SetBytes(int64(len(conf)))
		b.ReportAllocs()
		for b.Loop() {
			parseFile("nginx.conf", "nginx.conf", conf)
		}
	})
}

// BenchmarkSynth parses the 5,000-server configuration that bench/parsecmp compares with
// gonginx (internal/synth, one upstream and two proxy_pass per server), in memory as
// parsecmp does: pools and routes weigh more here than in BenchmarkParse.
func BenchmarkSynth(b *testing.B) {
	conf := synth.NginxConfig(5000)
	tree, err := input.NewTree(b.TempDir(), ".")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(conf)))
	b.ReportAllocs()
	for b.Loop() {
		tree.Hand("nginx.conf", conf)
		if fr := Parse(tree, "nginx.conf", input.Options{}); len(fr.Diags) != 0 || len(fr.Hops[0].Pools) != 5000 {
			b.Fatalf("%d diagnostics (%v), %d pools", len(fr.Diags), diagLines(fr), len(fr.Hops[0].Pools))
		}
	}
}
