package traefik

import (
	"bytes"
	"path"
	"strings"

	"github.com/tolint/tolint/parsers/input"
)

// Sniff reports whether a file is Traefik configuration, from its path and first bytes:
//   - traefik.yml, traefik.yaml or traefik.toml;
//   - a TOML file with Traefik's tables ([entryPoints…], [providers…], [http.routers…],
//     [http.services…], [http.serversTransports…]); no other format tolint reads is TOML;
//   - a YAML file whose only apiVersions are Traefik's CRDs (traefik.io/…,
//     traefik.containo.us/…); a file that mixes them with other Kubernetes objects is left
//     to the Kubernetes reader;
//   - a YAML file without apiVersion whose top level has entryPoints:, or http: with
//     routers:, services: or serversTransports: under it (static and dynamic configuration),
//     or the Traefik Helm chart's additionalArguments: with entry point flags.
func Sniff(rel string, head []byte) bool {
	base := strings.ToLower(path.Base(strings.ReplaceAll(rel, "\\", "/")))
	ext := path.Ext(base)
	if bytes.Contains(head, []byte("{{")) {
		return false // a template: not readable as written
	}
	switch ext {
	case ".toml":
		if base == "traefik.toml" {
			return true
		}
		for _, t := range []string{"[entryPoints", "[entrypoints", "[providers", "[http.routers", "[http.services", "[http.serversTransports"} {
			if bytes.Contains(head, []byte(t)) {
				return true
			}
		}
		return false
	case ".yml", ".yaml":
	default:
		return false
	}
	if base == "traefik.yml" || base == "traefik.yaml" {
		return true
	}
	var traefikAPI, otherAPI, entryPoints, httpTop, httpChild, helmArgs, flags bool
	for line := range input.Lines(head) {
		line = bytes.TrimRight(line, " \t\r")
		trimmed := bytes.TrimLeft(line, " ")
		trimmed = bytes.TrimPrefix(trimmed, []byte("- "))
		switch {
		case bytes.HasPrefix(trimmed, []byte("apiVersion:")):
			api := strings.Trim(strings.TrimSpace(string(trimmed[len("apiVersion:"):])), `"'`)
			if isTraefikAPI(api) {
				traefikAPI = true
			} else {
				otherAPI = true
			}
		case bytes.HasPrefix(line, []byte("entryPoints:")):
			entryPoints = true
		case bytes.HasPrefix(line, []byte("http:")):
			httpTop = true
		case bytes.HasPrefix(line, []byte("additionalArguments:")):
			helmArgs = true
		case httpTop && len(line) > 0 && line[0] == ' ' && (bytes.HasPrefix(trimmed, []byte("routers:")) ||
			bytes.HasPrefix(trimmed, []byte("services:")) || bytes.HasPrefix(trimmed, []byte("serversTransports:"))):
			httpChild = true
		}
		if bytes.Contains(line, []byte("--entrypoints.")) || bytes.Contains(line, []byte("--entryPoints.")) {
			flags = true
		}
	}
	switch {
	case traefikAPI || otherAPI:
		return traefikAPI && !otherAPI
	case entryPoints, httpTop && httpChild:
		return true
	}
	return helmArgs && flags
}
