// Command synth writes a synthetic infrastructure repository for benchmarks:
//
//	go run ./internal/synth/cmd/synth -n 10000 -seed 1 -out /tmp/repo10k
//
// and prints what it planted. With -nginx-servers or -haproxy-backends it writes one large
// nginx or HAProxy file instead (the side-by-side comparison with nginx -t and haproxy -c).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tolint/tolint/internal/synth"
)

func main() {
	n := flag.Int("n", 1000, "number of files")
	seed := flag.Uint64("seed", 1, "seed; the same seed writes the same repository")
	share := flag.Float64("share", synth.DefaultShare, "probability that a cell carries each kind of planted violation")
	out := flag.String("out", "", "directory to write (a file with -nginx-servers or -haproxy-backends)")
	nginxServers := flag.Int("nginx-servers", 0, "write one nginx.conf with this many server blocks and upstreams to -out")
	haproxyBackends := flag.Int("haproxy-backends", 0, "write one haproxy.cfg with this many frontends and backends to -out")
	quiet := flag.Bool("q", false, "do not list the planted violations")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, *n, *seed, *share, *nginxServers, *haproxyBackends, *quiet); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}

func run(out string, n int, seed uint64, share float64, nginxServers, haproxyBackends int, quiet bool) error {
	var single []byte
	switch {
	case nginxServers > 0:
		single = synth.NginxConfig(nginxServers)
	case haproxyBackends > 0:
		single = synth.HAProxyConfig(haproxyBackends)
	}
	if single != nil {
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, single, 0o644)
	}
	m, err := synth.Write(out, synth.Options{Files: n, Seed: seed, Share: share})
	if err != nil {
		return err
	}
	fmt.Printf("%d files, %d bytes, %d planted violations\n", m.Files, m.Bytes, len(m.Planted))
	if !quiet {
		for _, p := range m.Planted {
			fmt.Printf("%s:%d: %s %s\n", p.File, p.Line, p.Rule, p.What)
		}
	}
	return nil
}
