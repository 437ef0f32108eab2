package rules

import (
	"fmt"
	"time"

	"github.com/tolint/tolint/graph"
)

var measuredVsConfigured = &Rule{
	ID:       "TOL601",
	Name:     "measured-vs-configured",
	Severity: Warning,
	Summary:  "a live hop (tolint verify) keeps idle connections for a different time than its configuration says",
	Explanation: `tolint checks what the configuration says, but a hop does what its running configuration does.
The two part ways: a proxy run by another team was declared with its software's default and
actually closes after 5s, a change was made on the box and never committed, a load balancer's
timer was edited in the console, a middlebox forgets idle flows silently. Every idle rule then
compares the wrong number.

tolint verify measures each hop that has a probe URL in tolint.yaml (or --probe HOP=URL): it opens
a few connections, sends a request, waits idle and times the server's close (or, with --reuse,
finds when a reused connection stops answering). When the measured time differs from the value
the graph holds by more than the margin (--margin, 1s), this finding points at that value. The
measured value then replaces it for the other rules, so the rest of the run checks the hop by
what it does; their findings name the probe URL as the source.

This rule fires only under tolint verify: lint measures nothing. The example below gives TOL601
when the partner's proxy actually closes idle connections after 5s.

Incident: a gateway kept pooled connections 60s in front of a partner's proxy declared as "nginx"
(default keep-alive 75s); lint was clean. The partner had set keepalive_timeout 5s years before,
and a steady trickle of 502s followed every quiet moment. One probe showed the 5s.

Fix: write the measured value into the configuration or tolint.yaml (or change the live system
to match the repository), then fix what the other rules report against the measured value.`,
	Live: true,
	Bad: []ExampleFile{
		{Name: "tolint.yaml", Text: `hops:
  - name: gateway
    kind: proxy
    pool:
      idle: 60s
      targets: ["partner-proxy.internal:80"]
  - name: partner-proxy
    kind: proxy
    software: nginx
    listen: ["partner-proxy.internal:80"]
    probe: http://partner-proxy.internal/health
`},
	},
	Good: []ExampleFile{
		{Name: "tolint.yaml", Text: `hops:
  - name: gateway
    kind: proxy
    pool:
      idle: 4s
      targets: ["partner-proxy.internal:80"]
  - name: partner-proxy
    kind: proxy
    software: nginx
    listen: ["partner-proxy.internal:80"]
    listener:
      idle: 5s
    probe: http://partner-proxy.internal/health
`},
	},
	check: checkMeasured,
}

// checkMeasured compares every measured idle timeout with the value it replaced.
func checkMeasured(p *pass) {
	for _, h := range p.graph.Hops {
		for _, l := range h.Listeners {
			m := l.Idle
			if m.Origin != graph.Measured || m.Overrides == nil || !m.Overrides.Known() {
				continue
			}
			if agree(m.Value, m.Overrides.Value, p.cfg.Margin) {
				continue
			}
			p.report(measuredFinding(l, p.cfg.Margin))
		}
	}
}

// agree: both are no limit, or both are limits within margin of each other. A measured
// "no close" (None) also agrees with a limit the probe did not wait for.
func agree(measured, configured graph.Duration, margin time.Duration) bool {
	switch {
	case measured.None && configured.None:
		return true
	case measured.None:
		return configured.D == 0 // a configured "no keep-alive" closes at once: it would have been seen
	case configured.None:
		return false
	}
	d := measured.D - configured.D
	return d <= margin && d >= -margin
}

func measuredFinding(l *graph.Listener, margin time.Duration) Finding {
	m, was := l.Idle, *l.Idle.Overrides
	pos := was.Pos
	if !pos.IsValid() {
		pos = l.Pos
	}
	measured := m.Raw
	if measured == "" {
		measured = m.Value.String()
	}
	f := Finding{
		Message: fmt.Sprintf("%s of %s keeps idle connections %s (%s), but the live hop measured at %s: %s; the rules now use the measured value",
			l.Name, l.Hop.Label(), describeIdle(was.Value), was.Describe(), m.Note, measured),
		Pos:  pos,
		Path: []string{l.Hop.Label()},
		Fix: fmt.Sprintf("set %s of %s to the measured %s, or make the live hop run the configuration in the repository (%s); they differ by more than the %s margin",
			keyOf(was, "idle timeout"), l.Hop.Label(), m.Value, was.Value, graph.FormatDuration(margin)),
		Key: l.Name + " " + keyOf(was, "idle") + " measured",
	}
	if m.Value.None {
		f.Fix = fmt.Sprintf("find the live hop's idle timer (it closed nothing within the wait) and set %s of %s to it, or make the live hop run the configuration in the repository (%s)",
			keyOf(was, "idle timeout"), l.Hop.Label(), was.Value)
	}
	if m.Pos.IsValid() && m.Pos != pos {
		f.Related = append(f.Related, Location{Pos: m.Pos, Message: "measured from this probe URL by tolint verify"})
	}
	return f
}
