package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tolint/tolint/report"
)

func newGraphCmd() *cobra.Command {
	var lf lintFlags
	cmd := &cobra.Command{
		Use:   "graph [PATH...]",
		Short: "Print the hops, settings (with where each value came from), links and connection segments",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(report.GraphFormats(), lf.format) {
				return usagef("--format %q: want one of %s", lf.format, strings.Join(report.GraphFormats(), ", "))
			}
			g, err := lf.load(cmd, args)
			if err != nil {
				return err
			}
			return report.Graph(lf.format, cmd.OutOrStdout(), g)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&lf.format, "format", "text", "output format: text|json")
	fl.StringArrayVar(&lf.assume, "assume", nil, "software version to assume when tolint.yaml names none, e.g. --assume nginx=1.24")
	fl.Int64Var(&lf.maxFileSize, "max-file-size", 10<<20, "largest file to read, in bytes")
	fl.StringVar(&lf.stdinFormat, "stdin-format", "", "format of standard input when a PATH is -")
	fl.StringVar(&lf.profile, "profile", "", "Spring profile to read")
	return cmd
}
