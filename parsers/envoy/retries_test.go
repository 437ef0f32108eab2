package envoy

import (
	"fmt"
	"strings"
	"testing"
)

func TestRetryPolicy(t *testing.T) {
	post := `- match: { prefix: "/", headers: [{ name: ":method", string_match: { exact: POST } }] }`
	tests := []struct {
		name, action, match string
		want                string // kind, retries, retry on timeout, per try, writes
	}{
		{"none", "", "", "whole response, retries 0 unset, on timeout false unset, per try unset, writes false"},
		{"5xx with per-try timeout", "                  timeout: 10s\n                  retry_policy: { retry_on: \"5xx\", num_retries: 3, per_try_timeout: 5s }\n", "",
			"whole response, retries 3 explicit @{num_retries: 3|3}, on timeout true explicit @{retry_on: \"5xx\"|\"5xx\"}, per try 5s explicit, writes false"},
		{"default count, connect failures only", "                  retry_policy: { retry_on: \"connect-failure,refused-stream\" }\n", "",
			"whole response, retries 1 default, on timeout false explicit @{retry_on: \"connect|\"connect}, per try unset, writes false"},
		{"reset on a POST route", "                  retry_policy: { retryOn: \"reset\", numRetries: 2 }\n", post,
			"whole response, retries 2 explicit @{numRetries: 2|2}, on timeout false explicit @{retryOn: \"reset\"|\"reset\"}, per try unset, writes true"},
		{"gateway-error on a GET route", "                  retry_policy: { retry_on: \"gateway-error\" }\n", "",
			"whole response, retries 1 default, on timeout true explicit @{retry_on: \"gateway|\"gateway}, per try unset, writes false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := bootstrap("", tt.action, "")
			if tt.match != "" {
				src = strings.Replace(src, `- match: { prefix: "/" }`, tt.match, 1)
			}
			h, diags := parseOne(t, src)
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %q", diags)
			}
			p := h.Pools[0]
			short := func(origin fmt.Stringer, pos string) string {
				if origin.String() == "unset" || origin.String() == "default" {
					return origin.String()
				}
				return origin.String() + " @" + pos
			}
			got := fmt.Sprintf("%s, retries %d %s, on timeout %v %s, per try %s, writes %v", p.RequestKind,
				p.Retries.Value, short(p.Retries.Origin, p.Retries.Pos.String()), p.RetryOnTimeout.Value, short(p.RetryOnTimeout.Origin, p.RetryOnTimeout.Pos.String()),
				strings.TrimSpace(p.PerTry.Get().Value.String()+" "+p.PerTry.Get().Origin.String()), p.RetryNonIdempotent.Get().Value)
			if p.PerTry.Get().Origin.String() == "unset" {
				got = strings.Replace(got, "per try 0s unset", "per try unset", 1)
			}
			want := tt.want
			for strings.Contains(want, "@{") {
				i := strings.Index(want, "@{")
				j := strings.Index(want[i:], "}") + i
				context, target, _ := strings.Cut(want[i+2:j], "|")
				want = want[:i+1] + loc(t, src, context, target) + want[j+1:]
			}
			if got != want {
				t.Errorf("\n got %s\nwant %s", got, want)
			}
			if p.RetryNonIdempotent.Get().Value && !strings.Contains(p.RetryNonIdempotent.Get().Note, "matches POST") {
				t.Errorf("note %q", p.RetryNonIdempotent.Get().Note)
			}
		})
	}
}
