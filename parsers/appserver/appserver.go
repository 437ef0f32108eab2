// Package appserver makes hops of the app servers a scan runs: the gunicorn, uvicorn or
// hypercorn started by a Dockerfile's CMD/ENTRYPOINT, a compose service or a Procfile line,
// with the gunicorn.conf.py it reads, and Puma configured by puma.rb. All these files of a
// scan are read together, because they configure one process between them: a compose
// service runs the image its build context's Dockerfile describes, and gunicorn reads the
// gunicorn.conf.py in its working directory (or the one -c names). A file that configures
// a process defined elsewhere makes no hop of its own. Nothing is built or run.
package appserver

import (
	"path"
	"slices"
	"strings"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/appconf"
	"github.com/tolint/tolint/parsers/cmdline"
	"github.com/tolint/tolint/parsers/compose"
	"github.com/tolint/tolint/parsers/dockerfile"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/procfile"
)

// Sniff reports whether a file is one this package reads, by its name: Dockerfile,
// Dockerfile.*, *.dockerfile, docker-compose*.yml, compose*.yaml, Procfile,
// gunicorn*.py, puma.rb. Content is not looked at: these names are what the tools look for.
// Standard input, which has no name, is known by its content: a Dockerfile by its first
// instruction FROM, a compose file by a top-level services: key (and no apiVersion:).
func Sniff(rel string, head []byte) bool { return kindOf(rel, head) != none }

// kinds of files read here.
const (
	none = iota
	dockerfileKind
	composeKind
	procfileKind
	gunicornKind
	pumaKind
)

// stdinName is the name the loader gives standard input.
const stdinName = "<stdin>"

func kindOf(rel string, head []byte) int {
	switch {
	case dockerfile.Sniff(rel):
		return dockerfileKind
	case compose.Sniff(rel):
		return composeKind
	case procfile.Sniff(rel):
		return procfileKind
	case appconf.IsGunicorn(rel):
		return gunicornKind
	case appconf.IsPuma(rel):
		return pumaKind
	case rel != stdinName:
		return none
	}
	first := ""
	for line := range strings.Lines(string(head)) {
		line = strings.TrimRight(line, "\r\n")
		t := strings.TrimSpace(line)
		if t == "" || t[0] == '#' {
			continue
		}
		if first == "" {
			first = t
		}
		if line == "services:" || strings.HasPrefix(line, "services: ") {
			return composeKind
		}
		if strings.HasPrefix(line, "apiVersion:") {
			return none
		}
	}
	if len(first) > 5 && strings.EqualFold(first[:5], "FROM ") {
		return dockerfileKind
	}
	return none
}

// scan holds the files of one tree as read so far.
type scan struct {
	t      *input.Tree
	frags  map[string]*graph.Fragment
	order  []string
	images map[string]*dockerfile.Image
	confs  map[string]*appconf.Config
	// used marks Dockerfiles and config files that a process defined elsewhere reads.
	used map[string]bool
}

// ParseFiles reads the files of one tree together.
func ParseFiles(t *input.Tree, rels []string, _ input.Options) []*graph.Fragment {
	s := &scan{t: t, frags: map[string]*graph.Fragment{}, images: map[string]*dockerfile.Image{},
		confs: map[string]*appconf.Config{}, used: map[string]bool{}}
	data := map[string][]byte{}
	for _, rel := range rels {
		frag := s.fragment(rel)
		b, err := t.ReadFile(rel)
		if err != nil {
			frag.Diags = append(frag.Diags, t.Unreadable(rel, describe(rel), err).Diags...)
			continue
		}
		data[rel] = b
	}
	// Dockerfiles and config files first: compose services and commands refer to them.
	for _, rel := range rels {
		if b, ok := data[rel]; ok {
			switch s.kind(rel, b) {
			case dockerfileKind:
				s.image(rel, b)
			case gunicornKind, pumaKind:
				s.conf(rel, b)
			}
		}
	}
	for _, rel := range rels {
		if b, ok := data[rel]; ok {
			switch s.kind(rel, b) {
			case composeKind:
				s.compose(rel, b)
			case procfileKind:
				s.procfile(rel, b)
			}
		}
	}
	// Then the Dockerfiles no compose service builds, whose commands may read config files;
	// last the config files no command reads.
	for _, rel := range rels {
		if b, ok := data[rel]; ok && !s.used[rel] && s.kind(rel, b) == dockerfileKind {
			im := s.images[rel]
			s.process(rel, rel, s.t.FilePos(rel), nil, im.Entrypoint, im.Cmd, im.Env, path.Dir(rel), nil, im.Expose)
		}
	}
	for _, rel := range rels {
		b, ok := data[rel]
		if !ok || s.used[rel] {
			continue
		}
		switch s.kind(rel, b) {
		case gunicornKind:
			s.gunicornConf(rel)
		case pumaKind:
			h := &graph.Hop{ID: rel, Kind: graph.Server, Pos: s.t.FilePos(rel), Files: []string{rel}}
			h.Listeners = []*graph.Listener{appconf.PumaListener(h, s.confs[rel], h.Pos)}
			s.fragment(rel).Hops = append(s.fragment(rel).Hops, h)
		}
	}
	out := make([]*graph.Fragment, 0, len(s.order))
	for _, rel := range s.order {
		f := s.frags[rel]
		slices.SortStableFunc(f.Diags, func(a, b graph.Diagnostic) int { return a.Pos.Compare(b.Pos) })
		out = append(out, f)
	}
	return out
}

