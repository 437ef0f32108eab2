// Package parsers finds configuration files under the scanned roots, detects each one's
// format, and parses them in parallel into graph fragments. The format packages below it
// each read one language; this package only dispatches.
package parsers

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/apache"
	"github.com/tolint/tolint/parsers/appserver"
	"github.com/tolint/tolint/parsers/caddy"
	"github.com/tolint/tolint/parsers/envoy"
	"github.com/tolint/tolint/parsers/haproxy"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/parallel"
	"github.com/tolint/tolint/parsers/kube"
	"github.com/tolint/tolint/parsers/nginx"
	"github.com/tolint/tolint/parsers/openapi"
	"github.com/tolint/tolint/parsers/spring"
	"github.com/tolint/tolint/parsers/sysctl"
	"github.com/tolint/tolint/parsers/terraform"
	"github.com/tolint/tolint/parsers/tomcat"
	"github.com/tolint/tolint/parsers/topology"
	"github.com/tolint/tolint/parsers/traefik"
)

// Options control discovery and parsing.
type Options struct {
	// Assume maps software to the version to assume when the topology names none
	// (--assume nginx=1.24).
	Assume map[string]string
	// MaxFileSize caps the size of a file read (0 = input.DefaultMaxFileSize).
	MaxFileSize int64
	// Stdin is read when a root is "-"; StdinFormat names its format (nginx, haproxy, ...),
	// or is empty to detect it from the content.
	Stdin       io.Reader
	StdinFormat string
	// Profile is the Spring profile to read (--profile).
	Profile string
	// VarFiles are Terraform variable files (--var-file), as the user named them.
	VarFiles []string
	// AllowOutside names directories outside the roots that may be read (--allow-outside).
	AllowOutside []string
	// Exclude, when set, leaves out files and folders (by absolute path) from discovery.
	Exclude func(abs string) bool
	// BytesRead, when set, counts the bytes of the files read while Load runs.
	BytesRead *atomic.Int64
}

// StdinName is the file name findings give standard input.
const StdinName = "<stdin>"

// Result is everything read from the roots.
type Result struct {
	Fragments []*graph.Fragment
	Topology  *graph.Topology
	// Suppressions are the tolint:ignore comments of every file read.
	Suppressions []graph.Suppression
	// Files are the candidate files found, with the format each was read as ("" when it
	// is none tolint reads), and Excluded those left out by Options.Exclude.
	Files    []Detection
	Excluded []string
}

// Detection is a file and the format it was read as.
type Detection struct {
	File, Format string
}

// format is one configuration language tolint reads. A format parses either one file at a
// time (parse), or all its files of a tree together (parseFiles) when objects in one file
// refer to objects in others.
type format struct {
	name string
	// sniff gets the root-relative path, so folder names (sites-available) can help.
	sniff      func(rel string, head []byte) bool
	parse      func(t *input.Tree, rel string, opts input.Options) *graph.Fragment
	parseFiles func(t *input.Tree, rels []string, opts input.Options) []*graph.Fragment
	// filesAreIncludes: a fragment's Files after the first are files it includes, which
	// are then no hops of their own.
	filesAreIncludes bool
}

