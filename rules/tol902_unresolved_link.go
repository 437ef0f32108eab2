package rules

import (
	"fmt"
	"strings"

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
		var order []*graph.Pool
		byPool := map[*graph.Pool][]graph.Address{}
		for _, u := range p.graph.Unresolved {
			if _, ok := byPool[u.Pool]; !ok {
				order = append(order, u.Pool)
			}
			byPool[u.Pool] = append(byPool[u.Pool], u.Target)
		}
		for _, pool := range order {
			p.report(unresolvedFinding(pool, byPool[pool]))
		}
	},
}

// maxListed is how many addresses a TOL902 message names and shows as related lines.
const maxListed = 3

func unresolvedFinding(pool *graph.Pool, targets []graph.Address) Finding {
	names := make([]string, 0, maxListed)
	for _, t := range targets[:min(len(targets), maxListed)] {
		names = append(names, t.HostPort())
	}
	listed := strings.Join(names, ", ")
	if more := len(targets) - len(names); more > 0 {
		listed += fmt.Sprintf(" and %d more", more)
	}
	verb := "answers"
	if len(targets) > 1 {
		verb = "answer"
	}
	f := Finding{
		Pos:  targets[0].Pos,
		Path: []string{pool.Hop.Label()},
		Key:  pool.Name + " -> unresolved",
		Message: fmt.Sprintf("%s of %s connects to %s, which no scanned hop %s to; this connection is not checked",
			pool.Name, pool.Hop.Label(), listed, verb),
		Fix: fmt.Sprintf("describe the hop at %s in tolint.yaml (listen: [%q] and its listener idle), or declare a link from %s", names[0], names[0], pool.Hop.Label()),
	}
	for _, t := range targets[1:min(len(targets), maxListed)] {
		if t.Pos != f.Pos {
			f.Related = append(f.Related, Location{Pos: t.Pos, Message: "also " + t.HostPort()})
		}
	}
	return f
}
