// Package caddy reads Caddy's configuration, a Caddyfile or Caddy's native JSON, into one
// proxy hop per file.
//
// Caddyfile: every site block is a listener on its addresses' ports (a host without scheme
// or port is served on 443 and 80) answering to their host names; the global options'
// servers [ADDRESS] { timeouts { idle …; read_header … } } give the idle (default 5m) and
// request timeouts of the sites on that address (or all of them). Every reverse_proxy, in a
// site or in handle, handle_path, route and the like, is a pool: its upstreams (arguments and
// to), transport http { keepalive off|D; keepalive_idle_conns N; dial_timeout D;
// response_header_timeout D } (keepalive default 2m, dial_timeout 3s). Snippets and import
// of a snippet or a file (confined to the tree) are expanded. Durations are Go durations
// with Caddy's d (days); a number needs a unit.
//
// JSON: apps.http.servers.NAME (listen, idle_timeout, read_header_timeout, routes with
// match.host) and reverse_proxy handlers (upstreams[].dial, transport keep_alive
// {enabled, idle_timeout}, dial_timeout, response_header_timeout), also inside subroute
// handlers. A duration is a Go duration string or an integer of nanoseconds.
package caddy
