#!/usr/bin/python3
"""Independent reference implementation of docs/methods/referential-scoring.md (fabscope).

It shares no code with the C++ engine. It does three things:

1. generates a FICTITIOUS test matrix (60 units x 8 indicators) with a fixed seed
   (numpy default_rng(20261127)) and writes it to <out>/input.csv;
2. writes the fixed indicator tree and a list of named configurations ("cases") to
   <out>/cases.json, so that the C++ test reads the same configuration;
3. for every case, computes winsorisation -> missing-value policy -> normalisation ->
   weighted aggregation (indicator -> criterion -> dimension -> total) with coverage,
   and the rank on the total, and writes <out>/expected_<name>.csv.

Usage:
    /usr/bin/python3 tests/reference/referential_reference.py [--out DIR] [--no-check]

Needs Debian's python3-numpy and python3-scipy (tested with numpy 1.24.2, scipy 1.10.1).
Computations are vectorised over units (numpy); the only Python loops run over the
8 indicators and the tree nodes.
"""

import argparse
import csv
import json
import math
import os
import sys

import numpy as np
from scipy.stats import rankdata

SEED = 20261127
N_UNITS = 60
UNITS = [f"U{i:02d}" for i in range(1, N_UNITS + 1)]
INDICATORS = [f"i{j}" for j in range(1, 9)]

DIRECTIONS = {
    "i1": "higher_better", "i2": "lower_better", "i3": "higher_better",
    "i4": "higher_better", "i5": "lower_better", "i6": "higher_better",
    "i7": "higher_better", "i8": "neutral",
}

# Fixed tree: node -> list of (child, expert weight). Children are listed in the order
# in which they are aggregated. i8 is neutral: listed (weight 1) but never aggregated.
TREE = {
    "c1": [("i1", 2.0), ("i2", 1.0), ("i3", 1.0)],
    "c2": [("i4", 1.0), ("i5", 3.0)],
    "c3": [("i6", 1.0), ("i7", 1.0), ("i8", 1.0)],
    "d1": [("c1", 2.0), ("c2", 1.0)],
    "d2": [("c3", 1.0)],
    "total": [("d1", 3.0), ("d2", 1.0)],
}
NODE_ORDER = ["c1", "c2", "c3", "d1", "d2", "total"]  # bottom-up
COVERAGE_COLUMNS = ["cov_c1", "cov_c2", "cov_c3", "cov_d1", "cov_d2", "cov_total"]

# Goalposts, chosen by hand for the distributions of the generator so that some values
# fall outside [lo, hi] on both sides (checked in main()).
GOALPOSTS = {
    "i1": [0.8, 4.0], "i2": [10.0, 90.0], "i3": [1.0, 4.0], "i4": [35.0, 65.0],
    "i5": [5.0, 60.0], "i6": [-5.0, 15.0], "i7": [10.0, 50.0], "i8": [1000.0, 10000.0],
}

TIE_RTOL = 1e-12   # see rank_total()

NORMALISATIONS = ("minmax", "zscore", "goalposts", "rank", "percentile",
                  "distance_to_reference")
MISSING_POLICIES = ("exclude", "mean", "median", "lowest")


# --------------------------------------------------------------------------------------
# 1. Fictitious data
# --------------------------------------------------------------------------------------

