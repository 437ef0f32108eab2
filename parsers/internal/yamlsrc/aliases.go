package yamlsrc

import "gopkg.in/yaml.v3"

// Aliases bounds what aliases may bring into one file's walk, so that a "billion laughs"
// document is refused, not expanded: each alias followed charges the nodes of its anchored
// subtree, and once more than Limit nodes are charged the walk stops.
type Aliases struct {
	// Limit is how many nodes aliases may bring in.
	Limit int
	// Exceeded is called once, with the alias that spent the budget, to report it.
	Exceeded func(alias *yaml.Node)

	spent int
	over  bool
	sizes map[*yaml.Node]int
}

// Over reports whether the budget is spent.
func (a *Aliases) Over() bool { return a.over }

// Resolve follows a document to its content and an alias to its anchored node, charging
// the anchored subtree to the budget. It returns nil for nil, an empty document, and once
// the budget is spent; callers then stop quietly.
func (a *Aliases) Resolve(n *yaml.Node) *yaml.Node {
	for n != nil && !a.over {
		switch {
		case n.Kind == yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil
			}
			n = n.Content[0]
		case n.Kind != yaml.AliasNode:
			return n
		case n.Alias == nil: // yaml.v3 fails on undefined aliases; this only guards a nil
			return nil
		default:
			a.spent += a.size(n.Alias)
			if a.spent > a.Limit {
				a.over = true
				if a.Exceeded != nil {
					a.Exceeded(n)
				}
				return nil
			}
			n = n.Alias
		}
	}
	return nil
}

// Items lists a sequence's elements, resolved (nil when n is no sequence).
func (a *Aliases) Items(n *yaml.Node) []*yaml.Node {
	n = a.Resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if c = a.Resolve(c); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// size counts the nodes of a subtree without following aliases, memoised for anchored nodes.
func (a *Aliases) size(n *yaml.Node) int {
	if n.Anchor != "" {
		if s, ok := a.sizes[n]; ok {
			return s
		}
	}
	s := 1
	for _, c := range n.Content {
		s += a.size(c)
	}
	if n.Anchor != "" {
		if a.sizes == nil {
			a.sizes = make(map[*yaml.Node]int)
		}
		a.sizes[n] = s
	}
	return s
}
