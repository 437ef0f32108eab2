// Package traefik reads Traefik's configuration into proxy hops: the static configuration
// (traefik.yml, traefik.toml, or command-line flags, such as the Helm chart's
// additionalArguments) and the dynamic configuration (files of the file provider, and the
// Kubernetes CRDs IngressRoute and ServersTransport).
//
// Static: every entry point is a listener on its address, with
// transport.respondingTimeouts.idleTimeout as its idle timeout (default 180s) and readTimeout
// as its request timeout (60s since 2.11.2, none before); writeTimeout is checked only. A
// serversTransport there is the default transport of every service.
//
// Dynamic: every http service's loadBalancer is a pool of its servers' URLs; the
// serversTransport it names (or the default one) gives forwardingTimeouts idleConnTimeout
// (the pool's idle timeout, default 90s), responseHeaderTimeout (request, no default) and
// dialTimeout (connect, 30s); a negative maxIdleConnsPerHost turns reuse off. Routers route their entry points (all of them when they name
// none) to their service, and the hosts of their Host() rules name those listeners. An
// IngressRoute's services are pools of the Services' cluster names (svc.namespace) on their
// ports, with the ServersTransport CRD they name.
//
// Files of one tree are read together: dynamic files and CRDs join the static configuration
// whose providers.file filename or directory holds them, or the only static configuration of
// the tree; without one, each dynamic file is a hop, and all CRDs are one.
//
// Keys are matched without regard to case, as Traefik does. Durations are Go durations or a
// number of seconds. TOML is read by a small reader in this package (see readTOML for the
// subset), since no TOML library is a dependency.
package traefik
