package probe

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"syscall"
	"time"
)

// maxRounds bounds the search; each round divides the interval by Connections+1.
const maxRounds = 12

// Trial is one connection of a --reuse search: idle for Wait, then asked again.
type Trial struct {
	// Wait is how long the connection was idle before the second request (or until the
	// server closed it).
	Wait time.Duration
	// Alive: the second request got a response.
	Alive bool
	// How the connection ended when it did not answer: "fin after 2.01s" while idle,
	// "reset", "no answer", "bad answer: ...".
	How string
	// Visible: the server closed the connection while idle (FIN or RST), so the drop was
	// not silent.
	Visible bool
	Close   Close
	Idle    time.Duration
}

// searchDrop finds the idle time after which a reused connection no longer answers:
// rounds of parallel connections idle for evenly spaced intervals between what is known
// alive and what is known gone, until the interval is narrow (1% or 100 ms).
func searchDrop(ctx context.Context, t *Target, o Options) *Result {
	r := &Result{Target: t, Rounds: []Trial{}}
	lo, hi := o.Min, o.Max
	first := true
	var mu sync.Mutex
	for round := 0; round < maxRounds && ctx.Err() == nil; round++ {
		if !first && hi-lo <= max(100*time.Millisecond, hi/100) {
			break
		}
		waits := make([]time.Duration, o.Connections)
		for i := range waits {
			if first {
				// The first round includes Max: is there a drop at all?
				waits[i] = lo + (hi-lo)*time.Duration(i+1)/time.Duration(o.Connections)
			} else {
				waits[i] = lo + (hi-lo)*time.Duration(i+1)/time.Duration(o.Connections+1)
			}
		}
		o.report(t, "round %d: reusing connections after %s", round+1, listDurations(waits))
		trials := make([]Trial, len(waits))
		var errs []error
		var wg sync.WaitGroup
		for i, w := range waits {
			wg.Go(func() {
				tr, err := trial(ctx, t, &o, r, &mu, w)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
					return
				}
				trials[i] = tr
			})
		}
		wg.Wait()
		if len(errs) > 0 {
			if ctx.Err() == nil {
				r.Err = errs[0]
			}
			break
		}
		if ctx.Err() != nil {
			// Trials cut short say nothing about their intervals.
			break
		}
		r.Rounds = append(r.Rounds, trials...)
		slices.SortStableFunc(trials, func(a, b Trial) int { return cmp.Compare(a.Wait, b.Wait) })
		i := slices.IndexFunc(trials, func(tr Trial) bool { return !tr.Alive })
		if i < 0 {
			lo = max(lo, trials[len(trials)-1].Wait)
			r.Alive = max(r.Alive, lo)
			if first {
				break // still alive at Max: no drop to find
			}
		} else {
			hi = min(hi, trials[i].Wait)
			if i > 0 {
				lo = max(lo, trials[i-1].Wait)
				r.Alive = max(r.Alive, lo)
			}
			lo = min(lo, hi)
			r.Drop = &Drop{After: lo, Before: hi}
		}
		first = false
		if r.Drop != nil {
			o.report(t, "gone between %s and %s", round2(r.Drop.After), round2(r.Drop.Before))
		} else {
			o.report(t, "alive after %s", round2(r.Alive))
		}
	}
	r.Interrupted = ctx.Err() != nil
	r.Close = None
	for _, tr := range r.Rounds {
		if tr.Visible {
			r.Close = tr.Close
		}
	}
	return r
}

// trial opens a connection, exchanges a request, waits idle for w, and asks again.
func trial(ctx context.Context, t *Target, o *Options, r *Result, mu *sync.Mutex, w time.Duration) (Trial, error) {
	c, err := open(ctx, t, o)
	if err != nil {
		return Trial{}, err
	}
	defer c.c.Close()
	a, err := c.exchange(t, o)
	if err != nil {
		return Trial{}, err
	}
	mu.Lock()
	if r.Status == 0 {
		r.readHeaders(a)
	}
	mu.Unlock()
	if a.close {
		return Trial{}, fmt.Errorf("%s: the server answers Connection: close, so connections are never reused", t.Raw())
	}
	tr := Trial{Wait: w}
	since := time.Now()
	idle := c.idle(ctx, w, since)
	if ctx.Err() != nil {
		return tr, nil
	}
	if idle.Close != None {
		// The close itself is timed: gone at that moment.
		tr.Wait, tr.Visible, tr.Close, tr.Idle = idle.Idle, true, idle.Close, idle.Idle
		tr.How = fmt.Sprintf("%s after %s", idle.Close, round(idle.Idle))
		return tr, nil
	}
	// The wait's timer may fire late on a busy machine: what counts is the idle time
	// before the second request.
	tr.Wait = time.Since(since)
	if _, err := c.exchange(t, o); err != nil {
		switch {
		case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE):
			tr.How = "reset on reuse"
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			tr.How = "closed on reuse"
		case isTimeout(err):
			tr.How = "no answer on reuse"
		default:
			tr.How = "bad answer on reuse"
		}
		return tr, nil
	}
	tr.Alive = true
	return tr, nil
}

func listDurations(ds []time.Duration) string {
	s := ""
	for i, d := range ds {
		if i > 0 {
			s += ", "
		}
		s += round2(d).String()
	}
	return s
}

// round2 keeps search bounds readable: milliseconds below a minute, else seconds.
func round2(d time.Duration) time.Duration {
	if d < time.Minute {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
}
