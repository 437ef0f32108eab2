package graph

import "fmt"

// tail is the rest of a connection after it reaches the l4 listener at: the link it leaves
// by and the tail after that link (shared between every path that reaches the same
// listener, so a long chain of l4 hops is stored once), and the listener that finally
// accepts the connection (nil when the l4 hop forwards somewhere unknown).
type tail struct {
	at   *Listener
	link *Link
	rest *tail
	end  *Listener
}

// segments builds one Segment per (opener pool, path through l4 hops, accepting listener).
// The tails behind each l4 listener are computed once and shared, so the work is linear in
// the number of links plus the size of the segments produced.
func (b *builder) segments() {
	pools := 0
	for _, h := range b.g.Hops {
		pools += len(h.Pools)
	}
	out := make(map[*Pool][]*Link, pools)
	for _, l := range b.g.Links {
		out[l.From] = append(out[l.From], l)
	}
	s := &segmenter{out: out, memo: map[*Listener][]*tail{}, state: map[*Listener]int{}, b: b}
	for _, h := range b.g.Hops {
		if h.Kind == L4 {
			continue // an l4 hop passes connections on; it opens none of its own
		}
		for _, p := range h.Pools {
			for _, l := range out[p] {
				if l.To.Hop.Kind != L4 {
					b.g.Segments = append(b.g.Segments, &Segment{Pool: p, End: l.To, Links: []*Link{l}})
					continue
				}
				for _, t := range s.tails(l.To) {
					seg := &Segment{Pool: p, End: t.end, Links: []*Link{l}}
					for ; t != nil; t = t.rest {
						seg.Via = append(seg.Via, t.at)
						if t.link != nil {
							seg.Links = append(seg.Links, t.link)
						}
					}
					b.g.Segments = append(b.g.Segments, seg)
				}
			}
		}
	}
}

type segmenter struct {
	b     *builder
	out   map[*Pool][]*Link
	memo  map[*Listener][]*tail
	state map[*Listener]int // 1 = being expanded (a loop if met again), 2 = done
}

const (
	expanding = 1
	expanded  = 2
)

func (s *segmenter) tails(l *Listener) []*tail {
	switch s.state[l] {
	case expanded:
		return s.memo[l]
	case expanding:
		s.b.g.Diags = append(s.b.g.Diags, Diagnostic{Kind: ParseError, Pos: l.Pos,
			Message: fmt.Sprintf("l4 hops forward in a loop back to %s (%s); the loop is cut here", l.Hop.Label(), l.Name)})
		return nil
	}
	s.state[l] = expanding
	var result []*tail
	forwarded := false
	for _, p := range poolsOf(l) {
		for _, next := range s.out[p] {
			forwarded = true
			if next.To.Hop.Kind != L4 {
				result = append(result, &tail{at: l, link: next, end: next.To})
				continue
			}
			for _, t := range s.tails(next.To) {
				result = append(result, &tail{at: l, link: next, rest: t, end: t.end})
			}
		}
	}
	if !forwarded {
		// The l4 hop forwards somewhere unknown: its idle timer still binds the opener.
		result = append(result, &tail{at: l})
	}
	s.memo[l], s.state[l] = result, expanded
	return result
}

// poolsOf returns the pools a listener's connections go on to: its routes' pools, or every
// pool of the hop when it declares no routes (an l4 hop usually has one).
func poolsOf(l *Listener) []*Pool {
	var pools []*Pool
	for _, r := range l.Hop.Routes {
		if r.From == l {
			pools = append(pools, r.To)
		}
	}
	if len(pools) == 0 {
		return l.Hop.Pools
	}
	return pools
}