func describe(rel string) string {
	switch kindOf(rel, nil) {
	case dockerfileKind:
		return "Dockerfile"
	case composeKind:
		return "compose file"
	case procfileKind:
		return "Procfile"
	case pumaKind:
		return "Puma configuration"
	case gunicornKind:
		return "gunicorn configuration"
	}
	return "file"
}

// kind is kindOf with the whole content at hand.
func (s *scan) kind(rel string, b []byte) int { return kindOf(rel, b[:min(len(b), input.HeadSize)]) }

func (s *scan) fragment(rel string) *graph.Fragment {
	f := s.frags[rel]
	if f == nil {
		f = &graph.Fragment{Files: []string{rel}}
		s.frags[rel] = f
		s.order = append(s.order, rel)
	}
	return f
}

func (s *scan) image(rel string, b []byte) *dockerfile.Image {
	im := dockerfile.Read(b, s.t.Display(rel))
	s.images[rel] = im
	s.fragment(rel).Diags = append(s.fragment(rel).Diags, im.Diags...)
	return im
}

func (s *scan) conf(rel string, b []byte) {
	var c *appconf.Config
	if appconf.IsPuma(rel) {
		c = appconf.Puma(b, s.t.Display(rel))
	} else {
		c = appconf.Gunicorn(b, s.t.Display(rel))
	}
	s.confs[rel] = c
	s.fragment(rel).Diags = append(s.fragment(rel).Diags, c.Diags...)
}

// dockerfileAt returns the parsed Dockerfile rel, reading it when the scan did not list it
// (a build context's Dockerfile with another name).
func (s *scan) dockerfileAt(rel string) *dockerfile.Image {
	if im, ok := s.images[rel]; ok {
		return im
	}
	b, err := s.t.ReadFile(rel)
	if err != nil {
		return nil
	}
	return s.image(rel, b)
}

func (s *scan) compose(rel string, b []byte) {
	// compose substitutes $NAME in the file from the .env file of the project directory.
	var dotenv cmdline.Env
	envRel := path.Join(path.Dir(rel), ".env")
	if data, err := s.t.ReadFile(envRel); err == nil {
		dotenv = compose.DotEnv(data, s.t.Display(envRel))
	}
	f := compose.Read(b, s.t.Display(rel), dotenv)
	frag := s.fragment(rel)
	frag.Diags = append(frag.Diags, f.Diags...)
	for _, svc := range f.Services {
		ep, cmd, env := svc.Entrypoint, svc.Command, cmdline.Env{}
		dir := path.Dir(rel)
		var files []string
		var expose []graph.Address
		if svc.Build != "" {
			if ctx, err := input.Clean(path.Join(path.Dir(rel), svc.Build)); err == nil {
				dir = ctx
				dfRel := path.Join(ctx, svc.Dockerfile)
				if im := s.dockerfileAt(dfRel); im != nil {
					s.used[dfRel] = true
					files = append(files, dfRel)
					env, expose = im.Env.Clone(), im.Expose
					// compose's entrypoint resets the image's CMD; its command replaces it.
					if !ep.Set() {
						ep = im.Entrypoint
						if !cmd.Set() {
							cmd = im.Cmd
						}
					}
				}
			}
		}
		for k, v := range svc.Env {
			env[k] = v
		}
		s.process(rel, rel+"#"+svc.Name, svc.Pos, svc.Names, ep, cmd, env, dir, files, expose, svc.Ports...)
	}
}

