package graph

// ListenerAt is the listener of h that a probe on port reaches: the one listening on that
// port, else the hop's only listener (a port mapped by NAT or a Service differs from the
// one the process listens on). Nil when the hop has several and none on that port.
func (h *Hop) ListenerAt(port int) *Listener {
	if l := listenerForPort(h, port); l != nil {
		return l
	}
	if len(h.Listeners) == 1 {
		return h.Listeners[0]
	}
	return nil
}

// Measure replaces s with a value tolint verify measured from url, keeping what the graph
// held in Overrides: the rules then judge the hop by what it does, and TOL601 compares
// the two. at is the probe's line in the topology file, if any.
func Measure(s *DurationSetting, d Duration, url string, at Pos) {
	old := *s
	*s = DurationSetting{Value: d, Origin: Measured, Pos: at, Key: "idle timeout", Note: url}
	if old.Known() {
		s.Overrides = &old
	}
}
