// Package compose reads the services of a Docker Compose file: the command each runs
// (command, entrypoint), its environment, the names it answers to on the compose network
// (the service name, container_name, hostname, network aliases), its published ports and
// its build context, whose Dockerfile supplies what the service does not set.
package compose

import (
	"path"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/cmdline"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// Service is one entry of services:.
type Service struct {
	Name string
	// Pos is the service's key.
	Pos graph.Pos
	// Names are the host names other services reach it by.
	Names               []string
	Entrypoint, Command cmdline.Form
	Env                 cmdline.Env
	// Build is the build context directory relative to the compose file's directory
	// ("" when the service runs a prebuilt image), Dockerfile the file in it.
	Build, Dockerfile string
	// Ports are the published host ports.
	Ports []graph.Address
}

// File is a compose file's services and the problems found reading it.
type File struct {
	Services []*Service
	Diags    []graph.Diagnostic
}

// Sniff reports whether a file is a compose file by its name: docker-compose*.yml or
// .yaml, compose*.yml or .yaml.
func Sniff(rel string) bool {
	base := strings.ToLower(path.Base(rel))
	ext := path.Ext(base)
	return (ext == ".yml" || ext == ".yaml") && (strings.HasPrefix(base, "docker-compose") || strings.HasPrefix(base, "compose"))
}

// aliasBudget bounds what YAML aliases may expand to (see yamlsrc.Aliases).
const aliasBudget = 100000

type reader struct {
	src     *yamlsrc.Source
	aliases yamlsrc.Aliases
	out     *File
	// dotenv is what compose substitutes for $NAME in the file's values.
	dotenv cmdline.Env
}

// Read reads a compose file; file is the name positions carry, dotenv the variables of the
// project's .env file (see DotEnv), which compose substitutes in the file's values.
func Read(data []byte, file string, dotenv cmdline.Env) *File {
	r := &reader{src: yamlsrc.New(file, data), out: &File{}, dotenv: dotenv}
	r.aliases = yamlsrc.Aliases{Limit: aliasBudget, Exceeded: func(a *yaml.Node) {
		r.errorAt(r.pos(a), "YAML aliases expand to more than "+strconv.Itoa(aliasBudget)+" nodes; the rest of the file is not read")
	}}
	docs := r.src.Documents(1, "a compose file", r.errorAt, r.yamlError)
	if len(docs) == 0 {
		return r.out
	}
	services := r.get(docs[0], "services")
	for _, e := range r.entries(services) {
		r.service(e.key, e.value)
	}
	return r.out
}

func (r *reader) errorAt(p graph.Pos, msg string) {
	r.out.Diags = append(r.out.Diags, graph.Diagnostic{Kind: graph.ParseError, Pos: p, Message: msg})
}

func (r *reader) yamlError(err error) {
	if name, ok := yamlsrc.UnknownAnchor(err); ok {
		r.errorAt(r.src.AliasPos(name), "YAML alias *"+name+" refers to an anchor &"+name+" that is not defined before it")
		return
	}
	line, msg := yamlsrc.ErrorLine(err)
	r.errorAt(r.src.At(line, 1), "YAML syntax error: "+msg)
}

func (r *reader) pos(n *yaml.Node) graph.Pos { return r.src.At(n.Line, n.Column) }

// word is a scalar's text after compose's substitution of $NAME and ${NAME:-default}.
func (r *reader) word(n *yaml.Node, key string) (cmdline.Word, bool) {
	w, err := cmdline.Interpolate(cmdline.YAMLWord(r.src, n), r.dotenv)
	if err != nil {
		r.out.Diags = append(r.out.Diags, cmdline.Diag(err, key+": "))
		return cmdline.Word{}, false
	}
	return w, true
}

type entry struct{ key, value *yaml.Node }

func (r *reader) entries(n *yaml.Node) []entry {
	n = r.aliases.Resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []entry
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := r.aliases.Resolve(n.Content[i]), r.aliases.Resolve(n.Content[i+1])
		if k != nil && v != nil && k.Kind == yaml.ScalarNode {
			out = append(out, entry{k, v})
		}
	}
	return out
}

func (r *reader) get(n *yaml.Node, key string) *yaml.Node {
	for _, e := range r.entries(n) {
		if e.key.Value == key {
			return e.value
		}
	}
	return nil
}

func scalar(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", false
	}
	return n.Value, true
}

func (r *reader) service(key, n *yaml.Node) {
	s := &Service{Name: key.Value, Pos: r.pos(key), Names: []string{key.Value}, Env: cmdline.Env{}}
	for _, k := range []string{"container_name", "hostname"} {
		if v, ok := scalar(r.get(n, k)); ok && v != "" {
			s.Names = append(s.Names, v)
		}
	}
	for _, net := range r.entries(r.get(n, "networks")) {
		for _, a := range r.aliases.Items(r.get(net.value, "aliases")) {
			if v, ok := scalar(a); ok {
				s.Names = append(s.Names, v)
			}
		}
	}
	s.Command = r.form(r.get(n, "command"), "command")
	s.Entrypoint = r.form(r.get(n, "entrypoint"), "entrypoint")
	r.environment(s, r.get(n, "environment"))
	r.build(s, r.get(n, "build"))
	for _, p := range r.aliases.Items(r.get(n, "ports")) {
		r.port(s, p)
	}
	r.out.Services = append(r.out.Services, s)
}

