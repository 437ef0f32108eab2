// Package dockerfile reads what a Dockerfile says about the process its image runs: the
// final stage's ENTRYPOINT and CMD (exec and shell form), the ENV (and ARG defaults that
// ENV values use) the process starts with, and the TCP ports it EXPOSEs. Line continuations, comments and stages
// built FROM an earlier stage are followed; nothing is built or run.
package dockerfile

import (
	"path"
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/cmdline"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// Image is the final stage of a Dockerfile.
type Image struct {
	Entrypoint, Cmd cmdline.Form
	// Env is the environment the container starts with.
	Env cmdline.Env
	// Expose are the TCP ports EXPOSE declares, with the host left open.
	Expose []graph.Address
	Diags  []graph.Diagnostic
}

// stage is one FROM ... section.
type stage struct {
	name            string
	entrypoint, cmd cmdline.Form
	env, args       cmdline.Env
	expose          []graph.Address
}

// Sniff reports whether a file is a Dockerfile by its name: Dockerfile, Dockerfile.*,
// *.Dockerfile (any case).
func Sniff(rel string) bool {
	base := strings.ToLower(path.Base(rel))
	return base == "dockerfile" || strings.HasPrefix(base, "dockerfile.") || strings.HasSuffix(base, ".dockerfile")
}

// Read reads a Dockerfile; file is the name positions carry.
func Read(data []byte, file string) *Image {
	r := &reader{src: yamlsrc.New(file, data)}
	r.read()
	im := &Image{Diags: r.diags, Env: cmdline.Env{}}
	if r.cur != nil {
		im.Entrypoint, im.Cmd, im.Env, im.Expose = r.cur.entrypoint, r.cur.cmd, r.cur.env, r.cur.expose
	}
	return im
}

type reader struct {
	src    *yamlsrc.Source
	stages []*stage
	cur    *stage
	// global holds ARGs declared before the first FROM.
	global cmdline.Env
	diags  []graph.Diagnostic
}

func (r *reader) at(off int) graph.Pos { return r.src.NewlinePos(off) }

func (r *reader) errorAt(p graph.Pos, msg string) {
	r.diags = append(r.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: p, Message: msg})
}

// read walks the logical lines: an instruction and its arguments, which run on over lines
// ending in a backslash; comment lines inside them are skipped as Docker does.
func (r *reader) read() {
	data := string(r.src.Data)
	r.global = cmdline.Env{}
	for i := 0; i < len(data); {
		lineEnd := strings.IndexByte(data[i:], '\n')
		if lineEnd < 0 {
			lineEnd = len(data)
		} else {
			lineEnd += i
		}
		start := i
		for start < lineEnd && (data[start] == ' ' || data[start] == '\t') {
			start++
		}
		if start == lineEnd || data[start] == '#' || data[start] == '\r' {
			i = lineEnd + 1
			continue
		}
		// Find the end of the logical line.
		end := lineEnd
		for cont := continues(data[start:end]); cont && end < len(data); {
			next := end + 1
			end = strings.IndexByte(data[next:], '\n')
			if end < 0 {
				end = len(data)
			} else {
				end += next
			}
			// A comment or empty line inside an instruction is dropped; the instruction goes on.
			if t := strings.TrimLeft(data[next:end], " \t\r"); t != "" && t[0] != '#' {
				cont = continues(data[next:end])
			}
		}
		r.instruction(data, start, min(end, len(data)))
		i = end + 1
	}
}

// continues reports whether a line ends in a backslash (before spaces).
func continues(line string) bool {
	return strings.HasSuffix(strings.TrimRight(line, " \t\r"), "\\")
}

func (r *reader) instruction(data string, start, end int) {
	j := start
	for j < end && data[j] != ' ' && data[j] != '\t' && data[j] != '\\' && data[j] != '\r' && data[j] != '\n' {
		j++
	}
	name := strings.ToUpper(data[start:j])
	argStart := j
	for argStart < end && (data[argStart] == ' ' || data[argStart] == '\t') {
		argStart++
	}
	args := data[argStart:end]
	at := func(off int) graph.Pos { return r.at(argStart + off) }
	pos := r.at(start)
	switch name {
	case "FROM":
		r.from(args, at)
		return
	case "ARG":
		if r.cur == nil {
			r.assign(r.global, args, at, "ARG", true)
			return
		}
	}
	if r.cur == nil {
		switch name {
		case "ENV", "CMD", "ENTRYPOINT":
			r.errorAt(pos, name+" before the first FROM")
		}
		return
	}
	switch name {
	case "ARG":
		r.assign(r.cur.args, args, at, "ARG", true)
	case "ENV":
		r.assign(r.cur.env, args, at, "ENV", false)
	case "CMD":
		r.cur.cmd = r.form(args, at, pos)
	case "ENTRYPOINT":
		r.cur.entrypoint = r.form(args, at, pos)
		// Setting ENTRYPOINT resets a CMD inherited from the base stage.
		r.cur.cmd = cmdline.Form{}
	case "EXPOSE":
		r.expose(args, at)
	}
}