// formats in the order they are tried: the ones that know a file by its name or a strict
// shape first (sysctl's "key = value" before nginx's ".conf").
var formats = []format{
	// App servers' files are known by name only (Dockerfile, docker-compose.yml, Procfile,
	// gunicorn.conf.py, puma.rb), so a compose file is never taken for a manifest.
	{name: "appserver", sniff: appserver.Sniff, parseFiles: appserver.ParseFiles},
	{name: "sysctl", sniff: sysctl.Sniff, parse: sysctl.Parse},
	// Apache's .conf files before nginx's: an httpd line never ends in ';' or '{'.
	{name: "apache", sniff: apache.Sniff, parse: apache.Parse, filesAreIncludes: true},
	{name: "nginx", sniff: nginx.Sniff, parse: nginx.Parse, filesAreIncludes: true},
	{name: "tomcat", sniff: tomcat.Sniff, parse: tomcat.Parse},
	{name: "caddy", sniff: caddy.Sniff, parse: caddy.Parse, filesAreIncludes: true},
	// Traefik before the YAML formats: it claims traefik.yml, TOML, its own keys and files
	// whose only apiVersions are Traefik's CRDs, which Kubernetes would otherwise ignore.
	{name: "traefik", sniff: traefik.Sniff, parseFiles: traefik.ParseFiles},
	{name: "haproxy", sniff: haproxy.Sniff, parse: haproxy.Parse},
	{name: "terraform", sniff: terraform.Sniff, parseFiles: terraform.ParseFiles, filesAreIncludes: true},
	{name: "spring", sniff: spring.Sniff, parse: spring.Parse},
	{name: "openapi", sniff: openapi.Sniff, parse: openapi.Parse},
	{name: "envoy", sniff: envoy.Sniff, parseFiles: envoy.ParseFiles},
	{name: "kube", sniff: kube.Sniff, parseFiles: kube.ParseFiles},
}

// FormatNames lists the formats, for --stdin-format.
func FormatNames() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return names
}

// skipDirs are never descended into.
var skipDirs = map[string]bool{".git": true, "vendor": true, "node_modules": true, ".terraform": true}

// candidate reports whether a file name can hold a configuration tolint reads, so that
// source code, images and the like are never opened.
func candidate(name string) bool {
	if strings.HasPrefix(name, ".tolint") { // tolint's own settings and baseline
		return false
	}
	if topology.IsTopologyFile(name) {
		return true
	}
	ext := path.Ext(name)
	// config-package-dev ships a file as name.conf#package-shared, installed as name.conf;
	// Emacs' #name.conf# is no configuration.
	if hash := strings.IndexByte(ext, '#'); hash > 0 && hash < len(ext)-1 && name[0] != '#' {
		ext = ext[:hash]
	}
	switch ext {
	case ".conf", ".cfg", ".nginx", ".vhost", ".site", "", ".yaml", ".yml", ".json", ".tf", ".tfvars", ".properties", ".toml":
		return true
	}
	lower := strings.ToLower(name)
	// Tomcat's server.xml (other XML files are not opened); Caddyfile.prod, site.caddy.
	if strings.HasSuffix(lower, "server.xml") || caddy.IsCaddyfileName(lower) {
		return true
	}
	return strings.HasPrefix(lower, "nginx") || strings.HasPrefix(lower, "haproxy") || appserver.Sniff(name, nil)
}

// job is one file to read and parse.
type job struct {
	tree *input.Tree
	rel  string
	// walked: the walk found a regular file, so no symlink can lead it out of the root.
	walked bool
	// format, when set, is not detected (standard input with --stdin-format).
	format *format

	// What reading the file gave: the format detected, or a fragment with the reason the
	// file could not be read.
	detected *format
	frag     *graph.Fragment
	size     int // bytes read
}

// detector reads and detects files on every core while the walk is still finding more.
type detector struct {
	jobs []*job // in the order found
	next chan *job
	wg   sync.WaitGroup
	done bool
}

func startDetector() *detector {
	d := &detector{next: make(chan *job, 1024)}
	for range runtime.GOMAXPROCS(0) {
		d.wg.Go(func() {
			for j := range d.next {
				j.frag, j.detected, j.size = readAndDetect(*j)
			}
		})
	}
	return d
}

func (d *detector) add(j job) {
	d.jobs = append(d.jobs, &j)
	d.next <- &j
}

// wait returns every job, read and detected; it may be called more than once.
func (d *detector) wait() []*job {
	if !d.done {
		d.done = true
		close(d.next)
		d.wg.Wait()
	}
	return d.jobs
}

