package spring

import (
	"bytes"
	"path"
	"strings"
)

// Sniff reports whether a file is Spring Boot configuration, by its name: application or
// bootstrap, optionally with -<profile>, ending in .yml, .yaml or .properties. A YAML file
// of that name that is a Kubernetes manifest (apiVersion and kind at the top level) is not.
func Sniff(rel string, head []byte) bool {
	base := path.Base(strings.ReplaceAll(rel, "\\", "/"))
	ext := path.Ext(base)
	switch ext {
	case ".yml", ".yaml", ".properties":
	default:
		return false
	}
	stem := strings.TrimSuffix(base, ext)
	name, profile, hasProfile := strings.Cut(stem, "-")
	if name != "application" && name != "bootstrap" || hasProfile && profile == "" {
		return false
	}
	return ext == ".properties" || !isOtherYAML(head)
}

// isOtherYAML reports a Kubernetes object (top-level apiVersion: and kind:) or an Envoy
// bootstrap (top-level static_resources:, dynamic_resources: or node:), both of which are
// often named bootstrap.yaml too.
func isOtherYAML(head []byte) bool {
	api, kind := false, false
	for len(head) > 0 {
		line := head
		if nl := bytes.IndexByte(head, '\n'); nl >= 0 {
			line, head = head[:nl], head[nl+1:]
		} else {
			head = nil
		}
		api = api || bytes.HasPrefix(line, []byte("apiVersion:"))
		kind = kind || bytes.HasPrefix(line, []byte("kind:"))
		for _, envoyKey := range []string{"static_resources:", "dynamic_resources:", "node:", "admin:"} {
			if bytes.HasPrefix(line, []byte(envoyKey)) {
				return true
			}
		}
	}
	return api && kind
}
