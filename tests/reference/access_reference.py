#!/usr/bin/python3
"""Independent reference implementation of docs/methods/accessibility.md (fabscope).

Two-step floating catchment area (Luo & Wang 2003), its Gaussian enhanced variant
(E2SFCA, Dai 2010) and the white zones per département, for every COG 2026 commune
actuelle, with the workshops of a supply fixture (id, latitude, longitude, capacity).

Demand (population P18_POP reconciled, La Poste centroid, département) is rebuilt from
the raw published files with the helpers of territory_reference.py (imported, not
copied), following docs/methods/territory.md.

Usage:
    /usr/bin/python3 tests/reference/access_reference.py [--data DIR] [--out DIR]
        [--supply CSV] [--radius KM ...] [--check-territory]

Writes, for each radius R (default 30 and 20):
    access_<R>km_a.csv and access_<R>km_b.csv (codes before / from "50")       code, access_none_per_100k, access_gaussian_per_100k,
                           nearest_km, white
    white_zones_<R>km.csv  dep, communes, white_communes, population,
                           white_population, white_share
and, for 30 km, the France services sites as a separate kind of place (ANCT list,
raw/anct_france_services_20221201.csv; own coordinates, else the commune's centroid):
    help_30km_a.csv / help_30km_b.csv  code, nearest_france_services_km, white_without_help
                           (farther than 30 km from every workshop and every site)
    white_zones_help_30km.csv          dep, white_help_communes, white_help_population,
                           white_help_share

Needs Debian's python3-pandas and python3-numpy (python3-sklearn only for
--check-territory). Distances are computed on the dense workshop x commune matrix
(numpy, no Python loop over communes).
"""

import argparse
import glob
import io
import os
import sys
import zipfile

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import territory_reference as tr  # noqa: E402  (helpers: COG, code mapping, reconciliation)

EARTH_RADIUS_KM = tr.EARTH_RADIUS_KM  # 6371.0088, same constant as the contract
assert EARTH_RADIUS_KM == 6371.0088
DEFAULT_RADII = (30.0, 20.0)
G_TAIL = np.exp(-0.5)


# --------------------------------------------------------------------------- demand
def load_demand(data_dir, timer):
    """DataFrame indexed by the 34,969 COG 2026 commune codes (sorted):
    dep, pop (P18_POP reconciled, NaN when missing), lat, lon (NaN when no centroid)."""
    raw_dir = os.path.join(data_dir, "raw")
    unmapped = {}

    com, _epci, _deps, _regs = tr.load_cog(data_dir)
    for c in ("code", "chefLieu", "commune", "departement", "region"):
        com[c] = tr.norm_code(com[c])
    m3, m4, arm_codes = tr.build_maps(com)
    act = com[com["type"] == "commune-actuelle"].set_index("code").sort_index()
    codes = act.index
    timer.lap("read COG (tgz/json)")

    # population = P18_POP reconciled as a count (rules 1-3; arrondissement rows dropped)
    with zipfile.ZipFile(os.path.join(raw_dir, "base_cc_comparateur_csv.zip")) as z:
        cc = pd.read_csv(io.BytesIO(z.read("base_cc_comparateur.CSV")), sep=";",
                         dtype={"CODGEO": str}, usecols=["CODGEO", "P18_POP"],
                         float_precision="round_trip")
    cc["CODGEO"] = tr.norm_code(cc["CODGEO"])
    cc = cc[~cc["CODGEO"].isin(arm_codes)]
    cc = tr.apply_map(cc, "CODGEO", m3, "comparateur", unmapped)
    pop = tr.reconcile_counts(cc, ["P18_POP"])["P18_POP"].reindex(codes)
    timer.lap("comparateur (P18_POP)")

    # centroid = mean of the commune's own La Poste rows, else of every row mapping to it
    lp = pd.read_csv(os.path.join(raw_dir, "laposte_hexasmal_giloop.csv"), sep=";",
                     usecols=["Code_commune_INSEE", "latitude", "longitude"],
                     dtype={"Code_commune_INSEE": str}, float_precision="round_trip",
                     encoding="utf-8")
    lp["Code_commune_INSEE"] = tr.norm_code(lp["Code_commune_INSEE"])
    lp = tr.apply_map(lp, "Code_commune_INSEE", m4, "laposte", unmapped)
    allc = lp.groupby("code26")[["latitude", "longitude"]].mean()
    own = lp[lp["Code_commune_INSEE"] == lp["code26"]]
    ownc = own.groupby("code26")[["latitude", "longitude"]].mean()
    cent = allc.copy()
    cent.loc[ownc.index] = ownc
    cent = cent.reindex(codes)
    timer.lap("La Poste centroids")
    for k, v in unmapped.items():
        if v:
            tr.log(f"unmapped codes in {k}: {len(v)} {v[:20]}")

    D = pd.DataFrame({
        "dep": act["departement"],
        "pop": pop.astype("float64"),
        "lat": cent["latitude"].astype("float64"),
        "lon": cent["longitude"].astype("float64"),
    }, index=codes)
    both = D["lat"].notna() == D["lon"].notna()
    assert both.all(), "a centroid with only one coordinate"
    return D


