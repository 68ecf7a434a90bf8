#!/usr/bin/python3
"""Independent reference implementation of docs/methods/territory.md (fabscope).

Reads the raw files *as published* from the data directory and writes, for the
levels commune, epci, ze, dep, reg and fr, the territorial indicators
(territory_<level>.csv) and, for the five aggregated levels, the number of member
communes excluded for missing inputs (territory_<level>_missing.csv).
Level fr is a single unit (code FR, name France) whose members are all the
communes of the commune level, metropolitan and overseas; it is aggregated with
the same rules as epci, ze, dep and reg.

Usage:
    /usr/bin/python3 tests/reference/territory_reference.py [--data DIR] [--out DIR]

Needs Debian's python3-pandas, python3-numpy, python3-sklearn, python3-openpyxl.
Everything is vectorised (pandas groupby/merge, numpy, sklearn BallTree); there is
no Python loop over communes.
"""

import argparse
import io
import json
import os
import sys
import tarfile
import time
import zipfile

import numpy as np
import pandas as pd
from sklearn.neighbors import BallTree

EARTH_RADIUS_KM = 6371.0088
REACH_KM = (10, 20, 30)
SECTORS = ("az", "be", "fz", "gu", "oq")

# Indicator ids in the order of the table of territory.md (= export column order).
INDICATORS = (
    ["population", "area_km2", "density", "density_class", "dense_pop_share",
     "rural_pop_share", "employment", "employment_growth", "job_concentration",
     "unemployment_rate", "establishments_per_1000"]
    + [f"share_{s}" for s in SECTORS]
    + [f"lq_{s}" for s in SECTORS]
    + ["krugman", "median_income", "aav_category"]
    + [f"pop_within_{km}km" for km in REACH_KM]
)
COMMUNE_ONLY = ["density_class", "median_income", "aav_category"] + [
    f"pop_within_{km}km" for km in REACH_KM]
CLASS_COLUMNS = ["density_class", "aav_category"]  # written as integers
AGG_LEVELS = ("epci", "ze", "dep", "reg", "fr")

# Comparateur variables (counts, reconciled by summing the parts) -> short names.
COUNT_VARS = {
    "P18_POP": "POP", "SUPERF": "SUPERF", "P18_EMPLT": "E18", "P13_EMPLT": "E13",
    "P18_ACT1564": "ACT", "P18_CHOM1564": "CHOM", "ETTOT18": "ETTOT",
    "ETAZ18": "ET_az", "ETBE18": "ET_be", "ETFZ18": "ET_fz", "ETGU18": "ET_gu",
    "ETOQ18": "ET_oq",
}

# Inputs of each (aggregatable) indicator: a commune is used for the indicator iff
# every one of them is present.
INPUTS = {
    "population": ["POP"],
    "area_km2": ["SUPERF"],
    "density": ["POP", "SUPERF"],
    "dense_pop_share": ["POP", "DENS"],
    "rural_pop_share": ["POP", "DENS"],
    "employment": ["E18"],
    "employment_growth": ["E18", "E13"],
    "job_concentration": ["E18", "ACT", "CHOM"],
    "unemployment_rate": ["CHOM", "ACT"],
    "establishments_per_1000": ["ETTOT", "POP"],
}
for _s in SECTORS:
    INPUTS[f"share_{_s}"] = [f"ET_{_s}", "ETTOT"]
    INPUTS[f"lq_{_s}"] = [f"ET_{_s}", "ETTOT"]
INPUTS["krugman"] = [f"ET_{s}" for s in SECTORS] + ["ETTOT"]


# --------------------------------------------------------------------------- utils
class Timer:
    def __init__(self):
        self.t0 = self.t = time.perf_counter()
        self.phases = []

    def lap(self, name):
        now = time.perf_counter()
        self.phases.append((name, now - self.t))
        log(f"[time] {name:<28s} {now - self.t:7.3f} s")
        self.t = now

    def total(self):
        return time.perf_counter() - self.t0


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def norm_code(s):
    """INSEE-like codes as stripped strings; NaN stays NaN."""
    s = s.astype("string").str.strip()
    return s.astype(object).where(s.notna(), np.nan)


