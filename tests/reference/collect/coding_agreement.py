#!/usr/bin/python3
"""Independent reference for inter-coder agreement (src/collect/coding.cpp).

1. Writes a FICTITIOUS coding table (seeded): 12 interviews, 3 to 6 passages each, 8 codes
   named after référentiel criteria, three coders who agree most of the time; coder "c3"
   did not read two interviews (missing there). tests/reference/collect/coding_fictitious.csv
2. Computes, with other means than the C++:
   - Cohen's kappa per code and pair of coders with scikit-learn's cohen_kappa_score, on
     the units both coders read (a unit: an interview passage; a code not applied is 0);
   - Krippendorff's alpha (nominal) per code and over every code × unit, by enumerating
     every pair of pairable values (observed disagreement within units weighted 1/(m−1),
     expected disagreement over all pairs of the pooled values), not through marginals.
   Output: tests/reference/expected/collect/coding_agreement.csv (measure, code, coder_a,
   coder_b, units, value).
Run: /usr/bin/python3 tests/reference/collect/coding_agreement.py
"""
import csv
import math
import os
import random

from sklearn.metrics import cohen_kappa_score

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
TABLE = os.path.join(ROOT, "tests", "reference", "collect", "coding_fictitious.csv")
OUT = os.path.join(ROOT, "tests", "reference", "expected", "collect", "coding_agreement.csv")
CODES = ["m_offer", "m_team", "m_governance", "s_publics", "s_firms", "i_employment", "i_networks", "i_digital"]
CODERS = ["c1", "c2", "c3"]


def make_table():
    rng = random.Random(20261207)
    rows = []
    for case in range(1, 13):
        cid = "entretien_%02d" % case
        for seg in range(1, rng.randint(3, 6) + 1):
            truth = {c for c in CODES if rng.random() < 0.3}
            for coder in CODERS:
                if coder == "c3" and case in (4, 9):
                    continue  # not read
                for code in CODES:
                    applied = code in truth
                    if rng.random() < (0.12 if coder == "c3" else 0.07):
                        applied = not applied
                    if applied:
                        rows.append((cid, "p%d" % seg, code, coder))
    with open(TABLE, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "segment", "code", "coder", "note"])
        for r in rows:
            w.writerow(list(r) + ["FICTITIOUS"])
    return rows


def alpha_by_pairs(units):
    """units: list of lists of values (coders who read the unit)."""
    pairable = [u for u in units if len(u) >= 2]
    n = sum(len(u) for u in pairable)
    if n < 2:
        return float("nan")
    d_o = 0.0
    for u in pairable:
        m = len(u)
        d_o += sum(1 for i in range(m) for j in range(m) if i != j and u[i] != u[j]) / (m - 1)
    d_o /= n
    pooled = [v for u in pairable for v in u]
    d_e = sum(1 for i in range(n) for j in range(n) if i != j and pooled[i] != pooled[j]) / (n * (n - 1))
    if d_e == 0:
        return float("nan")
    return 1 - d_o / d_e


def main():
    rows = make_table()
    units = sorted({(r[0], r[1]) for r in rows})
    read = {(r[3], r[0]) for r in rows}
    applied = {(r[3], r[0], r[1], r[2]) for r in rows}

    def value(coder, unit, code):
        if (coder, unit[0]) not in read:
            return None
        return 1 if (coder, unit[0], unit[1], code) in applied else 0

    out = [("measure", "code", "coder_a", "coder_b", "units", "value")]
    codes = sorted({r[2] for r in rows})
    coders = sorted({r[3] for r in rows})
    everything = []
    for code in codes:
        per_code = []
        for u in units:
            vals = [value(c, u, code) for c in coders]
            per_code.append([v for v in vals if v is not None])
        everything += per_code
        out.append(("alpha", code, "", "", len(units), repr(alpha_by_pairs(per_code))))
        for i, a in enumerate(coders):
            for b in coders[i + 1:]:
                xa, xb = [], []
                for u in units:
                    va, vb = value(a, u, code), value(b, u, code)
                    if va is None or vb is None:
                        continue
                    xa.append(va)
                    xb.append(vb)
                k = cohen_kappa_score(xa, xb) if len(set(xa) | set(xb)) > 1 else float("nan")
                out.append(("kappa", code, a, b, len(xa), repr(float(k))))
    out.append(("alpha", "*", "", "", len(units), repr(alpha_by_pairs(everything))))
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(out)
    print("written:", TABLE, len(rows), "codings;", OUT, len(out) - 1, "values")


if __name__ == "__main__":
    main()
