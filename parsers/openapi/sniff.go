package openapi

import (
	"bytes"
	"path"
	"strings"
)

// Sniff reports whether a file is an OpenAPI or Swagger spec tolint reads: a YAML or JSON
// file whose head has a top-level openapi or swagger key and that either mentions a gateway
// extension in its head or is named like an API spec (openapi*.yaml, swagger.json,
// api.yaml, pets-api.yml ...). Kubernetes manifests (apiVersion and kind) are not.
func Sniff(rel string, head []byte) bool {
	base := strings.ToLower(path.Base(strings.ReplaceAll(rel, "\\", "/")))
	ext := path.Ext(base)
	switch ext {
	case ".yaml", ".yml", ".json":
	default:
		return false
	}
	if !specKey(head) {
		return false
	}
	if bytes.Contains(head, []byte(awsExt)) || bytes.Contains(head, []byte(googleExt)) {
		return true
	}
	return apiName(strings.TrimSuffix(base, ext))
}

// specKey reports a top-level openapi or swagger key (YAML: at the start of a line; JSON:
// a quoted key followed by a colon) and no Kubernetes apiVersion and kind.
func specKey(head []byte) bool {
	found, api, kind := false, false, false
	for len(head) > 0 {
		line := head
		if nl := bytes.IndexByte(head, '\n'); nl >= 0 {
			line, head = head[:nl], head[nl+1:]
		} else {
			head = nil
		}
		line = bytes.TrimPrefix(line, []byte("\ufeff"))
		switch {
		case bytes.HasPrefix(line, []byte("openapi:")), bytes.HasPrefix(line, []byte("swagger:")):
			found = true
		case bytes.HasPrefix(line, []byte("apiVersion:")):
			api = true
		case bytes.HasPrefix(line, []byte("kind:")):
			kind = true
		default:
			found = found || jsonKey(line, `"openapi"`) || jsonKey(line, `"swagger"`)
		}
	}
	return found && (!api || !kind)
}

// jsonKey reports whether key occurs in line followed by optional blanks and a colon.
func jsonKey(line []byte, key string) bool {
	for {
		i := bytes.Index(line, []byte(key))
		if i < 0 {
			return false
		}
		line = bytes.TrimLeft(line[i+len(key):], " \t\r")
		if len(line) > 0 && line[0] == ':' {
			return true
		}
	}
}

// apiName reports a file stem with a word that names an API spec: openapi, swagger, or a
// word starting with api ("api", "apigateway", "pets-api", "api.openapi").
func apiName(stem string) bool {
	for _, w := range strings.FieldsFunc(stem, func(r rune) bool { return (r < 'a' || r > 'z') && (r < '0' || r > '9') }) {
		if strings.HasPrefix(w, "api") || strings.Contains(w, "openapi") || strings.Contains(w, "swagger") {
			return true
		}
	}
	return false
}
