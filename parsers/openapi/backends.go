package openapi

import (
	"math"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
)

// awsHTTPSoftware names HTTP APIs (API Gateway v2) in the defaults catalogue; their
// integrations default to a longer timeout than REST APIs'.
const awsHTTPSoftware = "aws-apigateway-http"

// millis reads timeoutInMillis: an integer number of milliseconds.
var millis = graph.Syntax{Bare: time.Millisecond}

// poolKey tells pools apart: operations calling the same backend, through the same VPC
// link, with the same timeout share one pool.
type poolKey struct {
	ext, target, link string
	request           graph.Duration
}

// awsIntegration reads an operation's x-amazon-apigateway-integration. Only http and
// http_proxy integrations open connections to a host tolint can know; aws, aws_proxy
// (Lambda, other AWS services) and mock integrations are not pools.
func (s *spec) awsIntegration(op operation) {
	v := op.aws.value
	if r := s.get(v, "$ref"); r != nil {
		if v = s.ref(r, "integration"); v == nil {
			return
		}
	}
	typ := strings.ToLower(str(s.get(v, "type")))
	uri := s.get(v, "uri")
	if typ != "http" && typ != "http_proxy" && (typ != "" || !strings.HasPrefix(str(uri)+s.sub(uri), "http")) {
		return
	}
	at := s.pos(op.aws.key)
	var req graph.DurationSetting
	if t := s.get(v, "timeoutInMillis"); t != nil {
		req = s.explicit(t, "timeoutInMillis", millis, time.Millisecond)
	} else if s.get(v, "payloadFormatVersion") != nil {
		// payloadFormatVersion is required in HTTP API integrations and unknown to REST APIs.
		req, _ = graph.DefaultDuration(awsHTTPSoftware, s.version, graph.PoolRequest, at)
	} else {
		req, _ = graph.DefaultDuration(awsSoftware, s.version, graph.PoolRequest, at)
	}
	link := ""
	if strings.EqualFold(str(s.get(v, "connectionType")), "VPC_LINK") {
		link = "VPC link"
		if id := str(s.get(v, "connectionId")); id != "" {
			link += " " + id
		}
	}
	if uri == nil {
		s.errorAt(at, "an http integration needs a uri, the backend it calls; this one is not checked")
		return
	}
	s.addPool(poolKey{ext: awsExt, link: link, request: req.Value}, "integration "+op.method+" "+op.path, op.aws.key, uri, req)
}

// googleBackend reads the x-google-backend that applies to an operation (its own, or the
// top-level one).
func (s *spec) googleBackend(op operation, e entry) {
	v := e.value
	at := s.pos(e.key)
	s.oneOf(s.get(v, "protocol"), "protocol", "http/1.1", "h2")
	s.oneOf(s.get(v, "path_translation"), "path_translation", "APPEND_PATH_TO_ADDRESS", "CONSTANT_ADDRESS")
	var req graph.DurationSetting
	if d := s.get(v, "deadline"); d != nil {
		req = s.seconds(d)
	} else {
		req, _ = graph.DefaultDuration(googleSoftware, s.version, graph.PoolRequest, at)
	}
	addr := s.get(v, "address")
	if addr == nil {
		s.errorAt(at, "x-google-backend needs an address, the backend it calls; this one is not checked")
		return
	}
	s.addPool(poolKey{ext: googleExt, request: req.Value}, "backend "+op.method+" "+op.path, e.key, addr, req)
}

// addPool adds the pool for a backend URL, or finds the one an earlier operation made.
func (s *spec) addPool(k poolKey, name string, key, uri *yaml.Node, req graph.DurationSetting) {
	target, ok := s.target(uri)
	k.target = target.Raw
	if ok {
		k.target = target.HostPort()
	}
	if _, seen := s.pools[k]; seen {
		return
	}
	// timeoutInMillis and deadline both bound the whole integration response.
	p := &graph.Pool{Hop: s.hopRef, Name: name, Pos: s.pos(key), Request: req, RequestKind: graph.WholeResponse}
	if k.link != "" {
		// The connection goes to the network load balancer behind the VPC link, not to
		// the uri's host (which only names the Host header and TLS name): the pool has no
		// target, and the user links this hop to that load balancer in tolint.yaml.
		p.Name += " via " + k.link
	}
	if ok && k.link == "" {
		p.Targets = []graph.Address{target}
	}
	s.pools[k] = p
	s.hopRef.Pools = append(s.hopRef.Pools, p)
	s.hopRef.Routes = append(s.hopRef.Routes, &graph.Route{From: s.listener, To: p, Pos: s.pos(uri)})
}

