package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/internal/atomicfile"
	"github.com/tolint/tolint/parsers"
	"github.com/tolint/tolint/report"
	"github.com/tolint/tolint/rules"
)

// lintFlags are shared by `tolint`, `tolint lint` and `tolint graph`.
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
	output      string
	force       bool
}

func (f *lintFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "text", "output format: "+strings.Join(report.Formats(), "|"))
	fl.StringVar(&f.output, "output", "", "write the report to this file (atomically) instead of standard output")
	fl.BoolVar(&f.force, "force", false, "let --output replace an existing file")
	fl.StringVar(&f.failOn, "fail-on", "warning", "exit 1 when a finding is at or above this severity: error|warning|info|none")
	fl.DurationVar(&f.margin, "margin", rules.DefaultMargin, "how much shorter an opener's idle timeout must be than the far side's")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the output (colour is used only on a terminal, and never when NO_COLOR is set)")
	fl.StringArrayVar(&f.assume, "assume", nil, "software version to assume when tolint.yaml names none, e.g. --assume nginx=1.24 (repeatable)")
	fl.Int64Var(&f.maxFileSize, "max-file-size", 10<<20, "largest file to read, in bytes")
	fl.StringArrayVar(&f.varFiles, "var-file", nil, "Terraform variable file for the root module in its directory, applied after *.auto.tfvars (repeatable)")
	fl.StringVar(&f.profile, "profile", "", "Spring profile whose application-PROFILE files and profile documents apply (default: the base configuration only)")
	fl.StringVar(&f.stdinFormat, "stdin-format", "", "format of standard input when a PATH is - ("+strings.Join(parsers.FormatNames(), "|")+"; default: detect)")
}

// load reads the roots and builds the graph.
func (f *lintFlags) load(cmd *cobra.Command, args []string) (*graph.Graph, error) {
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
	res, err := parsers.Load(args, cwd, parsers.Options{Assume: assume, MaxFileSize: f.maxFileSize, Stdin: cmd.InOrStdin(), StdinFormat: f.stdinFormat, Profile: f.profile, VarFiles: f.varFiles})
	if err != nil {
		return nil, usageError{err}
	}
	return graph.Build(res.Fragments, res.Topology), nil
}

func runLint(cmd *cobra.Command, args []string, f *lintFlags) error {
	start := time.Now()
	failOn, err := rules.ParseSeverity(f.failOn)
	if err != nil {
		return usagef("--fail-on: %v", err)
	}
	if f.margin < 0 {
		return usagef("--margin must not be negative")
	}
	if !slices.Contains(report.Formats(), f.format) {
		return usagef("--format %q: want one of %s", f.format, strings.Join(report.Formats(), ", "))
	}
	if f.output != "" {
		if err := atomicfile.Check(f.output, f.force); err != nil {
			return usagef("--output: %v", err)
		}
	}
	g, err := f.load(cmd, args)
	if err != nil {
		return err
	}
	findings := rules.Run(g, rules.Config{Margin: f.margin})
	stats := report.Stats{Files: g.Files, Hops: len(g.Hops), Links: len(g.Links), Segments: len(g.Segments), Duration: time.Since(start)}
	out := cmd.OutOrStdout()
	var buf bytes.Buffer
	if f.output != "" {
		out = &buf
	}
	opts := report.Options{Color: useColor(out, f.noColor), Source: report.NewFileLines(), Version: version()}
	if err := report.Write(f.format, out, findings, stats, opts); err != nil {
		return err
	}
	if f.output != "" {
		if err := atomicfile.Write(f.output, buf.Bytes(), f.force); err != nil {
			return usagef("--output: %v", err)
		}
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
