#!/usr/bin/env bash
# Load benchmark of `fabscope serve`: starts the server on a free loopback port and runs wrk
# (2 threads, fixed duration, browsers' Accept-Encoding: gzip) at 16, 64 and 256
# connections against the territory profile page, the workshop list, a workshop fiche, the
# home page, the JSON register and a territory of the API — and, as the anchor measured in
# the same run, the smallest static file the same server serves (/static/app.js): the gap
# between a page and the anchor is the work done per page. Prints requests/s, p99 latency
# and errors for each, and the server's peak memory. A measurement, not a pass/fail test
# (exits non-zero only if the server or wrk cannot run).
#   bench/web_load.sh [FABSCOPE_BINARY] [STORE] [DURATION] [CONNECTIONS...]
# DURATION is a wrk duration (default 5s); CONNECTIONS default to "16 64 256". STORE
# defaults to build/release/fabscope.db and is built with `fabscope run --force` if missing.
# Note: wrk and the server share the machine's cores.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/build/release/fabscope}"
store="${2:-$here/build/release/fabscope.db}"
duration="${3:-5s}"
shift $(( $# < 3 ? $# : 3 ))
conns=("$@")
(( ${#conns[@]} > 0 )) || conns=(16 64 256)
threads=2

[[ -x "$bin" ]] || { echo "web_load: no executable fabscope binary at $bin" >&2; exit 1; }
command -v wrk >/dev/null || { echo "web_load: wrk is not installed (scripts/install-deps)" >&2; exit 1; }
[[ "$duration" =~ ^([0-9]+)([smh]?)$ ]] || { echo "web_load: bad duration '$duration' (e.g. 10s, 2m)" >&2; exit 2; }
case "${BASH_REMATCH[2]}" in
  m) secs=$((BASH_REMATCH[1] * 60)) ;;
  h) secs=$((BASH_REMATCH[1] * 3600)) ;;
  *) secs=${BASH_REMATCH[1]} ;;
esac
(( secs > 0 )) || { echo "web_load: the duration must be positive" >&2; exit 2; }

work="$(mktemp -d)"
# shellcheck source-path=SCRIPTDIR source=../scripts/lib/serve.sh
source "$here/scripts/lib/serve.sh"
cleanup() {
  stop_fabscope
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ ! -s "$store" ]]; then
  echo "web_load: building the store $store (fabscope run --force)" >&2
  "$bin" --quiet --store "$store" run --force >/dev/null
fi

# get URL: prints the body of a 200 response, fails otherwise.
get() {
  curl -fsS --max-time 5 "$1" 2>/dev/null
}

start_fabscope "$bin" "$store" "$work/server.log" 60 || { echo "web_load: could not start the server" >&2; exit 1; }
base="$FABSCOPE_URL"

# The fiche of the first workshop of the register (ids look like "source:key").
first_id="$(get "$base/api/v1/workshops" | python3 -c '
import json, sys, urllib.parse
print(urllib.parse.quote(json.load(sys.stdin)[0]["id"], safe=""))')"

targets=(
  "/static/app.js"
  "/territoires/commune/35238"
  "/ateliers"
  "/ateliers/$first_id"
  "/"
  "/api/v1/workshops"
  "/api/v1/territories/commune/35238"
)

echo "fabscope: $bin serve on $base (store $store)"
echo "wrk: $threads threads, ${conns[*]} connections, $duration per URL, Accept-Encoding: gzip, cores: $(nproc)"
rows=()
for c in "${conns[@]}"; do
  for path in "${targets[@]}"; do
    out="$work/wrk.txt"
    timeout $((secs + 30)) wrk -t"$threads" -c"$c" -d"$duration" --timeout 5s --latency -H 'Accept-Encoding: gzip' \
      "$base$path" >"$out" 2>&1 || { cat "$out" >&2; echo "web_load: wrk failed on $path" >&2; exit 1; }
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
    p99="$(awk '$1 == "99%" {print $2}' "$out")"
    total="$(awk '/requests in/ {print $1}' "$out")"
    # Non-2xx/3xx answers and socket errors (connect, read, write, timeout) both count.
    bad="$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {for (i = 3; i <= NF; i += 2) {v = $(i + 1); sub(/,/, "", v); n += v}} END {print n + 0}' "$out")"
    status="$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$base$path" || echo -)"
    rows+=("$(printf '%5s  %-40s %6s %12s %10s %10s %8s' "$c" "$path" "$status" "${rps:--}" "${p99:--}" "${total:--}" "$bad")")
  done
done

printf '\n%5s  %-40s %6s %12s %10s %10s %8s\n' "conn" "URL" "HTTP" "requests/s" "p99" "requests" "errors"
printf '%s\n' "${rows[@]}"
peak="$(awk '/^VmHWM:/ {printf "%.0f MB", $2 / 1024}' "/proc/$FABSCOPE_PID/status" 2>/dev/null || echo -)"
echo "server peak memory (VmHWM): $peak"