def check_territory(D, here_expected, timer):
    """Cross-check the rebuilt demand with the committed territory outputs:
    population exactly, and the centroids through pop_within_{10,20,30}km recomputed
    with territory_reference.reach()."""
    files = sorted(glob.glob(os.path.join(here_expected, "commune", "territory_commune_*.csv")))
    if not files:
        tr.log("check-territory: no committed territory_commune_*.csv, skipped")
        return
    T = pd.concat([pd.read_csv(f, dtype={"code": str, "level": str, "name": str},
                               keep_default_na=False, na_values=[""],
                               float_precision="round_trip") for f in files])
    T = T.set_index("code").reindex(D.index)
    a, b = D["pop"].to_numpy(), T["population"].to_numpy(dtype="float64")
    ok = (a == b) | (np.isnan(a) & np.isnan(b))
    tr.log(f"check-territory: population identical on {ok.sum()}/{len(ok)} communes")
    C = pd.DataFrame({"lat": D["lat"], "lon": D["lon"], "POP": D["pop"]}, index=D.index)
    R = tr.reach(C, timer)
    for c in R.columns:
        a, b = R[c].to_numpy(), T[c].to_numpy(dtype="float64")
        ok = (a == b) | (np.isnan(a) & np.isnan(b))
        tr.log(f"check-territory: {c} identical on {ok.sum()}/{len(ok)} communes")


# --------------------------------------------------------------------------- 2SFCA
def haversine_km(lat1, lon1, lat2, lon2):
    """Dense great-circle distance matrix (len(lat1) x len(lat2)) in km; degrees in."""
    p1 = np.radians(lat1)[:, None]
    p2 = np.radians(lat2)[None, :]
    dphi = p2 - p1
    dlam = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    a = np.sin(dphi / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlam / 2.0) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def weights(d, d0, decay):
    inside = d <= d0
    if decay == "none":
        return inside.astype("float64")
    g = (np.exp(-0.5 * (d / d0) ** 2) - G_TAIL) / (1.0 - G_TAIL)
    return np.where(inside, g, 0.0)


def two_sfca(d, S, P, d0, decay):
    """d: workshops x communes (km), S: capacities, P: populations (0 when missing).
    Returns A_i per commune (per inhabitant) and the number of workshops with R_j
    undefined (zero denominator)."""
    W = weights(d, d0, decay)
    denom = (W * P[None, :]).sum(axis=1)            # step 1, per workshop
    valid = denom > 0
    Rj = np.zeros(len(S))
    Rj[valid] = S[valid] / denom[valid]             # undefined R_j -> contributes nothing
    A = (W * Rj[:, None]).sum(axis=0)               # step 2, per commune
    return A, int((~valid).sum())


# --------------------------------------------------------------------------- output
def radius_label(r):
    return f"{r:g}"


