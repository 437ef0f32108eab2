package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/internal/atomicfile"
	"github.com/tolint/tolint/internal/baseline"
	"github.com/tolint/tolint/internal/gitdiff"
	"github.com/tolint/tolint/internal/projectconfig"
	"github.com/tolint/tolint/parsers"
	"github.com/tolint/tolint/report"
	"github.com/tolint/tolint/rules"
)

// lintFlags are shared by `tolint`, `tolint lint`, `tolint baseline` and `tolint graph`.
type lintFlags struct {
	format      string
	failOn      string
	margin      time.Duration
	noColor     bool
	assume      []string
	maxFileSize int64
	stdinFormat string
	profile     string
	varFiles    []string
	allowOut    []string
	output      string
	force       bool
	config      string
	baseline    string
	newFromRev  string
	quiet       bool
	verbose     bool

	// project is the .tolint.yaml in effect, if any; projectRead once it was looked for.
	project     *projectconfig.Config
	projectRead bool
	// bytesRead counts the input read, for the collector's pacing (gc.go).
	bytesRead atomic.Int64
}

// registerLoad adds the flags that choose what is read.
func (f *lintFlags) registerLoad(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.config, "config", "", "project config file (default: .tolint.yaml in the first PATH, else in the current directory)")
	fl.StringArrayVar(&f.assume, "assume", nil, "software version to assume when tolint.yaml names none, e.g. --assume nginx=1.24 (repeatable)")
	fl.Int64Var(&f.maxFileSize, "max-file-size", 10<<20, "largest file to read, in bytes")
	fl.StringArrayVar(&f.varFiles, "var-file", nil, "Terraform variable file for the root module in its directory, applied after *.auto.tfvars (repeatable)")
	fl.StringArrayVar(&f.allowOut, "allow-outside", nil, "also read files under this directory, outside the scanned paths, where symlinks lead there (repeatable)")
	fl.StringVar(&f.profile, "profile", "", "Spring profile whose application-PROFILE files and profile documents apply (default: the base configuration only)")
	fl.StringVar(&f.stdinFormat, "stdin-format", "", "format of standard input when a PATH is - ("+strings.Join(parsers.FormatNames(), "|")+"; default: detect)")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "print what was read, skipped and excluded, and the graph's size, on standard error")
}

// register adds the flags of a lint run.
func (f *lintFlags) register(cmd *cobra.Command) {
	f.registerLoad(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "text", "output format: "+strings.Join(report.Formats(), "|"))
	fl.StringVar(&f.output, "output", "", "write the report to this file (atomically) instead of standard output")
	fl.BoolVar(&f.force, "force", false, "let --output replace an existing file")
	fl.StringVar(&f.failOn, "fail-on", "warning", "exit 1 when a finding is at or above this severity: error|warning|info|none")
	fl.DurationVar(&f.margin, "margin", rules.DefaultMargin, "how much shorter an opener's idle timeout must be than the far side's")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the output (colour is used only on a terminal, and never when NO_COLOR is set)")
	fl.StringVar(&f.baseline, "baseline", "", "hide the findings recorded in this baseline file (written by tolint baseline)")
	fl.StringVar(&f.newFromRev, "new-from-rev", "", "report only findings on lines changed since this git revision (e.g. origin/main)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print only findings: no summary line, nothing when clean")
}

// loadProject finds and reads .tolint.yaml: --config, else the first PATH's folder, else
// the working directory. Settings given as flags win over the file.
func (f *lintFlags) loadProject(cmd *cobra.Command, args []string) error {
	if f.projectRead {
		return nil
	}
	f.projectRead = true
	file := f.config
	if file == "" {
		var dirs []string
		if len(args) > 0 && args[0] != "-" {
			dir := args[0]
			if st, err := os.Stat(dir); err == nil && !st.IsDir() {
				dir = filepath.Dir(dir)
			}
			dirs = append(dirs, dir)
		}
		for _, dir := range append(dirs, ".") {
			if file = projectconfig.Find(dir); file != "" {
				break
			}
		}
	}
	if file == "" {
		return nil
	}
	pc, err := projectconfig.Load(file, report.Formats())
	if err != nil {
		return usageError{err}
	}
	f.project = pc
	fl := cmd.Flags()
	set := func(name string) bool { return fl.Lookup(name) != nil && !fl.Changed(name) }
	if pc.Format != "" && set("format") {
		f.format = pc.Format
	}
	if pc.FailOn != "" && set("fail-on") {
		f.failOn = pc.FailOn
	}
	if pc.Margin != nil && set("margin") {
		f.margin = *pc.Margin
	}
	if pc.Baseline != "" && set("baseline") {
		f.baseline = pc.Baseline
	}
	return nil
}

