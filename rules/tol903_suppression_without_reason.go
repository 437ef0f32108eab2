package rules

var suppressionWithoutReason = &Rule{
	ID:       "TOL903",
	Name:     "suppression-without-reason",
	Severity: Warning,
	Summary:  "a tolint:ignore comment gives no reason",
	Explanation: `A finding was silenced with "tolint:ignore TOL101" but the comment does not say why. The
next person to read the file cannot tell whether the mismatch is understood and harmless (the far
side is retired next week, the pool is never idle) or was silenced to get a pull request green. The
finding stays hidden; this warning asks for the reason.

Write the reason after "--":

    keepalive_timeout 5s;  # tolint:ignore TOL101 -- the ALB in front is replaced by an NLB in PLAT-812

Fix: add "-- reason" to the comment.`,
	Bad:  proxyPair("keepalive_timeout 120s;  # tolint:ignore TOL101"),
	Good: proxyPair("keepalive_timeout 120s;  # tolint:ignore TOL101 -- lb is replaced by an NLB in PLAT-812"),
}

var unusedSuppression = &Rule{
	ID:       "TOL904",
	Name:     "unused-suppression",
	Severity: Info,
	Summary:  "a tolint:ignore comment hides nothing",
	Explanation: `A "tolint:ignore" names a rule that reports nothing on its line or the next one (or, for
"tolint:ignore-file", in its file), or names no known rule. Stale suppressions hide the next real
finding at that place, so they are reported like nolintlint reports unused //nolint comments.

A suppression applies to findings whose primary location (the value to change) is on the line of
the comment or on the line below it.

Fix: remove the comment, or correct the rule id.`,
	Bad:  proxyPair("keepalive_timeout 55s;  # tolint:ignore TOL101 -- was 120s"),
	Good: proxyPair("keepalive_timeout 55s;"),
}
