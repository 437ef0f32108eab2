package graph

import "fmt"

// tail is the rest of a connection after it reaches an l4 listener: the l4 listeners passed
// (starting with that one), the listener that finally accepts it (nil when the l4 hop
// forwards somewhere unknown), and the links followed after the first.
type tail struct {
	via   []*Listener
	end   *Listener
	links []*Link
}

// segments builds one Segment per (opener pool, path through l4 hops, accepting listener).
// The tails behind each l4 listener are computed once and shared, so the work is linear in
// the number of links plus the segments produced.
func (b *builder) segments() {
	out := map[*Pool][]*Link{}
	for _, l := range b.g.Links {
		out[l.From] = append(out[l.From], l)
	}
	s := &segmenter{out: out, memo: map[*Listener][]tail{}, state: map[*Listener]int{}, b: b}
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
					links := make([]*Link, 0, len(t.links)+1)
					links = append(append(links, l), t.links...)
					b.g.Segments = append(b.g.Segments, &Segment{Pool: p, Via: t.via, End: t.end, Links: links})
				}
			}
		}
	}
}

type segmenter struct {
	b     *builder
	out   map[*Pool][]*Link
	memo  map[*Listener][]tail
	state map[*Listener]int // 1 = being expanded (a loop if met again), 2 = done
}

const (
	expanding = 1
	expanded  = 2
)

func (s *segmenter) tails(l *Listener) []tail {
	switch s.state[l] {
	case expanded:
		return s.memo[l]
	case expanding:
		s.b.g.Diags = append(s.b.g.Diags, Diagnostic{Kind: ParseError, Pos: l.Pos,
			Message: fmt.Sprintf("l4 hops forward in a loop back to %s (%s); the loop is cut here", l.Hop.Label(), l.Name)})
		return nil
	}
	s.state[l] = expanding
	var result []tail
	forwarded := false
	for _, p := range poolsOf(l) {
		for _, next := range s.out[p] {
			forwarded = true
			if next.To.Hop.Kind != L4 {
				result = append(result, tail{via: []*Listener{l}, end: next.To, links: []*Link{next}})
				continue
			}
			for _, t := range s.tails(next.To) {
				via := make([]*Listener, 0, len(t.via)+1)
				links := make([]*Link, 0, len(t.links)+1)
				result = append(result, tail{
					via:   append(append(via, l), t.via...),
					end:   t.end,
					links: append(append(links, next), t.links...),
				})
			}
		}
	}
	if !forwarded {
		// The l4 hop forwards somewhere unknown: its idle timer still binds the opener.
		result = append(result, tail{via: []*Listener{l}})
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
