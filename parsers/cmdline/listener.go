package cmdline

import (
	"strings"

	"github.com/tolint/tolint/graph"
)

// syncWorkers are the spellings of gunicorn's sync worker.
var syncWorkers = map[string]bool{"sync": true, "gunicorn.workers.sync.SyncWorker": true, "egg:gunicorn#sync": true}

// Listen makes h run the server: it sets the hop's software and the listener's idle
// timeout (the catalogue's default when unset, relied on at l.Pos), and, when addrs is
// set, the listener's addresses from the binds (or the server's default bind).
func (s *Server) Listen(h *graph.Hop, l *graph.Listener, addrs bool) {
	h.Software = s.Software
	l.Idle = s.idle()
	unknown := s.KeepaliveUnknown && !l.Idle.Known()
	Defaults(h, l)
	if unknown {
		l.Idle = graph.DurationSetting{}
	}
	if addrs {
		l.Addrs = append(l.Addrs, s.binds()...)
	}
}

// idle is the keep-alive timeout, except for gunicorn's sync worker: it closes each
// connection after its response (Connection: close), so nothing is kept idle and a
// keepalive setting has no effect. A zero idle timeout is how the graph says "no
// keep-alive at all"; the idle rules skip such a listener, as nothing can race its close.
func (s *Server) idle() graph.DurationSetting {
	if s.Software != Gunicorn {
		return s.Keepalive
	}
	w := s.Worker
	if w.Known() && !syncWorkers[w.Value] {
		return s.Keepalive
	}
	if s.Threads.Known() && s.Threads.Value > 1 {
		// gunicorn runs the gthread worker instead of sync when threads > 1.
		return s.Keepalive
	}
	src := ""
	if e, ok := graph.LookupDefault(Gunicorn, "", graph.ListenerIdle); ok {
		src = " (" + e.Source + ")"
	}
	out := graph.DurationSetting{Origin: graph.Default, Pos: s.Pos, Key: "worker_class",
		Note: "gunicorn's default sync worker closes each connection after its response, so no connection is kept idle" + src}
	if w.Known() {
		out = graph.DurationSetting{Origin: w.Origin, Pos: w.Pos, Key: w.Key, Raw: w.Raw,
			Note: joinNote(w.Note, "the sync worker closes each connection after its response, so no connection is kept idle")}
	}
	if s.Keepalive.Known() {
		out.Note += "; " + s.Keepalive.Key + " " + s.Keepalive.Value.String() + " at " + s.Keepalive.Pos.String() + " has no effect with it"
	}
	return out
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// binds are the addresses the server listens on: its binds, gunicorn's 0.0.0.0:$PORT when
// PORT is set, or 127.0.0.1:8000.
func (s *Server) binds() []graph.Address {
	if s.Binds != nil {
		return s.Binds
	}
	if v := s.Env["PORT"]; v != nil && s.Software == Gunicorn {
		if a, err := graph.ParseAddress(strings.TrimSpace(v.Value.Text), 0); err == nil && a.Port > 0 {
			return []graph.Address{{Port: a.Port, Pos: v.Value.At(0), Raw: v.Value.Text, PortNote: "gunicorn binds 0.0.0.0:$PORT when PORT is set (" + v.From + " at " + v.Pos.String() + ")"}}
		}
	}
	return []graph.Address{{Host: "127.0.0.1", Port: DefaultPort, Pos: s.Pos, Raw: "127.0.0.1:8000", PortNote: s.Software + "'s default bind"}}
}

// Defaults fills the listener settings l leaves unset from the catalogue entry of h's
// software, relied on at l.Pos.
func Defaults(h *graph.Hop, l *graph.Listener) {
	if !l.Idle.Known() {
		l.Idle, _ = graph.DefaultDuration(h.Software, h.Version, graph.ListenerIdle, l.Pos)
	}
	if !l.Request.Known() {
		l.Request, _ = graph.DefaultDuration(h.Software, h.Version, graph.ListenerRequest, l.Pos)
	}
}
