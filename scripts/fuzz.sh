#!/usr/bin/env bash
# Runs every fuzz target of the module for a fixed time each (default 10s): CI uses it to
# keep the targets working and to catch shallow crashers; long runs are done by hand with
# `go test -fuzz NAME -fuzztime 10m ./PACKAGE`.
set -euo pipefail
cd "$(dirname "$0")/.."
time_per_target="${1:-10s}"
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    echo "fuzz $pkg $target ($time_per_target)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$time_per_target" -fuzzminimizetime 2s "$pkg" >/tmp/fuzz.$$.log 2>&1 || {
      cat /tmp/fuzz.$$.log; rm -f /tmp/fuzz.$$.log; exit 1; }
  done
done
rm -f /tmp/fuzz.$$.log
