package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/tolint/tolint/graph"
)

// GraphFormats are the formats of `tolint graph`.
func GraphFormats() []string { return []string{"text", "json"} }

// Graph prints the linked model: every hop with its listeners, pools and routes, every
// setting with where it came from, the links and the connection segments.
func Graph(format string, w io.Writer, g *graph.Graph) error {
	switch format {
	case "text":
		return graphText(w, g)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(graphDoc(g))
	}
	return fmt.Errorf("unknown graph format %q (want %s)", format, strings.Join(GraphFormats(), ", "))
}

type settingJSON struct {
	Value    string     `json:"value"`
	Origin   string     `json:"origin"`
	Key      string     `json:"key,omitempty"`
	At       *graph.Pos `json:"at,omitempty"`
	Note     string     `json:"note,omitempty"`
	Replaces string     `json:"replaces,omitempty"`
}

type addressJSON struct {
	Address string     `json:"address"`
	At      *graph.Pos `json:"at,omitempty"`
	Note    string     `json:"note,omitempty"`
}

type listenerJSON struct {
	Name            string                 `json:"name"`
	At              graph.Pos              `json:"at"`
	Addresses       []addressJSON          `json:"addresses"`
	Names           []string               `json:"names,omitempty"`
	Settings        map[string]settingJSON `json:"settings"`
	KeepAliveHeader *settingJSON           `json:"keep_alive_header,omitempty"`
}

type poolJSON struct {
	Name        string                 `json:"name"`
	At          graph.Pos              `json:"at"`
	Targets     []addressJSON          `json:"targets"`
	Settings    map[string]settingJSON `json:"settings"`
	VersionNote string                 `json:"version_note,omitempty"`
	// RequestKind says what the request timeout measures: "per read" or "whole response".
	RequestKind string `json:"request_kind,omitempty"`
}

type hopJSON struct {
	ID        string                 `json:"id"`
	Names     []string               `json:"names,omitempty"`
	Kind      string                 `json:"kind"`
	Software  string                 `json:"software,omitempty"`
	Version   string                 `json:"version,omitempty"`
	Files     []string               `json:"files,omitempty"`
	Listeners []listenerJSON         `json:"listeners"`
	Pools     []poolJSON             `json:"pools"`
	Routes    []routeJSON            `json:"routes"`
	TCP       map[string]settingJSON `json:"tcp,omitempty"`
}

type routeJSON struct {
	From string    `json:"from"`
	To   string    `json:"to"`
	At   graph.Pos `json:"at"`
}

type endJSON struct {
	Hop  string `json:"hop"`
	Name string `json:"name"`
}

type linkJSON struct {
	From     endJSON    `json:"from"`
	To       endJSON    `json:"to"`
	Target   string     `json:"target,omitempty"`
	Declared bool       `json:"declared,omitempty"`
	At       *graph.Pos `json:"at,omitempty"`
}

type segmentJSON struct {
	Pool endJSON   `json:"pool"`
	Via  []endJSON `json:"via"`
	End  *endJSON  `json:"end"`
}

type graphJSON struct {
	Hops     []hopJSON     `json:"hops"`
	Links    []linkJSON    `json:"links"`
	Segments []segmentJSON `json:"segments"`
}

func posPtr(p graph.Pos) *graph.Pos {
	if !p.IsValid() {
		return nil
	}
	return &p
}

func setting[T any](s graph.Setting[T]) settingJSON {
	out := settingJSON{Value: fmt.Sprint(s.Value), Origin: s.Origin.String(), Key: s.Key, At: posPtr(s.Pos), Note: s.Note}
	if s.Origin == graph.Unset {
		out.Value = ""
	}
	if s.Overrides != nil {
		out.Replaces = s.Overrides.Describe()
	}
	return out
}

// addSetting records s under name unless nothing is known about it.
func addSetting[T any](m map[string]settingJSON, name string, s graph.Setting[T]) {
	if s.Known() {
		m[name] = setting(s)
	}
}

func addresses(as []graph.Address) []addressJSON {
	out := make([]addressJSON, 0, len(as))
	for _, a := range as {
		out = append(out, addressJSON{Address: a.HostPort(), At: posPtr(a.Pos), Note: a.PortNote})
	}
	return out
}

