package kube

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tolint/tolint/graph"
)

// dump prints the fragments' hops compactly: one line per hop, listener, pool and
// diagnostic, with each known setting's value, origin and line.
func dump(frags []*graph.Fragment) string {
	var b strings.Builder
	for _, fr := range frags {
		fmt.Fprintf(&b, "fragment %s\n", strings.Join(fr.Files, ","))
		for _, h := range fr.Hops {
			fmt.Fprintf(&b, "hop %s %s %s files=%s\n", h.ID, h.Kind, h.Software, strings.Join(h.Files, ","))
			for _, l := range h.Listeners {
				var addrs []string
				for _, a := range l.Addrs {
					addrs = append(addrs, fmt.Sprintf("%s:%d", a.Host, a.Port))
				}
				sort.Strings(addrs)
				fmt.Fprintf(&b, "  listener %s [%s] names=%v idle=%s request=%s\n", l.Name, strings.Join(addrs, " "), l.Names, show(l.Idle), show(l.Request))
			}
			for _, p := range h.Pools {
				var ts []string
				for _, t := range p.Targets {
					ts = append(ts, fmt.Sprintf("%s:%d", t.Host, t.Port))
				}
				fmt.Fprintf(&b, "  pool %s [%s] idle=%s reuse=%s request=%s connect=%s keepalive=%s\n", p.Name, strings.Join(ts, " "),
					show(p.Idle), showBool(p.Reuse), show(p.Request), show(p.Connect), show(p.TCPKeepalive.Get()))
			}
			for _, r := range h.Routes {
				fmt.Fprintf(&b, "  route %s -> %s @%d\n", r.From.Name, r.To.Name, r.Pos.Line)
			}
			if h.TCP.KeepaliveTime.Known() || h.TCP.Timestamps.Known() || h.TCP.TWReuse.Known() || h.TCP.TWRecycle.Known() {
				fmt.Fprintf(&b, "  tcp keepalive=%s timestamps=%s tw_reuse=%v tw_recycle=%s\n", show(h.TCP.KeepaliveTime), showBool(h.TCP.Timestamps), h.TCP.TWReuse.Value, showBool(h.TCP.TWRecycle))
			}
		}
		for _, d := range fr.Diags {
			fmt.Fprintf(&b, "diag %d %s %s\n", d.Kind, d.Pos, d.Message)
		}
	}
	return b.String()
}

func show(s graph.DurationSetting) string {
	switch s.Origin {
	case graph.Unset:
		return "-"
	case graph.Default:
		return fmt.Sprintf("%s(default@%d)", s.Value, s.Pos.Line)
	}
	return fmt.Sprintf("%s@%d:%d", s.Value, s.Pos.Line, s.Pos.Col)
}

func showBool(s graph.Setting[bool]) string {
	switch s.Origin {
	case graph.Unset:
		return "-"
	case graph.Default:
		return fmt.Sprintf("%v(default@%d)", s.Value, s.Pos.Line)
	}
	return fmt.Sprintf("%v@%d:%d", s.Value, s.Pos.Line, s.Pos.Col)
}

// parseAll reads files (name, content pairs, in scan order) together.
func parseAll(files ...string) []*graph.Fragment {
	var fs []*file
	for i := 0; i+1 < len(files); i += 2 {
		fs = append(fs, newFile(files[i], files[i], []byte(files[i+1])))
	}
	return run(fs)
}
