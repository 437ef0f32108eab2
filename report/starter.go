package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
)

// StarterTopology writes a first tolint.yaml for `tolint init`: every hop found, with its id,
// kind and idle timeouts, as comments for reference (they need no entry), and an entry to
// fill in, commented out, for every address pools connect to that no scanned file describes.
// The entries stay commented out until someone knows the far side's idle timeout: a guessed
// value would hide the very mismatch tolint looks for. Paths are printed relative to the
// file's folder, as tolint.yaml names files: prefix (the folder as findings print it, e.g.
// "infra/") is removed.
func StarterTopology(w io.Writer, g *graph.Graph, prefix string) error {
	oneLine := func(s string) string { return oneLine(trimPathPrefix(s, prefix)) }
	var b strings.Builder
	b.WriteString(`# tolint.yaml: the hops tolint cannot read from configuration files, and links between hops.
# Written by "tolint init"; reference: https://github.com/tolint/tolint#tolintyaml
#
# Hops found in the scanned files (they need no entry here; "config: FILE" in an entry names one
# of them, to add settings or a software version to it):
`)
	if len(g.Hops) == 0 {
		b.WriteString("#   none\n")
	}
	for _, h := range g.Hops {
		fmt.Fprintf(&b, "#   %s: %s", oneLine(h.ID), h.Kind)
		if h.Software != "" {
			fmt.Fprintf(&b, ", %s", h.Software)
		}
		b.WriteString("\n")
		for _, l := range h.Listeners {
			fmt.Fprintf(&b, "#     listener %s: idle %s\n", oneLine(l.Name), oneLine(describeSetting(l.Idle)))
		}
		for _, p := range h.Pools {
			targets := make([]string, 0, len(p.Targets))
			for _, t := range p.Targets {
				targets = append(targets, t.HostPort())
			}
			fmt.Fprintf(&b, "#     pool %s: idle %s", oneLine(p.Name), oneLine(describeSetting(p.Idle)))
			if len(targets) > 0 {
				fmt.Fprintf(&b, " -> %s", strings.Join(targets, ", "))
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("\nhops:\n")
	seen := map[string]bool{}
	pending := 0
	for _, u := range g.Unresolved {
		addr := u.Target.HostPort()
		if seen[addr] {
			continue
		}
		seen[addr] = true
		if pending == 0 {
			b.WriteString("  # Pools connect to these addresses, which no scanned file describes. Fill in what you know\n" +
				"  # (kind, software or the listener's idle timeout) and uncomment, so the connection is checked.\n")
		}
		pending++
		fmt.Fprintf(&b, "  # - name: %s   # %s of %s connects here (%s)\n", strconv.Quote(addr), oneLine(u.Pool.Name), oneLine(u.Pool.Hop.Label()), oneLine(u.Target.Pos.String()))
		b.WriteString("  #   kind: server          # client, proxy, l4 or server\n")
		b.WriteString("  #   software: node        # optional: supplies defaults (tolint defaults lists them)\n")
		fmt.Fprintf(&b, "  #   listen: [%s]\n", strconv.Quote(addr))
		b.WriteString("  #   listener:\n")
		b.WriteString("  #     idle: 5s            # how long it keeps an idle connection open\n")
	}
	if pending == 0 {
		b.WriteString("  []  # every pool target is a scanned hop\n")
	} else {
		// An empty list keeps the file valid while every entry is still commented out.
		b.WriteString("  []\n")
	}
	b.WriteString(`
# Links that no address shows, e.g. a client that reaches a load balancer by DNS:
# links:
#   - crawler -> lb -> edge
`)
	_, err := io.WriteString(w, b.String())
	return err
}

func describeSetting(s graph.DurationSetting) string {
	if !s.Known() {
		return "unknown"
	}
	return s.Describe()
}

// oneLine keeps names from config files on one comment line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// trimPathPrefix removes prefix where a path starts: at the start of s or after a space or
// an opening bracket, so "edit/x" keeps its "it/" when prefix is "it/".
func trimPathPrefix(s, prefix string) string {
	if prefix == "" {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, prefix)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		if i == 0 || strings.ContainsRune(" ([", rune(s[i-1])) {
			b.WriteString(s[:i])
		} else {
			b.WriteString(s[:i+len(prefix)])
		}
		s = s[i+len(prefix):]
	}
}
