package probe

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// maxBody bounds the response body read before the idle wait, so a huge page cannot make
// a probe download without end.
const maxBody = 64 << 20

// Conn is one connection's idle wait.
type Conn struct {
	Close Close
	// Idle is the time from the end of the response to the close, or how long it waited.
	Idle time.Duration
	// Early is set when the server sent bytes before closing (an HTTP 408, say): the close
	// is timed at the first of them, when the server's timer fired.
	Early bool
}

// conn is an open connection with its reader.
type conn struct {
	c  net.Conn
	br *bufio.Reader
}

// open dials t, completes TLS, and stops when ctx ends.
func open(ctx context.Context, t *Target, o *Options) (*conn, error) {
	d := net.Dialer{Timeout: o.ReplyTimeout}
	c, err := d.DialContext(ctx, "tcp", t.Addr)
	if err != nil {
		return nil, describe(t, err)
	}
	if t.URL.Scheme == "https" {
		tc := tls.Client(c, &tls.Config{ServerName: t.ServerName, InsecureSkipVerify: o.Insecure, NextProtos: []string{"http/1.1"}})
		hctx, cancel := context.WithTimeout(ctx, o.ReplyTimeout)
		err := tc.HandshakeContext(hctx)
		cancel()
		if err != nil {
			_ = c.Close()
			return nil, describe(t, err)
		}
		c = tc
	}
	return &conn{c: c, br: bufio.NewReader(c)}, nil
}

// describe turns a network error into a message that names the URL and the step that
// failed.
func describe(t *Target, err error) error {
	return &urlError{msg: describeMsg(t, err), err: err}
}

// urlError is a message for people that keeps its cause for errors.Is.
type urlError struct {
	msg string
	err error
}

func (e *urlError) Error() string { return e.msg }
func (e *urlError) Unwrap() error { return e.err }

func describeMsg(t *Target, err error) string {
	var dns *net.DNSError
	var cert *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var alert tls.AlertError
	var record tls.RecordHeaderError
	switch {
	case errors.As(err, &dns):
		return fmt.Sprintf("%s: cannot resolve %s: %v", t.Raw(), t.URL.Hostname(), dns.Err)
	case errors.As(err, &cert), errors.As(err, &unknown), errors.As(err, &host):
		return fmt.Sprintf("%s: TLS certificate not accepted (--insecure skips the check): %v", t.Raw(), err)
	case errors.As(err, &alert), errors.As(err, &record):
		return fmt.Sprintf("%s: TLS handshake failed: %v", t.Raw(), err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("%s: connection refused by %s", t.Raw(), t.Addr)
	case isTimeout(err):
		return fmt.Sprintf("%s: no answer from %s in time", t.Raw(), t.Addr)
	}
	return fmt.Sprintf("%s: %v", t.Raw(), err)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// answer is what the probe keeps of a response.
type answer struct {
	status    int
	location  string
	keepAlive string
	// close: the server said "Connection: close".
	close bool
}

// exchange sends one request and reads the whole response.
func (c *conn) exchange(t *Target, o *Options) (answer, error) {
	req, err := http.NewRequest(o.Method, t.URL.String(), http.NoBody)
	if err != nil {
		return answer{}, fmt.Errorf("%s: %w", t.Raw(), err)
	}
	for k, vs := range o.Header {
		for _, v := range vs {
			if strings.EqualFold(k, "Host") {
				req.Host = v
				continue
			}
			req.Header.Add(k, v)
		}
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", "tolint-probe")
	}
	_ = c.c.SetDeadline(time.Now().Add(o.ReplyTimeout))
	if err := req.Write(c.c); err != nil {
		return answer{}, describe(t, err)
	}
	resp, err := http.ReadResponse(c.br, req)
	if err != nil {
		return answer{}, describeResponse(t, err)
	}
	n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody+1))
	_ = resp.Body.Close()
	switch {
	case err != nil:
		return answer{}, describeResponse(t, err)
	case n > maxBody:
		return answer{}, fmt.Errorf("%s: response body larger than %d MB; probe a smaller page", t.Raw(), maxBody>>20)
	}
	_ = c.c.SetDeadline(time.Time{})
	return answer{status: resp.StatusCode, location: resp.Header.Get("Location"), keepAlive: resp.Header.Get("Keep-Alive"), close: resp.Close}, nil
}

func describeResponse(t *Target, err error) error {
	msg := fmt.Sprintf("%s: not an HTTP/1 response: %v", t.Raw(), err)
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		msg = t.Raw() + ": the server closed the connection without a complete HTTP response"
	case errors.Is(err, syscall.ECONNRESET):
		msg = t.Raw() + ": the server reset the connection instead of answering"
	case isTimeout(err):
		msg = t.Raw() + ": no complete response within the reply timeout"
	}
	return &urlError{msg: msg, err: err}
}