def write_csv(df, path):
    df.to_csv(path, index=False, na_rep="", float_format="%.15g", lineterminator="\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--out", default=os.path.join(HERE, "expected"))
    ap.add_argument("--supply", default=os.path.join(HERE, "workshops_supply_fixture.csv"))
    ap.add_argument("--radius", type=float, nargs="+", default=list(DEFAULT_RADII))
    ap.add_argument("--check-territory", action="store_true",
                    help="cross-check population and centroids with the committed "
                         "territory outputs (recomputes pop_within_*, ~5 s)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    timer = tr.Timer()

    D = load_demand(args.data, timer)
    if args.check_territory:
        check_territory(D, os.path.join(HERE, "expected"), timer)

    sup = pd.read_csv(args.supply, dtype={"id": str}, float_precision="round_trip")
    if sup[["latitude", "longitude", "capacity"]].isna().any().any():
        raise SystemExit("supply fixture: missing latitude/longitude/capacity")
    S = sup["capacity"].to_numpy(dtype="float64")

    has = D["lat"].notna().to_numpy()
    Dc = D[has]
    P = Dc["pop"].fillna(0.0).to_numpy(dtype="float64")
    d = haversine_km(sup["latitude"].to_numpy(dtype="float64"),
                     sup["longitude"].to_numpy(dtype="float64"),
                     Dc["lat"].to_numpy(dtype="float64"),
                     Dc["lon"].to_numpy(dtype="float64"))
    nearest = d.min(axis=0)
    timer.lap(f"distances ({d.shape[0]} x {d.shape[1]})")

    summary = []
    for r in args.radius:
        lab = radius_label(r)
        A_none, undef_none = two_sfca(d, S, P, r, "none")
        A_gauss, undef_gauss = two_sfca(d, S, P, r, "gaussian")
        white = nearest > r
        margin = np.abs(d - r).min()

        n = len(D)
        cols = {k: np.full(n, np.nan) for k in
                ("access_none_per_100k", "access_gaussian_per_100k", "nearest_km")}
        cols["access_none_per_100k"][has] = 100000.0 * A_none
        cols["access_gaussian_per_100k"][has] = 100000.0 * A_gauss
        cols["nearest_km"][has] = nearest
        w = pd.array([pd.NA] * n, dtype="Int64")
        w[has] = white.astype("int64")
        out = pd.DataFrame({"code": D.index, **cols, "white": w})
        # Two halves (codes before / from "50"), so that every committed file stays small.
        half = out["code"] < "50"
        write_csv(out[half], os.path.join(args.out, f"access_{lab}km_a.csv"))
        write_csv(out[~half], os.path.join(args.out, f"access_{lab}km_b.csv"))

        # white zones per département (communes with a centroid)
        Z = pd.DataFrame({
            "dep": Dc["dep"].to_numpy(),
            "one": 1,
            "white": white.astype("int64"),
            "pop": Dc["pop"].fillna(0.0).to_numpy(),
            "wpop": np.where(white, Dc["pop"].fillna(0.0).to_numpy(), 0.0),
        })
        g = Z.groupby("dep", sort=True)[["one", "white", "pop", "wpop"]].sum()
        wz = pd.DataFrame({
            "dep": g.index,
            "communes": g["one"].to_numpy(dtype="int64"),
            "white_communes": g["white"].to_numpy(dtype="int64"),
        })
        popv, wpopv = g["pop"].to_numpy(), g["wpop"].to_numpy()
        integral = np.all(popv == np.round(popv)) and np.all(wpopv == np.round(wpopv))
        if integral:  # P18_POP is integral in this data: write counts as integers
            wz["population"] = popv.astype("int64")
            wz["white_population"] = wpopv.astype("int64")
        else:
            wz["population"] = popv
            wz["white_population"] = wpopv
        wz["white_share"] = np.where(popv > 0, wpopv / np.where(popv > 0, popv, 1.0), np.nan)
        write_csv(wz, os.path.join(args.out, f"white_zones_{lab}km.csv"))
        timer.lap(f"2SFCA + white zones {lab} km")
        summary.append((lab, out, wz, undef_none, undef_gauss, margin,
                        int((d <= r).sum())))

    if 30.0 in args.radius:
        france_services(args, D, Dc, has, nearest, timer)

    tr.log("---- summary")
    tr.log(f"total wall time: {timer.total():.3f} s")
    tr.log(f"communes: {len(D)}, with centroid: {int(has.sum())}, with population: "
           f"{int(D['pop'].notna().sum())}; workshops: {len(sup)}, capacity sum {S.sum():g}")
    for lab, out, wz, un, ug, margin, npairs in summary:
        tr.log(f"[{lab} km] access_{lab}km.csv: {len(out)} rows; white_zones_{lab}km.csv: "
               f"{len(wz)} rows; pairs within d0: {npairs}")
        tr.log(f"[{lab} km] white communes: {int(wz['white_communes'].sum())} / "
               f"{int(wz['communes'].sum())}; white population: "
               f"{wz['white_population'].sum():g} / {wz['population'].sum():g} "
               f"(share {wz['white_population'].sum() / wz['population'].sum():.6f})")
        tr.log(f"[{lab} km] workshops with zero denominator: none={un}, gaussian={ug}; "
               f"closest |d - d0| over all pairs: {margin:.3e} km")


def france_services(args, D, Dc, has, nearest, timer):
    """The France services sites as another kind of place, at 30 km."""
    fs = pd.read_csv(os.path.join(args.data, "raw", "anct_france_services_20221201.csv"),
                     dtype={"insee_com": str, "id_fs": str}, float_precision="round_trip",
                     keep_default_na=False, na_values=[""])
    com = fs["insee_com"].fillna("").replace("0null", "")
    lat = fs["latitude"].astype("float64").to_numpy().copy()
    lon = fs["longitude"].astype("float64").to_numpy().copy()
    own = ~(np.isnan(lat) | np.isnan(lon))
    for k in np.where(~own)[0]:
        c = com.iloc[k]
        if c in D.index and not np.isnan(D.at[c, "lat"]):
            lat[k], lon[k] = D.at[c, "lat"], D.at[c, "lon"]
    placed = ~(np.isnan(lat) | np.isnan(lon))
    tr.log(f"France services: {len(fs)} sites, {int(own.sum())} with own coordinates, "
           f"{int(placed.sum() - own.sum())} at their commune's centroid, {int((~placed).sum())} unplaced")
    dh = haversine_km(lat[placed], lon[placed], Dc["lat"].to_numpy(dtype="float64"),
                      Dc["lon"].to_numpy(dtype="float64"))
    nearest_help = dh.min(axis=0)
    white_help = (nearest > 30.0) & (nearest_help > 30.0)
    n = len(D)
    nh = np.full(n, np.nan)
    nh[has] = nearest_help
    w = pd.array([pd.NA] * n, dtype="Int64")
    w[has] = white_help.astype("int64")
    out = pd.DataFrame({"code": D.index, "nearest_france_services_km": nh, "white_without_help": w})
    half = out["code"] < "50"
    write_csv(out[half], os.path.join(args.out, "help_30km_a.csv"))
    write_csv(out[~half], os.path.join(args.out, "help_30km_b.csv"))
    P = Dc["pop"].fillna(0.0).to_numpy()
    Z = pd.DataFrame({"dep": Dc["dep"].to_numpy(), "white": white_help.astype("int64"),
                      "pop": P, "wpop": np.where(white_help, P, 0.0)})
    g = Z.groupby("dep", sort=True)[["white", "pop", "wpop"]].sum()
    popv, wpopv = g["pop"].to_numpy(), g["wpop"].to_numpy()
    wz = pd.DataFrame({"dep": g.index, "white_help_communes": g["white"].to_numpy(dtype="int64"),
                       "white_help_population": wpopv.astype("int64") if np.all(wpopv == np.round(wpopv))
                       else wpopv})
    wz["white_help_share"] = np.where(popv > 0, wpopv / np.where(popv > 0, popv, 1.0), np.nan)
    write_csv(wz, os.path.join(args.out, "white_zones_help_30km.csv"))
    tr.log(f"[30 km] without workshop nor France services: {int(white_help.sum())} communes, "
           f"{wpopv.sum():g} inhabitants (share {wpopv.sum() / popv.sum():.6f})")
    timer.lap("France services at 30 km")


if __name__ == "__main__":
    main()
