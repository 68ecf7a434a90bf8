#!/usr/bin/env bash
# Matching benchmark: logit propensity score and 1:1 nearest-neighbour matching without
# replacement of 10,000 fictitious units (seeded generator), with the balance table and the
# effect on the treated, fabscope (with 1,000 bootstrap replicates of the effect's interval)
# against R's MatchIt (matchit(method = "nearest", distance = "glm") + summary()) on the same
# file, side by side; the propensity scores are compared. The pairs are not: MatchIt 4.5.1
# as packaged in Debian compares truncated distances (tests/reference/analysis/matching_NOTES.md).
# Needs R and r-cran-matchit (scripts/install-deps --bench).
#   bench/matching_vs_matchit.sh [UNITS] [FABSCOPE]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
units="${1:-10000}"
bin="${2:-$here/build/release/fabscope}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/bench/gen_matching.py" "$units" "$work/units.csv" 1
echo "data: $units fictitious units, 6 numeric covariates and a category, seed 1"
cat >"$work/match.R" <<'R'
suppressPackageStartupMessages(library(MatchIt))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
m <- matchit(treat ~ x1 + x2 + x3 + x4 + x5 + x6 + kind, data = d, method = "nearest", distance = "glm")
s <- summary(m, un = TRUE)
att <- coef(lm(y ~ treat, data = match.data(m), weights = weights))["treat"]
write.csv(data.frame(name = d$name, distance = sprintf("%.17g", m$distance)), args[2], row.names = FALSE)
R
ours=$( { /usr/bin/time -f "%e %M" "$bin" --quiet analyze match --input "$work/units.csv" --treatment treat \
  --covariates x1,x2,x3,x4,x5,x6,kind --outcome y --format csv -o "$work/ours.csv"; } 2>&1 | tail -1)
theirs=$( { /usr/bin/time -f "%e %M" Rscript "$work/match.R" "$work/units.csv" "$work/theirs.csv"; } 2>&1 | tail -1)
echo "fabscope (with 1,000 bootstrap replicates): ${ours%% *} s, ${ours##* } KB peak memory"
echo "MatchIt:                                    ${theirs%% *} s, ${theirs##* } KB peak memory"
printf 'ratio: fabscope is %.1fx faster\n' "$(echo "${theirs%% *} / ${ours%% *}" | bc -l)"
awk -v t="${ours%% *}" 'BEGIN { print (t < 1 ? "target: under 1 s, met" : "target: under 1 s, MISSED") }'
/usr/bin/python3 - "$work/ours.csv" "$work/theirs.csv" <<'PY'
import csv, sys
a = {r["name"]: float(r["distance"]) for r in csv.DictReader(open(sys.argv[1]))}
b = {r["name"]: float(r["distance"]) for r in csv.DictReader(open(sys.argv[2]))}
print(f"propensity scores: {len(a)} units, largest difference with MatchIt {max(abs(a[k] - b[k]) for k in a):.2e}")
PY