// idle waits until the server ends the connection, d passes, or ctx ends. since is when
// the connection became idle.
func (c *conn) idle(ctx context.Context, d time.Duration, since time.Time) Conn {
	stop := context.AfterFunc(ctx, func() { _ = c.c.SetReadDeadline(time.Now()) })
	defer stop()
	_ = c.c.SetReadDeadline(since.Add(d))
	var first time.Time
	buf := make([]byte, 4096)
	for {
		n, err := c.br.Read(buf)
		now := time.Now()
		if n > 0 && first.IsZero() {
			first = now
		}
		if err == nil {
			continue
		}
		at := now
		if !first.IsZero() {
			at = first
		}
		switch {
		case errors.Is(err, syscall.ECONNRESET):
			return Conn{Close: RST, Idle: at.Sub(since), Early: !first.IsZero()}
		case isTimeout(err):
			return Conn{Close: None, Idle: now.Sub(since)}
		default:
			// EOF, or a TLS close_notify followed by EOF.
			return Conn{Close: FIN, Idle: at.Sub(since), Early: !first.IsZero()}
		}
	}
}

// waitClose opens the connections, sends a request on each, and waits for the closes.
func waitClose(ctx context.Context, t *Target, o Options) *Result {
	r := &Result{Target: t}
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	closed := 0
	for range o.Connections {
		wg.Go(func() {
			c, err := open(ctx, t, &o)
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
				return
			}
			defer c.c.Close()
			if t.HTTP() {
				a, err := c.exchange(t, &o)
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					return
				}
				mu.Lock()
				if r.Status == 0 {
					r.readHeaders(a)
				}
				mu.Unlock()
				if a.close {
					// The server said it closes now: there is no idle wait to time.
					w := c.idle(ctx, o.ReplyTimeout, time.Now())
					mu.Lock()
					r.Conns = append(r.Conns, Conn{Close: w.Close})
					mu.Unlock()
					return
				}
			}
			w := c.idle(ctx, o.Max, time.Now())
			mu.Lock()
			r.Conns = append(r.Conns, w)
			if w.Close != None {
				closed++
				o.report(t, "%d of %d closed (%s after %s)", closed, o.Connections, w.Close, round(w.Idle))
			}
			mu.Unlock()
		})
	}
	o.report(t, "waiting for the server to close %d idle connections (up to %s)", o.Connections, o.Max)
	wg.Wait()
	if len(r.Conns) == 0 {
		r.Err = errors.Join(errs...)
		if len(errs) > 1 && allSame(errs) {
			r.Err = errs[0]
		}
		return r
	}
	r.Failed = errs
	r.summarize(ctx.Err() != nil)
	return r
}

func allSame(errs []error) bool {
	for _, e := range errs[1:] {
		if e.Error() != errs[0].Error() {
			return false
		}
	}
	return true
}

// readHeaders keeps what the first response says about keep-alive and redirects.
func (r *Result) readHeaders(a answer) {
	r.Status, r.Location, r.ConnectionClose = a.status, a.location, a.close
	if d, ok := keepAliveTimeout(a.keepAlive); ok {
		r.KeepAlive = &d
	}
}

// maxHeaderSeconds bounds a Keep-Alive timeout worth reading (about eleven days).
const maxHeaderSeconds = 1_000_000

// keepAliveTimeout reads "timeout=N" from a Keep-Alive header.
func keepAliveTimeout(h string) (time.Duration, bool) {
	for part := range strings.SplitSeq(h, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "timeout") {
			continue
		}
		n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(v), `"`))
		if err != nil || n < 0 || n > maxHeaderSeconds {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	return 0, false
}

// summarize sets Close, Idle and Closed from the connections.
func (r *Result) summarize(interrupted bool) {
	counts := map[Close]int{}
	var idle, waited []time.Duration
	for _, c := range r.Conns {
		counts[c.Close]++
		if c.Close == None {
			waited = append(waited, c.Idle)
		} else {
			idle = append(idle, c.Idle)
		}
	}
	r.Closed = len(idle)
	r.Close = None
	for _, k := range []Close{FIN, RST} {
		if counts[k] > 0 && counts[k] >= counts[r.Close] {
			r.Close = k
		}
	}
	if r.Close == None {
		r.Idle = spread(waited)
	} else {
		r.Idle = spread(idle)
	}
	r.Interrupted = interrupted
}

// round keeps durations readable in progress lines.
func round(d time.Duration) time.Duration { return d.Round(10 * time.Millisecond) }
