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

if [[ ! -d "$here/node_modules/playwright-core" || ! -f "$here/node_modules/axe-core/axe.min.js" ]]; then
  command -v npm >/dev/null || fail "npm is not installed and $here/node_modules is missing"
  echo "e2e: installing playwright-core (npm ci in $here)" >&2
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >&2 \
    || fail "npm ci in $here failed (is the npm registry reachable?)"
fi

if [[ ! -s "$store" ]]; then
  echo "e2e: building the store $store (fabscope run --force)" >&2
  "$bin" --quiet --store "$store" run --force >/dev/null || fail "could not build the store $store"
fi

# A questionnaire link for the `questionnaire` scenario: the user questionnaire shipped in
# data/instruments, a campaign of its own per run, one open link.
"$bin" --quiet --store "$store" form import "$here/../../data/instruments/questionnaire_usager.xlsx" >/dev/null \
  || fail "could not import the user questionnaire"
campaign="e2e-$(date +%s%N)"
"$bin" --quiet --store "$store" campaign create "$campaign" --form fabscope_usager >/dev/null \
  || fail "could not create the campaign $campaign"
E2E_FORM_LINK="$("$bin" --quiet --store "$store" campaign invite "$campaign" --open --base-url "" 2>/dev/null | sed -n 2p | cut -d, -f7)"
[[ "$E2E_FORM_LINK" == /q/* ]] || fail "no questionnaire link from campaign invite"
export E2E_FORM_LINK

# A manager's link of a workshop, in a campaign of the manager questionnaire whose users'
# campaign is the one above, for the `forwarding` scenario.
"$bin" --quiet --store "$store" form import "$here/../../data/instruments/questionnaire_gestionnaire.xlsx" >/dev/null \
  || fail "could not import the manager questionnaire"
"$bin" --quiet --store "$store" campaign create "$campaign-g" --form fabscope_gestionnaire --users "$campaign" >/dev/null \
  || fail "could not create the campaign $campaign-g"
E2E_MANAGER_LINK="$("$bin" --quiet --store "$store" campaign invite "$campaign-g" --workshop fablabs_io:fablablannion --base-url "" 2>/dev/null | sed -n 2p | cut -d, -f7)"
[[ "$E2E_MANAGER_LINK" == /q/* ]] || fail "no manager link from campaign invite"
export E2E_MANAGER_LINK

# An evaluator and an interview to code for the `coding` scenario (a name and a case of their own per run).
E2E_EVAL_NAME="e2e${campaign#e2e-}"
E2E_EVAL_PASS="mot de passe e2e $RANDOM$RANDOM"
printf '%s\n' "$E2E_EVAL_PASS" | "$bin" --quiet --store "$store" user add "$E2E_EVAL_NAME" >/dev/null \
  || fail "could not add the evaluator account"
notes="$(mktemp --suffix=.md)"
printf '# Entretien FICTIF (e2e)\n\nLe fablab accueille des scolaires.\n\nIl vend des prestations aux PME.\n' >"$notes"
E2E_CODING_DOC="$("$bin" --store "$store" code import "$notes" --case "$campaign" 2>/dev/null | grep -o '/codage/[0-9]*')"
rm -f "$notes"
[[ "$E2E_CODING_DOC" == /codage/* ]] || fail "no document to code from code import"
export E2E_EVAL_NAME E2E_EVAL_PASS E2E_CODING_DOC

log="$(mktemp)"
# shellcheck source-path=SCRIPTDIR source=../../scripts/lib/serve.sh
source "$here/../../scripts/lib/serve.sh"
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  stop_fabscope
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_fabscope "$bin" "$store" "$log" 60 || fail "could not start the server"
url="$FABSCOPE_URL"

echo "e2e: server $url (pid $FABSCOPE_PID, store $store)"
status=0
FABSCOPE_URL="$url" CHROMIUM="$chromium" timeout 180 node "$here/e2e.mjs" || status=$?
if (( status == 124 )); then echo "e2e: FAIL: the suite was killed after 180 s" >&2; fi
if (( status != 0 )); then
  echo "e2e: server log:" >&2
  tail -n 20 "$log" >&2
fi
exit "$status"
