package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Build joins the parsed fragments and the topology file into a linked graph with its
// connection segments. It is linear in the size of its input plus its output.
func Build(frags []*Fragment, topo *Topology) *Graph {
	g := &Graph{}
	// Maps over all hops and files are sized up front: rehashing them as they grew was a
	// tenth of building 100,000 hops.
	files, hops := 0, 0
	for _, f := range frags {
		files += len(f.Files)
		hops += len(f.Hops)
	}
	seen := make(map[string]bool, files)
	g.Hops = make([]*Hop, 0, hops)
	for _, f := range frags {
		for _, file := range f.Files {
			if !seen[file] {
				seen[file] = true
				g.Files++
			}
		}
		g.Hops = append(g.Hops, f.Hops...)
		g.Diags = append(g.Diags, f.Diags...)
	}

	b := &builder{g: g, byName: make(map[string]*Hop, len(g.Hops))}
	for _, h := range g.Hops {
		b.byName[h.ID] = h
	}
	if topo != nil {
		g.Files++
		b.applyTopology(topo)
	}
	b.sortHops()
	b.link()
	if topo != nil {
		b.declaredLinks(topo)
	}
	b.sortLinks()
	b.segments()
	slices.SortStableFunc(g.Diags, func(a, b Diagnostic) int { return a.Pos.Compare(b.Pos) })
	return g
}

type builder struct {
	g *Graph
	// byName finds hops by ID and by topology name.
	byName map[string]*Hop
	// linked records pool->listener pairs already linked, so a declared link that repeats a
	// matched one is not counted twice.
	linked map[linkKey]bool
	// absorbed are hops a declaration merged into another; they leave Hops in one pass at
	// the end of applyTopology, not one scan of all hops per merge.
	absorbed map[*Hop]bool
}

type linkKey struct {
	from *Pool
	to   *Listener
}

func (b *builder) applyTopology(topo *Topology) {
	b.absorbed = map[*Hop]bool{}
	for _, d := range topo.Hops {
		h := b.hopFor(d)
		b.byName[d.Name] = h
		mergeDeclaration(h, d)
	}
	b.g.Hops = slices.DeleteFunc(b.g.Hops, func(h *Hop) bool { return b.absorbed[h] })
}

// sortHops orders the hops by ID, equal IDs in the order they came, and numbers them for
// sortLinks. The fragments come format by format, each in the order its files were found,
// so the hops are a few sorted runs (7 at 94,000 hops): merging the runs compares each hop
// a few times, where a sort compared it 17 times and took a tenth of the build.
func (b *builder) sortHops() {
	hops := b.g.Hops
	starts := []int{0} // where each sorted run begins, then the end
	for i := 1; i < len(hops); i++ {
		if hops[i].ID < hops[i-1].ID {
			starts = append(starts, i)
		}
	}
	starts = append(starts, len(hops))
	buf := make([]*Hop, len(hops))
	for len(starts) > 2 {
		merged := []int{}
		for i := 0; i+1 < len(starts); i += 2 {
			lo, mid, hi := starts[i], starts[i+1], starts[i+1]
			if i+2 < len(starts) {
				hi = starts[i+2]
			}
			mergeByID(buf[lo:hi], hops[lo:mid], hops[mid:hi])
			merged = append(merged, lo)
		}
		merged = append(merged, len(hops))
		starts = merged
		hops, buf = buf, hops
	}
	b.g.Hops = hops
	for i, h := range hops {
		h.rank = i
	}
}

// mergeByID merges two runs sorted by ID into out, taking from a first on equal IDs.
func mergeByID(out, a, b []*Hop) {
	i, j := 0, 0
	for k := range out {
		if j == len(b) || i < len(a) && a[i].ID <= b[j].ID {
			out[k] = a[i]
			i++
		} else {
			out[k] = b[j]
			j++
		}
	}
}

