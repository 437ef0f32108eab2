#!/usr/bin/env bash
# Measures tolint's speed budgets as whole processes (the built binary), medians of
# hyperfine runs and peak RSS from /usr/bin/time, on repositories written by internal/synth:
#
#   bench/budgets.sh            # version, 10 files, 10k files, nginx parser MB/s
#   BIG=1 bench/budgets.sh      # also 100k files (about 80 MB, a minute to generate)
#
# Installs hyperfine and time with apt-get when missing (Debian/Ubuntu).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}

missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/tolint" ./cmd/tolint
sizes=(10 10000)
[ -n "${BIG:-}" ] && sizes+=(100000)
for n in "${sizes[@]}"; do
  go run ./internal/synth/cmd/synth -q -n "$n" -seed 1 -out "$work/repo$n"
done

# median_ms runs a command with hyperfine and prints its median in milliseconds.
median_ms() {
  local r=$1; shift
  hyperfine -N --style none --warmup 1 --runs "$r" --export-json "$work/h.json" "$*" >/dev/null 2>"$work/h.err" ||
    { cat "$work/h.err" >&2; exit 1; }
  sed -n 's/^ *"median": *\([0-9.e-]*\),*$/\1/p' "$work/h.json" | awk '{ printf "%.1f", $1 * 1000 }'
}
# peak_mb prints the largest peak RSS of three runs, in MB.
peak_mb() {
  for _ in 1 2 3; do /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; done | sort -n | tail -1 | awk '{ printf "%.0f", $1 / 1024 }'
}
lint=("$work/tolint" lint --fail-on none --format json --output /dev/null)

declare -A t rss
t[version]=$(median_ms "$runs" "$work/tolint" version)
for n in "${sizes[@]}"; do
  # The machine's noise moves a single run by 5%: the growth, a ratio of two medians, needs
  # more runs than the times alone.
  r=$runs
  [ "$n" -ge 100000 ] && r=5
  t[$n]=$(median_ms "$r" "${lint[@]}" "$work/repo$n")
  rss[$n]=$(peak_mb "${lint[@]}" "$work/repo$n")
done
mbps=$(go test -run '^$' -bench 'Parse/hop' -benchtime=20x -count 5 ./parsers/nginx | awk '/MB\/s/ { print $(NF-5) }' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')

check() { awk -v v="$1" -v lim="$2" -v op="$3" 'BEGIN { ok = op == "<" ? v < lim : v >= lim; print ok ? "ok" : "MISSED" }'; }
echo "| measure | median | budget | |"
echo "|---|---|---|---|"
echo "| \`tolint version\` | ${t[version]} ms | < 5 ms | $(check "${t[version]}" 5 "<") |"
echo "| lint, 10 files | ${t[10]} ms | < 15 ms | $(check "${t[10]}" 15 "<") |"
echo "| lint, 10,000 files | ${t[10000]} ms, ${rss[10000]} MB peak RSS | < 1000 ms, < 250 MB | $(check "${t[10000]}" 1000 "<") $(check "${rss[10000]}" 250 "<") |"
if [ -n "${BIG:-}" ]; then
  growth=$(awk -v a="${t[100000]}" -v b="${t[10000]}" 'BEGIN { printf "%.2f", a / b }')
  echo "| lint, 100,000 files | ${t[100000]} ms, ${rss[100000]} MB peak RSS | < 10000 ms, < 1500 MB | $(check "${t[100000]}" 10000 "<") $(check "${rss[100000]}" 1500 "<") |"
  echo "| growth 10k -> 100k | ${growth}x | <= 11x | $(check "$growth" 11.005 "<") |"
fi
echo "| nginx parser (BenchmarkParse/hop, median of 5) | ${mbps} MB/s | >= 150 MB/s | $(check "$mbps" 150 ">=") |"
echo
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(go version | cut -d' ' -f3)"