def read_sheet(src, sheet, first_cell):
    """Read an xlsx sheet whose header row is the row whose column A is `first_cell`."""
    raw = pd.read_excel(src, sheet_name=sheet, header=None, dtype=object,
                        engine="openpyxl")
    col_a = raw.iloc[:, 0].astype(str).str.strip()
    hits = np.flatnonzero(col_a.to_numpy() == first_cell)
    if len(hits) == 0:
        raise SystemExit(f"sheet {sheet}: no header row starting with {first_cell}")
    h = hits[0]
    df = raw.iloc[h + 1:].copy()
    df.columns = [str(c).strip() for c in raw.iloc[h].tolist()]
    df = df.dropna(how="all").reset_index(drop=True)
    return df


def div(num, den):
    """num / den, missing when den is 0 or missing (or num missing)."""
    num = pd.Series(num, dtype="float64")
    den = pd.Series(den, dtype="float64")
    out = num / den
    return out.where(den.notna() & (den != 0))


# --------------------------------------------------------------------------- COG
def load_cog(data_dir):
    path = os.path.join(data_dir, "raw", "etalab-decoupage-administratif-6.0.0.tgz")
    out = {}
    with tarfile.open(path, "r:gz") as tf:
        for name in ("communes", "epci", "departements", "regions"):
            with tf.extractfile(f"package/data/{name}.json") as fh:
                out[name] = json.load(fh)
    com = pd.DataFrame(out["communes"])
    for c in ("anciensCodes", "chefLieu", "commune"):
        if c not in com.columns:
            com[c] = np.nan
    epci = pd.DataFrame(out["epci"])
    deps = pd.DataFrame(out["departements"])
    regs = pd.DataFrame(out["regions"])
    return com, epci, deps, regs


def build_maps(com):
    """Old code -> COG 2026 commune, rules 1-3 (all files) and 1-4 (La Poste)."""
    act = com[com["type"] == "commune-actuelle"]
    r1 = pd.DataFrame({"old": act["code"], "new": act["code"], "rule": 1})
    anc = act[["code", "anciensCodes"]].explode("anciensCodes").dropna()
    r2 = pd.DataFrame({"old": anc["anciensCodes"], "new": anc["code"], "rule": 2})
    dl = com[com["type"].isin(["commune-deleguee", "commune-associee"])]
    r3 = pd.DataFrame({"old": dl["code"], "new": dl["chefLieu"], "rule": 3})
    arm = com[com["type"] == "arrondissement-municipal"]
    r4 = pd.DataFrame({"old": arm["code"], "new": arm["commune"], "rule": 4})
    allr = pd.concat([r1, r2, r3, r4], ignore_index=True)
    allr = allr.sort_values("rule", kind="stable").drop_duplicates("old", keep="first")
    m4 = allr.set_index("old")["new"]
    m3 = allr[allr["rule"] <= 3].set_index("old")["new"]
    return m3, m4, set(arm["code"])


def apply_map(df, code_col, mapping, label, report):
    """Add column code26; drop (and report) unmapped rows."""
    df = df.copy()
    df["code26"] = df[code_col].map(mapping)
    bad = df.loc[df["code26"].isna(), code_col]
    report[label] = sorted(bad.unique().tolist())
    return df[df["code26"].notna()]


# --------------------------------------------------------------------------- reconciliation
def reconcile_counts(df, cols):
    g = df.groupby("code26", sort=False)
    s = g[cols].sum()
    anyna = df[cols].isna().groupby(df["code26"], sort=False).any()
    return s.mask(anyna)


def reconcile_single(df, col):
    """Value when the commune has exactly one part; otherwise missing."""
    n = df.groupby("code26", sort=False).size()
    one = df[df["code26"].map(n).to_numpy() == 1]
    return one.set_index("code26")[col]


def reconcile_class(df, col, code_col):
    g = df.groupby("code26", sort=False)[col]
    nun = g.nunique(dropna=False)
    first = df.drop_duplicates("code26").set_index("code26")[col]
    own = df[df[code_col] == df["code26"]].drop_duplicates("code26").set_index("code26")[col]
    shared = first.where(nun.reindex(first.index) == 1)
    disagree = nun.index[nun.to_numpy() > 1]
    res = shared.copy()
    res.loc[disagree] = own.reindex(disagree)
    return res