// form reads command or entrypoint: a list is taken as written, a string is split into
// words as compose does (shell quoting, no shell: no $VAR of the container is expanded).
func (r *reader) form(n *yaml.Node, key string) cmdline.Form {
	if n == nil {
		return cmdline.Form{}
	}
	f := cmdline.Form{Pos: r.pos(n)}
	switch n.Kind {
	case yaml.SequenceNode:
		f.Words = []cmdline.Word{}
		for _, item := range r.aliases.Items(n) {
			if _, ok := scalar(item); ok {
				if w, ok := r.word(item, key); ok {
					f.Words = append(f.Words, w)
				}
			}
		}
	case yaml.ScalarNode:
		if _, ok := scalar(n); !ok {
			return cmdline.Form{}
		}
		w, ok := r.word(n, key)
		if !ok {
			return cmdline.Form{}
		}
		words, err := cmdline.SplitWord(w, nil)
		if err != nil {
			r.out.Diags = append(r.out.Diags, cmdline.Diag(err, key+": "))
			return cmdline.Form{}
		}
		f.Words = words
	default:
		r.errorAt(r.pos(n), key+": expected a string or a list of strings")
	}
	return f
}

// environment reads a mapping (KEY: value) or a list (KEY=value); a variable without value
// is taken from the shell running compose, so it stays unknown.
func (r *reader) environment(s *Service, n *yaml.Node) {
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		for _, e := range r.entries(n) {
			if _, ok := scalar(e.value); ok {
				if w, ok := r.word(e.value, "environment"); ok {
					s.Env[e.key.Value] = &cmdline.Var{Name: e.key.Value, Value: w, From: "environment", Pos: r.pos(e.key)}
				}
			}
		}
	case yaml.SequenceNode:
		for _, item := range r.aliases.Items(n) {
			if _, ok := scalar(item); !ok {
				continue
			}
			w, ok := r.word(item, "environment")
			if !ok {
				continue
			}
			name, _, found := strings.Cut(w.Text, "=")
			if found && name != "" {
				s.Env[name] = &cmdline.Var{Name: name, Value: w.Slice(len(name) + 1), From: "environment", Pos: w.Pos}
			}
		}
	default:
		r.errorAt(r.pos(n), "environment: expected a mapping or a list of NAME=value")
	}
}

func (r *reader) build(s *Service, n *yaml.Node) {
	if n == nil {
		return
	}
	s.Dockerfile = "Dockerfile"
	if v, ok := scalar(n); ok {
		s.Build = v
		return
	}
	if v, ok := scalar(r.get(n, "context")); ok {
		s.Build = v
	} else {
		s.Build = "."
	}
	if v, ok := scalar(r.get(n, "dockerfile")); ok && v != "" {
		s.Dockerfile = v
	}
}

// port reads a published port: "8000" (no fixed host port), "80:8000",
// "127.0.0.1:80:8000", "80:8000/tcp", or the long syntax with published and host_ip.
func (r *reader) port(s *Service, n *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		pub := r.get(n, "published")
		if v, ok := scalar(pub); ok {
			host, _ := scalar(r.get(n, "host_ip"))
			r.published(s, host, v, pub)
		}
		return
	}
	v, ok := scalar(n)
	if !ok {
		return
	}
	spec, proto, _ := strings.Cut(v, "/")
	if proto != "" && proto != "tcp" {
		return
	}
	i := strings.LastIndexByte(spec, ':')
	if i < 0 {
		return // only a container port: the host port is chosen at random
	}
	hostPart := spec[:i]
	host := ""
	if j := strings.LastIndexByte(hostPart, ':'); j >= 0 {
		host, hostPart = strings.Trim(hostPart[:j], "[]"), hostPart[j+1:]
	}
	r.published(s, host, hostPart, n)
}

func (r *reader) published(s *Service, host, port string, n *yaml.Node) {
	if strings.Contains(port, "-") {
		return // a range: any of its ports may be used
	}
	num, err := strconv.Atoi(port)
	if err != nil || num < 1 || num > 65535 {
		r.errorAt(r.pos(n), "ports: "+strconv.Quote(port)+" is not a port number")
		return
	}
	s.Ports = append(s.Ports, graph.Address{Host: graph.NormalizeHost(host), Port: num, Pos: r.pos(n), Raw: n.Value,
		PortNote: "published by ports"})
}

// DotEnv reads a .env file (NAME=value lines, # comments, an optional "export " prefix,
// optional quotes around the value); file is the name positions carry.
func DotEnv(data []byte, file string) cmdline.Env {
	src := yamlsrc.New(file, data)
	env := cmdline.Env{}
	text := string(data)
	for off := 0; off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		line := strings.TrimRight(text[off:end], "\r")
		i := len(line) - len(strings.TrimLeft(line, " \t"))
		if strings.HasPrefix(line[i:], "export ") {
			i += len("export ")
		}
		if eq := strings.IndexByte(line[i:], '='); eq > 0 && line[i] != '#' {
			name := strings.TrimSpace(line[i : i+eq])
			start := i + eq + 1
			val := line[start:]
			if len(val) >= 2 && (val[0] == '"' || val[0] == '\'') && val[len(val)-1] == val[0] {
				val, start = val[1:len(val)-1], start+1
			} else if c := strings.Index(val, " #"); c >= 0 {
				val = val[:c]
			}
			env[name] = &cmdline.Var{Name: name, Value: cmdline.Literal(strings.TrimRight(val, " \t"), src.NewlinePos(off+start), true),
				From: ".env", Pos: src.NewlinePos(off + i)}
		}
		off = end + 1
	}
	return env
}
