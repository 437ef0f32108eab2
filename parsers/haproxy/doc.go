// Package haproxy reads HAProxy configuration files into one proxy hop: a listener for
// every frontend and listen section, a pool for every backend and listen section, and
// the routes default_backend and use_backend draw between them, with defaults sections
// (named ones and "from" included) inherited as HAProxy does.
//
// How long a pool keeps an idle server connection: HAProxy has no idle timer on
// server-side connections (src/mux_h1.c leaves an idle backend connection's task at
// TICK_ETERNITY, and timeout server applies only while a request is in progress).
// Idle connections are closed only by srv_cleanup_idle_conns (src/server.c), which runs
// every pool-purge-delay (default 5s; 0 keeps no idle connection) and closes about half
// of the idle connections beyond the number recently needed, with an RST. So an idle
// connection lives at least one pool-purge-delay and, under light traffic, two or three;
// the pool's idle time is modelled as that delay, its lower bound. A server whose
// keep-alive is shorter than it (3s behind the default 5s) closes connections HAProxy
// still holds, and the next request on one fails; a server that keeps connections for
// an hour never does.
package haproxy
