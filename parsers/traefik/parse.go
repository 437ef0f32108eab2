package traefik

import (
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/include"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// maxAliasNodes bounds what YAML aliases may expand to in one file.
const maxAliasNodes = 100000

// maxDocuments bounds the YAML documents read from one file.
const maxDocuments = 10000

// Source is the read access the parser needs; input.Tree provides it.
type Source interface {
	include.Source
	ReadFile(rel string) ([]byte, error)
	Display(rel string) string
}

// ParseFiles reads every Traefik file of a tree together: a static configuration is a hop,
// and the dynamic configuration files and CRDs join the hop whose file provider names them,
// or the only static configuration of the tree; without one, dynamic files are hops of
// their own and all CRDs one hop.
func ParseFiles(t *input.Tree, rels []string, opts input.Options) []*graph.Fragment {
	return parseFiles(t, rels, opts)
}

// file is one Traefik file read.
type file struct {
	rel     string
	static  *value
	dynamic *value
	crds    []*value
	diags   []graph.Diagnostic
}

func parseFiles(src Source, rels []string, opts input.Options) []*graph.Fragment {
	var statics, dynamics, crds []*file
	var out []*graph.Fragment
	for _, rel := range rels {
		f := readFile(src, rel)
		switch {
		case f.static != nil:
			statics = append(statics, f)
		case len(f.crds) > 0:
			crds = append(crds, f)
		case f.dynamic != nil:
			dynamics = append(dynamics, f)
		default:
			// Unreadable, or nothing Traefik reads: its problems still count.
			if len(f.diags) > 0 {
				out = append(out, &graph.Fragment{Files: []string{rel}, Diags: f.diags})
			}
		}
	}
	type group struct {
		main    *file
		members []*file
	}
	groups := make([]*group, len(statics))
	for i, s := range statics {
		groups[i] = &group{main: s}
	}
	var alone []*file
	for _, d := range dynamics {
		owner := -1
		for i, s := range statics {
			if provides(src, s, d.rel) {
				owner = i
				break
			}
		}
		if owner < 0 && len(statics) == 1 {
			owner = 0
		}
		if owner < 0 {
			alone = append(alone, d)
			continue
		}
		groups[owner].members = append(groups[owner].members, d)
	}
	if len(crds) > 0 {
		if len(statics) == 1 {
			groups[0].members = append(groups[0].members, crds...)
		} else {
			groups = append(groups, &group{main: crds[0], members: crds[1:]})
		}
	}
	for _, d := range alone {
		groups = append(groups, &group{main: d})
	}
	for _, g := range groups {
		out = append(out, build(src, g.main, g.members, opts))
	}
	return out
}

// provides reports whether static configuration s loads rel with its file provider
// (providers.file.filename or providers.file.directory), resolved inside the tree.
func provides(src Source, s *file, rel string) bool {
	fp := s.static.path("providers", "file")
	base := path.Dir(s.rel)
	if name, ok := fp.get("filename").str(); ok {
		if m, _ := include.Resolve(src, base, name); slices.Contains(m, rel) {
			return true
		}
	}
	if dir, ok := fp.get("directory").str(); ok {
		for _, ext := range []string{"*.yml", "*.yaml", "*.toml"} {
			if m, _ := include.Resolve(src, base, path.Join(dir, ext)); slices.Contains(m, rel) {
				return true
			}
		}
	}
	return false
}

// build makes the hop of a main file and the files that join it.
func build(src Source, main *file, members []*file, opts input.Options) *graph.Fragment {
	display := src.Display(main.rel)
	hop := &graph.Hop{ID: main.rel, Kind: graph.Proxy, Software: software, Version: opts.Version, Pos: graph.Pos{File: display, Line: 1, Col: 1}}
	b := newBuilder(hop)
	frag := &graph.Fragment{}
	for _, f := range append([]*file{main}, members...) {
		hop.Files = append(hop.Files, f.rel)
		b.diags = append(b.diags, f.diags...)
		if f.static != nil {
			b.static(f.static)
		}
	}
	for _, f := range append([]*file{main}, members...) {
		if f.dynamic != nil {
			b.dynamic(f.dynamic)
		}
		for _, c := range f.crds {
			b.crd(c)
		}
	}
	b.finish()
	frag.Files = hop.Files
	frag.Hops = []*graph.Hop{hop}
	frag.Diags = b.diags
	return frag
}

// readFile reads a file as TOML or YAML and sorts out what it holds.
func readFile(src Source, rel string) *file {
	f := &file{rel: rel}
	display := src.Display(rel)
	data, err := src.ReadFile(rel)
	if err != nil {
		f.diags = append(f.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: graph.Pos{File: display, Line: 1, Col: 1},
			Message: "cannot read Traefik configuration: " + err.Error()})
		return f
	}
	ys := yamlsrc.New(display, data)
	if strings.EqualFold(path.Ext(rel), ".toml") {
		root, diags := readTOML(ys)
		f.diags = diags
		f.classify(root)
		return f
	}
	errorAt := func(p graph.Pos, msg string) {
		f.diags = append(f.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: p, Message: msg})
	}
	docs := ys.Documents(maxDocuments, "a Traefik configuration", errorAt, func(err error) {
		line, msg := yamlsrc.ErrorLine(err)
		errorAt(ys.LinePos(line), "YAML syntax error: "+msg)
	})
	al := &yamlsrc.Aliases{Limit: maxAliasNodes, Exceeded: func(n *yaml.Node) {
		errorAt(at(ys, n), "YAML aliases here expand to too many nodes; the rest is not read")
	}}
	for _, d := range docs {
		v := fromYAML(d, ys, al, 0)
		if v == nil {
			continue
		}
		if api, _ := v.get("apiVersion").str(); api != "" {
			if isTraefikAPI(api) {
				f.crds = append(f.crds, v)
			}
			continue
		}
		f.classify(v)
	}
	return f
}

// classify keeps a document as static configuration (entry points, providers, a default
// serversTransport, or the Helm chart's additionalArguments flags) and as dynamic
// configuration (http routers, services, serversTransports).
func (f *file) classify(v *value) {
	if args := v.get("additionalArguments"); args != nil {
		var flags []Arg
		for _, it := range args.elems() {
			if s, ok := it.str(); ok {
				at := it.pos
				if it.quoted {
					at.Col, at.Offset = at.Col+1, at.Offset+1
				}
				flags = append(flags, Arg{Text: s, Pos: at})
			}
		}
		v = fromFlags(flags)
	}
	if v.get("entryPoints") != nil || v.get("providers") != nil || v.get("serversTransport") != nil {
		f.static = v
	}
	if h := v.get("http"); h != nil && (h.get("routers") != nil || h.get("services") != nil || h.get("serversTransports") != nil) {
		f.dynamic = v
	}
}

// FromArgs reads a Traefik static configuration given as command-line flags
// ("--entrypoints.web.transport.respondingtimeouts.idletimeout=30s") into a hop with id,
// for formats that find Traefik's command line (a container's args, a compose command).
func FromArgs(id, display string, args []Arg, version string) (*graph.Hop, []graph.Diagnostic) {
	hop := &graph.Hop{ID: id, Kind: graph.Proxy, Software: software, Version: version, Pos: graph.Pos{File: display, Line: 1, Col: 1}}
	if len(args) > 0 {
		hop.Pos = args[0].Pos
	}
	b := newBuilder(hop)
	b.static(fromFlags(args))
	b.finish()
	return hop, b.diags
}
