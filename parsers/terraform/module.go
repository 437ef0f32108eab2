package terraform

import (
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parallel"
)

// maxModuleDepth bounds local module expansion; real configurations nest two or three deep.
const maxModuleDepth = 8

// parser holds what is shared by every module of one batch of ParseFiles: parsed files (a
// module called from several places is parsed once) and their syntax errors.
type parser struct {
	tree     *input.Tree
	varFiles []string // --var-file, root-relative
	files    map[string]*hcl.File
	src      map[string][]byte
	errs     map[string][]graph.Diagnostic
	failed   map[string]bool // files that could not be read at all
}

// fragmentBuild collects one root module's output.
type fragmentBuild struct {
	p     *parser
	files []string
	seen  map[string]bool
	diags []graph.Diagnostic
	hops  []*graph.Hop
}

func (f *fragmentBuild) addFile(rel string) {
	if !f.seen[rel] {
		f.seen[rel] = true
		f.files = append(f.files, rel)
	}
}

// varVal is an input variable's value and, when a literal gave it, where that literal is.
type varVal struct {
	val  cty.Value
	rng  hcl.Range
	note string
}

type resource struct {
	typ, name string
	block     *hcl.Block
	// body is the block's body with its dynamic blocks expanded where their for_each is known.
	body hcl.Body
	mod  *module
}

func (r *resource) addr() string { return r.typ + "." + r.name }

// module is one instance of a Terraform module: the root module of a directory or a local
// module expanded where it is called.
type module struct {
	b      *fragmentBuild
	dir    string
	idFile string // file the hop ids name: the root module's file of the outermost call
	prefix string // "module.x." for expanded modules
	stack  []string
	vars   map[string]varVal
	locals map[string]hcl.Expression
	lvals  map[string]cty.Value
	busy   map[string]bool
	res    map[string]*resource
	order  []*resource
	types  map[string]bool
	ctx    *hcl.EvalContext
	calls  []*hcl.Block
	back   map[string]map[*resource][]*resource
}

// load parses a file once per batch and remembers its syntax errors.
func (p *parser) load(rel string) *hcl.File {
	if f, ok := p.files[rel]; ok || p.failed[rel] {
		return f
	}
	p.store(rel, p.parseFile(rel))
	return p.files[rel]
}

// preload parses files on every core, so that load finds them parsed: HCL parsing is most
// of the work, and each file's parse is independent.
func (p *parser) preload(rels []string) {
	parsed := make([]parsedFile, len(rels))
	parallel.Do(len(rels), func(i int) { parsed[i] = p.parseFile(rels[i]) })
	for i, rel := range rels {
		p.store(rel, parsed[i])
	}
}

// parsedFile is the outcome of reading and parsing one file.
type parsedFile struct {
	file   *hcl.File
	src    []byte
	errs   []graph.Diagnostic
	failed bool
}

// parseFile reads and parses rel; it touches no shared state, so files parse in parallel.
func (p *parser) parseFile(rel string) parsedFile {
	data, err := p.tree.ReadFile(rel)
	if err != nil {
		return parsedFile{failed: true, errs: []graph.Diagnostic{{Kind: graph.ParseError, Pos: p.tree.FilePos(rel), Message: "cannot read: " + err.Error()}}}
	}
	if at, why := unparsable(data, rel); why != "" {
		return parsedFile{src: data, failed: true, errs: []graph.Diagnostic{{Kind: graph.ParseError, Pos: p.posIn(data, hcl.Range{Filename: rel, Start: at}), Message: why}}}
	}
	out := parsedFile{src: data}
	var diags hcl.Diagnostics
	if strings.HasSuffix(rel, ".json") {
		out.file, diags = hcljson.Parse(data, rel)
	} else {
		out.file, diags = hclsyntax.ParseConfig(data, rel, hcl.InitialPos)
	}
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		pos := graph.Pos{File: p.tree.Display(rel)}
		if d.Subject != nil {
			pos = p.posIn(data, *d.Subject)
		}
		out.errs = append(out.errs, graph.Diagnostic{Kind: graph.ParseError, Pos: pos, Message: msg})
	}
	return out
}

