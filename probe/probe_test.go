package probe_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/probe"
	"github.com/tolint/tolint/probe/probetest"
)

// tolerance is how close a measured idle time must be to the configured one on loopback.
// The tests that measure do not run in parallel with each other: on a loaded machine the
// servers' own timers fire late, and the probe measures exactly that.
const tolerance = 100 * time.Millisecond

func run(t *testing.T, url string, opts probe.Options) *probe.Result {
	t.Helper()
	target, err := probe.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	if err := opts.Check([]*probe.Target{target}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	return probe.Run(ctx, []*probe.Target{target}, opts)[0]
}

func near(got, want time.Duration) bool {
	d := got - want
	return d > -tolerance && d < tolerance
}

func TestIdleClose(t *testing.T) {
	nginx := probetest.Nginx(t, `
    keepalive_timeout 2s;
    server { listen 127.0.0.1:PORT; location / { return 200 "ok\n"; } }`)
	haproxy := probetest.HAProxy(t, `
defaults
    mode http
    timeout connect 1s
    timeout client 10s
    timeout server 10s
    timeout http-keep-alive 1500
frontend fe
    bind 127.0.0.1:PORT
    http-request return status 200 content-type text/plain string ok
`)
	tests := []struct {
		name  string
		url   string
		close probe.Close
		idle  time.Duration
	}{
		{name: "nginx keepalive_timeout 2s", url: "http://" + nginx + "/", close: probe.FIN, idle: 2 * time.Second},
		{name: "HAProxy timeout http-keep-alive 1500", url: "http://" + haproxy + "/", close: probe.FIN, idle: 1500 * time.Millisecond},
		{name: "reset after 800ms", url: "http://" + probetest.ResettingServer(t, 800*time.Millisecond) + "/", close: probe.RST, idle: 800 * time.Millisecond},
		{name: "tcp: nginx waits 1s for a request", url: "tcp://" + probetest.Nginx(t, `
    client_header_timeout 1s;
    server { listen 127.0.0.1:PORT; }`), close: probe.FIN, idle: time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, tc.url, probe.Options{Max: 5 * time.Second})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if r.Close != tc.close || r.Closed != 3 {
				t.Errorf("close %s on %d of 3 connections, want %s on all", r.Close, r.Closed, tc.close)
			}
			for _, d := range []time.Duration{r.Idle.Min, r.Idle.Median, r.Idle.Max} {
				if !near(d, tc.idle) {
					t.Errorf("idle %+v, want %s within %s", r.Idle, tc.idle, tolerance)
				}
			}
		})
	}
}

func TestKeepAliveHeader(t *testing.T) {
	tests := []struct {
		name   string
		conf   string
		header time.Duration
		truth  bool
	}{
		{name: "header tells the truth", conf: "keepalive_timeout 1s 1;", header: time.Second, truth: true},
		{name: "header says 5s, closes after 1s", conf: "keepalive_timeout 1s 5;", header: 5 * time.Second, truth: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			addr := probetest.Nginx(t, tc.conf+`
    server { listen 127.0.0.1:PORT; location / { return 200 "ok\n"; } }`)
			r := run(t, "http://"+addr+"/", probe.Options{Connections: 1, Max: 3 * time.Second})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if r.KeepAlive == nil || *r.KeepAlive != tc.header {
				t.Fatalf("Keep-Alive header %v, want timeout=%s", r.KeepAlive, tc.header)
			}
			if truth, ok := r.KeepAliveTrue(); !ok || truth != tc.truth {
				t.Errorf("header true = %v (known %v), want %v; closed after %s", truth, ok, tc.truth, r.Idle.Median)
			}
		})
	}
}

