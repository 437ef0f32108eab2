package rules

import (
	"fmt"
	"strings"

	"github.com/tolint/tolint/graph"
)

var tcpTimestampsMismatch = &Rule{
	ID:       "TOL301",
	Name:     "tcp-timestamps-mismatch",
	Severity: Warning,
	Summary:  "hosts on one connection disagree on net.ipv4.tcp_timestamps",
	Explanation: `TCP timestamps are used on a connection only when both ends put the option in the SYN and
SYN-ACK. One host with net.ipv4.tcp_timestamps=0, or a middlebox that strips the option, turns them
off for the whole connection, and with them PAWS and the safe reuse of ports in TIME_WAIT
(tcp_tw_reuse needs timestamps). A busy client that opens many short connections then reuses a port
the server still holds in TIME_WAIT; without timestamps the server answers the new SYN as part of
the old connection and the client gets a reset.

The rule compares the values known for the hops of each connection segment (declared in
tolint.yaml under tcp:, or read from sysctl files) and fires when one says off and another on.

Incident: a load balancer with timestamps disabled sat between clients and servers that had them
on; under load, a small share of new connections failed with "Connection reset by peer" right after
the SYN, which only a packet capture of port reuse explained.

Fix: enable net.ipv4.tcp_timestamps=1 on every host of the path (the Linux default), or make sure
no box on the path strips the option.`,
	Bad: []ExampleFile{
		{Name: "tolint.yaml", Text: `hops:
  - name: clients
    kind: client
    pool:
      idle: 30s
    tcp:
      timestamps: true
  - name: lb
    kind: l4
    listener:
      idle: 350s
    tcp:
      timestamps: false
  - name: web
    kind: server
    listener:
      idle: 75s
    tcp:
      timestamps: true
links:
  - clients -> lb -> web
`},
	},
	Good: []ExampleFile{
		{Name: "tolint.yaml", Text: `hops:
  - name: clients
    kind: client
    pool:
      idle: 30s
    tcp:
      timestamps: true
  - name: lb
    kind: l4
    listener:
      idle: 350s
    tcp:
      timestamps: true
  - name: web
    kind: server
    listener:
      idle: 75s
    tcp:
      timestamps: true
links:
  - clients -> lb -> web
`},
	},
	check: checkTimestamps,
}

func checkTimestamps(p *pass) {
	// The lists are reused from segment to segment: most segments have nothing to report.
	var hops, on, off []*graph.Hop
	for _, seg := range p.graph.Segments {
		hops = append(hops[:0], seg.Pool.Hop)
		for _, v := range seg.Via {
			hops = append(hops, v.Hop)
		}
		if seg.End != nil {
			hops = append(hops, seg.End.Hop)
		}
		on, off = on[:0], off[:0]
		for _, h := range hops {
			if !h.TCP.Timestamps.Known() {
				continue
			}
			if h.TCP.Timestamps.Value {
				on = append(on, h)
			} else {
				off = append(off, h)
			}
		}
		if len(on) == 0 || len(off) == 0 {
			continue
		}
		for _, h := range off {
			f := Finding{
				Pos:  h.TCP.Timestamps.Pos,
				Path: segmentPath(seg),
				Key:  keyOf(h.TCP.Timestamps, "tcp_timestamps"),
				Message: fmt.Sprintf("%s has tcp_timestamps off (%s) while it is on for %s on the same connection: timestamps are then off for the whole connection, so a port reused from TIME_WAIT can be answered with old sequence numbers and reset",
					h.Label(), h.TCP.Timestamps.Describe(), hopNames(on)),
				Fix: fmt.Sprintf("set net.ipv4.tcp_timestamps = 1 on %s (or make every host of %s agree)", h.Label(), strings.Join(segmentPath(seg), " -> ")),
			}
			for _, o := range on {
				f.Related = append(f.Related, Location{Pos: o.TCP.Timestamps.Pos, Message: o.Label() + ": " + o.TCP.Timestamps.Describe()})
			}
			p.report(f)
		}
	}
}

func hopNames(hops []*graph.Hop) string {
	names := make([]string, len(hops))
	for i, h := range hops {
		names[i] = h.Label()
	}
	return strings.Join(names, " and ")
}