// hopFor returns the parsed hop a declaration names through config, or a new declared hop.
// When config names several hops (an app and its host's sysctl file), they are merged
// into the first: its listeners, pools and routes gain theirs, and TCP settings it lacks
// come from them.
func (b *builder) hopFor(d *Declaration) *Hop {
	var found *Hop
	for _, ref := range d.Configs {
		h := b.parsedHop(ref)
		switch {
		case h == nil:
			b.g.Diags = append(b.g.Diags, Diagnostic{Kind: ParseError, Pos: ref.Pos,
				Message: fmt.Sprintf("hop %q: config %q names no parsed hop (not a format tolint reads, or it holds several hops: add #object, see tolint graph)", d.Name, ref.ID())})
		case found == nil:
			found = h
		case h != found:
			absorb(found, h)
			b.absorbed[h] = true
			delete(b.byName, h.ID)
			b.byName[h.ID] = found
		}
	}
	if found != nil {
		return found
	}
	kind := d.Kind
	if kind == "" {
		kind = Server
	}
	h := &Hop{ID: d.Name, Kind: kind, Pos: d.Pos}
	b.g.Hops = append(b.g.Hops, h)
	return h
}

// parsedHop finds the hop a config reference names; a file with exactly one hop can be
// named without its object.
func (b *builder) parsedHop(ref ConfigRef) *Hop {
	if h, ok := b.byName[ref.ID()]; ok {
		return h
	}
	if ref.Object != "" {
		return nil
	}
	var only *Hop
	for _, h := range b.g.Hops {
		if !b.absorbed[h] && strings.HasPrefix(h.ID, ref.File+"#") {
			if only != nil {
				return nil
			}
			only = h
		}
	}
	return only
}

// absorb moves what hop from holds into hop into.
func absorb(into, from *Hop) {
	for _, l := range from.Listeners {
		l.Hop = into
	}
	for _, p := range from.Pools {
		p.Hop = into
	}
	into.Listeners = append(into.Listeners, from.Listeners...)
	into.Pools = append(into.Pools, from.Pools...)
	into.Routes = append(into.Routes, from.Routes...)
	into.Files = append(into.Files, from.Files...)
	fillUnset(&into.TCP.Timestamps, from.TCP.Timestamps)
	fillUnset(&into.TCP.TWReuse, from.TCP.TWReuse)
	fillUnset(&into.TCP.TWRecycle, from.TCP.TWRecycle)
	fillUnset(&into.TCP.KeepaliveTime, from.TCP.KeepaliveTime)
}

func fillUnset[T any](dst *Setting[T], src Setting[T]) {
	if !dst.Known() || dst.Origin == Default && src.Origin != Default {
		*dst = src
	}
}

// mergeDeclaration applies a topology entry to a hop: declared values override parsed ones
// (keeping the parsed value in Overrides), then software defaults fill what is still unset.
func mergeDeclaration(h *Hop, d *Declaration) {
	h.Declared = true
	if !slices.Contains(h.Names, d.Name) && h.ID != d.Name {
		h.Names = append(h.Names, d.Name)
	}
	if d.Kind != "" {
		h.Kind = d.Kind
	}
	if d.Software != "" {
		h.Software, h.Version = d.Software, d.Version
	}
	if d.Probe != "" {
		h.Probe, h.ProbePos = d.Probe, d.ProbePos
	}
	for _, a := range d.Listen {
		if a.Port == 0 {
			h.Hosts = append(h.Hosts, a.Host)
			continue
		}
		l := listenerForPort(h, a.Port)
		if l == nil {
			l = ensureListener(h, d.Pos)
		}
		l.Addrs = append(l.Addrs, a)
	}
	if d.Listener.Idle.Known() || d.Listener.Request.Known() || (len(h.Listeners) == 0 && h.Kind != Client) {
		ensureListener(h, d.Pos)
	}
	for _, l := range h.Listeners {
		override(&l.Idle, d.Listener.Idle)
		override(&l.Request, d.Listener.Request)
	}
	p := d.Pool
	if p.Idle.Known() || p.Request.Known() || p.Connect.Known() || p.TCPKeepalive.Known() || p.Reuse.Known() || len(p.Targets) > 0 {
		ensurePool(h, d.Pos)
	}
	for _, pool := range h.Pools {
		override(&pool.Idle, p.Idle)
		override(&pool.Request, p.Request)
		override(&pool.Connect, p.Connect)
		keepalive := pool.TCPKeepalive.Get()
		override(&keepalive, p.TCPKeepalive)
		pool.TCPKeepalive = NewRare(keepalive)
		override(&pool.Reuse, p.Reuse)
		pool.Targets = append(pool.Targets, p.Targets...)
	}
	override(&h.TCP.Timestamps, d.TCP.Timestamps)
	override(&h.TCP.TWReuse, d.TCP.TWReuse)
	override(&h.TCP.TWRecycle, d.TCP.TWRecycle)
	override(&h.TCP.KeepaliveTime, d.TCP.KeepaliveTime)
	fillDefaults(h)
}

