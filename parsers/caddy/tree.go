package caddy

import (
	"github.com/tolint/tolint/graph"
)

// maxDepth bounds block nesting and snippet expansion.
const maxDepth = 100

// node is a directive: the words of its line and, when the line ends in "{", the lines of
// its block.
type node struct {
	args     []token
	body     []*node
	hasBlock bool
	// brace is the offset of the block's "{".
	brace int
	// file is the source the node was read from (imports bring in other files).
	file *source
}

func (n *node) name() string {
	if len(n.args) == 0 {
		return ""
	}
	return n.args[0].text
}

// tree nests the lines of toks into nodes; problems go to errorAt.
func tree(toks []token, f *source, errorAt func(graph.Pos, string)) []*node {
	type frame struct {
		n     *node
		nodes []*node
	}
	var stack []frame
	var top []*node
	add := func(n *node) {
		if len(stack) > 0 {
			stack[len(stack)-1].nodes = append(stack[len(stack)-1].nodes, n)
		} else {
			top = append(top, n)
		}
	}
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && toks[j].line == toks[i].line {
			j++
		}
		line := toks[i:j]
		i = j
		for len(line) > 0 {
			first := line[0]
			if first.text == "}" && !first.quoted {
				if len(stack) == 0 {
					errorAt(f.pos(first.off), "unexpected '}': no block is open")
				} else {
					fr := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					fr.n.body = fr.nodes
					add(fr.n)
				}
				line = line[1:]
				continue
			}
			n := &node{file: f}
			k := 0
			for k < len(line) && !opensBlock(line, k) && (line[k].text != "}" || line[k].quoted) {
				k++
			}
			n.args = line[:k]
			rest := line[k:]
			if len(rest) > 0 && rest[0].text == "{" {
				if len(stack) == maxDepth {
					errorAt(f.pos(rest[0].off), "blocks nested too deep; the rest of the file is not read")
					return top
				}
				n.hasBlock, n.brace = true, rest[0].off
				stack = append(stack, frame{n: n})
				rest = rest[1:]
			} else if len(n.args) > 0 {
				add(n)
			}
			line = rest
		}
	}
	for len(stack) > 0 {
		fr := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		errorAt(f.pos(fr.n.brace), "block is not closed: a '}' is missing")
		fr.n.body = fr.nodes
		add(fr.n)
	}
	return top
}

// opensBlock reports whether word k of a line is the "{" that ends it and opens a block.
func opensBlock(line []token, k int) bool {
	return k == len(line)-1 && line[k].text == "{" && !line[k].quoted
}
