// Package apache reads Apache httpd configuration (httpd.conf, apache2.conf and the files
// they include) into one proxy hop per main file.
//
// Listeners: every <VirtualHost> is a listener on its addresses (a "*:80" or "_default_"
// address is a wildcard one), answering to its ServerName and ServerAliases; a configuration
// without virtual hosts is one listener on its Listen addresses. KeepAlive Off turns
// keep-alive off (idle 0: the server closes after each response); KeepAliveTimeout (seconds,
// or "ms") is the idle timeout; Timeout the request timeout. Server-wide values are inherited
// by virtual hosts that do not set their own.
//
// Pools: every worker mod_proxy opens connections with (a ProxyPass or ProxyPassMatch URL,
// or a BalancerMember of a <Proxy balancer://NAME> section, all members of one balancer
// being one pool) with the worker parameters ttl (how long an idle pooled connection is
// kept; without it mod_proxy keeps it until the backend closes it), timeout (else
// ProxyTimeout, else Timeout), connectiontimeout (else the timeout), keepalive (TCP
// keepalive probes at the host's tcp_keepalive_time) and disablereuse/enablereuse, with
// ProxySet's parameters over ProxyPass's; SetEnv proxy-nokeepalive turns reuse off.
// ProxyPass routes the virtual host it is written in (or, written in the main server, every
// listener) to its pool.
//
// Include and IncludeOptional follow the confinement rules of parsers/internal/include:
// relative to the main file's directory, absolute paths by their trailing components inside
// the scan; a missing Include is a not-inspected finding, a missing IncludeOptional nothing.
// <IfModule>, <IfDefine>, <IfVersion>, <Directory>, <Location> and the like are read as if
// their condition held, since a repository's configuration is usually written for the
// modules it loads.
package apache
