#!/usr/bin/env bash
# Typology benchmark: FAMD then HCPC (Ward, inertia-gain rule, k-means consolidation) of
# 10,000 fictitious rows × 40 mixed columns (30 quantitative, 10 categorical; seeded
# generator), fabscope against R's FactoMineR (HCPC(FAMD(d, ncp = 5), consol = TRUE)) on the
# same file, side by side; both partitions are compared. Needs R and FactoMineR
# (scripts/install-deps --bench installs r-base-core and r-cran-factominer).
#   bench/typology_vs_factominer.sh [ROWS] [FABSCOPE]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rows="${1:-10000}"
bin="${2:-$here/build/release/fabscope}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/bench/gen_mixed.py" "$rows" "$work/mixed.csv" 1
echo "data: $rows fictitious rows × 40 columns (30 quantitative, 10 categorical), seed 1"
echo "cores: $(nproc)"
cat >"$work/hcpc.R" <<'R'
suppressPackageStartupMessages(library(FactoMineR))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = TRUE, row.names = 1)
res <- FAMD(d, ncp = 5, graph = FALSE)
h <- HCPC(res, nb.clust = -1, consol = TRUE, graph = FALSE)
write.csv(data.frame(name = rownames(h$data.clust), clust = as.integer(h$data.clust$clust)), args[2], row.names = FALSE)
R
ours=$( { /usr/bin/time -f "%e %M" "$bin" --quiet analyze hcpc --input "$work/mixed.csv" --on famd --stability 0 \
  --format csv -o "$work/ours.csv"; } 2>&1 | tail -1)
theirs=$( { /usr/bin/time -f "%e %M" Rscript "$work/hcpc.R" "$work/mixed.csv" "$work/theirs.csv"; } 2>&1 | tail -1)
echo "fabscope:   ${ours%% *} s, ${ours##* } KB peak memory"
echo "FactoMineR: ${theirs%% *} s, ${theirs##* } KB peak memory"
printf 'ratio: fabscope is %.1fx faster\n' "$(echo "${theirs%% *} / ${ours%% *}" | bc -l)"
# Same partition? Identical up to the clusters' numbers when every cluster of one maps to one
# cluster of the other.
/usr/bin/python3 - "$work/ours.csv" "$work/theirs.csv" <<'PY'
import csv, sys
a = {r["name"]: r["clust"] for r in csv.DictReader(open(sys.argv[1]))}
b = {r["name"]: r["clust"] for r in csv.DictReader(open(sys.argv[2]))}
pairs = {}
for name, c in a.items():
    pairs.setdefault(c, set()).add(b[name])
inverse = {}
for name, c in b.items():
    inverse.setdefault(c, set()).add(a[name])
same = all(len(v) == 1 for v in pairs.values()) and all(len(v) == 1 for v in inverse.values())
print(f"partition: {len(pairs)} clusters here, {len(inverse)} in FactoMineR; "
      + ("identical up to the clusters' numbers" if same else "DIFFERENT"))
PY
