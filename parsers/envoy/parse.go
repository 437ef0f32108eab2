package envoy

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/retryon"
)

// listener is an Envoy listener that speaks HTTP (connection manager) or relays TCP
// (tcp_proxy), with the route configurations and clusters it names.
type listener struct {
	l *graph.Listener
	// inline are route configurations written inside the connection manager.
	inline []*routeConfig
	// rds are route configuration names fetched by RDS.
	rds []ref
	// tcp are clusters a tcp_proxy relays to.
	tcp []relay
}

// relay is a cluster a tcp_proxy relays to, with that tcp_proxy's idle timer, which closes
// the upstream connection together with the client's.
type relay struct {
	ref
	idle graph.DurationSetting
}

// ref is a name that points at another resource, where it is written.
type ref struct {
	name string
	pos  graph.Pos
}

// routeConfig is a RouteConfiguration: routes to clusters, and the virtual host names.
type routeConfig struct {
	name    string
	routes  []route
	domains []string
}

// route is one route action's cluster with the timeout that route waits for a response
// (the default when the route sets none).
type route struct {
	cluster ref
	timeout graph.DurationSetting
	retry   retryPolicy
}

// retryPolicy is a route's (or its virtual host's) retry_policy.
type retryPolicy struct {
	retries   graph.Setting[int]
	onTimeout graph.Setting[bool]
	perTry    graph.DurationSetting
	writes    graph.Setting[bool]
}

// numRetriesDefault is Envoy's num_retries when a retry_policy does not set it.
const numRetriesDefault = "envoy num_retries default 1 (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#envoy-v3-api-msg-config-route-v3-retrypolicy)"

// retryPolicy reads a retry_policy; a retry after a reset duplicates a write when the
// route carries POST or PATCH (writes names the method).
func (f *file) retryPolicy(rp *yaml.Node, writes string) retryPolicy {
	var r retryPolicy
	if e := f.get(rp, "num_retries"); e.ok() {
		if n, ok := f.integerValue(e, 0, 1<<32-1); ok {
			r.retries = graph.Setting[int]{Value: int(n), Origin: graph.Explicit, Pos: f.pos(e.value), Key: e.key.Value, Raw: str(e.value)}
		}
	} else {
		r.retries = graph.Setting[int]{Value: 1, Origin: graph.Default, Pos: f.pos(rp), Key: "num_retries", Note: numRetriesDefault}
	}
	r.perTry, _ = f.duration(rp, "per_try_timeout", true)
	on := f.get(rp, "retry_on")
	if !on.ok() {
		return r
	}
	text := str(on.value)
	c := retryon.Parse(text)
	r.onTimeout = graph.Setting[bool]{Value: c.Timeouts, Origin: graph.Explicit, Pos: f.pos(on.value), Key: on.key.Value, Raw: text}
	if c.Resets && writes != "" {
		r.writes = graph.Setting[bool]{Value: true, Origin: graph.Explicit, Pos: f.pos(on.value), Key: on.key.Value, Raw: text,
			Note: "retry_on " + text + " resends a request whose connection was reset, on a route that matches " + writes}
	}
	return r
}

// writeMethod returns the non-idempotent method (POST, PATCH) a route match requires, if any.
func (f *file) writeMethod(match *yaml.Node) string {
	for _, h := range f.items(f.get(match, "headers").value) {
		if str(f.get(h, "name").value) != ":method" {
			continue
		}
		m := f.get(h, "exact_match")
		if !m.ok() {
			m = f.path(h, "string_match", "exact")
		}
		if v := str(m.value); retryon.IsWrite(v) {
			return strings.ToUpper(v)
		}
	}
	return ""
}

// cluster is an Envoy cluster as a pool.
type cluster struct {
	name string
	pool *graph.Pool
}

// typeSuffix returns the message name of a type URL
// ("type.googleapis.com/envoy.config.listener.v3.Listener" -> "envoy.config.listener.v3.Listener").
func typeName(url string) string {
	if i := strings.LastIndexByte(url, '/'); i >= 0 {
		return url[i+1:]
	}
	return url
}

// Resource kinds of xDS resource files, v3 and the older v2 names.
const (
	kindListener = iota + 1
	kindCluster
	kindRoutes
)

func resourceKind(typeURL string) int {
	switch typeName(typeURL) {
	case "envoy.config.listener.v3.Listener", "envoy.api.v2.Listener":
		return kindListener
	case "envoy.config.cluster.v3.Cluster", "envoy.api.v2.Cluster":
		return kindCluster
	case "envoy.config.route.v3.RouteConfiguration", "envoy.api.v2.RouteConfiguration":
		return kindRoutes
	}
	return 0
}

