package cmdline

import (
	"errors"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
)

// Settings are an app server's settings from one source (a command line, GUNICORN_CMD_ARGS,
// a config file), each with its position; unset ones are not Known.
type Settings struct {
	Keepalive graph.DurationSetting
	// Timeout (gunicorn --timeout) and Graceful (--graceful-timeout) are checked as values;
	// the graph has no place for a worker's own timers yet.
	Timeout  graph.DurationSetting
	Graceful graph.DurationSetting
	Worker   graph.Setting[string]
	Threads  graph.Setting[int]
	// Binds are the addresses it listens on; nil when none is set.
	Binds []graph.Address
	// Config is the file named by -c/--config, if any.
	Config *Word
	// KeepaliveUnknown: the keep-alive is set, but to a value that cannot be known
	// without running anything (an unset variable, a computed value), so no default applies.
	KeepaliveUnknown bool
}

// Over returns s with every setting t knows replacing the one of s (t is read later).
func (s Settings) Over(t Settings) Settings {
	if t.Keepalive.Known() || t.KeepaliveUnknown {
		s.Keepalive, s.KeepaliveUnknown = t.Keepalive, t.KeepaliveUnknown
	}
	over(&s.Timeout, t.Timeout)
	over(&s.Graceful, t.Graceful)
	over(&s.Worker, t.Worker)
	over(&s.Threads, t.Threads)
	if t.Binds != nil {
		s.Binds = t.Binds
	}
	if t.Config != nil {
		s.Config = t.Config
	}
	return s
}

func over[T any](dst *graph.Setting[T], src graph.Setting[T]) {
	if src.Known() {
		*dst = src
	}
}

// Software names of the servers recognised.
const (
	Gunicorn  = "gunicorn"
	Uvicorn   = "uvicorn"
	Hypercorn = "hypercorn"
)

// Server is an app server found on a command line.
type Server struct {
	Software string
	// Pos is the program's word.
	Pos graph.Pos
	Settings
	// Env is the environment the command runs in (with its own NAME=value prefixes).
	Env   Env
	Diags []graph.Diagnostic
}

// WithFile puts the settings of a config file under those of the command line, as the
// servers do (gunicorn: config file, then GUNICORN_CMD_ARGS, then the command line).
func (s *Server) WithFile(f Settings) { s.Settings = f.Over(s.Settings) }

var secondsSyntax = graph.Syntax{Bare: time.Second}

// flag kinds.
const (
	fKeepalive = iota
	fTimeout
	fGraceful
	fWorker
	fThreads
	fBind
	fHost
	fPort
	fConfig
)

// flags maps each server's flags (long and short spellings) to what they set.
var flags = map[string]map[string]int{
	Gunicorn: {"--keep-alive": fKeepalive, "-t": fTimeout, "--timeout": fTimeout, "--graceful-timeout": fGraceful,
		"-k": fWorker, "--worker-class": fWorker, "--threads": fThreads, "-b": fBind, "--bind": fBind, "-c": fConfig, "--config": fConfig},
	Uvicorn:   {"--timeout-keep-alive": fKeepalive, "--timeout-graceful-shutdown": fGraceful, "--host": fHost, "--port": fPort},
	Hypercorn: {"--keep-alive": fKeepalive, "-b": fBind, "--bind": fBind, "-c": fConfig, "--config": fConfig, "-k": fWorker, "--worker-class": fWorker, "--graceful-timeout": fGraceful},
}

// DefaultPort is where the servers listen when no bind or port is given.
const DefaultPort = 8000

// Find looks for an app server in words, a whole command line (shell form already split,
// or an exec-form list): through control operators, NAME=value prefixes, wrappers
// (exec, env, poetry run, python -m ...) and sh -c scripts, whose $VAR references resolve
// through env. It returns nil when no command runs gunicorn, uvicorn or hypercorn.
func Find(words []Word, env Env) *Server {
	for _, cmd := range Commands(words) {
		if s := findIn(cmd, env, 0); s != nil {
			return s
		}
	}
	return nil
}

func findIn(cmd []Word, env Env, depth int) *Server {
	local, cloned := env, false
	for i := 0; i < len(cmd); i++ {
		w := cmd[i]
		if name, ok := assignment(w.Text); ok && i == firstArg(cmd, i) {
			if !cloned {
				local, cloned = env.Clone(), true
			}
			local[name] = &Var{Name: name, Value: w.Slice(len(name) + 1), From: "the command line", Pos: w.Pos}
			continue
		}
		prog := path.Base(w.Text)
		switch prog {
		case Gunicorn, Uvicorn, Hypercorn:
			return parseArgs(prog, w.Pos, cmd[i+1:], local)
		case "sh", "bash", "ash", "dash", "zsh":
			if depth > 2 {
				return nil
			}
			for j := i + 1; j+1 < len(cmd); j++ {
				if strings.HasPrefix(cmd[j].Text, "-") && strings.Contains(cmd[j].Text, "c") && !strings.HasPrefix(cmd[j].Text, "--") {
					script := cmd[j+1]
					words, err := SplitWord(script, local)
					if err != nil {
						return nil
					}
					for _, c := range Commands(words) {
						if s := findIn(c, local, depth+1); s != nil {
							return s
						}
					}
					return nil
				}
			}
			return nil
		}
		if w.Text == "-m" && i+1 < len(cmd) {
			switch m := cmd[i+1].Text; m {
			case Gunicorn, Uvicorn, Hypercorn:
				return parseArgs(m, cmd[i+1].Pos, cmd[i+2:], local)
			}
		}
	}
	return nil
}