// stdinJob reads standard input whole into a tree rooted at the working directory, where
// nothing else is read from.
func stdinJob(cwd string, opts Options) (job, error) {
	if opts.Stdin == nil {
		return job{}, errors.New("no standard input to read")
	}
	tree, err := input.NewTree(cwd, cwd)
	if err != nil {
		return job{}, err
	}
	limit := opts.MaxFileSize
	if limit <= 0 {
		limit = input.DefaultMaxFileSize
	}
	data, err := io.ReadAll(io.LimitReader(opts.Stdin, limit+1))
	if err != nil {
		return job{}, fmt.Errorf("reading standard input: %w", err)
	}
	if int64(len(data)) > limit {
		return job{}, fmt.Errorf("standard input is larger than the limit of %d bytes (--max-file-size)", limit)
	}
	j := job{tree: tree, rel: StdinName}
	if opts.StdinFormat != "" {
		for i := range formats {
			if formats[i].name == opts.StdinFormat {
				j.format = &formats[i]
			}
		}
		if j.format == nil {
			return job{}, fmt.Errorf("--stdin-format %q: want one of %s", opts.StdinFormat, strings.Join(FormatNames(), ", "))
		}
	}
	tree.Hand(StdinName, data)
	tree.RecordSuppressions(StdinName, data)
	return j, nil
}

// Load discovers and parses everything under roots (directories or single files).
func Load(roots []string, cwd string, opts Options) (*Result, error) {
	res := &Result{}
	d := startDetector()
	defer d.wait()
	var trees []*input.Tree
	var topoDiags []graph.Diagnostic
	for _, root := range roots {
		if root == "-" {
			j, err := stdinJob(cwd, opts)
			if err != nil {
				return nil, err
			}
			d.add(j)
			trees = append(trees, j.tree)
			continue
		}
		st, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("cannot scan %s: %w", root, err)
		}
		dir, only := root, ""
		if !st.IsDir() {
			dir, only = filepath.Dir(root), filepath.Base(root)
		}
		tree, err := input.NewTree(dir, cwd)
		if err != nil {
			return nil, fmt.Errorf("cannot scan %s: %w", root, err)
		}
		if opts.MaxFileSize > 0 {
			tree.MaxBytes = opts.MaxFileSize
		}
		tree.BytesRead = opts.BytesRead
		if err := tree.AllowOutside(opts.AllowOutside); err != nil {
			return nil, err
		}
		trees = append(trees, tree)
		if only != "" {
			d.add(job{tree: tree, rel: only})
			continue
		}
		excluded, walkDiags := discover(tree, opts.Exclude, func(f job) {
			if !strings.Contains(f.rel, "/") && topology.IsTopologyFile(f.rel) {
				topo, diags := topology.Parse(tree, f.rel)
				topoDiags = append(topoDiags, diags...)
				res.Topology = mergeTopology(res.Topology, topo, tree)
				return
			}
			d.add(f)
		})
		res.Excluded = append(res.Excluded, excluded...)
		topoDiags = append(topoDiags, walkDiags...)
	}
	jobs := d.wait()
	res.Fragments = parseAll(jobs, fileVersions(res.Topology), opts)
	for _, j := range jobs {
		det := Detection{File: j.tree.Display(j.rel)}
		if j.detected != nil {
			det.Format = j.detected.name
		}
		res.Files = append(res.Files, det)
	}
	if len(topoDiags) > 0 {
		res.Fragments = append(res.Fragments, &graph.Fragment{Diags: topoDiags})
	}
	for _, tree := range trees {
		res.Suppressions = append(res.Suppressions, tree.Suppressions()...)
	}
	slices.SortFunc(res.Suppressions, func(a, b graph.Suppression) int { return a.Pos.Compare(b.Pos) })
	return res, nil
}

