#!/usr/bin/python3
"""The peer of the Monte Carlo benchmark: the same uncertainty analysis as
src/referential/uncertainty.cpp, vectorised with numpy over the units (one scoring per
draw), on the same fictitious data.

  referential_mc_numpy.py --write-data DATA.csv     # the seeded fictitious panel
  referential_mc_numpy.py DATA.csv BASE_SAMPLES     # run the analysis, print the time
"""
import sys
import time

import numpy as np
from scipy.stats import rankdata

UNITS, INDICATORS = 3500, 40


def write_data(path):
    rng = np.random.default_rng(20261127)
    x = rng.lognormal(2.0, 0.8, size=(UNITS, INDICATORS))
    x[rng.random(size=x.shape) < 0.10] = np.nan  # 10 % missing
    w = rng.integers(1, 4, size=INDICATORS).astype(float)
    with open(path, "w") as f:
        f.write("unit," + ",".join(f"i{j}" for j in range(INDICATORS)) + "\n")
        f.write("weights," + ",".join(repr(v) for v in w) + "\n")
        for i in range(UNITS):
            f.write(f"u{i}," + ",".join("" if np.isnan(v) else repr(float(v)) for v in x[i]) + "\n")


def normalise(x, lower_better, method, impute):
    x = x.copy()
    if impute == "median":
        med = np.nanmedian(x, axis=0)
        idx = np.where(np.isnan(x))
        x[idx] = med[idx[1]]
    d = np.where(lower_better, -1.0, 1.0)
    if method == "minmax":
        lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
        y = (x - lo) / np.where(hi > lo, hi - lo, 1.0)
        y = np.where(hi > lo, y, 0.5)
        return np.where(lower_better, 1 - y, y)
    y = np.full_like(x, np.nan)
    for j in range(x.shape[1]):
        col = d[j] * x[:, j]
        ok = ~np.isnan(col)
        k = ok.sum()
        r = rankdata(col[ok])
        y[ok, j] = (r - 1) / (k - 1) if k > 1 else 0.5
    return y


def main(path, base):
    with open(path) as f:
        f.readline()
        w = np.array([float(v) for v in f.readline().strip().split(",")[1:]])
    x = np.genfromtxt(path, delimiter=",", skip_header=2)[:, 1:]
    lower = np.zeros(INDICATORS, dtype=bool)
    lower[::4] = True
    t0 = time.perf_counter()
    cache = {(n, i): normalise(x, lower, n, i) for n in ("minmax", "rank") for i in ("exclude", "median")}
    groups = [("weights", 50), ("normalisation", 1), ("imputation", 1), ("aggregation", 1), ("exclusion", 1)]
    dims = sum(g for _, g in groups)
    rng = np.random.default_rng(1)
    A, B = rng.random((base, dims)), rng.random((base, dims))
    offsets = np.cumsum([0] + [g for _, g in groups])

    def run(u, nominal_rank=None):
        wm = 0.75 + 0.5 * u[0:50]
        norm = ("minmax", "rank")[min(1, int(u[50] * 2))]
        imp = ("exclude", "median")[min(1, int(u[51] * 2))]
        geo = int(u[52] * 2) >= 1
        excl = min(INDICATORS, int(u[53] * (INDICATORS + 1))) - 1
        y = cache[(norm, imp)]
        wi = w * wm[:40]
        if excl >= 0:
            wi = wi.copy()
            wi[excl] = 0.0
        crit = []
        for c in range(8):
            yc, wc = y[:, c * 5:c * 5 + 5], wi[c * 5:c * 5 + 5]
            present = ~np.isnan(yc) & (wc > 0)
            wp = (present * wc).sum(axis=1)
            if geo:
                bad = (present & (yc <= 0)).any(axis=1)
                s = np.exp(np.nansum(np.where(present, wc * np.log(np.where(yc > 0, yc, 1.0)), 0.0), axis=1) / np.where(wp > 0, wp, 1))
                s = np.where(bad | (wp == 0), np.nan, s)
            else:
                s = np.nansum(np.where(present, wc * yc, 0.0), axis=1) / np.where(wp > 0, wp, np.nan)
            crit.append(s)
        crit = np.array(crit).T
        def agg(v, ww):
            present = ~np.isnan(v)
            wp = (present * ww).sum(axis=1)
            if geo:
                bad = (present & (v <= 0)).any(axis=1)
                s = np.exp(np.nansum(np.where(present, ww * np.log(np.where(v > 0, v, 1.0)), 0.0), axis=1) / np.where(wp > 0, wp, 1))
                return np.where(bad | (wp == 0), np.nan, s)
            return np.nansum(np.where(present, ww * v, 0.0), axis=1) / np.where(wp > 0, wp, np.nan)
        d0 = agg(crit[:, 0:4], wm[40:44])
        d1 = agg(crit[:, 4:8], wm[44:48])
        total = agg(np.vstack([d0, d1]).T, wm[48:50])
        ok = ~np.isnan(total)
        rank = np.full(UNITS, np.nan)
        rank[ok] = rankdata(-total[ok], method="min")
        return total, rank

    nominal = run(np.concatenate([np.full(50, 0.5), [0.0, 0.0, 0.0, 0.0]]))[1]
    def shift(rank):
        ok = ~np.isnan(rank) & ~np.isnan(nominal)
        return np.abs(rank[ok] - nominal[ok]).mean()
    YA = np.empty(base); YB = np.empty(base); YAB = np.empty((len(groups), base))
    totals = np.empty((2 * base, UNITS))
    for r in range(base):
        t, rk = run(A[r]); YA[r] = shift(rk); totals[r] = t
        t, rk = run(B[r]); YB[r] = shift(rk); totals[base + r] = t
        for g in range(len(groups)):
            u = A[r].copy()
            u[offsets[g]:offsets[g + 1]] = B[r, offsets[g]:offsets[g + 1]]
            YAB[g, r] = shift(run(u)[1])
    var = np.var(np.concatenate([YA, YB]), ddof=1)
    s1 = [(YB * (YAB[g] - YA)).mean() / var for g in range(len(groups))]
    st = [((YA - YAB[g]) ** 2).mean() / 2 / var for g in range(len(groups))]
    med = np.nanmedian(totals, axis=0)
    secs = time.perf_counter() - t0
    print(f"units {UNITS}, indicators {INDICATORS}, scorings {base * (2 + len(groups))}, time {secs:.3f} s, "
          f"checksum {np.nansum(med):.6f}, S1 {np.round(s1, 3)}, ST {np.round(st, 3)}")


if __name__ == "__main__":
    if sys.argv[1] == "--write-data":
        write_data(sys.argv[2])
    else:
        main(sys.argv[1], int(sys.argv[2]))
