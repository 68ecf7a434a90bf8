#!/usr/bin/python3
"""Independent reference for src/territory/boundaries.cpp.

Recomputes the dissolve of the COG 2018 commune polygons
(geo/communes-2018/*.geojson) into COG 2026 units (départements, régions,
EPCI, and merged communes) straight from the raw files, and writes
tests/reference/expected/boundaries.csv (level,code,area,polygons,holes) for
the C++ test to compare against.

Run from the repository root:

    python3 tests/reference/boundaries_reference.py --data ../shared/data > /dev/null

It uses shapely (i.e. GEOS, like the C++ code), so it does not check GEOS
itself: it checks the 2018 -> 2026 code mapping, the grouping into units, the
small-hole rule (holes < 1e-7 square degrees dropped) and the output encoding.
Output is deterministic. Summary figures go to stderr.

Mapping of a 2018 code, in order: commune actuelle -> itself; listed in a
commune actuelle's anciensCodes -> that commune; commune déléguée/associée ->
its chefLieu; arrondissement municipal -> its commune; else unmapped.
"""
import argparse, glob, json, os, sys, tarfile, time
from collections import defaultdict

try:
    import shapely  # noqa: F401
except ImportError:  # python3 first on PATH may lack it; Debian's has python3-shapely
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != "/usr/bin/python3.11":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise
from multiprocessing import Pool
from shapely.geometry import shape, Polygon
from shapely.ops import unary_union
from shapely.validation import make_valid

HOLE_MIN = 1e-7
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected", "boundaries.csv")
GEOMS = {}  # 2018 code -> valid polygonal geometry; filled before the Pool forks


def polygons_of(g):
    if g.is_empty:
        return []
    if g.geom_type == "Polygon":
        return [g]
    if g.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [p for part in g.geoms for p in polygons_of(part)]
    return []  # points / lines from make_valid or union


def dissolve(task):
    level, code, parts = task
    u = unary_union([GEOMS[c] for c in parts])
    area, npoly, nholes = 0.0, 0, 0
    for p in polygons_of(u):
        npoly += 1
        area += Polygon(p.exterior).area
        for ring in p.interiors:
            a = Polygon(ring).area
            if a >= HOLE_MIN:
                nholes += 1
                area -= a
    return level, code, area, npoly, nholes


def load_cog(tgz):
    with tarfile.open(tgz) as t:
        communes = json.load(t.extractfile("package/data/communes.json"))
        epcis = json.load(t.extractfile("package/data/epci.json"))
    actual = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
    ancien = {}
    for code in sorted(actual):
        for old in actual[code].get("anciensCodes") or []:
            ancien.setdefault(old, code)
    other = {c["code"]: c for c in communes if c["type"] != "commune-actuelle"}
    epci_of = defaultdict(list)
    for e in epcis:
        for m in e["membres"]:
            epci_of[m["code"]].append(e["code"])
    return actual, ancien, other, epci_of


def map_code(code, actual, ancien, other):
    if code in actual:
        return code
    if code in ancien:
        return ancien[code]
    c = other.get(code)
    if c and c["type"] in ("commune-deleguee", "commune-associee") and c.get("chefLieu") in actual:
        return c["chefLieu"]
    if c and c["type"] == "arrondissement-municipal" and c.get("commune") in actual:
        return c["commune"]
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    t0 = time.time()
    actual, ancien, other, epci_of = load_cog(
        os.path.join(args.data, "raw", "etalab-decoupage-administratif-6.0.0.tgz"))
    nfeat = nparts = 0
    for path in sorted(glob.glob(os.path.join(args.data, "geo", "communes-2018", "*.geojson"))):
        with open(path) as f:
            for ft in json.load(f)["features"]:
                if not ft.get("geometry"):
                    continue
                g = shape(ft["geometry"])
                if not g.is_valid:
                    g = make_valid(g)
                polys = polygons_of(g)
                nfeat += 1
                nparts += len(polys)
                code = ft["properties"]["code"]  # codes are unique across files
                GEOMS[code] = unary_union(polys + polygons_of(GEOMS.get(code, Polygon())))
    units = defaultdict(list)  # (level, code) -> 2018 codes
    unmapped, covered = [], set()
    for old in sorted(GEOMS):
        new = map_code(old, actual, ancien, other)
        if new is None:
            unmapped.append(old)
            continue
        covered.add(new)
        c = actual[new]
        units[("commune", new)].append(old)
        units[("dep", c["departement"])].append(old)
        units[("reg", c["region"])].append(old)
        for e in epci_of.get(new, []):
            units[("epci", e)].append(old)
    tasks = [(lv, code, parts) for (lv, code), parts in units.items()
             if lv != "commune" or len(parts) >= 2]
    tasks.sort(key=lambda t: -len(t[2]))  # largest first for load balance
    with Pool(2) as pool:
        rows = sorted(pool.imap_unordered(dissolve, tasks, chunksize=1), key=lambda r: (r[0], r[1]))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", newline="") as f:
        f.write("level,code,area,polygons,holes\n")
        for lv, code, area, npoly, nholes in rows:
            f.write("%s,%s,%.9f,%d,%d\n" % (lv, code, area, npoly, nholes))
    counts = defaultdict(int)
    for r in rows:
        counts[r[0]] += 1
    log = lambda *a: print(*a, file=sys.stderr)
    log("2018 features: %d (%d polygon parts)" % (nfeat, nparts))
    log("unmapped 2018 codes: %d %s" % (len(unmapped), " ".join(unmapped[:20])))
    log("2026 communes actuelles without polygon: %d" % len(set(actual) - covered))
    log("rows: %s -> %s" % (dict(sorted(counts.items())), args.out))
    log("runtime: %.1f s" % (time.time() - t0))


if __name__ == "__main__":
    main()
