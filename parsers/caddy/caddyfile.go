package caddy

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/include"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

const software = "caddy"

// maxImports caps how many files and snippets one Caddyfile may pull in, and maxCopied how
// many directives their expansion may copy, so that snippets importing each other twice at
// every level cannot blow up.
const (
	maxImports = 10000
	maxCopied  = 200000
)

// Source is the read access the parser needs; input.Tree provides it.
type Source interface {
	include.Source
	ReadFile(rel string) ([]byte, error)
	Display(rel string) string
}

// source is one file read: its text for positions.
type source struct {
	rel string
	src *yamlsrc.Source
}

func (s *source) pos(off int) graph.Pos { return s.src.NewlinePos(off) }

// Parse reads a Caddyfile, or a Caddy JSON configuration (a .json file), into one hop.
func Parse(t *input.Tree, rel string, opts input.Options) *graph.Fragment {
	return parse(t, rel, opts)
}

func parse(src Source, rel string, opts input.Options) *graph.Fragment {
	display := src.Display(rel)
	data, err := src.ReadFile(rel)
	if err != nil {
		return &graph.Fragment{Files: []string{rel}, Diags: []graph.Diagnostic{{Kind: graph.ParseError, Pos: graph.Pos{File: display, Line: 1, Col: 1},
			Message: "cannot read Caddy configuration: " + readError(err)}}}
	}
	hop := &graph.Hop{ID: rel, Kind: graph.Proxy, Software: software, Version: opts.Version, Pos: graph.Pos{File: display, Line: 1, Col: 1}, Files: []string{rel}}
	if strings.EqualFold(path.Ext(rel), ".json") {
		diags := readJSON(hop, display, data)
		return &graph.Fragment{Files: hop.Files, Hops: []*graph.Hop{hop}, Diags: diags}
	}
	w := &walker{src: src, hop: hop, dir: path.Dir(rel), snippets: map[string]*node{}, loaded: map[string][]*node{}}
	top := w.file(rel, data)
	w.caddyfile(top)
	return &graph.Fragment{Files: hop.Files, Hops: []*graph.Hop{hop}, Diags: w.diags}
}

func readError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// serverOpts are the global options' servers [ADDRESS] { timeouts { … } }.
type serverOpts struct {
	port          int // 0: every server
	idle, request graph.DurationSetting
}

type walker struct {
	src      Source
	hop      *graph.Hop
	dir      string
	diags    []graph.Diagnostic
	snippets map[string]*node
	loaded   map[string][]*node
	servers  []serverOpts
	imports  int
	copied   int
	// limitReported: the import limits are reported once.
	limitReported bool
}

func (w *walker) errorAt(p graph.Pos, msg string) {
	w.diags = append(w.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: p, Message: msg})
}

// file lexes and nests one Caddyfile.
func (w *walker) file(rel string, data []byte) []*node {
	f := &source{rel: rel, src: yamlsrc.New(w.src.Display(rel), data)}
	toks, bad := lex(data)
	if bad >= 0 {
		w.errorAt(f.pos(bad), "unterminated quoted string; the rest of the file is not read")
	}
	return tree(toks, f, w.errorAt)
}

func (n *node) pos() graph.Pos {
	if len(n.args) == 0 {
		return n.file.pos(n.brace)
	}
	return n.file.pos(n.args[0].off)
}

func (n *node) argPos(i int) graph.Pos { return n.file.pos(n.args[i].off) }

// caddyfile reads the top level: global options, snippets, then site blocks (or one site
// without braces, the rest of the file being its directives).
func (w *walker) caddyfile(top []*node) {
	top = w.expand(top, nil, 0)
	for i, n := range top {
		switch {
		case i == 0 && len(n.args) == 0 && n.hasBlock:
			w.globals(n)
		case isSnippet(n):
		case n.hasBlock:
			w.site(n)
		default:
			// A Caddyfile with one site may leave out the braces: its first line is the
			// site's addresses, every later line one of its directives.
			w.site(&node{args: n.args, body: top[i+1:], hasBlock: true, file: n.file})
			return
		}
	}
}

func isSnippet(n *node) bool {
	return len(n.args) == 1 && n.hasBlock && strings.HasPrefix(n.args[0].text, "(") && strings.HasSuffix(n.args[0].text, ")")
}

// expand splices imports of snippets and files into nodes, recording snippets first.
func (w *walker) expand(nodes []*node, open []string, depth int) []*node {
	for _, n := range nodes {
		if isSnippet(n) {
			w.snippets[strings.Trim(n.args[0].text, "()")] = n
		}
	}
	var out []*node
	for _, n := range nodes {
		if n.name() != "import" {
			if n.hasBlock && depth < maxDepth {
				n.body = w.expand(n.body, open, depth+1)
			}
			out = append(out, n)
			continue
		}
		if len(n.args) < 2 {
			w.errorAt(n.pos(), "import needs a snippet name or a file pattern")
			continue
		}
		w.imports++
		if w.imports > maxImports || w.copied > maxCopied || depth >= maxDepth {
			if !w.limitReported {
				w.limitReported = true
				w.errorAt(n.pos(), "imports nested too deep or expanding to too much; "+n.args[1].text+" and later imports were not read")
			}
			continue
		}
		name := n.args[1].text
		if s, ok := w.snippets[name]; ok {
			if slices.Contains(open, "("+name+")") {
				w.errorAt(n.pos(), "import cycle: snippet "+name+" imports itself")
				continue
			}
			out = append(out, w.expand(w.clone(s.body), append(open[:len(open):len(open)], "("+name+")"), depth+1)...)
			continue
		}
		out = append(out, w.importFiles(n, name, open, depth)...)
	}
	return out
}

