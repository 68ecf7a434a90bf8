#!/usr/bin/python3
"""Independent reference implementation of the "peers and territorial fit" analysis (fabscope).

Python 3 standard library only; shares no code with the C++ engine; deterministic.

Run from the repository root:

    python3 tests/reference/analysis/peers_reference.py

1. Generates a FICTITIOUS panel of 40 units with random.Random(20261206) and writes it to
   tests/reference/analysis/peers_panel.csv (header on the first line, no comments; an empty
   cell means "unknown").
2. Reads that CSV back with the csv module and computes:
   * the distance between every pair of units (model part + territory part);
   * the k = 5 nearest peers of every unit (ties broken by row order);
   * the percentile of every unit on ind_a, ind_b, ind_c among its peers;
   * the territorial fit (distance and percentile) of every unit to its archetype.
3. Writes tests/reference/expected/analysis/peers/{peers,percentiles,fit}.csv, with floats
   written as repr() (full precision) and undefined values as empty cells.

Specification (exactly what is computed below):

Distance between units i and j (i != j):
  * model part, over the model variables known (non-empty) for BOTH units:
      kind      -> 0 if equal else 1;
      equipment -> 1 - |A n B| / |A u B| (sets split on ";").
    d_model = mean of the contributions; undefined if no model variable is known for both.
  * territory part: for each of density_class, median_income, lq_be, R = max - min over ALL
    units having a value (the variable is skipped entirely if R == 0); over the variables
    known for BOTH units: |x_i - x_j| / R. d_territory = mean; undefined if none.
  * d = weighted mean of the DEFINED parts with weights model 1, territory 1 (plain mean of
    the defined parts, or the one defined part); undefined when neither is defined, in which
    case j is not a candidate peer of i.
Peers of i: the k = 5 candidates j with the smallest d; ties broken by row order (earlier row
first). Fewer than k when there are fewer candidates.
Percentile of i on an indicator among its peers: over the peers having a value,
  p = 100 * (#{value < v_i} + 0.5 * #{value == v_i}) / #{peers with a value};
undefined if i has no value or no peer has one.
Territorial fit, for a unit i with a non-empty archetype a, S = the OTHER units with archetype a:
  fit_distance_i = mean of d_territory(i, j) over j in S where d_territory is defined;
                   undefined if none;
  fit_percentile_i = 100 * (#{j in S: fit_distance_j defined and > fit_distance_i}
                            + 0.5 * #{j in S: fit_distance_j == fit_distance_i})
                     / #{j in S: fit_distance_j defined};
                   undefined if fit_distance_i is undefined or the denominator is 0.
  (A higher percentile means the territory is more typical of the archetype.)

Means are computed as (sum in variable order) / count.
"""

import csv
import os
import random
import sys

SEED = 20261206
N_UNITS = 40
K_PEERS = 5

KINDS = ["fablab", "makerspace", "tiers_lieu", "digital_mediation"]
EQUIPMENT = ["3d_printing", "laser_cutting", "cnc_milling", "electronics", "computers",
             "vinyl_cutting"]
ARCHETYPES = ["generic_fablab", "mediation", "village_4_0"]
TERRITORY_VARS = ["density_class", "median_income", "lq_be"]
INDICATORS = ["ind_a", "ind_b", "ind_c"]
COLUMNS = ["name", "kind", "equipment", "density_class", "median_income", "lq_be",
           "ind_a", "ind_b", "ind_c", "archetype"]

# Forced rows (0-based row indices).
ROW_NO_MODEL = 6          # kind and equipment both empty
ROW_NO_TERRITORY = 13     # density_class, median_income, lq_be all empty
ROW_NOTHING = 39          # model AND territory all empty -> no candidate peer at all
ROW_TWIN_SRC = 3          # the rows of ROW_TWIN_DST copy kind, equipment and territory of
ROW_TWIN_DST = (21, 33)   # ROW_TWIN_SRC, so every other unit is at exactly the same distance
                          # from all three (exact ties, one of them across the k = 5 boundary).

HERE = os.path.dirname(os.path.abspath(__file__))
REF_DIR = os.path.dirname(HERE)                      # tests/reference
PANEL_PATH = os.path.join(HERE, "peers_panel.csv")
OUT_DIR = os.path.join(REF_DIR, "expected", "analysis", "peers")


# --------------------------------------------------------------------------- generation

