package projectconfig

import (
	"fmt"
	"path"
	"strconv"
	"strings"
)

// Glob is an exclude pattern in doublestar syntax: "*", "?" and "[...]" within one path
// segment as in path.Match, "**" as a whole segment for zero or more segments, and "{a,b}"
// alternatives. Patterns are matched against slash paths relative to the config file's
// folder.
type Glob struct {
	Pattern string
	// alternatives are the pattern with braces expanded, split into segments.
	alternatives [][]string
}

// CompileGlob checks a pattern and prepares it for matching.
func CompileGlob(pattern string) (Glob, error) {
	g := Glob{Pattern: pattern}
	alternatives := expandBraces(strings.TrimPrefix(pattern, "./"), maxAlternatives+1)
	if len(alternatives) > maxAlternatives {
		return Glob{}, &patternError{pattern, fmt.Sprintf("more than %d alternatives in {...}", maxAlternatives)}
	}
	for _, alt := range alternatives {
		var segs []string
		for _, s := range strings.Split(alt, "/") {
			// "**/**" is "**": collapsing keeps matching linear in such patterns.
			if s == "**" && len(segs) > 0 && segs[len(segs)-1] == "**" {
				continue
			}
			segs = append(segs, s)
			if s == "**" {
				continue
			}
			if strings.Contains(s, "**") {
				return Glob{}, &patternError{pattern, `"**" must be a whole path segment, as in "a/**/b"`}
			}
			if _, err := path.Match(s, ""); err != nil {
				return Glob{}, &patternError{pattern, "malformed pattern (an unclosed \"[\"?)"}
			}
		}
		g.alternatives = append(g.alternatives, segs)
	}
	return g, nil
}

type patternError struct{ pattern, why string }

func (e *patternError) Error() string {
	return "exclude pattern " + strconv.Quote(e.pattern) + ": " + e.why
}

// Match reports whether a relative slash path matches.
func (g Glob) Match(rel string) bool {
	segs := strings.Split(rel, "/")
	for _, alt := range g.alternatives {
		if matchSegments(alt, segs) {
			return true
		}
	}
	return false
}

func matchSegments(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			for i := 0; i <= len(segs); i++ {
				if matchSegments(rest, segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// maxAlternatives bounds brace expansion, which grows exponentially with the number of
// brace groups.
const maxAlternatives = 256

// expandBraces turns "a/{b,c}/*.{conf,cfg}" into its four alternatives, stopping once there
// are limit of them. Unbalanced braces are left as they are (path.Match then treats them as
// literal characters).
func expandBraces(p string, limit int) []string {
	open := strings.IndexByte(p, '{')
	if open < 0 {
		return []string{p}
	}
	depth, end := 0, -1
	var commas []int
	for i := open; i < len(p) && end < 0; i++ {
		switch p[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				end = i
			}
		case ',':
			if depth == 1 {
				commas = append(commas, i)
			}
		}
	}
	if end < 0 {
		return []string{p}
	}
	var out []string
	start := open + 1
	tails := expandBraces(p[end+1:], limit)
	for _, c := range append(commas, end) {
		for _, mid := range expandBraces(p[start:c], limit) {
			for _, tail := range tails {
				if len(out) >= limit {
					return out
				}
				out = append(out, p[:open]+mid+tail)
			}
		}
		start = c + 1
	}
	return out
}
