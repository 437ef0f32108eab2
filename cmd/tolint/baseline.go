package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/tolint/tolint/internal/baseline"
	"github.com/tolint/tolint/rules"
)

func newBaselineCmd() *cobra.Command {
	var lf lintFlags
	cmd := &cobra.Command{
		Use:   "baseline [PATH...]",
		Short: "Record the current findings in " + baseline.DefaultName + ", so later runs with --baseline report only new ones",
		Long: `Lints PATH like "tolint lint" and writes every finding (after tolint:ignore comments and
excludes) to a baseline file: .tolint-baseline.json in the first PATH (or the file named by
"baseline:" in .tolint.yaml, or --output). "tolint lint --baseline FILE" then hides those
findings and says how many it hid; anything new still fails.

Findings are recorded by rule, file, hop path and the setting they are about, not by line, so
edits elsewhere in a file keep the baseline valid. An existing baseline is replaced only with
--force.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			findings, _, err := lf.check(cmd, args, false)
			if err != nil {
				return err
			}
			out := lf.output
			switch {
			case out != "":
			case lf.baseline != "":
				out = lf.baseline
			default:
				dir := "."
				if len(args) > 0 && args[0] != "-" {
					if st, err := os.Stat(args[0]); err == nil && st.IsDir() {
						dir = args[0]
					}
				}
				out = filepath.Join(dir, baseline.DefaultName)
			}
			if err := baseline.Write(out, findings, lf.force); err != nil {
				return usagef("baseline: %v", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d findings to %s\n", len(findings), out)
			return nil
		},
	}
	lf.registerLoad(cmd)
	fl := cmd.Flags()
	fl.StringVar(&lf.output, "output", "", "baseline file to write (default: "+baseline.DefaultName+" in the first PATH)")
	fl.BoolVar(&lf.force, "force", false, "replace an existing baseline file")
	fl.DurationVar(&lf.margin, "margin", rules.DefaultMargin, "how much shorter an opener's idle timeout must be than the far side's")
	return cmd
}
