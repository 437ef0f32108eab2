package rules

var suppressionWithoutReason = &Rule{
	ID:       "TOL903",
	Name:     "suppression-without-reason",
	Severity: Warning,
	Summary:  "a tolint:ignore comment gives no reason",
	Explanation: `A finding was silenced with "tolint:ignore TOL101" but the comment does not say why. The
next person to read the file cannot tell whether the mismatch is understood and harmless (the far
side is retired next week, the pool is never idle) or was silenced to get a pull request green. The
finding stays hidden; this warning asks for the reason.

Write the reason after "--":

    keepalive_timeout 5s;  # tolint:ignore TOL101 -- the ALB in front is replaced by an NLB in PLAT-812

Fix: add "-- reason" to the comment.`,
	Bad: []ExampleFile{
		{Name: "edge/nginx.conf", Text: `events {}
http {
    upstream api {
        server 10.0.0.20:8080;
        keepalive 16;
        keepalive_timeout 120s;  # tolint:ignore TOL101
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
	},
	Good: []ExampleFile{
		{Name: "edge/nginx.conf", Text: `events {}
http {
    upstream api {
        server 10.0.0.20:8080;
        keepalive 16;
        keepalive_timeout 120s;  # tolint:ignore TOL101 -- lb is replaced by an NLB in PLAT-812
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
	},
}

var unusedSuppression = &Rule{
	ID:       "TOL904",
	Name:     "unused-suppression",
	Severity: Info,
	Summary:  "a tolint:ignore comment hides nothing",
	Explanation: `A "tolint:ignore" names a rule that reports nothing on its line or the next one (or, for
"tolint:ignore-file", in its file), or names no known rule. Stale suppressions hide the next real
finding at that place, so they are reported like nolintlint reports unused //nolint comments.

A suppression applies to findings whose primary location (the value to change) is on the line of
the comment or on the line below it.

Fix: remove the comment, or correct the rule id.`,
	Bad: []ExampleFile{
		{Name: "edge/nginx.conf", Text: `events {}
http {
    upstream api {
        server 10.0.0.20:8080;
        keepalive 16;
        keepalive_timeout 55s;  # tolint:ignore TOL101 -- was 120s
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
	},
	Good: []ExampleFile{
		{Name: "edge/nginx.conf", Text: `events {}
http {
    upstream api {
        server 10.0.0.20:8080;
        keepalive 16;
        keepalive_timeout 55s;
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
	},
}
