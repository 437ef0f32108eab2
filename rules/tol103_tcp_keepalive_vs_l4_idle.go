package rules

var tcpKeepaliveVsL4Idle = &Rule{
	ID:       "TOL103",
	Name:     "tcp-keepalive-vs-l4-idle",
	Severity: Error,
	Summary:  "an opener keeps idle connections through an l4 hop by TCP keepalive, but probes start after the hop forgets the flow",
	Explanation: `An opener may keep idle connections longer than an l4 hop's idle timer (an AWS NLB's 350s, a
NAT gateway, Azure's 4 minutes) if TCP keepalive probes cross the hop before the timer fires: most
l4 hops count a probe as activity. That only works when the probes start earlier than the hop's
idle timeout. Linux starts probing after net.ipv4.tcp_keepalive_time, 7200s by default, far longer
than any load balancer keeps an idle flow; by the time the first probe goes out the flow is gone,
and the next request on the connection is reset.

Incident: database clients with long-lived pooled connections behind an AWS NLB saw connections
reset after about six idle minutes; the vendor's advice was to set TCP keepalive below the NLB's
350s.

Fix: start probes before the l4 hop's idle timer by at least the margin (per socket, or with
net.ipv4.tcp_keepalive_time on the host), or close idle connections earlier in the pool.`,
	Bad: []ExampleFile{
		{Name: "tolint.yaml", Text: `hops:
  - name: workers
    kind: client
    pool:
      idle: none
      tcp_keepalive: 7200s
  - name: nlb
    kind: l4
    listener:
      idle: 350s
  - name: db
    kind: server
    listener:
      idle: none
links:
  - workers -> nlb -> db
`},
	},
	Good: []ExampleFile{
		{Name: "tolint.yaml", Text: `hops:
  - name: workers
    kind: client
    pool:
      idle: none
      tcp_keepalive: 300s
  - name: nlb
    kind: l4
    listener:
      idle: 350s
  - name: db
    kind: server
    listener:
      idle: none
links:
  - workers -> nlb -> db
`},
	},
	check: func(p *pass) { checkIdle(p, probesLate) },
}
