package nginx

import (
	"fmt"
	"testing"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

func TestRetries(t *testing.T) {
	conf := `http {
    proxy_next_upstream error timeout http_502;
    proxy_next_upstream_tries 3;
    server {
        listen 80;
        location / { proxy_pass http://a.internal:8080; }
        location /w { proxy_next_upstream_timeout 90s; proxy_next_upstream error non_idempotent; proxy_pass http://b.internal:8080; }
        location /off { proxy_next_upstream off; proxy_next_upstream_tries 0; proxy_pass http://10.0.0.3:8080; }
        location /two { proxy_pass http://two; }
    }
    upstream two { server 10.0.0.5:8080; server 10.0.0.6:8080; }
    server {
        listen 81;
        proxy_next_upstream_tries 1;
        location / { proxy_next_upstream bogus; proxy_pass http://10.0.0.4:8080; }
    }
}
`
	fr := parseFiles(t, map[string]string{"n.conf": conf}, "n.conf", "")
	h := fr.Hops[0]
	show := func(p *graph.Pool) string {
		return fmt.Sprintf("%s retries %d %s at %s, on timeout %v %s %q at %s, window %s, writes %v %q",
			p.RequestKind, p.Retries.Value, p.Retries.Origin, p.Retries.Pos, p.RetryOnTimeout.Value, p.RetryOnTimeout.Origin, p.RetryOnTimeout.Raw,
			p.RetryOnTimeout.Pos, parsertest.Short(p.RetryWindow.Get()), p.RetryNonIdempotent.Get().Value, p.RetryNonIdempotent.Get().Note)
	}
	tests := []struct{ pool, want string }{
		{"proxy_pass http://a.internal:8080", `per read retries 2 inherited at n.conf:3:31, on timeout true inherited "error timeout http_502" at n.conf:2:25, window unset, writes false ""`},
		{"proxy_pass http://b.internal:8080", `per read retries 2 inherited at n.conf:3:31, on timeout false explicit "error non_idempotent" at n.conf:7:76, window 90s explicit, writes true "proxy_next_upstream error non_idempotent passes POST, LOCK and PATCH requests to the next server too"`},
		{"proxy_pass http://10.0.0.3:8080", `per read retries 0 unset at -, on timeout false explicit "off" at n.conf:8:45, window unset, writes false ""`},
		{"proxy_pass http://10.0.0.4:8080", `per read retries 0 inherited at n.conf:14:35, on timeout true inherited "error timeout http_502" at n.conf:2:25, window unset, writes false ""`},
		{"upstream two", `per read retries 1 inherited at n.conf:3:31, on timeout true inherited "error timeout http_502" at n.conf:2:25, window unset, writes false ""`},
	}
	for _, tt := range tests {
		p := parsertest.Pool(t, h, tt.pool)
		if got := show(p); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.pool, got, tt.want)
		}
	}
	if at := parsertest.Pool(t, h, "proxy_pass http://b.internal:8080").RetryNonIdempotent.Get().Pos.String(); at != "n.conf:7:82" {
		t.Errorf("non_idempotent at %s, want the word itself", at)
	}
	if got := parsertest.DiagLines(fr); len(got) != 1 || got[0] != `n.conf:15:42: proxy_next_upstream "bogus": expected error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, http_429, non_idempotent or off` {
		t.Errorf("diagnostics: %q", got)
	}
}
