#!/usr/bin/python3
"""The numpy peer of the input-output (Leontief) benchmark: the whole workload in one run.

  io_numpy.py TABLE.xlsx TERRITORIES.csv OUT.csv [delta]

Reads the WIOD 2016 National IO table (sheet "National IO-tables"), then for every
year 2000-2014 computes the national Type I and Type II output and value-added
multipliers and, for every territory of TERRITORIES.csv (columns code,r,az,be,fz,gu,oq:
r = E_region / E_nation, the others the simple location quotients of the five broad
sectors), the regional multipliers of Flegg's location quotient (FLQ, delta default
0.3). Writes one long CSV, year-major:
  year,territory,industry,type1_output,type2_output,type1_va,type2_va
with territory "FR" for the nation (first in each year), then the territories in the
order of the file. Timings go to stderr.

Definitions: as tests/reference/impact/io_reference.py (the reference). How this one
goes fast:
  * the xlsx sheet is read by a small regex reader of its XML (falls back to openpyxl
    if the sheet holds anything it does not expect: formulas, inline strings, ...);
  * no inverse is formed: the column sums that make the multipliers are row vectors
    times L, so they solve (I - A)^T [y_o, y_v] = [1, v], batched LUs
    (numpy.linalg.solve on a stack of 15 years x up to CHUNK_BYTES worth of territories);
  * Type II is the Schur complement of that same factorisation (households: A* =
    [[A, c], [h, 0]], h = s v):  with y_o = 1^T L, y_v = v^T L, S = 1 - s y_v.c,
      type2_output = y_o + (y_o.c) s y_v / S,   type2_va = y_v + (y_v.c) s y_v / S;
  * the FLQ factors of a chunk of territories are built once and applied to the 15
    years by broadcasting.
"""
import csv
import html
import re
import sys
import time
import zipfile

import numpy as np

SHEET = "National IO-tables"
N = 56
LABOUR_SHARE = 0.57
SECTORS = ("az", "be", "fz", "gu", "oq")
SECTOR_OF = {letter: k for k, letters in enumerate(("A", "BCDE", "F", "GHIJKLMNRSTU", "OPQ")) for letter in letters}
CHUNK_BYTES = 96 * 2 ** 20  # size of one stacked (years x territories x n x n) batch


# --------------------------------------------------------------------------- xlsx

def _col_index(letters):
    k = 0
    for ch in letters:
        k = 26 * k + ord(ch) - 64
    return k - 1