def generate_panel():
    rng = random.Random(SEED)
    rows = []
    for i in range(N_UNITS):
        # Every draw is made for every row, in a fixed order, whatever is kept.
        kind = rng.choice(KINDS)
        kind_empty = rng.random() < 0.10

        equip = []
        while not equip:
            equip = [e for e in EQUIPMENT if rng.random() < 0.45]
        equip_empty = rng.random() < 0.15

        density = rng.randint(1, 7)
        density_empty = rng.random() < 0.05

        income = round(rng.uniform(15000.0, 32000.0), -1)
        income_empty = rng.random() < 0.05

        lq = round(rng.uniform(0.3, 2.5), 3)
        lq_empty = rng.random() < 0.10

        ind_a = round(rng.gauss(50.0, 15.0), 2)
        ind_a_empty = rng.random() < 0.15

        ind_b = rng.randint(0, 20)
        ind_b_empty = rng.random() < 0.20

        ind_c = round(rng.uniform(0.0, 1.0), 4)
        ind_c_empty = rng.random() < 0.30

        arch = rng.choice(ARCHETYPES)
        arch_empty = rng.random() < 0.10

        row = {
            "name": "fictitious%d" % (i + 1),
            "kind": "" if kind_empty else kind,
            "equipment": "" if equip_empty else ";".join(equip),
            "density_class": "" if density_empty else str(density),
            "median_income": "" if income_empty else repr(float(income)),
            "lq_be": "" if lq_empty else repr(lq),
            "ind_a": "" if ind_a_empty else repr(ind_a),
            "ind_b": "" if ind_b_empty else str(ind_b),
            "ind_c": "" if ind_c_empty else repr(ind_c),
            "archetype": "" if arch_empty else arch,
        }
        rows.append(row)

    # Forced rows.
    rows[ROW_NO_MODEL]["kind"] = ""
    rows[ROW_NO_MODEL]["equipment"] = ""
    for v in TERRITORY_VARS:
        rows[ROW_NO_TERRITORY][v] = ""
        rows[ROW_NOTHING][v] = ""
    rows[ROW_NOTHING]["kind"] = ""
    rows[ROW_NOTHING]["equipment"] = ""
    for dst in ROW_TWIN_DST:
        for v in ["kind", "equipment"] + TERRITORY_VARS:
            rows[dst][v] = rows[ROW_TWIN_SRC][v]
    # Make sure the twins carry a full profile (so the tie is meaningful).
    for v in ["kind", "equipment"] + TERRITORY_VARS:
        assert rows[ROW_TWIN_SRC][v] != "", (v, rows[ROW_TWIN_SRC])
    return rows