// firstArg returns i when every word before it is an assignment (a NAME=value prefix
// applies to the command only there).
func firstArg(cmd []Word, i int) int {
	for j := range i {
		if _, ok := assignment(cmd[j].Text); !ok {
			return -1
		}
	}
	return i
}

// assignment reports whether s is NAME=value and returns NAME.
func assignment(s string) (string, bool) {
	eq := strings.IndexByte(s, '=')
	if eq <= 0 {
		return "", false
	}
	for i := range eq {
		if !isNameByte(s[i], i == 0) {
			return "", false
		}
	}
	return s[:eq], true
}

// parseArgs reads the server's flags; GUNICORN_CMD_ARGS from env comes first for gunicorn.
func parseArgs(software string, at graph.Pos, args []Word, env Env) *Server {
	s := &Server{Software: software, Pos: at, Env: env}
	if software == Gunicorn {
		if v := env["GUNICORN_CMD_ARGS"]; v != nil {
			words, err := Split(v.Value.Text, v.Value.At, nil)
			if err != nil {
				s.Diags = append(s.Diags, Diag(err, "GUNICORN_CMD_ARGS: "))
			}
			s.Settings = s.flags(words, "GUNICORN_CMD_ARGS")
		}
	}
	s.Settings = s.Over(s.flags(args, ""))
	return s
}

// Diag turns an error of Split or Command into a diagnostic at the offending byte; what
// prefixes the message ("command: ") when not empty.
func Diag(err error, what string) graph.Diagnostic {
	var se *SyntaxError
	if errors.As(err, &se) {
		return graph.Diagnostic{Kind: graph.ParseError, Pos: se.Pos, Message: what + se.Msg}
	}
	return graph.Diagnostic{Kind: graph.ParseError, Message: what + err.Error()}
}

// flags reads args; via names where they came from ("GUNICORN_CMD_ARGS") for messages.
func (s *Server) flags(args []Word, via string) Settings {
	var out Settings
	table := flags[s.Software]
	var host, port *Word
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a.Text == "--" {
			break
		}
		name, val, kind, ok := s.flag(table, args, &i)
		if !ok {
			continue
		}
		key := name
		if via != "" {
			key = via + " " + name
		}
		switch kind {
		case fKeepalive:
			out.KeepaliveUnknown = !s.seconds(&out.Keepalive, val, key)
		case fTimeout:
			s.seconds(&out.Timeout, val, key)
		case fGraceful:
			s.seconds(&out.Graceful, val, key)
		case fWorker:
			if s.resolved(val, key) {
				out.Worker = graph.Setting[string]{Value: val.Text, Origin: graph.Explicit, Pos: val.At(0), Key: key, Raw: val.Text}
				provenance(&out.Worker, val, key)
			}
		case fThreads:
			if s.resolved(val, key) {
				n, err := strconv.Atoi(val.Text)
				if err != nil || n < 1 {
					s.errorAtValue(val, key+": "+strconv.Quote(val.Text)+" is not a positive whole number")
					continue
				}
				out.Threads = graph.Setting[int]{Value: n, Origin: graph.Explicit, Pos: val.At(0), Key: key, Raw: val.Text}
				provenance(&out.Threads, val, key)
			}
		case fBind:
			if out.Binds == nil {
				out.Binds = []graph.Address{}
			}
			if !set(val) {
				// An address from the runtime ($PORT on Heroku) is unknown, and common
				// enough not to be worth a finding.
				continue
			}
			if a, ok := s.bind(val, key); ok {
				out.Binds = append(out.Binds, a)
			}
		case fHost:
			host = &val
		case fPort:
			port = &val
		case fConfig:
			out.Config = &val
		}
	}
	if host != nil || port != nil {
		out.Binds = s.hostPort(host, port)
	}
	return out
}

// flag reads the flag at args[*i] and its value ("--name value", "--name=value", "-kVALUE").
func (s *Server) flag(table map[string]int, args []Word, i *int) (string, Word, int, bool) {
	a := args[*i]
	if !strings.HasPrefix(a.Text, "-") {
		return "", Word{}, 0, false
	}
	if kind, ok := table[a.Text]; ok {
		if *i+1 >= len(args) {
			s.errorAt(a.Pos, a.Text+" needs a value")
			return "", Word{}, 0, false
		}
		*i++
		return a.Text, args[*i], kind, true
	}
	if eq := strings.IndexByte(a.Text, '='); eq > 0 && strings.HasPrefix(a.Text, "--") {
		if kind, ok := table[a.Text[:eq]]; ok {
			return a.Text[:eq], a.Slice(eq + 1), kind, true
		}
	}
	if len(a.Text) > 2 && a.Text[1] != '-' {
		if kind, ok := table[a.Text[:2]]; ok {
			return a.Text[:2], a.Slice(2), kind, true
		}
	}
	return "", Word{}, 0, false
}

