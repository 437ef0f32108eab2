// Package textdist finds the word a user probably meant, for "did you mean" messages.
package textdist

import "strings"

// Nearest returns the candidate closest to s (case-insensitive, "_" read as "-") within
// maxEdits edits, or "" when none is that close.
func Nearest(s string, candidates []string, maxEdits int) string {
	norm := func(w string) string { return strings.ReplaceAll(strings.ToLower(w), "_", "-") }
	best, bestDist := "", maxEdits+1
	for _, c := range candidates {
		if d := Levenshtein(norm(s), norm(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// Levenshtein is the edit distance of a and b, in bytes.
func Levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