# --------------------------------------------------------------------------- indicators
def commune_terms(C):
    """Per-commune summable terms, each masked by the inputs of its indicator.

    Returns (terms DataFrame, mask DataFrame [indicator -> inputs all present])."""
    present = {}
    masks = {}
    for ind, inputs in INPUTS.items():
        m = np.ones(len(C), dtype=bool)
        for v in inputs:
            m &= C[v].notna().to_numpy()
        masks[ind] = m
    masks = pd.DataFrame(masks, index=C.index)

    def t(ind, values):
        return pd.Series(values, index=C.index, dtype="float64").where(masks[ind])

    dens = C["DENS"]
    T = pd.DataFrame(index=C.index)
    T["pop__population"] = t("population", C["POP"])
    T["superf__area_km2"] = t("area_km2", C["SUPERF"])
    T["e18__employment"] = t("employment", C["E18"])
    T["pop__density"] = t("density", C["POP"])
    T["superf__density"] = t("density", C["SUPERF"])
    T["num__dense"] = t("dense_pop_share", C["POP"] * dens.isin([1, 2]))
    T["pop__dense"] = t("dense_pop_share", C["POP"])
    T["num__rural"] = t("rural_pop_share", C["POP"] * dens.isin([5, 6, 7]))
    T["pop__rural"] = t("rural_pop_share", C["POP"])
    T["e18__growth"] = t("employment_growth", C["E18"])
    T["e13__growth"] = t("employment_growth", C["E13"])
    T["e18__jc"] = t("job_concentration", C["E18"])
    T["act__jc"] = t("job_concentration", C["ACT"])
    T["chom__jc"] = t("job_concentration", C["CHOM"])
    T["chom__ur"] = t("unemployment_rate", C["CHOM"])
    T["act__ur"] = t("unemployment_rate", C["ACT"])
    T["ettot__est"] = t("establishments_per_1000", C["ETTOT"])
    T["pop__est"] = t("establishments_per_1000", C["POP"])
    for s in SECTORS:
        T[f"et__{s}"] = t(f"share_{s}", C[f"ET_{s}"])
        T[f"ettot__{s}"] = t(f"share_{s}", C["ETTOT"])
    return T, masks


def indicators_from_sums(S, F):
    """Indicator values from (summed) terms; identical formulas at every level."""
    out = pd.DataFrame(index=S.index)
    out["population"] = S["pop__population"]
    out["area_km2"] = S["superf__area_km2"]
    out["density"] = div(S["pop__density"], S["superf__density"])
    out["density_class"] = np.nan
    out["dense_pop_share"] = div(S["num__dense"], S["pop__dense"])
    out["rural_pop_share"] = div(S["num__rural"], S["pop__rural"])
    out["employment"] = S["e18__employment"]
    out["employment_growth"] = np.power(div(S["e18__growth"], S["e13__growth"]), 1.0 / 5.0) - 1.0
    out["job_concentration"] = div(100.0 * S["e18__jc"], S["act__jc"] - S["chom__jc"])
    out["unemployment_rate"] = div(S["chom__ur"], S["act__ur"])
    out["establishments_per_1000"] = div(1000.0 * S["ettot__est"], S["pop__est"])
    for s in SECTORS:
        out[f"share_{s}"] = div(S[f"et__{s}"], S[f"ettot__{s}"])
    for s in SECTORS:
        out[f"lq_{s}"] = out[f"share_{s}"] / F[s]
    k = None
    for s in SECTORS:  # left-to-right sum az + be + fz + gu + oq; NaN propagates
        d = (out[f"share_{s}"] - F[s]).abs()
        k = d if k is None else k + d
    out["krugman"] = k
    for c in COMMUNE_ONLY:
        out[c] = np.nan
    return out[INDICATORS]


def reach(C, timer):
    """pop_within_*km: BallTree haversine on radians (lat, lon), itself included."""
    has = C["lat"].notna() & C["lon"].notna()
    idx = np.flatnonzero(has.to_numpy())
    X = np.radians(C.loc[has, ["lat", "lon"]].to_numpy(dtype="float64"))
    w = C.loc[has, "POP"].fillna(0.0).to_numpy(dtype="float64")
    tree = BallTree(X, metric="haversine")
    res = {}
    for km in REACH_KM:
        ind = tree.query_radius(X, r=km / EARTH_RADIUS_KM)
        lens = np.fromiter((len(a) for a in ind), dtype=np.int64, count=len(ind))
        flat = np.concatenate(ind)
        owner = np.repeat(np.arange(len(ind)), lens)
        sums = np.bincount(owner, weights=w[flat], minlength=len(ind))
        col = np.full(len(C), np.nan)
        col[idx] = sums
        res[f"pop_within_{km}km"] = col
        timer.lap(f"reach {km} km ({len(flat)} pairs)")
    return pd.DataFrame(res, index=C.index)


