package graph

// Kind is what a hop does with a TCP connection.
type Kind string

// Hop kinds. An l4 hop passes the TCP connection through (NLB, NAT, kube-proxy); its idle
// timer applies to the opener in front of it.
const (
	Client Kind = "client"
	Proxy  Kind = "proxy"
	L4     Kind = "l4"
	Server Kind = "server"
)

// ValidKind reports whether k is one of the four kinds.
func ValidKind(k Kind) bool { return k == Client || k == Proxy || k == L4 || k == Server }

// Hop is one process or device on a request path.
type Hop struct {
	// ID is "<repo-relative path>" (one hop per file, e.g. an nginx), "<path>#<object>", or
	// the name given in the topology file.
	ID string
	// Names are further names the topology file gives this hop.
	Names    []string
	Kind     Kind
	Software string
	// Version of the software as named by the user; empty = newest stable.
	Version string
	// Pos is where the hop is defined: its main file, or its topology entry.
	Pos Pos
	// Files are every file the hop was read from (main file first, then includes).
	Files []string
	// Hosts are extra host names or IPs the hop answers to on every listener port.
	Hosts     []string
	Listeners []*Listener
	Pools     []*Pool
	Routes    []*Route
	TCP       TCP
	// Declared is set when a topology entry described or named this hop.
	Declared bool
	// Probe is the URL tolint verify measures this hop at (tolint.yaml probe:), ProbePos
	// where it was written.
	Probe    string
	ProbePos Pos

	rank int // place in Graph.Hops, set by Build
}

// Label is the name used in messages: the topology name if any, else the ID.
func (h *Hop) Label() string {
	if len(h.Names) > 0 {
		return h.Names[0]
	}
	return h.ID
}

// TCP holds a host's kernel TCP settings that matter on a connection.
type TCP struct {
	Timestamps Setting[bool]
	TWReuse    Setting[int]
	TWRecycle  Setting[bool]
	// KeepaliveTime is net.ipv4.tcp_keepalive_time: when TCP keepalive probes start on
	// sockets that enable SO_KEEPALIVE without their own time.
	KeepaliveTime DurationSetting
}

// Address is a host:port a listener accepts on or a pool connects to. An empty Host on a
// listener means every address of the hop (a wildcard listen).
type Address struct {
	Host string
	Port int
	Pos  Pos
	// Raw is the text as written ("api.internal", "http://10.0.0.5").
	Raw string
	// PortNote explains a port that was not written ("http:// default port 80").
	PortNote string
}

// Listener is where a hop accepts connections.
type Listener struct {
	Hop  *Hop
	Name string
	Pos  Pos
	// Addrs are the addresses it accepts on.
	Addrs []Address
	// Names are virtual host names it answers to on its ports (nginx server_name).
	Names []string
	// Idle is how long an idle connection is kept open (server keepalive, l4 flow idle).
	Idle DurationSetting
	// Request is how long it waits for a request (header) to arrive.
	Request DurationSetting
	// KeepAliveHeader is what it announces in "Keep-Alive: timeout=N", if anything.
	KeepAliveHeader DurationSetting
}

// WaitKind says what a response timeout measures. Both kinds bound the time to the first
// response byte, which is what the request-timeout rules compare; they differ after it.
type WaitKind int

const (
	// WaitUnknown means the source does not say (a value declared in the topology file).
	WaitUnknown WaitKind = iota
	// PerRead is an inactivity timer that restarts on every read: it bounds the time to the
	// first byte and every gap after it, never the whole response (nginx proxy_read_timeout,
	// HAProxy timeout server, a load balancer's idle timeout, Reactor Netty responseTimeout).
	PerRead
	// WholeResponse bounds the whole exchange from the request to the end of the response
	// (Envoy route timeout, API Gateway timeoutInMillis, GCP backend service timeout_sec).
	WholeResponse
)

func (k WaitKind) String() string {
	switch k {
	case PerRead:
		return "per read"
	case WholeResponse:
		return "whole response"
	default:
		return "unknown kind"
	}
}

// Pool is where a hop opens and reuses connections to other hops.
type Pool struct {
	Hop     *Hop
	Name    string
	Pos     Pos
	Targets []Address
	// Idle is how long an idle pooled connection is kept before the opener closes it.
	Idle DurationSetting
	// Reuse says whether idle connections are kept for reuse at all; Note says why.
	Reuse Setting[bool]
	// VersionNote is set when Reuse or Idle hold only for some versions of the software.
	VersionNote string
	// Request is how long the hop waits for the response from the next hop; RequestKind
	// says whether it restarts on every read or bounds the whole response.
	Request     DurationSetting
	RequestKind WaitKind
	// Retries is how many times a failed try is sent again, not counting the first try.
	Retries Setting[int]
	// RetryOnTimeout says whether a try that runs out of time is retried, so that retries
	// multiply the wait for the first response byte (Envoy retry_on 5xx, nginx
	// proxy_next_upstream timeout, HAProxy retry-on response-timeout). Its Pos and Key are
	// the retry conditions.
	RetryOnTimeout Setting[bool]
	// PerTry bounds one try when the format sets it apart from Request (Envoy
	// per_try_timeout, Istio perTryTimeout); unset means each try gets Request.
	PerTry Rare[Duration]
	// RetryWindow is a limit on when a new try may start, apart from Request (nginx
	// proxy_next_upstream_timeout); a try started within it still runs to its own timeout.
	RetryWindow Rare[Duration]
	// RetryNonIdempotent is set when retries may resend a request that changes state (nginx
	// proxy_next_upstream non_idempotent, Envoy retry_on reset on a route matching POST);
	// Note says why.
	RetryNonIdempotent Rare[bool]
	Connect            DurationSetting
	// TCPKeepalive is when TCP keepalive probes start on idle pooled connections; Unset
	// when the pool does not enable SO_KEEPALIVE.
	TCPKeepalive Rare[Duration]
}

// Route connects a listener of a hop to one of its pools.
type Route struct {
	From *Listener
	To   *Pool
	Pos  Pos
	// Hosts are the request host names the route is taken for (an Ingress rule's hosts);
	// empty means every request on the listener may take it.
	Hosts []string
}

// Link is a pool connecting to a listener of another hop.
type Link struct {
	From *Pool
	// Target is the pool target that matched (in From.Targets); nil for a declared link.
	Target *Address
	To     *Listener
	// Declared links come from the topology file's links (Pos is that line).
	Declared bool
	Pos      Pos
}

// DiagKind classifies a problem found while reading input.
type DiagKind int

const (
	// ParseError means a file could not be read or parsed (all or part of it).
	ParseError DiagKind = iota
	// NotInspected means an include or reference that is missing or outside the scan was skipped.
	NotInspected
)

// Diagnostic is a problem with the input itself, with its position.
type Diagnostic struct {
	Kind    DiagKind
	Pos     Pos
	Message string
}

// Fragment is what a parser returns for one configuration (a main file and its includes).
type Fragment struct {
	// Files lists every file read, main file first, repo-relative with forward slashes.
	Files []string
	Hops  []*Hop
	Diags []Diagnostic
}
