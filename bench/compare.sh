#!/usr/bin/env bash
# Side by side, in one run on this machine:
#   1. tolint lint on one nginx.conf with 5,000 server blocks and upstreams vs nginx -t;
#   2. tolint lint on one haproxy.cfg with 5,000 backends vs haproxy -c;
#   3. tolint's nginx parser vs github.com/tufanbarisyildirim/gonginx on the same file.
# Prints each as a ratio. Installs hyperfine, nginx-light and haproxy with apt-get when
# missing (Debian/Ubuntu). Needs Go 1.26 and no root: nginx -t runs with its prefix, pid
# and temporary directories in a temporary directory, on a loopback port.
#
#   bench/compare.sh            # RUNS=20 bench/compare.sh for more runs
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}

missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # The packages start their daemons on install; this script only runs nginx -t and haproxy -c.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/tolint" ./cmd/tolint
mkdir -p "$work/nginx/logs" "$work/nginx/tmp" "$work/haproxy"
go run ./internal/synth/cmd/synth -nginx-servers 5000 -out "$work/nginx/nginx.conf"
go run ./internal/synth/cmd/synth -haproxy-backends 5000 -out "$work/haproxy/haproxy.cfg"

nginx_t="nginx -t -q -p $work/nginx/ -c $work/nginx/nginx.conf -e stderr -g 'pid $work/nginx/nginx.pid;'"
haproxy_c="haproxy -c -q -f $work/haproxy/haproxy.cfg"
tolint_nginx="$work/tolint lint --fail-on none $work/nginx/nginx.conf"
tolint_haproxy="$work/tolint lint --fail-on none $work/haproxy/haproxy.cfg"
# Both checkers must accept the files, or the comparison means nothing.
eval "$nginx_t"
eval "$haproxy_c"

# median prints the median time in seconds of each command in a hyperfine JSON export.
median() { sed -n 's/^ *"median": *\([0-9.e-]*\),*$/\1/p' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.0f ms", s * 1000 }'; }
size() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }

hyperfine -N --style basic --warmup 2 --runs "$runs" --export-json "$work/nginx.json" \
  -n "tolint lint" "$tolint_nginx" -n "nginx -t" "$nginx_t"
hyperfine -N --style basic --warmup 2 --runs "$runs" --export-json "$work/haproxy.json" \
  -n "tolint lint" "$tolint_haproxy" -n "haproxy -c" "$haproxy_c"
read -r t_tn t_nginx < <(median "$work/nginx.json" | paste -sd' ')
read -r t_th t_haproxy < <(median "$work/haproxy.json" | paste -sd' ')

parsers=$(cd bench && go run -mod=mod ./parsecmp -runs "$runs" "$work/nginx/nginx.conf")
echo "$parsers"
parser_ratio=$(sed -n 's/.*tolint is \([0-9.]*\)x faster.*/\1/p' <<<"$parsers")

echo
echo "| input | tolint | other | other / tolint | target |"
echo "|---|---|---|---|---|"
echo "| nginx.conf, 5,000 servers and upstreams ($(size "$work/nginx/nginx.conf")) | \`tolint lint\` $(ms "$t_tn") | \`nginx -t\` $(ms "$t_nginx") | $(ratio "$t_nginx" "$t_tn") | >= 10 |"
echo "| haproxy.cfg, 5,000 backends ($(size "$work/haproxy/haproxy.cfg")) | \`tolint lint\` $(ms "$t_th") | \`haproxy -c\` $(ms "$t_haproxy") | $(ratio "$t_haproxy" "$t_th") | >= 5 |"
echo "| the same nginx.conf, parser only | nginx.Parse | gonginx | ${parser_ratio} | >= 5 |"
echo
echo "medians of $runs runs, $(nproc) cores, $(nginx -v 2>&1 | sed 's/.*: //'), $(haproxy -v | sed -n '1s/ - .*//p'), $(go version | cut -d' ' -f3)"