# --------------------------------------------------------------------------- output
def write_csv(df, path):
    df = df.copy()
    for c in CLASS_COLUMNS:
        if c in df.columns:
            df[c] = pd.array(np.round(df[c].to_numpy(dtype="float64")), dtype="Int64") \
                if df[c].notna().any() else pd.array([pd.NA] * len(df), dtype="Int64")
    # 15 significant digits: a relative error below 1e-14, far inside the tests' 1e-9,
    # and files small enough to commit.
    df.to_csv(path, index=False, na_rep="", float_format="%.15g", lineterminator="\n")


def department_of(code):
    return code[:3] if code.startswith("97") else code[:2]


def check_roundtrip(df, path):
    """Re-read a written file and check every float is bit-identical."""
    back = pd.read_csv(path, dtype={"code": str, "level": str, "name": str},
                       keep_default_na=False, na_values=[""],
                       float_precision="round_trip")
    for c in INDICATORS:
        a = df[c].to_numpy(dtype="float64")
        b = back[c].to_numpy(dtype="float64")
        close = np.abs(a - b) <= 1e-14 * np.maximum(np.abs(a), np.abs(b))
        same = close | (np.isnan(a) & np.isnan(b))
        if not same.all():
            raise SystemExit(f"{path}: column {c} does not round-trip")


