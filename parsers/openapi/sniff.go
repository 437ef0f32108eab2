package openapi

import (
	"bytes"
	"path"
	"strings"

	"github.com/tolint/tolint/parsers/input"
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

// specKey reports a top-level openapi or swagger key (YAML: at the indentation of the
// document's first line, which real specs sometimes indent as a whole; JSON: a quoted key
// followed by a colon) and no Kubernetes apiVersion and kind.
func specKey(head []byte) bool {
	found, api, kind := false, false, false
	top := -1
	for line := range input.Lines(head) {
		text := bytes.TrimLeft(bytes.TrimPrefix(line, []byte("\ufeff")), " ")
		indent := len(line) - len(text)
		switch {
		case len(bytes.TrimSpace(text)) == 0 || text[0] == '#' || bytes.HasPrefix(text, []byte("---")) || text[0] == '%':
			continue
		case top < 0:
			top = indent
		}
		switch {
		case indent != top:
			found = found || jsonKey(text, `"openapi"`) || jsonKey(text, `"swagger"`)
		case bytes.HasPrefix(text, []byte("openapi:")), bytes.HasPrefix(text, []byte("swagger:")):
			found = true
		case bytes.HasPrefix(text, []byte("apiVersion:")):
			api = true
		case bytes.HasPrefix(text, []byte("kind:")):
			kind = true
		default:
			found = found || jsonKey(text, `"openapi"`) || jsonKey(text, `"swagger"`)
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
