#!/usr/bin/python3
"""Independent reference implementation of the input-output (Leontief) impact engine.

What it computes, from the WIOD 2016 National IO table of France
(raw/FRA_NIOT_nov16.xlsx, sheet "National IO-tables", millions of US dollars):

  * for each year 2000-2014, the national Type I and Type II output and
    value-added multipliers of the 56 industries (multipliers_national.csv);
  * the Leontief inverse L (leontief_2014.csv) and the Type II inverse L* with
    households endogenous (leontief_typeII_2014.csv) of 2014;
  * the regional multipliers of four test territories of 2014 obtained with
    Flegg's location quotient FLQ and its augmented variant AFLQ
    (regional_2014.csv);
  * the two-sector textbook example of Miller & Blair, Input-Output Analysis,
    2nd ed., section 2.3 (textbook.csv).

Definitions (year y, n = 56 industries in the column order of the sheet):
  Z[i][j]  Domestic row of industry i, column of industry j
  f_h[i]   column CONS_h of the Domestic row of industry i
  x[j]     row Origin TOT / Code GO, column j (gross output)
  VA[j]    row Origin TOT / Code VA, column j
  A[i][j]  Z[i][j] / x[j] if x[j] > 0 else 0;  L = (I - A)^-1
  type1_output[j] = sum_i L[i][j];  v[j] = VA[j] / x[j] if x[j] > 0 else 0
  type1_va[j]     = sum_i v[i] L[i][j]
  Type II, labour share s = 0.57: h[j] = s v[j], H = s sum_j VA[j],
  c[i] = f_h[i] / H; A* = [[A, c], [h, 0]] ((n+1) x (n+1)); L* = (I - A*)^-1;
  type2_output[j] = sum_{i<n} L*[i][j]; type2_va[j] = sum_{i<n} v[i] L*[i][j].
  FLQ: sector of an industry by the first letter of its code (A -> az;
  B-E -> be; F -> fz; G-N, R-U -> gu; O-Q -> oq), q[i] = SLQ of its sector,
  lambda = log2(1 + r) ** delta, FLQ[i][j] = lambda q[i] / q[j] (i != j),
  lambda q[i] (i == j); FLQ[i][.] = 0 if q[i] == 0; FLQ[i][j] = +inf if
  q[j] == 0 < q[i] (i != j). AFLQ: column j times log2(1 + q[j]) if q[j] > 1.
  A_r[i][j] = A[i][j] min(1, FLQ[i][j]); c_r[i] = c[i] min(1, lambda q[i]);
  h and v unchanged; regional multipliers as above from A_r and c_r.

The sheet is also compared, number by number, with the derived CSV
io/wiod_niot_fra_2000_2014.csv (they must be identical), the structure of the
sheet is checked, and the 2014 Type I output multipliers are compared with
io/wiod_fra_2014_typeI_output_multipliers.csv to its printed decimals.
The FLQ is written with explicit loops over (i, j), straight from the
definition; the inverses are numpy.linalg.inv.

Run from the repository root:
    /usr/bin/python3 tests/reference/impact/io_reference.py /work/shared/data OUTDIR
Both arguments are optional; the defaults, relative to the repository, are
../shared/data and tests/reference/expected/impact.
Needs numpy and openpyxl (Debian's python3-numpy, python3-openpyxl).
"""

import csv
import math
import os
import sys

import numpy as np
import openpyxl

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DEFAULT_DATA = os.path.normpath(os.path.join(REPO, "..", "shared", "data"))
DEFAULT_OUT = os.path.join(REPO, "tests", "reference", "expected", "impact")

XLSX = os.path.join("raw", "FRA_NIOT_nov16.xlsx")
SHEET = "National IO-tables"
CSV_TABLE = os.path.join("io", "wiod_niot_fra_2000_2014.csv")
CSV_TYPE1 = os.path.join("io", "wiod_fra_2014_typeI_output_multipliers.csv")