// store records a parsed file for load.
func (p *parser) store(rel string, f parsedFile) {
	if f.src != nil {
		p.src[rel] = f.src
	}
	if len(f.errs) > 0 {
		p.errs[rel] = f.errs
	}
	if f.failed {
		p.failed[rel] = true
		return
	}
	p.files[rel] = f.file
}

// pos turns an hcl range start into a position with a byte column (hcl counts characters).
func (p *parser) pos(r hcl.Range) graph.Pos { return p.posIn(p.src[r.Filename], r) }

// posIn is pos with the range's file contents given.
func (p *parser) posIn(src []byte, r hcl.Range) graph.Pos {
	pos := graph.Pos{File: p.tree.Display(r.Filename), Line: r.Start.Line, Col: r.Start.Column, Offset: r.Start.Byte}
	if off := r.Start.Byte; off >= 0 && off <= len(src) {
		start := off
		for start > 0 && src[start-1] != '\n' {
			start--
		}
		// hcl reports "ends prematurely" just past the last byte.
		off = input.InsideEnd(src, start, off)
		pos.Col, pos.Offset = off-start+1, off
	}
	if pos.Line < 1 {
		pos.Line, pos.Col = 1, 1
	}
	return pos
}

// raw is the source text of a range, for Setting.Raw.
func (p *parser) raw(r hcl.Range) string {
	src := p.src[r.Filename]
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return string(src[r.Start.Byte:r.End.Byte])
}

var topSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "module", LabelNames: []string{"name"}},
}}

// configFiles lists a directory's .tf and .tf.json files, sorted.
func configFiles(t *input.Tree, dir string) ([]string, error) {
	var out []string
	for _, pat := range []string{"*.tf", "*.tf.json"} {
		m, err := t.Glob(path.Join(dir, pat))
		if err != nil {
			return nil, err
		}
		out = append(out, m...)
	}
	slices.Sort(out)
	return out, nil
}

// newModule reads a module's files; inputs are the values a caller passed (nil for a root
// module, which reads tfvars instead).
func (b *fragmentBuild) newModule(dir string, files []string, inputs map[string]varVal, idFile, prefix string, stack []string) *module {
	m := &module{b: b, dir: dir, idFile: idFile, prefix: prefix, stack: append(slices.Clone(stack), dir),
		vars: map[string]varVal{}, locals: map[string]hcl.Expression{}, lvals: map[string]cty.Value{},
		busy: map[string]bool{}, back: map[string]map[*resource][]*resource{}, res: map[string]*resource{}, types: map[string]bool{}}
	var parsed []*hcl.File
	for _, rel := range files {
		b.addFile(rel)
		if f := b.p.load(rel); f != nil {
			parsed = append(parsed, f)
		}
	}
	content, _, _ := hcl.MergeFiles(parsed).PartialContent(topSchema)
	for _, blk := range content.Blocks {
		switch blk.Type {
		case "resource":
			r := &resource{typ: blk.Labels[0], name: blk.Labels[1], block: blk, mod: m}
			if _, dup := m.res[r.addr()]; !dup {
				m.res[r.addr()] = r
				m.order = append(m.order, r)
				m.types[r.typ] = true
			}
		case "variable":
			v := varVal{val: cty.DynamicVal}
			if attrs := attributes(blk.Body, "default"); attrs["default"] != nil {
				e := attrs["default"].Expr
				if val, diags := e.Value(nil); !diags.HasErrors() {
					v = varVal{val: val, rng: e.Range(), note: "from var." + blk.Labels[0] + " (default)"}
				}
			}
			m.vars[blk.Labels[0]] = v
		case "locals":
			attrs, _ := blk.Body.JustAttributes()
			for name, a := range attrs {
				m.locals[name] = a.Expr
			}
		case "module":
			m.calls = append(m.calls, blk)
		}
	}
	if inputs == nil {
		m.readVarFiles()
	} else {
		for name, v := range inputs {
			if _, declared := m.vars[name]; declared {
				m.vars[name] = v
			}
		}
	}
	m.ctx = m.evalContext()
	for _, name := range sortedKeys(m.locals) {
		m.local(name)
	}
	m.ctx.Variables["local"] = objectOf(m.lvals)
	for _, r := range m.order {
		r.body = r.block.Body
		if sb, native := r.body.(*hclsyntax.Body); !native || hasDynamic(sb) {
			r.body = dynblock.Expand(r.body, m.ctx)
		}
	}
	return m
}

