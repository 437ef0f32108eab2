package terraform

import (
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// ParseFiles reads every Terraform file of a tree, one fragment per directory holding .tf
// or .tf.json files (a root module). A directory another one calls as a local module is
// read again inside its caller, whose fragment lists the module's files after its own, so
// the loader keeps the caller's view (with the caller's inputs) and drops the module's own.
func ParseFiles(t *input.Tree, rels []string, opts input.Options) []*graph.Fragment {
	dirs := map[string][]string{}
	for _, rel := range rels {
		if isConfig(rel) {
			d := path.Dir(rel)
			dirs[d] = append(dirs[d], rel)
		}
	}
	// Directories are read in batches, and a batch's syntax trees are dropped before the
	// next is parsed: memory is bounded by a batch, not the whole tree (a local module that
	// roots of several batches call is parsed once per batch).
	var out []*graph.Fragment
	keys := sortedKeys(dirs)
	for start := 0; start < len(keys); {
		var batch []string
		end := start
		for ; end < len(keys) && (len(batch) == 0 || len(batch)+len(dirs[keys[end]]) <= batchFiles); end++ {
			batch = append(batch, dirs[keys[end]]...)
		}
		p := &parser{tree: t, varFiles: opts.VarFiles, files: map[string]*hcl.File{}, src: map[string][]byte{},
			errs: map[string][]graph.Diagnostic{}, failed: map[string]bool{}}
		p.preload(batch)
		for _, dir := range keys[start:end] {
			files := dirs[dir]
			slices.Sort(files)
			out = append(out, p.root(dir, files))
		}
		start = end
	}
	return out
}

// batchFiles is how many files' syntax trees ParseFiles holds at a time, enough to keep
// every core busy parsing.
const batchFiles = 256

func (p *parser) root(dir string, files []string) *graph.Fragment {
	b := &fragmentBuild{p: p, seen: map[string]bool{}}
	m := b.newModule(dir, files, nil, "", "", nil)
	m.build()
	f := &graph.Fragment{Files: b.files, Hops: b.hops, Diags: b.diags}
	for _, rel := range b.files {
		f.Diags = append(f.Diags, p.errs[rel]...)
	}
	slices.SortStableFunc(f.Diags, func(a, b graph.Diagnostic) int { return a.Pos.Compare(b.Pos) })
	return f
}

// build turns the module's resources into hops, then expands its local module calls.
func (m *module) build() {
	m.buildAWS()
	m.buildGoogle()
	m.buildAzure()
	for _, call := range m.calls {
		m.expand(call)
	}
}

// moduleMeta are module block arguments that are not input variables.
var moduleMeta = map[string]bool{"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true}

// expand reads a local module with the inputs its call passes; a remote one is reported as
// not inspected at its source.
func (m *module) expand(call *hcl.Block) {
	p := m.b.p
	name := call.Labels[0]
	attrs, _ := call.Body.JustAttributes()
	src := attrs["source"]
	if src == nil {
		return
	}
	source, ok := m.str(call.Body, "source")
	at := p.pos(src.Expr.Range())
	notInspected := func(msg string) {
		m.b.diags = append(m.b.diags, graph.Diagnostic{Kind: graph.NotInspected, Pos: at, Message: "module." + name + ": " + msg})
	}
	switch {
	case !ok:
		notInspected("source is not a literal, so the module was not read")
		return
	case !strings.HasPrefix(source, "./") && !strings.HasPrefix(source, "../"):
		notInspected("remote module " + source + " is not inspected (only local ./ and ../ sources are read)")
		return
	}
	dir, err := m.b.p.tree.Clean(path.Join(m.dir, source))
	if err != nil {
		notInspected("source " + source + " is outside the scanned root")
		return
	}
	if slices.Contains(m.stack, dir) || len(m.stack) > maxModuleDepth {
		notInspected("source " + source + " calls a module already being expanded; not read again")
		return
	}
	files, err := configFiles(p.tree, dir)
	if err != nil || len(files) == 0 {
		notInspected("no .tf files in " + source)
		return
	}
	inputs := map[string]varVal{}
	for an, a := range attrs {
		if moduleMeta[an] {
			continue
		}
		v := varVal{val: m.eval(a.Expr)}
		rng, note := m.origin(a.Expr, 0)
		v.rng = rng
		v.note = "from var." + an + " = module." + name + " input"
		if note != "" {
			v.note += ", " + note
		}
		inputs[an] = v
	}
	idFile := m.idFile
	if idFile == "" {
		idFile = call.DefRange.Filename
	}
	m.repeated(call.Body, "module."+name)
	m.b.newModule(dir, files, inputs, idFile, m.prefix+"module."+name+".", m.stack).build()
}

// newHop starts a hop for a main resource; its id names the resource's file (or the file of
// the outermost module call) and its address.
func (m *module) newHop(r *resource, kind graph.Kind, software string) *graph.Hop {
	p := m.b.p
	file := m.idFile
	if file == "" {
		file = r.block.DefRange.Filename
	}
	h := &graph.Hop{ID: file + "#" + m.prefix + r.addr(), Kind: kind, Software: software,
		Pos: p.pos(r.block.DefRange), Files: []string{r.block.DefRange.Filename}}
	m.b.hops = append(m.b.hops, h)
	return h
}

// addFile records that a hop also reads a resource in another file.
func addFile(h *graph.Hop, r *resource) {
	if f := r.block.DefRange.Filename; !slices.Contains(h.Files, f) {
		h.Files = append(h.Files, f)
	}
}

// byType lists a module's resources of some types in declaration order.
func (m *module) byType(types ...string) []*resource {
	var out []*resource
	for _, r := range m.order {
		if slices.Contains(types, r.typ) {
			out = append(out, r)
		}
	}
	return out
}

// refersTo returns the reference from an attribute of r to a resource of one of types.
func (m *module) refersTo(body hcl.Body, attr string, types ...string) []ref {
	a := attrOf(body, attr)
	if a == nil {
		return nil
	}
	var out []ref
	for _, rf := range m.refs(a.Expr, 0) {
		if slices.Contains(types, rf.res.typ) {
			out = append(out, rf)
		}
	}
	return out
}

// repeated notes that a block with count or for_each is read as one instance: tolint
// cannot know how many there are, and they share their settings anyway.
func (m *module) repeated(body hcl.Body, what string) {
	for _, meta := range []string{"count", "for_each"} {
		if a := attrOf(body, meta); a != nil {
			m.b.diags = append(m.b.diags, graph.Diagnostic{Kind: graph.NotInspected, Pos: m.b.p.pos(a.Expr.Range()),
				Message: m.prefix + what + " has " + meta + ": its instances are read as one"})
		}
	}
}

// referrers returns, for each resource, the resources of fromTypes whose attr refers to
// it, in declaration order. It is computed once per question, so that joining listeners to
// load balancers stays linear in the size of the module.
func (m *module) referrers(attr string, fromTypes []string, toTypes ...string) map[*resource][]*resource {
	key := attr + "|" + strings.Join(fromTypes, ",") + "|" + strings.Join(toTypes, ",")
	if idx, ok := m.back[key]; ok {
		return idx
	}
	idx := map[*resource][]*resource{}
	for _, from := range m.byType(fromTypes...) {
		for _, rf := range m.refersTo(from.body, attr, toTypes...) {
			if list := idx[rf.res]; len(list) == 0 || list[len(list)-1] != from {
				idx[rf.res] = append(list, from)
			}
		}
	}
	m.back[key] = idx
	return idx
}