func (s *scan) procfile(rel string, b []byte) {
	procs, diags := procfile.Read(b, s.t.Display(rel))
	s.fragment(rel).Diags = append(s.fragment(rel).Diags, diags...)
	for _, p := range procs {
		s.process(rel, rel+"#"+p.Name, p.Pos, nil, cmdline.Form{}, p.Command, cmdline.Env{}, path.Dir(rel), nil, nil)
	}
}

// process makes the hop of a command that runs an app server, in the fragment of rel.
//
// expose are the image's EXPOSE ports: where the server listens when its bind is unknown
// (a port from the runtime's $PORT).
func (s *scan) process(rel, id string, pos graph.Pos, names []string, ep, cmd cmdline.Form, env cmdline.Env, dir string, files []string, expose []graph.Address, published ...graph.Address) {
	frag := s.fragment(rel)
	words, err := cmdline.Command(ep, cmd, env)
	if err != nil {
		frag.Diags = append(frag.Diags, cmdline.Diag(err, ""))
		return
	}
	srv := cmdline.Find(words, env)
	if srv == nil {
		return
	}
	frag.Diags = append(frag.Diags, srv.Diags...)
	h := &graph.Hop{ID: id, Kind: graph.Server, Pos: pos, Hosts: names, Files: append([]string{rel}, files...)}
	if srv.Software == cmdline.Gunicorn {
		if c := s.gunicornFor(srv, dir, frag); c != "" {
			srv.WithFile(s.confs[c].Settings)
			h.Files = append(h.Files, c)
		}
	}
	l := &graph.Listener{Hop: h, Name: srv.Software, Pos: srv.Pos}
	srv.Listen(h, l, true)
	if len(l.Addrs) == 0 {
		l.Addrs = append(l.Addrs, expose...)
	}
	l.Addrs = append(l.Addrs, published...)
	h.Listeners = []*graph.Listener{l}
	frag.Hops = append(frag.Hops, h)
}

// gunicornFor finds the configuration file gunicorn reads: the file -c names (a path in
// the image is looked for under dir, by its path and then by its name), else
// gunicorn.conf.py in dir, gunicorn's working directory as far as the scan can tell.
func (s *scan) gunicornFor(srv *cmdline.Server, dir string, frag *graph.Fragment) string {
	var candidates []string
	if c := srv.Config; c != nil {
		name := strings.TrimPrefix(c.Text, "file:")
		if strings.HasPrefix(name, "python:") {
			return ""
		}
		candidates = append(candidates, path.Join(dir, strings.TrimPrefix(name, "/")), path.Join(dir, path.Base(name)))
	} else {
		candidates = append(candidates, path.Join(dir, "gunicorn.conf.py"))
	}
	for _, cand := range candidates {
		rel, err := input.Clean(cand)
		if err != nil {
			continue
		}
		if _, ok := s.confs[rel]; !ok {
			b, err := s.t.ReadFile(rel)
			if err != nil {
				continue
			}
			s.conf(rel, b)
		}
		s.used[rel] = true
		return rel
	}
	if c := srv.Config; c != nil {
		frag.Diags = append(frag.Diags, graph.Diagnostic{Kind: graph.NotInspected, Pos: c.At(0),
			Message: "gunicorn config " + c.Text + " is not in the scanned tree, so its settings are not read"})
	}
	return ""
}

// gunicornConf makes the hop of a gunicorn.conf.py no command of the scan reads.
func (s *scan) gunicornConf(rel string) {
	c := s.confs[rel]
	pos := s.t.FilePos(rel)
	srv := &cmdline.Server{Software: cmdline.Gunicorn, Pos: pos, Settings: c.Settings}
	h := &graph.Hop{ID: rel, Kind: graph.Server, Pos: pos, Files: []string{rel}}
	l := &graph.Listener{Hop: h, Name: "gunicorn", Pos: pos}
	srv.Listen(h, l, true)
	h.Listeners = []*graph.Listener{l}
	frag := s.fragment(rel)
	frag.Hops = append(frag.Hops, h)
}