// readVarFiles applies terraform.tfvars, then *.auto.tfvars in name order, then the
// --var-file files, as Terraform does; a later file wins.
func (m *module) readVarFiles() {
	var files []string
	for _, name := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		if rel := path.Join(m.dir, name); m.b.p.tree.Exists(rel) {
			files = append(files, rel)
		}
	}
	for _, pat := range []string{"*.auto.tfvars", "*.auto.tfvars.json"} {
		found, _ := m.b.p.tree.Glob(path.Join(m.dir, pat))
		files = append(files, found...)
	}
	// --var-file comes last, as on Terraform's command line; it applies to the root
	// module in its own directory.
	for _, rel := range m.b.p.varFiles {
		if path.Dir(rel) == m.dir {
			files = append(files, rel)
		}
	}
	for _, rel := range files {
		m.b.addFile(rel)
		f := m.b.p.load(rel)
		if f == nil {
			continue
		}
		attrs, _ := f.Body.JustAttributes()
		for name, a := range attrs {
			if _, declared := m.vars[name]; !declared {
				continue
			}
			if val, diags := a.Expr.Value(nil); !diags.HasErrors() {
				m.vars[name] = varVal{val: val, rng: a.Expr.Range(), note: "from var." + name + " (" + path.Base(rel) + ")"}
			}
		}
	}
}

// evalContext names everything a module's expressions may refer to; what Terraform only
// knows at apply time is cty.DynamicVal, so expressions using it evaluate to unknown.
func (m *module) evalContext() *hcl.EvalContext {
	vars := map[string]cty.Value{}
	for name, v := range m.vars {
		vars[name] = v.val
	}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{
		"var":       objectOf(vars),
		"local":     cty.EmptyObjectVal,
		"path":      cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(m.dir), "root": cty.StringVal("."), "cwd": cty.StringVal(".")}),
		"data":      cty.DynamicVal,
		"module":    cty.DynamicVal,
		"count":     cty.DynamicVal,
		"each":      cty.DynamicVal,
		"self":      cty.DynamicVal,
		"terraform": cty.DynamicVal,
	}, Functions: functions}
	for typ := range m.types {
		ctx.Variables[typ] = cty.DynamicVal
	}
	return ctx
}

func objectOf(vals map[string]cty.Value) cty.Value {
	if len(vals) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(vals)
}

// local evaluates a local value after the locals it refers to; a cycle leaves it unknown.
func (m *module) local(name string) {
	if _, done := m.lvals[name]; done {
		return
	}
	e, ok := m.locals[name]
	if !ok || m.busy[name] {
		return
	}
	m.busy[name] = true
	// The expression sees only the locals it names: an object of all the locals evaluated so
	// far, built again for each, made a module of 3,000 locals take a second.
	var uses map[string]cty.Value
	for _, t := range e.Variables() {
		if t.RootName() == "local" && len(t) > 1 {
			if a, ok := t[1].(hcl.TraverseAttr); ok {
				m.local(a.Name)
				if v, ok := m.lvals[a.Name]; ok {
					if uses == nil {
						uses = map[string]cty.Value{}
					}
					uses[a.Name] = v
				}
			}
		}
	}
	m.ctx.Variables["local"] = objectOf(uses)
	m.lvals[name] = m.eval(e)
}

// eval evaluates an expression; anything it cannot know is cty.DynamicVal, never an error.
func (m *module) eval(e hcl.Expression) (v cty.Value) {
	defer func() {
		// A function of go-cty that panics on a value it did not expect must not stop
		// the scan: the value is unknown, as for any expression tolint cannot evaluate.
		if recover() != nil {
			v = cty.DynamicVal
		}
	}()
	v, diags := e.Value(m.ctx)
	if diags.HasErrors() {
		return cty.DynamicVal
	}
	return v
}

// origin finds where the value of an expression was written: through var.x to the default
// or tfvars line, through local.y to its expression. note says the way it took.
func (m *module) origin(e hcl.Expression, depth int) (hcl.Range, string) {
	e = unwrap(e)
	root, name := m.reference(e)
	if depth > 8 {
		root = ""
	}
	switch root {
	case "var":
		if v, ok := m.vars[name]; ok && v.rng.Filename != "" {
			return v.rng, v.note
		}
	case "local":
		if le, ok := m.locals[name]; ok {
			r, note := m.origin(le, depth+1)
			if note == "" {
				return r, "from local." + name
			}
			return r, note + " via local." + name
		}
	}
	return e.Range(), ""
}