# --------------------------------------------------------------------------- main
def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--out", default=os.path.join(here, "expected"))
    ap.add_argument("--no-check", action="store_true",
                    help="skip the re-read round-trip check of the written files")
    args = ap.parse_args()
    raw_dir = os.path.join(args.data, "raw")
    os.makedirs(args.out, exist_ok=True)
    timer = Timer()
    unmapped = {}

    # ---- COG 2026
    com, epci, deps, regs = load_cog(args.data)
    for c in ("code", "chefLieu", "commune", "departement", "region"):
        com[c] = norm_code(com[c])
    m3, m4, arm_codes = build_maps(com)
    act = com[com["type"] == "commune-actuelle"].set_index("code").sort_index()
    codes = act.index
    timer.lap("read COG (tgz/json)")

    # ---- comparateur
    with zipfile.ZipFile(os.path.join(raw_dir, "base_cc_comparateur_csv.zip")) as z:
        cc = pd.read_csv(io.BytesIO(z.read("base_cc_comparateur.CSV")), sep=";",
                         dtype={"CODGEO": str}, float_precision="round_trip")
    cc["CODGEO"] = norm_code(cc["CODGEO"])
    n_cc = len(cc)
    cc = cc[~cc["CODGEO"].isin(arm_codes)]
    n_cc_arm = n_cc - len(cc)
    # France shares, before reconciliation, rows with blank ET_s or ETTOT skipped
    F = {}
    for s in SECTORS:
        v = f"ET{s.upper()}18"
        ok = cc[v].notna() & cc["ETTOT18"].notna()
        F[s] = cc.loc[ok, v].sum() / cc.loc[ok, "ETTOT18"].sum()
    cc = apply_map(cc, "CODGEO", m3, "comparateur", unmapped)
    cc = cc.rename(columns=COUNT_VARS)
    counts = reconcile_counts(cc, list(COUNT_VARS.values())).reindex(codes)
    med = reconcile_single(cc, "MED19").reindex(codes)
    timer.lap("read+reconcile comparateur")

    # ---- density grid
    gr = read_sheet(os.path.join(raw_dir, "grille_densite_7_niveaux_2024.xlsx"),
                    "Grille_Densite", "CODGEO")
    gr["CODGEO"] = norm_code(gr["CODGEO"])
    gr["DENS"] = pd.to_numeric(gr["DENS"], errors="coerce")
    n_gr = len(gr)
    gr = apply_map(gr, "CODGEO", m3, "grille_densite", unmapped)
    dens = reconcile_class(gr, "DENS", "CODGEO").reindex(codes)
    timer.lap("read+reconcile density grid")

    # ---- appartenance
    with zipfile.ZipFile(os.path.join(raw_dir, "table-appartenance-geo-communes-22.zip")) as z:
        blob = z.read("table-appartenance-geo-communes-22.xlsx")
    xl = pd.ExcelFile(io.BytesIO(blob), engine="openpyxl")
    ap_com = read_sheet(xl, "COM", "CODGEO")
    ap_arm = read_sheet(xl, "ARM", "CODGEO")
    zs = read_sheet(xl, "Zones_supra_communales", "NIVGEO")
    for c in ("CODGEO", "ZE2020", "CATEAAV2020"):
        ap_com[c] = norm_code(ap_com[c])
    n_ap = len(ap_com)
    drop = arm_codes | set(norm_code(ap_arm["CODGEO"]))
    ap_com = ap_com[~ap_com["CODGEO"].isin(drop)]
    n_ap_arm = n_ap - len(ap_com)
    ap_com["CATEAAV2020"] = pd.to_numeric(ap_com["CATEAAV2020"], errors="coerce")
    ap_com = apply_map(ap_com, "CODGEO", m3, "appartenance", unmapped)
    ze = reconcile_class(ap_com, "ZE2020", "CODGEO").reindex(codes)
    aav = reconcile_class(ap_com, "CATEAAV2020", "CODGEO").reindex(codes)
    zs["NIVGEO"] = norm_code(zs["NIVGEO"])
    zs["CODGEO"] = norm_code(zs["CODGEO"])
    ze_units = zs[zs["NIVGEO"] == "ZE2020"].drop_duplicates("CODGEO") \
        .set_index("CODGEO")["LIBGEO"].astype(str)
    timer.lap("read+reconcile appartenance")

    # ---- La Poste centroids
    lp = pd.read_csv(os.path.join(raw_dir, "laposte_hexasmal_giloop.csv"), sep=";",
                     dtype={"Code_commune_INSEE": str, "Code_postal": str, "Nom_commune": str,
                            "Ligne_5": str, "Libellé_d_acheminement": str},
                     float_precision="round_trip", encoding="utf-8")
    lp["Code_commune_INSEE"] = norm_code(lp["Code_commune_INSEE"])
    n_lp = len(lp)
    lp = apply_map(lp, "Code_commune_INSEE", m4, "laposte", unmapped)
    n_lp_unmapped_rows = n_lp - len(lp)
    allc = lp.groupby("code26")[["latitude", "longitude"]].mean()
    ownc = lp[lp["Code_commune_INSEE"] == lp["code26"]] \
        .groupby("code26")[["latitude", "longitude"]].mean()
    cent = allc.copy()
    cent.loc[ownc.index] = ownc
    cent = cent.reindex(codes)
    timer.lap("read+reconcile La Poste")

    # ---- commune table
    C = counts.copy()
    C["MED19"] = med
    C["DENS"] = dens
    C["ZE"] = ze
    C["AAV"] = aav
    C["lat"] = cent["latitude"]
    C["lon"] = cent["longitude"]
    T, masks = commune_terms(C)
    ind_c = indicators_from_sums(T, F)
    ind_c["density_class"] = C["DENS"].astype("float64")
    ind_c["median_income"] = C["MED19"].astype("float64")
    ind_c["aav_category"] = C["AAV"].astype("float64")
    timer.lap("commune indicators")
    R = reach(C, timer)
    for c in R.columns:
        ind_c[c] = R[c]

    out_c = pd.DataFrame({"level": "commune", "code": codes, "name": act["nom"].to_numpy()})
    out_c = pd.concat([out_c, ind_c.reset_index(drop=True)], axis=1)
    results = {"commune": out_c}

    # ---- aggregated levels
    ep_m = epci[["code", "membres"]].explode("membres").dropna(subset=["membres"])
    ep_members = pd.Series(norm_code(ep_m["code"]).to_numpy(),
                           index=norm_code(pd.Series([m["code"] for m in ep_m["membres"]])),
                           name="unit")
    units = {
        "epci": (ep_members,
                 pd.Series(epci["nom"].to_numpy(), index=norm_code(epci["code"]))),
        "ze": (C["ZE"].dropna(), ze_units),
        "dep": (act["departement"].dropna(),
                pd.Series(deps["nom"].to_numpy(), index=norm_code(deps["code"]))),
        "reg": (act["region"].dropna(),
                pd.Series(regs["nom"].to_numpy(), index=norm_code(regs["code"]))),
        # One unit: every commune of the commune level (metropolitan and overseas).
        "fr": (pd.Series("FR", index=codes, dtype=object),
               pd.Series(["France"], index=["FR"], dtype=object)),
    }
    miss = (~masks).astype("int64")
    missing = {}
    for level in AGG_LEVELS:
        member_unit, names = units[level]
        names = names[~names.index.duplicated()].sort_index()
        member_unit = member_unit[member_unit.index.isin(T.index)]
        unit_of = member_unit.reindex(T.index)  # NaN: not a member of any unit
        S = T.groupby(unit_of).sum(min_count=1).reindex(names.index)
        ind = indicators_from_sums(S, F)
        M = miss.groupby(unit_of).sum().reindex(names.index).fillna(0).astype("int64")
        out = pd.DataFrame({"level": level, "code": names.index, "name": names.to_numpy()})
        results[level] = pd.concat([out, ind.reset_index(drop=True)], axis=1)
        mo = pd.DataFrame({"level": level, "code": names.index})
        for c in INDICATORS:
            mo[c] = M[c].to_numpy() if c in M.columns else pd.array([pd.NA] * len(mo), dtype="Int64")
        missing[level] = mo
        orphans = set(member_unit.unique()) - set(names.index)
        if orphans:
            log(f"warning: {level}: member units not in the unit list: {sorted(orphans)[:10]}")
    timer.lap("aggregated levels")

    # ---- write
    for level, df in results.items():
        df = df.sort_values("code", kind="stable").reset_index(drop=True)
        results[level] = df
        if level == "commune":
            # One file per département keeps every committed file small.
            os.makedirs(os.path.join(args.out, "commune"), exist_ok=True)
            for dep, part in df.groupby(df["code"].map(department_of), sort=True):
                write_csv(part, os.path.join(args.out, "commune", f"territory_commune_{dep}.csv"))
        else:
            write_csv(df, os.path.join(args.out, f"territory_{level}.csv"))
    for level, df in missing.items():
        df = df.sort_values("code", kind="stable").reset_index(drop=True)
        df.to_csv(os.path.join(args.out, f"territory_{level}_missing.csv"), index=False,
                  na_rep="", lineterminator="\n")
    timer.lap("write CSV")
    if not args.no_check:
        for level, df in results.items():
            if level == "commune":
                for dep, part in df.groupby(df["code"].map(department_of), sort=True):
                    check_roundtrip(part.reset_index(drop=True),
                                    os.path.join(args.out, "commune", f"territory_commune_{dep}.csv"))
            else:
                check_roundtrip(df, os.path.join(args.out, f"territory_{level}.csv"))
        timer.lap("round-trip check")

    # ---- summary
    log("---- summary")
    log(f"total wall time: {timer.total():.3f} s")
    for level, df in results.items():
        log(f"territory_{level}.csv: {len(df)} rows")
    for level, df in missing.items():
        log(f"territory_{level}_missing.csv: {len(df)} rows")
    log(f"comparateur: {n_cc} rows, {n_cc_arm} arrondissement rows dropped")
    log(f"grille densite: {n_gr} rows; appartenance COM: {n_ap} rows, "
        f"{n_ap_arm} arrondissement rows dropped; ARM sheet: {len(ap_arm)} rows dropped")
    log(f"La Poste: {n_lp} rows, {n_lp_unmapped_rows} rows with unmapped codes dropped")
    for k, v in unmapped.items():
        log(f"unmapped codes in {k}: {len(v)} {v[:20]}")
    log("France shares F_s: " + ", ".join(f"{s}={F[s]!r}" for s in SECTORS))
    nc = results["commune"]
    log(f"communes with population: {nc['population'].notna().sum()}, "
        f"with centroid: {nc['pop_within_10km'].notna().sum()}, "
        f"with density class: {nc['density_class'].notna().sum()}, "
        f"with ZE: {C['ZE'].notna().sum()}")


if __name__ == "__main__":
    main()
