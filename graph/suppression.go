package graph

// Suppression is a `tolint:ignore` comment found in an input file.
type Suppression struct {
	// Pos is where the marker starts.
	Pos Pos
	// Rules are the rule ids or names as written (["TOL101", "TOL102"]).
	Rules []string
	// Reason is the text after "--" (or after the rule ids); empty when none is given.
	Reason string
	// WholeFile is set for tolint:ignore-file.
	WholeFile bool
}