func override[T any](dst *Setting[T], decl Setting[T]) {
	if !decl.Known() {
		return
	}
	if dst.Known() {
		old := *dst
		decl.Overrides = &old
	}
	*dst = decl
}

func listenerForPort(h *Hop, port int) *Listener {
	for _, l := range h.Listeners {
		for _, a := range l.Addrs {
			if a.Port == port {
				return l
			}
		}
	}
	if len(h.Listeners) == 1 && len(h.Listeners[0].Addrs) == 0 {
		return h.Listeners[0]
	}
	return nil
}

// ensureListener gives a hop known only from the topology file its listener.
func ensureListener(h *Hop, at Pos) *Listener {
	if len(h.Listeners) == 0 {
		h.Listeners = append(h.Listeners, &Listener{Hop: h, Name: "listener", Pos: at})
		fillListenerDefaults(h, h.Listeners[0])
	}
	return h.Listeners[0]
}

func ensurePool(h *Hop, at Pos) {
	if len(h.Pools) == 0 {
		h.Pools = append(h.Pools, &Pool{Hop: h, Name: "pool", Pos: at})
		fillPoolDefaults(h, h.Pools[0])
	}
}

// fillDefaults sets unset settings from the software's catalogue entry.
func fillDefaults(h *Hop) {
	for _, l := range h.Listeners {
		fillListenerDefaults(h, l)
	}
	for _, p := range h.Pools {
		fillPoolDefaults(h, p)
	}
	if h.Software == "" {
		return
	}
	if !h.TCP.KeepaliveTime.Known() {
		h.TCP.KeepaliveTime, _ = DefaultDuration(h.Software, h.Version, TCPKeepalive, h.Pos)
	}
}

func fillListenerDefaults(h *Hop, l *Listener) {
	if h.Software == "" {
		return
	}
	if !l.Idle.Known() {
		l.Idle, _ = DefaultDuration(h.Software, h.Version, ListenerIdle, l.Pos)
	}
	if !l.Request.Known() {
		l.Request, _ = DefaultDuration(h.Software, h.Version, ListenerRequest, l.Pos)
	}
}

func fillPoolDefaults(h *Hop, p *Pool) {
	if h.Software == "" {
		return
	}
	if !p.Idle.Known() {
		p.Idle, _ = DefaultDuration(h.Software, h.Version, PoolIdle, p.Pos)
	}
	if !p.Reuse.Known() {
		p.Reuse, _ = DefaultBool(h.Software, h.Version, PoolReuse, p.Pos)
	}
	if !p.Request.Known() {
		p.Request, _ = DefaultDuration(h.Software, h.Version, PoolRequest, p.Pos)
	}
	if !p.Connect.Known() {
		p.Connect, _ = DefaultDuration(h.Software, h.Version, PoolConnect, p.Pos)
	}
}

// IsLoopback reports whether a host only makes sense on the same machine.
func IsLoopback(host string) bool {
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}

// hostPort keys listeners by what a target names; a struct, so a lookup builds no string.
type hostPort struct {
	host string
	port int
}

