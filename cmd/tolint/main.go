// Command tolint finds timeout mismatches between the hops of a request path (clients, load
// balancers, proxies, servers) from their configuration. This package only wires flags to
// the parsers, graph, rules and report packages.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tolint/tolint/internal/textdist"
)

// Exit codes.
const (
	exitClean    = 0
	exitFindings = 1
	exitUsage    = 2
)

// usageError marks errors that are the user's input (exit 2) rather than findings.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// findingsError carries exit 1 without printing anything more.
var errFindings = errors.New("findings at or above --fail-on")

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetIn(stdin)
	root.SetArgs(args)
	err := root.Execute()
	switch {
	case err == nil:
		return exitClean
	case errors.Is(err, errFindings):
		return exitFindings
	default:
		fmt.Fprintln(stderr, "tolint:", err)
		return exitUsage
	}
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	var lf lintFlags
	root := &cobra.Command{
		Use:   "tolint [PATH...]",
		Short: "Find timeout mismatches that reset connections between clients, load balancers, proxies and servers",
		Long: `tolint reads nginx, HAProxy, Envoy, Apache, Traefik, Caddy, Terraform, Kubernetes, app
servers (Dockerfiles, compose files, Procfiles, gunicorn.conf.py, puma.rb, Tomcat server.xml),
Spring Boot, sysctl, OpenAPI and tolint.yaml files, joins them into a graph of hops, and reports
where the side that opens a connection keeps it idle longer than a hop behind it, request
timeouts and retries that cannot fit, and TCP settings that make connections die under traffic.

"tolint PATH..." is short for "tolint lint PATH...".`,
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := misspeltCommand(cmd, args); err != nil {
				return err
			}
			return runLint(cmd, args, &lf)
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(flagError)
	lf.register(root)

	lint := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Lint the configuration under PATH (default: the current directory)",
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLint(cmd, args, &lf)
		},
	}
	lf.register(lint)
	root.AddCommand(lint, newGraphCmd(), newRulesCmd(), newExplainCmd(), newDefaultsCmd(), newBaselineCmd(), newInitCmd(), newProbeCmd(), newVerifyCmd(), newVersionCmd())
	for _, c := range root.Commands() {
		c.SilenceUsage, c.SilenceErrors = true, true
	}
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print tolint's version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintln(cmd.OutOrStdout(), "tolint", version())
		},
	}
}

// flagError adds "did you mean" to cobra's unknown-flag errors.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		if near := textdist.Nearest(name, names, 2); near != "" {
			return usagef("%s (did you mean --%s?)", msg, near)
		}
	}
	return usageError{err}
}

// misspeltCommand catches "tolint lnt": a first argument that is no file but is close to a
// command name is a typo, not a path to lint.
func misspeltCommand(root *cobra.Command, args []string) error {
	if len(args) == 0 || args[0] == "-" {
		return nil
	}
	if _, err := os.Stat(args[0]); err == nil {
		return nil
	}
	var names []string
	for _, c := range root.Commands() {
		names = append(names, c.Name())
	}
	if near := textdist.Nearest(args[0], names, 2); near != "" {
		return usagef("unknown command or path %q (did you mean tolint %s?)", args[0], near)
	}
	return nil
}
