package haproxy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
)

// tcpFamilies are the address prefixes (configuration.txt "bind" and "server") that
// still mean TCP over IP. Every other prefix (unix@, abns@, fd@, sockpair@, udp@,
// quic4@, rhttp@ ...) and a path starting with '/' are local sockets or not TCP, so
// no TCP peer can be linked to them.
var tcpFamilies = map[string]bool{
	"ipv4": true, "ipv6": true, "tcp": true, "tcp4": true, "tcp6": true,
	"mptcp": true, "mptcp4": true, "mptcp6": true,
}

// stripFamily removes a TCP family prefix; ok is false for other families.
func stripFamily(s string) (rest string, skip int, ok bool) {
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return s, 0, !strings.HasPrefix(s, "/")
	}
	if !tcpFamilies[strings.ToLower(s[:at])] {
		return "", 0, false
	}
	return s[at+1:], at + 1, true
}

// splitHostPort splits at the last colon, as HAProxy does (":::80" is host "::",
// port 80); brackets around an IPv6 host are removed.
func splitHostPort(s string) (host, port string, hasPort bool) {
	colon := strings.LastIndexByte(s, ':')
	if colon < 0 || strings.HasSuffix(s, "]") {
		return trimBrackets(s), "", false
	}
	return trimBrackets(s[:colon]), s[colon+1:], true
}

func trimBrackets(h string) string {
	if len(h) >= 2 && h[0] == '[' && h[len(h)-1] == ']' {
		return h[1 : len(h)-1]
	}
	return h
}

// hostPort joins a host and a port for graph.ParseAddress.
func hostPort(host string, port int) string {
	if strings.IndexByte(host, ':') >= 0 {
		host = "[" + host + "]"
	}
	if port == 0 {
		return host
	}
	return host + ":" + strconv.Itoa(port)
}

// shift returns the position off bytes into w, when w was written without quotes or
// escapes and is that long (else the word's own position).
func shift(w word, off int) graph.Pos {
	p := w.pos
	if w.raw == w.text && off < len(w.raw) {
		p.Col += off
		p.Offset += off
	}
	return p
}

// bindAddrs reads the first argument of a bind line: a comma-separated list of
// [<address>]:<port_range>. A port range counts as its first port.
func (p *parser) bindAddrs(w word) []graph.Address {
	var out []graph.Address
	off := 0
	for item := range strings.SplitSeq(w.text, ",") {
		itemOff := off
		off += len(item) + 1
		rest, skip, ok := stripFamily(item)
		if !ok || item == "" {
			continue
		}
		at := shift(w, itemOff+skip)
		host, port, hasPort := splitHostPort(rest)
		if !hasPort || port == "" {
			p.s.errorf(at, "bind %q: a port is required, as in :80 or 10.0.0.1:80", item)
			continue
		}
		if strings.IndexByte(port, '$') >= 0 {
			continue // a port from an environment variable cannot be matched
		}
		n, ok := firstPort(port)
		if !ok {
			p.s.errorf(at, "bind %q: %q is not a port or port range (1-65535)", item, port)
			continue
		}
		a, err := graph.ParseAddress(hostPort(host, n), 0)
		if err != nil {
			p.s.errorf(at, "bind %s: %v", item, err)
			continue
		}
		a.Raw, a.Pos = item, at
		out = append(out, a)
	}
	return out
}

// firstPort reads "80" or a range "8000-8010" and returns the first port.
func firstPort(s string) (int, bool) {
	first, last, isRange := strings.Cut(s, "-")
	lo, ok := portNumber(first)
	if !ok {
		return 0, false
	}
	if isRange {
		hi, ok := portNumber(last)
		if !ok || hi < lo {
			return 0, false
		}
	}
	return lo, true
}

func portNumber(s string) (int, bool) {
	if !isDigits(s) || len(s) > 5 {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, n >= 1 && n <= 65535
}

// serverAddr reads a server's address. ok is false when the server has no fixed TCP/IP
// destination: a unix socket, or an empty or wildcard host, which makes HAProxy connect
// to the address the client connected to. An invalid address is reported.
func (p *parser) serverAddr(w word) (graph.Address, bool) {
	rest, skip, ok := stripFamily(w.text)
	if !ok {
		return graph.Address{}, false
	}
	at := shift(w, skip)
	host, port, hasPort := splitHostPort(rest)
	if graph.NormalizeHost(host) == "" {
		return graph.Address{}, false
	}
	a, err := graph.ParseAddress(hostPort(host, 0), 0)
	if err != nil {
		p.s.errorf(at, "server address %s: %v", w.text, err)
		return graph.Address{}, false
	}
	switch {
	case !hasPort || port == "" || port == "0":
		a.PortNote = "no port: HAProxy uses the port the client connected to"
	case strings.IndexByte(port, '$') >= 0:
		a.PortNote = "port from an environment variable (" + port + "), not known when linting"
	case port[0] == '+' || port[0] == '-':
		if !isDigits(port[1:]) {
			p.s.errorf(at, "server address %s: %q is not a port offset", w.text, port)
			return graph.Address{}, false
		}
		a.PortNote = fmt.Sprintf("port offset %s: HAProxy adds it to the port the client connected to", port)
	default:
		n, ok := portNumber(port)
		if !ok {
			p.s.errorf(at, "server address %s: %q is not a port (1-65535)", w.text, port)
			return graph.Address{}, false
		}
		a.Port = n
	}
	a.Raw, a.Pos = w.text, at
	return a, true
}
