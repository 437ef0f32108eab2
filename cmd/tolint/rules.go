package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tolint/tolint/rules"
)

func newRulesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its id, name, default severity and summary",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tSEVERITY\tSUMMARY")
			for _, r := range rules.All() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Severity, r.Summary)
			}
			return tw.Flush()
		},
	}
}

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Explain a rule (by id, e.g. TOL101, or name, e.g. idle-timeout-order)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := rules.Lookup(args[0])
			if r == nil {
				ids := make([]string, 0, len(rules.All()))
				for _, r := range rules.All() {
					ids = append(ids, r.ID)
				}
				if near := rules.Suggest(args[0]); near != "" {
					return usagef("unknown rule %q (did you mean %s?)", args[0], near)
				}
				return usagef("unknown rule %q (known: %s)", args[0], strings.Join(ids, ", "))
			}
			_, err := fmt.Fprint(cmd.OutOrStdout(), rules.Doc(r))
			return err
		},
	}
}
