package appconf

import (
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/cmdline"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// Puma's default bind (Puma::Configuration DefaultTCPHost and DefaultTCPPort).
const pumaDefaultPort = 9292

// IsGunicorn reports whether a file name is a gunicorn configuration file by its name:
// gunicorn.conf.py and the common gunicorn_conf.py, gunicorn_config.py, gunicorn.py.
func IsGunicorn(rel string) bool {
	base := strings.ToLower(path.Base(rel))
	return strings.HasPrefix(base, "gunicorn") && strings.HasSuffix(base, ".py")
}

// IsPuma reports whether a file is a Puma configuration: puma.rb, or a file in a puma/
// folder (config/puma/production.rb).
func IsPuma(rel string) bool {
	return path.Base(rel) == "puma.rb" || strings.HasSuffix(rel, ".rb") && path.Base(path.Dir(rel)) == "puma"
}

// Config is what a configuration file sets, and the problems found reading it.
type Config struct {
	cmdline.Settings
	Diags []graph.Diagnostic
}

// reader applies the statements of one file to a Config.
type reader struct {
	ev  *evaluator
	out *Config
}

func newReader(data []byte, file string, ruby bool) *reader {
	src := yamlsrc.New(file, data)
	ev := &evaluator{lex: &lexer{src: string(data), ruby: ruby}, src: src, names: map[string]value{}}
	ev.advance()
	return &reader{ev: ev, out: &Config{}}
}

// atLineStart reports whether the current token starts its line (a top-level statement).
func (r *reader) atLineStart() bool {
	off := r.ev.tok.off
	return off == 0 || r.ev.lex.src[off-1] == '\n'
}

// Gunicorn reads a gunicorn.conf.py: top-level NAME = value assignments.
func Gunicorn(data []byte, file string) *Config {
	r := newReader(data, file, false)
	ev := r.ev
	for ev.tok.kind != tEOF {
		if ev.tok.kind == tName && r.atLineStart() {
			name := ev.tok
			ev.advance()
			if ev.is("=") {
				ev.advance()
				v := ev.expr()
				ev.names[name.text] = v
				r.gunicorn(name.text, v)
			}
		}
		ev.skipStatement()
		ev.advance()
	}
	return r.out
}

func (r *reader) gunicorn(name string, v value) {
	s := &r.out.Settings
	switch name {
	case "keepalive":
		s.KeepaliveUnknown = !r.seconds(&s.Keepalive, name, v)
	case "timeout":
		r.seconds(&s.Timeout, name, v)
	case "graceful_timeout":
		r.seconds(&s.Graceful, name, v)
	case "worker_class":
		if r.known(name, v) {
			if !v.isStr {
				r.errorAt(v.pos, name+": expected a string")
				return
			}
			s.Worker = graph.Setting[string]{Value: v.str, Origin: graph.Explicit, Pos: v.pos, Key: name, Raw: v.raw, Note: v.note}
		}
	case "threads":
		if n, ok := r.whole(name, v); ok {
			s.Threads = graph.Setting[int]{Value: n, Origin: graph.Explicit, Pos: v.pos, Key: name, Raw: v.raw, Note: v.note}
		}
	case "bind":
		if !r.known(name, v) {
			return
		}
		items := []value{v}
		if v.isLst {
			items = v.list
		}
		s.Binds = []graph.Address{}
		for _, it := range items {
			r.bind(it, cmdline.DefaultPort)
		}
	}
}

// Puma reads a puma.rb: top-level setting calls (persistent_timeout 75, port 3000, bind
// "tcp://0.0.0.0:3000").
func Puma(data []byte, file string) *Config {
	r := newReader(data, file, true)
	ev := r.ev
	for ev.tok.kind != tEOF {
		if ev.tok.kind == tName && r.atLineStart() {
			name := ev.tok
			ev.advance()
			var args []value
			switch {
			case ev.is("("):
				ev.advance()
				args = ev.args(")")
			case ev.is("="):
				ev.advance()
				ev.names[name.text] = ev.expr()
			case ev.tok.kind != tNewline && ev.tok.kind != tEOF && !ev.is("."):
				args = ev.args("\n")
			}
			if len(args) > 0 {
				r.puma(name.text, args)
			}
		}
		ev.skipStatement()
		ev.advance()
	}
	return r.out
}

func (r *reader) puma(name string, args []value) {
	s := &r.out.Settings
	switch name {
	case "persistent_timeout":
		s.KeepaliveUnknown = !r.seconds(&s.Keepalive, name, args[0])
	case "first_data_timeout":
		r.seconds(&s.Timeout, name, args[0])
	case "worker_shutdown_timeout":
		r.seconds(&s.Graceful, name, args[0])
	case "port":
		n, ok := r.whole(name, args[0])
		if !ok {
			return
		}
		host := "0.0.0.0"
		if len(args) > 1 && args[1].unknown == "" && args[1].isStr {
			host = args[1].str
		}
		if s.Binds == nil {
			s.Binds = []graph.Address{}
		}
		s.Binds = append(s.Binds, graph.Address{Host: graph.NormalizeHost(host), Port: n, Pos: args[0].pos, Raw: args[0].raw})
	case "bind":
		if !r.known(name, args[0]) {
			return
		}
		if s.Binds == nil {
			s.Binds = []graph.Address{}
		}
		r.bind(args[0], pumaDefaultPort)
	}
}

func (r *reader) errorAt(p graph.Pos, msg string) {
	r.out.Diags = append(r.out.Diags, graph.Diagnostic{Kind: graph.ParseError, Pos: p, Message: msg})
}

// known reports whether v could be read; an unknown value of a setting tolint uses is
// reported, since the setting then falls back to nothing known.
func (r *reader) known(name string, v value) bool {
	if v.unknown == "" {
		return true
	}
	why := v.unknown
	if env, ok := strings.CutPrefix(why, "environment:"); ok {
		why = "the environment variable " + env + ", with no default written"
	}
	r.out.Diags = append(r.out.Diags, graph.Diagnostic{Kind: graph.NotInspected, Pos: v.pos,
		Message: name + " comes from " + why + "; tolint reads literals, arithmetic and environment defaults without running the file, so its value is unknown"})
	return false
}

// seconds reads a timeout in seconds; false when the value cannot be read.
func (r *reader) seconds(dst *graph.DurationSetting, name string, v value) bool {
	if !r.known(name, v) {
		return false
	}
	v = number(v)
	if v.unknown != "" || v.isStr || v.isLst || v.num < 0 || v.num > float64(1<<33) {
		r.errorAt(v.pos, name+": "+v.raw+" is not a number of seconds")
		return false
	}
	*dst = graph.DurationSetting{Value: graph.Dur(time.Duration(v.num * float64(time.Second))), Origin: graph.Explicit,
		Pos: v.pos, Key: name, Raw: v.raw, BareUnit: time.Second, Note: v.note}
	return true
}

func (r *reader) whole(name string, v value) (int, bool) {
	if !r.known(name, v) {
		return 0, false
	}
	v = number(v)
	if v.unknown != "" || v.isStr || v.isLst || v.num != float64(int(v.num)) || v.num < 0 || v.num > 1<<31 {
		r.errorAt(v.pos, name+": "+v.raw+" is not a whole number")
		return 0, false
	}
	return int(v.num), true
}

// bind reads "host:port", "tcp://host:port", "unix:..." (skipped: no TCP listener).
func (r *reader) bind(v value, defaultPort int) {
	if !r.known("bind", v) {
		return
	}
	if !v.isStr {
		r.errorAt(v.pos, "bind: expected a string")
		return
	}
	t := strings.TrimPrefix(v.str, "tcp://")
	if strings.Contains(t, "://") || strings.HasPrefix(t, "unix:") || strings.HasPrefix(t, "fd://") {
		return
	}
	t, _, _ = strings.Cut(t, "?")
	a, err := graph.ParseAddress(t, defaultPort)
	if err != nil {
		r.errorAt(v.pos, "bind: "+err.Error())
		return
	}
	a.Pos, a.Raw = v.pos, v.str
	r.out.Binds = append(r.out.Binds, a)
}

// PumaListener makes the listener of a Puma configured by c on hop h, at pos.
func PumaListener(h *graph.Hop, c *Config, pos graph.Pos) *graph.Listener {
	h.Software = "puma"
	l := &graph.Listener{Hop: h, Name: "puma", Pos: pos, Idle: c.Keepalive, Addrs: c.Binds}
	defer func() {
		if c.KeepaliveUnknown {
			l.Idle = graph.DurationSetting{}
		}
	}()
	if c.Binds == nil {
		l.Addrs = []graph.Address{{Port: pumaDefaultPort, Pos: pos, Raw: "0.0.0.0:" + strconv.Itoa(pumaDefaultPort), PortNote: "Puma's default bind"}}
	}
	cmdline.Defaults(h, l)
	return l
}
