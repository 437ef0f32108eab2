package haproxy

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/internal/synth"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

func FuzzParse(f *testing.F) {
	for _, data := range haproxyFiles(&testing.T{}) {
		f.Add(data)
	}
	for _, s := range []string{
		"", "\n", "frontend", "defaults d from\n", ".if\n.elif\n.else\n.endif\n.endif\n",
		"frontend f\n bind \"unterminated\n", "backend b\n server s [::1\n", "listen l\n bind :1-\n server s :+\n",
		"frontend f\n timeout client 99999999999999999999d\n", "backend b\n default-server pool-purge-delay\n",
		"frontend f\n use_backend\n default_backend x\n", "frontend f\n bind a\\\n", "x \\x4",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		frag := parse(data, testFile, testFile, input.Options{})
		for _, err := range parsertest.LinePositionErrors(string(data), testFile, frag) {
			t.Error(err)
		}
		if len(frag.Hops) != 1 {
			t.Errorf("%d hops", len(frag.Hops))
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%d bytes took %v", len(data), d)
		}
	})
}

// benchConfig is a configuration of n frontends, each routing to two backends.
func benchConfig(n int) []byte {
	var b strings.Builder
	b.WriteString("global\n    maxconn 10000\n\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 60s\n    timeout http-keep-alive 4s\n\n")
	for i := range n {
		fmt.Fprintf(&b, "frontend fe%d\n    bind 10.%d.%d.1:80,10.%d.%d.1:8080 name web\n    acl is_api path_beg /api # api traffic\n", i, i/250, i%250, i/250, i%250)
		fmt.Fprintf(&b, "    http-request set-header X-Forwarded-Proto \"https\" if { ssl_fc }\n    use_backend api%d if is_api\n    default_backend web%d\n\n", i, i)
		fmt.Fprintf(&b, "backend web%d\n    balance roundrobin\n    option httpchk GET /health\n    default-server check inter 2s pool-purge-delay 3s\n", i)
		fmt.Fprintf(&b, "    server w1 10.%d.%d.10:8080\n    server w2 10.%d.%d.11:8080\n\n", i/250, i%250, i/250, i%250)
		fmt.Fprintf(&b, "backend api%d\n    timeout server 120s\n    http-reuse always\n    server a1 10.%d.%d.20:9000 pool-purge-delay 1s\n\n", i, i/250, i%250)
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	data := benchConfig(500)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		parse(data, testFile, testFile, input.Options{})
	}
}

// BenchmarkParseSynth parses the haproxy.cfg of bench/compare.sh: 5,000 backends of three
// servers each, all routed from one frontend.
func BenchmarkParseSynth(b *testing.B) {
	data := synth.HAProxyConfig(5000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		parse(data, testFile, testFile, input.Options{})
	}
}