// discover walks a tree in lexical order and passes each candidate file to found; it
// returns the files and folders left out by exclude.
func discover(tree *input.Tree, exclude func(string) bool, found func(job)) ([]string, []graph.Diagnostic) {
	var excluded []string
	var diags []graph.Diagnostic
	err := filepath.WalkDir(tree.Root(), func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(tree.Root(), p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			diags = append(diags, graph.Diagnostic{Kind: graph.ParseError, Pos: graph.Pos{File: tree.Display(rel), Line: 1, Col: 1},
				Message: "cannot read: " + errors.Unwrap(err).Error()})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != tree.Root() && exclude != nil && exclude(p) {
			if d.IsDir() || candidate(d.Name()) {
				excluded = append(excluded, tree.Display(rel))
			}
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != tree.Root() && skipDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// Symlinked directories are not followed (the walk never enters them either).
			if st, err := os.Stat(p); err == nil && st.IsDir() {
				return nil
			}
		}
		if (d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0) && candidate(d.Name()) {
			found(job{tree: tree, rel: rel, walked: d.Type().IsRegular()})
		}
		return nil
	})
	if err != nil {
		diags = append(diags, graph.Diagnostic{Kind: graph.ParseError, Pos: graph.Pos{File: tree.Display(".")}, Message: err.Error()})
	}
	return excluded, diags
}

// parseAll parses the files read and detected: first each multi-file format its files of
// each tree together, then the one-file formats theirs on every core. The multi-file
// formats go first because they hold every syntax tree of their files at once: before the
// one-file formats' results pile up, that peak is half as high. The output keeps input
// order.
func parseAll(jobs []*job, versions map[string]string, opts Options) []*graph.Fragment {
	type group struct {
		tree   *input.Tree
		format *format
	}
	var order []group
	batches := map[group][]string{}
	sizes := map[group]int{}
	for _, j := range jobs {
		if j.detected == nil || j.detected.parseFiles == nil {
			continue
		}
		g := group{j.tree, j.detected}
		if _, ok := batches[g]; !ok {
			order = append(order, g)
		}
		batches[g] = append(batches[g], j.rel)
		sizes[g] += j.size
	}
	// One group at a time: each parses its files on every core itself, and together they
	// would hold every format's syntax trees at once (the peak of the heap at 100k files).
	// The largest goes first, while the heap holds the least: at 100k files the Kubernetes
	// manifests' trees used to come after the Terraform hops, and the run's peak memory
	// was 90 MB higher.
	largest := make([]int, len(order))
	for i := range largest {
		largest[i] = i
	}
	slices.SortStableFunc(largest, func(a, b int) int { return cmp.Compare(sizes[order[b]], sizes[order[a]]) })
	results := make([][]*graph.Fragment, len(order))
	for _, i := range largest {
		results[i] = parseGroup(order[i].tree, order[i].format, batches[order[i]], opts)
	}
	parallel.Do(len(jobs), func(i int) {
		if j := jobs[i]; j.detected != nil && j.detected.parse != nil {
			j.frag, j.detected = parseOne(*j, j.detected, versions, opts)
		}
	})

	// Included files are dropped per format: only a format whose Files lists what a
	// configuration includes (nginx include, Terraform local modules) says a file is part
	// of another hop; Kubernetes objects in one file only refer to those in another.
	byFormat := map[*format][]*graph.Fragment{}
	var formatsSeen []*format
	add := func(f *format, frags ...*graph.Fragment) {
		if _, ok := byFormat[f]; !ok {
			formatsSeen = append(formatsSeen, f)
		}
		byFormat[f] = append(byFormat[f], frags...)
	}
	for _, j := range jobs {
		if j.frag != nil {
			add(j.detected, j.frag)
		}
	}
	for i, r := range results {
		add(order[i].format, r...)
	}
	var all []*graph.Fragment
	for _, f := range formatsSeen {
		frags := byFormat[f]
		if f == nil || f.filesAreIncludes {
			frags = dropIncluded(frags)
		}
		all = append(all, frags...)
	}
	return all
}

