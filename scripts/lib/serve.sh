# shellcheck shell=bash
# Sourced by tests/e2e/run.sh and bench/web_load.sh: starts `fabscope serve` on a free
# loopback port (--port 0: the server picks it and prints its URL) and waits until
# /api/v1/health says the data are ready (the server answers at once and prepares them in
# the background). Sets FABSCOPE_URL and FABSCOPE_PID; stop_fabscope stops it.
#   start_fabscope BINARY STORE LOGFILE [TIMEOUT_SECONDS=60]   (returns 1 with the log on failure)

FABSCOPE_URL=""
FABSCOPE_PID=""

start_fabscope() {
  local bin="$1" store="$2" log="$3" timeout="${4:-60}"
  "$bin" --lang fr --store "$store" serve --bind 127.0.0.1 --port 0 >"$log" 2>&1 &
  FABSCOPE_PID=$!
  local deadline=$((SECONDS + timeout))
  while (( SECONDS < deadline )); do
    if ! kill -0 "$FABSCOPE_PID" 2>/dev/null; then
      echo "the server exited at start-up:" >&2
      cat "$log" >&2
      FABSCOPE_PID=""
      return 1
    fi
    if [[ -z "$FABSCOPE_URL" ]]; then
      FABSCOPE_URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -1 || true)"
    fi
    if [[ -n "$FABSCOPE_URL" ]] && curl -fsS --max-time 2 "$FABSCOPE_URL/api/v1/health" 2>/dev/null | grep -q '"ready":true'; then
      return 0
    fi
    sleep 0.2
  done
  echo "the server did not answer /api/v1/health within ${timeout} s:" >&2
  cat "$log" >&2
  return 1
}

stop_fabscope() {
  if [[ -n "$FABSCOPE_PID" ]] && kill -0 "$FABSCOPE_PID" 2>/dev/null; then
    kill "$FABSCOPE_PID" 2>/dev/null || true
    wait "$FABSCOPE_PID" 2>/dev/null || true
  fi
  FABSCOPE_PID=""
}
