package envoy

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
)

// ParseFiles parses Envoy files and resolves the names they share: an rds
// route_config_name, or a cluster a route names, that one file uses and another defines
// puts both files into one hop (an Envoy fed by one management server), whose id is the
// first of them holding listeners. Every other file is a hop of its own.
func ParseFiles(t *input.Tree, rels []string, opts input.Options) []*graph.Fragment {
	files := make([]*file, len(rels))
	parse1 := func(i int) {
		display := t.Display(rels[i])
		data, err := t.ReadFile(rels[i])
		if err != nil {
			f := newFile(rels[i], display, nil)
			f.errorAt(graph.Pos{File: display}, err.Error())
			files[i] = f
			return
		}
		files[i] = parseFile(data, rels[i], display, opts)
	}
	if workers := min(runtime.GOMAXPROCS(0), len(rels)); workers > 1 {
		var wg sync.WaitGroup
		next := make(chan int)
		for range workers {
			wg.Go(func() {
				for i := range next {
					parse1(i)
				}
			})
		}
		for i := range rels {
			next <- i
		}
		close(next)
		wg.Wait()
	} else {
		for i := range rels {
			parse1(i)
		}
	}
	return link(files, opts)
}

// link groups files that name each other's resources and builds one hop per group.
func link(files []*file, opts input.Options) []*graph.Fragment {
	routesBy := map[string]int{}   // route configuration name -> first file defining it
	clustersBy := map[string]int{} // cluster name -> first file defining it
	for i, f := range files {
		for _, rc := range f.routes {
			if _, dup := routesBy[rc.name]; !dup && rc.name != "" {
				routesBy[rc.name] = i
			}
		}
		for _, c := range f.clusters {
			if _, dup := clustersBy[c.name]; !dup {
				clustersBy[c.name] = i
			}
		}
	}
	parent := make([]int, len(files))
	for i := range parent {
		parent[i] = i
	}
	root := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		if ra, rb := root(a), root(b); ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	for i, f := range files {
		local := map[string]bool{}
		for _, c := range f.clusters {
			local[c.name] = true
		}
		useCluster := func(name string) {
			if j, ok := clustersBy[name]; ok && !local[name] {
				union(i, j)
			}
		}
		for _, l := range f.listeners {
			for _, r := range l.rds {
				if j, ok := routesBy[r.name]; ok {
					union(i, j)
				}
			}
			for _, rc := range l.inline {
				for _, r := range rc.routes {
					useCluster(r.cluster.name)
				}
			}
			for _, r := range l.tcp {
				useCluster(r.name)
			}
		}
		for _, rc := range f.routes {
			for _, r := range rc.routes {
				useCluster(r.cluster.name)
			}
		}
	}
	groups := map[int][]*file{}
	var order []int
	for i, f := range files {
		r := root(i)
		if _, seen := groups[r]; !seen {
			order = append(order, r)
		}
		groups[r] = append(groups[r], f)
	}
	out := make([]*graph.Fragment, 0, len(order))
	for _, r := range order {
		out = append(out, build(groups[r], files, routesBy, opts))
	}
	return out
}

// build makes the hop of a group of files.
func build(group, all []*file, routesBy map[string]int, opts input.Options) *graph.Fragment {
	// The main file is the first with listeners; the others follow in scan order.
	mainIdx := max(slices.IndexFunc(group, func(f *file) bool { return len(f.listeners) > 0 }), 0)
	ordered := append([]*file{group[mainIdx]}, slices.Delete(slices.Clone(group), mainIdx, mainIdx+1)...)
	main := ordered[0]
	frag := &graph.Fragment{}
	hop := &graph.Hop{ID: main.rel, Kind: graph.Proxy, Software: software, Version: opts.Version,
		Pos: graph.Pos{File: main.src.File, Line: 1, Col: 1}}
	pools := map[string]*graph.Pool{}
	used := map[*graph.Pool]bool{} // pools an HTTP route uses
	relayed := map[*graph.Pool]relay{}
	for _, f := range ordered {
		frag.Files = append(frag.Files, f.rel)
		hop.Files = append(hop.Files, f.rel)
		frag.Diags = append(frag.Diags, f.diags...)
		for _, c := range f.clusters {
			if _, dup := pools[c.name]; !dup {
				c.pool.Hop = hop
				pools[c.name] = c.pool
				hop.Pools = append(hop.Pools, c.pool)
			}
		}
	}
	// One route per listener and pool: the first route action naming the cluster.
	type edge struct {
		from *graph.Listener
		to   *graph.Pool
	}
	routed := map[edge]bool{}
	addRoute := func(l *graph.Listener, to ref) *graph.Pool {
		p := pools[to.name]
		if p == nil {
			frag.Diags = append(frag.Diags, graph.Diagnostic{Kind: graph.NotInspected, Pos: to.pos,
				Message: fmt.Sprintf("cluster %s is not in the scan (delivered by CDS?); this route was not inspected", to.name)})
			return nil
		}
		if !routed[edge{l, p}] {
			routed[edge{l, p}] = true
			hop.Routes = append(hop.Routes, &graph.Route{From: l, To: p, Pos: to.pos})
		}
		return p
	}
	for _, f := range ordered {
		for _, l := range f.listeners {
			l.l.Hop = hop
			hop.Listeners = append(hop.Listeners, l.l)
			configs := slices.Clone(l.inline)
			for _, r := range l.rds {
				j, ok := routesBy[r.name]
				if !ok {
					frag.Diags = append(frag.Diags, graph.Diagnostic{Kind: graph.NotInspected, Pos: r.pos,
						Message: fmt.Sprintf("route configuration %s is not in the scan; routes of this listener were not inspected", r.name)})
					continue
				}
				for _, rc := range all[j].routes {
					if rc.name == r.name {
						configs = append(configs, rc)
						break
					}
				}
			}
			for _, rc := range configs {
				for _, d := range rc.domains {
					if !slices.Contains(l.l.Names, d) {
						l.l.Names = append(l.l.Names, d)
					}
				}
				for _, r := range rc.routes {
					p := addRoute(l.l, r.cluster)
					if p != nil && !used[p] {
						used[p] = true
						p.Request, p.RequestKind = r.timeout, graph.WholeResponse
						p.Retries, p.RetryOnTimeout = r.retry.retries, r.retry.onTimeout
						p.PerTry = graph.NewRare(r.retry.perTry)
						p.RetryNonIdempotent = graph.NewRare(r.retry.writes)
					}
				}
			}
			for _, r := range l.tcp {
				if p := addRoute(l.l, r.ref); p != nil {
					if _, ok := relayed[p]; !ok {
						relayed[p] = r
					}
				}
			}
		}
	}
	// A cluster only tcp_proxy uses gets one upstream connection per client connection,
	// closed by the tcp_proxy's idle timer (not the HTTP pool's).
	for p, r := range relayed {
		if !used[p] {
			p.Reuse = graph.Setting[bool]{Value: false, Origin: graph.Default, Pos: r.pos, Key: "tcp_proxy",
				Note: "tcp_proxy opens one upstream connection per downstream connection"}
			p.Idle = r.idle
		}
	}
	frag.Hops = []*graph.Hop{hop}
	slices.SortStableFunc(frag.Diags, func(a, b graph.Diagnostic) int { return a.Pos.Compare(b.Pos) })
	return frag
}