// clone copies a snippet's or file's nodes, so that expanding one import does not change
// another, counting what it copies.
func (w *walker) clone(nodes []*node) []*node {
	w.copied += len(nodes)
	out := make([]*node, len(nodes))
	for i, n := range nodes {
		c := *n
		c.body = w.clone(n.body)
		out[i] = &c
	}
	return out
}

func (w *walker) importFiles(n *node, pattern string, open []string, depth int) []*node {
	matches, reason := include.Resolve(w.src, w.dir, pattern)
	if len(matches) == 0 {
		if include.HasMeta(pattern) {
			return nil // Caddy allows a pattern that matches nothing
		}
		w.diags = append(w.diags, graph.Diagnostic{Kind: graph.NotInspected, Pos: n.pos(), Message: "import " + pattern + " was not inspected: " + reason})
		return nil
	}
	var out []*node
	for _, rel := range matches {
		if slices.Contains(open, rel) || rel == w.hop.ID {
			w.errorAt(n.pos(), "import cycle: "+w.src.Display(rel)+" is already being read; the repeated import was skipped")
			continue
		}
		nodes, ok := w.loaded[rel]
		if !ok {
			data, err := w.src.ReadFile(rel)
			if err != nil {
				kind, msg := graph.ParseError, "import "+pattern+": cannot read "+w.src.Display(rel)+": "+readError(err)
				switch {
				case errors.Is(err, input.ErrOutside):
					kind, msg = graph.NotInspected, "import "+pattern+" was not inspected: it leads outside the scanned root"
				case errors.Is(err, fs.ErrNotExist):
					kind, msg = graph.NotInspected, "import "+pattern+" was not inspected: "+include.Missing
				}
				w.diags = append(w.diags, graph.Diagnostic{Kind: kind, Pos: n.pos(), Message: msg})
				continue
			}
			nodes = w.file(rel, data)
			w.loaded[rel] = nodes
			w.hop.Files = append(w.hop.Files, rel)
		}
		out = append(out, w.expand(w.clone(nodes), append(open[:len(open):len(open)], rel), depth+1)...)
	}
	return out
}

// durationSyntax is Go's time.ParseDuration with Caddy's "d" for days.
var durationSyntax = graph.Syntax{Units: map[string]time.Duration{
	"ns": time.Nanosecond, "us": time.Microsecond, "ms": time.Millisecond,
	"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour,
}, Combined: true, Fractions: true}

// duration reads the argument of "key VALUE" as a Caddyfile duration; unset when it is
// missing, a placeholder or bad (reported).
func (w *walker) duration(n *node, key string) graph.DurationSetting {
	const i = 1
	if len(n.args) <= i {
		w.errorAt(n.pos(), key+" needs a duration")
		return graph.DurationSetting{}
	}
	text := n.args[i].text
	if strings.HasPrefix(text, "{") {
		return graph.DurationSetting{} // a placeholder ({$ENV}) set at start-up
	}
	d, err := parseGoDuration(text)
	if err != nil {
		w.errorAt(n.argPos(i), fmt.Sprintf("%s %s: %v", key, text, err))
		return graph.DurationSetting{}
	}
	return graph.DurationSetting{Value: graph.Dur(d), Origin: graph.Explicit, Pos: n.argPos(i), Key: key, Raw: text}
}

// parseGoDuration reads a Go duration; "0" needs no unit, as in Go, and a negative
// value is refused (a timeout cannot be negative).
func parseGoDuration(text string) (time.Duration, error) {
	if text == "0" {
		return 0, nil
	}
	if strings.HasPrefix(text, "-") {
		return 0, fmt.Errorf("%q is negative", text)
	}
	// µ is two bytes; the shared parser reads ASCII letters only as units.
	return durationSyntax.ParseDuration(strings.ReplaceAll(strings.TrimPrefix(text, "+"), "µs", "us"))
}

// globals reads the global options block: servers [ADDRESS] { timeouts { idle; read_header } }.
func (w *walker) globals(g *node) {
	for _, n := range g.body {
		if n.name() != "servers" {
			continue
		}
		opts := serverOpts{}
		if len(n.args) > 1 {
			if a, err := graph.ParseAddress(n.args[1].text, 0); err == nil {
				opts.port = a.Port
			}
		}
		for _, t := range n.body {
			if t.name() != "timeouts" {
				continue
			}
			for _, s := range t.body {
				switch s.name() {
				case "idle":
					opts.idle = w.duration(s, "timeouts idle")
				case "read_header":
					opts.request = w.duration(s, "timeouts read_header")
				}
			}
		}
		w.servers = append(w.servers, opts)
	}
}

// server returns the servers options that apply to a port: one written for it, else one
// for every server.
func (w *walker) server(port int) serverOpts {
	var all serverOpts
	for _, s := range w.servers {
		if s.port == port && port != 0 {
			return s
		}
		if s.port == 0 {
			all = s
		}
	}
	return all
}