// link matches every pool target against the listeners that answer to it: the same
// host:port, or a name (server_name, topology listen host) on a wildcard listener's port.
// Loopback targets match only listeners of the same hop.
func (b *builder) link() {
	// Sized for the keys it can get, so that it is not rehashed as it grows (a fifth of the
	// build of 100,000 hops was).
	keys, targets := 0, 0
	for _, h := range b.g.Hops {
		for _, l := range h.Listeners {
			for _, a := range l.Addrs {
				if a.Host != "" {
					keys++
				} else {
					keys += len(l.Names) + len(h.Hosts)
				}
			}
		}
		for _, p := range h.Pools {
			targets += len(p.Targets)
		}
	}
	index := make(map[hostPort][]*Listener, keys)
	add := func(host string, port int, l *Listener) {
		k := hostPort{host, port}
		if s := index[k]; len(s) == 0 || s[len(s)-1] != l {
			index[k] = append(s, l)
		}
	}
	for _, h := range b.g.Hops {
		for _, l := range h.Listeners {
			for _, a := range l.Addrs {
				if a.Host != "" {
					add(a.Host, a.Port, l)
					continue
				}
				for _, n := range l.Names {
					add(n, a.Port, l)
				}
				for _, n := range h.Hosts {
					add(n, a.Port, l)
				}
			}
		}
	}
	// Two passes: the first looks each target up and counts the targets nothing listens on
	// and the matches, so that the list of unresolved targets (5,000 in a file of 5,000
	// backends), the links (282,000 at 100,000 files) and the set that drops repeated ones
	// are each allocated once; the second reads what the first found, the index being too
	// large at 100,000 files for a lookup to be cheaper than a cache miss.
	unresolved, matches := 0, 0
	heard := make([][]*Listener, 0, targets)
	var arena []Link
	for pass := range 2 {
		if pass == 1 {
			b.g.Unresolved = make([]Unresolved, 0, unresolved)
			b.linked = make(map[linkKey]bool, matches)
			b.g.Links = make([]*Link, 0, matches)
			arena = make([]Link, 0, matches)
		}
		next := 0
		for _, h := range b.g.Hops {
			for _, p := range h.Pools {
				for i := range p.Targets {
					t := &p.Targets[i]
					if pass == 0 {
						heard = append(heard, index[hostPort{t.Host, t.Port}])
					}
					matched := false
					for _, l := range heard[next] {
						if IsLoopback(t.Host) && l.Hop != h {
							continue
						}
						matched = true
						if pass == 0 {
							matches++
						} else if b.firstLink(p, l) {
							arena = append(arena, Link{From: p, Target: t, To: l, Pos: t.Pos})
							b.g.Links = append(b.g.Links, &arena[len(arena)-1])
						}
					}
					next++
					switch {
					case matched:
					case pass == 0:
						unresolved++
					default:
						b.g.Unresolved = append(b.g.Unresolved, Unresolved{Pool: p, Target: t})
					}
				}
			}
		}
	}
}

// firstLink records that from connects to to, and reports whether it is the first link
// between them (two targets naming one listener, or a declared link repeating a found one).
func (b *builder) firstLink(from *Pool, to *Listener) bool {
	key := linkKey{from, to}
	if b.linked[key] {
		return false
	}
	b.linked[key] = true
	return true
}

// declaredLinks applies "a -> b -> c": the pools of each left hop connect to the listeners
// of the hop on its right. A pool with a declared link no longer counts as unresolved.
func (b *builder) declaredLinks(topo *Topology) {
	declaredFrom := map[*Pool]bool{}
	for _, dl := range topo.Links {
		for i := 0; i+1 < len(dl.Hops); i++ {
			from, to := b.byName[dl.Hops[i]], b.byName[dl.Hops[i+1]]
			for j, h := range []*Hop{from, to} {
				if h == nil && i+j < len(dl.HopPos) {
					// Names declared under hops were checked by the topology parser;
					// what is left here is a parsed hop's id that matched nothing.
					b.g.Diags = append(b.g.Diags, Diagnostic{Kind: ParseError, Pos: dl.HopPos[i+j],
						Message: fmt.Sprintf("no parsed hop has the id %q (ids are shown by tolint graph)", dl.Hops[i+j])})
				}
			}
			if from == nil || to == nil {
				continue
			}
			if len(from.Pools) == 0 {
				ensurePool(from, from.Pos)
			}
			if len(to.Listeners) == 0 {
				ensureListener(to, to.Pos)
			}
			at := dl.Pos
			if i < len(dl.HopPos) {
				at = dl.HopPos[i]
			}
			for _, p := range from.Pools {
				declaredFrom[p] = true
				for _, l := range to.Listeners {
					if b.firstLink(p, l) {
						b.g.Links = append(b.g.Links, &Link{From: p, To: l, Declared: true, Pos: at})
					}
				}
			}
		}
	}
	b.g.Unresolved = slices.DeleteFunc(b.g.Unresolved, func(u Unresolved) bool { return declaredFrom[u.Pool] })
}

func (b *builder) sortLinks() {
	byHopsAndLines := func(x, y *Link) int {
		return cmp.Or(
			cmp.Compare(x.From.Hop.rank, y.From.Hop.rank),
			x.From.Pos.Compare(y.From.Pos),
			cmp.Compare(x.To.Hop.rank, y.To.Hop.rank),
			x.To.Pos.Compare(y.To.Pos))
	}
	// Links are made hop by hop, pool by pool: they mostly arrive in order, and checking
	// costs a fraction of a stable sort.
	if !slices.IsSortedFunc(b.g.Links, byHopsAndLines) {
		slices.SortStableFunc(b.g.Links, byHopsAndLines)
	}
}
