package topology

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzParse: no input panics, takes long, or yields a position outside itself.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.yaml", "testdata/corpus/*.yaml"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			f.Add(readTestdata(f, strings.TrimPrefix(file, "testdata/")))
		}
	}
	for _, src := range []string{
		"hops:\n  - name: a\n    kind: proxy\n   pool: {}\n",
		"hops: [{name: a}, {name: b}]\nlinks: ['a -> b', [a, b], \"a -> \\x62\", >-\n  a ->\n  b]\n",
		"\ufeffhops:\r\n  - {name: é, pool: {idle: 1m30s, targets: [\"ü:80\"]}}\u0085links: []\n",
		"hops: &h [*h]\n",
		"hops:\n  - name: a\n    pool: &p {<<: *p}\n",
	} {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		topo, diags := parse(data, "tolint.yaml", inTree)
		if elapsed := time.Since(start); elapsed > 5*time.Second {
			t.Fatalf("parsing %d bytes took %v", len(data), elapsed)
		}
		checkPositions(t, data, topo, diags)
	})
}

// topologyOf generates a tolint.yaml with n hops using every key, linked in a chain.
func topologyOf(n int) []byte {
	var b strings.Builder
	b.WriteString("hops:\n")
	for i := range n {
		fmt.Fprintf(&b, `  - name: hop-%d
    kind: proxy
    software: nginx@1.24
    listen: ["10.0.%d.%d:8080", "hop-%d.internal:443"]
    listener: {idle: 75s, request: 60s}
    pool: {idle: 1m30s, request: 30s, connect: 1s, tcp_keepalive: 60s, reuse: true, targets: ["hop-%d.internal:443"]}
    tcp: {timestamps: true, tw_reuse: 2, tw_recycle: false, keepalive_time: 7200s}
    probe: https://hop-%d.internal/health
`, i, i/256, i%256, i, i+1, i)
	}
	b.WriteString("links:\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  - hop-%d -> hop-%d\n", i-1, i)
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	data := topologyOf(1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		topo, diags := parse(data, "tolint.yaml", inTree)
		if len(diags) > 0 || len(topo.Hops) != 1000 {
			b.Fatalf("%d hops, %v", len(topo.Hops), diags)
		}
	}
}