YEARS = list(range(2000, 2015))
N = 56
FINAL = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN", "EXP", "GO"]
TOT_CODES = ["II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM", "GO"]
LABOUR_SHARE = 0.57

SECTOR_OF_LETTER = {"A": "az", "F": "fz"}
SECTOR_OF_LETTER.update({c: "be" for c in "BCDE"})
SECTOR_OF_LETTER.update({c: "gu" for c in "GHIJKLMNRSTU"})
SECTOR_OF_LETTER.update({c: "oq" for c in "OPQ"})

CASES = [
    # name, r, delta, SLQ by sector, AFLQ
    ("flq_small", 0.012, 0.3, {"az": 2.1, "be": 1.3, "fz": 0.9, "gu": 0.8, "oq": 1.1}, False),
    ("aflq_small", 0.012, 0.3, {"az": 2.1, "be": 1.3, "fz": 0.9, "gu": 0.8, "oq": 1.1}, True),
    ("flq_delta015_zero", 0.2, 0.15, {"az": 0.0, "be": 0.7, "fz": 1.2, "gu": 1.05, "oq": 0.95}, False),
    ("flq_national", 1.0, 0.3, {"az": 1.0, "be": 1.0, "fz": 1.0, "gu": 1.0, "oq": 1.0}, False),
]

NOTES = []  # lines for the report printed at the end


def note(line):
    NOTES.append(line)
    print(line)


def fmt(v):
    """Full precision (shortest repr that round-trips, at most 17 significant digits)."""
    return repr(float(v))


# --------------------------------------------------------------------------- reading

