package graph

// Graph is the linked model of everything scanned.
type Graph struct {
	Hops  []*Hop
	Links []*Link
	// Segments are the TCP connections: an opener's pool, the l4 hops it passes, and the
	// listener that accepts it.
	Segments []*Segment
	// Unresolved are pool targets that no known hop answers to.
	Unresolved []Unresolved
	// Diags are problems with the input (parse errors, skipped includes, topology errors).
	Diags []Diagnostic
	// Files is the number of files read.
	Files int
}

// Segment is one TCP connection: opened by Pool, passing through the l4 hops' listeners in
// Via (in order), accepted by End.
type Segment struct {
	Pool *Pool
	Via  []*Listener
	End  *Listener
	// Links are the links followed, one more than len(Via).
	Links []*Link
}

// Unresolved is a pool target that matched no listener.
type Unresolved struct {
	Pool *Pool
	// Target points into Pool.Targets.
	Target *Address
}
