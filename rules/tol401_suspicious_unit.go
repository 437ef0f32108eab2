package rules

import (
	"fmt"
	"time"

	"github.com/tolint/tolint/graph"
)

var suspiciousUnit = &Rule{
	ID:       "TOL401",
	Name:     "suspicious-unit",
	Severity: Warning,
	Summary:  "a bare number that the software reads in a unit the author likely did not mean",
	Explanation: `Configuration languages disagree on what a number without a unit means: HAProxy reads
milliseconds, nginx reads seconds. A value written by someone used to the other convention is off by
a factor of 1000 and usually still valid, so nothing complains until traffic does.

The rule fires for a timeout written as a bare number that the software reads as milliseconds and
that comes out below one second (HAProxy "timeout client 30" is 30 ms), and for one read as seconds
that comes out at 10000 s or more (nginx "keepalive_timeout 60000" is almost 17 hours).

Incident: an HAProxy configuration carried "timeout server 30" copied from a document that meant
seconds; every request that took longer than 30 ms failed with a 504 once it reached production
traffic.

Fix: always write the unit ("30s", "60s"); the finding says which value the software reads and
what the author probably meant.`,
	Bad: []ExampleFile{
		{Name: "haproxy.cfg", Text: `defaults
    mode http
    timeout connect 5s
    timeout client 30
    timeout server 30s

frontend www
    bind :80
`},
	},
	Good: []ExampleFile{
		{Name: "haproxy.cfg", Text: `defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend www
    bind :80
`},
	},
	check: checkUnits,
}

func checkUnits(p *pass) {
	for _, h := range p.graph.Hops {
		for _, l := range h.Listeners {
			for _, s := range []*graph.DurationSetting{&l.Idle, &l.Request, &l.KeepAliveHeader} {
				checkUnit(p, h, s)
			}
		}
		for _, pool := range h.Pools {
			keepalive := pool.TCPKeepalive.Get()
			for _, s := range []*graph.DurationSetting{&pool.Idle, &pool.Request, &pool.Connect, &keepalive} {
				checkUnit(p, h, s)
			}
		}
		checkUnit(p, h, &h.TCP.KeepaliveTime)
	}
}

// checkUnit takes the setting by pointer: copying every duration of 5,000 pools was a
// measurable part of a run.
func checkUnit(p *pass, h *graph.Hop, s *graph.DurationSetting) {
	if s.BareUnit == 0 || s.Value.None || s.Value.D == 0 || (s.Origin != graph.Explicit && s.Origin != graph.Inherited) {
		return
	}
	d := s.Value.D
	var meant string
	switch {
	case s.BareUnit == time.Millisecond && d < time.Second:
		meant = fmt.Sprintf("%s if seconds were meant", graph.FormatDuration(d*1000))
	case s.BareUnit == time.Second && d >= 10000*time.Second:
		meant = fmt.Sprintf("%s if milliseconds were meant", graph.FormatDuration(d/1000))
	default:
		return
	}
	fix := fmt.Sprintf("write the unit: %s %s, or %s", s.Key, graph.FormatDuration(d), meant)
	if s.OnlyBare {
		n, likely := meantBare(*s)
		fix = fmt.Sprintf("%s takes only a number of %s: write %d if %s was meant", s.Key, graph.UnitName(s.BareUnit), n, graph.FormatDuration(likely))
	}
	p.report(Finding{
		Pos:  s.Pos,
		Path: []string{h.Label()},
		Key:  s.Key,
		Message: fmt.Sprintf("%s %s is read as %s: %s reads a number without unit as %s",
			s.Key, s.Raw, graph.FormatDuration(d), softwareName(h), graph.UnitName(s.BareUnit)),
		Fix: fix,
	})
}

func softwareName(h *graph.Hop) string {
	if h.Software != "" {
		return h.Software
	}
	return "this software"
}

// meantBare is the number to write, in the setting's only unit, for what was likely meant,
// and that duration: a millisecond value written as seconds is 1000 times too small, a
// second value written as milliseconds 1000 times too large.
func meantBare(s graph.DurationSetting) (int64, time.Duration) {
	likely := s.Value.D * 1000
	if s.BareUnit == time.Second {
		likely = s.Value.D / 1000
	}
	return int64(likely / s.BareUnit), likely
}
