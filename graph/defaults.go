package graph

import (
	"sync"
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
	// TCPProxyIdle is the idle timer of a proxy that relays TCP without reading HTTP
	// (Envoy tcp_proxy); it applies to both of its connections.
	TCPProxyIdle = "tcp_proxy.idle"
	// PoolLifetime is the maximum age of a pooled connection, busy or idle.
	PoolLifetime = "pool.lifetime"
	// PoolRetryOnTimeout says whether a try that runs out of time is retried by default.
	PoolRetryOnTimeout = "pool.retry_on_timeout"
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
	// Fixed values cannot be configured at all.
	Fixed bool
}

func secs(n int) Duration { return Dur(time.Duration(n) * time.Second) }

func ms(n int) Duration { return Dur(time.Duration(n) * time.Millisecond) }

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
	{Software: "nginx", Setting: PoolRetryOnTimeout, Key: "proxy_next_upstream", Bool: true,
		Source: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream",
		Note:   "proxy_next_upstream error timeout: a try that fails or times out before the response header goes to the next server, unless the request is non-idempotent"},
	{Software: "haproxy", Setting: PoolRetryOnTimeout, Key: "retry-on", Bool: false,
		Source: "https://docs.haproxy.org/dev/configuration.html#4.2-retry-on",
		Note:   "retry-on conn-failure: HAProxy retries only failed connection attempts, not a server that is slow to respond"},

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

	{Software: "envoy", Setting: ListenerIdle, Key: "common_http_protocol_options.idle_timeout", Dur: secs(3600),
		Source: "https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/core/v3/protocol.proto"},
	{Software: "envoy", Setting: ListenerRequest, Key: "request_timeout", Dur: NoTimeout,
		Source: "https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto",
		Note:   "Envoy's request_timeout is disabled unless set"},
	{Software: "envoy", Setting: PoolIdle, Key: "common_http_protocol_options.idle_timeout", Dur: secs(3600),
		Source: "https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/upstreams/http/v3/http_protocol_options.proto",
		Note:   "Envoy closes idle upstream connections after 1h unless the cluster's HttpProtocolOptions set idle_timeout"},
	{Software: "envoy", Setting: PoolReuse, Key: "connection pool", Bool: true,
		Source: "https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/connection_pooling",
		Note:   "Envoy pools and reuses upstream connections"},
	{Software: "envoy", Setting: PoolRequest, Key: "timeout", Dur: secs(15),
		Source: "https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto",
		Note:   "an Envoy route gives up on the upstream response after 15s unless it sets timeout"},
	{Software: "envoy", Setting: PoolConnect, Key: "connect_timeout", Dur: secs(5),
		Source: "https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/cluster.proto"},
	{Software: "envoy", Setting: TCPProxyIdle, Key: "idle_timeout", Dur: secs(3600),
		Source: "https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto"},

	{Software: "aws-alb", Setting: ListenerIdle, Key: "idle_timeout", Dur: secs(60),
		Source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout",
		Note:   "an ALB closes idle client connections after its idle timeout, 60s by default"},
	{Software: "aws-alb", Setting: PoolIdle, Key: "idle_timeout", Dur: secs(60),
		Source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout",
		Note:   "an ALB applies the same idle timeout (60s by default) to its connections to targets"},
	{Software: "aws-alb", Setting: PoolReuse, Key: "target connections", Bool: true,
		Source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout",
		Note:   "an ALB keeps connections to targets open for reuse"},
	{Software: "aws-alb", Setting: PoolRequest, Key: "idle_timeout", Dur: secs(60),
		Source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html",
		Note:   "an ALB answers 504 when a target sends nothing within the idle timeout"},
	{Software: "aws-alb", Setting: PoolConnect, Key: "target connect timeout", Dur: secs(10), Fixed: true,
		Source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html",
		Note:   "fixed at 10s, not configurable"},
	{Software: "aws-nlb", Setting: ListenerIdle, Key: "tcp_idle_timeout_seconds", Dur: secs(350),
		Source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#connection-idle-timeout",
		Note:   "an NLB forgets idle TCP flows after 350s by default and answers the next packet with a reset"},
	{Software: "aws-elb", Setting: ListenerIdle, Key: "idle_timeout", Dur: secs(60),
		Source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/config-idle-timeout.html"},
	{Software: "aws-elb", Setting: PoolIdle, Key: "idle_timeout", Dur: secs(60),
		Source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/config-idle-timeout.html",
		Note:   "a Classic ELB applies its idle timeout (60s by default) to back-end connections too"},
	{Software: "aws-elb", Setting: PoolReuse, Key: "back-end connections", Bool: true,
		Source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/config-idle-timeout.html",
		Note:   "a Classic ELB keeps back-end connections open for reuse (HTTP keep-alive)"},
	{Software: "aws-elb", Setting: PoolRequest, Key: "idle_timeout", Dur: secs(60),
		Source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/config-idle-timeout.html",
		Note:   "a Classic ELB closes a connection with no data for the idle timeout, also while waiting for a response"},
	{Software: "gcp-lb", Setting: ListenerIdle, Key: "http_keep_alive_timeout_sec", Dur: secs(610),
		Source: "https://cloud.google.com/load-balancing/docs/https#timeouts_and_retries",
		Note:   "Google's global external load balancer keeps idle client connections 610s by default"},
	{Software: "gcp-lb", Setting: PoolIdle, Key: "backend keepalive", Dur: secs(600), Fixed: true,
		Source: "https://cloud.google.com/load-balancing/docs/https#timeouts_and_retries",
		Note:   "Google's load balancer keeps idle backend connections 600s (fixed); backends must keep them longer"},
	{Software: "gcp-lb", Setting: PoolReuse, Key: "backend keepalive", Bool: true,
		Source: "https://cloud.google.com/load-balancing/docs/https#timeouts_and_retries"},
	{Software: "gcp-lb", Setting: PoolRequest, Key: "timeout_sec", Dur: secs(30),
		Source: "https://cloud.google.com/load-balancing/docs/backend-service#timeout-setting"},
	{Software: "azure-lb", Setting: ListenerIdle, Key: "idle_timeout_in_minutes", Dur: secs(240),
		Source: "https://learn.microsoft.com/azure/load-balancer/load-balancer-tcp-idle-timeout",
		Note:   "Azure Load Balancer drops idle flows silently after 4 minutes by default"},
	{Software: "azure-appgw", Setting: PoolRequest, Key: "request_timeout", Dur: secs(30),
		Source: "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/application_gateway"},
	{Software: "aws-apigateway", Setting: PoolRequest, Key: "timeoutInMillis", Dur: ms(29000),
		Source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html",
		Note:   "API Gateway REST integrations time out after 29000 ms by default (50-29000)"},
	{Software: "aws-apigateway-http", Setting: PoolRequest, Key: "timeoutInMillis", Dur: ms(30000),
		Source: "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html",
		Note:   "API Gateway HTTP API integrations time out after 30000 ms by default"},
	{Software: "gcp-api-gateway", Setting: PoolRequest, Key: "deadline", Dur: secs(15),
		Source: "https://cloud.google.com/endpoints/docs/openapi/openapi-extensions#deadline",
		Note:   "x-google-backend waits 15s for the backend by default"},
	{Software: "istio", Setting: PoolIdle, Key: "connectionPool.http.idleTimeout", Dur: secs(3600),
		Source: "https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings",
		Note:   "Istio sidecars keep idle upstream connections 1h unless a DestinationRule sets idleTimeout"},
	{Software: "istio", Setting: PoolReuse, Key: "connectionPool", Bool: true,
		Source: "https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings"},
	{Software: "istio", Setting: PoolConnect, Key: "connectionPool.tcp.connectTimeout", Dur: secs(10),
		Source: "https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings"},
	{Software: "istio", Setting: PoolRequest, Key: "timeout", Dur: NoTimeout,
		Source: "https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute",
		Note:   "an Istio VirtualService route has no timeout unless it sets one"},
	{Software: "istio", Setting: PoolRetryOnTimeout, Key: "retries.retryOn", Bool: false,
		Source: "https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry",
		Note:   "Istio retries on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes unless retryOn is set: not a try that ran out of time"},
	{Software: "istio", Setting: TCPProxyIdle, Key: "connectionPool.tcp.idleTimeout", Dur: secs(3600),
		Source: "https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings"},
	{Software: "ingress-nginx", Setting: ListenerIdle, Key: "keep-alive", Dur: secs(75),
		Source: "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/"},
	{Software: "ingress-nginx", Setting: ListenerRequest, Key: "client-header-timeout", Dur: secs(60),
		Source: "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/"},
	{Software: "ingress-nginx", Setting: PoolIdle, Key: "upstream-keepalive-timeout", Dur: secs(60),
		Source: "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/"},
	{Software: "ingress-nginx", Setting: PoolReuse, Key: "upstream-keepalive-connections", Bool: true,
		Source: "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/",
		Note:   "ingress-nginx keeps 320 idle upstream connections per worker by default"},
	{Software: "ingress-nginx", Setting: PoolRequest, Key: "proxy-read-timeout", Dur: secs(60),
		Source: "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/"},
	{Software: "ingress-nginx", Setting: PoolConnect, Key: "proxy-connect-timeout", Dur: secs(5),
		Source: "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/"},
	{Software: "ingress-nginx", Setting: PoolRetryOnTimeout, Key: "proxy-next-upstream", Bool: true,
		Source: "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/#proxy-next-upstream",
		Note:   "proxy-next-upstream error timeout: a try that fails or times out before the response header goes to the next endpoint"},

	{Software: "node", Setting: ListenerIdle, Key: "http.Server keepAliveTimeout", Dur: ms(5000),
		Source: "https://nodejs.org/api/http.html#serverkeepalivetimeout"},
	{Software: "node", Setting: ListenerRequest, Key: "http.Server headersTimeout", Dur: ms(60000), Since: "18.14",
		Source: "https://nodejs.org/api/http.html#serverheaderstimeout"},
	{Software: "node", Setting: PoolIdle, Key: "http.globalAgent timeout", Dur: ms(5000), Since: "19",
		Source: "https://nodejs.org/api/http.html#httpglobalagent",
		Note:   "since Node.js 19 the global agent keeps connections alive and closes idle ones after 5s"},
	{Software: "node", Setting: PoolReuse, Key: "http.globalAgent keepAlive", Bool: true, Since: "19",
		Source: "https://github.com/nodejs/node/pull/43522"},
	{Software: "node", Setting: PoolReuse, Key: "http.globalAgent keepAlive", Bool: false, Until: "19",
		Source: "https://nodejs.org/api/http.html#new-agentoptions",
		Note:   "before Node.js 19 the global agent does not keep connections alive"},
	{Software: "go-net-http", Setting: ListenerIdle, Key: "Server.IdleTimeout", Dur: NoTimeout,
		Source: "https://pkg.go.dev/net/http#Server",
		Note:   "a zero IdleTimeout falls back to ReadTimeout; both zero means no timeout"},
	{Software: "go-net-http", Setting: PoolIdle, Key: "Transport.IdleConnTimeout", Dur: secs(90),
		Source: "https://pkg.go.dev/net/http#Transport",
		Note:   "http.DefaultTransport closes idle connections after 90s; a zero-value Transport never does"},
	{Software: "go-net-http", Setting: PoolReuse, Key: "Transport", Bool: true, Source: "https://pkg.go.dev/net/http#Transport"},
	{Software: "gunicorn", Setting: ListenerIdle, Key: "keepalive", Dur: secs(2),
		Source: "https://docs.gunicorn.org/en/stable/settings.html#keepalive",
		Note:   "applies to gthread and async workers; the default sync worker closes after each response"},
	{Software: "uvicorn", Setting: ListenerIdle, Key: "timeout_keep_alive", Dur: secs(5),
		Source: "https://www.uvicorn.org/settings/#timeouts"},
	{Software: "hypercorn", Setting: ListenerIdle, Key: "keep_alive_timeout", Dur: secs(5),
		Source: "https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html"},
	{Software: "apache-httpd", Setting: ListenerIdle, Key: "KeepAliveTimeout", Dur: secs(5),
		Source: "https://httpd.apache.org/docs/2.4/mod/core.html#keepalivetimeout"},
	{Software: "apache-httpd", Setting: ListenerRequest, Key: "TimeOut", Dur: secs(60),
		Source: "https://httpd.apache.org/docs/2.4/mod/core.html#timeout"},
	{Software: "apache-httpd", Setting: PoolIdle, Key: "ttl", Dur: NoTimeout,
		Source: "https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#proxypass",
		Note:   "mod_proxy keeps a pooled backend connection until the backend closes it unless the worker sets ttl"},
	{Software: "apache-httpd", Setting: PoolReuse, Key: "enablereuse", Bool: true,
		Source: "https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#proxypass",
		Note:   "mod_proxy reuses pooled backend connections unless the worker sets disablereuse=On"},
	{Software: "apache-httpd", Setting: PoolRequest, Key: "ProxyTimeout", Dur: secs(60),
		Source: "https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#proxytimeout",
		Note:   "a worker's timeout defaults to ProxyTimeout, which defaults to Timeout, 60s"},
	{Software: "traefik", Setting: ListenerIdle, Key: "transport.respondingTimeouts.idleTimeout", Dur: secs(180),
		Source: "https://doc.traefik.io/traefik/routing/entrypoints/#respondingtimeouts"},
	{Software: "traefik", Setting: ListenerRequest, Key: "transport.respondingTimeouts.readTimeout", Dur: secs(60), Since: "2.11.2",
		Source: "https://github.com/traefik/traefik/pull/10602",
		Note:   "Traefik's entry points give up reading a request after 60s since 2.11.2"},
	{Software: "traefik", Setting: ListenerRequest, Key: "transport.respondingTimeouts.readTimeout", Dur: NoTimeout, Until: "2.11.2",
		Source: "https://doc.traefik.io/traefik/v2.10/routing/entrypoints/#respondingtimeouts",
		Note:   "before Traefik 2.11.2 an entry point has no read timeout unless one is set"},
	{Software: "traefik", Setting: PoolIdle, Key: "forwardingTimeouts.idleConnTimeout", Dur: secs(90),
		Source: "https://github.com/traefik/traefik/blob/master/pkg/config/dynamic/http_config.go",
		Note:   "Traefik closes idle connections to servers after 90s unless a serversTransport sets idleConnTimeout"},
	{Software: "traefik", Setting: PoolReuse, Key: "maxIdleConnsPerHost", Bool: true,
		Source: "https://doc.traefik.io/traefik/routing/services/#serverstransport",
		Note:   "Traefik keeps up to 200 idle connections per server for reuse by default"},
	{Software: "traefik", Setting: PoolRequest, Key: "forwardingTimeouts.responseHeaderTimeout", Dur: NoTimeout,
		Source: "https://github.com/traefik/traefik/blob/master/pkg/config/dynamic/http_config.go",
		Note:   "Traefik waits for response headers without limit unless responseHeaderTimeout is set"},
	{Software: "traefik", Setting: PoolConnect, Key: "forwardingTimeouts.dialTimeout", Dur: secs(30),
		Source: "https://github.com/traefik/traefik/blob/master/pkg/config/dynamic/http_config.go"},
	{Software: "caddy", Setting: ListenerIdle, Key: "timeouts idle", Dur: secs(300),
		Source: "https://caddyserver.com/docs/modules/http#servers/idle_timeout",
		Note:   "Caddy closes idle client connections after 5m unless the server's idle timeout is set"},
	{Software: "caddy", Setting: PoolIdle, Key: "transport http keepalive", Dur: secs(120),
		Source: "https://caddyserver.com/docs/caddyfile/directives/reverse_proxy#keepalive",
		Note:   "Caddy's reverse_proxy closes idle upstream connections after 2m unless keepalive is set"},
	{Software: "caddy", Setting: PoolReuse, Key: "transport http keepalive", Bool: true,
		Source: "https://caddyserver.com/docs/caddyfile/directives/reverse_proxy#keepalive"},
	{Software: "caddy", Setting: PoolRequest, Key: "transport http response_header_timeout", Dur: NoTimeout,
		Source: "https://caddyserver.com/docs/caddyfile/directives/reverse_proxy#response_header_timeout"},
	{Software: "caddy", Setting: PoolConnect, Key: "transport http dial_timeout", Dur: secs(3), Since: "2.5",
		Source: "https://github.com/caddyserver/caddy/pull/4436",
		Note:   "Caddy's reverse_proxy gives up connecting to an upstream after 3s since 2.5.0"},
	{Software: "tomcat", Setting: ListenerIdle, Key: "keepAliveTimeout", Dur: ms(60000),
		Source: "https://tomcat.apache.org/tomcat-10.1-doc/config/http.html",
		Note:   "Tomcat's keepAliveTimeout defaults to connectionTimeout, 60000ms (the shipped server.xml sets 20000)"},
	{Software: "tomcat", Setting: ListenerRequest, Key: "connectionTimeout", Dur: ms(60000),
		Source: "https://tomcat.apache.org/tomcat-10.1-doc/config/http.html"},
	{Software: "jetty", Setting: ListenerIdle, Key: "jetty.http.idleTimeout", Dur: ms(30000),
		Source: "https://github.com/jetty/jetty.project/blob/jetty-10.0.x/jetty-server/src/main/config/modules/http.mod"},
	{Software: "undertow", Setting: ListenerIdle, Key: "NO_REQUEST_TIMEOUT", Dur: ms(60000),
		Source: "https://github.com/undertow-io/undertow/blob/main/core/src/main/java/io/undertow/Undertow.java",
		Note:   "Undertow.builder() sets 60000ms; the raw option has no timeout"},
	{Software: "puma", Setting: ListenerIdle, Key: "persistent_timeout", Dur: secs(65), Since: "7",
		Source: "https://github.com/puma/puma/pull/3378"},
	{Software: "puma", Setting: ListenerIdle, Key: "persistent_timeout", Dur: secs(20), Until: "7",
		Source: "https://github.com/puma/puma/blob/master/History.md"},
	{Software: "reactor-netty", Setting: PoolIdle, Key: "ConnectionProvider maxIdleTime", Dur: NoTimeout,
		Source: "https://projectreactor.io/docs/netty/release/reference/http-client.html",
		Note:   "Reactor Netty's connection pool has no idle limit unless maxIdleTime is set"},
	{Software: "reactor-netty", Setting: ListenerIdle, Key: "HttpServer idleTimeout", Dur: NoTimeout,
		Source: "https://projectreactor.io/docs/netty/release/reference/http-server.html",
		Note:   "a Reactor Netty server has no idle timeout unless idleTimeout is set"},
	{Software: "reactor-netty", Setting: PoolConnect, Key: "CONNECT_TIMEOUT_MILLIS", Dur: ms(30000),
		Source: "https://projectreactor.io/docs/netty/release/reference/http-client.html"},
	{Software: "reactor-netty", Setting: PoolRequest, Key: "responseTimeout", Dur: NoTimeout,
		Source: "https://projectreactor.io/docs/netty/release/reference/http-client.html",
		Note:   "a Reactor Netty client waits for a response without limit unless responseTimeout is set"},
	{Software: "reactor-netty", Setting: PoolReuse, Key: "ConnectionProvider", Bool: true,
		Source: "https://projectreactor.io/docs/netty/release/reference/http-client.html"},
	{Software: "okhttp", Setting: PoolIdle, Key: "ConnectionPool keepAliveDuration", Dur: secs(300),
		Source: "https://square.github.io/okhttp/5.x/okhttp/okhttp3/-connection-pool/index.html"},
	{Software: "okhttp", Setting: PoolReuse, Key: "ConnectionPool", Bool: true,
		Source: "https://square.github.io/okhttp/5.x/okhttp/okhttp3/-connection-pool/index.html"},
	{Software: "apache-httpclient", Setting: PoolIdle, Key: "DefaultConnectionKeepAliveStrategy", Dur: NoTimeout, Until: "5",
		Source: "https://hc.apache.org/httpcomponents-client-4.5.x/current/tutorial/html/connmgmt.html",
		Note:   "HttpClient 4 keeps a connection without a Keep-Alive: timeout header indefinitely; idle eviction is off by default"},
	{Software: "apache-httpclient", Setting: PoolIdle, Key: "RequestConfig.connectionKeepAlive", Dur: secs(180), Since: "5",
		Source: "https://issues.apache.org/jira/browse/HTTPCLIENT-2109"},
	{Software: "apache-httpclient", Setting: PoolReuse, Key: "PoolingHttpClientConnectionManager", Bool: true,
		Source: "https://hc.apache.org/httpcomponents-client-4.5.x/current/tutorial/html/connmgmt.html"},
	{Software: "java-httpclient", Setting: PoolIdle, Key: "jdk.httpclient.keepalive.timeout", Dur: secs(30), Since: "20",
		Source: "https://bugs.openjdk.org/browse/JDK-8297030"},
	{Software: "java-httpclient", Setting: PoolIdle, Key: "jdk.httpclient.keepalive.timeout", Dur: secs(1200), Until: "20",
		Source: "https://github.com/openjdk/jdk/pull/11285",
		Note:   "JDK 11-19 keep idle client connections 1200s"},
	{Software: "java-httpclient", Setting: PoolReuse, Key: "HttpClient", Bool: true, Source: "https://bugs.openjdk.org/browse/JDK-8297030"},
	{Software: "dotnet-httpclient", Setting: PoolIdle, Key: "SocketsHttpHandler.PooledConnectionIdleTimeout", Dur: secs(60), Since: "6",
		Source: "https://learn.microsoft.com/dotnet/api/system.net.http.socketshttphandler.pooledconnectionidletimeout"},
	{Software: "dotnet-httpclient", Setting: PoolIdle, Key: "SocketsHttpHandler.PooledConnectionIdleTimeout", Dur: secs(120), Until: "6",
		Source: "https://learn.microsoft.com/dotnet/api/system.net.http.socketshttphandler.pooledconnectionidletimeout"},
	{Software: "dotnet-httpclient", Setting: PoolReuse, Key: "SocketsHttpHandler", Bool: true,
		Source: "https://learn.microsoft.com/dotnet/api/system.net.http.socketshttphandler.pooledconnectionidletimeout"},
	{Software: "python-requests", Setting: PoolIdle, Key: "urllib3 pool", Dur: NoTimeout,
		Source: "https://github.com/urllib3/urllib3/issues/2498",
		Note:   "urllib3 (under requests) has no idle limit; a stale connection is found only when it is reused"},
	{Software: "python-requests", Setting: PoolReuse, Key: "Session", Bool: true, Source: "https://github.com/urllib3/urllib3/issues/2498"},
	{Software: "aiohttp", Setting: PoolIdle, Key: "TCPConnector keepalive_timeout", Dur: secs(15),
		Source: "https://docs.aiohttp.org/en/stable/client_reference.html#tcpconnector"},
	{Software: "aiohttp", Setting: PoolReuse, Key: "TCPConnector", Bool: true,
		Source: "https://docs.aiohttp.org/en/stable/client_reference.html#tcpconnector"},
	{Software: "hikaricp", Setting: PoolIdle, Key: "idleTimeout", Dur: ms(600000),
		Source: "https://github.com/brettwooldridge/HikariCP#frequently-used",
		Note:   "HikariCP retires idle connections after 10 minutes, only while the pool holds more than minimumIdle"},
	{Software: "hikaricp", Setting: PoolLifetime, Key: "maxLifetime", Dur: ms(1800000),
		Source: "https://github.com/brettwooldridge/HikariCP#frequently-used",
		Note:   "HikariCP retires a connection after 30 minutes; set it several seconds below any limit the database or network imposes"},
	{Software: "hikaricp", Setting: PoolReuse, Key: "pool", Bool: true, Source: "https://github.com/brettwooldridge/HikariCP#frequently-used"},
	{Software: "mysql", Setting: ListenerIdle, Key: "wait_timeout", Dur: secs(28800),
		Source: "https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_wait_timeout"},
	{Software: "pgbouncer", Setting: ListenerIdle, Key: "client_idle_timeout", Dur: NoTimeout,
		Source: "https://www.pgbouncer.org/config.html"},
	{Software: "pgbouncer", Setting: PoolIdle, Key: "server_idle_timeout", Dur: secs(600),
		Source: "https://www.pgbouncer.org/config.html"},
	{Software: "pgbouncer", Setting: PoolReuse, Key: "pool_mode", Bool: true, Source: "https://www.pgbouncer.org/config.html"},

	{Software: "linux", Setting: TCPKeepalive, Key: "net.ipv4.tcp_keepalive_time", Dur: secs(7200),
		Source: "https://docs.kernel.org/networking/ip-sysctl.html"},
	{Software: "linux", Setting: TCPTimestamps, Key: "net.ipv4.tcp_timestamps", Bool: true,
		Source: "https://docs.kernel.org/networking/ip-sysctl.html"},
}

