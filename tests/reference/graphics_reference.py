#!/usr/bin/env python3
"""Independent reference for the map classes and the Lambert-93 projection (graphics/).

* Class breaks: numpy's "linear" quantiles (= R type 7) and equal intervals of the
  département values of tests/reference/expected/territory_dep.csv (themselves the pandas
  reference of the indicators), restricted to the départements drawn on the map (those of
  geo/departements-version-simplifiee.geojson), for k = 4, 5, 7; the bounds are then
  deduplicated and any bound >= the maximum dropped, as graphics::compute_breaks does.
* Projection: pyproj (EPSG:4326 -> EPSG:2154, always_xy) of a fixed list of places.

Writes tests/reference/expected/graphics/{breaks.csv,lambert93.csv}.
    /usr/bin/python3 tests/reference/graphics_reference.py [--data DIR]
"""
import argparse
import csv
import json
import os

import numpy as np
from pyproj import Transformer

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "expected", "graphics")
INDICATORS = ["density", "unemployment_rate", "establishments_per_1000", "employment_growth", "krugman"]
PLACES = [
    ("origin", 3.0, 46.5),
    ("paris_notre_dame", 2.349902, 48.852968),
    ("rennes", -1.677793, 48.117266),
    ("lannion", -3.459144, 48.732084),
    ("brest", -4.486076, 48.390394),
    ("strasbourg", 7.752111, 48.573405),
    ("nice", 7.261953, 43.710173),
    ("ajaccio", 8.738635, 41.919229),
    ("lille", 3.057256, 50.62925),
    ("perpignan", 2.894833, 42.688659),
]


def breaks(values, method, k):
    v = np.sort(np.asarray(values, dtype=float))
    if method == "quantile":
        b = [float(np.quantile(v, i / k, method="linear")) for i in range(1, k)]
    else:
        b = [float(v[0] + (i / k) * (v[-1] - v[0])) for i in range(1, k)]
    out = []
    for x in b:
        if not out or x > out[-1]:
            out.append(x)
    while out and out[-1] >= v[-1]:
        out.pop()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "..", "shared", "data"))
    args = ap.parse_args()
    with open(os.path.join(args.data, "geo", "departements-version-simplifiee.geojson")) as f:
        mapped = {feat["properties"]["code"] for feat in json.load(f)["features"]}
    rows = list(csv.DictReader(open(os.path.join(HERE, "expected", "territory_dep.csv"))))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "breaks.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["indicator", "method", "classes", "breaks"])
        for ind in INDICATORS:
            vals = [float(r[ind]) for r in rows if r["code"] in mapped and r[ind] != ""]
            for method in ("quantile", "equal"):
                for k in (4, 5, 7):
                    w.writerow([ind, method, k, " ".join(repr(x) for x in breaks(vals, method, k))])
    t = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
    with open(os.path.join(OUT, "lambert93.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["place", "lon", "lat", "x", "y"])
        for name, lon, lat in PLACES:
            x, y = t.transform(lon, lat)
            w.writerow([name, lon, lat, repr(x), repr(y)])
    print(f"wrote {OUT}/breaks.csv and lambert93.csv ({len(mapped)} mapped départements)")


if __name__ == "__main__":
    main()