def generate_data():
    """Return the 60 x 8 float matrix (NaN = missing). Fictitious, seeded."""
    rng = np.random.default_rng(SEED)
    n = N_UNITS
    x = np.empty((n, 8))
    x[:, 0] = rng.lognormal(mean=0.5, sigma=0.8, size=n)      # i1 positive, skewed
    x[:, 1] = rng.uniform(0.0, 100.0, size=n)                 # i2 uniform, lower_better
    x[:, 2] = rng.integers(0, 6, size=n).astype(float)        # i3 integers 0..5 (ties)
    x[:, 3] = rng.normal(50.0, 12.0, size=n)                  # i4 normal, ~25 % missing
    x[:, 4] = rng.gamma(shape=1.5, scale=20.0, size=n)        # i5 positive, skewed, lower_better
    x[:, 5] = rng.normal(5.0, 10.0, size=n)                   # i6 with negative values
    x[:, 6] = rng.beta(2.0, 5.0, size=n) * 100.0              # i7 bounded 0..100
    x[:, 7] = rng.lognormal(mean=8.0, sigma=1.2, size=n)      # i8 neutral descriptor

    u = {name: k for k, name in enumerate(UNITS)}
    # i4: ~25 % missing: U07 (forced, see c2 below) + 14 others drawn at random.
    others = np.array([k for k in range(n) if k not in (u["U07"], u["U60"])])
    drawn = rng.choice(others, size=14, replace=False)
    x[drawn, 3] = np.nan
    x[u["U07"], 3] = np.nan
    # i5: a few missing (U07 -> its whole criterion c2 is missing), and an exact 0
    # (U13) for distance_to_reference with lower_better (reference / 0 -> missing).
    x[[u["U07"], u["U34"], u["U45"]], 4] = np.nan
    x[u["U13"], 4] = 0.0
    # i2: two missing (exercises `lowest` on a lower_better column -> maximum).
    x[[u["U18"], u["U52"]], 1] = np.nan
    # i6, i7: U21 has neither -> c3 and d2 missing, the total rests on d1 only.
    x[u["U21"], 5] = np.nan
    x[[u["U21"], u["U29"], u["U40"]], 6] = np.nan
    # U60: nothing at all -> every aggregate missing, unranked (under `exclude`).
    x[u["U60"], :] = np.nan
    return x


def write_input(path, x):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit"] + INDICATORS)
        for unit, row in zip(UNITS, x):
            w.writerow([unit] + ["" if math.isnan(v) else repr(float(v)) for v in row])


