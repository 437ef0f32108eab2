package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/tolint/tolint/probe"
)

// probeFlags are shared by `tolint probe` and `tolint verify`.
type probeFlags struct {
	opts    probe.Options
	headers []string
}

func (f *probeFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.IntVar(&f.opts.Connections, "connections", 3, fmt.Sprintf("connections per URL, 1 to %d (backends behind one address can differ)", probe.MaxConnections))
	fl.DurationVar(&f.opts.Max, "max", 10*time.Minute, "longest idle wait; no close by then is a result, not an error (at most "+probe.MaxWait.String()+")")
	fl.DurationVar(&f.opts.Min, "min", time.Second, "shortest idle interval --reuse tries")
	fl.BoolVar(&f.opts.Reuse, "reuse", false, "find a silent drop: reuse connections after idle intervals between --min and --max (binary search, in parallel)")
	fl.StringVar(&f.opts.Method, "method", http.MethodGet, "request method (no body is ever sent)")
	fl.StringArrayVar(&f.headers, "header", nil, `request header "Name: value" (repeatable)`)
	fl.BoolVar(&f.opts.Insecure, "insecure", false, "do not verify TLS certificates (the server name is still sent)")
	fl.DurationVar(&f.opts.ReplyTimeout, "reply-timeout", 10*time.Second, "how long to wait for a connection, a TLS handshake or a response")
}

// options checks the flags against the targets and returns the probe options.
func (f *probeFlags) options(targets []*probe.Target) (probe.Options, error) {
	o := f.opts
	// Zero would mean "the default" to the probe package; as a flag it is a mistake.
	if o.Connections < 1 {
		return o, usagef("--connections %d: want 1 to %d", o.Connections, probe.MaxConnections)
	}
	if o.Max <= 0 || o.Min <= 0 || o.ReplyTimeout <= 0 {
		return o, usagef("--max, --min and --reply-timeout must be more than 0")
	}
	o.Method = strings.ToUpper(o.Method)
	if o.Method == "" || strings.ContainsAny(o.Method, " \t\r\n") {
		return o, usagef("--method %q: want a method such as GET or HEAD", f.opts.Method)
	}
	o.Header = http.Header{}
	for _, h := range f.headers {
		k, v, ok := strings.Cut(h, ":")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || strings.ContainsAny(k, " \t\r\n") || strings.ContainsAny(v, "\r\n") {
			return o, usagef(`--header %q: want "Name: value"`, h)
		}
		if strings.EqualFold(k, "Content-Length") || strings.EqualFold(k, "Transfer-Encoding") {
			return o, usagef("--header %s: tolint probe sends no request body", k)
		}
		o.Header.Add(k, v)
	}
	if err := o.Check(targets); err != nil {
		return o, usageError{err}
	}
	return o, nil
}

