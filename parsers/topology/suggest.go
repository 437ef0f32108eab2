package topology

// maxSuggestLen bounds the names compared for "did you mean": a typo of a key or hop name is
// short, and the comparison is quadratic in the length.
const maxSuggestLen = 100

// suggest returns the candidate closest to name when it is close enough to be a typo: fewer
// than three single-character edits, as hcl's didyoumean. budget counts the table cells of
// edit distance left to compute, so a file with thousands of misspelt names among thousands
// of hops stays fast; ties go to the earlier candidate.
func suggest(name string, candidates []string, budget *int) string {
	if len(name) > maxSuggestLen {
		return ""
	}
	best, bestDist := "", 3
	for _, c := range candidates {
		if diff := len(c) - len(name); diff >= bestDist || -diff >= bestDist {
			continue
		}
		if *budget -= (len(name) + 1) * (len(c) + 1); *budget < 0 {
			break
		}
		if d := editDistance(name, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
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
