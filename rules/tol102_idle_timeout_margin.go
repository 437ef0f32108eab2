package rules

var idleTimeoutMargin = &Rule{
	ID:       "TOL102",
	Name:     "idle-timeout-margin",
	Severity: Warning,
	Summary:  "an opener's idle timeout is shorter than the far side's, but by less than the margin",
	Explanation: `The opener closes idle connections before the far side, but only just. Timers are not
exact: they fire on a tick, the far side's close takes a network round trip to arrive, and a
request may already be in flight when the opener's timer fires. With a gap of less than the margin
(--margin, 1s by default) the race of TOL101 still happens, only more rarely.

Incident: a proxy's upstream pool kept connections 60s in front of a backend with a 60.5s
keep-alive; a few requests a day still met a closing connection and failed with a reset, too rare
to reproduce and too frequent to ignore.

Fix: widen the gap to at least the margin; the finding gives the value on each side.`,
	Bad:   proxyPair("keepalive_timeout 59500ms;"),
	Good:  proxyPair("keepalive_timeout 55s;"),
	check: func(p *pass) { checkIdle(p, tooClose) },
}
