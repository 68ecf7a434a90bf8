#!/usr/bin/python3
"""Independent reference implementation of docs/methods/referential-scoring.md (fabscope).

It shares no code with the C++ engine. It does three things:

1. generates a FICTITIOUS test matrix (60 units x 8 indicators) with a fixed seed
   (numpy default_rng(20261127)) and writes it to <out>/input.csv;
2. writes the fixed indicator tree and a list of named configurations ("cases") to
   <out>/cases.json, so that the C++ test reads the same configuration;
3. for every case, computes winsorisation -> missing-value policy -> normalisation ->
   weighted aggregation (indicator -> criterion -> dimension -> total) with coverage,
   the aggregation-level missing policy (`missing_in_score`) and the coverage rule
   (`min_coverage`), the rank on the total and on every other node, and writes
   <out>/expected_<name>.csv and <out>/rank_ties.json.

Two scoring rules act at every node (criteria, dimensions, total; bottom-up), over its
scored children (non-neutral indicators and child nodes). A child is *missing* for a unit
when its value is NaN: an indicator after winsorise/impute/normalise, or a child node that
has no value or is non-evaluable.

* `missing_in_score` (per case; "reweight" by default):
  - "reweight": value = sum_P w.v / sum_P w over the present children P (arithmetic),
    or prod_P v^(w / sum_P w) (geometric); the behaviour of the cases without the key.
  - "zero": a missing child takes the fill f_c = min(0, min over the units of the
    child's present values) (0 if it has none), then value = sum_all w.v' / sum_all w,
    or the weighted geometric mean over all children with weights w / sum_all w.
  - "median": f_c = numpy median over the units of the child's present values; a child
    with no present value at all has no fill and is left out (reweighted) instead.
  The child's present values are the normalised column for an indicator, and the node's
  values after its own `min_coverage` rule for a child node. In every policy a node with
  no present child is NaN, and under geometric aggregation any child value used (present
  or filled) <= 0 makes it NaN. Coverage is unchanged: sum_P w.cov_c / sum_all w, P being
  the children present *before* filling (a filled value never counts as covered).
* `min_coverage` (per case, {node: threshold in [0, 1]}, absent node = 0): once a node's
  value and coverage are known, a unit whose coverage < threshold - 1e-12 gets value NaN
  at that node (non-evaluable); its coverage is kept. The parent sees it as missing.

Output columns of expected_<name>.csv: unit, n_i1..n_i8, c1, c2, c3, d1, d2, total,
cov_c1 .. cov_total, rank (on the total), rank_c1, rank_c2, rank_c3, rank_d1, rank_d2
(the same ranking rule, rank_total(), applied to each node's values; empty = unranked).

Usage:
    /usr/bin/python3 tests/reference/referential_reference.py [--out DIR] [--no-check]

Needs Debian's python3-numpy and python3-scipy (tested with numpy 1.24.2, scipy 1.10.1).
Computations are vectorised over units (numpy); the Python loops run over the 8
indicators and the tree nodes, except the powers of the geometric mean, which are taken
element by element with math.pow (the C library's pow): numpy's np.power is dispatched to
SVML on AVX-512 machines and then differs in the last bits from one machine to another.
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
RANKED_NODES = ["c1", "c2", "c3", "d1", "d2"]        # ranked besides the total ("rank")
NODE_RANK_COLUMNS = ["rank_" + node for node in RANKED_NODES]

# Goalposts, chosen by hand for the distributions of the generator so that some values
# fall outside [lo, hi] on both sides (checked in main()).
GOALPOSTS = {
    "i1": [0.8, 4.0], "i2": [10.0, 90.0], "i3": [1.0, 4.0], "i4": [35.0, 65.0],
    "i5": [5.0, 60.0], "i6": [-5.0, 15.0], "i7": [10.0, 50.0], "i8": [1000.0, 10000.0],
}

TIE_RTOL = 1e-12   # see rank_total()
COVERAGE_TOL = 1e-12   # min_coverage: non-evaluable when coverage < threshold - COVERAGE_TOL

NORMALISATIONS = ("minmax", "zscore", "goalposts", "rank", "percentile",
                  "distance_to_reference")
MISSING_POLICIES = ("exclude", "mean", "median", "lowest")
MISSING_IN_SCORE = ("reweight", "zero", "median")
# Units made non-evaluable by min_coverage (node -> count), as the case notes say.
DESIGNED_CUTS = {"coverage_zero": {"c2": 2}, "coverage_reweight": {"c2": 2, "c3": 2},
                 "median_in_score": {}}


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
             aggregation="arithmetic", missing_in_score="reweight", min_coverage=None,
             note=""):
        norms = (normalisation if isinstance(normalisation, dict)
                 else {ind: normalisation for ind in INDICATORS})
        used = set(norms.values())
        gp = ({ind: GOALPOSTS[ind] for ind in INDICATORS if norms[ind] == "goalposts"}
              if "goalposts" in used else None)
        ref = ({ind: reference[ind] for ind in INDICATORS
                if norms[ind] == "distance_to_reference"}
               if "distance_to_reference" in used else None)
        if isinstance(min_coverage, (int, float)):
            min_coverage = {node: float(min_coverage) for node in NODE_ORDER}
        min_coverage = dict(min_coverage or {})
        assert missing_in_score in MISSING_IN_SCORE, missing_in_score
        assert set(min_coverage) <= set(NODE_ORDER), min_coverage
        assert all(0.0 <= t <= 1.0 for t in min_coverage.values()), min_coverage
        return {"name": name, "note": note, "normalisation": normalisation,
                "missing": missing, "winsorise": winsorise, "weighting": weighting,
                "aggregation": aggregation, "goalposts": gp, "reference": ref,
                "missing_in_score": missing_in_score, "min_coverage": min_coverage}

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
        case("coverage_zero", "minmax", missing_in_score="zero",
             min_coverage={"c1": 0.5, "c2": 0.6, "c3": 0.5, "d1": 0.65, "d2": 0.5,
                           "total": 0.65},
             note="a missing child counts as 0 (the minmax minimum). c2 needs coverage "
                  "0.6: U34, U45 (i5 missing, cov_c2 0.25) are non-evaluable at c2, which "
                  "d1 then fills with 0. U29, U40 have cov_c3 = cov_d2 = 0.5, exactly on "
                  "the threshold, and stay evaluable. The thresholds of c1, d1 and total "
                  "remove nobody"),
        case("coverage_reweight", "rank", missing_in_score="reweight", min_coverage=0.65,
             note="reweighting, every node needs coverage 0.65: c2 is non-evaluable for "
                  "U34, U45 (cov 0.25), c3 for U29, U40 (cov 0.5), so d2 has no present "
                  "child for them and their total rests on d1 (U29: cov_total 0.6875, "
                  "kept). The thresholds of c1, d1 and total remove nobody"),
        case("median_in_score", "zscore", missing_in_score="median",
             min_coverage={"total": 0.5},
             note="a missing child takes the median of the child's present values "
                  "(normalised column or child node). The total threshold 0.5 removes "
                  "nobody here: the lowest coverage of a total with a value is 0.75"),
        case("zero_geometric", "percentile", aggregation="geometric",
             missing_in_score="zero",
             note="geometric mean with missing children at 0: any missing child, like a "
                  "percentile of 0, makes the node NaN, and its parent then fills it with "
                  "0, so it is NaN too: 34 of the 60 units have a total"),
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


def pow_elementwise(base, expo):
    """base ** expo element by element with math.pow (the C library's pow, as std::pow).

    np.power is not used: numpy 1.24 dispatches it to SVML on AVX-512 machines, whose
    results differ from the C library's in the last bits, so the expected files would
    depend on the machine that generated them.
    """
    b, e = np.broadcast_arrays(np.asarray(base, dtype=float), np.asarray(expo, dtype=float))
    return np.array([math.pow(bi, ei) for bi, ei in zip(b.ravel(), e.ravel())],
                    dtype=float).reshape(b.shape)


def fill_value(v, policy):
    """The value a missing child takes under `missing_in_score` (NaN: no fill, reweight).

    v: the child's values over all units (NaN = missing), i.e. the normalised column of
    an indicator or the values of a child node after its own min_coverage rule.
    """
    present = v[~np.isnan(v)]
    if policy == "reweight":
        return np.nan
    if policy == "zero":
        return min(0.0, float(np.min(present))) if present.size else 0.0
    if policy == "median":
        return float(np.median(present)) if present.size else np.nan
    raise ValueError(policy)


def aggregate(values, coverage, children, method, policy="reweight"):
    """Section 5 for one node, vectorised over units.

    values, coverage: dict child -> array (n,), NaN value = missing child.
    children: list of (child, weight), scored children only, in aggregation order.
    policy: `missing_in_score`, see the module docstring.
    Returns (value, coverage) arrays of the node (before the node's min_coverage rule).
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
    if policy == "reweight":
        # The children used are the present ones; this branch is the original code,
        # kept as it was so that the cases without the key stay bit-identical.
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
                prod = prod * np.where(p, pow_elementwise(base, w / safe_wp), 1.0)
            val = np.where(any_p & ~nonpos, prod, np.nan)
        else:
            raise ValueError(method)
        return val, cov
    # zero / median: a missing child takes its fill value; it is used unless the fill is
    # NaN (median of a child with no present value), in which case it is reweighted.
    filled, used = {}, {}
    for c, _ in children:
        v = values[c]
        f = fill_value(v, policy)
        filled[c] = np.where(np.isnan(v), f, v)
        used[c] = ~np.isnan(filled[c])
    w_u = np.zeros(n)           # Σ_used w, left to right (= Σ_all w under "zero")
    for c, w in children:
        w_u = w_u + np.where(used[c], w, 0.0)
    if method == "arithmetic":
        num = np.zeros(n)
        for c, w in children:
            num = num + np.where(used[c], w * np.nan_to_num(filled[c], nan=0.0), 0.0)
        val = np.full(n, np.nan)
        val[any_p] = num[any_p] / w_u[any_p]
    elif method == "geometric":
        prod = np.ones(n)
        nonpos = np.zeros(n, dtype=bool)
        safe_wu = np.where(any_p, w_u, 1.0)
        for c, w in children:
            v, u = filled[c], used[c]
            nonpos |= u & (v <= 0)
            base = np.where(u & (v > 0), v, 1.0)
            prod = prod * np.where(u, pow_elementwise(base, w / safe_wu), 1.0)
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
    policy = cfg.get("missing_in_score", "reweight")
    min_coverage = cfg.get("min_coverage") or {}
    for node in NODE_ORDER:
        children = [(c, w) for c, w in weights_for(node, cfg["weighting"])
                    if DIRECTIONS.get(c) != "neutral"]
        v, cov = aggregate(values, coverage, children, cfg["aggregation"], policy)
        # Section "coverage rule": non-evaluable below the node's threshold (value NaN,
        # coverage kept); the parent then sees this child as missing.
        below = cov < min_coverage.get(node, 0.0) - COVERAGE_TOL
        out["_cut_" + node] = int((below & ~np.isnan(v)).sum())   # values removed
        v = np.where(below, np.nan, v)
        values[node], coverage[node] = v, cov
        out[node] = v
        out["cov_" + node] = cov
    out["rank"], out["_tie_groups"] = rank_total(values["total"])
    for node in RANKED_NODES:
        out["rank_" + node], out["_tie_groups_" + node] = rank_total(values[node])
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
    return (["n_" + i for i in INDICATORS] + NODE_ORDER + COVERAGE_COLUMNS + ["rank"]
            + NODE_RANK_COLUMNS)


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
                elif c == "rank" or c.startswith("rank_"):
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


def check_ranks(name, col, v, rank, tie_groups):
    """rank_total() structure for one column: competition ranks, missing unranked."""
    p = ~np.isnan(v)
    rk = rank[p].astype(int)
    assert np.array_equal(np.isnan(rank), ~p), (name, col)
    k = int(p.sum())
    if k:
        assert rk.min() == 1 and rk.max() <= k, (name, col)
        # competition ranking: rank = 1 + number of values higher beyond the tie tolerance
        vp = v[p]
        tol = TIE_RTOL * np.maximum(1.0, np.maximum(np.abs(vp[None, :]), np.abs(vp[:, None])))
        assert np.array_equal(rk, 1 + (vp[None, :] - vp[:, None] > tol).sum(axis=1)), (name, col)
        # exact-float ranking differs from it only inside tie groups
        exact = rankdata(-vp, method="min").astype(int)
        in_group = np.zeros(len(v), dtype=bool)
        for g in tie_groups:
            in_group[g] = True
        assert np.array_equal(exact[~in_group[p]], rk[~in_group[p]]), (name, col)
    return k


def dominance_pairs(res):
    """Ordered pairs (a, b), a != b, where a has every scored indicator b has and a's
    normalised value is >= b's on each of them. Returns two index arrays."""
    scored = [i for i in INDICATORS if DIRECTIONS[i] != "neutral"]
    y = np.column_stack([res["n_" + i] for i in scored])          # (n, m)
    has = ~np.isnan(y)
    ya, yb = y[:, None, :], y[None, :, :]
    ha, hb = has[:, None, :], has[None, :, :]
    with np.errstate(invalid="ignore"):
        ok = ~hb | (ha & (ya >= yb))
    dom = ok.all(axis=2)
    np.fill_diagonal(dom, False)
    return np.nonzero(dom)


def sanity(name, cfg, res, res_plain=None):
    """Structural checks; raises AssertionError on failure. Returns a short summary.

    res_plain: the same case scored with "reweight" and no min_coverage (used to check
    "zero" against reweighting at the criteria, where the fills are 0).
    """
    norms = cfg["normalisation"]
    norms = norms if isinstance(norms, dict) else {i: norms for i in INDICATORS}
    policy = cfg.get("missing_in_score", "reweight")
    min_coverage = cfg.get("min_coverage") or {}
    for node in NODE_ORDER:
        cov = res["cov_" + node]
        assert np.all((cov >= 0) & (cov <= 1 + 1e-15)), (name, node)
        # a node with a value has data under it; a node with coverage 0 has no value
        assert np.all(np.isnan(res[node]) | (cov > 0)), (name, node)
        # coverage rule: no value below the node's threshold
        below = cov < min_coverage.get(node, 0.0) - COVERAGE_TOL
        assert np.all(np.isnan(res[node][below])), (name, node)
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
    k = check_ranks(name, "rank", res["total"], res["rank"], res["_tie_groups"])
    for node in RANKED_NODES:
        check_ranks(name, "rank_" + node, res[node], res["rank_" + node],
                    res["_tie_groups_" + node])
    n_pairs = None
    nonneg = set(norms.values()) <= {"minmax", "goalposts", "rank"}
    if policy == "zero" and nonneg:
        # Monotonicity: with fills of 0 (the minimum of a [0, 1] scale), a unit that has
        # every indicator another has, each at least as good, is at least as good at every
        # node where both are evaluable, and is evaluable wherever the other is.
        a, b = dominance_pairs(res)
        for node in NODE_ORDER:
            va, vb = res[node][a], res[node][b]
            assert np.all(np.isnan(vb) | ~np.isnan(va)), (name, node, "evaluability")
            both = ~np.isnan(va) & ~np.isnan(vb)
            assert np.all(va[both] >= vb[both] - 1e-12), (name, node, "monotonicity")
            assert np.all(res["cov_" + node][a] >= res["cov_" + node][b] - 1e-15), (name, node)
        n_pairs = int((~np.isnan(res["total"][a]) & ~np.isnan(res["total"][b])).sum())
    if (policy == "zero" and nonneg and cfg["aggregation"] == "arithmetic"
            and res_plain is not None):
        # At a criterion the fills are 0, so zero = reweighted value * coverage
        # (coverage = Σ_P w / Σ_all w there), wherever the criterion is evaluable.
        for node in ("c1", "c2", "c3"):
            v = res[node]
            ok = ~np.isnan(v)
            expect = res_plain[node][ok] * res["cov_" + node][ok]
            assert np.allclose(v[ok], expect, rtol=1e-13, atol=1e-15), (name, node)
    missing_nodes = {node: int(np.isnan(res[node]).sum()) for node in NODE_ORDER}
    return k, missing_nodes, n_pairs


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
            "rtol": TIE_RTOL, "cases": {},
            "nodes_description": "The same for the node ranks rank_c1 ... rank_d2 of "
                                 "expected_<name>.csv: for each case and node, the groups of "
                                 "units whose node values are equal up to a relative "
                                 f"{TIE_RTOL:g}.",
            "nodes": {}}

    def tie_groups(v, rank, raw_groups, key):
        groups = []
        for g in raw_groups:
            r = int(rank[g[0]])
            groups.append({"units": [units[i] for i in sorted(g)], "rank": r,
                           "exact_compare_range": [r, r + len(g) - 1],
                           key: ["%.17g" % v[i] for i in sorted(g)]})
        return groups

    def min_rel_gap(v):
        # smallest gap between values that are NOT tied (separation from TIE_RTOL)
        t = np.sort(v[~np.isnan(v)])
        gaps = np.diff(t) / np.maximum(1.0, np.abs(t[1:]))
        return gaps[gaps > TIE_RTOL].min() if (gaps > TIE_RTOL).any() else float("nan")

    node_gap = float("inf")
    for cfg in cases:
        res = score(x, cfg)
        path = os.path.join(args.out, "expected_%s.csv" % cfg["name"])
        write_expected(path, units, res)
        if not args.no_check:
            check_written(path, units, res)
        plain = score(x, dict(cfg, missing_in_score="reweight", min_coverage={}))
        k, mn, n_pairs = sanity(cfg["name"], cfg, res, plain)
        groups = tie_groups(res["total"], res["rank"], res["_tie_groups"], "totals")
        ties["cases"][cfg["name"]] = groups
        ties["nodes"][cfg["name"]] = {
            node: tie_groups(res[node], res["rank_" + node], res["_tie_groups_" + node],
                             "values") for node in RANKED_NODES}
        sep = min_rel_gap(res["total"])
        node_gap = min([node_gap] + [min_rel_gap(res[node]) for node in RANKED_NODES
                                     if not math.isnan(min_rel_gap(res[node]))])
        print("%-28s ranked %2d/%d  tie groups %d  min rel gap %.2g  missing nodes %s"
              % (cfg["name"], k, len(units), len(groups), sep, mn), file=sys.stderr)
        evaluable = {node: int((~np.isnan(res[node])).sum()) for node in NODE_ORDER}
        cut = {node: res["_cut_" + node] for node in NODE_ORDER if res["_cut_" + node]}
        if cfg["name"] in DESIGNED_CUTS:     # the situations the case notes describe
            assert cut == DESIGNED_CUTS[cfg["name"]], (cfg["name"], cut)
        node_ties = {node: len(g) for node, g in ties["nodes"][cfg["name"]].items() if g}
        print("%-28s   %s/%s  evaluable %s  non-evaluable by min_coverage %s  "
              "node tie groups %s%s"
              % ("", cfg.get("missing_in_score"), cfg["aggregation"], evaluable, cut or "-",
                 node_ties or "-",
                 "" if n_pairs is None else "  monotonicity pairs checked %d" % n_pairs),
              file=sys.stderr)
    print("smallest relative gap between untied node values (c1..d2, all cases): %.2g"
          % node_gap, file=sys.stderr)
    with open(os.path.join(args.out, "rank_ties.json"), "w") as f:
        json.dump(ties, f, indent=2)
        f.write("\n")
    print("wrote %s (input.csv, cases.json, rank_ties.json, %d expected_*.csv)" % (args.out, len(cases)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