// bareUnits is how each software reads a timeout written as a number without unit.
var bareUnits = map[string]time.Duration{
	"nginx": time.Second, "haproxy": time.Millisecond, "aws-alb": time.Second, "aws-nlb": time.Second,
	"aws-elb": time.Second, "gcp-lb": time.Second, "azure-lb": time.Minute, "azure-appgw": time.Second,
	"ingress-nginx": time.Second, "node": time.Millisecond, "gunicorn": time.Second, "uvicorn": time.Second, "hypercorn": time.Second,
	"apache-httpd": time.Second, "tomcat": time.Millisecond, "jetty": time.Millisecond, "undertow": time.Millisecond,
	"puma": time.Second, "java-httpclient": time.Second, "aiohttp": time.Second, "hikaricp": time.Millisecond,
	"mysql": time.Second, "pgbouncer": time.Second, "linux": time.Second, "go-net-http": time.Nanosecond,
	"aws-apigateway": time.Millisecond, "aws-apigateway-http": time.Millisecond, "gcp-api-gateway": time.Second,
	"traefik": time.Second, "caddy": time.Nanosecond,
}

// BareUnit is how a software reads a timeout written as a bare number (0 when it has no
// such notation, as Envoy's "15s" durations or Java's Duration objects).
func BareUnit(software string) time.Duration { return bareUnits[software] }

