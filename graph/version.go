package graph

// CompareVersions compares dotted numeric versions ("1.24" < "1.29.7" < "1.30"); missing
// components count as 0 and non-digits end a component. An empty version means "newest"
// and is greater than any other.
func CompareVersions(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	for a != "" || b != "" {
		var x, y int
		x, a = leadingNumber(a)
		y, b = leadingNumber(b)
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// leadingNumber reads one dotted component and returns it and the rest after the dot.
func leadingNumber(s string) (int, string) {
	n, i := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if n < 1e8 {
			n = n*10 + int(s[i]-'0')
		}
		i++
	}
	for i < len(s) && s[i] != '.' {
		i++
	}
	if i < len(s) {
		i++
	}
	return n, s[i:]
}
