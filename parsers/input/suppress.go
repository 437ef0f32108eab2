package input

import (
	"bytes"
	"strings"

	"github.com/tolint/tolint/graph"
)

// suppressionMarker starts an inline suppression in a comment of any format.
const suppressionMarker = "tolint:ignore"

// commentOpeners are the comment syntaxes of the formats tolint reads: # (nginx, HAProxy,
// YAML, properties, sysctl, HCL, Apache, Caddyfile), // and /* (HCL, Envoy is JSON/YAML),
// ; (INI-like files) and <!-- (XML). A marker counts only after one of them on its line, so
// a string value that happens to contain the words is not a suppression. JSON has no
// comments, so a JSON file cannot carry a suppression.
var commentOpeners = []string{"#", "//", "/*", ";", "<!--"}

// ScanSuppressions finds the tolint:ignore and tolint:ignore-file comments of a file. file is
// the display path given to their positions.
func ScanSuppressions(file string, data []byte) []graph.Suppression {
	if !hasMarker(data) {
		return nil
	}
	var out []graph.Suppression
	line, lineStart := 1, 0
	for lineStart <= len(data) {
		end := bytes.IndexByte(data[lineStart:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += lineStart
		}
		text := data[lineStart:end]
		if i := bytes.Index(text, []byte(suppressionMarker)); i >= 0 && inComment(text[:i]) {
			if s, ok := parseSuppression(string(text[i+len(suppressionMarker):])); ok {
				s.Pos = graph.Pos{File: file, Line: line, Col: i + 1, Offset: lineStart + i}
				out = append(out, s)
			}
		}
		line++
		lineStart = end + 1
	}
	return out
}

func inComment(before []byte) bool {
	for _, opener := range commentOpeners {
		if bytes.Contains(before, []byte(opener)) {
			return true
		}
	}
	return false
}

// parseSuppression reads what follows the marker: "-file" for a whole-file suppression,
// then rule ids separated by commas or spaces, then the reason, after "--" or directly
// after the ids. A comment closer ("-->", "*/") at the end is not part of the reason.
// "tolint:ignored" and the like are prose, not suppressions.
func parseSuppression(rest string) (graph.Suppression, bool) {
	var s graph.Suppression
	if r, ok := strings.CutPrefix(rest, "-file"); ok {
		s.WholeFile, rest = true, r
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return s, false
	}
	rest = strings.TrimSpace(rest)
	for _, closer := range []string{"-->", "*/"} {
		rest = strings.TrimSpace(strings.TrimSuffix(rest, closer))
	}
	ids, reason, found := strings.Cut(rest, "--")
	fields := strings.FieldsFunc(ids, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	n := 0
	for n < len(fields) && looksLikeRuleID(fields[n]) {
		n++
	}
	if n > 0 {
		s.Rules = fields[:n]
	}
	if found {
		s.Reason = strings.TrimSpace(reason)
		if n < len(fields) {
			// Words between the ids and "--" belong to the reason too.
			s.Reason = strings.TrimSpace(strings.Join(fields[n:], " ") + " " + s.Reason)
		}
	} else {
		s.Reason = strings.Join(fields[n:], " ")
	}
	return s, true
}

// looksLikeRuleID accepts "TOL101" in any case, or a rule name: lower-case words joined by
// hyphens ("idle-timeout-order"). Whether the rule exists is decided by the rules package.
func looksLikeRuleID(w string) bool {
	if len(w) > 3 && strings.EqualFold(w[:3], "TOL") {
		for _, c := range w[3:] {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	if !strings.Contains(w, "-") {
		return false
	}
	for _, c := range w {
		if (c < 'a' || c > 'z') && c != '-' {
			return false
		}
	}
	return true
}

// hasMarker reports whether data contains the marker. It looks for the ':' (rare in
// configuration text, and found with a vector search) rather than the leading 't', which
// is everywhere in words like "timeout" and makes bytes.Contains crawl: every file read
// pays for this check.
func hasMarker(data []byte) bool {
	const before = len("tolint")
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], ':')
		if j < 0 {
			return false
		}
		k := i + j
		if k >= before && string(data[k-before:k]) == "tolint" && bytes.HasPrefix(data[k:], []byte(":ignore")) {
			return true
		}
		i = k + 1
	}
}
