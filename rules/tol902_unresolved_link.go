package rules

import (
	"slices"
	"strconv"

	"github.com/tolint/tolint/graph"
)

var unresolvedLink = &Rule{
	ID:       "TOL902",
	Name:     "unresolved-link",
	Severity: Info,
	Summary:  "a pool points at an address no known hop answers to, so that connection is not checked",
	Explanation: `A pool (an nginx upstream or proxy_pass, an HAProxy backend, a client pool) connects to an
address that matches no listener tolint knows: not an IP:port or host:port some scanned hop listens
on, and no name (nginx server_name, a tolint.yaml listen entry) on a listening port. The connection
is then not checked at all: a hop that is not in the repository (a managed service, another team's
proxy) is invisible until it is described.

Fix: describe the far hop in tolint.yaml with its listen address and idle timeout, or link to it
("links: [edge -> api]"), so the connection can be checked.`,
	Bad: []ExampleFile{
		{Name: "edge/nginx.conf", Text: `events {}
http {
    server {
        listen 80;
        location / {
            proxy_pass http://10.0.0.7:8080;
        }
    }
}
`},
	},
	Good: []ExampleFile{
		{Name: "edge/nginx.conf", Text: `events {}
http {
    server {
        listen 80;
        location / {
            proxy_pass http://10.0.0.7:8080;
        }
    }
}
`},
		{Name: "tolint.yaml", Text: `hops:
  - name: orders
    kind: server
    listen: ["10.0.0.7:8080"]
    listener:
      idle: 60s
`},
	},
	check: func(p *pass) {
		// One finding per pool: a backend of twenty servers that are not in the scan is one
		// thing to describe, not twenty.
		index := make(map[*graph.Pool]int, len(p.graph.Unresolved))
		var pools []unresolvedPool
		for k := range p.graph.Unresolved {
			u := &p.graph.Unresolved[k]
			i, ok := index[u.Pool]
			if !ok {
				i = len(pools)
				index[u.Pool] = i
				pools = append(pools, unresolvedPool{pool: u.Pool})
			}
			up := &pools[i]
			if up.count < maxListed {
				up.listed[up.count] = u.Target
			}
			up.count++
		}
		p.findings = slices.Grow(p.findings, len(pools))
		var f Finding
		var scratch []byte
		for i := range pools {
			f, scratch = pools[i].finding(scratch[:0])
			p.report(f)
		}
	},
}

// maxListed is how many addresses a TOL902 message names and shows as related lines.
const maxListed = 3

// unresolvedPool is a pool's unresolved targets: how many, and the first maxListed of them
// (all a finding shows), held in place so that grouping 5,000 pools allocates no slices.
type unresolvedPool struct {
	pool   *graph.Pool
	listed [maxListed]*graph.Address
	count  int
}

// finding builds the pool's finding, with its text in scratch, which it returns for reuse.
func (up *unresolvedPool) finding(scratch []byte) (Finding, []byte) {
	pool, listed := up.pool, up.listed[:min(up.count, maxListed)]
	var hostPorts [maxListed][64]byte
	var names [maxListed][]byte
	for i, t := range listed {
		names[i] = t.AppendHostPort(hostPorts[i][:0])
	}
	label := pool.Hop.Label()
	verb := "answers"
	if up.count > 1 {
		verb = "answer"
	}
	// The message, fix, key and related messages are built in one buffer and cut from one
	// string: a run with thousands of unresolved pools spends its time here (fmt boxed
	// every argument).
	b := scratch
	b = append(b, pool.Name...)
	b = append(b, " of "...)
	b = append(b, label...)
	b = append(b, " connects to "...)
	for i, name := range names[:len(listed)] {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, name...)
	}
	if more := up.count - len(listed); more > 0 {
		b = append(b, " and "...)
		b = strconv.AppendInt(b, int64(more), 10)
		b = append(b, " more"...)
	}
	b = append(b, ", which no scanned hop "...)
	b = append(b, verb...)
	b = append(b, " to; this connection is not checked"...)
	messageEnd := len(b)
	b = append(b, "describe the hop at "...)
	b = append(b, names[0]...)
	b = append(b, " in tolint.yaml (listen: ["...)
	b = appendQuoted(b, names[0])
	b = append(b, "] and its listener idle), or declare a link from "...)
	b = append(b, label...)
	fixEnd := len(b)
	b = append(b, pool.Name...)
	b = append(b, " -> unresolved"...)
	// Then "also <address>" for each further address, for the related lines.
	ends := [maxListed]int{len(b)}
	for i, name := range names[1:len(listed)] {
		b = append(b, "also "...)
		b = append(b, name...)
		ends[i+1] = len(b)
	}
	text := string(b)
	f := Finding{
		Pos:     listed[0].Pos,
		Path:    []string{label},
		Key:     text[fixEnd:ends[0]],
		Message: text[:messageEnd],
		Fix:     text[messageEnd:fixEnd],
	}
	for i, t := range listed[1:] {
		if t.Pos != f.Pos {
			if f.Related == nil {
				f.Related = make([]Location, 0, len(listed)-1)
			}
			f.Related = append(f.Related, Location{Pos: t.Pos, Message: text[ends[i]:ends[i+1]]})
		}
	}
	return f, b
}

// appendQuoted appends s quoted as %q does. An address needs no escapes, so it is checked
// for any and copied as it is; strconv's rune-by-rune quoting was a tenth of a run.
func appendQuoted[S string | []byte](b []byte, s S) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return strconv.AppendQuote(b, string(s))
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