func (s *Server) errorAt(p graph.Pos, msg string) {
	s.Diags = append(s.Diags, graph.Diagnostic{Kind: graph.ParseError, Pos: p, Message: msg})
}

// errorAtValue reports a problem with a flag's value at its first byte. An empty value
// has none: one cut from the end of the input ("--port=" last) is reported at the "="
// before it.
func (s *Server) errorAtValue(val Word, msg string) {
	at := val.At(0)
	if val.Text == "" && at.Offset > 0 && at.Col > 1 {
		at.Offset, at.Col = at.Offset-1, at.Col-1
	}
	s.errorAt(at, msg)
}

// resolved reports whether every variable in val is set (or has a default); otherwise the
// value is unknown and a diagnostic says which variable is missing.
func (s *Server) resolved(val Word, key string) bool {
	for _, u := range val.Uses {
		if u.Var == nil && !u.Default {
			s.Diags = append(s.Diags, graph.Diagnostic{Kind: graph.NotInspected, Pos: u.Ref,
				Message: key + ": " + u.Name + " is not set where this command is defined (the runtime, a ConfigMap or a Secret may set it), so the value is unknown"})
			return false
		}
	}
	return true
}

// seconds reads a timeout in whole seconds; false when the value cannot be read.
// set reports whether every variable in val is set or has a default.
func set(val Word) bool {
	for _, u := range val.Uses {
		if u.Var == nil && !u.Default {
			return false
		}
	}
	return true
}

func (s *Server) seconds(dst *graph.DurationSetting, val Word, key string) bool {
	if !s.resolved(val, key) {
		return false
	}
	d, err := secondsSyntax.ParseDuration(val.Text)
	if err != nil {
		msg := key + ": " + strconv.Quote(val.Text) + " is not a whole number of seconds"
		if strings.Contains(val.Text, "$") {
			msg += " (no shell runs an exec-form command, so its variables are not expanded)"
		}
		s.errorAtValue(val, msg)
		return false
	}
	*dst = graph.DurationSetting{Value: graph.Dur(d), Origin: graph.Explicit, Pos: val.At(0), Key: key, Raw: val.Text, BareUnit: time.Second}
	provenance(dst, val, key)
	return true
}

// provenance says which variables a value came from: a value taken from a variable set
// elsewhere is inherited from there (Pos is inside the variable's value, the text to
// change); a reference's own default stays explicit and notes that the variable would
// override it.
func provenance[T any](s *graph.Setting[T], val Word, key string) {
	if len(val.Uses) == 0 {
		return
	}
	var notes []string
	for _, u := range val.Uses {
		switch {
		case u.Var != nil:
			s.Origin = graph.Inherited
			notes = append(notes, "$"+u.Name+" in "+key+" at "+u.Ref.String()+", set by "+u.Var.From+" "+u.Name+" at "+u.Var.Pos.String())
		case u.Default:
			notes = append(notes, "the default of ${"+u.Name+"} in "+key+"; setting "+u.Name+" overrides it")
		}
	}
	s.Note = strings.Join(notes, "; ")
}

func (s *Server) bind(val Word, key string) (graph.Address, bool) {
	t := val.Text
	if strings.HasPrefix(t, "unix:") || strings.HasPrefix(t, "fd://") {
		return graph.Address{}, false
	}
	a, err := graph.ParseAddress(t, DefaultPort)
	if err != nil {
		s.errorAtValue(val, key+": "+err.Error())
		return graph.Address{}, false
	}
	a.Pos = val.At(0)
	return a, true
}

// hostPort is uvicorn's --host and --port (127.0.0.1 and 8000 unless given).
func (s *Server) hostPort(host, port *Word) []graph.Address {
	a := graph.Address{Host: "127.0.0.1", Port: DefaultPort, Pos: s.Pos, Raw: "127.0.0.1:8000"}
	if host != nil && set(*host) {
		a.Host, a.Pos, a.Raw = graph.NormalizeHost(strings.Trim(host.Text, "[]")), host.At(0), host.Text
	}
	if port != nil && !set(*port) {
		return []graph.Address{}
	}
	if port != nil {
		n, err := strconv.Atoi(port.Text)
		if err != nil || n < 1 || n > 65535 {
			s.errorAtValue(*port, "--port: "+strconv.Quote(port.Text)+" is not a port number")
			return []graph.Address{}
		}
		a.Port, a.Pos = n, port.At(0)
		a.Raw = a.HostPort()
	}
	return []graph.Address{a}
}
