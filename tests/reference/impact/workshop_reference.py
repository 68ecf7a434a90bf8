#!/usr/bin/python3
"""Independent reference for a workshop's direct, indirect and induced effects
(docs/impact/workshops.md), on the WIOD 2016 table of France, year 2014.

It reuses io_reference.py's reading of the table and its national and FLQ models
(themselves checked against numpy's inverses), and computes each workshop's
effects with explicit inverses, straight from the definitions:

  purchases: each line (sector code, amount in EUR, local share in %)
    - an industry code of the table: that industry;
    - a single NACE section letter: the table's industries whose code starts with
      it and have output, weighted by their 2014 output;
    - anything else: left out;
    - a line without a local share, or with a share of 0, adds nothing;
    - p[i] = sum of amount * min(share, 100) / 100 * weight over the lines.
  L = (I - A_r)^-1; L* = (I - A*_r)^-1 with households last;
  W = the wage bill (0 when unknown);
  t1 = L p;  t2 = (L* [p; W])[:n];  induced = t2 - t1.
  output:      direct = revenues, indirect = sum(t1), induced = sum(induced)
  value added: direct = revenues - sum of all purchase amounts (both known), else W;
               indirect = v . t1, induced = v . induced
  jobs:        direct = FTE; with an employment vector E (jobs by industry) and
               K euros per unit of the table: e = E / x / K (0 where x = 0),
               indirect = e . t1, induced = e . induced.

The workshops and the employment vector are FICTITIOUS test inputs, fixed below
(the employment is 4 jobs per unit of output of every industry with output).

Run from the repository root:
    /usr/bin/python3 tests/reference/impact/workshop_reference.py [DATA [OUTDIR]]
Writes OUTDIR/workshops_2014.csv (default tests/reference/expected/impact).
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import io_reference as ior  # noqa: E402

EUROS_PER_UNIT = 750000.0  # fictitious conversion of the table's unit (a million US$) to euros

WORKSHOPS = [
    # name, FTE, wage bill, revenues, purchases (sector, amount, local share %)
    ("full", 3.5, 126000.0, 240000.0,
     [("C26", 12000.0, 20.0), ("C", 8000.0, 50.0), ("L68", 18000.0, 100.0), ("other", 4000.0, 100.0),
      ("M69_M70", 3000.0, None), ("F", 5000.0, 0.0)]),
    ("wages_only", 1.0, 35000.0, None, []),
    ("purchases_only", None, None, None, [("G46", 10000.0, 40.0), ("J62_J63", 2500.0, 150.0)]),
]

TERRITORIES = ["flq_small", "flq_national"]


def demand(industries, x, purchases):
    n = len(industries)
    p = np.zeros(n)
    for code, amount, share in purchases:
        if code in industries:
            weights = [(industries.index(code), 1.0)]
        elif len(code) == 1 and "A" <= code <= "U":
            members = [(i, x[i]) for i, c in enumerate(industries) if c[0] == code and x[i] > 0]
            total = sum(w for _, w in members)
            weights = [(i, w / total) for i, w in members]
        else:
            weights = []
        if not weights or share is None or share <= 0:
            continue
        local = amount * min(share, 100.0) / 100.0
        for i, w in weights:
            p[i] += w * local
    return p


def effects(A, v, c, h, x, industries, workshop):
    _, fte, wages, revenues, purchases = workshop
    n = len(industries)
    L, Ls = ior.multipliers(A, v, c, h)[:2]  # (I - A)^-1 and the inverse closed for households
    p = demand(industries, x, purchases)
    t1 = L @ p
    rhs = np.zeros(n + 1)
    rhs[:n] = p
    rhs[n] = wages if wages is not None else 0.0
    t2 = (Ls @ rhs)[:n]
    ind = t2 - t1
    e = np.array([4.0 / EUROS_PER_UNIT if x[j] > 0 else 0.0 for j in range(n)])  # 4 jobs per unit / K
    nan = float("nan")
    has_p = len(purchases) > 0
    has_any = has_p or wages is not None
    total_purchases = sum(a for _, a, _ in purchases)
    va_direct = (revenues - total_purchases) if (revenues is not None and has_p) else (
        wages if wages is not None else nan)
    return {
        ("output", "direct"): revenues if revenues is not None else nan,
        ("output", "indirect"): t1.sum() if has_p else nan,
        ("output", "induced"): ind.sum() if has_any else nan,
        ("value_added", "direct"): va_direct,
        ("value_added", "indirect"): v @ t1 if has_p else nan,
        ("value_added", "induced"): v @ ind if has_any else nan,
        ("jobs", "direct"): fte if fte is not None else nan,
        ("jobs", "indirect"): e @ t1 if has_p else nan,
        ("jobs", "induced"): e @ ind if has_any else nan,
        ("local_purchases", "total"): p.sum(),
    }


def main(argv):
    data = argv[1] if len(argv) > 1 else ior.DEFAULT_DATA
    out = argv[2] if len(argv) > 2 else ior.DEFAULT_OUT
    codes, _, body = ior.read_xlsx(os.path.join(data, ior.XLSX))
    industries, tables = ior.split_years(codes, body)
    t = tables[2014]
    A, v, c, h = ior.national(t)
    cases = {name: (r, delta, slq, aug) for name, r, delta, slq, aug in ior.CASES}
    rows = []
    for territory in TERRITORIES:
        r, delta, slq, aug = cases[territory]
        lam, Ar, cr = ior.regional(A, c, industries, r, delta, slq, aug)
        for w in WORKSHOPS:
            for (quantity, part), value in effects(Ar, v, cr, h, t["x"], industries, w).items():
                rows.append([territory, w[0], quantity, part, ior.fmt(value) if value == value else ""])
    ior.write_csv(os.path.join(out, "workshops_2014.csv"), ["territory", "workshop", "quantity", "part", "value"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
