package spring

import "strings"

// uniformKey turns a property name as written into the form Spring's relaxed binding
// compares: elements lower-cased without dashes or underscores, indexes as [N]. So
// server.tomcat.keep-alive-timeout, server.tomcat.keepAliveTimeout,
// server.tomcat.keep_alive_timeout and SERVER_TOMCAT_KEEPALIVETIMEOUT all become
// server.tomcat.keepalivetimeout (the env-variable form cannot carry dashes, which is why
// Spring drops them when comparing).
func uniformKey(key string) string {
	if isEnvStyle(key) {
		return envKey(key)
	}
	var b strings.Builder
	b.Grow(len(key))
	inBracket := false
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c == '[':
			inBracket = true
			b.WriteByte(c)
		case c == ']':
			inBracket = false
			b.WriteByte(c)
		case inBracket:
			// Map keys in brackets ("[/api/**]") are taken as written.
			b.WriteByte(c)
		case c == '-' || c == '_':
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// isEnvStyle reports an environment-variable name: upper case, digits and underscores
// only, with at least one underscore.
func isEnvStyle(key string) bool {
	if !strings.Contains(key, "_") {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// envKey maps SPRING_CLOUD_GATEWAY_ROUTES_0_URI to spring.cloud.gateway.routes[0].uri: an
// underscore separates elements, and an element of digits is a list index.
func envKey(key string) string {
	var b strings.Builder
	for _, el := range strings.Split(key, "_") {
		switch {
		case el == "":
		case isDigits(el):
			b.WriteString("[" + el + "]")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(strings.ToLower(el))
		}
	}
	return b.String()
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
