package main

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/tolint/tolint/graph"
)

func newDefaultsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "defaults [SOFTWARE]",
		Short: "Print the software defaults tolint assumes, with the versions they hold for and their sources",
		Long: `Print the defaults catalogue: for each software, the setting (listener.idle, pool.idle, ...),
its name in that software, the default value, the versions it holds for, how a bare number is
read, and the documented source. These fill every setting a configuration leaves unset, and
every setting of a tolint.yaml hop that names its software.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var names []string
			for _, e := range graph.Defaults() {
				if !slices.Contains(names, e.Software) {
					names = append(names, e.Software)
				}
			}
			want := ""
			if len(args) == 1 {
				want = strings.ToLower(args[0])
				if !slices.Contains(names, want) {
					slices.Sort(names)
					return usagef("no defaults known for %q (known: %s)", args[0], strings.Join(names, ", "))
				}
			}
			var notes []string
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SOFTWARE\tSETTING\tNAME\tDEFAULT\tVERSIONS\tBARE NUMBER\tSOURCE")
			for _, e := range graph.Defaults() {
				if want != "" && e.Software != want {
					continue
				}
				value := e.Dur.String()
				if e.Setting == graph.PoolReuse || e.Setting == graph.TCPTimestamps {
					value = fmt.Sprint(e.Bool)
				}
				unit := "-"
				if u := graph.BareUnit(e.Software); u != 0 && value != "true" && value != "false" {
					unit = graph.UnitName(u)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Software, e.Setting, e.Key, value, versions(e), unit, e.Source)
				if e.Note != "" {
					notes = append(notes, fmt.Sprintf("%s %s (%s): %s", e.Software, e.Key, versions(e), e.Note))
				}
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if len(notes) > 0 {
				fmt.Fprintln(cmd.OutOrStdout(), "\nNotes:")
				for _, n := range notes {
					fmt.Fprintln(cmd.OutOrStdout(), "  "+n)
				}
			}
			return nil
		},
	}
}

func versions(e graph.DefaultEntry) string {
	switch {
	case e.Since != "" && e.Until != "":
		return e.Since + " to <" + e.Until
	case e.Since != "":
		return ">= " + e.Since
	case e.Until != "":
		return "< " + e.Until
	}
	return "all"
}
