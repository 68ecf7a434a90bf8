#!/usr/bin/env bash
# End-to-end browser tests of `fabscope serve` (used by ctest): starts the server on a
# free loopback port, waits for /api/v1/health, runs tests/e2e/e2e.mjs against it with the
# system Chromium, stops the server on exit and exits with the suite's status.
#   tests/e2e/run.sh BINARY STORE
# STORE is built with `BINARY run --force` if it does not exist. Screenshots go to
# $E2E_SCREENSHOTS (default tests/e2e/screenshots). Needs node, npm (first run only, to
# install playwright-core from package-lock.json) and /usr/bin/chromium (or $CHROMIUM).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ $# -ne 2 ]]; then
  echo "usage: $0 BINARY STORE" >&2
  exit 2
fi
bin="$1"
store="$2"
chromium="${CHROMIUM:-/usr/bin/chromium}"

fail() { echo "e2e: FAIL: $*" >&2; exit 1; }

[[ -x "$bin" ]] || fail "no executable fabscope binary at $bin"
[[ -x "$chromium" ]] || fail "no Chromium at $chromium: run scripts/install-deps (apt-get install chromium); the suite is never skipped"
command -v node >/dev/null || fail "node is not installed: run scripts/install-deps (apt-get install nodejs npm)"

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  command -v npm >/dev/null || fail "npm is not installed and $here/node_modules is missing"
  echo "e2e: installing playwright-core (npm ci in $here)" >&2
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >&2 \
    || fail "npm ci in $here failed (is the npm registry reachable?)"
fi

if [[ ! -s "$store" ]]; then
  echo "e2e: building the store $store (fabscope run --force)" >&2
  "$bin" --quiet --store "$store" run --force >/dev/null || fail "could not build the store $store"
fi

log="$(mktemp)"
pid=""
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# healthy URL: 0 once /api/v1/health answers 200.
healthy() {
  node -e 'fetch(process.argv[1],{signal:AbortSignal.timeout(2000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))' "$1"
}

# Start the server; retry on another port if it dies at once (port taken in between).
url=""
for attempt in 1 2 3; do
  port="$(free_port)"
  "$bin" --store "$store" serve --bind 127.0.0.1 --port "$port" >"$log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 30))
  while (( SECONDS < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if healthy "http://127.0.0.1:$port/api/v1/health"; then url="http://127.0.0.1:$port"; break; fi
    sleep 0.2
  done
  [[ -n "$url" ]] && break
  if kill -0 "$pid" 2>/dev/null; then
    cat "$log" >&2
    fail "the server did not answer /api/v1/health on port $port within 30 s"
  fi
  wait "$pid" 2>/dev/null || true
  pid=""
  echo "e2e: the server exited at start-up (attempt $attempt):" >&2
  cat "$log" >&2
done
[[ -n "$url" ]] || fail "could not start $bin serve"

echo "e2e: server $url (pid $pid, store $store)"
status=0
FABSCOPE_URL="$url" CHROMIUM="$chromium" timeout 180 node "$here/e2e.mjs" || status=$?
if (( status == 124 )); then echo "e2e: FAIL: the suite was killed after 180 s" >&2; fi
if (( status != 0 )); then
  echo "e2e: server log:" >&2
  tail -n 20 "$log" >&2
fi
exit "$status"