// reference returns "var", "x" when an expression is nothing but var.x (or local.x): in
// native syntax a traversal, in JSON the string "${var.x}".
func (m *module) reference(e hcl.Expression) (root, name string) {
	var tr hcl.Traversal
	if st, ok := e.(*hclsyntax.ScopeTraversalExpr); ok {
		tr = st.Traversal
	} else if _, native := e.(hclsyntax.Expression); !native {
		raw := m.b.p.raw(e.Range())
		inner, ok := strings.CutPrefix(raw, `"${`)
		if inner, ok2 := strings.CutSuffix(inner, `}"`); ok && ok2 {
			var diags hcl.Diagnostics
			if tr, diags = hclsyntax.ParseTraversalAbs([]byte(inner), "", hcl.InitialPos); diags.HasErrors() {
				tr = nil
			}
		}
	}
	if len(tr) != 2 {
		return "", ""
	}
	if a, ok := tr[1].(hcl.TraverseAttr); ok {
		return tr.RootName(), a.Name
	}
	return "", ""
}

func unwrap(e hcl.Expression) hcl.Expression {
	for {
		switch x := e.(type) {
		case *hclsyntax.TemplateWrapExpr:
			e = x.Wrapped
		case *hclsyntax.ParenthesesExpr:
			e = x.Expression
		default:
			return e
		}
	}
}

// ref is a reference from an expression to a resource of the same module.
type ref struct {
	res *resource
	rng hcl.Range
}

// refs finds the resources an expression refers to, also through locals.
func (m *module) refs(e hcl.Expression, depth int) []ref {
	if e == nil || depth > 8 {
		return nil
	}
	var out []ref
	for _, t := range e.Variables() {
		if len(t) < 2 {
			continue
		}
		a, ok := t[1].(hcl.TraverseAttr)
		if !ok {
			continue
		}
		root := t.RootName()
		if root == "local" {
			out = append(out, m.refs(m.locals[a.Name], depth+1)...)
			continue
		}
		if r := m.res[root+"."+a.Name]; r != nil {
			out = append(out, ref{res: r, rng: t.SourceRange()})
		}
	}
	return out
}

func sortedKeys[V any](mp map[string]V) []string {
	keys := make([]string, 0, len(mp))
	for k := range mp {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// attributes reads the named attributes of a block body, whatever else it holds.
func attributes(body hcl.Body, names ...string) hcl.Attributes {
	// A native body is read directly: PartialContent builds four maps per call, 8% of all
	// that a run of 100,000 files allocates. Bodies here are whole blocks, never the
	// remainder of an earlier PartialContent, so no attribute is hidden.
	if sb, ok := body.(*hclsyntax.Body); ok {
		attrs := make(hcl.Attributes, len(names))
		for _, n := range names {
			if a, ok := sb.Attributes[n]; ok {
				attrs[n] = a.AsHCLAttribute()
			}
		}
		return attrs
	}
	s := &hcl.BodySchema{}
	for _, n := range names {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: n})
	}
	c, _, _ := body.PartialContent(s)
	if c == nil {
		return hcl.Attributes{}
	}
	return c.Attributes
}

// blocks reads the nested blocks of one type (a dynamic block is not expanded).
func blocks(body hcl.Body, typ string) []*hcl.Block {
	if sb, ok := body.(*hclsyntax.Body); ok {
		var out []*hcl.Block
		for _, b := range sb.Blocks {
			// As PartialContent with a schema of no labels: a labelled block is skipped.
			if b.Type == typ && len(b.Labels) == 0 {
				out = append(out, b.AsHCLBlock())
			}
		}
		return out
	}
	c, _, _ := body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: typ}}})
	if c == nil {
		return nil
	}
	return c.Blocks
}

// hasDynamic reports whether a body holds a dynamic block at any depth; the others are
// read as they are, which is much cheaper than through dynblock.
func hasDynamic(b *hclsyntax.Body) bool {
	for _, blk := range b.Blocks {
		if blk.Type == "dynamic" || hasDynamic(blk.Body) {
			return true
		}
	}
	return false
}
