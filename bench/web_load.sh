#!/usr/bin/env bash
# Load check of `fabscope serve`: starts the server on a free loopback port, runs wrk
# (2 threads, 16 connections, fixed duration) against the workshop list of the JSON API,
# one territory profile and one workshop fiche page, and prints requests/s, p99 latency
# and the number of error responses for each. A measurement, not a pass/fail test
# (exits non-zero only if the server or wrk cannot run).
#   bench/web_load.sh [FABSCOPE_BINARY] [STORE] [DURATION]
# DURATION is a wrk duration (default 10s; 30s, 2m...). STORE defaults to
# build/release/fabscope.db and is built with `fabscope run --force` if missing.
# Note: wrk and the server share the machine's cores.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/build/release/fabscope}"
store="${2:-$here/build/release/fabscope.db}"
duration="${3:-10s}"
threads=2
connections=16

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
  "/api/v1/workshops"
  "/api/v1/territories/commune/35238"
  "/ateliers/$first_id"
)

echo "fabscope: $bin serve on $base (store $store)"
echo "wrk: $threads threads, $connections connections, $duration per URL, cores: $(nproc)"
rows=()
for path in "${targets[@]}"; do
  out="$work/wrk.txt"
  timeout $((secs + 30)) wrk -t"$threads" -c"$connections" -d"$duration" --timeout 5s --latency "$base$path" >"$out" 2>&1 \
    || { cat "$out" >&2; echo "web_load: wrk failed on $path" >&2; exit 1; }
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  p99="$(awk '$1 == "99%" {print $2}' "$out")"
  total="$(awk '/requests in/ {print $1}' "$out")"
  # Non-2xx/3xx answers and socket errors (connect, read, write, timeout) both count.
  bad="$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {for (i = 3; i <= NF; i += 2) {v = $(i + 1); sub(/,/, "", v); n += v}} END {print n + 0}' "$out")"
  status="$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$base$path" || echo -)"
  rows+=("$(printf '%-46s %6s %12s %10s %10s %8s' "$path" "$status" "${rps:--}" "${p99:--}" "${total:--}" "$bad")")
done

printf '\n%-46s %6s %12s %10s %10s %8s\n' "URL" "HTTP" "requests/s" "p99" "requests" "errors"
printf '%s\n' "${rows[@]}"
