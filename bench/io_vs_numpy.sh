#!/usr/bin/env bash
# Input-output engine benchmark: for the 15 years of the WIOD table for France, the Type I
# and Type II output and value-added multipliers of the 56 industries, national and
# regionalised by FLQ (δ = 0.3) for every département: `fabscope impact io --level dep
# --year all --format csv` against the vectorised numpy computation of the same thing
# (bench/io_numpy.py: batched LU solves, Schur complement for Type II), on the same workbook
# and the same territorial quotients (employment and lq_* of each département, exported by
# `fabscope territory export`). Prints each run, the medians, the ratio and the largest
# difference between the two outputs.
#   bench/io_vs_numpy.sh [FABSCOPE_BINARY] [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/build/release/fabscope}"
runs="${2:-5}"
data="${FABSCOPE_DATA:-$(cd "$here/../shared/data" && pwd)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/common.sh
. "$here/bench/common.sh"

table="$data/raw/FRA_NIOT_nov16.xlsx"
# The territorial quotients: a store with the territorial datasets (setup, not timed).
"$bin" --quiet --data "$data" --store "$work/bench.db" import cog_etalab_2026 insee_grille_densite_2024 \
  insee_appartenance_2022 insee_comparateur_2022 laposte_hexasmal >/dev/null
"$bin" --quiet --store "$work/bench.db" territory export --level dep -o "$work/dep.csv"
"$bin" --quiet --store "$work/bench.db" territory export --level fr -o "$work/fr.csv"
/usr/bin/python3 - "$work/dep.csv" "$work/fr.csv" "$work/territories.csv" <<'PY'
import csv, math, sys
fr = next(csv.DictReader(open(sys.argv[2])))
with open(sys.argv[3], "w") as out:
    out.write("code,r,az,be,fz,gu,oq\n")
    for r in csv.DictReader(open(sys.argv[1])):
        vals = [r["employment"]] + [r["lq_" + s] for s in ("az", "be", "fz", "gu", "oq")]
        if any(v == "" for v in vals) or not float(r["employment"]) > 0:
            continue  # as fabscope: a département without employment or quotients is left out
        ratio = float(r["employment"]) / float(fr["employment"])
        out.write(",".join([r["code"], repr(ratio)] + vals[1:]) + "\n")
PY
echo "table: $table (15 years x 56 industries)"
echo "territories: France + $(($(wc -l <"$work/territories.csv") - 1)) départements, FLQ delta 0.3"
echo "fabscope: $bin impact io --level dep --year all --format csv"
echo "numpy:    /usr/bin/python3 bench/io_numpy.py (numpy $(/usr/bin/python3 -c 'import numpy; print(numpy.__version__)'))"
echo "cores: $(nproc), runs: $runs (after one warm-up each)"
ours_cmd() { "$bin" --quiet --lang en --data "$data" --store "$work/bench.db" impact io --table "$table" --level dep \
  --year all --format csv -o "$work/ours.csv" 2>/dev/null; }
theirs_cmd() { /usr/bin/python3 "$here/bench/io_numpy.py" "$table" "$work/territories.csv" "$work/theirs.csv" 0.3 2>/dev/null; }
ours_cmd; theirs_cmd
a_all=(); b_all=()
for i in $(seq "$runs"); do
  t0=$(now); ours_cmd; t1=$(now); theirs_cmd; t2=$(now)
  a=$(echo "$t1 - $t0" | bc -l); b=$(echo "$t2 - $t1" | bc -l)
  a_all+=("$a"); b_all+=("$b")
  printf 'run %d: fabscope %.3f s, numpy %.3f s, ratio %.1fx\n' "$i" "$a" "$b" "$(echo "$b / $a" | bc -l)"
done
ma=$(printf '%s\n' "${a_all[@]}" | median)
mb=$(printf '%s\n' "${b_all[@]}" | median)
printf 'median: fabscope %.3f s, numpy %.3f s -> fabscope is %.1fx faster\n' "$ma" "$mb" "$(echo "$mb / $ma" | bc -l)"
/usr/bin/python3 - "$work/ours.csv" "$work/theirs.csv" <<'PY'
import csv, sys
ours = {(r["year"], r["territory"], r["industry"]): r for r in csv.DictReader(open(sys.argv[1]))}
theirs = list(csv.DictReader(open(sys.argv[2])))
assert len(ours) == len(theirs), (len(ours), len(theirs))
worst = max(abs(float(ours[(r["year"], r["territory"], r["industry"])][k]) - float(r[k]))
            for r in theirs for k in ("type1_output", "type2_output", "type1_va", "type2_va"))
print(f"same rows: {len(theirs)}; largest difference: {worst:.2e}")
assert worst < 1e-9
PY
