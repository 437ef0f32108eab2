package haproxy

import (
	"fmt"
	"testing"

	"github.com/tolint/tolint/parsers/internal/parsertest"
)

func TestRetries(t *testing.T) {
	src := `defaults
    mode http
    retries 2
    retry-on conn-failure response-timeout
    timeout server 30s

backend inherits
    server a 10.0.0.1:80

backend own
    retry-on conn-failure 503
    server a 10.0.0.2:80

defaults plain
    mode http

backend defaulted
    server a 10.0.0.3:80
`
	f := parseText(t, src)
	parsertest.NoDiags(t, f)
	h := f.Hops[0]
	tests := []struct{ pool, want string }{
		{"backend inherits", fmt.Sprintf("per read, retries 2 inherited at %s, on timeout true inherited at %s", atAfter(t, src, 3, "retries "), atAfter(t, src, 4, "retry-on "))},
		{"backend own", fmt.Sprintf("per read, retries 2 inherited at %s, on timeout false explicit at %s", atAfter(t, src, 3, "retries "), atAfter(t, src, 11, "retry-on "))},
		{"backend defaulted", "per read, retries 3 default at haproxy.cfg:17:9, on timeout false default at haproxy.cfg:17:9"},
	}
	for _, tt := range tests {
		p := parsertest.Pool(t, h, tt.pool)
		got := fmt.Sprintf("%s, retries %d %s at %s, on timeout %v %s at %s", p.RequestKind, p.Retries.Value, p.Retries.Origin, p.Retries.Pos,
			p.RetryOnTimeout.Value, p.RetryOnTimeout.Origin, p.RetryOnTimeout.Pos)
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.pool, got, tt.want)
		}
	}
	bad := parseText(t, "backend b\n    retries many\n    retry-on sometimes\n")
	if got := parsertest.DiagLines(bad); len(got) != 2 {
		t.Errorf("diagnostics: %q", got)
	}
}
