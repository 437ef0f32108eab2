// Command parsecmp compares tolint's nginx parser with github.com/tufanbarisyildirim/gonginx
// on the same files. It is a module of its own so that tolint does not depend on gonginx:
//
//	cd bench && go run ./parsecmp -runs 10 FILE.conf...
//
// For each file it parses the bytes in memory with both, alternating so that both see the
// same load on the machine, keeps the median of the runs and
// prints MB/s and the ratio. tolint's side is its public nginx.Parse: the scanner, the
// parser and building the hop with every listener, pool and route, so it does more work
// than gonginx, which stops at the syntax tree.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/tufanbarisyildirim/gonginx/parser"

	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/nginx"
)

func main() {
	runs := flag.Int("runs", 10, "runs per parser and file; the median is reported")
	flag.Parse()
	if flag.NArg() == 0 || *runs < 1 {
		fmt.Fprintln(os.Stderr, "usage: go run ./parsecmp [-runs N] FILE.conf...")
		os.Exit(2)
	}
	for _, file := range flag.Args() {
		if err := compare(file, *runs); err != nil {
			fmt.Fprintln(os.Stderr, "parsecmp:", err)
			os.Exit(1)
		}
	}
}

func compare(file string, runs int) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	dir, rel := filepath.Split(file)
	tree, err := input.NewTree(dir, dir)
	if err != nil {
		return err
	}
	ours := func() error {
		tree.Hand(rel, data)
		if fr := nginx.Parse(tree, rel, input.Options{}); len(fr.Diags) > 0 {
			return fmt.Errorf("tolint: %s: %s", fr.Diags[0].Pos, fr.Diags[0].Message)
		}
		return nil
	}
	theirs := func() error {
		if _, err := parser.NewStringParser(string(data), parser.WithSkipValidDirectivesErr()).Parse(); err != nil {
			return fmt.Errorf("gonginx: %w", err)
		}
		return nil
	}
	t1, t2, err := medians(ours, theirs, runs)
	if err != nil {
		return err
	}
	mbps := func(d time.Duration) float64 { return float64(len(data)) / 1e6 / d.Seconds() }
	fmt.Printf("%s (%.1f MB)\n", file, float64(len(data))/1e6)
	fmt.Printf("  tolint nginx.Parse  %8.1f ms  %6.1f MB/s\n", ms(t1), mbps(t1))
	fmt.Printf("  gonginx Parse       %8.1f ms  %6.1f MB/s\n", ms(t2), mbps(t2))
	fmt.Printf("  tolint is %.1fx faster than gonginx\n", t2.Seconds()/t1.Seconds())
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// medians runs each function once to warm up, then both in turn runs times, each after a
// garbage collection, and returns the median duration of each.
func medians(ours, theirs func() error, runs int) (time.Duration, time.Duration, error) {
	fs := []func() error{ours, theirs}
	times := [2][]time.Duration{}
	for i := range runs + 1 {
		for j, f := range fs {
			// Each parser starts on a collected heap, so that a collection the other one's
			// garbage started is not timed as this one's work.
			runtime.GC()
			start := time.Now()
			if err := f(); err != nil {
				return 0, 0, err
			}
			if i > 0 {
				times[j] = append(times[j], time.Since(start))
			}
		}
	}
	for j := range times {
		slices.Sort(times[j])
	}
	return times[0][runs/2], times[1][runs/2], nil
}