// parseGroup runs a multi-file format over its files of one tree.
func parseGroup(tree *input.Tree, f *format, rels []string, opts Options) (frags []*graph.Fragment) {
	defer func() {
		if r := recover(); r != nil {
			frags = []*graph.Fragment{internalError(tree.Display(rels[0]), r)}
		}
	}()
	frags = f.parseFiles(tree, rels, input.Options{Version: opts.Assume[f.name], Profile: opts.Profile, VarFiles: tree.RelPaths(opts.VarFiles)})
	for _, frag := range frags {
		displayPaths(tree, frag)
	}
	return frags
}

func internalError(display string, r any) *graph.Fragment {
	return &graph.Fragment{Files: []string{display}, Diags: []graph.Diagnostic{{Kind: graph.ParseError, Pos: graph.Pos{File: display, Line: 1, Col: 1},
		Message: fmt.Sprintf("internal error while parsing this file (please report it with the file): %v", r)}}}
}

// displayPaths turns a fragment's root-relative hop ids and files into printed paths.
func displayPaths(tree *input.Tree, frag *graph.Fragment) {
	for _, h := range frag.Hops {
		h.ID = tree.Display(h.ID)
	}
	for i, file := range frag.Files {
		frag.Files[i] = tree.Display(file)
	}
}

// readAndDetect reads a file and detects its format, and hands the contents to the tree for
// the parser that takes the file over. A file that cannot be read gets its diagnostic.
func readAndDetect(j job) (frag *graph.Fragment, detected *format, size int) {
	display := j.tree.Display(j.rel)
	// A bug must cost one file, not the run: the rest is still linted.
	defer func() {
		if r := recover(); r != nil {
			frag, detected, size = internalError(display, r), nil, 0
		}
	}()
	read := j.tree.ReadFile
	if j.walked {
		read = j.tree.ReadWalked
	}
	data, err := read(j.rel)
	var unreadable *input.UnreadableError
	if errors.As(err, &unreadable) && j.format == nil && detect(j.rel, unreadable.Head) == nil && !wellKnown(j.rel) {
		return nil, nil, 0 // a large or binary file that is no configuration of ours: not our business
	}
	if err != nil {
		if errors.Is(err, input.ErrOutside) {
			return &graph.Fragment{Diags: []graph.Diagnostic{{Kind: graph.NotInspected, Pos: graph.Pos{File: display},
				Message: "not inspected: " + err.Error()}}}, nil, 0
		}
		return &graph.Fragment{Files: []string{j.rel}, Diags: []graph.Diagnostic{{Kind: graph.ParseError, Pos: graph.Pos{File: display, Line: 1, Col: 1},
			Message: "cannot read " + j.rel + ": " + trimPathError(err)}}}, nil, 0
	}
	f := j.format
	if f == nil {
		f = detect(j.rel, data[:min(len(data), input.HeadSize)])
	}
	if f == nil && len(data) > input.HeadSize {
		// A long licence or changelog in comments can fill the head: look again after it.
		if rest := afterLeadingComments(data); len(rest) < len(data) {
			f = detect(j.rel, rest[:min(len(rest), input.HeadSize)])
		}
	}
	if f != nil {
		j.tree.Hand(j.rel, data)
	}
	return nil, f, len(data)
}

// parseOne parses a file of a one-file format, whose contents readAndDetect handed over.
func parseOne(j job, f *format, versions map[string]string, opts Options) (frag *graph.Fragment, detected *format) {
	display := j.tree.Display(j.rel)
	defer func() {
		if r := recover(); r != nil {
			frag, detected = internalError(display, r), nil
		}
	}()
	v, ok := versions[display]
	if !ok {
		v = opts.Assume[f.name]
	}
	frag = f.parse(j.tree, j.rel, input.Options{Version: v, Profile: opts.Profile})
	displayPaths(j.tree, frag)
	return frag, f
}

// detect returns the format whose sniffer accepts the file, or nil.
func detect(rel string, head []byte) *format {
	for i := range formats {
		if formats[i].sniff(rel, head) {
			return &formats[i]
		}
	}
	return nil
}

