package rules

import "fmt"

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
		for _, u := range p.graph.Unresolved {
			p.report(Finding{
				Pos:  u.Target.Pos,
				Path: []string{u.Pool.Hop.Label()},
				Key:  u.Pool.Name + " -> " + u.Target.HostPort(),
				Message: fmt.Sprintf("%s of %s connects to %s, which no scanned hop answers to; this connection is not checked",
					u.Pool.Name, u.Pool.Hop.Label(), u.Target.HostPort()),
				Fix: fmt.Sprintf("describe the hop at %s in tolint.yaml (listen: [%q] and its listener idle), or declare a link from %s", u.Target.HostPort(), u.Target.HostPort(), u.Pool.Hop.Label()),
			})
		}
	},
}
