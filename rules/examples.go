package rules

// proxyPair is the example the idle and suppression rules share: an nginx that keeps
// upstream connections idle as keepaliveLine says (the whole upstream keepalive_timeout
// line, comments included) in front of an HAProxy that closes them after 60s.
func proxyPair(keepaliveLine string) []ExampleFile {
	return []ExampleFile{
		{Name: "edge/nginx.conf", Text: `events {}
http {
    upstream api {
        server 10.0.0.20:8080;
        keepalive 16;
        ` + keepaliveLine + `
    }
    server {
        listen 80;
        location / {
            proxy_pass http://api;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
`},
		{Name: "lb/haproxy.cfg", Text: `defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 60s

frontend api
    bind 10.0.0.20:8080
`},
	}
}
