// Package retryon reads Envoy's retry_on conditions, which Envoy routes and Istio
// VirtualServices (retryOn, passed to Envoy as written) share.
package retryon

import "strings"

// Conditions says what a comma-separated retry_on list retries.
type Conditions struct {
	// Timeouts: a try that hit its per-try timeout is retried. Envoy retries those only
	// under 5xx or gateway-error (source/common/router/retry_state_impl.cc).
	Timeouts bool
	// Resets: a try whose stream was reset after the request was sent is retried (reset,
	// 5xx and gateway-error), so a request the backend may have executed is sent again.
	Resets bool
}

// Parse reads a retry_on list such as "5xx,reset,connect-failure".
func Parse(text string) Conditions {
	var c Conditions
	for part := range strings.SplitSeq(text, ",") {
		switch strings.TrimSpace(part) {
		case "5xx", "gateway-error":
			c.Timeouts, c.Resets = true, true
		case "reset":
			c.Resets = true
		}
	}
	return c
}

// IsWrite reports an HTTP method whose retry may duplicate a write: POST and PATCH are
// neither safe nor idempotent (RFC 9110, section 9.2.2).
func IsWrite(method string) bool {
	m := strings.ToUpper(strings.TrimSpace(method))
	return m == "POST" || m == "PATCH"
}