func newProbeCmd() *cobra.Command {
	var pf probeFlags
	var format string
	cmd := &cobra.Command{
		Use:   "probe URL...",
		Short: "Measure how long live endpoints keep an idle connection, and how they close it",
		Long: `tolint probe opens a few connections to each URL (http://, https:// or tcp://host:port),
sends one request on each (none for tcp://), reads the whole response, then waits idle and times
the server's close: a FIN or a reset, after how long, against --max. It reports the Keep-Alive
header and whether it tells the truth, and min/median/max over the connections.

A middlebox that forgets idle flows sends nothing: --reuse finds when reused connections stop
answering instead. Redirects are never followed; no request body is sent.

Exit 0 when every URL was measured, 2 when one could not be (the error names the URL) or the
run was interrupted (Ctrl-C prints what was measured so far).`,
		Example: `  tolint probe http://10.0.0.5:8080/health
  tolint probe --connections 5 --max 15m https://api.internal/ tcp://db.internal:5432
  tolint probe --reuse --min 30s --max 10m http://partner.example.com/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usagef("--format %q: want text or json", format)
			}
			targets, err := parseTargets(args)
			if err != nil {
				return err
			}
			opts, err := pf.options(targets)
			if err != nil {
				return err
			}
			results, interrupted := runProbes(cmd, targets, opts)
			if err := writeProbeResults(cmd.OutOrStdout(), format, results, opts); err != nil {
				return err
			}
			return probeOutcome(cmd.ErrOrStderr(), results, interrupted, format == "json")
		},
	}
	pf.register(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "output format: text|json")
	return cmd
}

func parseTargets(args []string) ([]*probe.Target, error) {
	targets := make([]*probe.Target, 0, len(args))
	for _, a := range args {
		t, err := probe.Parse(a)
		if err != nil {
			return nil, usageError{err}
		}
		targets = append(targets, t)
	}
	return targets, nil
}

// runProbes measures the targets with progress on standard error; Ctrl-C (or SIGTERM)
// stops the waits and keeps what was measured.
func runProbes(cmd *cobra.Command, targets []*probe.Target, opts probe.Options) ([]*probe.Result, bool) {
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	prog := newProgress(cmd.ErrOrStderr(), targets)
	opts.Progress = prog
	done := prog.start()
	results := probe.Run(ctx, targets, opts)
	done()
	return results, ctx.Err() != nil && cmd.Context().Err() == nil
}

// probeOutcome prints errors (in text they are in the report already) and picks the exit.
func probeOutcome(stderr io.Writer, results []*probe.Result, interrupted, printErrors bool) error {
	failed := 0
	for _, r := range results {
		if r.Err != nil {
			failed++
			if printErrors {
				fmt.Fprintln(stderr, "tolint:", r.Err)
			}
		}
	}
	switch {
	case interrupted:
		return usagef("interrupted; the results above are what was measured so far")
	case failed > 0:
		return usagef("%d of %d URLs could not be measured", failed, len(results))
	}
	return nil
}

// progress shows what each run knows while it waits: on a terminal one live line per URL
// with the elapsed time, redrawn in place; otherwise a plain line per event.
type progress struct {
	w        io.Writer
	terminal bool
	begin    time.Time
	mu       sync.Mutex
	urls     []string
	known    map[string]string
	drawn    int
}

func newProgress(w io.Writer, targets []*probe.Target) *progress {
	p := &progress{w: w, terminal: isTerminal(w), begin: time.Now(), known: map[string]string{}}
	for _, t := range targets {
		p.urls = append(p.urls, t.Raw())
		p.known[t.Raw()] = "connecting"
	}
	return p
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Report implements probe.Progress.
func (p *progress) Report(e probe.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.known[e.URL] = e.Known
	if !p.terminal {
		fmt.Fprintf(p.w, "tolint probe: %s [%s]: %s\n", e.URL, time.Since(p.begin).Round(time.Second), e.Known)
		return
	}
	p.draw()
}

// start redraws the live lines every second on a terminal; the returned func erases them.
func (p *progress) start() func() {
	if !p.terminal {
		return func() {}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				p.mu.Lock()
				p.draw()
				p.mu.Unlock()
			}
		}
	})
	return func() {
		close(stop)
		wg.Wait()
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.drawn > 0 {
			fmt.Fprintf(p.w, "\033[%dA\033[J", p.drawn)
			p.drawn = 0
		}
	}
}

// liveWidth fits a live line in the narrowest usual terminal.
const liveWidth = 79

// draw rewrites the block of live lines (p.mu held).
func (p *progress) draw() {
	var b strings.Builder
	if p.drawn > 0 {
		fmt.Fprintf(&b, "\033[%dA", p.drawn)
	}
	elapsed := time.Since(p.begin).Round(time.Second)
	for _, u := range p.urls {
		line := []rune(fmt.Sprintf("%s [%s] %s", u, elapsed, p.known[u]))
		// A line that wraps would throw off the cursor moves that redraw the block.
		if len(line) > liveWidth {
			line = append(line[:liveWidth-1], '…')
		}
		fmt.Fprintf(&b, "\r\033[K%s\n", string(line))
	}
	p.drawn = len(p.urls)
	_, _ = io.WriteString(p.w, b.String())
}

// secs prints a measured time to 10 ms: "2.00s", or "10m0s" from a minute on.
func secs(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// describeResult says in one line what was measured, for the text report and verify.
func describeResult(r *probe.Result, o probe.Options) string {
	switch {
	case r.Err != nil:
		return r.Err.Error()
	case r.ConnectionClose:
		return "answers Connection: close, so it keeps no idle connection"
	case r.Reuse():
		return describeReuse(r, o)
	}
	n := len(r.Conns)
	var s string
	switch {
	case r.Close == probe.None && r.Interrupted:
		s = fmt.Sprintf("no close in the %s waited before the interrupt", secs(r.Idle.Min))
	case r.Close == probe.None:
		s = fmt.Sprintf("no close within %s (--max) on %d connections; a middlebox may still forget idle flows silently (try --reuse)", secs(o.Max), n)
	default:
		s = fmt.Sprintf("closes idle connections after %s with a %s", secs(r.Idle.Median), strings.ToUpper(string(r.Close)))
		if r.Closed == n && r.Idle.Min.Round(10*time.Millisecond) == r.Idle.Max.Round(10*time.Millisecond) {
			s += fmt.Sprintf(" (%d connections)", n)
		} else {
			s += fmt.Sprintf(" (min %s, median %s, max %s over %d of %d connections)", secs(r.Idle.Min), secs(r.Idle.Median), secs(r.Idle.Max), r.Closed, n)
		}
		if r.Interrupted {
			s += ", interrupted before the others closed"
		}
		if slices.ContainsFunc(r.Conns, func(c probe.Conn) bool { return c.Early }) {
			s += "; it sent data before closing (an HTTP 408, say), timed at the first byte"
		}
	}
	return s
}

func describeReuse(r *probe.Result, o probe.Options) string {
	tried := fmt.Sprintf("%d reused connections", len(r.Rounds))
	switch {
	case r.Drop != nil && r.Close != probe.None:
		return fmt.Sprintf("closes idle connections with a %s between %s and %s (%s; the close is seen, not silent)", strings.ToUpper(string(r.Close)), secs(r.Drop.After), secs(r.Drop.Before), tried)
	case r.Drop != nil:
		return fmt.Sprintf("flow dropped silently between %s and %s: no FIN or reset arrives, reused connections stop answering (%s)", secs(r.Drop.After), secs(r.Drop.Before), tried)
	case r.Interrupted && r.Alive > 0:
		return fmt.Sprintf("reused connections still answered after %s; interrupted before a drop was found", secs(r.Alive))
	case r.Interrupted:
		return "interrupted before the first round ended"
	}
	return fmt.Sprintf("reused connections still answer after %s (--max): no drop", secs(o.Max))
}

// keepAliveNote says what the Keep-Alive header announces and whether it holds.
func keepAliveNote(r *probe.Result) string {
	if r.KeepAlive == nil {
		return ""
	}
	s := fmt.Sprintf("Keep-Alive: timeout=%d", int(r.KeepAlive.Seconds()))
	truth, ok := r.KeepAliveTrue()
	switch {
	case !ok:
		return s + " (not compared: no close within the wait)"
	case truth:
		return s + " (true)"
	case r.Close == probe.None:
		return s + " (not true: no close within the wait)"
	case r.Idle.Median < *r.KeepAlive:
		return s + fmt.Sprintf(" (not true: it closes after %s, so clients that trust the header reuse closed connections)", secs(r.Idle.Median))
	}
	return s + fmt.Sprintf(" (not true: it closes after %s)", secs(r.Idle.Median))
}

func writeProbeResults(w io.Writer, format string, results []*probe.Result, o probe.Options) error {
	if format == "json" {
		return writeProbeJSON(w, results)
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintln(w, r.Err) // it names the URL
			continue
		}
		fmt.Fprintf(w, "%s: %s\n", r.Target.Raw(), describeResult(r, o))
		if len(r.Failed) > 0 {
			fmt.Fprintf(w, "  %d more connections failed: %v\n", len(r.Failed), r.Failed[0])
		}
		if note := keepAliveNote(r); note != "" {
			fmt.Fprintf(w, "  %s\n", note)
		}
		if r.Status >= 300 && r.Status < 400 && r.Location != "" {
			fmt.Fprintf(w, "  status %d to %s (redirects are not followed: probe the final URL)\n", r.Status, r.Location)
		} else if r.Status >= 400 {
			fmt.Fprintf(w, "  status %d (the idle wait after an error response may differ)\n", r.Status)
		}
	}
	return nil
}

type probeJSON struct {
	URL         string     `json:"url"`
	Close       *string    `json:"close"`
	IdleMS      *spreadMS  `json:"idle_ms"`
	Connections int        `json:"connections"`
	Closed      int        `json:"closed"`
	KeepAliveS  *int       `json:"keep_alive_header_s"`
	KeepAliveOK *bool      `json:"keep_alive_header_true"`
	Status      int        `json:"status,omitempty"`
	Location    string     `json:"location,omitempty"`
	ConnClose   bool       `json:"connection_close,omitempty"`
	Reuse       *reuseJSON `json:"reuse,omitempty"`
	Interrupted bool       `json:"interrupted,omitempty"`
	Error       string     `json:"error,omitempty"`
	// Failed are connections that failed while others were measured.
	Failed []string `json:"failed_connections,omitempty"`
}

type spreadMS struct {
	Min    int64 `json:"min"`
	Median int64 `json:"median"`
	Max    int64 `json:"max"`
}

type reuseJSON struct {
	// DroppedAfterMS/BeforeMS bound the drop; null when none was found.
	DroppedAfterMS  *int64 `json:"dropped_after_ms"`
	DroppedBeforeMS *int64 `json:"dropped_before_ms"`
	Silent          bool   `json:"silent"`
	AliveMS         int64  `json:"alive_ms"`
	Trials          int    `json:"trials"`
}

func writeProbeJSON(w io.Writer, results []*probe.Result) error {
	doc := struct {
		Results []probeJSON `json:"results"`
	}{Results: []probeJSON{}}
	for _, r := range results {
		j := probeJSON{URL: r.Target.Raw(), Connections: len(r.Conns), Closed: r.Closed, Status: r.Status, Location: r.Location, ConnClose: r.ConnectionClose, Interrupted: r.Interrupted}
		if r.Err != nil {
			j.Error = r.Err.Error()
			doc.Results = append(doc.Results, j)
			continue
		}
		for _, e := range r.Failed {
			j.Failed = append(j.Failed, e.Error())
		}
		c := string(r.Close)
		j.Close = &c
		if r.KeepAlive != nil {
			s := int(r.KeepAlive.Seconds())
			j.KeepAliveS = &s
			if truth, ok := r.KeepAliveTrue(); ok {
				j.KeepAliveOK = &truth
			}
		}
		if r.Reuse() {
			j.Reuse = &reuseJSON{Silent: r.Drop != nil && r.Close == probe.None, AliveMS: r.Alive.Milliseconds(), Trials: len(r.Rounds)}
			if r.Drop != nil {
				a, b := r.Drop.After.Milliseconds(), r.Drop.Before.Milliseconds()
				j.Reuse.DroppedAfterMS, j.Reuse.DroppedBeforeMS = &a, &b
			}
		} else {
			j.IdleMS = &spreadMS{r.Idle.Min.Milliseconds(), r.Idle.Median.Milliseconds(), r.Idle.Max.Milliseconds()}
		}
		doc.Results = append(doc.Results, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
