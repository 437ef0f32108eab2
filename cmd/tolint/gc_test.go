package main

import (
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"
)

func TestGCPercent(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		name       string
		live, read uint64
		want       int // GOGC, so the goal is live * (1 + want/100)
	}{
		// Nothing measured yet: the goal is gcHeadroom, over the 1 MB assumed live.
		{"start", 0, 0, 100 * (gcHeadroom - mb) / mb},
		// A small run: twice the live heap plus the headroom.
		{"10k files", 50 * mb, 8 * mb, 100 * (50*mb + gcHeadroom) / (50 * mb)},
		// A large run early on: four times the live heap, under 12 times the input.
		{"100k files, early", 220 * mb, 81 * mb, 300},
		// Later the input caps the goal (972 MB), above twice the live heap.
		{"100k files, later", 390 * mb, 81 * mb, 100 * (gcPerInputByte*81*mb - 390*mb) / (390 * mb)},
		// At its peak the default takes over again: the goal ends where GOGC=100 puts it.
		{"100k files, peak", 590 * mb, 81 * mb, 100 * (590*mb + gcHeadroom) / (590 * mb)},
		// Input that is mostly dropped: the goal follows the small live heap (80 MB), not
		// the input (476 MB).
		{"CRDs", 20 * mb, 34 * mb, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := gcPercent(tt.live, tt.read); got != tt.want {
				t.Errorf("gcPercent(%d MB, %d MB) = %d, want %d", tt.live/mb, tt.read/mb, got, tt.want)
			}
		})
	}
}

func TestPaceGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)

	var read atomic.Int64
	stop := paceGC(&read)
	if got := debug.SetGCPercent(-1); got != 100*gcHeadroom/goFirstGoal {
		t.Errorf("GOGC before the first collection = %d, want %d", got, 100*gcHeadroom/goFirstGoal)
	}
	debug.SetGCPercent(1) // a value the pacer must replace after the next collection
	runtime.GC()
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.Gosched()
		if got := debug.SetGCPercent(1); got != 1 {
			if got < 100 {
				t.Errorf("GOGC after a collection = %d, want at least 100", got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the pacer did not retune the collector after a collection")
		}
		time.Sleep(time.Millisecond)
	}
	stop()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC after stop = %d, want the 100 it found", got)
	}
	// Stopped, it no longer retunes.
	debug.SetGCPercent(1)
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	if got := debug.SetGCPercent(100); got != 1 {
		t.Errorf("GOGC after a collection once stopped = %d, want 1 left alone", got)
	}
}

func TestPaceGCLeavesUsersChoice(t *testing.T) {
	t.Setenv("GOGC", "50")
	before := debug.SetGCPercent(70)
	defer debug.SetGCPercent(before)
	var read atomic.Int64
	stop := paceGC(&read)
	defer stop()
	if got := debug.SetGCPercent(70); got != 70 {
		t.Errorf("with GOGC set, the pacer changed GOGC to %d", got)
	}
}