// from starts a stage; a stage built FROM an earlier one inherits its environment and command.
func (r *reader) from(args string, at func(int) graph.Pos) {
	words, err := cmdline.Split(args, at, nil)
	if err != nil {
		r.syntax(err)
		return
	}
	st := &stage{env: cmdline.Env{}, args: cmdline.Env{}}
	var image string
	for i := 0; i < len(words); i++ {
		w := words[i].Text
		switch {
		case strings.HasPrefix(w, "--"):
		case strings.EqualFold(w, "AS") && i+1 < len(words):
			st.name = strings.ToLower(words[i+1].Text)
			i++
		case image == "":
			image = strings.ToLower(w)
		}
	}
	for _, prev := range r.stages {
		if prev.name != "" && prev.name == image {
			st.env, st.entrypoint, st.cmd, st.expose = prev.env.Clone(), prev.entrypoint, prev.cmd, prev.expose
		}
	}
	r.stages = append(r.stages, st)
	r.cur = st
}

func (r *reader) syntax(err error) { r.diags = append(r.diags, cmdline.Diag(err, "")) }

// assign reads ENV or ARG: KEY=value pairs (values may use earlier variables), or the
// legacy "ENV KEY value with spaces"; an ARG may have no default.
func (r *reader) assign(into cmdline.Env, args string, at func(int) graph.Pos, what string, isArg bool) {
	scope := cmdline.Env{}
	for k, v := range r.global {
		scope[k] = v
	}
	if r.cur != nil {
		for k, v := range r.cur.args {
			scope[k] = v
		}
		for k, v := range r.cur.env {
			scope[k] = v
		}
	}
	words, err := cmdline.Split(args, at, scope)
	if err != nil {
		r.syntax(err)
		return
	}
	if len(words) == 0 {
		r.errorAt(at(0), what+" needs a name")
		return
	}
	if !strings.Contains(words[0].Text, "=") && !isArg {
		// Legacy form: the rest of the line is the value.
		name := words[0].Text
		// The value starts after the first word as written (quotes and $VARs make the
		// word's text differ in length from its source).
		raw := strings.TrimLeft(args, " \t")
		end := strings.IndexAny(raw, " \t")
		if end < 0 {
			end = len(raw)
		}
		rest := strings.TrimLeft(raw[end:], " \t")
		off := len(args) - len(rest)
		vw, err := cmdline.Split(rest, func(i int) graph.Pos { return at(off + i) }, scope)
		if err != nil || len(vw) == 0 {
			r.errorAt(words[0].Pos, what+" "+name+" needs a value")
			return
		}
		val := vw[0]
		if len(vw) > 1 {
			val = cmdline.Literal(strings.TrimSpace(rest), vw[0].Pos, false)
		}
		into[name] = &cmdline.Var{Name: name, Value: val, From: what, Pos: words[0].Pos}
		return
	}
	for _, w := range words {
		eq := strings.IndexByte(w.Text, '=')
		if eq < 0 {
			if isArg {
				continue // an ARG without default is set only at build time
			}
			r.errorAt(w.Pos, what+" "+w.Text+": expected NAME=value")
			continue
		}
		if eq == 0 {
			r.errorAt(w.Pos, what+" "+w.Text+": a name is missing before =")
			continue
		}
		name := w.Text[:eq]
		// Words were expanded before any pair is set: a pair sees the values from before
		// the instruction, as Docker's ENV does.
		into[name] = &cmdline.Var{Name: name, Value: w.Slice(eq + 1), From: what, Pos: w.Pos}
	}
}

// form reads CMD or ENTRYPOINT: a JSON array is the exec form, anything else shell form.
func (r *reader) form(args string, at func(int) graph.Pos, pos graph.Pos) cmdline.Form {
	if words, ok := cmdline.ExecForm(args, at); ok {
		return cmdline.Form{Words: words, Pos: pos}
	}
	text := strings.TrimRight(args, " \t\r\n")
	w := cmdline.Text(text, at)
	return cmdline.Form{Shell: &w, Pos: pos}
}

// expose reads EXPOSE 8000 8443/tcp (UDP ports and ranges are no HTTP listeners).
func (r *reader) expose(args string, at func(int) graph.Pos) {
	words, err := cmdline.Split(args, at, r.cur.env)
	if err != nil {
		r.syntax(err)
		return
	}
	for _, w := range words {
		port, proto, _ := strings.Cut(w.Text, "/")
		if proto != "" && !strings.EqualFold(proto, "tcp") || strings.Contains(port, "-") {
			continue
		}
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			r.errorAt(w.Pos, "EXPOSE "+strconv.Quote(w.Text)+" is not a port")
			continue
		}
		r.cur.expose = append(r.cur.expose, graph.Address{Port: n, Pos: w.Pos, Raw: w.Text, PortNote: "EXPOSE"})
	}
}