// loaded is what a run read.
type loaded struct {
	graph  *graph.Graph
	result *parsers.Result
}

// load reads .tolint.yaml and the roots, and builds the graph.
func (f *lintFlags) load(cmd *cobra.Command, args []string) (*loaded, error) {
	if err := f.loadProject(cmd, args); err != nil {
		return nil, err
	}
	assume := map[string]string{}
	for _, a := range f.assume {
		sw, v, ok := strings.Cut(a, "=")
		if !ok || sw == "" || v == "" {
			return nil, usagef("--assume %q: want SOFTWARE=VERSION, e.g. nginx=1.24", a)
		}
		assume[strings.ToLower(sw)] = v
	}
	for _, vf := range f.varFiles {
		if st, err := os.Stat(vf); err != nil || !st.Mode().IsRegular() {
			return nil, usagef("--var-file %s: no such file", vf)
		}
	}
	if f.maxFileSize <= 0 {
		return nil, usagef("--max-file-size must be positive")
	}
	if len(args) == 0 {
		args = []string{"."}
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	opts := parsers.Options{Assume: assume, MaxFileSize: f.maxFileSize, Stdin: cmd.InOrStdin(), StdinFormat: f.stdinFormat, Profile: f.profile, VarFiles: f.varFiles, AllowOutside: f.allowOut,
		BytesRead: &f.bytesRead}
	if f.project != nil && len(f.project.Exclude) > 0 {
		opts.Exclude = f.project.Excluded
	}
	res, err := parsers.Load(args, cwd, opts)
	if err != nil {
		return nil, usageError{err}
	}
	l := &loaded{graph: graph.Build(res.Fragments, res.Topology), result: res}
	if f.verbose {
		f.printVerbose(cmd.ErrOrStderr(), l)
	}
	return l, nil
}

// printVerbose says what was read as what, what was skipped and why, and the graph's size.
func (f *lintFlags) printVerbose(w io.Writer, l *loaded) {
	if f.project != nil {
		fmt.Fprintf(w, "config: %s\n", f.project.File)
	}
	byFormat := map[string]int{}
	for _, d := range l.result.Files {
		if d.Format == "" {
			fmt.Fprintf(w, "skipped %s: not a format tolint reads\n", d.File)
			continue
		}
		byFormat[d.Format]++
		fmt.Fprintf(w, "read %s as %s\n", d.File, d.Format)
	}
	for _, e := range l.result.Excluded {
		fmt.Fprintf(w, "skipped %s: excluded by %s\n", e, f.project.File)
	}
	names := make([]string, 0, len(byFormat))
	for name, n := range byFormat {
		names = append(names, fmt.Sprintf("%s %d", name, n))
	}
	slices.Sort(names)
	g := l.graph
	kinds := map[graph.Kind]int{}
	for _, h := range g.Hops {
		kinds[h.Kind]++
	}
	var kindParts []string
	for _, k := range []graph.Kind{graph.Client, graph.Proxy, graph.L4, graph.Server} {
		if kinds[k] > 0 {
			kindParts = append(kindParts, fmt.Sprintf("%d %s", kinds[k], k))
		}
	}
	fmt.Fprintf(w, "files by format: %s\n", strings.Join(names, ", "))
	fmt.Fprintf(w, "graph: %d hops (%s), %d links, %d unresolved pool targets, %d segments; %d tolint:ignore comments\n",
		len(g.Hops), strings.Join(kindParts, ", "), len(g.Links), len(g.Unresolved), len(g.Segments), len(l.result.Suppressions))
}

// rulesConfig is the rules' configuration from flags and .tolint.yaml.
func (f *lintFlags) rulesConfig() rules.Config {
	cfg := rules.Config{Margin: f.margin}
	if f.project != nil {
		cfg.Off, cfg.Severity = f.project.Off, f.project.Severity
	}
	return cfg
}

// check reads the roots, runs the rules and applies suppressions, excludes, the baseline
// and --new-from-rev, in that order. The baseline and the git revision are checked before
// anything is read, so a mistake there costs no time.
func (f *lintFlags) check(cmd *cobra.Command, args []string, useBaseline bool) ([]rules.Finding, report.Stats, error) {
	start := time.Now()
	var stats report.Stats
	if err := f.loadProject(cmd, args); err != nil {
		return nil, stats, err
	}
	if f.margin < 0 {
		return nil, stats, usagef("--margin must not be negative")
	}
	var bl *baseline.Baseline
	if useBaseline && f.baseline != "" {
		var err error
		if bl, err = baseline.Load(f.baseline); err != nil {
			return nil, stats, usageError{err}
		}
	}
	var changes *gitdiff.Changes
	if f.newFromRev != "" {
		dir := "."
		if len(args) > 0 && args[0] != "-" {
			dir = args[0]
			if st, err := os.Stat(dir); err == nil && !st.IsDir() {
				dir = filepath.Dir(dir)
			}
		}
		var err error
		if changes, err = gitdiff.Since(dir, f.newFromRev); err != nil {
			return nil, stats, usageError{err}
		}
	}
	l, err := f.load(cmd, args)
	if err != nil {
		return nil, stats, err
	}
	cfg := f.rulesConfig()
	findings := rules.Run(l.graph, cfg)
	findings, suppressed := rules.Suppress(findings, l.result.Suppressions, cfg)
	if suppressed > 0 {
		stats.Hidden = append(stats.Hidden, report.Hidden{Count: suppressed, By: "tolint:ignore comments"})
	}
	if f.project != nil && len(f.project.Exclude) > 0 {
		var excluded int
		findings, excluded = keep(findings, func(fd *rules.Finding) bool { return !f.project.Excluded(absPath(fd.Pos.File)) })
		if excluded > 0 {
			stats.Hidden = append(stats.Hidden, report.Hidden{Count: excluded, By: "exclude in " + f.project.File})
		}
	}
	if bl != nil {
		var hidden int
		findings, hidden = bl.Filter(findings)
		stats.Hidden = append(stats.Hidden, report.Hidden{Count: hidden, By: "the baseline " + bl.Path()})
	}
	if changes != nil {
		var unchanged int
		findings, unchanged = keep(findings, func(fd *rules.Finding) bool { return touched(changes, fd) })
		stats.Hidden = append(stats.Hidden, report.Hidden{Count: unchanged, By: "lines unchanged since " + f.newFromRev})
	}
	g := l.graph
	stats.Files, stats.Hops, stats.Links, stats.Segments = g.Files, len(g.Hops), len(g.Links), len(g.Segments)
	stats.Duration = time.Since(start)
	return findings, stats, nil
}

// keep returns the findings for which ok holds, and how many it left out.
func keep(findings []rules.Finding, ok func(*rules.Finding) bool) ([]rules.Finding, int) {
	out := findings[:0]
	for i := range findings {
		if ok(&findings[i]) {
			out = append(out, findings[i])
		}
	}
	return out, len(findings) - len(out)
}

// touched: the finding's primary or a related line changed.
func touched(c *gitdiff.Changes, f *rules.Finding) bool {
	if c.Touched(absPath(f.Pos.File), f.Pos.Line) {
		return true
	}
	for _, r := range f.Related {
		if c.Touched(absPath(r.Pos.File), r.Pos.Line) {
			return true
		}
	}
	return false
}

// absPath resolves a printed path (relative to the working directory) the way git and the
// scanned roots name files: absolute, symlinks resolved.
func absPath(file string) string {
	abs, err := filepath.Abs(filepath.FromSlash(file))
	if err != nil {
		return file
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		return resolved
	}
	return abs
}

func runLint(cmd *cobra.Command, args []string, f *lintFlags) error {
	defer paceGC(&f.bytesRead)()
	findings, stats, err := f.check(cmd, args, true)
	if err != nil {
		return err
	}
	failOn, err := rules.ParseSeverity(f.failOn)
	if err != nil {
		return usagef("--fail-on: %v", err)
	}
	if !slices.Contains(report.Formats(), f.format) {
		return usagef("--format %q: want one of %s", f.format, strings.Join(report.Formats(), ", "))
	}
	if f.output != "" {
		if err := atomicfile.Check(f.output, f.force); err != nil {
			return usagef("--output: %v", err)
		}
	}
	out := cmd.OutOrStdout()
	var buf bytes.Buffer
	if f.output != "" {
		out = &buf
	}
	opts := report.Options{Color: useColor(out, f.noColor), Source: report.NewFileLines(), Version: version(), Quiet: f.quiet}
	if err := report.Write(f.format, out, findings, stats, opts); err != nil {
		return err
	}
	if f.output != "" {
		if err := atomicfile.Write(f.output, buf.Bytes(), f.force); err != nil {
			return usagef("--output: %v", err)
		}
	}
	// Formats for machines carry no summary line; say what was hidden where people look.
	if h := stats.HiddenSummary(); h != "" && (f.format != "text" || f.output != "") && !f.quiet {
		fmt.Fprintln(cmd.ErrOrStderr(), "tolint:", h)
	}
	for _, fd := range findings {
		if fd.Severity >= failOn {
			return errFindings
		}
	}
	return nil
}

// useColor: only on a terminal, and never with NO_COLOR set (https://no-color.org).
func useColor(w any, noColor bool) bool {
	if noColor || os.Getenv("NO_COLOR") != "" {
		return false
	}
	file, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := file.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// version is the module version, or the VCS revision of a development build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "(devel)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return fmt.Sprintf("(devel %s)", rev)
}
