package rules

var idleTimeoutOrder = &Rule{
	ID:       "TOL101",
	Name:     "idle-timeout-order",
	Severity: Error,
	Summary:  "an opener keeps idle connections at least as long as a hop behind it (or forever)",
	Explanation: `On every TCP connection, the side that opens and pools it (a client, or a proxy's
upstream pool) must close an idle connection before anything behind it does: the listener that
accepted it, and every l4 hop (NLB, NAT, Azure LB) the connection crosses. If the far side closes
first, there is a moment when the opener still believes the connection is usable and sends the next
request on it; that request meets a FIN or RST and fails as "Connection reset by peer",
"upstream prematurely closed connection" or a 502. An l4 hop is worse: it forgets the flow
silently and answers the next packet with a reset.

The rule checks each connection segment: opener pool -> l4 hops -> accepting listener. It fires when
the opener's idle timeout is greater than or equal to the far timer, or when the opener has no
idle limit at all. Pools that do not reuse connections (nginx without upstream keepalive before
1.29.7, HAProxy with option http-server-close) are skipped.

HAProxy as the opener: HAProxy has no idle timer per server connection. Idle server connections
are kept in a pool and purged every pool-purge-delay (5s by default), closing part of the surplus
each time; a connection that was just used is never closed before the next purge. tolint models the
pool's idle timeout as pool-purge-delay: a backend whose keep-alive is at or below it will close
connections HAProxy still offers for reuse (a finding), while a backend that keeps connections for
minutes outlives every purge interval (no finding).

Incident: a Node.js service (keepAliveTimeout 5s by default) behind an AWS ALB (idle timeout 60s)
returned sporadic 502s under light traffic; the ALB reused connections Node had just closed. The fix
was to raise Node's keepAliveTimeout to 65s, above the ALB's 60s.

Fix: make the opener's idle timeout shorter than the far side's by at least the margin (--margin,
1s by default), or make the far side's longer. The finding gives both numbers.`,
	Bad:   proxyPair("keepalive_timeout 120s;"),
	Good:  proxyPair("keepalive_timeout 55s;"),
	check: func(p *pass) { checkIdle(p, tooLong) },
}
