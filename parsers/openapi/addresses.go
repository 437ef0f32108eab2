package openapi

import (
	"net"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
)

// addresses fills the listener from servers[].url (OpenAPI 3) or host and schemes (2.0).
// A relative server URL ("/v1") or one with a variable that has no default says nothing
// about where the gateway answers, and is skipped.
func (s *spec) addresses() {
	servers := s.entry(s.root, "servers")
	if servers.key != nil {
		s.listener.Pos = s.pos(servers.key)
		for _, srv := range s.aliases.Items(servers.value) {
			urlNode := s.get(srv, "url")
			if urlNode == nil || urlNode.Kind != yaml.ScalarNode {
				continue
			}
			if u, ok := s.expand(urlNode, s.get(srv, "variables")); ok {
				s.addAddress(u, urlNode, str(urlNode))
			}
		}
		return
	}
	host := s.entry(s.root, "host")
	if str(host.value) == "" {
		return
	}
	s.listener.Pos = s.pos(host.key)
	schemes := []string{"https"}
	if list := s.aliases.Items(s.get(s.root, "schemes")); len(list) > 0 {
		schemes = schemes[:0]
		for _, sc := range list {
			if v := strings.ToLower(str(sc)); v == "http" || v == "https" {
				schemes = append(schemes, v)
			}
		}
	}
	for _, sc := range schemes {
		s.addAddress(sc+"://"+str(host.value), host.value, str(host.value))
	}
}

// expand replaces {name} in a server URL by the variable's default.
func (s *spec) expand(urlNode, vars *yaml.Node) (string, bool) {
	u := str(urlNode)
	var b strings.Builder
	for {
		open := strings.IndexByte(u, '{')
		if open < 0 {
			b.WriteString(u)
			return b.String(), true
		}
		end := strings.IndexByte(u[open:], '}')
		if end < 0 {
			return "", false
		}
		def := s.get(s.get(vars, u[open+1:open+end]), "default")
		if def == nil || def.Kind != yaml.ScalarNode {
			return "", false
		}
		b.WriteString(u[:open])
		b.WriteString(def.Value)
		u = u[open+end+1:]
	}
}

// addAddress adds the host and port of a URL to the listener; a URL without scheme is
// taken as https, the only scheme gateways answer on by default.
func (s *spec) addAddress(u string, at *yaml.Node, raw string) {
	if u == "" || strings.HasPrefix(u, "/") {
		return
	}
	if !strings.Contains(u, "://") {
		u = "https://" + u
	}
	a, err := graph.ParseAddress(u, 443)
	if err != nil {
		s.errorAt(s.pos(at), "server URL "+raw+": "+err.Error())
		return
	}
	a.Pos, a.Raw = s.pos(at), raw
	if slices.ContainsFunc(s.listener.Addrs, func(b graph.Address) bool { return b.Host == a.Host && b.Port == a.Port }) {
		return
	}
	s.listener.Addrs = append(s.listener.Addrs, a)
	if a.Host != "" && net.ParseIP(a.Host) == nil && !slices.Contains(s.listener.Names, a.Host) {
		s.listener.Names = append(s.listener.Names, a.Host)
	}
}
