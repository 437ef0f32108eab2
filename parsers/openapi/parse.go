package openapi

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// The gateway extensions this package reads, and API Gateway's method key for any method.
const (
	awsExt       = "x-amazon-apigateway-integration"
	googleExt    = "x-google-backend"
	awsAnyMethod = "x-amazon-apigateway-any-method"
)

// Software names of the hops, as the defaults catalogue knows them.
const (
	awsSoftware    = "aws-apigateway"
	googleSoftware = "gcp-api-gateway"
)

// methods are the operation keys of a path item.
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace", awsAnyMethod}

// Parse reads the spec rel into at most one proxy hop with the id rel (see the package
// doc). Problems become diagnostics; Parse never fails.
func Parse(t *input.Tree, rel string, opts input.Options) *graph.Fragment {
	data, err := t.ReadFile(rel)
	if err != nil {
		return &graph.Fragment{Files: []string{rel}, Diags: []graph.Diagnostic{{Kind: graph.ParseError,
			Pos: graph.Pos{File: t.Display(rel)}, Message: "cannot read OpenAPI spec: " + err.Error()}}}
	}
	return parse(data, rel, t.Display(rel), opts)
}

// parse is Parse on bytes already read; display is the file name printed to users.
func parse(data []byte, rel, display string, opts input.Options) *graph.Fragment {
	f := newFile(display, data)
	frag := &graph.Fragment{Files: []string{rel}}
	if root := f.document(); root != nil {
		if root.Kind != yaml.MappingNode {
			f.errorAt(f.pos(root), "an OpenAPI spec is a mapping of keys (openapi, paths ...) at the top level")
		} else if h := newSpec(f, root, opts.Version).hop(rel); h != nil {
			frag.Hops = []*graph.Hop{h}
		}
	}
	slices.SortStableFunc(f.diags, func(x, y graph.Diagnostic) int { return x.Pos.Compare(y.Pos) })
	frag.Diags = f.diags
	return frag
}

// operation is one method of one path, with the gateway extensions that apply to it.
type operation struct {
	method, path string
	aws, google  entry
}

// spec is a spec's walk: its operations first, because the hop's software is the gateway
// extension written first.
type spec struct {
	*file
	root    *yaml.Node
	version string
	ops     []operation
	// topGoogle is a top-level x-google-backend: it applies to every operation without one.
	topGoogle entry
	hopRef    *graph.Hop
	listener  *graph.Listener
	pools     map[poolKey]*graph.Pool
}

func newSpec(f *file, root *yaml.Node, version string) *spec {
	s := &spec{file: f, root: root, version: version, topGoogle: f.entry(root, googleExt), pools: map[poolKey]*graph.Pool{}}
	for _, p := range f.entries(f.get(root, "paths")) {
		item := p.value
		if r := f.get(item, "$ref"); r != nil {
			item = s.ref(r, "path item")
		}
		for _, m := range f.entries(item) {
			if !slices.Contains(methods, m.key.Value) {
				continue
			}
			method := strings.ToUpper(m.key.Value)
			if m.key.Value == awsAnyMethod {
				method = "ANY"
			}
			s.ops = append(s.ops, operation{method: method, path: p.key.Value,
				aws: f.entry(m.value, awsExt), google: f.entry(m.value, googleExt)})
		}
	}
	return s
}

// ref resolves a local $ref; a reference to another file is not read (NotInspected).
func (s *spec) ref(n *yaml.Node, what string) *yaml.Node {
	target, ok := s.pointer(s.root, str(n))
	switch {
	case ok:
		return target
	case strings.HasPrefix(str(n), "#"):
		s.errorAt(s.pos(n), "$ref "+str(n)+" names nothing in this spec; the "+what+" is not read")
	default:
		s.notInspected(s.pos(n), "$ref "+str(n)+" points into another file, which is not read; the "+what+" is not checked")
	}
	return nil
}

// software is the extension written first: the hop is that vendor's gateway.
func (s *spec) software() (string, *yaml.Node) {
	var first *yaml.Node
	sw := ""
	consider := func(e entry, name string) {
		if e.key != nil && (first == nil || e.key.Line < first.Line || e.key.Line == first.Line && e.key.Column < first.Column) {
			first, sw = e.key, name
		}
	}
	consider(s.topGoogle, googleSoftware)
	for _, op := range s.ops {
		consider(op.aws, awsSoftware)
		consider(op.google, googleSoftware)
	}
	return sw, first
}

// hop builds the gateway hop, or nil when the spec uses no gateway extension.
func (s *spec) hop(rel string) *graph.Hop {
	sw, _ := s.software()
	if sw == "" {
		return nil
	}
	at := s.pos(s.root)
	for _, k := range []string{"openapi", "swagger"} {
		if e := s.entry(s.root, k); e.key != nil {
			at = s.pos(e.key)
			break
		}
	}
	h := &graph.Hop{ID: rel, Kind: graph.Proxy, Software: sw, Version: s.version, Pos: at, Files: []string{rel}}
	s.hopRef = h
	s.listener = &graph.Listener{Hop: h, Name: "api", Pos: at}
	s.addresses()
	h.Listeners = []*graph.Listener{s.listener}
	for _, op := range s.ops {
		if op.aws.key != nil {
			s.awsIntegration(op)
		}
		switch {
		case op.google.key != nil:
			s.googleBackend(op, op.google)
		case s.topGoogle.key != nil:
			s.googleBackend(op, s.topGoogle)
		}
	}
	if len(s.ops) == 0 && s.topGoogle.key != nil {
		s.googleBackend(operation{method: "ANY", path: "/"}, s.topGoogle)
	}
	return h
}
