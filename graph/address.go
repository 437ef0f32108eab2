package graph

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseAddress reads "host:port", "[v6]:port", "host", "port", "*:port", or a URL
// ("http://host[:port]/path", scheme default port noted). defaultPort is used when no port
// is written and the text is not a URL (0 = leave unknown). Host is lower-cased; a wildcard
// host ("*", "0.0.0.0", "[::]", "" ) is returned as "".
func ParseAddress(raw string, defaultPort int) (Address, error) {
	a := Address{Raw: raw}
	s := raw
	if i := strings.Index(s, "://"); i >= 0 {
		scheme := strings.ToLower(s[:i])
		s = s[i+3:]
		if j := strings.IndexAny(s, "/?#"); j >= 0 {
			s = s[:j]
		}
		if at := strings.LastIndexByte(s, '@'); at >= 0 {
			s = s[at+1:]
		}
		switch scheme {
		case "http", "ws", "grpc", "h2c":
			defaultPort = 80
		case "https", "wss", "grpcs":
			defaultPort = 443
		}
		if defaultPort != 0 {
			a.PortNote = scheme + ":// default port " + strconv.Itoa(defaultPort)
		}
	}
	if s == "" {
		return a, fmt.Errorf("empty address %q", raw)
	}
	host, portText := s, ""
	switch {
	case s[0] == '[':
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return a, fmt.Errorf("address %q: missing ']'", raw)
		}
		host = s[1:end]
		rest := s[end+1:]
		if rest != "" {
			if rest[0] != ':' {
				return a, fmt.Errorf("address %q: unexpected %q after ']'", raw, rest)
			}
			portText = rest[1:]
		}
	case strings.Count(s, ":") == 1:
		i := strings.IndexByte(s, ':')
		host, portText = s[:i], s[i+1:]
	case strings.Count(s, ":") > 1:
		host = s // bare IPv6 without port
	case isDigits(s):
		host, portText = "", s
	}
	if portText != "" {
		p, err := strconv.Atoi(portText)
		if err != nil || p < 1 || p > 65535 {
			return a, fmt.Errorf("address %q: bad port %q", raw, portText)
		}
		a.Port = p
		a.PortNote = ""
	} else {
		a.Port = defaultPort
	}
	a.Host = NormalizeHost(host)
	return a, nil
}

// NormalizeHost lower-cases a host, drops a trailing dot, and maps wildcards to "".
func NormalizeHost(h string) string {
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	switch h {
	case "*", "0.0.0.0", "::", "[::]":
		return ""
	}
	return h
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// HostPort prints the address for messages.
func (a Address) HostPort() string {
	var buf [64]byte
	return string(a.AppendHostPort(buf[:0]))
}

// AppendHostPort appends HostPort's text to b, for messages built in one buffer.
func (a Address) AppendHostPort(b []byte) []byte {
	switch {
	case a.Host == "":
		b = append(b, '*')
	case strings.IndexByte(a.Host, ':') >= 0:
		b = append(b, '[')
		b = append(b, a.Host...)
		b = append(b, ']')
	default:
		b = append(b, a.Host...)
	}
	if a.Port != 0 {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(a.Port), 10)
	}
	return b
}
