package haproxy

import (
	"bytes"
	"path"
	"strings"

	"github.com/tolint/tolint/parsers/input"
)

// isSection reports whether a word starts an HAProxy section.
func isSection(w string) bool {
	_, proxy := sectionKind(w)
	return proxy || isOtherSection(w)
}

// proxyWords are keywords typical of HAProxy sections, and its preprocessor directives.
var proxyWords = map[string]bool{
	"bind": true, "mode": true, "timeout": true, "server": true, "option": true, "balance": true,
	"default_backend": true, "use_backend": true, "default-server": true, "maxconn": true, "log": true,
	"acl": true, "http-request": true, "stats": true, "trace": true, ".if": true, ".endif": true,
}

// Sniff reports whether a file is an HAProxy configuration, from its name and the first
// bytes of its content. The name must be haproxy-like (haproxy.cfg, haproxy-edge.conf)
// or end in .cfg, and the content must start a section (global, defaults, frontend,
// backend, listen, peers ...) at the beginning of a line, indented or not, on a line
// with none of the braces, semicolons or equals signs of nginx, HCL or sysctl files. A
// generic .cfg name also needs a keyword such as bind, mode, timeout or server.
func Sniff(name string, head []byte) bool {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, "\\", "/")))
	named := strings.Contains(base, "haproxy") && (strings.Contains(base, ".cfg") || strings.Contains(base, ".conf"))
	if !named && !strings.HasSuffix(base, ".cfg") {
		return false
	}
	sections, keywords := 0, 0
	for line := range input.Lines(head) {
		line = bytes.TrimLeft(line, " \t")
		if hash := bytes.IndexByte(line, '#'); hash >= 0 {
			line = line[:hash]
		}
		end := bytes.IndexAny(line, " \t\r")
		if end < 0 {
			end = len(line)
		}
		first := line[:end]
		switch {
		case isSection(string(first)):
			if !bytes.ContainsAny(line, "{};=") {
				sections++
			}
		case proxyWords[string(first)]:
			keywords++
		}
		if sections > 0 && (named || keywords > 0) {
			return true
		}
	}
	return false
}
