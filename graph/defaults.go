package graph

import (
	"time"
)

// Setting names used in the defaults catalogue: side.setting.
const (
	ListenerIdle    = "listener.idle"
	ListenerRequest = "listener.request"
	PoolIdle        = "pool.idle"
	PoolReuse       = "pool.reuse"
	PoolRequest     = "pool.request"
	PoolConnect     = "pool.connect"
	TCPKeepalive    = "tcp.keepalive_time"
	TCPTimestamps   = "tcp.timestamps"
)

// DefaultEntry is one software default with its source.
type DefaultEntry struct {
	Software string
	Setting  string
	// Key is the software's own name for the setting.
	Key string
	// Dur or Bool holds the value, depending on the setting.
	Dur  Duration
	Bool bool
	// Since and Until bound the versions it holds for: Since <= v < Until ("" = open).
	Since, Until string
	Source       string
	Note         string
}

func secs(n int) Duration { return Dur(time.Duration(n) * time.Second) }

// catalogue lists defaults with their sources; ../shared/reference/timeouts.md has the
// evidence. One place for every default: parsers and the topology both read it.
var catalogue = []DefaultEntry{
	{Software: "nginx", Setting: ListenerIdle, Key: "keepalive_timeout", Dur: secs(75),
		Source: "https://nginx.org/en/docs/http/ngx_http_core_module.html#keepalive_timeout"},
	{Software: "nginx", Setting: ListenerRequest, Key: "client_header_timeout", Dur: secs(60),
		Source: "https://nginx.org/en/docs/http/ngx_http_core_module.html#client_header_timeout"},
	{Software: "nginx", Setting: PoolIdle, Key: "keepalive_timeout", Dur: secs(60), Since: "1.15.3",
		Source: "https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive_timeout"},
	{Software: "nginx", Setting: PoolReuse, Key: "keepalive", Bool: true, Since: "1.29.7",
		Source: "https://nginx.org/en/CHANGES-1.30",
		Note:   "since nginx 1.29.7 (stable 1.30) upstream connections are kept alive by default (keepalive 32 local, HTTP/1.1)"},
	{Software: "nginx", Setting: PoolReuse, Key: "keepalive", Bool: false, Until: "1.29.7",
		Source: "https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive",
		Note:   "before nginx 1.29.7 upstream connections are reused only with keepalive N in the upstream block, proxy_http_version 1.1 and the Connection header cleared"},
	{Software: "nginx", Setting: PoolRequest, Key: "proxy_read_timeout", Dur: secs(60),
		Source: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout"},
	{Software: "nginx", Setting: PoolConnect, Key: "proxy_connect_timeout", Dur: secs(60),
		Source: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_connect_timeout"},

	{Software: "haproxy", Setting: ListenerIdle, Key: "timeout client", Dur: NoTimeout,
		Source: "https://docs.haproxy.org/dev/configuration.html#4.2-timeout%20client",
		Note:   "HAProxy has no client timeout unless one is set (it warns at start-up)"},
	{Software: "haproxy", Setting: ListenerRequest, Key: "timeout http-request", Dur: NoTimeout,
		Source: "https://docs.haproxy.org/dev/configuration.html#4.2-timeout%20http-request",
		Note:   "unset, timeout http-request falls back to timeout client, which has no default"},
	{Software: "haproxy", Setting: PoolIdle, Key: "pool-purge-delay", Dur: secs(5),
		Source: "https://docs.haproxy.org/dev/configuration.html#5.2-pool-purge-delay",
		Note:   "HAProxy has no idle timer per server connection; it purges idle ones every pool-purge-delay"},
	{Software: "haproxy", Setting: PoolReuse, Key: "http-reuse", Bool: true, Since: "1.9",
		Source: "https://docs.haproxy.org/dev/configuration.html#4.2-http-reuse",
		Note:   "HAProxy reuses idle server connections by default (http-reuse safe)"},
	{Software: "haproxy", Setting: PoolRequest, Key: "timeout server", Dur: NoTimeout,
		Source: "https://docs.haproxy.org/dev/configuration.html#4.2-timeout%20server"},
	{Software: "haproxy", Setting: PoolConnect, Key: "timeout connect", Dur: NoTimeout,
		Source: "https://docs.haproxy.org/dev/configuration.html#4.2-timeout%20connect"},

	{Software: "linux", Setting: TCPKeepalive, Key: "net.ipv4.tcp_keepalive_time", Dur: secs(7200),
		Source: "https://docs.kernel.org/networking/ip-sysctl.html"},
	{Software: "linux", Setting: TCPTimestamps, Key: "net.ipv4.tcp_timestamps", Bool: true,
		Source: "https://docs.kernel.org/networking/ip-sysctl.html"},
}

// LookupDefault finds the default of a setting for a software version ("" = newest).
func LookupDefault(software, version, setting string) (DefaultEntry, bool) {
	for _, e := range catalogue {
		if e.Software == software && e.Setting == setting &&
			(e.Since == "" || CompareVersions(version, e.Since) >= 0) &&
			(e.Until == "" || CompareVersions(version, e.Until) < 0) {
			return e, true
		}
	}
	return DefaultEntry{}, false
}

// Defaults returns the whole catalogue, for `tolint defaults` and tests.
func Defaults() []DefaultEntry { return catalogue }

// DefaultDuration returns the default as a setting whose Pos is the block relying on it.
// The Note reads "nginx keepalive_timeout default 75s (source)".
func DefaultDuration(software, version, setting string, at Pos) (DurationSetting, bool) {
	e, ok := LookupDefault(software, version, setting)
	if !ok {
		return DurationSetting{}, false
	}
	return DurationSetting{Value: e.Dur, Origin: Default, Pos: at, Key: e.Key, Note: e.describe(e.Dur.String())}, true
}

// DefaultBool is DefaultDuration for switches.
func DefaultBool(software, version, setting string, at Pos) (Setting[bool], bool) {
	e, ok := LookupDefault(software, version, setting)
	if !ok {
		return Setting[bool]{}, false
	}
	return Setting[bool]{Value: e.Bool, Origin: Default, Pos: at, Key: e.Key, Note: e.describe("")}, true
}

func (e DefaultEntry) describe(value string) string {
	s := e.Software + " " + e.Key + " default"
	if value != "" {
		s += " " + value
	}
	if e.Note != "" {
		s += ": " + e.Note
	}
	return s + " (" + e.Source + ")"
}
