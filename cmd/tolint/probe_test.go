package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tolint/tolint/probe/probetest"
)

// nginxKeepalive is an nginx answering on / that closes idle connections after the given
// keepalive_timeout (with an optional header value).
func nginxKeepalive(t *testing.T, keepalive string) string {
	t.Helper()
	return probetest.Nginx(t, "keepalive_timeout "+keepalive+`;
    server {
        listen 127.0.0.1:PORT;
        location / { return 200 "ok\n"; }
        location /moved { return 301 http://elsewhere.invalid/; }
    }`)
}

const haproxyKeepalive1500 = `
defaults
    mode http
    timeout connect 1s
    timeout client 10s
    timeout server 10s
    timeout http-keep-alive 1500
frontend fe
    bind 127.0.0.1:PORT
    http-request return status 200 content-type text/plain string ok
`

// TestProbeText: nginx and HAProxy's configured idle timeouts, in text, with the
// Keep-Alive header checked against the close, and plain progress lines off a terminal.
func TestProbeText(t *testing.T) {
	nginx := "http://" + nginxKeepalive(t, "2s 5") + "/"
	haproxy := "http://" + probetest.HAProxy(t, haproxyKeepalive1500) + "/"
	out, errOut, code := runCLI(t, "probe", "--max", "5s", nginx, haproxy, nginx+"moved")
	if code != exitClean {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	want := []string{
		regexp.QuoteMeta(nginx) + `: closes idle connections after 2\.0\ds with a FIN \(3 connections\)\n` +
			`  Keep-Alive: timeout=5 \(not true: it closes after 2\.0\ds, so clients that trust the header reuse closed connections\)\n`,
		regexp.QuoteMeta(haproxy) + `: closes idle connections after 1\.[45]\ds with a FIN \(3 connections\)\n`,
		// The redirect to another host is reported, not followed.
		regexp.QuoteMeta(nginx+"moved") + `: closes idle connections after 2\.0\ds with a FIN \(3 connections\)\n` +
			`  Keep-Alive: timeout=5 .*\n` +
			`  status 301 to http://elsewhere\.invalid/ \(redirects are not followed: probe the final URL\)\n`,
	}
	for _, w := range want {
		if !regexp.MustCompile(w).MatchString(out) {
			t.Errorf("output does not match %q:\n%s", w, out)
		}
	}
	if !strings.Contains(errOut, "tolint probe: "+nginx+" [0s]: waiting for the server to close 3 idle connections (up to 5s)\n") ||
		!strings.Contains(errOut, "tolint probe: "+haproxy+" [2s]: 3 of 3 closed (fin after 1.5") {
		t.Errorf("progress lines:\n%s", errOut)
	}
}

// TestProbeJSON: the documented shape, with values within 100 ms of the configuration.
func TestProbeJSON(t *testing.T) {
	nginx := "http://" + nginxKeepalive(t, "2s 2") + "/"
	haproxy := "http://" + probetest.HAProxy(t, haproxyKeepalive1500) + "/"
	out, errOut, code := runCLI(t, "probe", "--format", "json", "--connections", "2", "--max", "4s", nginx, haproxy)
	if code != exitClean {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	var doc struct {
		Results []struct {
			URL    string  `json:"url"`
			Close  *string `json:"close"`
			IdleMS *struct {
				Min, Median, Max int64
			} `json:"idle_ms"`
			Connections int   `json:"connections"`
			KeepAliveS  *int  `json:"keep_alive_header_s"`
			KeepAliveOK *bool `json:"keep_alive_header_true"`
			Status      int   `json:"status"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	want := []struct {
		url    string
		idleMS int64
		header *int
	}{{nginx, 2000, new(2)}, {haproxy, 1500, nil}}
	if len(doc.Results) != len(want) {
		t.Fatalf("%d results, want %d:\n%s", len(doc.Results), len(want), out)
	}
	for i, w := range want {
		r := doc.Results[i]
		if r.URL != w.url || r.Close == nil || *r.Close != "fin" || r.IdleMS == nil || r.Connections != 2 || r.Status != 200 {
			t.Errorf("result %d:\n%s", i, out)
			continue
		}
		for _, ms := range []int64{r.IdleMS.Min, r.IdleMS.Median, r.IdleMS.Max} {
			if ms < w.idleMS-100 || ms > w.idleMS+100 {
				t.Errorf("%s: idle_ms %+v, want %d within 100", w.url, *r.IdleMS, w.idleMS)
			}
		}
		switch {
		case w.header == nil && (r.KeepAliveS != nil || r.KeepAliveOK != nil):
			t.Errorf("%s: keep-alive header %v %v, want null", w.url, r.KeepAliveS, r.KeepAliveOK)
		case w.header != nil && (r.KeepAliveS == nil || *r.KeepAliveS != *w.header || r.KeepAliveOK == nil || !*r.KeepAliveOK):
			t.Errorf("%s: keep-alive header %v true=%v, want %d and true", w.url, r.KeepAliveS, r.KeepAliveOK, *w.header)
		}
	}
}

// TestProbeReuse: behind the test middlebox (forgets flows idle for 1s, closes nothing),
// --reuse reports the silent drop.
func TestProbeReuse(t *testing.T) {
	url := "http://" + probetest.Relay(t, nginxKeepalive(t, "60s"), time.Second) + "/"
	out, errOut, code := runCLI(t, "probe", "--reuse", "--min", "200ms", "--max", "3s", "--reply-timeout", "500ms", url)
	if code != exitClean {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	m := regexp.MustCompile(`: flow dropped silently between (\S+)s and (\S+)s: no FIN or reset arrives`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no silent drop reported:\n%s\n%s", out, errOut)
	}
	var after, before float64
	_, _ = fmt.Sscan(m[1], &after)
	_, _ = fmt.Sscan(m[2], &before)
	if after > 1 || before < 1 || before-after > 0.2 {
		t.Errorf("dropped between %gs and %gs, want a narrow interval around 1s", after, before)
	}
	if !strings.Contains(errOut, "round 1: reusing connections after 1.133s, 2.067s, 3s") {
		t.Errorf("progress:\n%s", errOut)
	}
}

func TestProbeErrors(t *testing.T) {
	closed := fmt.Sprintf("127.0.0.1:%d", probetest.FreePort(t))
	tests := []struct {
		args         []string
		out, errLine string
	}{
		{args: []string{"probe"}, errLine: "tolint: requires at least 1 arg(s), only received 0"},
		{args: []string{"probe", "example.test"}, errLine: "tolint: example.test: want an http://, https:// or tcp://host:port URL"},
		{args: []string{"probe", "--connections", "0", "http://127.0.0.1/"}, errLine: "tolint: --connections 0: want 1 to 32"},
		{args: []string{"probe", "--max", "3h", "http://127.0.0.1/"}, errLine: "tolint: --max 3h0m0s: want more than 0 and at most 2h0m0s"},
		{args: []string{"probe", "--format", "xml", "http://127.0.0.1/"}, errLine: `tolint: --format "xml": want text or json`},
		{args: []string{"probe", "--header", "X-Token", "http://127.0.0.1/"}, errLine: `tolint: --header "X-Token": want "Name: value"`},
		{args: []string{"probe", "--header", "Content-Length: 5", "http://127.0.0.1/"}, errLine: "tolint: --header Content-Length: tolint probe sends no request body"},
		{args: []string{"probe", "--reuse", "tcp://127.0.0.1:5432"}, errLine: "tolint: tcp://127.0.0.1:5432: --reuse needs an http:// or https:// URL (a bare TCP connection has no request to repeat)"},
		{
			args:    []string{"probe", "http://" + closed + "/"},
			out:     "http://" + closed + "/: connection refused by " + closed + "\n",
			errLine: "tolint: 1 of 1 URLs could not be measured",
		},
	}
	for _, tc := range tests {
		out, errOut, code := runCLI(t, tc.args...)
		if code != exitUsage || out != tc.out || !strings.Contains(errOut, tc.errLine+"\n") {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q\nwant %q", tc.args, code, out, errOut, tc.errLine)
		}
	}
}

// syncBuffer lets the test read standard error while the command writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestProbeInterrupt: Ctrl-C prints what was measured so far and exits 2. Not parallel:
// the signal goes to the whole test process.
func TestProbeInterrupt(t *testing.T) {
	url := "http://" + nginxKeepalive(t, "60s") + "/"
	var out bytes.Buffer
	var errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"probe", "--connections", "1", url}, strings.NewReader(""), &out, &errOut)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(errOut.String(), "waiting for the server") {
		if time.Now().After(deadline) {
			t.Fatalf("probe never started waiting:\n%s", errOut.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != exitUsage || !regexp.MustCompile(`^`+regexp.QuoteMeta(url)+`: no close in the 0\.\d\ds waited before the interrupt\n$`).MatchString(out.String()) ||
			!strings.Contains(errOut.String(), "tolint: interrupted; the results above are what was measured so far\n") {
			t.Errorf("exit %d\n%s%s", code, out.String(), errOut.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("probe did not stop after SIGINT")
	}
}
