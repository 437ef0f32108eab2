// Package probe measures how long a live endpoint keeps an idle connection and how it ends
// it: a FIN, a reset, or (found by reusing connections) a silent drop by a middlebox that
// forgets the flow. It opens a bounded number of connections to the URLs it is given and
// to nothing else; it never follows redirects and never sends a request body.
package probe

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Close is how the server ended an idle connection.
type Close string

const (
	// FIN is an orderly close.
	FIN Close = "fin"
	// RST is a reset.
	RST Close = "rst"
	// None means no close within Options.Max (or before the run was interrupted).
	None Close = "none"
)

// Limits on one run, so that a mistyped flag cannot open thousands of connections or wait
// for days.
const (
	MaxConnections = 32
	MaxTotal       = 256
	MaxWait        = 2 * time.Hour
)

// Options tune a run; zero values take the defaults.
type Options struct {
	// Connections per URL (default 3): a pool of backends behind one address can differ.
	Connections int
	// Max is the longest idle wait (default 10m); no close by then is a result.
	Max time.Duration
	// Min is the shortest interval --reuse tries (default 1s).
	Min time.Duration
	// Method and Header of the request (default GET, Host from the URL).
	Method string
	Header http.Header
	// Insecure skips TLS certificate verification.
	Insecure bool
	// Reuse searches for a silent drop instead of waiting for a close.
	Reuse bool
	// ReplyTimeout bounds connecting, the TLS handshake and every response (default 10s).
	ReplyTimeout time.Duration
	// Progress, if set, hears what is known while a run waits.
	Progress Progress
}

// Event is what a run reports while it waits.
type Event struct {
	URL string
	// Known is what is measured so far, in a few words.
	Known string
}

// Progress receives events from concurrent runs; the caller decides how to show them.
type Progress interface {
	Report(Event)
}

func (o *Options) defaults() {
	if o.Connections == 0 {
		o.Connections = 3
	}
	if o.Max == 0 {
		o.Max = 10 * time.Minute
	}
	if o.Min == 0 {
		o.Min = time.Second
	}
	if o.Method == "" {
		o.Method = http.MethodGet
	}
	if o.ReplyTimeout == 0 {
		o.ReplyTimeout = 10 * time.Second
	}
}

// Check reports options out of bounds for the targets.
func (o Options) Check(targets []*Target) error {
	o.defaults()
	n := len(targets)
	if o.Reuse {
		for _, t := range targets {
			if !t.HTTP() {
				return fmt.Errorf("%s: --reuse needs an http:// or https:// URL (a bare TCP connection has no request to repeat)", t.Raw())
			}
		}
	}
	switch {
	case o.Connections < 1 || o.Connections > MaxConnections:
		return fmt.Errorf("--connections %d: want 1 to %d", o.Connections, MaxConnections)
	case n*o.Connections > MaxTotal:
		return fmt.Errorf("%d URLs x %d connections: at most %d connections per run", n, o.Connections, MaxTotal)
	case o.Max <= 0 || o.Max > MaxWait:
		return fmt.Errorf("--max %s: want more than 0 and at most %s", o.Max, MaxWait)
	case o.Reuse && (o.Min <= 0 || o.Min >= o.Max):
		return fmt.Errorf("--min %s: want more than 0 and less than --max %s", o.Min, o.Max)
	case o.ReplyTimeout <= 0:
		return fmt.Errorf("reply timeout %s: want more than 0", o.ReplyTimeout)
	}
	return nil
}

// Target is a parsed URL to probe.
type Target struct {
	// URL is the parsed URL (with "/" for an empty path); raw is it as given.
	URL *url.URL
	raw string
	// Addr is host:port to dial; ServerName the TLS server name (https).
	Addr       string
	ServerName string
}

// Raw is the URL as given.
func (t *Target) Raw() string { return t.raw }

// HTTP reports whether requests are sent (http, https) rather than a bare TCP connection.
func (t *Target) HTTP() bool { return t.URL.Scheme != "tcp" }

