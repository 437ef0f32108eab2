package envoy

import (
	"bytes"
	"path"
	"strings"
)

// markers are field names and values that only Envoy configurations carry, in both proto
// JSON spellings.
var markers = [][]byte{
	[]byte("static_resources"), []byte("staticResources"),
	[]byte("dynamic_resources"), []byte("dynamicResources"),
	[]byte("type.googleapis.com/envoy."),
	[]byte("envoy.filters.network."),
	[]byte("filter_chains"), []byte("filterChains"),
	[]byte("virtual_hosts"), []byte("virtualHosts"),
	[]byte("load_assignment"), []byte("loadAssignment"),
	[]byte("lb_endpoints"), []byte("lbEndpoints"),
	// The node of an admin config dump's bootstrap.
	[]byte("user_agent_build_version"), []byte("userAgentBuildVersion"),
}

// Sniff reports whether a file is an Envoy bootstrap or xDS resource file, judging by its
// name (YAML or JSON) and the start of its content. Kubernetes manifests (which may embed
// Envoy configuration in a ConfigMap or an EnvoyFilter), OpenAPI documents and tolint's own
// files are left to their parsers.
func Sniff(rel string, head []byte) bool {
	base := path.Base(rel)
	switch strings.ToLower(path.Ext(base)) {
	case ".yaml", ".yml", ".json":
	default:
		return false
	}
	switch base {
	case "tolint.yaml", ".tolint.yaml", "tolint.yml", ".tolint.yml":
		return false
	}
	if topKey(head, "apiVersion") && topKey(head, "kind") || topKey(head, "openapi") || topKey(head, "swagger") {
		return false
	}
	for _, m := range markers {
		if bytes.Contains(head, m) {
			return true
		}
	}
	return false
}

// topKey reports whether key starts a line as a YAML key ("kind:") or appears as a JSON
// key ("kind":), without parsing.
func topKey(head []byte, key string) bool {
	for rest := head; len(rest) > 0; {
		i := bytes.Index(rest, []byte(key))
		if i < 0 {
			return false
		}
		after := rest[i+len(key):]
		lineStart := i == 0 && len(rest) == len(head) || i > 0 && rest[i-1] == '\n'
		if lineStart && len(after) > 0 && after[0] == ':' {
			return true
		}
		if i > 0 && rest[i-1] == '"' && len(after) > 0 && after[0] == '"' {
			return true
		}
		rest = after
	}
	return false
}
