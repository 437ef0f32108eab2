// Package parallel runs the per-file work of the parsers on every core.
package parallel

import (
	"runtime"
	"sync"
)

// Do calls fn(0) ... fn(n-1) on up to GOMAXPROCS goroutines and returns when all are done.
// Each call must write only its own results (fn(i) owns index i).
func Do(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	next := make(chan int, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
