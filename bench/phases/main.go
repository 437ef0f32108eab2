// Command phases runs tolint's pipeline on a repository stage by stage and prints each
// stage's wall and CPU time and the peak live heap, to show where the time and memory of
// a whole `tolint lint` go:
//
//	cd bench && go run ./phases [-cpuprofile FILE] [-heapprofile FILE] DIR
//
// -heapprofile writes the heap profile taken when the live heap was at its largest.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers"
	"github.com/tolint/tolint/report"
	"github.com/tolint/tolint/rules"
)

func main() {
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	heapProfile := flag.String("heapprofile", "", "write the heap profile at the peak live heap to this file")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: go run ./phases [-cpuprofile FILE] [-heapprofile FILE] DIR")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *cpuProfile, *heapProfile); err != nil {
		fmt.Fprintln(os.Stderr, "phases:", err)
		os.Exit(1)
	}
}

func run(dir, cpuProfile, heapProfile string) error {
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	peak := watchHeap(heapProfile)
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	t, c := time.Now(), cpuTime()
	step := func(name string) {
		fmt.Printf("%-7s wall %7.0f ms   cpu %7.0f ms   peak live heap so far %5d MB\n", name, ms(time.Since(t)), ms(cpuTime()-c), peak()>>20)
		t, c = time.Now(), cpuTime()
	}
	res, err := parsers.Load([]string{dir}, cwd, parsers.Options{})
	if err != nil {
		return err
	}
	step("load")
	g := graph.Build(res.Fragments, res.Topology)
	step("build")
	findings := rules.Run(g, rules.Config{})
	step("rules")
	opts := report.Options{Source: report.NewFileLines()}
	if err := report.Write("text", io.Discard, findings, report.Stats{}, opts); err != nil {
		return err
	}
	step("text")
	fmt.Printf("%d files, %d hops, %d links, %d segments, %d findings, peak live heap %d MB\n",
		g.Files, len(g.Hops), len(g.Links), len(g.Segments), len(findings), peak()>>20)
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// watchHeap samples the live heap (as of the last GC) every 10 ms and returns a function
// reporting the largest seen. With a file name, it writes a heap profile whenever the
// peak grows by 16 MB, so the file ends up holding the profile at (near) the peak.
func watchHeap(profile string) func() uint64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	peaks := make(chan uint64, 1)
	peaks <- 0
	go func() {
		var written uint64
		for {
			time.Sleep(10 * time.Millisecond)
			metrics.Read(sample)
			v := sample[0].Value.Uint64()
			best := <-peaks
			peaks <- max(best, v)
			if profile != "" && v > written+16<<20 {
				written = v
				if f, err := os.Create(profile); err == nil {
					_ = pprof.WriteHeapProfile(f)
					f.Close()
				}
			}
		}
	}()
	return func() uint64 {
		best := <-peaks
		peaks <- best
		return best
	}
}
