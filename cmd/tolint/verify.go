package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/internal/textdist"
	"github.com/tolint/tolint/probe"
	"github.com/tolint/tolint/report"
	"github.com/tolint/tolint/rules"
)

func newVerifyCmd() *cobra.Command {
	var lf lintFlags
	var pf probeFlags
	var probes []string
	cmd := &cobra.Command{
		Use:   "verify [PATH...]",
		Short: "Measure the hops that have a probe URL and lint the graph with the measured idle timeouts",
		Long: `tolint verify reads PATH like lint, then measures every hop that has "probe: URL" in
tolint.yaml or is given with --probe HOP=URL, as tolint probe does. Where the measured idle timeout
differs from the one the graph holds by more than --margin, it reports TOL601 at that setting; the
measured value then replaces it, so every rule checks the hop by what it does. Measurements are
printed on standard error, findings as lint prints them.

Exit 0 clean, 1 findings at or above --fail-on, 2 bad usage, a hop that could not be measured, or
an interrupt (Ctrl-C reports what was measured so far).`,
		Example: `  tolint verify
  tolint verify --probe partner-proxy=https://partner.example.com/health infra/
  tolint verify --reuse --min 30s --max 10m --probe nat=http://10.0.0.9/`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd, args, &lf, &pf, probes)
		},
	}
	lf.registerLoad(cmd)
	fl := cmd.Flags()
	fl.StringArrayVar(&probes, "probe", nil, "measure hop HOP at URL, e.g. --probe partner-proxy=https://partner.internal/ (repeatable; wins over probe: in tolint.yaml)")
	fl.StringVar(&lf.format, "format", "text", "output format: "+strings.Join(report.Formats(), "|"))
	fl.StringVar(&lf.failOn, "fail-on", "warning", "exit 1 when a finding is at or above this severity: error|warning|info|none")
	fl.DurationVar(&lf.margin, "margin", rules.DefaultMargin, "how much shorter an opener's idle timeout must be than the far side's; also how far a measured value may be from the configured one")
	fl.BoolVar(&lf.noColor, "no-color", false, "never colour the output")
	fl.BoolVarP(&lf.quiet, "quiet", "q", false, "print only findings: no measurements, no summary line")
	pf.register(cmd)
	return cmd
}

// measureJob is one hop to measure: the listener the URL reaches.
type measureJob struct {
	hop    *graph.Hop
	l      *graph.Listener
	target *probe.Target
	// at is the probe line in tolint.yaml; zero for --probe.
	at graph.Pos
}

func runVerify(cmd *cobra.Command, args []string, lf *lintFlags, pf *probeFlags, probes []string) error {
	start := time.Now()
	loaded, err := lf.load(cmd, args)
	if err != nil {
		return err
	}
	failOn, err := rules.ParseSeverity(lf.failOn)
	if err != nil {
		return usagef("--fail-on: %v", err)
	}
	if !slices.Contains(report.Formats(), lf.format) {
		return usagef("--format %q: want one of %s", lf.format, strings.Join(report.Formats(), ", "))
	}
	if lf.margin < 0 {
		return usagef("--margin must not be negative")
	}
	g := loaded.graph
	jobs, err := measureJobs(g, probes)
	if err != nil {
		return err
	}
	targets := make([]*probe.Target, len(jobs))
	for i, j := range jobs {
		targets[i] = j.target
	}
	opts, err := pf.options(targets)
	if err != nil {
		return err
	}
	results, interrupted := runProbes(cmd, targets, opts)
	stderr := cmd.ErrOrStderr()
	failed := 0
	for i, j := range jobs {
		r := results[i]
		if r.Err != nil {
			failed++
			fmt.Fprintf(stderr, "tolint verify: %s: %v\n", j.hop.Label(), r.Err)
			continue
		}
		was := j.l.Idle
		value, raw, why := measuredIdle(r, opts, was, lf.margin)
		if why != "" {
			fmt.Fprintf(stderr, "tolint verify: %s: %s: %s\n", j.hop.Label(), j.target.Raw(), why)
			continue
		}
		graph.Measure(&j.l.Idle, value, j.target.Raw(), j.at)
		j.l.Idle.Raw = raw
		if !lf.quiet {
			fmt.Fprintf(stderr, "tolint verify: %s: %s: %s; the graph held %s\n", j.hop.Label(), j.target.Raw(), raw, describeHeld(was))
		}
	}

	cfg := lf.rulesConfig()
	findings := rules.Run(g, cfg)
	findings, suppressed := rules.Suppress(findings, loaded.result.Suppressions, cfg)
	stats := report.Stats{Files: g.Files, Hops: len(g.Hops), Links: len(g.Links), Segments: len(g.Segments)}
	if suppressed > 0 {
		stats.Hidden = append(stats.Hidden, report.Hidden{Count: suppressed, By: "tolint:ignore comments"})
	}
	if lf.project != nil && len(lf.project.Exclude) > 0 {
		var excluded int
		findings, excluded = keep(findings, func(fd *rules.Finding) bool { return !lf.project.Excluded(absPath(fd.Pos.File)) })
		if excluded > 0 {
			stats.Hidden = append(stats.Hidden, report.Hidden{Count: excluded, By: "exclude in " + lf.project.File})
		}
	}
	stats.Duration = time.Since(start)
	out := cmd.OutOrStdout()
	ropts := report.Options{Color: useColor(out, lf.noColor), Source: report.NewFileLines(), Version: version(), Quiet: lf.quiet}
	if err := report.Write(lf.format, out, findings, stats, ropts); err != nil {
		return err
	}
	switch {
	case interrupted:
		return usagef("interrupted; the findings above use what was measured so far")
	case failed > 0:
		return usagef("%d of %d hops could not be measured", failed, len(jobs))
	}
	for _, fd := range findings {
		if fd.Severity >= failOn {
			return errFindings
		}
	}
	return nil
}