// afterLeadingComments returns data from its first line that is neither blank nor a '#'
// comment.
func afterLeadingComments(data []byte) []byte {
	rest := data
	for len(rest) > 0 {
		line := bytes.TrimLeft(rest, " \t\r")
		if len(line) > 0 && line[0] != '#' && line[0] != '\n' {
			return rest
		}
		nl := bytes.IndexByte(line, '\n')
		if nl < 0 {
			return nil
		}
		rest = line[nl+1:]
	}
	return rest
}

// wellKnown names files that are configuration whatever their content, so that a broken
// one is reported rather than skipped.
func wellKnown(rel string) bool {
	switch strings.ToLower(path.Base(rel)) {
	case "nginx.conf", "haproxy.cfg", "envoy.yaml", "envoy.json", "sysctl.conf", "main.tf",
		"application.yml", "application.yaml", "application.properties",
		"server.xml", "httpd.conf", "apache2.conf", "traefik.yml", "traefik.yaml", "traefik.toml",
		"caddyfile", "caddy.json":
		return true
	}
	return false
}

// trimPathError drops the path os errors repeat, since the message already names the file.
func trimPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// dropIncluded removes the fragments of files another fragment included: an included file
// is part of the hop that includes it, not a hop of its own. Fragments no other file
// includes are kept first; a fragment is then dropped when a kept one covers its file. Files
// that include each other in a cycle (conf.d/*.conf including *.conf) keep the first of
// them, in path order, rather than dropping all of them.
func dropIncluded(frags []*graph.Fragment) []*graph.Fragment {
	includedByOther := map[string]bool{}
	for _, f := range frags {
		for _, file := range f.Files[min(1, len(f.Files)):] {
			if len(f.Files) > 0 && file != f.Files[0] {
				includedByOther[file] = true
			}
		}
	}
	covered := map[string]bool{}
	keep := make([]bool, len(frags))
	cover := func(i int) {
		keep[i] = true
		for _, file := range frags[i].Files[min(1, len(frags[i].Files)):] {
			covered[file] = true
		}
	}
	var rest []int
	for i, f := range frags {
		if len(f.Files) == 0 || !includedByOther[f.Files[0]] {
			cover(i)
		} else {
			rest = append(rest, i)
		}
	}
	slices.SortStableFunc(rest, func(a, b int) int { return strings.Compare(frags[a].Files[0], frags[b].Files[0]) })
	for _, i := range rest {
		if !covered[frags[i].Files[0]] {
			cover(i)
		}
	}
	out := frags[:0]
	for i, f := range frags {
		if keep[i] {
			out = append(out, f)
		}
	}
	return out
}

// mergeTopology joins the topology files of several roots; config paths become display paths
// so they match hop IDs.
func mergeTopology(into, topo *graph.Topology, tree *input.Tree) *graph.Topology {
	if topo == nil {
		return into
	}
	declared := map[string]bool{}
	for _, d := range topo.Hops {
		declared[d.Name] = true
		for i := range d.Configs {
			d.Configs[i].File = tree.Display(d.Configs[i].File)
		}
	}
	for _, l := range topo.Links {
		for i, name := range l.Hops {
			if !declared[name] && topology.IsHopID(name) {
				l.Hops[i] = tree.Display(name)
			}
		}
	}
	if into == nil {
		return topo
	}
	into.Hops = append(into.Hops, topo.Hops...)
	into.Links = append(into.Links, topo.Links...)
	return into
}

// fileVersions maps each file a topology entry names to the software version it gives.
func fileVersions(topo *graph.Topology) map[string]string {
	versions := map[string]string{}
	if topo == nil {
		return versions
	}
	for _, d := range topo.Hops {
		for _, ref := range d.Configs {
			if d.Version != "" {
				versions[ref.File] = d.Version
			}
		}
	}
	return versions
}