func graphDoc(g *graph.Graph) graphJSON {
	doc := graphJSON{Hops: []hopJSON{}, Links: []linkJSON{}, Segments: []segmentJSON{}}
	for _, h := range g.Hops {
		hj := hopJSON{ID: h.ID, Names: h.Names, Kind: string(h.Kind), Software: h.Software, Version: h.Version, Files: h.Files,
			Listeners: []listenerJSON{}, Pools: []poolJSON{}, Routes: []routeJSON{}, TCP: map[string]settingJSON{}}
		for _, l := range h.Listeners {
			lj := listenerJSON{Name: l.Name, At: l.Pos, Addresses: addresses(l.Addrs), Names: l.Names, Settings: map[string]settingJSON{}}
			addSetting(lj.Settings, "idle", l.Idle)
			addSetting(lj.Settings, "request", l.Request)
			if l.KeepAliveHeader.Known() {
				s := setting(l.KeepAliveHeader)
				lj.KeepAliveHeader = &s
			}
			hj.Listeners = append(hj.Listeners, lj)
		}
		for _, p := range h.Pools {
			pj := poolJSON{Name: p.Name, At: p.Pos, Targets: addresses(p.Targets), Settings: map[string]settingJSON{}, VersionNote: p.VersionNote}
			addSetting(pj.Settings, "idle", p.Idle)
			addSetting(pj.Settings, "reuse", p.Reuse)
			addSetting(pj.Settings, "request", p.Request)
			if p.RequestKind != graph.WaitUnknown {
				pj.RequestKind = p.RequestKind.String()
			}
			addSetting(pj.Settings, "retries", p.Retries)
			addSetting(pj.Settings, "retry_on_timeout", p.RetryOnTimeout)
			addSetting(pj.Settings, "per_try", p.PerTry.Get())
			addSetting(pj.Settings, "retry_window", p.RetryWindow.Get())
			addSetting(pj.Settings, "retry_non_idempotent", p.RetryNonIdempotent.Get())
			addSetting(pj.Settings, "connect", p.Connect)
			addSetting(pj.Settings, "tcp_keepalive", p.TCPKeepalive.Get())
			hj.Pools = append(hj.Pools, pj)
		}
		for _, r := range h.Routes {
			hj.Routes = append(hj.Routes, routeJSON{From: r.From.Name, To: r.To.Name, At: r.Pos})
		}
		addSetting(hj.TCP, "timestamps", h.TCP.Timestamps)
		addSetting(hj.TCP, "tw_reuse", h.TCP.TWReuse)
		addSetting(hj.TCP, "tw_recycle", h.TCP.TWRecycle)
		addSetting(hj.TCP, "keepalive_time", h.TCP.KeepaliveTime)
		doc.Hops = append(doc.Hops, hj)
	}
	for _, l := range g.Links {
		lj := linkJSON{From: endJSON{l.From.Hop.Label(), l.From.Name}, To: endJSON{l.To.Hop.Label(), l.To.Name}, Declared: l.Declared, At: posPtr(l.Pos)}
		if !l.Declared {
			lj.Target = l.Target.HostPort()
		}
		doc.Links = append(doc.Links, lj)
	}
	for _, s := range g.Segments {
		sj := segmentJSON{Pool: endJSON{s.Pool.Hop.Label(), s.Pool.Name}, Via: []endJSON{}}
		for _, v := range s.Via {
			sj.Via = append(sj.Via, endJSON{v.Hop.Label(), v.Name})
		}
		if s.End != nil {
			sj.End = &endJSON{s.End.Hop.Label(), s.End.Name}
		}
		doc.Segments = append(doc.Segments, sj)
	}
	return doc
}

