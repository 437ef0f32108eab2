package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// A lint run reads its files, parses them and keeps what it parsed until the report, so
// its live heap grows through the run, while most of what it allocates (syntax trees,
// token slices) is garbage within a file. Go's default pacing sets the heap goal at twice
// the live heap, starting from 4 MB: a 1.7 MB file ran the collector a dozen times while
// the heap grew, and a run over 100,000 files collected 18 times, marking a live heap of
// 200 to 600 MB each time (2.0 s of CPU).
//
// The pacer sets the goal after each collection to the larger of:
//   - twice the live heap plus gcHeadroom, so that a small run does not collect while its
//     heap grows from nothing (what a never-written 32 MB block under the heap gave before);
//   - gcLiveTimes the live heap, but no more than gcPerInputByte times the bytes read so
//     far. Early in a large run the live heap is a fraction of what it will be; this lets
//     garbage grow toward the goal the default reaches at the peak anyway (the live heap
//     of the runs measured peaks at about 7 times their input: twice that is more than
//     12). A run that drops most of what it reads (CRD schemas) keeps a small live heap,
//     and so a small goal.
//
// At 100,000 files this takes the collections from 18 to 10 and their CPU from 2.1 to
// about 1.4 s; at 10,000 files and below the goals are those of the 32 MB block.
const (
	gcHeadroom     = 32 << 20
	gcLiveTimes    = 4
	gcPerInputByte = 12
	// goFirstGoal is the runtime's first heap goal at GOGC=100; it scales with GOGC.
	goFirstGoal = 4 << 20
)

// gcPercent is the GOGC that puts the heap goal where the pacer wants it, given the live
// heap after a collection and the bytes of input read.
func gcPercent(live, read uint64) int {
	goal := max(2*live+gcHeadroom, min(gcLiveTimes*live, gcPerInputByte*read))
	live = max(live, 1<<20) // before the first collection the live heap reads 0
	return int(100 * (goal - min(live, goal)) / live)
}

// paceGC starts pacing the collector by the bytes counted in read, and returns the
// function that stops it. It leaves the collector alone when GOGC or GOMEMLIMIT is set:
// whoever set them has chosen.
func paceGC(read *atomic.Int64) (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	// The first goal is not a share of a live heap, none being measured yet, but
	// goFirstGoal times GOGC/100: set it to gcHeadroom.
	before := debug.SetGCPercent(100 * gcHeadroom / goFirstGoal)
	done := make(chan struct{})
	var wg sync.WaitGroup
	// The goal is retuned as soon as a collection has measured the live heap. Until then
	// the runtime sets the next goal with the GOGC in force, so the sooner the better: a
	// cleanup on an unreachable object runs only once its span is swept, which can be
	// just before the next collection, and that let the heap grow half as large again as
	// wanted. A look every 2 ms costs nothing measurable.
	wg.Go(func() {
		samples := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		var cycles uint64
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(samples)
			if c := samples[0].Value.Uint64(); c != cycles {
				cycles = c
				debug.SetGCPercent(gcPercent(samples[1].Value.Uint64(), uint64(max(read.Load(), 0))))
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
		debug.SetGCPercent(before)
	}
}