// TestSilentDrop: behind a middlebox that forgets flows idle for 1s, no close arrives;
// --reuse finds the interval in which reused connections stop answering.
func TestSilentDrop(t *testing.T) {
	nginx := probetest.Nginx(t, `
    keepalive_timeout 60s;
    server { listen 127.0.0.1:PORT; location / { return 200 "ok\n"; } }`)
	relay := "http://" + probetest.Relay(t, nginx, time.Second) + "/"

	t.Run("no close is seen", func(t *testing.T) {
		t.Parallel()
		r := run(t, relay, probe.Options{Connections: 2, Max: 2 * time.Second})
		if r.Err != nil || r.Close != probe.None || r.Closed != 0 || r.Idle.Min < 2*time.Second {
			t.Errorf("got close %s after %+v (%v), want none within 2s", r.Close, r.Idle, r.Err)
		}
	})
	t.Run("reuse finds the drop", func(t *testing.T) {
		t.Parallel()
		r := run(t, relay, probe.Options{Reuse: true, Min: 200 * time.Millisecond, Max: 3 * time.Second, ReplyTimeout: 500 * time.Millisecond})
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		if r.Drop == nil || r.Close != probe.None {
			t.Fatalf("no silent drop found (close %s, alive after %s, trials %+v)", r.Close, r.Alive, r.Rounds)
		}
		// The relay's timer, like a server's, starts a little before the probe reads the reply.
		if r.Drop.After > time.Second+tolerance || r.Drop.Before < time.Second-tolerance || r.Drop.Before-r.Drop.After > 200*time.Millisecond {
			t.Errorf("dropped between %s and %s, want a narrow interval around 1s (within %s)", r.Drop.After, r.Drop.Before, tolerance)
		}
	})
	t.Run("reuse without a middlebox sees the close", func(t *testing.T) {
		t.Parallel()
		r := run(t, "http://"+nginx+"/", probe.Options{Reuse: true, Connections: 2, Min: 200 * time.Millisecond, Max: 2 * time.Second, ReplyTimeout: 500 * time.Millisecond})
		if r.Err != nil || r.Drop != nil || r.Alive < 2*time.Second {
			t.Errorf("got drop %+v, alive after %s (%v), want alive after 2s", r.Drop, r.Alive, r.Err)
		}
	})
}

func TestVisibleCloseInReuse(t *testing.T) {
	addr := probetest.HAProxy(t, `
defaults
    mode http
    timeout connect 1s
    timeout client 10s
    timeout server 10s
    timeout http-keep-alive 1s
frontend fe
    bind 127.0.0.1:PORT
    http-request return status 200 content-type text/plain string ok
`)
	r := run(t, "http://"+addr+"/", probe.Options{Reuse: true, Min: 200 * time.Millisecond, Max: 2 * time.Second, ReplyTimeout: 500 * time.Millisecond})
	if r.Err != nil || r.Drop == nil || r.Close != probe.FIN {
		t.Fatalf("got drop %+v close %s (%v), want a FIN around 1s", r.Drop, r.Close, r.Err)
	}
	// HAProxy's timer starts when it has sent the response, a little before the probe has
	// read it, so a close can come just under the probe's 1s wait (999.4 ms in one CI run).
	if r.Drop.After > time.Second+tolerance || r.Drop.Before < time.Second-tolerance {
		t.Errorf("closed between %s and %s, want around 1s (within %s): %+v", r.Drop.After, r.Drop.Before, tolerance, r.Rounds)
	}
}

// TestInterrupt: cancelling a run returns what was measured so far.
func TestInterrupt(t *testing.T) {
	addr := probetest.Nginx(t, `
    keepalive_timeout 60s;
    server { listen 127.0.0.1:PORT; location / { return 200 "ok\n"; } }`)
	target, err := probe.Parse("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	start := time.Now()
	r := probe.Run(ctx, []*probe.Target{target}, probe.Options{Max: time.Minute})[0]
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("run took %s after the interrupt", took)
	}
	if r.Err != nil || !r.Interrupted || r.Close != probe.None || r.Idle.Min < 300*time.Millisecond || r.Idle.Max > 2*time.Second || r.Status != 200 {
		t.Errorf("got %+v, want interrupted with no close before the 1s interrupt", r)
	}
}

func TestTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "ok\n")
	}))
	srv.Config.IdleTimeout = time.Second
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	url := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)

	r := run(t, url, probe.Options{Connections: 1, Max: 3 * time.Second})
	if r.Err == nil || !strings.Contains(r.Err.Error(), url+": TLS certificate not accepted (--insecure skips the check)") {
		t.Errorf("without --insecure: %v, want a certificate error naming the URL", r.Err)
	}
	r = run(t, url, probe.Options{Connections: 1, Max: 3 * time.Second, Insecure: true})
	if r.Err != nil || r.Close != probe.FIN || !near(r.Idle.Median, time.Second) {
		t.Errorf("with --insecure: close %s after %s (%v), want fin after 1s", r.Close, r.Idle.Median, r.Err)
	}
}

func TestErrors(t *testing.T) {
	closed := fmt.Sprintf("127.0.0.1:%d", probetest.FreePort(t))
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = silent.Close() })
	tests := []struct {
		url, want string
	}{
		{"http://" + closed + "/", "http://" + closed + "/: connection refused by " + closed},
		// Accepted by the kernel, never answered.
		{"http://" + silent.Addr().String() + "/", "http://" + silent.Addr().String() + "/: no complete response within the reply timeout"},
	}
	for _, tc := range tests {
		r := run(t, tc.url, probe.Options{Connections: 1, ReplyTimeout: 300 * time.Millisecond})
		if r.Err == nil || r.Err.Error() != tc.want {
			t.Errorf("%s: %v, want %q", tc.url, r.Err, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		url, addr, err string
	}{
		{url: "http://example.test", addr: "example.test:80"},
		{url: "https://example.test/health", addr: "example.test:443"},
		{url: "HTTP://10.0.0.1:8080/x", addr: "10.0.0.1:8080"},
		{url: "https://[::1]:8443/", addr: "[::1]:8443"},
		{url: "tcp://db.internal:5432", addr: "db.internal:5432"},
		{url: "tcp://db.internal", err: "tcp://db.internal: tcp:// needs a port (tcp://host:port)"},
		{url: "ftp://x", err: "ftp://x: want an http://, https:// or tcp://host:port URL"},
		{url: "example.test:80", err: "example.test:80: want an http://, https:// or tcp://host:port URL"},
		{url: "http://:80/", err: "http://:80/: no host"},
		{url: "http://x:99999/", err: `http://x:99999/: bad port "99999"`},
	}
	for _, tc := range tests {
		got, err := probe.Parse(tc.url)
		switch {
		case tc.err != "":
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: error %v, want %q", tc.url, err, tc.err)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.url, err)
		case got.Addr != tc.addr:
			t.Errorf("%s: addr %s, want %s", tc.url, got.Addr, tc.addr)
		}
	}
}

func TestCheck(t *testing.T) {
	web, _ := probe.Parse("http://127.0.0.1/")
	raw, _ := probe.Parse("tcp://127.0.0.1:5432")
	tests := []struct {
		opts    probe.Options
		targets []*probe.Target
		err     string
	}{
		{opts: probe.Options{}, targets: []*probe.Target{web}},
		{opts: probe.Options{Connections: 33}, targets: []*probe.Target{web}, err: "--connections 33: want 1 to 32"},
		{opts: probe.Options{Connections: 32}, targets: slices.Repeat([]*probe.Target{web}, 9), err: "9 URLs x 32 connections: at most 256 connections per run"},
		{opts: probe.Options{Max: 3 * time.Hour}, targets: []*probe.Target{web}, err: "--max 3h0m0s: want more than 0 and at most 2h0m0s"},
		{opts: probe.Options{Reuse: true, Min: time.Minute, Max: time.Second}, targets: []*probe.Target{web}, err: "--min 1m0s: want more than 0 and less than --max 1s"},
		{opts: probe.Options{Reuse: true}, targets: []*probe.Target{raw}, err: "tcp://127.0.0.1:5432: --reuse needs an http:// or https:// URL (a bare TCP connection has no request to repeat)"},
	}
	for _, tc := range tests {
		err := tc.opts.Check(tc.targets)
		if got := fmt.Sprint(err); (tc.err == "" && err != nil) || (tc.err != "" && got != tc.err) {
			t.Errorf("%+v: %v, want %q", tc.opts, err, tc.err)
		}
	}
}
