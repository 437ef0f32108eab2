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
			l, err := lf.load(cmd, args)
			if err != nil {
				return err
			}
			return report.Graph(lf.format, cmd.OutOrStdout(), l.graph)
		},
	}
	lf.registerLoad(cmd)
	cmd.Flags().StringVar(&lf.format, "format", "text", "output format: "+strings.Join(report.GraphFormats(), "|"))
	return cmd
}