func graphText(w io.Writer, g *graph.Graph) error {
	var b strings.Builder
	line := func(indent int, format string, args ...any) {
		b.WriteString(strings.Repeat("  ", indent))
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	set := func(indent int, name string, s settingJSON, known bool) {
		if !known {
			return
		}
		var how string
		switch {
		case s.Origin == "default":
			how = "default: " + s.Note
		case s.Note != "" && s.At != nil:
			how = s.Note + " at " + s.At.String()
		case s.Note != "":
			how = s.Origin + ": " + s.Note
		case s.At != nil:
			how = s.Origin + " at " + s.At.String()
		default:
			how = s.Origin
		}
		text := name + " " + s.Value + "  (" + how + ")"
		if s.Replaces != "" {
			text += ", replaces " + s.Replaces
		}
		line(indent, "%s", text)
	}
	chains := graph.RequestChains(g)
	for _, h := range g.Hops {
		head := h.Label() + " [" + string(h.Kind)
		if h.Software != "" {
			head += ", " + h.Software
			if h.Version != "" {
				head += "@" + h.Version
			}
		}
		head += "]"
		if h.Label() != h.ID {
			head += " " + h.ID
		}
		line(0, "hop %s", head)
		for _, l := range h.Listeners {
			var addrs []string
			for _, a := range l.Addrs {
				addrs = append(addrs, a.HostPort())
			}
			answers := strings.Join(append(addrs, l.Names...), " ")
			if answers == "" {
				answers = "(no address known)"
			}
			// Names already say what they are ("server api", "frontend fe", "listener x").
			line(1, "accepts on %s (%s): %s", l.Name, l.Pos, answers)
			set(2, "idle", setting(l.Idle), l.Idle.Known())
			set(2, "request", setting(l.Request), l.Request.Known())
		}
		for _, p := range h.Pools {
			var targets []string
			for _, a := range p.Targets {
				targets = append(targets, a.HostPort())
			}
			to := strings.Join(targets, " ")
			if to == "" {
				to = "(no target known)"
			}
			line(1, "connects from %s (%s) -> %s", p.Name, p.Pos, to)
			set(2, "idle", setting(p.Idle), p.Idle.Known())
			set(2, "reuse", setting(p.Reuse), p.Reuse.Known())
			request := setting(p.Request)
			if p.RequestKind != graph.WaitUnknown {
				request.Value += ", " + p.RequestKind.String()
			}
			set(2, "request", request, p.Request.Known())
			set(2, "retries", setting(p.Retries), p.Retries.Known())
			// A default retry condition says little until retries are counted.
			set(2, "retry on timeout", setting(p.RetryOnTimeout), p.Retries.Known() || p.RetryOnTimeout.Known() && p.RetryOnTimeout.Origin != graph.Default)
			set(2, "per-try timeout", setting(p.PerTry.Get()), p.PerTry.Known())
			set(2, "retry window", setting(p.RetryWindow.Get()), p.RetryWindow.Known())
			set(2, "retries non-idempotent requests", setting(p.RetryNonIdempotent.Get()), p.RetryNonIdempotent.Known())
			if w := chains.Wait(p); w != nil && w.Tries > 1 {
				line(2, "waits up to %s for the first response byte: %d tries of %s, %d of them in full", w.Total, w.Tries, w.Try.Value, w.Fit)
			}
			set(2, "connect", setting(p.Connect), p.Connect.Known())
			set(2, "tcp_keepalive", setting(p.TCPKeepalive.Get()), p.TCPKeepalive.Known())
			if p.VersionNote != "" {
				line(2, "note: %s", p.VersionNote)
			}
		}
		for _, r := range h.Routes {
			line(1, "route %s -> %s at %s", r.From.Name, r.To.Name, r.Pos)
		}
		set(1, "tcp timestamps", setting(h.TCP.Timestamps), h.TCP.Timestamps.Known())
		set(1, "tcp tw_recycle", setting(h.TCP.TWRecycle), h.TCP.TWRecycle.Known())
		set(1, "tcp keepalive_time", setting(h.TCP.KeepaliveTime), h.TCP.KeepaliveTime.Known())
	}
	line(0, "")
	for _, l := range g.Links {
		how := "declared"
		if !l.Declared {
			how = "matched " + l.Target.HostPort()
		}
		line(0, "link %s %s -> %s %s (%s at %s)", l.From.Hop.Label(), l.From.Name, l.To.Hop.Label(), l.To.Name, how, l.Pos)
	}
	for _, s := range g.Segments {
		parts := []string{s.Pool.Hop.Label() + " " + s.Pool.Name}
		for _, v := range s.Via {
			parts = append(parts, v.Hop.Label()+" (l4)")
		}
		if s.End != nil {
			parts = append(parts, s.End.Hop.Label()+" "+s.End.Name)
		} else {
			parts = append(parts, "? (forwarded somewhere unknown)")
		}
		line(0, "segment %s", strings.Join(parts, " -> "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
