package kube

import (
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parallel"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// object is one Kubernetes object of a manifest.
type object struct {
	f          *file
	kind       string
	group      string // API group of apiVersion ("" for the core group)
	name, ns   string
	node       *yaml.Node
	pos        graph.Pos
	anns       *yaml.Node
	apiVersion string
}

// ann returns an annotation's value node.
func (o *object) ann(key string) *yaml.Node { return o.f.get(o.anns, key) }

// ref is "<ns>/<name>", the way messages and pool names name an object.
func (o *object) ref() string { return o.ns + "/" + o.name }

// id is the hop id of a hop defined by this object.
func (o *object) id(kind string) string { return o.f.rel + "#" + kind + "/" + o.ns + "/" + o.name }

// parser holds every object of the scanned manifests and the hops made from them.
type parser struct {
	files   []*file
	objects []*object
	frags   map[*file]*graph.Fragment
	ids     map[string]bool
}

// ParseFiles reads all Kubernetes manifests of a tree together, since objects refer to each
// other across files (a Service selects a Deployment, an Ingress routes to a Service, a
// DestinationRule names a Service host). It returns one fragment per file that defines hops
// or has problems; a hop whose settings come from other files lists them in its Files after
// its own (the fragment's Files name only the file itself).
func ParseFiles(t *input.Tree, rels []string, _ input.Options) []*graph.Fragment {
	files := make([]*file, 0, len(rels))
	for _, rel := range rels {
		data, err := t.ReadFile(rel)
		f := newFile(rel, t.Display(rel), data)
		if err != nil {
			f.src = yamlsrc.New(t.Display(rel), nil)
			f.errorAt(t.FilePos(rel), "cannot read the manifest: "+err.Error())
		}
		files = append(files, f)
	}
	return run(files)
}

// parse reads one file's content alone, as m.yaml (tests, fuzzing, benchmarks).
func parse(data []byte) []*graph.Fragment {
	return run([]*file{newFile("m.yaml", "m.yaml", data)})
}

// run reads the files' objects, builds the hops and returns the fragments in file order.
func run(files []*file) []*graph.Fragment {
	p := &parser{files: files, frags: map[*file]*graph.Fragment{}, ids: map[string]bool{}}
	// Decoding YAML is most of the work and touches only its own file: on every core. Each
	// file keeps the objects that hops are built from; the YAML of the others (Secrets,
	// RBAC, CustomResourceDefinitions with their schemas) is dropped as soon as the file is
	// read, where keeping every tree until the build took 1.5 GB for 1,500 CRDs of 85 KB.
	// A file that could not be read has a diagnostic already; one whose YAML breaks midway
	// keeps the documents before the error.
	objects := make([][]*object, len(files))
	parallel.Do(len(files), func(i int) {
		if f := files[i]; len(f.diags) == 0 {
			objects[i] = f.objects(f.documents())
		}
	})
	for _, objs := range objects {
		p.objects = append(p.objects, objs...)
	}
	p.build()
	var out []*graph.Fragment
	for _, f := range p.files {
		frag := p.frags[f]
		if frag == nil && len(f.diags) == 0 {
			continue
		}
		if frag == nil {
			frag = &graph.Fragment{Files: []string{f.rel}}
		}
		frag.Diags = sortedDiags(f.diags)
		out = append(out, frag)
	}
	return out
}

func sortedDiags(d []graph.Diagnostic) []graph.Diagnostic {
	slices.SortStableFunc(d, func(a, b graph.Diagnostic) int {
		if c := a.Pos.Compare(b.Pos); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	return slices.CompactFunc(d, func(a, b graph.Diagnostic) bool { return a.Pos == b.Pos && a.Message == b.Message })
}

// objects returns the objects of a file's documents (and of List objects' items) that
// hops are built from.
func (f *file) objects(docs []*yaml.Node) []*object {
	var out []*object
	for _, doc := range docs {
		n := f.resolve(doc)
		switch {
		case n == nil:
		case n.Kind == yaml.MappingNode:
			out = f.object(out, n, 0)
		case n.Kind == yaml.ScalarNode && n.Tag == "!!str" && strings.TrimSpace(n.Value) != "":
			f.errorAt(f.pos(n), "this YAML document is text, not a Kubernetes object")
		}
	}
	return out
}

// object appends the object n, or the items of a List, when hops are built from it.
func (f *file) object(out []*object, n *yaml.Node, depth int) []*object {
	o := &object{f: f, node: n, pos: f.pos(n)}
	o.kind = str(f.get(n, "kind"))
	o.apiVersion = str(f.get(n, "apiVersion"))
	if o.kind == "" || o.apiVersion == "" {
		return out
	}
	if strings.HasSuffix(o.kind, "List") && depth == 0 {
		for _, item := range f.items(f.get(n, "items")) {
			if item.Kind == yaml.MappingNode {
				out = f.object(out, item, depth+1)
			}
		}
		return out
	}
	if g, _, ok := strings.Cut(o.apiVersion, "/"); ok {
		o.group = g
	}
	meta := f.get(n, "metadata")
	o.name = str(f.get(meta, "name"))
	o.ns = str(f.get(meta, "namespace"))
	if o.ns == "" {
		o.ns = "default"
	}
	o.anns = f.get(meta, "annotations")
	if !built(o) {
		return out
	}
	return append(out, o)
}

// built reports whether hops are built from objects of o's kind (build reads no other).
func built(o *object) bool {
	switch {
	case o.kind == "Service" && o.group == "", isWorkload(o), isNginxConfigMap(o),
		o.kind == "IngressClass" && o.group == "networking.k8s.io",
		o.kind == "Ingress" && (o.group == "networking.k8s.io" || o.group == "extensions"),
		(o.kind == "DestinationRule" || o.kind == "VirtualService") && o.group == istioGroup,
		o.kind == "BackendConfig" && o.group == "cloud.google.com":
		return true
	}
	return false
}

// fragment returns the fragment of a file, creating it.
func (p *parser) fragment(f *file) *graph.Fragment {
	frag := p.frags[f]
	if frag == nil {
		frag = &graph.Fragment{Files: []string{f.rel}}
		p.frags[f] = frag
	}
	return frag
}

// addHop puts a hop into the fragment of the file that defines it. An object defined
// twice (a test suite's variants, a file applied twice) gets its line added to its id, so
// ids stay unique.
func (p *parser) addHop(f *file, h *graph.Hop) {
	if p.ids[h.ID] {
		h.ID += "@" + strconv.Itoa(h.Pos.Line)
	}
	p.ids[h.ID] = true
	frag := p.fragment(f)
	h.Files = []string{f.rel}
	frag.Hops = append(frag.Hops, h)
}

// uses records that hop h takes settings from file g. The file goes into the hop's Files
// only: a fragment's Files after the first are includes, whose own fragments the loader
// drops, and g defines hops of its own.
func uses(h *graph.Hop, g *file) {
	if !slices.Contains(h.Files, g.rel) {
		h.Files = append(h.Files, g.rel)
	}
}

// build turns the objects into hops.
func (p *parser) build() {
	m := p.index()
	p.workloads(m)
	p.loadBalancers(m)
	p.ingresses(m)
	p.mesh(m)
	for _, o := range p.objects {
		if o.kind == "BackendConfig" && o.group == "cloud.google.com" {
			// GKE's backend service timeout: checked, not modelled (the GCP load balancer's
			// hop comes from Terraform; a BackendConfig alone does not say which one).
			o.f.nodeDuration(o.f.path(o.node, "spec", "timeoutSec"), "timeoutSec", secondsSyntax)
		}
	}
}

// model is the index of objects the builders share.
type model struct {
	services  []*service
	byName    map[string]*service // "<ns>/<name>"
	workloads []*workload
}

// service is a Service with its ports.
type service struct {
	o        *object
	selector map[string]string
	ports    []svcPort
	// selected is set when a workload of the scan answers for it.
	selected bool
}

type svcPort struct {
	name       string
	port       int
	targetPort *yaml.Node
	pos        graph.Pos
}

// names are the DNS names a Service answers to inside the cluster.
func (s *service) names() []string {
	n, ns := strings.ToLower(s.o.name), strings.ToLower(s.o.ns)
	return []string{n, n + "." + ns, n + "." + ns + ".svc", n + "." + ns + ".svc.cluster.local"}
}

// addrs are the Service's names on each of its ports.
func (s *service) addrs() []graph.Address {
	var out []graph.Address
	for _, sp := range s.ports {
		for _, name := range s.names() {
			out = append(out, graph.Address{Host: name, Port: sp.port, Pos: sp.pos, Raw: name + ":" + strconv.Itoa(sp.port)})
		}
	}
	return out
}

// portByName resolves a Service port given by name or number.
func (s *service) portByName(n *yaml.Node) (int, bool) {
	if num, ok := port(n); ok {
		return num, true
	}
	name := str(n)
	for _, sp := range s.ports {
		if sp.name != "" && sp.name == name {
			return sp.port, true
		}
	}
	return 0, false
}

func (p *parser) index() *model {
	m := &model{byName: map[string]*service{}}
	for _, o := range p.objects {
		f := o.f
		switch {
		case o.kind == "Service" && o.group == "":
			s := &service{o: o, selector: map[string]string{}}
			spec := f.get(o.node, "spec")
			for _, e := range f.entries(f.get(spec, "selector")) {
				s.selector[e.key.Value] = str(e.value)
			}
			for _, pn := range f.items(f.get(spec, "ports")) {
				proto := str(f.get(pn, "protocol"))
				num, ok := port(f.get(pn, "port"))
				if !ok || proto != "" && proto != "TCP" {
					continue
				}
				s.ports = append(s.ports, svcPort{name: str(f.get(pn, "name")), port: num, targetPort: f.get(pn, "targetPort"), pos: f.pos(pn)})
			}
			m.services = append(m.services, s)
			m.byName[o.ref()] = s
		case isWorkload(o):
			m.workloads = append(m.workloads, p.workload(o))
		}
	}
	return m
}

// host finds the Service a DNS name names, seen from namespace ns: "svc", "svc.ns",
// "svc.ns.svc", "svc.ns.svc.cluster.local".
func (m *model) host(name, ns string) *service {
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	name = strings.TrimSuffix(name, ".svc.cluster.local")
	name = strings.TrimSuffix(name, ".svc")
	svc, inNS, ok := strings.Cut(name, ".")
	if ok {
		ns = inNS
	}
	if strings.Contains(ns, ".") {
		return nil
	}
	return m.byName[ns+"/"+svc]
}

// fqdn completes a short host the way cluster DNS does from namespace ns.
func fqdn(host, ns string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	switch strings.Count(host, ".") {
	case 0:
		return host + "." + ns + ".svc.cluster.local"
	case 1:
		return host + ".svc.cluster.local"
	}
	if strings.HasSuffix(host, ".svc") {
		return host + ".cluster.local"
	}
	return host
}