// target reads a backend URL. A host made of stage variables (${stageVariables.host}) or a
// CloudFormation function (Fn::Sub, !Sub with ${...}) is known only at deployment: the
// pool then has no target, and ok is false. Text that is no URL at all is most often a
// template's placeholder ("CLOUD_FUNCTION_URL"): it is reported as not inspected.
func (s *spec) target(uri *yaml.Node) (graph.Address, bool) {
	if uri.Kind != yaml.ScalarNode {
		return graph.Address{Raw: s.sub(uri)}, false
	}
	raw := str(uri)
	authority := raw
	if i := strings.Index(raw, "://"); i >= 0 {
		authority = raw[i+3:]
		if j := strings.IndexAny(authority, "/?#"); j >= 0 {
			authority = authority[:j]
		}
	}
	if strings.Contains(authority, "${") {
		return graph.Address{Raw: authority}, false
	}
	if !strings.Contains(raw, "://") {
		s.notInspected(s.pos(uri), "backend URL "+strconv.Quote(raw)+" is no URL (a template placeholder?); this backend is not checked")
		return graph.Address{Raw: raw}, false
	}
	a, err := graph.ParseAddress(raw, 0)
	if err != nil || a.Host == "" {
		msg := "has no host"
		if err != nil {
			msg = err.Error()
		}
		s.errorAt(s.pos(uri), "backend URL "+strconv.Quote(raw)+": "+msg+"; this backend is not checked")
		return graph.Address{Raw: raw}, false
	}
	a.Pos = s.pos(uri)
	return a, true
}

// explicit reads a timeout written as a bare number in unit.
func (s *spec) explicit(n *yaml.Node, key string, syn graph.Syntax, unit time.Duration) graph.DurationSetting {
	text := str(n)
	d, err := syn.ParseDuration(strings.TrimSpace(text))
	if n.Kind != yaml.ScalarNode || err != nil {
		s.errorAt(s.pos(n), key+" "+strconv.Quote(text)+" is not a whole number of "+graph.UnitName(unit)+"; the timeout is not known")
		return graph.DurationSetting{}
	}
	return graph.DurationSetting{Value: graph.Dur(d), Origin: graph.Explicit, Pos: s.pos(n), Key: key, Raw: text, BareUnit: unit, OnlyBare: true}
}

// seconds reads x-google-backend's deadline: seconds as a decimal number ("30.0").
func (s *spec) seconds(n *yaml.Node) graph.DurationSetting {
	text := str(n)
	f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if n.Kind != yaml.ScalarNode || err != nil || math.IsNaN(f) || f <= 0 || f > float64(math.MaxInt64)/float64(time.Second) {
		s.errorAt(s.pos(n), "deadline "+strconv.Quote(text)+" is not a positive number of seconds; the timeout is not known")
		return graph.DurationSetting{}
	}
	return graph.DurationSetting{Value: graph.Dur(time.Duration(f * float64(time.Second))), Origin: graph.Explicit,
		Pos: s.pos(n), Key: "deadline", Raw: text, BareUnit: time.Second, OnlyBare: true}
}

// oneOf reports a value outside the ones the gateway accepts.
func (s *spec) oneOf(n *yaml.Node, key string, allowed ...string) {
	if n == nil {
		return
	}
	for _, a := range allowed {
		if str(n) == a {
			return
		}
	}
	s.errorAt(s.pos(n), "x-google-backend "+key+" "+strconv.Quote(str(n))+" is not one of "+strings.Join(allowed, ", "))
}

// sub returns the template of a CloudFormation Fn::Sub (as SAM templates write backend URLs
// inline: {"Fn::Sub": "https://${Api}.execute-api..."}), or "" for anything else. Its host
// is known only at deployment; the text keeps different templates apart.
func (s *spec) sub(n *yaml.Node) string {
	v := s.get(n, "Fn::Sub")
	if v != nil && v.Kind == yaml.SequenceNode && len(v.Content) > 0 {
		v = s.aliases.Resolve(v.Content[0])
	}
	return str(v)
}