def write_panel(rows, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([r[c] for c in COLUMNS])


# --------------------------------------------------------------------------- computation

def read_panel(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert header == COLUMNS, header
        units = []
        for rec in reader:
            r = dict(zip(header, rec))
            u = {"name": r["name"]}
            u["kind"] = r["kind"] if r["kind"] != "" else None
            u["equipment"] = (frozenset(r["equipment"].split(";"))
                              if r["equipment"] != "" else None)
            for v in TERRITORY_VARS + INDICATORS:
                u[v] = float(r[v]) if r[v] != "" else None
            u["archetype"] = r["archetype"] if r["archetype"] != "" else None
            units.append(u)
    return units


def mean(values):
    return sum(values) / len(values)


def model_distance(a, b):
    parts = []
    if a["kind"] is not None and b["kind"] is not None:
        parts.append(0.0 if a["kind"] == b["kind"] else 1.0)
    if a["equipment"] is not None and b["equipment"] is not None:
        inter = len(a["equipment"] & b["equipment"])
        union = len(a["equipment"] | b["equipment"])
        parts.append(1.0 - inter / union)
    return mean(parts) if parts else None


def territory_ranges(units):
    ranges = {}
    for v in TERRITORY_VARS:
        vals = [u[v] for u in units if u[v] is not None]
        if vals:
            r = max(vals) - min(vals)
            if r != 0:
                ranges[v] = r
    return ranges


def territory_distance(a, b, ranges):
    parts = []
    for v in TERRITORY_VARS:
        if v not in ranges:
            continue
        if a[v] is not None and b[v] is not None:
            parts.append(abs(a[v] - b[v]) / ranges[v])
    return mean(parts) if parts else None


def combined_distance(dm, dt):
    parts = [p for p in (dm, dt) if p is not None]   # weights 1 and 1
    return mean(parts) if parts else None


def compute(units):
    n = len(units)
    ranges = territory_ranges(units)
    dm = [[None] * n for _ in range(n)]
    dt = [[None] * n for _ in range(n)]
    d = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            dm[i][j] = model_distance(units[i], units[j])
            dt[i][j] = territory_distance(units[i], units[j], ranges)
            d[i][j] = combined_distance(dm[i][j], dt[i][j])

    # Peers: smallest d, ties by row order.
    peers = []
    for i in range(n):
        cands = [(d[i][j], j) for j in range(n) if j != i and d[i][j] is not None]
        cands.sort()
        peers.append([j for _, j in cands[:K_PEERS]])

    # Percentiles among peers.
    percentiles = []
    for i in range(n):
        row = {}
        for ind in INDICATORS:
            vi = units[i][ind]
            vals = [units[j][ind] for j in peers[i] if units[j][ind] is not None]
            if vi is None or not vals:
                row[ind] = None
            else:
                below = sum(1 for v in vals if v < vi)
                equal = sum(1 for v in vals if v == vi)
                row[ind] = 100.0 * (below + 0.5 * equal) / len(vals)
        percentiles.append(row)

    # Territorial fit.
    fit_dist = [None] * n
    for i in range(n):
        a = units[i]["archetype"]
        if a is None:
            continue
        ds = [dt[i][j] for j in range(n)
              if j != i and units[j]["archetype"] == a and dt[i][j] is not None]
        fit_dist[i] = mean(ds) if ds else None
    fit_pct = [None] * n
    for i in range(n):
        a = units[i]["archetype"]
        if a is None or fit_dist[i] is None:
            continue
        others = [fit_dist[j] for j in range(n)
                  if j != i and units[j]["archetype"] == a and fit_dist[j] is not None]
        if not others:
            continue
        greater = sum(1 for f in others if f > fit_dist[i])
        equal = sum(1 for f in others if f == fit_dist[i])
        fit_pct[i] = 100.0 * (greater + 0.5 * equal) / len(others)

    return {"ranges": ranges, "dm": dm, "dt": dt, "d": d, "peers": peers,
            "percentiles": percentiles, "fit_dist": fit_dist, "fit_pct": fit_pct}


# --------------------------------------------------------------------------- output

def fmt(x):
    return "" if x is None else repr(float(x))


def write_outputs(units, res, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    n = len(units)
    with open(os.path.join(out_dir, "peers.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "rank", "peer", "distance", "model_distance", "territory_distance"])
        for i in range(n):
            for rank, j in enumerate(res["peers"][i], start=1):
                w.writerow([units[i]["name"], rank, units[j]["name"], fmt(res["d"][i][j]),
                            fmt(res["dm"][i][j]), fmt(res["dt"][i][j])])
    with open(os.path.join(out_dir, "percentiles.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "indicator", "percentile"])
        for i in range(n):
            for ind in INDICATORS:
                w.writerow([units[i]["name"], ind, fmt(res["percentiles"][i][ind])])
    with open(os.path.join(out_dir, "fit.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "archetype", "fit_distance", "fit_percentile"])
        for i in range(n):
            w.writerow([units[i]["name"], units[i]["archetype"] or "",
                        fmt(res["fit_dist"][i]), fmt(res["fit_pct"][i])])


# --------------------------------------------------------------------------- sanity checks

def sanity(units, res):
    n = len(units)
    assert n == N_UNITS
    # Forced rows.
    assert units[ROW_NO_MODEL]["kind"] is None and units[ROW_NO_MODEL]["equipment"] is None
    assert all(units[ROW_NO_TERRITORY][v] is None for v in TERRITORY_VARS)
    # ind_b has ties.
    vals_b = [u["ind_b"] for u in units if u["ind_b"] is not None]
    assert len(set(vals_b)) < len(vals_b), "ind_b has no ties"
    # Every unit that can have 5 candidates has 5 peers; the empty row has none.
    for i in range(n):
        ncand = sum(1 for j in range(n) if j != i and res["d"][i][j] is not None)
        assert len(res["peers"][i]) == min(K_PEERS, ncand)
    assert res["peers"][ROW_NOTHING] == []
    # Twins are at the same distance from everyone else.
    twins = (ROW_TWIN_SRC,) + ROW_TWIN_DST
    for i in range(n):
        if i not in twins:
            assert all(res["d"][i][t] == res["d"][i][ROW_TWIN_SRC] for t in twins)
    # At least one exact tie across the k boundary (rank 5 vs the first excluded candidate).
    boundary = 0
    for i in range(n):
        cands = sorted(res["d"][i][j] for j in range(n) if j != i and res["d"][i][j] is not None)
        if len(cands) > K_PEERS and cands[K_PEERS - 1] == cands[K_PEERS]:
            boundary += 1
    assert boundary > 0, "no tie across the k boundary"
    return boundary
    # Some undefined cells exist.
    assert any(p[ind] is None for p in res["percentiles"] for ind in INDICATORS)
    assert any(f is None for f in res["fit_dist"])


def main():
    rows = generate_panel()
    write_panel(rows, PANEL_PATH)
    units = read_panel(PANEL_PATH)
    res = compute(units)
    boundary = sanity(units, res)
    write_outputs(units, res, OUT_DIR)

    n = len(units)
    npeers = [len(p) for p in res["peers"]]
    short = [units[i]["name"] + "(%d)" % npeers[i] for i in range(n) if npeers[i] < K_PEERS]
    print("panel: %s (%d units)" % (os.path.relpath(PANEL_PATH), n))
    print("ranges: %s" % res["ranges"])
    print("units with fewer than %d peers: %s" % (K_PEERS, ", ".join(short) or "none"))
    print("undefined percentiles: %d of %d" % (
        sum(1 for p in res["percentiles"] for ind in INDICATORS if p[ind] is None), 3 * n))
    print("undefined fit_distance: %d, undefined fit_percentile: %d" % (
        sum(1 for f in res["fit_dist"] if f is None), sum(1 for f in res["fit_pct"] if f is None)))
    print("units with an exact distance tie across rank %d: %d" % (K_PEERS, boundary))
    print("outputs: %s" % os.path.relpath(OUT_DIR))
    return 0


if __name__ == "__main__":
    sys.exit(main())