def read_xlsx(path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb[SHEET]
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    codes = list(rows[0])
    descriptions = list(rows[1])
    assert codes[:4] == ["Year", "Code", "Description", "Origin"], codes[:4]
    assert len(codes) == 4 + N + len(FINAL), len(codes)
    assert codes[4 + N:] == FINAL, codes[4 + N:]
    assert descriptions[:4] == [None] * 4, descriptions[:4]
    body = []
    for r in rows[2:]:
        assert len(r) == len(codes)
        values = []
        for v in r[4:]:
            assert isinstance(v, (int, float)) and not isinstance(v, bool), (r[:4], v)
            values.append(float(v))
        body.append((int(r[0]), r[1], r[2], r[3], values))
    return codes, descriptions, body


def read_csv_table(path):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    codes = rows[0]
    body = [(int(r[0]), r[1], r[2], r[3], [float(v) for v in r[4:]]) for r in rows[1:]]
    return codes, body


def split_years(codes, body):
    """Checks the block structure and returns {year: dict of arrays}."""
    industries = codes[4:4 + N]
    col = {c: k for k, c in enumerate(codes[4:])}
    assert len(body) == 120 * len(YEARS), len(body)
    tables = {}
    for b, year in enumerate(YEARS):
        block = body[120 * b:120 * (b + 1)]
        assert all(r[0] == year for r in block), year
        dom, imp, tot = block[:N], block[N:2 * N], block[2 * N:]
        assert [r[3] for r in dom] == ["Domestic"] * N, year
        assert [r[3] for r in imp] == ["Imports"] * N, year
        assert [r[1] for r in dom] == industries, year
        assert [r[1] for r in imp] == industries, year
        assert [r[3] for r in tot] == ["TOT"] * len(TOT_CODES), year
        assert [r[1] for r in tot] == TOT_CODES, year
        D = np.array([r[4] for r in dom])
        M = np.array([r[4] for r in imp])
        T = {r[1]: np.array(r[4]) for r in tot}
        tables[year] = {
            "Z": D[:, :N].copy(),
            "f_h": D[:, col["CONS_h"]].copy(),
            "x": T["GO"][:N].copy(),
            "VA": T["VA"][:N].copy(),
            "go_col": D[:, col["GO"]].copy(),
            "dom": D, "imp": M, "tot": T,
        }
    return industries, tables


# --------------------------------------------------------------------------- model

def coefficients(Z, x):
    n = len(x)
    A = np.zeros((n, n))
    for j in range(n):
        if x[j] > 0:
            A[:, j] = Z[:, j] / x[j]
    return A


def ratio(num, x):
    return np.array([num[j] / x[j] if x[j] > 0 else 0.0 for j in range(len(x))])


def multipliers(A, v, c, h):
    """Type I and Type II multipliers; returns (L, Lstar, t1o, t2o, t1v, t2v)."""
    n = A.shape[0]
    L = np.linalg.inv(np.eye(n) - A)
    As = np.zeros((n + 1, n + 1))
    As[:n, :n] = A
    As[:n, n] = c
    As[n, :n] = h
    Ls = np.linalg.inv(np.eye(n + 1) - As)
    t1o = L.sum(axis=0)
    t1v = v @ L
    t2o = Ls[:n, :n].sum(axis=0)
    t2v = v @ Ls[:n, :n]
    return L, Ls, t1o, t2o, t1v, t2v


def national(t, s=LABOUR_SHARE):
    x, VA = t["x"], t["VA"]
    A = coefficients(t["Z"], x)
    v = ratio(VA, x)
    h = s * v
    H = s * VA.sum()
    c = t["f_h"] / H
    return A, v, c, h


def flq_matrix(q, lam, augmented):
    n = len(q)
    F = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if q[i] == 0:
                F[i][j] = 0.0
            elif i == j:
                F[i][j] = lam * q[i]
            elif q[j] == 0:
                F[i][j] = math.inf
            else:
                F[i][j] = lam * q[i] / q[j]
    if augmented:
        for j in range(n):
            if q[j] > 1:
                factor = math.log2(1 + q[j])
                for i in range(n):
                    F[i][j] = F[i][j] * factor
    return F


def regional(A, c, industries, r, delta, slq, augmented):
    q = [slq[SECTOR_OF_LETTER[code[0]]] for code in industries]
    lam = math.log2(1 + r) ** delta
    F = flq_matrix(q, lam, augmented)
    n = len(q)
    Ar = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            Ar[i][j] = A[i][j] * min(1.0, F[i][j])
    cr = np.array([c[i] * min(1.0, lam * q[i]) for i in range(n)])
    return lam, Ar, cr


# --------------------------------------------------------------------------- checks

def textbook():
    Z = np.array([[150.0, 500.0], [200.0, 100.0]])
    x = np.array([1000.0, 2000.0])
    A = coefficients(Z, x)
    L = np.linalg.inv(np.eye(2) - A)
    m = L.sum(axis=0)
    assert np.allclose(A, [[0.15, 0.25], [0.2, 0.05]], rtol=0, atol=1e-12), A
    assert np.allclose(L, [[1.254, 0.330], [0.264, 1.122]], rtol=0, atol=1e-3), L
    assert np.allclose(m, [1.518, 1.452], rtol=0, atol=1e-3), m
    # closed form: det(I - A) = 0.85 * 0.95 - 0.25 * 0.2 = 0.7575
    exact = np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575
    assert np.allclose(L, exact, rtol=1e-14, atol=0), (L, exact)
    note("textbook (Miller & Blair 2.3): A = %s, L = %s, output multipliers = %s"
         % (A.tolist(), L.tolist(), m.tolist()))
    return A, L, m


def compare_sources(xlsx_codes, xlsx_descr, xlsx_body, csv_codes, csv_body):
    assert xlsx_codes == csv_codes, "header codes differ"
    assert len(xlsx_body) == len(csv_body), (len(xlsx_body), len(csv_body))
    ndesc = 0
    for a, b in zip(xlsx_body, csv_body):
        assert a[0] == b[0] and a[1] == b[1] and a[3] == b[3], (a[:4], b[:4])
        if a[2] != b[2]:
            ndesc += 1
        assert a[4] == b[4], ("values differ", a[:4])
    note("xlsx vs csv: %d data rows x %d numeric columns, identical numbers (exact float equality); "
         "%d descriptions differ as text" % (len(xlsx_body), len(xlsx_codes) - 4, ndesc))


def describe_table(industries, tables):
    for year in YEARS:
        t = tables[year]
        d = np.abs(t["x"] - t["go_col"])
        j = int(np.argmax(d))
        dom, imp, tot = t["dom"], t["imp"], t["tot"]
        # accounting identities (not used by the model, reported only)
        col_id = tot["II_fob"][:N] - (dom[:, :N].sum(0) + imp[:, :N].sum(0))
        go_id = tot["GO"][:N] - sum(tot[k][:N] for k in TOT_CODES if k != "GO")
        row_id = t["go_col"] - dom[:, :N + 6].sum(1)
        note("%d: max|GO row - GO column| = %s (%s); |II_fob - sum Z dom+imp| max %.3g; "
             "|GO - (II_fob+TXSP+EXP_adj+PURR+PURNR+VA+IntTTM)| max %.3g; "
             "|GO column - row sum of Z and final demand| max %.3g"
             % (year, fmt(d[j]), industries[j], np.abs(col_id).max(), np.abs(go_id).max(),
                np.abs(row_id).max()))
    t = tables[2014]
    zero = [industries[j] for j in range(N) if not t["x"][j] > 0]
    note("2014: industries with zero gross output: %s" % zero)
    for year in YEARS:
        t = tables[year]
        zero_y = [industries[j] for j in range(N) if not t["x"][j] > 0]
        neg_z = int((t["Z"] < 0).sum())
        neg = {k: int((t["dom"][:, N + m] < 0).sum()) for m, k in enumerate(FINAL) if (t["dom"][:, N + m] < 0).any()}
        neg_tot = [(k, industries[j] if j < N else FINAL[j - N]) for k in TOT_CODES for j in range(N + len(FINAL))
                   if t["tot"][k][j] < 0]
        note("%d: zero-output industries %s; negative Z entries %d; negative final-demand entries "
             "(Domestic rows) %s; negative TOT entries %s" % (year, zero_y, neg_z, neg, neg_tot))


def compare_type1_csv(path, industries, x2014, t1o_2014):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["industry"] for r in rows] == industries
    worst = 0.0
    for j, r in enumerate(rows):
        printed = r["typeI_output_multiplier_domestic"]
        decimals = len(printed.split(".")[1])
        assert decimals == 6, printed
        assert "%.6f" % t1o_2014[j] == printed, (industries[j], t1o_2014[j], printed)
        worst = max(worst, abs(float(printed) - t1o_2014[j]))
        assert float(r["gross_output_musd_2014"]) == x2014[j], (industries[j], r["gross_output_musd_2014"], x2014[j])
    note("2014 type1_output equal %s rounded to its 6 printed decimals for all %d industries "
         "(max |difference| %.3g); its gross_output_musd_2014 equals x exactly" % (os.path.basename(path),
                                                                                    len(rows), worst))


