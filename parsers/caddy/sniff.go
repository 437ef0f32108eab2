package caddy

import (
	"bytes"
	"path"
	"strings"
)

// Sniff reports whether a file is Caddy configuration: a file named Caddyfile (also
// Caddyfile.prod, site.caddyfile, site.caddy), or a JSON file whose first bytes hold Caddy's
// "apps" with "http" "servers" (caddy.json, or any .json that is one).
func Sniff(rel string, head []byte) bool {
	base := strings.ToLower(path.Base(strings.ReplaceAll(rel, "\\", "/")))
	if IsCaddyfileName(base) {
		return !bytes.Contains(head, []byte("{{")) // a template of one is not readable as is
	}
	if path.Ext(base) != ".json" {
		return false
	}
	return bytes.Contains(head, []byte(`"apps"`)) && bytes.Contains(head, []byte(`"servers"`)) &&
		(bytes.Contains(head, []byte(`"http"`)) || base == "caddy.json")
}

// IsCaddyfileName reports a Caddyfile's name (lower-cased base name), for the loader's
// choice of files to open.
func IsCaddyfileName(base string) bool {
	return base == "caddyfile" || strings.HasPrefix(base, "caddyfile.") || strings.HasSuffix(base, ".caddyfile") || strings.HasSuffix(base, ".caddy")
}
