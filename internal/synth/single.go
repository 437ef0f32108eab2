package synth

import (
	"fmt"
	"strings"
)

// NginxConfig is one nginx.conf with the given number of name-based virtual servers, each
// with its own upstream of three servers. All servers listen on one loopback port and the
// temporary directories are relative to nginx's prefix, so `nginx -t -p DIR` (which binds
// the listen sockets and creates those directories) passes without root.
func NginxConfig(servers int) []byte {
	var b strings.Builder
	b.WriteString(`worker_processes auto;

events {
    worker_connections 4096;
}

http {
    server_names_hash_bucket_size 128;
    server_names_hash_max_size 65536;
    keepalive_timeout 75s;
    client_header_timeout 20s;
    log_format main '$remote_addr - $remote_user [$time_local] "$request" $status';
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
`)
	for i := range servers {
		fmt.Fprintf(&b, `
    upstream svc%[1]d {
        server 10.2.%[2]d.%[3]d:8080 max_fails=3 fail_timeout=10s;
        server 10.3.%[2]d.%[3]d:8080 max_fails=3 fail_timeout=10s;
        keepalive 32;
        keepalive_timeout 50s;
    }

    server {
        listen 127.0.0.1:18481;
        server_name app%[1]d.example.com;
        keepalive_timeout 65s;

        location / {
            proxy_pass http://svc%[1]d;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_read_timeout 30s;
        }

        location /api/ {
            proxy_pass http://svc%[1]d;
            proxy_read_timeout 60s;
        }

        location = /healthz {
            return 200 "ok\n";
        }
    }
`, i, i/250%250, i%250+1)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// HAProxyConfig is one haproxy.cfg with one frontend choosing among the given number of
// backends by Host header, each backend with three servers.
func HAProxyConfig(backends int) []byte {
	var b strings.Builder
	b.WriteString(`global
    maxconn 20000

defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    timeout http-keep-alive 60s

frontend www
    bind 127.0.0.1:18482
`)
	for i := range backends {
		fmt.Fprintf(&b, "    use_backend be%d if { hdr(host) -i app%d.example.com }\n", i, i)
	}
	b.WriteString("    default_backend be0\n")
	for i := range backends {
		fmt.Fprintf(&b, `
backend be%[1]d
    balance roundrobin
    option httpchk GET /healthz
    timeout server 30s
    server s0 10.2.%[2]d.%[3]d:8080 check inter 2s fall 3 rise 2
    server s1 10.3.%[2]d.%[3]d:8080 check inter 2s fall 3 rise 2
    server s2 10.4.%[2]d.%[3]d:8080 check inter 2s fall 3 rise 2 backup
`, i, i/250%250, i%250+1)
	}
	return []byte(b.String())
}
