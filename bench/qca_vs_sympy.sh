#!/usr/bin/env bash
# QCA benchmark: truth table and minimisation (conservative and parsimonious solutions) of
# 2,000 fictitious cases × 12 fuzzy conditions (seeded generator), fabscope against the same
# minimisation in Python (the truth table with the same rules, then sympy's SOPform, an exact
# Quine-McCluskey, for the parsimonious solution: positive rows as minterms, remainders as
# don't-cares), side by side; the two parsimonious solutions are compared. R's QCA package,
# the tool evaluators use, is not packaged in Debian, so it cannot run here: its author
# reports CCubes, its minimiser, as "hundreds of times faster than eQMC" (Duşa 2018, The R
# Journal RJ-2018-080) without absolute times for this size. Needs python3-sympy
# (scripts/install-deps --bench).
#   bench/qca_vs_sympy.sh [CASES] [CONDITIONS] [FABSCOPE]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cases="${1:-2000}"
k="${2:-12}"
bin="${3:-$here/build/release/fabscope}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/bench/gen_qca.py" "$cases" "$k" "$work/panel.csv" 1
echo "data: $cases fictitious cases × $k fuzzy conditions, seed 1; incl.cut 0.8"
cat >"$work/qca.py" <<'PY'
import csv, sys
from sympy import symbols
from sympy.logic import SOPform
rows = list(csv.DictReader(open(sys.argv[1])))
conds = [c for c in rows[0] if c not in ("case", "Y")]
X = [[float(r[c]) for c in conds] for r in rows]
Y = [float(r["Y"]) for r in rows]
k = len(conds)
observed = {}
for i, x in enumerate(X):
    if any(v == 0.5 for v in x):
        continue
    m = 0
    for v in x:
        m = m * 2 + (1 if v > 0.5 else 0)
    observed.setdefault(m, []).append(i)
on, dc = [], []
for m in range(2 ** k):
    if m not in observed:
        dc.append(m)
        continue
    bits = [(m >> (k - 1 - j)) & 1 for j in range(k)]
    num = den = 0.0
    for x, y in zip(X, Y):
        mem = min(v if b else 1 - v for v, b in zip(x, bits))
        num += min(mem, y)
        den += mem
    if den > 0 and num / den >= 0.8 - 1.49e-8:
        on.append(m)
syms = symbols(" ".join(conds))
sol = SOPform(syms, [[(m >> (k - 1 - j)) & 1 for j in range(k)] for m in on],
              [[(m >> (k - 1 - j)) & 1 for j in range(k)] for m in dc])
terms = sorted(str(t).replace(" & ", "*").replace("(", "").replace(")", "") for t in (sol.args if sol.func.__name__ == "Or" else [sol]))
print(len(terms), "terms:", " + ".join(terms))
PY
ours=$( { /usr/bin/time -f "%e %M" "$bin" --quiet analyze qca --input "$work/panel.csv" --outcome Y --incl-cut 0.8 \
  --include '?' --format json -o "$work/ours.json"; } 2>&1 | tail -1)
theirs=$( { /usr/bin/time -f "%e %M" /usr/bin/python3 "$work/qca.py" "$work/panel.csv" >"$work/theirs.txt"; } 2>&1 | tail -1)
echo "fabscope (truth table, necessity, conservative and parsimonious): ${ours%% *} s, ${ours##* } KB peak memory"
echo "python + sympy SOPform (truth table, parsimonious):              ${theirs%% *} s, ${theirs##* } KB peak memory"
printf 'ratio: fabscope is %.1fx faster\n' "$(echo "${theirs%% *} / ${ours%% *}" | bc -l)"
awk -v t="${ours%% *}" 'BEGIN { print (t < 1 ? "target: under 1 s, met" : "target: under 1 s, MISSED") }'
/usr/bin/python3 - "$work/ours.json" "$work/theirs.txt" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
ours = doc["solutions"]["parsimonious"]["models"][0]["expression"]
theirs = open(sys.argv[2]).read().strip()
n_ours = len(ours.split(" + "))
print(f"parsimonious here: {n_ours} terms: {ours}")
print(f"parsimonious sympy: {theirs}")
canon = lambda s: sorted(t.replace("~", "!") for t in s.split(" + "))
print("same number of terms" if n_ours == int(theirs.split()[0]) else "DIFFERENT number of terms")
PY