// measureJobs lists the hops to measure: --probe HOP=URL, then every probe: in tolint.yaml
// of a hop not given by flag, ordered by hop.
func measureJobs(g *graph.Graph, probes []string) ([]measureJob, error) {
	byFlag := map[*graph.Hop]string{}
	for _, p := range probes {
		name, u, ok := strings.Cut(p, "=")
		if !ok || name == "" || u == "" {
			return nil, usagef("--probe %q: want HOP=URL, e.g. --probe partner-proxy=https://partner.internal/", p)
		}
		h := findHop(g, name)
		if h == nil {
			var names []string
			for _, h := range g.Hops {
				names = append(names, h.ID)
				names = append(names, h.Names...)
			}
			if near := textdist.Nearest(name, names, 3); near != "" {
				return nil, usagef("--probe %s: no hop named %q (did you mean %s?)", p, name, near)
			}
			return nil, usagef("--probe %s: no hop named %q (tolint graph lists the hops)", p, name)
		}
		byFlag[h] = u
	}
	var jobs []measureJob
	for _, h := range g.Hops {
		raw, at := h.Probe, h.ProbePos
		if u, ok := byFlag[h]; ok {
			raw, at = u, graph.Pos{}
		}
		if raw == "" {
			continue
		}
		t, err := probe.Parse(raw)
		if err != nil {
			if at.IsValid() {
				return nil, usagef("%s: probe of %s: %v", at, h.Label(), err)
			}
			return nil, usageError{err}
		}
		l := h.ListenerAt(t.Port())
		if l == nil {
			return nil, usagef("hop %s has %d listeners and none on port %d, so it is unclear which one %s measures; give the hop's own port", h.Label(), len(h.Listeners), t.Port(), raw)
		}
		jobs = append(jobs, measureJob{hop: h, l: l, target: t, at: at})
	}
	if len(jobs) == 0 {
		return nil, usagef("no hop to measure: add probe: URL to a hop in tolint.yaml, or give --probe HOP=URL")
	}
	slices.SortStableFunc(jobs, func(a, b measureJob) int { return strings.Compare(a.hop.Label(), b.hop.Label()) })
	return jobs, nil
}

func findHop(g *graph.Graph, name string) *graph.Hop {
	for _, h := range g.Hops {
		if h.ID == name || slices.Contains(h.Names, name) {
			return h
		}
	}
	return nil
}

// measuredIdle turns a result into the idle timeout the graph gets, with the words that
// say how it was measured; why says why a result gives no value.
func measuredIdle(r *probe.Result, o probe.Options, was graph.DurationSetting, margin time.Duration) (graph.Duration, string, string) {
	raw := describeResult(r, o)
	waitedTooShort := func(waited time.Duration) string {
		if was.Known() && !was.Value.None && was.Value.D+margin > waited {
			return fmt.Sprintf("%s, but the graph holds %s: raise --max above it to measure", raw, describeHeld(was))
		}
		return ""
	}
	switch {
	case r.ConnectionClose:
		return graph.Dur(0), raw, ""
	case r.Reuse() && r.Drop != nil:
		// The flow was alive after Drop.After: the far side's timer, for the other rules.
		return graph.Dur(r.Drop.After.Round(10 * time.Millisecond)), raw, ""
	case r.Reuse() && r.Interrupted:
		return graph.Duration{}, "", raw
	case r.Reuse():
		if why := waitedTooShort(o.Max); why != "" {
			return graph.Duration{}, "", why
		}
		return graph.Duration{None: true}, raw, ""
	case r.Close == probe.None && r.Interrupted:
		return graph.Duration{}, "", raw
	case r.Close == probe.None:
		if why := waitedTooShort(o.Max); why != "" {
			return graph.Duration{}, "", why
		}
		return graph.Duration{None: true}, raw, ""
	}
	// The earliest close is what an opener must stay under.
	return graph.Dur(r.Idle.Min.Round(10 * time.Millisecond)), raw, ""
}

// describeHeld says what the graph held before the measurement.
func describeHeld(s graph.DurationSetting) string {
	if !s.Known() {
		return "no idle timeout"
	}
	return s.Describe()
}
