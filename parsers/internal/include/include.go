// Package include resolves the file names and patterns that configuration languages include
// (nginx include, Apache Include/IncludeOptional) to files inside the scanned tree, with one
// set of confinement rules for every format.
package include

import (
	"path"
	"strings"
)

// Source is the read access resolving needs; input.Tree provides it.
type Source interface {
	Glob(pattern string) ([]string, error)
	Exists(rel string) bool
	// Clean normalises a root-relative path, refusing one that leaves the root (unless
	// --allow-outside names where it leads).
	Clean(rel string) (string, error)
}

// Missing is the reason given when nothing inside the scanned root matches.
const Missing = "no such file inside the scanned root"

// Resolve finds the root-relative files an include names. Relative names are resolved
// against base, the directory of the main file (nginx's conf prefix, Apache's ServerRoot as
// repositories lay it out). An absolute name points at the deployed tree, which a
// repository usually mirrors next to the main file, so its trailing components are tried
// there, longest first: /etc/nginx/conf.d/*.conf tries etc/nginx/conf.d/*.conf,
// nginx/conf.d/*.conf, then conf.d/*.conf. A pattern's last component alone is not tried:
// "*.conf" next to the main file would match the main file itself. A relative name without
// wildcards is returned whether or not it exists, so that reading it reports why it cannot
// be read. With no match, reason says why.
func Resolve(src Source, base, pattern string) (matches []string, reason string) {
	if !path.IsAbs(pattern) {
		rel, err := src.Clean(path.Join(base, pattern))
		if err != nil {
			return nil, "it is outside the scanned root"
		}
		if !HasMeta(pattern) {
			return []string{rel}, ""
		}
		found, err := src.Glob(rel)
		if err != nil {
			return nil, err.Error()
		}
		if len(found) == 0 {
			return nil, "the pattern matches no file inside the scanned root"
		}
		return found, ""
	}
	parts := strings.Split(strings.Trim(path.Clean(pattern), "/"), "/")
	shortest := len(parts) - 1
	if HasMeta(parts[len(parts)-1]) {
		shortest--
	}
	for i := 0; i <= shortest && i < len(parts); i++ {
		suffix := path.Join(parts[i:]...)
		rel, err := src.Clean(path.Join(base, suffix))
		if err != nil {
			continue
		}
		if !HasMeta(suffix) {
			if src.Exists(rel) {
				return []string{rel}, ""
			}
			continue
		}
		if found, err := src.Glob(rel); err == nil && len(found) > 0 {
			return found, ""
		}
	}
	return nil, Missing
}

// HasMeta reports whether a name is a pattern (path.Match syntax).
func HasMeta(p string) bool { return strings.ContainsAny(p, "*?[") }
