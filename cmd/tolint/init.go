package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/tolint/tolint/internal/atomicfile"
	"github.com/tolint/tolint/parsers/topology"
	"github.com/tolint/tolint/report"
)

func newInitCmd() *cobra.Command {
	var lf lintFlags
	cmd := &cobra.Command{
		Use:   "init [PATH]",
		Short: "Write a starter " + topology.FileName + ": the hops found, and the addresses left to describe",
		Long: `Scans PATH (default: the current directory) and writes PATH/` + topology.FileName + `: every hop found, with
its id, kind and idle timeouts, as comments, and an entry to fill in for every address that pools
connect to but no scanned file describes. An existing file is replaced only with --force;
--output - prints it instead.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
				if st, err := os.Stat(dir); err != nil || !st.IsDir() {
					return usagef("init: %s is not a folder", dir)
				}
			}
			out := lf.output
			if out == "" {
				out = filepath.Join(dir, topology.FileName)
			}
			if out != "-" {
				if err := atomicfile.Check(out, lf.force); err != nil {
					return usagef("init: %v", err)
				}
			}
			l, err := lf.load(cmd, []string{dir})
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			prefix := filepath.ToSlash(filepath.Clean(dir)) + "/"
			if prefix == "./" {
				prefix = ""
			}
			if err := report.StarterTopology(&buf, l.graph, prefix); err != nil {
				return err
			}
			if out == "-" {
				_, err := cmd.OutOrStdout().Write(buf.Bytes())
				return err
			}
			if err := atomicfile.Write(out, buf.Bytes(), lf.force); err != nil {
				return usagef("init: %v", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: %d hops found, %d addresses to describe\n", out, len(l.graph.Hops), countTargets(l))
			return nil
		},
	}
	lf.registerLoad(cmd)
	cmd.Flags().StringVar(&lf.output, "output", "", "file to write (default: PATH/"+topology.FileName+"; - for standard output)")
	cmd.Flags().BoolVar(&lf.force, "force", false, "replace an existing file (its entries are lost)")
	return cmd
}

// countTargets counts the distinct addresses no hop answers to.
func countTargets(l *loaded) int {
	seen := map[string]bool{}
	for _, u := range l.graph.Unresolved {
		seen[u.Target.HostPort()] = true
	}
	return len(seen)
}
