package traefik

import (
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
)

// isTraefikAPI reports an apiVersion of Traefik's CRDs.
func isTraefikAPI(api string) bool {
	return strings.HasPrefix(api, "traefik.io/") || strings.HasPrefix(api, "traefik.containo.us/")
}

// crd reads one Kubernetes object of Traefik's CRDs: ServersTransport and IngressRoute
// (Middlewares and the TCP/UDP routes open no HTTP pools of their own).
func (b *builder) crd(doc *value) {
	kind, _ := doc.get("kind").str()
	name, _ := doc.path("metadata", "name").str()
	ns, _ := doc.path("metadata", "namespace").str()
	if ns == "" {
		ns = "default"
	}
	spec := doc.get("spec")
	switch kind {
	case "ServersTransport":
		b.transports[strings.ToLower(name)] = spec
	case "IngressRoute":
		eps := spec.get("entryPoints").strings()
		for _, route := range spec.get("routes").elems() {
			match, _ := route.get("match").str()
			for _, svc := range route.get("services").elems() {
				if p := b.crdService(svc, ns); p != nil {
					b.routers = append(b.routers, router{entryPoints: eps, hosts: ruleHosts(match), at: route.pos, pool: p})
				}
			}
		}
	}
}

// crdService is the pool of an IngressRoute route's Kubernetes Service: its names in the
// cluster on the Service port. TraefikServices (weighted, mirroring) only refer to others.
func (b *builder) crdService(svc *value, ns string) *graph.Pool {
	if k, _ := svc.get("kind").str(); k == "TraefikService" {
		return nil
	}
	name, ok := svc.get("name").str()
	if !ok {
		return nil
	}
	if n, ok := svc.get("namespace").str(); ok {
		ns = n
	}
	portText, _ := svc.get("port").str()
	key := strings.ToLower(ns + "/" + name + ":" + portText)
	if p, ok := b.services[key]; ok {
		return p
	}
	p := &graph.Pool{Hop: b.hop, Name: "service " + ns + "/" + name, Pos: svc.get("name").pos}
	if port, err := strconv.Atoi(portText); err == nil && port > 0 && port < 65536 {
		p.Name += ":" + portText
		p.Targets = append(p.Targets, graph.Address{Host: strings.ToLower(name + "." + ns), Port: port, Pos: svc.get("name").pos, Raw: name})
	}
	st, _ := svc.get("serversTransport").str()
	b.pendingTransports = append(b.pendingTransports, pendingTransport{pool: p, name: st, ref: svc.get("serversTransport")})
	b.hop.Pools = append(b.hop.Pools, p)
	b.services[key] = p
	return p
}