// parseFile reads one file's listeners, clusters and route configurations.
func parseFile(data []byte, rel, display string, opts input.Options) *file {
	f := newFile(rel, display, data)
	for _, doc := range f.documents() {
		f.document(f.resolve(doc), opts)
	}
	return f
}

// document dispatches on the shape of a document: bootstrap, xDS resource list, config
// dump, a list of resources, or one resource.
func (f *file) document(n *yaml.Node, opts input.Options) {
	if n == nil {
		return
	}
	if n.Kind == yaml.SequenceNode {
		for _, item := range f.items(n) {
			f.resource(item, 0, opts)
		}
		return
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	switch {
	case f.has(n, "static_resources"):
		sr := f.get(n, "static_resources").value
		for _, l := range f.items(f.get(sr, "listeners").value) {
			f.resource(l, kindListener, opts)
		}
		for _, c := range f.items(f.get(sr, "clusters").value) {
			f.resource(c, kindCluster, opts)
		}
	case f.has(n, "resources"):
		for _, r := range f.items(f.get(n, "resources").value) {
			f.resource(r, 0, opts)
		}
	case f.has(n, "bootstrap"):
		// An admin config dump's bootstrap section.
		f.document(f.get(n, "bootstrap").value, opts)
	default:
		f.resource(n, 0, opts)
	}
}

// resource reads one Listener, Cluster or RouteConfiguration; kind 0 means "tell by its
// @type, else by its fields".
func (f *file) resource(n *yaml.Node, kind int, opts input.Options) {
	if n.Kind != yaml.MappingNode {
		return
	}
	if kind == 0 {
		if t := f.get(n, "@type"); t.ok() {
			kind = resourceKind(str(t.value))
		} else {
			switch {
			case f.has(n, "filter_chains", "default_filter_chain"):
				kind = kindListener
			case f.has(n, "virtual_hosts"):
				kind = kindRoutes
			case f.has(n, "connect_timeout", "load_assignment", "hosts", "eds_cluster_config", "typed_extension_protocol_options", "lb_policy"):
				kind = kindCluster
			}
		}
	}
	switch kind {
	case kindListener:
		f.listener(n, opts)
	case kindCluster:
		f.cluster(n, opts)
	case kindRoutes:
		rc := f.routeConfig(n, opts)
		f.routes = append(f.routes, rc)
	}
}

// listener reads a listener's address and its filter chains; a listener without an HTTP
// connection manager or tcp_proxy (UDP, Redis, MySQL) is not a hop listener.
func (f *file) listener(n *yaml.Node, opts input.Options) {
	nameField := f.get(n, "name")
	name := str(nameField.value)
	at := f.pos(n)
	if nameField.ok() {
		at = f.pos(nameField.value)
	}
	l := &listener{l: &graph.Listener{Pos: at}}
	sock := f.path(n, "address", "socket_address").value
	if sock != nil {
		host := str(f.get(sock, "address").value)
		port, _ := f.port(sock)
		a := graph.Address{Host: graph.NormalizeHost(host), Port: port, Pos: f.pos(sock), Raw: host + ":" + strconv.Itoa(port)}
		if e := f.get(sock, "address"); e.ok() {
			a.Pos = f.pos(e.value)
		}
		l.l.Addrs = append(l.l.Addrs, a)
	}
	if name == "" {
		name = "unnamed"
		if len(l.l.Addrs) > 0 {
			name = l.l.Addrs[0].HostPort()
		}
	}
	l.l.Name = "listener " + name
	chains := f.items(f.get(n, "filter_chains").value)
	if d := f.get(n, "default_filter_chain"); d.ok() {
		chains = append(chains, d.value)
	}
	found := false
	for _, chain := range chains {
		for _, filter := range f.items(f.get(chain, "filters").value) {
			fname := str(f.get(filter, "name").value)
			cfg := f.get(filter, "typed_config")
			if !cfg.ok() {
				cfg = f.get(filter, "config") // v2 untyped struct
			}
			t := typeName(str(f.get(cfg.value, "@type").value))
			at := f.pos(filter)
			if cfg.ok() {
				at = f.pos(cfg.key)
			}
			switch {
			case fname == "envoy.filters.network.http_connection_manager" || fname == "envoy.http_connection_manager" ||
				strings.HasSuffix(t, ".HttpConnectionManager"):
				f.connectionManager(l, cfg.value, at, !found, opts)
				found = true
			case fname == "envoy.filters.network.tcp_proxy" || fname == "envoy.tcp_proxy" || strings.HasSuffix(t, ".TcpProxy"):
				f.tcpProxy(l, cfg.value, at, !found, opts)
				found = true
			}
		}
	}
	if found {
		f.listeners = append(f.listeners, l)
	}
}

// connectionManager reads an HTTP connection manager; the first filter of a listener gives
// its timers.
func (f *file) connectionManager(l *listener, hcm *yaml.Node, at graph.Pos, first bool, opts input.Options) {
	idle, ok := f.duration(f.get(hcm, "common_http_protocol_options").value, "idle_timeout", true)
	if !ok {
		idle, _ = graph.DefaultDuration(software, opts.Version, graph.ListenerIdle, at)
	}
	request, ok := f.duration(hcm, "request_timeout", true)
	if !ok {
		request, _ = graph.DefaultDuration(software, opts.Version, graph.ListenerRequest, at)
	}
	// Checked for their syntax; the model has no place for stream timers or a
	// connection's maximum lifetime.
	f.duration(hcm, "stream_idle_timeout", true)
	f.duration(f.get(hcm, "common_http_protocol_options").value, "max_connection_duration", true)
	f.duration(hcm, "drain_timeout", false)
	if first {
		l.l.Idle, l.l.Request = idle, request
	}
	if rc := f.get(hcm, "route_config"); rc.ok() {
		l.inline = append(l.inline, f.routeConfig(rc.value, opts))
	}
	if rds := f.get(f.get(hcm, "rds").value, "route_config_name"); rds.ok() {
		l.rds = append(l.rds, ref{name: str(rds.value), pos: f.pos(rds.value)})
	}
}

// tcpProxy reads a tcp_proxy filter: its idle timer applies to both of its connections.
func (f *file) tcpProxy(l *listener, tp *yaml.Node, at graph.Pos, first bool, opts input.Options) {
	idle, ok := f.duration(tp, "idle_timeout", true)
	if !ok {
		idle, _ = graph.DefaultDuration(software, opts.Version, graph.TCPProxyIdle, at)
	}
	if first {
		l.l.Idle = idle
	}
	if c := f.get(tp, "cluster"); c.ok() {
		l.tcp = append(l.tcp, relay{ref{name: str(c.value), pos: f.pos(c.value)}, idle})
	}
	for _, wc := range f.items(f.path(tp, "weighted_clusters", "clusters").value) {
		if c := f.get(wc, "name"); c.ok() {
			l.tcp = append(l.tcp, relay{ref{name: str(c.value), pos: f.pos(c.value)}, idle})
		}
	}
}

// routeConfig reads a RouteConfiguration: virtual hosts, their domains and routes.
func (f *file) routeConfig(n *yaml.Node, opts input.Options) *routeConfig {
	rc := &routeConfig{name: str(f.get(n, "name").value)}
	for _, vh := range f.items(f.get(n, "virtual_hosts").value) {
		for _, d := range f.items(f.get(vh, "domains").value) {
			if name := str(d); name != "" && !strings.Contains(name, "*") {
				if i := strings.LastIndexByte(name, ':'); i > 0 && !strings.Contains(name[:i], ":") {
					name = name[:i]
				}
				rc.domains = append(rc.domains, strings.ToLower(name))
			}
		}
		for _, r := range f.items(f.get(vh, "routes").value) {
			action := f.get(r, "route")
			if !action.ok() {
				continue
			}
			timeout, ok := f.duration(action.value, "timeout", true)
			if !ok {
				timeout, _ = graph.DefaultDuration(software, opts.Version, graph.PoolRequest, f.pos(action.key))
			}
			// Checked for its syntax; the model keeps one request timeout per pool.
			f.duration(action.value, "idle_timeout", true)
			var retry retryPolicy
			if rp := f.get(action.value, "retry_policy"); rp.ok() {
				retry = f.retryPolicy(rp.value, f.writeMethod(f.get(r, "match").value))
			} else if rp := f.get(vh, "retry_policy"); rp.ok() {
				retry = f.retryPolicy(rp.value, f.writeMethod(f.get(r, "match").value))
			}
			if c := f.get(action.value, "cluster"); c.ok() {
				rc.routes = append(rc.routes, route{cluster: ref{name: str(c.value), pos: f.pos(c.value)}, timeout: timeout, retry: retry})
			}
			for _, wc := range f.items(f.path(action.value, "weighted_clusters", "clusters").value) {
				if c := f.get(wc, "name"); c.ok() {
					rc.routes = append(rc.routes, route{cluster: ref{name: str(c.value), pos: f.pos(c.value)}, timeout: timeout, retry: retry})
				}
			}
		}
	}
	return rc
}

// httpProtocolOptions is the key of the upstream HTTP options in a cluster's
// typed_extension_protocol_options.
const httpProtocolOptions = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions"

// cluster reads a cluster as a pool: endpoints, connect timeout, upstream idle timeout,
// TCP keepalive and connection reuse.
func (f *file) cluster(n *yaml.Node, opts input.Options) {
	nameField := f.get(n, "name")
	at := f.pos(n)
	if nameField.ok() {
		at = f.pos(nameField.value)
	}
	name := str(nameField.value)
	p := &graph.Pool{Name: "cluster " + name, Pos: at}
	var endpoints []*yaml.Node
	for _, loc := range f.items(f.path(n, "load_assignment", "endpoints").value) {
		for _, lb := range f.items(f.get(loc, "lb_endpoints").value) {
			endpoints = append(endpoints, f.path(lb, "endpoint", "address").value)
		}
	}
	endpoints = append(endpoints, f.items(f.get(n, "hosts").value)...)
	for _, addr := range endpoints {
		if t, ok := f.target(addr); ok {
			p.Targets = append(p.Targets, t)
		}
	}

	// The upstream HTTP options: the typed extension, else the deprecated cluster fields.
	var common, hpo *yaml.Node
	f.entries(f.get(n, "typed_extension_protocol_options").value, func(e field) {
		if e.key.Value == httpProtocolOptions || typeName(str(f.get(e.value, "@type").value)) == httpProtocolOptions {
			hpo = e.value
		}
	})
	if hpo != nil {
		common = f.get(hpo, "common_http_protocol_options").value
	} else {
		common = f.get(n, "common_http_protocol_options").value
	}
	idle, ok := f.duration(common, "idle_timeout", true)
	if !ok {
		idle, _ = graph.DefaultDuration(software, opts.Version, graph.PoolIdle, at)
	}
	p.Idle = idle
	p.Reuse, _ = graph.DefaultBool(software, opts.Version, graph.PoolReuse, at)
	for _, holder := range []*yaml.Node{common, n} {
		e := f.get(holder, "max_requests_per_connection")
		if !e.ok() {
			continue
		}
		// A UInt32Value: a number, or {value: N} in the wrapper's long form.
		if e.value.Kind == yaml.MappingNode {
			e = f.get(e.value, "value")
		}
		if !e.ok() {
			continue
		}
		if v, ok := f.integerValue(e, 0, 1<<32-1); ok && v == 1 {
			p.Reuse = graph.Setting[bool]{Value: false, Origin: graph.Explicit, Pos: f.pos(e.value), Key: e.key.Value, Raw: e.value.Value,
				Note: "max_requests_per_connection 1 closes each upstream connection after one request"}
		}
		break
	}
	connect, ok := f.duration(n, "connect_timeout", false)
	if !ok {
		connect, _ = graph.DefaultDuration(software, opts.Version, graph.PoolConnect, at)
	}
	p.Connect = connect
	if ka := f.path(n, "upstream_connection_options", "tcp_keepalive"); ka.ok() {
		if t := f.get(ka.value, "keepalive_time"); t.ok() {
			if v, ok := f.integerValue(unwrap(f, t), 0, 1<<32-1); ok {
				p.TCPKeepalive = graph.NewRare(graph.DurationSetting{Value: graph.Dur(secondsOf(v)), Origin: graph.Explicit, Pos: f.pos(unwrap(f, t).value),
					Key: t.key.Value, Raw: str(unwrap(f, t).value), BareUnit: secondsUnit})
			}
		} else {
			probes, _ := graph.DefaultDuration("linux", "", graph.TCPKeepalive, f.pos(ka.key))
			p.TCPKeepalive = graph.NewRare(probes)
		}
	}
	f.clusters = append(f.clusters, &cluster{name: name, pool: p})
}

// unwrap returns the value of a protobuf wrapper written in its long form ({value: N}).
func unwrap(f *file, e field) field {
	if e.value.Kind == yaml.MappingNode {
		if v := f.get(e.value, "value"); v.ok() {
			return v
		}
	}
	return e
}

// target reads an endpoint address (socket_address {address, port_value}).
func (f *file) target(addr *yaml.Node) (graph.Address, bool) {
	sock := f.get(addr, "socket_address").value
	if sock == nil {
		return graph.Address{}, false
	}
	host := f.get(sock, "address")
	port, ok := f.port(sock)
	if !host.ok() || !ok {
		return graph.Address{}, false
	}
	h := str(host.value)
	raw := h + ":" + strconv.Itoa(port)
	if strings.Contains(h, ":") {
		raw = "[" + h + "]:" + strconv.Itoa(port)
	}
	a, err := graph.ParseAddress(raw, 0)
	if err != nil {
		f.errorAt(f.pos(host.value), fmt.Sprintf("endpoint address: %v", err))
		return graph.Address{}, false
	}
	a.Pos = f.pos(host.value)
	return a, true
}