# --------------------------------------------------------------------------- main

def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print("wrote %s (%d rows)" % (path, len(rows)))
    return len(rows)


def main(argv):
    data = argv[1] if len(argv) > 1 else DEFAULT_DATA
    out = argv[2] if len(argv) > 2 else DEFAULT_OUT
    os.makedirs(out, exist_ok=True)

    tb_A, tb_L, tb_m = textbook()

    codes, descr, body = read_xlsx(os.path.join(data, XLSX))
    csv_codes, csv_body = read_csv_table(os.path.join(data, CSV_TABLE))
    compare_sources(codes, descr, body, csv_codes, csv_body)
    industries, tables = split_years(codes, body)
    note("sheet structure: header Year, Code, Description, Origin, 56 industries (%s ... %s), %s; "
         "15 blocks of 120 rows (56 Domestic, 56 Imports, TOT %s) as expected"
         % (industries[0], industries[-1], ", ".join(FINAL), ", ".join(TOT_CODES)))
    describe_table(industries, tables)

    nat_rows = []
    results = {}
    for year in YEARS:
        t = tables[year]
        A, v, c, h = national(t)
        assert (A >= 0).all() and (A.sum(axis=0) < 1).all(), year
        res = multipliers(A, v, c, h)
        L, Ls = res[0], res[1]
        assert np.allclose(L @ (np.eye(N) - A), np.eye(N), rtol=0, atol=1e-12), year
        assert (L >= -1e-15).all() and (Ls >= -1e-15).all(), year
        results[year] = (A, v, c, h, res)
        for j in range(N):
            nat_rows.append([year, industries[j], fmt(t["x"][j]), fmt(t["VA"][j]),
                             fmt(res[2][j]), fmt(res[3][j]), fmt(res[4][j]), fmt(res[5][j])])
    A, v, c, h, (L, Ls, t1o, t2o, t1v, t2v) = results[2014]
    note("2014 household closure: H = %s, sum c = %s, sum h = %s" % (
        fmt(LABOUR_SHARE * tables[2014]["VA"].sum()), fmt(c.sum()), fmt(h.sum())))
    compare_type1_csv(os.path.join(data, CSV_TYPE1), industries, tables[2014]["x"], t1o)

    counts = {}
    counts["multipliers_national.csv"] = write_csv(
        os.path.join(out, "multipliers_national.csv"),
        ["year", "industry", "output", "value_added", "type1_output", "type2_output", "type1_va", "type2_va"],
        nat_rows)
    counts["leontief_2014.csv"] = write_csv(
        os.path.join(out, "leontief_2014.csv"), ["row", "column", "value"],
        [[industries[i], industries[j], fmt(L[i][j])] for i in range(N) for j in range(N)])
    names = industries + ["HH"]
    counts["leontief_typeII_2014.csv"] = write_csv(
        os.path.join(out, "leontief_typeII_2014.csv"), ["row", "column", "value"],
        [[names[i], names[j], fmt(Ls[i][j])] for i in range(N + 1) for j in range(N + 1)])

    reg_rows = []
    for name, r, delta, slq, augmented in CASES:
        lam, Ar, cr = regional(A, c, industries, r, delta, slq, augmented)
        _, _, r1o, r2o, r1v, r2v = multipliers(Ar, v, cr, h)
        for a, b in ((r1o, t1o), (r2o, t2o), (r1v, t1v), (r2v, t2v)):
            assert (a <= b + 1e-12).all(), name
        if name == "flq_national":
            assert lam == 1.0, lam
            assert np.array_equal(Ar, A) and np.array_equal(cr, c), name
            for a, b in ((r1o, t1o), (r2o, t2o), (r1v, t1v), (r2v, t2v)):
                assert np.array_equal(a, b), name
            note("flq_national: lambda = 1, A_r == A and c_r == c, and its four multipliers are "
                 "bit-for-bit equal to the national 2014 ones")
        note("%s: lambda = %s; type1_output in [%.6f, %.6f] (national [%.6f, %.6f]); "
             "type2_output in [%.6f, %.6f]"
             % (name, fmt(lam), r1o.min(), r1o.max(), t1o.min(), t1o.max(), r2o.min(), r2o.max()))
        for j in range(N):
            reg_rows.append([name, industries[j], fmt(lam), fmt(r1o[j]), fmt(r2o[j]), fmt(r1v[j]), fmt(r2v[j])])
    counts["regional_2014.csv"] = write_csv(
        os.path.join(out, "regional_2014.csv"),
        ["case", "industry", "lambda", "type1_output", "type2_output", "type1_va", "type2_va"], reg_rows)

    tb_rows = [["A", i + 1, j + 1, fmt(tb_A[i][j])] for i in range(2) for j in range(2)]
    tb_rows += [["L", i + 1, j + 1, fmt(tb_L[i][j])] for i in range(2) for j in range(2)]
    tb_rows += [["type1_output", "sum", j + 1, fmt(tb_m[j])] for j in range(2)]
    counts["textbook.csv"] = write_csv(os.path.join(out, "textbook.csv"),
                                       ["quantity", "row", "column", "value"], tb_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
