#!/usr/bin/env bash
# Whole-command benchmark: fabscope's full import of the raw files + every indicator at
# every level, against the vectorised pandas implementation of the same computation
# (tests/reference/territory_reference.py: pandas, numpy, sklearn BallTree), on the same
# files. Prints each run, the medians and the ratio.
#   bench/territory_vs_pandas.sh [FABSCOPE_BINARY] [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/build/release/fabscope}"
runs="${2:-3}"
data="${FABSCOPE_DATA:-$(cd "$here/../shared/data" && pwd)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# shellcheck source=bench/common.sh
. "$here/bench/common.sh"

echo "data: $data"
# The indicators' inputs (and the France services list), as the pandas reference reads them;
# the commune polygons of all France (ign_communes_2018, maps only) are not part of it.
datasets="cog_etalab_2026 insee_grille_densite_2024 insee_appartenance_2022 insee_comparateur_2022 laposte_hexasmal anct_france_services_2022"
echo "fabscope: $bin import $datasets --force (raw zip/xlsx/tgz/csv -> SQLite store + 27 indicators x 5 levels)"
echo "pandas:   /usr/bin/python3 tests/reference/territory_reference.py (raw files -> 5 CSV files)"
echo "cores: $(nproc), runs: $runs (after one warm-up each)"
"$bin" --quiet --data "$data" --store "$work/bench.db" import $datasets --force >/dev/null
/usr/bin/python3 "$here/tests/reference/territory_reference.py" --data "$data" --out "$work/pandas" --no-check 2>/dev/null
ours=(); theirs=()
for i in $(seq "$runs"); do
  t0=$(now); "$bin" --quiet --data "$data" --store "$work/bench.db" import $datasets --force >/dev/null; t1=$(now)
  /usr/bin/python3 "$here/tests/reference/territory_reference.py" --data "$data" --out "$work/pandas" --no-check 2>/dev/null; t2=$(now)
  a=$(echo "$t1 - $t0" | bc -l); b=$(echo "$t2 - $t1" | bc -l)
  ours+=("$a"); theirs+=("$b")
  printf 'run %d: fabscope %.3f s, pandas %.3f s, ratio %.1fx\n' "$i" "$a" "$b" "$(echo "$b / $a" | bc -l)"
done
ma=$(printf '%s\n' "${ours[@]}" | median)
mb=$(printf '%s\n' "${theirs[@]}" | median)
printf 'median: fabscope %.3f s, pandas %.3f s -> fabscope is %.1fx faster\n' "$ma" "$mb" "$(echo "$mb / $ma" | bc -l)"
