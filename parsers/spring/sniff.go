package spring

import (
	"bytes"
	"path"
	"strings"

	"github.com/tolint/tolint/parsers/input"
)

// Sniff reports whether a file is Spring Boot configuration (.yml, .yaml or .properties),
// by its name or, for the other names Spring Cloud Config and spring.config.name give
// (gateway.yml, thingsboard.yml), by its keys:
//   - application or bootstrap, optionally with -<profile>;
//   - any name, with a top-level spring key;
//   - any name under src/main/resources/, with a top-level key of Spring Boot or Spring
//     Cloud (server, management, eureka, zuul ...).
//
// A YAML file that is a Kubernetes manifest (apiVersion and kind at the top level) or an
// Envoy bootstrap is not.
func Sniff(rel string, head []byte) bool {
	rel = strings.ReplaceAll(rel, "\\", "/")
	base := path.Base(rel)
	ext := path.Ext(base)
	switch ext {
	case ".yml", ".yaml", ".properties":
	default:
		return false
	}
	stem := strings.TrimSuffix(base, ext)
	name, profile, hasProfile := strings.Cut(stem, "-")
	named := (name == "application" || name == "bootstrap") && (!hasProfile || profile != "")
	if !named {
		spring, boot := springRoots(head)
		inResources := strings.HasPrefix(rel, "src/main/resources/") || strings.Contains(rel, "/src/main/resources/")
		if !spring && (!boot || !inResources) {
			return false
		}
	}
	return ext == ".properties" || !isOtherYAML(head)
}

// springRoots reports whether head has a top-level spring key (spring: in YAML, spring.x
// in either form), and whether it has any top-level key of Spring Boot or Spring Cloud.
func springRoots(head []byte) (spring, boot bool) {
	for line := range input.Lines(head) {
		end := bytes.IndexAny(line, ":.= \t")
		if end <= 0 {
			continue // indented, a comment's '#' is kept below, or no key
		}
		switch string(line[:end]) {
		case "spring":
			return true, true
		case "server", "management", "eureka", "feign", "hystrix", "ribbon", "zuul", "logging":
			boot = true
		}
	}
	return false, boot
}

// isOtherYAML reports a Kubernetes object (top-level apiVersion: and kind:) or an Envoy
// bootstrap (top-level static_resources:, dynamic_resources: or node:), both of which are
// often named bootstrap.yaml too.
func isOtherYAML(head []byte) bool {
	api, kind := false, false
	for line := range input.Lines(head) {
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
