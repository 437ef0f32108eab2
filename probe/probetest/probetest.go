// Package probetest starts real servers and a flow-forgetting middlebox on 127.0.0.1 for
// tests of tolint probe and verify. Every server listens on a free loopback port, runs in
// the foreground, and is killed when the test ends.
package probetest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// startTimeout bounds how long a server may take to accept connections.
const startTimeout = 10 * time.Second

// Binary finds a server binary in PATH or /usr/sbin. Without it the test is skipped,
// unless CI is set: there a missing binary is a broken setup.
func Binary(t testing.TB, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if p := "/usr/sbin/" + name; isExecutable(p) {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not installed (the README test command installs it)", name)
	}
	t.Skipf("%s not installed (the README test command installs it)", name)
	return ""
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0
}

// FreePort returns a loopback port nothing listens on now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Nginx starts nginx with the given http block body, in which every "PORT" is replaced
// by a free port; it returns 127.0.0.1:port once nginx accepts.
func Nginx(t testing.TB, httpBody string) string {
	t.Helper()
	bin := Binary(t, "nginx")
	dir := t.TempDir()
	port := FreePort(t)
	conf := fmt.Sprintf(`pid %s;
error_log stderr;
worker_processes 1;
events { worker_connections 64; }
http {
    access_log off;
%s
}
`, filepath.Join(dir, "nginx.pid"), strings.ReplaceAll(httpBody, "PORT", fmt.Sprint(port)))
	file := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(file, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return start(t, port, bin, "-p", dir, "-c", file, "-e", "stderr", "-g", "daemon off;")
}

// HAProxy starts haproxy with cfg, in which every "PORT" is replaced by a free port.
func HAProxy(t testing.TB, cfg string) string {
	t.Helper()
	bin := Binary(t, "haproxy")
	port := FreePort(t)
	file := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(file, []byte(strings.ReplaceAll(cfg, "PORT", fmt.Sprint(port))), 0o644); err != nil {
		t.Fatal(err)
	}
	return start(t, port, bin, "-db", "-f", file)
}

// start runs a server in the foreground and waits until it accepts on port.
func start(t testing.TB, port int, bin string, args ...string) string {
	t.Helper()
	var out syncBuffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	ownGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		// SIGTERM lets nginx's master stop and reap its workers; the group kill is for a
		// server that does not stop in time.
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
			return
		case <-time.After(startTimeout / 2):
		}
		killGroup(cmd)
		select {
		case <-exited:
		case <-time.After(startTimeout / 2):
			t.Errorf("%s did not exit after kill", bin)
		}
	})
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			t.Fatalf("%s exited: %v\n%s", bin, waitErr, out.String())
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err == nil {
			_ = c.Close()
			return addr
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s does not accept on %s after %s\n%s", bin, addr, startTimeout, out.String())
	return ""
}

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

// Relay starts a TCP relay to backend that forgets a flow idle for drop: from then on it
// forwards nothing in either direction and closes nothing, as a NAT or load balancer does
// when its flow table entry expires. It returns the relay's address.
func Relay(t testing.TB, backend string, drop time.Duration) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	track := func(c net.Conn) {
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
	}
	t.Cleanup(func() {
		_ = l.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			b, err := net.Dial("tcp", backend)
			if err != nil {
				_ = c.Close()
				continue
			}
			track(c)
			track(b)
			f := &flow{drop: drop}
			f.touch()
			wg.Go(func() { f.pipe(b, c) })
			wg.Go(func() { f.pipe(c, b) })
		}
	})
	return l.Addr().String()
}

// flow is one relayed connection and when bytes last crossed it.
type flow struct {
	drop      time.Duration
	last      atomic.Int64
	forgotten atomic.Bool
}

func (f *flow) touch() { f.last.Store(time.Now().UnixNano()) }

// pipe copies src to dst until src ends, unless the flow is forgotten: bytes arriving
// after an idle gap longer than drop are swallowed, and so is everything after them.
func (f *flow) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if time.Since(time.Unix(0, f.last.Load())) > f.drop {
				f.forgotten.Store(true)
			}
			if !f.forgotten.Load() {
				f.touch()
				if _, werr := dst.Write(buf[:n]); werr != nil {
					return
				}
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) && !f.forgotten.Load() {
				if tc, ok := dst.(*net.TCPConn); ok {
					_ = tc.CloseWrite()
				}
			}
			return
		}
	}
}

// ResettingServer answers HTTP requests with keep-alive and resets every connection idle
// for after (SO_LINGER 0, so the close is an RST). It returns its address.
func ResettingServer(t testing.TB, after time.Duration) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { _ = l.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { serveThenReset(c.(*net.TCPConn), after) })
		}
	})
	return l.Addr().String()
}

func serveThenReset(c *net.TCPConn, after time.Duration) {
	defer c.Close()
	buf := make([]byte, 4096)
	var req []byte
	for {
		_ = c.SetReadDeadline(time.Now().Add(after))
		n, err := c.Read(buf)
		req = append(req, buf[:n]...)
		if err != nil {
			_ = c.SetLinger(0)
			return
		}
		for {
			i := bytes.Index(req, []byte("\r\n\r\n"))
			if i < 0 {
				break
			}
			req = req[i+4:]
			if _, err := io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n"); err != nil {
				return
			}
		}
	}
}