def read_sheet_fast(path, sheet):
    """Returns (strings grid, float grid) of the sheet, or None if unexpected content."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        rid = None
        for m in re.finditer(r"<sheet\b([^>]*)/>", wb):
            attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', m.group(1)))
            if html.unescape(attrs.get("name", "")) == sheet:
                rid = attrs.get("r:id")
        if rid is None:
            return None
        target = None
        for m in re.finditer(r"<Relationship\b([^>]*)/>", rels):
            attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', m.group(1)))
            if attrs.get("Id") == rid:
                target = attrs["Target"]
        if target is None:
            return None
        target = target.lstrip("/")
        if not target.startswith("xl/"):
            target = "xl/" + target
        xml = z.read(target)
        try:
            sst_xml = z.read("xl/sharedStrings.xml").decode("utf-8")
        except KeyError:
            sst_xml = ""
    shared = [html.unescape("".join(re.findall(r"<t\b[^>]*>([^<]*)</t>", si)))
              for si in re.findall(r"<si>(.*?)</si>", sst_xml, re.S)]
    data = xml[xml.index(b"<sheetData"):xml.index(b"</sheetData>")]
    if b"<f" in data or b"<is>" in data:
        return None                               # formulas or inline strings: not expected
    cells = re.findall(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|><v>([^<]*)</v></c>)', data)
    if not cells or len(cells) != data.count(b"<c "):
        return None
    cells = np.array(cells)                       # (cells, 4) of bytes: letters, row, attrs, value
    letters, inv = np.unique(cells[:, 0], return_inverse=True)
    ci = np.array([_col_index(L.decode()) for L in letters])[inv]
    ri = cells[:, 1].astype(np.int64) - 1
    attrs, values = cells[:, 2], cells[:, 3]
    typed = np.char.find(attrs, b" t=") >= 0
    is_str = np.char.find(attrs, b' t="s"') >= 0
    if (typed & ~is_str).any() and not (np.char.find(attrs[typed & ~is_str], b' t="n"') >= 0).all():
        return None                               # booleans, errors, formula strings: not expected
    has_v = values != b""
    nr, nc = int(ri.max()) + 1, int(ci.max()) + 1
    text = np.full((nr, nc), None, dtype=object)
    num = np.full((nr, nc), np.nan)
    s = is_str & has_v
    text[ri[s], ci[s]] = [shared[k] for k in values[s].astype(np.int64)]
    n_ = ~is_str & has_v
    num[ri[n_], ci[n_]] = values[n_].astype(np.float64)
    return text, num


def read_sheet_openpyxl(path, sheet):
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    wb.close()
    nc = max(len(r) for r in rows)
    text = np.full((len(rows), nc), None, dtype=object)
    num = np.full((len(rows), nc), np.nan)
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if isinstance(v, str):
                text[i, j] = v
            elif isinstance(v, (int, float)):
                num[i, j] = v
    return text, num


def load_table(path):
    grids = read_sheet_fast(path, SHEET)
    reader = "regex"
    if grids is None:
        grids, reader = read_sheet_openpyxl(path, SHEET), "openpyxl"
    text, num = grids
    header = list(text[0])
    industries = header[4:4 + N]
    assert header[:4] == ["Year", "Code", "Description", "Origin"], header[:4]
    k_cons_h = header.index("CONS_h")
    body_t, body = text[2:], num[2:]
    years = body[:, 0]
    ylist = sorted(set(int(y) for y in years))
    Y = len(ylist)
    assert body.shape[0] == 120 * Y
    blocks = body.reshape(Y, 120, -1)
    codes = body_t[:, 1].reshape(Y, 120)
    origin = body_t[:, 3].reshape(Y, 120)
    assert (blocks[:, :, 0] == np.array(ylist)[:, None]).all()
    assert (origin[:, :N] == "Domestic").all() and (origin[:, N:2 * N] == "Imports").all()
    assert (codes[:, :N] == np.array(industries, dtype=object)).all()
    tot = list(codes[0, 2 * N:])
    assert (origin[:, 2 * N:] == "TOT").all() and (codes[:, 2 * N:] == codes[0, 2 * N:]).all()
    r_go, r_va = 2 * N + tot.index("GO"), 2 * N + tot.index("VA")
    Z = np.ascontiguousarray(blocks[:, :N, 4:4 + N])
    fh = np.ascontiguousarray(blocks[:, :N, k_cons_h])
    x = np.ascontiguousarray(blocks[:, r_go, 4:4 + N])
    VA = np.ascontiguousarray(blocks[:, r_va, 4:4 + N])
    assert np.isfinite(Z).all() and np.isfinite(fh).all() and np.isfinite(x).all() and np.isfinite(VA).all()
    return ylist, industries, Z, fh, x, VA, reader


# --------------------------------------------------------------------------- model

def national_inputs(Z, fh, x, VA, s=LABOUR_SHARE):
    pos = x > 0
    A = np.divide(Z, x[:, None, :], out=np.zeros_like(Z), where=pos[:, None, :])
    v = np.divide(VA, x, out=np.zeros_like(VA), where=pos)
    c = fh / (s * VA.sum(axis=1))[:, None]
    return A, v, c


def multipliers(At, v, c, s=LABOUR_SHARE):
    """At: (..., n, n) stack of A^T; v, c broadcastable (..., n).
    Returns (..., n, 4): type1_output, type2_output, type1_va, type2_va."""
    n = At.shape[-1]
    Bt = -At
    d = np.arange(n)
    Bt[..., d, d] += 1.0
    rhs = np.empty(Bt.shape[:-1] + (2,))
    rhs[..., 0] = 1.0
    rhs[..., 1] = v
    y = np.linalg.solve(Bt, rhs)  # (..., n, 2): columns 1^T L, v^T L
    yo, yv = y[..., 0], y[..., 1]
    oc = (yo * c).sum(axis=-1)
    vc = (yv * c).sum(axis=-1)
    S = 1.0 - s * vc
    out = np.empty(yo.shape + (4,))
    out[..., 0] = yo
    out[..., 1] = yo + (s * oc / S)[..., None] * yv
    out[..., 2] = yv
    out[..., 3] = yv + (s * vc / S)[..., None] * yv
    return out


def flq_factors(q, lam):
    """min(1, FLQ) transposed: (T, n, n) with [t, j, i] = min(1, FLQ_t[i][j])."""
    qi, qj = q[:, :, None], q[:, None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        F = lam[:, None, None] * qi / qj
    F = np.where(qj == 0, np.inf, F)
    d = np.arange(q.shape[1])
    F[:, d, d] = lam[:, None] * q
    F = np.where(qi == 0, 0.0, F)
    np.minimum(F, 1.0, out=F)
    return F.transpose(0, 2, 1)


def read_territories(path):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    codes = [r["code"] for r in rows]
    r = np.array([float(x["r"]) for x in rows])
    slq = np.array([[float(x[k]) for k in SECTORS] for x in rows]).reshape(len(rows), len(SECTORS))
    return codes, r, slq


# --------------------------------------------------------------------------- main

def main(argv):
    if len(argv) not in (4, 5):
        sys.stderr.write(__doc__)
        return 2
    table, terr_path, out_path = argv[1:4]
    delta = float(argv[4]) if len(argv) == 5 else 0.3
    t0 = time.perf_counter()
    years, industries, Z, fh, x, VA, reader = load_table(table)
    t1 = time.perf_counter()
    codes, r, slq = read_territories(terr_path)
    T, Y = len(codes), len(years)

    A, v, c = national_inputs(Z, fh, x, VA)
    At = np.ascontiguousarray(A.transpose(0, 2, 1))
    res = np.empty((Y, T + 1, N, 4))
    res[:, 0] = multipliers(At, v, c)

    sector = np.array([SECTOR_OF[code[0]] for code in industries])
    q_all = slq[:, sector]
    lam_all = np.log2(1.0 + r) ** delta
    chunk = max(1, CHUNK_BYTES // (Y * N * N * 8))
    for a in range(0, T, chunk):
        b = min(T, a + chunk)
        q, lam = q_all[a:b], lam_all[a:b]
        Mt = flq_factors(q, lam)                                # (t, n, n), transposed
        Art = At[:, None, :, :] * Mt[None, :, :, :]             # (Y, t, n, n) = A_r^T
        cr = c[:, None, :] * np.minimum(1.0, lam[:, None] * q)[None, :, :]
        res[:, 1 + a:1 + b] = multipliers(Art, v[:, None, :], cr)
    t2 = time.perf_counter()

    names = ["FR"] + codes
    with open(out_path, "w", encoding="utf-8", newline="\n") as out:
        out.write("year,territory,industry,type1_output,type2_output,type1_va,type2_va\n")
        base = [t + "," + ind for t in names for ind in industries]
        for k, y in enumerate(years):
            # str() of a list of lists is repr() of every float, done in C: "[[a, b, c, d], [e, ...]]"
            values = str(res[k].reshape(-1, 4).tolist())[2:-2].replace(", ", ",").split("],[")
            assert len(values) == len(base)
            head = "%d," % y
            out.write(head + ("\n" + head).join(map(",".join, zip(base, values))) + "\n")
    t3 = time.perf_counter()
    sys.stderr.write("io_numpy: read %.3f s (%s reader), compute %.3f s (%d years x %d territories + FR), "
                     "write %.3f s (%d rows), total %.3f s\n"
                     % (t1 - t0, reader, t2 - t1, Y, T, t3 - t2, Y * (T + 1) * N, t3 - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