// Parse reads an http://, https:// or tcp://host:port URL.
func Parse(raw string) (*Target, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: not a URL: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	port := u.Port()
	switch u.Scheme {
	case "http":
		port = cmpOr(port, "80")
	case "https":
		port = cmpOr(port, "443")
	case "tcp":
		if port == "" {
			return nil, fmt.Errorf("%s: tcp:// needs a port (tcp://host:port)", raw)
		}
	default:
		return nil, fmt.Errorf("%s: want an http://, https:// or tcp://host:port URL", raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("%s: no host", raw)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return nil, fmt.Errorf("%s: bad port %q", raw, port)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return &Target{URL: u, raw: raw, Addr: net.JoinHostPort(u.Hostname(), port), ServerName: u.Hostname()}, nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Port is the port dialled.
func (t *Target) Port() int {
	_, p, _ := net.SplitHostPort(t.Addr)
	n, _ := strconv.Atoi(p)
	return n
}

// Spread is the minimum, median and maximum over connections.
type Spread struct{ Min, Median, Max time.Duration }

func spread(ds []time.Duration) Spread {
	if len(ds) == 0 {
		return Spread{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return Spread{Min: s[0], Median: s[len(s)/2], Max: s[len(s)-1]}
}

// Drop is the interval in which a flow was forgotten without a close: alive after After,
// gone after Before.
type Drop struct{ After, Before time.Duration }

// Result is what was measured at one URL.
type Result struct {
	Target *Target
	// Conns are the idle waits, one per connection (none in --reuse mode).
	Conns []Conn
	// Close is what most connections saw; Idle spreads over the connections that closed
	// (all of them when none did: then it is how long they waited).
	Close Close
	Idle  Spread
	// Closed is how many connections the server closed.
	Closed int
	// KeepAlive is the server's "Keep-Alive: timeout=N", if it sent one.
	KeepAlive *time.Duration
	// Status and Location of the first response (redirects are never followed).
	Status   int
	Location string
	// ConnectionClose: the server answered "Connection: close", keeping nothing idle.
	ConnectionClose bool
	// Reuse mode: Drop is the silent drop found, or nil; Alive is the longest interval
	// after which a reused connection still answered.
	Drop  *Drop
	Alive time.Duration
	// Rounds are the reuse trials, in the order they ended.
	Rounds []Trial
	// Interrupted: the run was stopped before it finished; the values are what was known.
	Interrupted bool
	// Err is why nothing could be measured (DNS, TLS, connect, bad response), with the URL;
	// Failed are the errors of connections that failed while others were measured.
	Err    error
	Failed []error
}

// KeepAliveTrue reports whether the Keep-Alive header agrees with the measured close
// (within a second, the header's unit); ok is false when there is nothing to compare.
func (r *Result) KeepAliveTrue() (truth, ok bool) {
	if r.KeepAlive == nil || r.Err != nil || r.Reuse() {
		return false, false
	}
	if r.Close == None {
		if r.Idle.Max <= *r.KeepAlive+time.Second {
			return false, false // did not wait long enough to tell
		}
		return false, true
	}
	d := r.Idle.Median - *r.KeepAlive
	return d < time.Second && d > -time.Second, true
}

// Reuse reports whether the result comes from a --reuse search.
func (r *Result) Reuse() bool { return r.Rounds != nil || r.Drop != nil || r.Alive > 0 }

// Run probes every target concurrently and returns their results in the given order.
// Cancelling ctx stops the waits; each result then holds what was measured so far.
func Run(ctx context.Context, targets []*Target, opts Options) []*Result {
	opts.defaults()
	out := make([]*Result, len(targets))
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Go(func() {
			if opts.Reuse {
				out[i] = searchDrop(ctx, t, opts)
			} else {
				out[i] = waitClose(ctx, t, opts)
			}
		})
	}
	wg.Wait()
	return out
}

func (o *Options) report(t *Target, format string, args ...any) {
	if o.Progress != nil {
		o.Progress.Report(Event{URL: t.Raw(), Known: fmt.Sprintf(format, args...)})
	}
}
