#!/bin/sh
# Crash safety: `fabscope import --all --force`, `workshops import … --force` and `run
# --force` over a complete store are killed (SIGKILL) at seeded pseudo-random moments;
# after each kill the store must pass PRAGMA integrity_check and hold exactly the figures
# of the complete import (a digest of the indicator, raw and register tables), as the
# import is one transaction. Deterministic mode: the timestamps do not vary.
# usage: crash_safety.sh FABSCOPE WORKDIR [KILLS_PER_COMMAND] [SEED]
set -u
bin=$1
work=$2
kills=${3:-7}
seed=${4:-20260101}
rm -rf "$work" && mkdir -p "$work"
export FABSCOPE_DETERMINISTIC=1
store="$work/s.db"
"$bin" --quiet --store "$store" run >/dev/null || { echo "FAIL: run"; exit 1; }
digest() {
  sqlite3 "$store" "SELECT * FROM territory ORDER BY 1, 2; SELECT * FROM territory_commune ORDER BY 1;
    SELECT * FROM territory_build; SELECT count(*), total(latitude) FROM laposte_postcode;
    SELECT count(*) FROM insee_comparateur; SELECT id, commune, merged_into FROM workshop ORDER BY id;
    SELECT * FROM workshop_pair ORDER BY 1, 2; SELECT dataset_id, sha256, rows FROM dataset_import ORDER BY 1" |
    sha1sum
}
# How long each command takes here, to spread the kills over its whole run.
duration_ms() {
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1
  echo $((($(date +%s%N) - t0) / 1000000))
}
failures=0
n=0
state=$seed
next_random() { state=$(((state * 1103515245 + 12345) % 2147483648)); }
for cmd in "import --all --force" "workshops import maplabbzh_2020 --force" "run --force"; do
  # shellcheck disable=SC2086
  total=$(duration_ms "$bin" --quiet --store "$store" $cmd)
  # The figures of the previous complete import (a complete `run` also records the
  # registers among the inputs of the indicators, which `import` alone did not).
  reference=$(digest)
  i=0
  while [ $i -lt "$kills" ]; do
    next_random
    delay_ms=$((state % (total + 1)))
    # shellcheck disable=SC2086
    "$bin" --quiet --store "$store" $cmd >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    check=$(sqlite3 "$store" "PRAGMA integrity_check")
    if [ "$check" != ok ]; then
      echo "FAIL: '$cmd' killed after ${delay_ms} ms: integrity_check says $check"
      failures=$((failures + 1))
    elif [ "$(digest)" != "$reference" ]; then
      echo "FAIL: '$cmd' killed after ${delay_ms} ms: the figures differ from the complete import's"
      failures=$((failures + 1))
    fi
    i=$((i + 1))
    n=$((n + 1))
  done
done
[ $failures = 0 ] && echo "crash safety: $n kills, store intact and unchanged after each"
exit $failures
