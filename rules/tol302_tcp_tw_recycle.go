package rules

import "fmt"

var tcpTWRecycle = &Rule{
	ID:       "TOL302",
	Name:     "tcp-tw-recycle",
	Severity: Error,
	Summary:  "net.ipv4.tcp_tw_recycle is enabled",
	Explanation: `tcp_tw_recycle made Linux drop SYNs whose TCP timestamp went backwards compared with the last
connection from the same IP address. Clients behind one NAT share an address but not a timestamp
clock, so their connections are silently dropped at random. Since Linux 4.10 timestamps carry a
random offset per connection, which breaks it even without NAT; the setting was removed in 4.12.

Incident: after a tuning guide recommended tcp_tw_recycle=1, users of a mobile carrier (all behind
carrier-grade NAT) could connect only intermittently while everyone else was fine.

Fix: set net.ipv4.tcp_tw_recycle = 0 or remove the line; use tcp_tw_reuse for outgoing connections
if TIME_WAIT is really a problem.`,
	Bad: []ExampleFile{
		{Name: "hosts/web/sysctl.d/90-tuning.conf", Text: `net.ipv4.tcp_tw_recycle = 1
net.ipv4.tcp_fin_timeout = 15
`},
	},
	Good: []ExampleFile{
		{Name: "hosts/web/sysctl.d/90-tuning.conf", Text: `net.ipv4.tcp_tw_recycle = 0
net.ipv4.tcp_fin_timeout = 15
`},
	},
	check: func(p *pass) {
		for _, h := range p.graph.Hops {
			s := h.TCP.TWRecycle
			if s.Known() && s.Value {
				p.report(Finding{
					Pos:     s.Pos,
					Path:    []string{h.Label()},
					Key:     keyOf(s, "tcp_tw_recycle"),
					Message: fmt.Sprintf("%s enables tcp_tw_recycle (%s): clients behind NAT get their SYNs dropped at random, and Linux 4.12+ no longer has the setting", h.Label(), s.Describe()),
					Fix:     "set net.ipv4.tcp_tw_recycle = 0, or remove it",
				})
			}
		}
	},
}
