#!/usr/bin/env bash
# Runs every fuzz target of the module, one after the other, for a fixed time each (default
# 20s): CI uses it to keep the targets working and to catch shallow crashers. Long runs (10
# minutes per target before a parser change lands) are done by hand, one at a time:
#   scripts/fuzz.sh 10m
# A crasher is written to the package's testdata/fuzz/<Target>/ by go test: commit it with
# the fix, so that it runs as a regression test from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
time_per_target="${1:-20s}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    echo "fuzz $pkg $target ($time_per_target)"
    # -parallel 1: one worker, so that the run costs one core and its execs count is
    # comparable from machine to machine.
    if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$time_per_target" -fuzzminimizetime 10s -parallel 1 "$pkg" >"$log" 2>&1; then
      # Go 1.26's coordinator can fail a run at the -fuzztime deadline with a bare "context
      # deadline exceeded" and no input (golang/go#75804, fixed in Go 1.27): not a finding.
      if grep -q 'Failing input written\|panic:\|--- FAIL: .*/' "$log" || ! grep -q '^    context deadline exceeded$' "$log"; then
        cat "$log"
        exit 1
      fi
      echo "  ended by the coordinator's deadline race (golang/go#75804), no failing input"
    fi
    grep -o 'execs: [0-9]*' "$log" | tail -1
  done
done
