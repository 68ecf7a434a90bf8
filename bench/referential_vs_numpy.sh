#!/usr/bin/env bash
# Monte Carlo uncertainty benchmark: 10,000 scorings (Saltelli design, 1,429 base samples ×
# (2 + 5 factors)) of 3,500 fictitious units × 40 indicators, fabscope's engine against a
# vectorised numpy implementation of the same computation, side by side.
#   bench/referential_vs_numpy.sh [BENCH_BINARY]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/build/bench/fabscope_bench_mc}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/bench/referential_mc_numpy.py" --write-data "$work/panel.csv"
echo "data: 3,500 fictitious units × 40 indicators (seeded generator), 10 % missing"
echo "cores: $(nproc)"
ours=$( { /usr/bin/time -f "%e" "$bin" "$work/panel.csv" 1429 1 >"$work/ours.txt"; } 2>&1 | tail -1)
theirs=$( { /usr/bin/time -f "%e" /usr/bin/python3 "$here/bench/referential_mc_numpy.py" "$work/panel.csv" 1429 >"$work/theirs.txt"; } 2>&1 | tail -1)
echo "fabscope: $(cat "$work/ours.txt") (whole process ${ours} s)"
echo "numpy:    $(cat "$work/theirs.txt") (whole process ${theirs} s)"
printf 'ratio: fabscope is %.1fx faster (whole process)\n' "$(echo "$theirs / $ours" | bc -l)"
