package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
)

// verdict is the outcome of comparing an opener's idle timeout with one timer behind it.
type verdict int

const (
	ordered    verdict = iota
	tooLong            // TOL101: opener keeps idle connections at least as long as the far side
	tooClose           // TOL102: ordered, but by less than the margin
	probesLate         // TOL103: the opener relies on TCP keepalive through an l4 hop, but probes start too late
)

// idleCase is one comparison on a segment: the opener's pool against one far timer (an l4
// hop's flow idle in Via, or the accepting listener's keep-alive).
type idleCase struct {
	seg     *graph.Segment
	far     *graph.Listener
	l4      bool
	verdict verdict
	probe   graph.DurationSetting // TOL103: when probes start
}

// idleCases compares every segment's opener with every timer on it.
func idleCases(g *graph.Graph, margin time.Duration) []idleCase {
	var out []idleCase
	for _, seg := range g.Segments {
		p := seg.Pool
		if p.Reuse.Known() && !p.Reuse.Value {
			continue // connections are not kept idle, so nothing can race
		}
		if !p.Idle.Known() || (!p.Idle.Value.None && p.Idle.Value.D == 0) {
			continue
		}
		for _, v := range seg.Via {
			if c, ok := compareIdle(seg, v, true, margin); ok {
				out = append(out, c)
			}
		}
		if seg.End != nil {
			if c, ok := compareIdle(seg, seg.End, false, margin); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

func compareIdle(seg *graph.Segment, far *graph.Listener, l4 bool, margin time.Duration) (idleCase, bool) {
	opener, limit := seg.Pool.Idle.Value, far.Idle.Value
	// Unknown, unbounded, or "no keep-alive at all" (the far side announces the close with
	// Connection: close, so nobody reuses the connection) cannot race.
	if !far.Idle.Known() || limit.None || limit.D == 0 {
		return idleCase{}, false
	}
	c := idleCase{seg: seg, far: far, l4: l4}
	switch {
	case !opener.None && opener.D+margin <= limit.D:
		c.verdict = ordered
	case l4 && probeTime(seg.Pool).Known():
		c.probe = probeTime(seg.Pool)
		if c.probe.Value.D+margin <= limit.D {
			c.verdict = ordered // probes refresh the l4 flow before it expires
		} else {
			c.verdict = probesLate
		}
	case opener.None || opener.D >= limit.D:
		c.verdict = tooLong
	default:
		c.verdict = tooClose
	}
	return c, c.verdict != ordered
}

// probeTime is when TCP keepalive probes start on the pool's idle connections: the pool's
// own setting, or the host's tcp_keepalive_time when the pool only switches probes on.
func probeTime(p *graph.Pool) graph.DurationSetting {
	k := p.TCPKeepalive.Get()
	if k.Origin == graph.Default && p.Hop.TCP.KeepaliveTime.Known() {
		return p.Hop.TCP.KeepaliveTime
	}
	return k
}

// hopLabel names a hop and, when it differs, the file it came from.
func hopLabel(h *graph.Hop) string {
	if len(h.Names) > 0 && h.ID != h.Names[0] {
		return h.Names[0] + " (" + h.ID + ")"
	}
	return h.ID
}

func segmentPath(seg *graph.Segment) []string {
	path := []string{seg.Pool.Hop.Label()}
	for _, v := range seg.Via {
		path = append(path, v.Hop.Label())
	}
	if seg.End != nil {
		path = append(path, seg.End.Hop.Label())
	}
	return path
}

// openerPos is the value to change: the idle setting, or the pool that relies on a default.
func openerPos(p *graph.Pool) graph.Pos {
	if p.Idle.Pos.IsValid() {
		return p.Idle.Pos
	}
	return p.Pos
}

func farPos(l *graph.Listener) graph.Pos {
	if l.Idle.Pos.IsValid() {
		return l.Idle.Pos
	}
	return l.Pos
}

// idleFinding builds the finding for one comparison; the rules differ only in wording.
func idleFinding(c idleCase, margin time.Duration) Finding {
	p, far := c.seg.Pool, c.far
	opener, limit := p.Idle.Value, far.Idle.Value.D
	farWhat := "closes idle connections"
	if c.l4 {
		farWhat = "(l4) forgets idle flows"
	}
	var msg, fix strings.Builder
	fmt.Fprintf(&msg, "%s of %s keeps idle connections %s (%s), but %s %s after %s (%s)",
		p.Name, p.Hop.Label(), describeIdle(opener), openerHow(p.Idle), far.Hop.Label(), farWhat, graph.FormatDuration(limit), far.Idle.Describe())
	lower := limit - margin
	switch c.verdict {
	case tooLong:
		msg.WriteString(": the far side closes first, so a request sent on a connection it is closing gets a reset or a 502")
	case tooClose:
		fmt.Fprintf(&msg, ": ordered, but by less than the %s margin, so a request sent just before the far side closes can still race the close", graph.FormatDuration(margin))
	case probesLate:
		fmt.Fprintf(&msg, ": TCP keepalive probes would keep the flow alive, but they start after %s (%s), when the flow is already gone", c.probe.Value, c.probe.Describe())
	}
	var fixes []string
	switch {
	case p.Idle.Fixed:
		// The opener's value cannot be changed (a cloud load balancer's fixed timer).
	case lower > 0:
		fixes = append(fixes, fmt.Sprintf("set %s in %s of %s to %s or less", keyOf(p.Idle, "idle timeout"), p.Name, p.Hop.Label(), graph.FormatDuration(lower)))
	default:
		fixes = append(fixes, fmt.Sprintf("turn off reuse of idle connections in %s of %s", p.Name, p.Hop.Label()))
	}
	if c.verdict == probesLate {
		fixes = append(fixes, fmt.Sprintf("start TCP keepalive probes before %s (%s %s or less)", graph.FormatDuration(limit), keyOf(c.probe, "tcp keepalive time"), graph.FormatDuration(lower)))
	}
	if !opener.None && !far.Idle.Fixed {
		fixes = append(fixes, fmt.Sprintf("raise %s of %s to %s or more", keyOf(far.Idle, "idle timeout"), far.Hop.Label(), graph.FormatDuration(opener.D+margin)))
	}
	switch {
	case len(fixes) == 0:
		fix.WriteString("neither value can be configured; only a hop between them that closes idle connections earlier can avoid the race")
	case p.Idle.Fixed:
		fmt.Fprintf(&fix, "%s of %s cannot be changed, so ", keyOf(p.Idle, "idle timeout"), p.Hop.Label())
	}
	fix.WriteString(strings.Join(fixes, ", or "))
	if p.VersionNote != "" {
		msg.WriteString(" (" + p.VersionNote + ")")
	}
	f := Finding{
		Message: msg.String(),
		Pos:     openerPos(p),
		Path:    segmentPath(c.seg),
		Fix:     fix.String(),
		Key:     p.Name + " " + keyOf(p.Idle, "idle") + " -> " + far.Name + " " + keyOf(far.Idle, "idle"),
		Related: []Location{{Pos: farPos(far), Message: fmt.Sprintf("%s of %s: %s %s (%s)", far.Name, hopLabel(far.Hop), keyOf(far.Idle, "idle"), far.Idle.Value, far.Idle.How())}},
	}
	if c.verdict == probesLate && c.probe.Pos.IsValid() {
		f.Related = append(f.Related, Location{Pos: c.probe.Pos, Message: fmt.Sprintf("TCP keepalive probes start after %s (%s, %s)", c.probe.Value, keyOf(c.probe, "tcp keepalive"), c.probe.How())})
	}
	// Show where the connection is made when it is not the line already shown.
	if link := c.seg.Links[0]; link.Pos.IsValid() && link.Pos != f.Pos {
		f.Related = append(f.Related, Location{Pos: link.Pos, Message: fmt.Sprintf("%s connects to %s here", p.Name, c.seg.Links[0].To.Hop.Label())})
	}
	return f
}

// openerHow names the opener's setting without its position, which the finding's own
// location already shows (a default still names its source).
func openerHow(s graph.DurationSetting) string {
	if s.Origin == graph.Explicit {
		return s.Key
	}
	return s.Key + ", " + s.How()
}

func describeIdle(d graph.Duration) string {
	if d.None {
		return "with no limit"
	}
	return "up to " + d.String()
}

func keyOf[T any](s graph.Setting[T], fallback string) string {
	if s.Key != "" {
		return s.Key
	}
	return fallback
}

func checkIdle(p *pass, want verdict) {
	for _, c := range p.idleCases() {
		if c.verdict == want {
			p.report(idleFinding(c, p.cfg.Margin))
		}
	}
}