def read_input(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["unit"] + INDICATORS, rows[0]
    units = [r[0] for r in rows[1:]]
    x = np.array([[float(c) if c != "" else np.nan for c in r[1:]] for r in rows[1:]])
    return units, x


# --------------------------------------------------------------------------------------
# 2. Cases
# --------------------------------------------------------------------------------------

def make_cases(x):
    med = np.nanmedian(x, axis=0)
    # References: column medians rounded to 2 significant digits.
    reference = {ind: float(f"{m:.2g}") for ind, m in zip(INDICATORS, med)}
    assert all(v != 0.0 for v in reference.values()), reference

    def case(name, normalisation, missing="exclude", winsorise=None, weighting="expert",
             aggregation="arithmetic", note=""):
        norms = (normalisation if isinstance(normalisation, dict)
                 else {ind: normalisation for ind in INDICATORS})
        used = set(norms.values())
        gp = ({ind: GOALPOSTS[ind] for ind in INDICATORS if norms[ind] == "goalposts"}
              if "goalposts" in used else None)
        ref = ({ind: reference[ind] for ind in INDICATORS
                if norms[ind] == "distance_to_reference"}
               if "distance_to_reference" in used else None)
        return {"name": name, "note": note, "normalisation": normalisation,
                "missing": missing, "winsorise": winsorise, "weighting": weighting,
                "aggregation": aggregation, "goalposts": gp, "reference": ref}

    return [
        case("minmax_exclude_arith_expert", "minmax",
             note="baseline: minmax, missing excluded, arithmetic, expert weights"),
        case("minmax_equal", "minmax", weighting="equal",
             note="as baseline with equal weights at every node"),
        case("zscore_mean", "zscore", missing="mean",
             note="z-scores (sd with n-1) after mean imputation"),
        case("goalposts", "goalposts",
             note="goalposts chosen so that values are clipped on both sides"),
        case("rank", "rank", note="average ranks of ties, (r-1)/(k-1)"),
        case("percentile_median", "percentile", missing="median",
             note="percentile 0..100 after median imputation"),
        case("distance_to_reference", "distance_to_reference",
             note="references = column medians rounded to 2 significant digits; "
                  "U13 has i5 = 0 (lower_better) -> n_i5 missing"),
        case("minmax_winsorise_lowest", "minmax", missing="lowest", winsorise=[0.05, 0.95],
             note="winsorised at quantiles 0.05/0.95, then lowest imputation"),
        case("geometric_percentile", "percentile", aggregation="geometric",
             note="geometric mean; a percentile of 0 (unique worst value) makes the "
                  "node missing"),
        case("geometric_minmax", "minmax", aggregation="geometric",
             note="geometric mean of minmax: every column minimum (maximum if "
                  "lower_better) is 0 -> many missing nodes"),
        case("mixed", {"i1": "zscore", "i2": "rank", "i3": "goalposts", "i4": "minmax",
                       "i5": "distance_to_reference", "i6": "minmax", "i7": "goalposts",
                       "i8": "percentile"},
             missing="mean", winsorise=[0.1, 0.9], weighting="equal",
             note="per-indicator normalisation dict, winsorised, mean imputation, "
                  "equal weights"),
    ]


def config_document(cases):
    return {
        "description": "Fictitious test configuration for docs/methods/referential-scoring.md; "
                       "generated by tests/reference/referential_reference.py "
                       f"(numpy default_rng({SEED})). Not real data.",
        "input": "input.csv",
        "indicators": [{"id": ind, "direction": DIRECTIONS[ind]} for ind in INDICATORS],
        "tree": {node: [{"id": c, "weight": w} for c, w in TREE[node]] for node in NODE_ORDER},
        "levels": {"criteria": ["c1", "c2", "c3"], "dimensions": ["d1", "d2"],
                   "root": "total"},
        "expected": "expected_<name>.csv",
        "cases": cases,
    }


# --------------------------------------------------------------------------------------
# 3. The contract
# --------------------------------------------------------------------------------------

def sign(direction):
    return -1.0 if direction == "lower_better" else 1.0   # neutral: like higher_better


def winsorise(col, p):
    """Section 1: clip to [quantile(p_low), quantile(p_high)] of the non-missing values."""
    present = ~np.isnan(col)
    if p is None or not present.any():
        return col.copy()
    v = col[present]
    lo = np.quantile(v, p[0], method="linear")
    hi = np.quantile(v, p[1], method="linear")
    out = col.copy()
    out[present] = np.clip(v, lo, hi)
    return out


def impute(col, policy, direction):
    """Section 2, applied after winsorisation."""
    present = ~np.isnan(col)
    if policy == "exclude" or not present.any() or present.all():
        return col.copy()
    v = col[present]
    if policy == "mean":
        fill = np.mean(v)
    elif policy == "median":
        fill = np.median(v)
    elif policy == "lowest":
        fill = np.max(v) if direction == "lower_better" else np.min(v)
    else:
        raise ValueError(policy)
    out = col.copy()
    out[~present] = fill
    return out


def normalise(col, method, direction, goalposts=None, reference=None):
    """Section 3. Returns y (NaN where missing)."""
    d = sign(direction)
    present = ~np.isnan(col)
    y = np.full(col.shape, np.nan)
    k = int(present.sum())
    if k == 0:
        return y
    v = col[present]
    if method == "minmax":
        mn, mx = np.min(v), np.max(v)
        if mx == mn:
            r = np.full(v.shape, 0.5)
        else:
            r = (v - mn) / (mx - mn)
            if d < 0:
                r = 1.0 - r
    elif method == "zscore":
        if k < 2:
            r = np.zeros(v.shape)
        else:
            sd = np.std(v, ddof=1)
            r = np.zeros(v.shape) if sd == 0 else d * (v - np.mean(v)) / sd
    elif method == "goalposts":
        lo, hi = goalposts
        if not hi != lo:
            raise ValueError("goalposts with hi == lo")
        r = np.clip((v - lo) / (hi - lo), 0.0, 1.0)
        if d < 0:
            r = 1.0 - r
    elif method in ("rank", "percentile"):
        if k == 1:
            r = np.full(v.shape, 0.5)
            if method == "percentile":
                r = 100.0 * r
        else:
            rk = rankdata(d * v, method="average")       # best value -> rank k
            if method == "rank":
                r = (rk - 1.0) / (k - 1)
            else:
                r = 100.0 * (rk - 1.0) / (k - 1)           # (100*(r-1))/(k-1)
    elif method == "distance_to_reference":
        if reference == 0:
            raise ValueError("reference = 0")
        if d > 0:
            r = v / reference
        else:
            r = np.full(v.shape, np.nan)
            nz = v != 0
            r[nz] = reference / v[nz]
    else:
        raise ValueError(method)
    y[present] = r
    return y


def aggregate(values, coverage, children, method):
    """Section 5 for one node, vectorised over units.

    values, coverage: dict child -> array (n,), NaN value = missing child.
    children: list of (child, weight), scored children only, in aggregation order.
    Returns (value, coverage) arrays of the node.
    """
    n = len(next(iter(values.values())))
    w_all = 0.0
    w_p = np.zeros(n)           # Σ_P w, left to right over the children
    cov_num = np.zeros(n)       # Σ_P w · coverage_c
    for c, w in children:
        p = ~np.isnan(values[c])
        w_all += w
        w_p = w_p + np.where(p, w, 0.0)
        cov_num = cov_num + np.where(p, w * coverage[c], 0.0)
    any_p = w_p > 0
    cov = cov_num / w_all
    if method == "arithmetic":
        num = np.zeros(n)
        for c, w in children:
            v = values[c]
            num = num + np.where(np.isnan(v), 0.0, w * np.nan_to_num(v, nan=0.0))
        val = np.full(n, np.nan)
        val[any_p] = num[any_p] / w_p[any_p]
    elif method == "geometric":
        prod = np.ones(n)
        nonpos = np.zeros(n, dtype=bool)
        safe_wp = np.where(any_p, w_p, 1.0)
        for c, w in children:
            v = values[c]
            p = ~np.isnan(v)
            nonpos |= p & (v <= 0)
            base = np.where(p & (v > 0), v, 1.0)
            prod = prod * np.where(p, np.power(base, w / safe_wp), 1.0)
        val = np.where(any_p & ~nonpos, prod, np.nan)
    else:
        raise ValueError(method)
    return val, cov


def weights_for(node, weighting):
    ch = TREE[node]
    if weighting == "expert":
        return list(ch)
    if weighting == "equal":
        return [(c, 1.0) for c, _ in ch]
    raise ValueError(weighting)


def score(x, cfg):
    """Return dict column -> array for one case."""
    norms = cfg["normalisation"]
    if not isinstance(norms, dict):
        norms = {ind: norms for ind in INDICATORS}
    out = {}
    values, coverage = {}, {}
    for j, ind in enumerate(INDICATORS):
        direction = DIRECTIONS[ind]
        col = winsorise(x[:, j], cfg["winsorise"])
        col = impute(col, cfg["missing"], direction)
        y = normalise(col, norms[ind], direction,
                      goalposts=(cfg["goalposts"] or {}).get(ind),
                      reference=(cfg["reference"] or {}).get(ind))
        out["n_" + ind] = y
        values[ind] = y
        coverage[ind] = np.where(np.isnan(y), 0.0, 1.0)
    for node in NODE_ORDER:
        children = [(c, w) for c, w in weights_for(node, cfg["weighting"])
                    if DIRECTIONS.get(c) != "neutral"]
        v, cov = aggregate(values, coverage, children, cfg["aggregation"])
        values[node], coverage[node] = v, cov
        out[node] = v
        out["cov_" + node] = cov
    out["rank"], out["_tie_groups"] = rank_total(values["total"])
    return out


def rank_total(total):
    """Section 6: 1 = highest, ties share the lowest rank number, missing unranked.

    Totals are tied when they are equal up to TIE_RTOL (relative): exact rational ties
    (rank/percentile normalisations, median imputation) otherwise come out a few ulps
    apart and would be ordered by rounding noise. Consecutive totals (sorted descending)
    whose gap is <= TIE_RTOL * max(1, |a|, |b|) form one tie group.
    Returns (rank array, list of tie groups as index arrays, size >= 2).
    """
    rank = np.full(total.shape, np.nan)
    idx = np.where(~np.isnan(total))[0]
    if idx.size == 0:
        return rank, []
    order = idx[np.argsort(-total[idx], kind="stable")]
    t = total[order]
    gap = t[:-1] - t[1:]
    tol = TIE_RTOL * np.maximum(1.0, np.maximum(np.abs(t[:-1]), np.abs(t[1:])))
    new_group = np.concatenate([[True], gap > tol])
    gid = np.cumsum(new_group) - 1
    first_pos = np.flatnonzero(new_group)              # 0-based position of each group
    rank[order] = first_pos[gid] + 1
    sizes = np.bincount(gid)
    groups = [order[gid == g] for g in np.flatnonzero(sizes >= 2)]
    return rank, groups


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------

def out_columns():
    return (["n_" + i for i in INDICATORS] + NODE_ORDER + COVERAGE_COLUMNS + ["rank"])


def write_expected(path, units, res):
    cols = out_columns()
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit"] + cols)
        for k, unit in enumerate(units):
            row = [unit]
            for c in cols:
                v = res[c][k]
                if np.isnan(v):
                    row.append("")
                elif c == "rank":
                    row.append("%d" % int(v))
                else:
                    row.append("%.17g" % v)
            w.writerow(row)


def check_written(path, units, res):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    cols = out_columns()
    assert rows[0] == ["unit"] + cols
    for k, r in enumerate(rows[1:]):
        assert r[0] == units[k]
        for c, cell in zip(cols, r[1:]):
            v = res[c][k]
            if cell == "":
                assert np.isnan(v)
            else:
                assert float(cell) == v, (path, units[k], c, cell, v)


def sanity(name, cfg, res):
    """Structural checks; raises AssertionError on failure. Returns a short summary."""
    norms = cfg["normalisation"]
    norms = norms if isinstance(norms, dict) else {i: norms for i in INDICATORS}
    for node in NODE_ORDER:
        cov = res["cov_" + node]
        assert np.all((cov >= 0) & (cov <= 1 + 1e-15)), (name, node)
        # a node with a value has data under it; a node with coverage 0 has no value
        assert np.all(np.isnan(res[node]) | (cov > 0)), (name, node)
    for ind in INDICATORS:
        y = res["n_" + ind]
        yp = y[~np.isnan(y)]
        if norms[ind] in ("minmax", "goalposts", "rank"):
            assert np.all((yp >= 0) & (yp <= 1)), (name, ind)
        if norms[ind] == "percentile":
            assert np.all((yp >= 0) & (yp <= 100)), (name, ind)
    if set(norms.values()) <= {"minmax", "goalposts", "rank"}:
        for node in NODE_ORDER:
            v = res[node][~np.isnan(res[node])]
            assert np.all((v >= 0) & (v <= 1 + 1e-15)), (name, node)
    if set(norms.values()) == {"percentile"}:
        for node in NODE_ORDER:
            v = res[node][~np.isnan(res[node])]
            assert np.all((v >= 0) & (v <= 100 + 1e-12)), (name, node)
    t = res["total"]
    p = ~np.isnan(t)
    rk = res["rank"][p].astype(int)
    assert np.array_equal(np.isnan(res["rank"]), ~p)
    k = int(p.sum())
    if k:
        assert rk.min() == 1 and rk.max() <= k
        # competition ranking: rank = 1 + number of totals higher beyond the tie tolerance
        tp = t[p]
        tol = TIE_RTOL * np.maximum(1.0, np.maximum(np.abs(tp[None, :]), np.abs(tp[:, None])))
        assert np.array_equal(rk, 1 + (tp[None, :] - tp[:, None] > tol).sum(axis=1))
        # exact-float ranking differs from it only inside tie groups
        exact = rankdata(-tp, method="min").astype(int)
        in_group = np.zeros(len(t), dtype=bool)
        for g in res["_tie_groups"]:
            in_group[g] = True
        assert np.array_equal(exact[~in_group[p]], rk[~in_group[p]])
    missing_nodes = {node: int(np.isnan(res[node]).sum()) for node in NODE_ORDER}
    return k, missing_nodes


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(here, "referential"))
    ap.add_argument("--no-check", action="store_true", help="skip the read-back checks")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    x0 = generate_data()
    input_path = os.path.join(args.out, "input.csv")
    write_input(input_path, x0)
    units, x = read_input(input_path)          # compute from what the C++ test reads
    assert units == UNITS
    assert np.array_equal(np.isnan(x), np.isnan(x0)) and np.array_equal(
        x[~np.isnan(x)], x0[~np.isnan(x0)])

    # goalposts must clip on both sides for every indicator (contract example)
    for j, ind in enumerate(INDICATORS):
        v = x[~np.isnan(x[:, j]), j]
        lo, hi = GOALPOSTS[ind]
        assert (v < lo).any() and (v > hi).any(), (ind, v.min(), v.max(), lo, hi)

    cases = make_cases(x)
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names)
    with open(os.path.join(args.out, "cases.json"), "w") as f:
        json.dump(config_document(cases), f, indent=2)
        f.write("\n")

    miss = np.isnan(x).sum(axis=0)
    print("input: %d units x %d indicators, missing per indicator: %s"
          % (x.shape[0], x.shape[1], dict(zip(INDICATORS, miss.tolist()))), file=sys.stderr)
    ties = {"description": "Groups of units whose totals are equal up to a relative "
                           f"{TIE_RTOL:g} (exact ties in exact arithmetic that floating point "
                           "leaves a few ulps apart). They share `rank` in expected_<name>.csv; "
                           "an implementation that compares doubles exactly may give any rank "
                           "in `exact_compare_range`.",
            "rtol": TIE_RTOL, "cases": {}}
    for cfg in cases:
        res = score(x, cfg)
        path = os.path.join(args.out, "expected_%s.csv" % cfg["name"])
        write_expected(path, units, res)
        if not args.no_check:
            check_written(path, units, res)
        k, mn = sanity(cfg["name"], cfg, res)
        groups = []
        for g in res["_tie_groups"]:
            r = int(res["rank"][g[0]])
            groups.append({"units": [units[i] for i in sorted(g)], "rank": r,
                           "exact_compare_range": [r, r + len(g) - 1],
                           "totals": ["%.17g" % res["total"][i] for i in sorted(g)]})
        ties["cases"][cfg["name"]] = groups
        # smallest gap between totals that are NOT tied (separation from TIE_RTOL)
        t = np.sort(res["total"][~np.isnan(res["total"])])
        gaps = np.diff(t) / np.maximum(1.0, np.abs(t[1:]))
        sep = gaps[gaps > TIE_RTOL].min() if (gaps > TIE_RTOL).any() else float("nan")
        print("%-28s ranked %2d/%d  tie groups %d  min rel gap %.2g  missing nodes %s"
              % (cfg["name"], k, len(units), len(groups), sep, mn), file=sys.stderr)
    with open(os.path.join(args.out, "rank_ties.json"), "w") as f:
        json.dump(ties, f, indent=2)
        f.write("\n")
    print("wrote %s (input.csv, cases.json, rank_ties.json, %d expected_*.csv)" % (args.out, len(cases)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