// LookupDefault finds the default of a setting for a software version ("" = newest).
func LookupDefault(software, version, setting string) (DefaultEntry, bool) {
	if i := lookup(software, version, setting); i >= 0 {
		return catalogue[i], true
	}
	return DefaultEntry{}, false
}

// catalogueIndex finds entries by software and setting, and holds each entry's note, so
// that parsers asking for a default per pool neither scan the catalogue nor build the same
// string again. Built on first use, not at start-up.
var catalogueIndex = sync.OnceValue(func() (ix struct {
	entries   map[[2]string][]int
	durNotes  []string
	boolNotes []string
}) {
	ix.entries = map[[2]string][]int{}
	for i, e := range catalogue {
		k := [2]string{e.Software, e.Setting}
		ix.entries[k] = append(ix.entries[k], i)
		ix.durNotes = append(ix.durNotes, e.describe(e.Dur.String()))
		ix.boolNotes = append(ix.boolNotes, e.describe(""))
	}
	return ix
})

// lookup returns the index in the catalogue of the default LookupDefault finds, or -1.
func lookup(software, version, setting string) int {
	for _, i := range catalogueIndex().entries[[2]string{software, setting}] {
		e := catalogue[i]
		if (e.Since == "" || CompareVersions(version, e.Since) >= 0) && (e.Until == "" || CompareVersions(version, e.Until) < 0) {
			return i
		}
	}
	return -1
}

// Defaults returns the whole catalogue, for `tolint defaults` and tests.
func Defaults() []DefaultEntry { return catalogue }

// DefaultDuration returns the default as a setting whose Pos is the block relying on it.
// The Note reads "nginx keepalive_timeout default 75s (source)".
func DefaultDuration(software, version, setting string, at Pos) (DurationSetting, bool) {
	i := lookup(software, version, setting)
	if i < 0 {
		return DurationSetting{}, false
	}
	e := &catalogue[i]
	return DurationSetting{Value: e.Dur, Origin: Default, Pos: at, Key: e.Key, Note: catalogueIndex().durNotes[i], Fixed: e.Fixed}, true
}

// DefaultBool is DefaultDuration for switches.
func DefaultBool(software, version, setting string, at Pos) (Setting[bool], bool) {
	i := lookup(software, version, setting)
	if i < 0 {
		return Setting[bool]{}, false
	}
	e := &catalogue[i]
	return Setting[bool]{Value: e.Bool, Origin: Default, Pos: at, Key: e.Key, Note: catalogueIndex().boolNotes[i]}, true
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
