package kube

import (
	"bytes"
	"path"
	"strings"

	"github.com/tolint/tolint/parsers/input"
)

// stdinName is the name the loader gives standard input, which has no extension.
const stdinName = "<stdin>"

// Sniff reports whether a file is a Kubernetes manifest, from its root-relative path and
// the first bytes of its content: a .yaml, .yml or .json file (or standard input) with
// apiVersion: and kind: keys at the start of a line (or "apiVersion" and "kind" in JSON).
// Helm templates ({{ }}), the topology file, OpenAPI documents and Envoy configurations are
// refused: they are not manifests, or not ones that can be read as written.
func Sniff(rel string, head []byte) bool {
	base := strings.ToLower(path.Base(strings.ReplaceAll(rel, "\\", "/")))
	ext := path.Ext(base)
	json := ext == ".json"
	switch {
	case json, ext == ".yaml", ext == ".yml", rel == stdinName:
	default:
		return false
	}
	if base == "tolint.yaml" || base == "tolint.yml" || base == ".tolint.yaml" || base == ".tolint.yml" {
		return false
	}
	if bytes.Contains(head, []byte("{{")) || bytes.Contains(head, []byte("static_resources")) {
		return false
	}
	if bytes.Contains(head, []byte(`"apiVersion"`)) && bytes.Contains(head, []byte(`"kind"`)) {
		// Kubernetes' own OpenAPI documents name those fields too.
		return !bytes.Contains(head, []byte(`"openapi"`)) && !bytes.Contains(head, []byte(`"swagger"`))
	}
	if json {
		return false
	}
	var api, kind bool
	for line := range input.Lines(head) {
		// Objects of a List (kubectl get -o yaml) are indented items.
		line = bytes.TrimLeft(line, " ")
		line = bytes.TrimPrefix(line, []byte("- "))
		switch {
		case bytes.HasPrefix(line, []byte("apiVersion:")):
			api = true
		case bytes.HasPrefix(line, []byte("kind:")):
			kind = true
		case bytes.HasPrefix(line, []byte("openapi:")), bytes.HasPrefix(line, []byte("swagger:")):
			return false
		}
	}
	return api && kind
}
