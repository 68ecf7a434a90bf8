-- 0001: provenance, the raw tables of the official datasets, the territorial indicators.
-- Tables keyed by a code are WITHOUT ROWID: stored in their primary-key B-tree only.
CREATE TABLE dataset_import (
  dataset_id  TEXT PRIMARY KEY,
  vintage     TEXT NOT NULL,
  cog_year    INTEGER,
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  rows        INTEGER NOT NULL,
  tables      TEXT NOT NULL,          -- space-separated names of the tables it fills
  imported_at TEXT NOT NULL           -- ISO 8601, UTC
);

-- cog_etalab_2026
CREATE TABLE cog_commune (
  code TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL, zone TEXT NOT NULL,
  departement TEXT NOT NULL, region TEXT NOT NULL, arrondissement TEXT NOT NULL,
  parent TEXT NOT NULL, siren TEXT NOT NULL, postcodes TEXT NOT NULL,
  old_codes TEXT NOT NULL,            -- space-separated anciensCodes
  population REAL,
  PRIMARY KEY (code, type)
) WITHOUT ROWID;
CREATE TABLE cog_epci (
  siren TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, financing TEXT NOT NULL,
  population_total REAL, population_municipal REAL
) WITHOUT ROWID;
CREATE TABLE cog_epci_member (
  epci_siren TEXT NOT NULL, commune_code TEXT NOT NULL, PRIMARY KEY (epci_siren, commune_code)
) WITHOUT ROWID;
CREATE TABLE cog_departement (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL, chef_lieu TEXT NOT NULL, zone TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE cog_region (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, chef_lieu TEXT NOT NULL, zone TEXT NOT NULL
) WITHOUT ROWID;

-- insee_grille_densite_2024 (COG 2024 codes)
CREATE TABLE insee_density (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, dens INTEGER NOT NULL, label TEXT NOT NULL,
  pmun21 REAL, p1 REAL, p2 REAL, p3 REAL, p4 REAL, p5 REAL, p6 REAL, p7 REAL
) WITHOUT ROWID;

-- insee_appartenance_2022 (COG 2022 codes)
CREATE TABLE insee_geo (
  code TEXT PRIMARY KEY, arm INTEGER NOT NULL, name TEXT NOT NULL, dep TEXT, reg TEXT, epci TEXT,
  nature_epci TEXT, arr TEXT, cv TEXT, ze2020 TEXT, uu2020 TEXT, tuu2017 TEXT, tduu2017 TEXT,
  aav2020 TEXT, taav2017 TEXT, tdaav2017 TEXT, cateaav2020 TEXT, bv2012 TEXT, parent TEXT
) WITHOUT ROWID;
CREATE TABLE insee_zone (
  level TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, communes REAL, PRIMARY KEY (level, code)
) WITHOUT ROWID;

-- insee_comparateur_2022 (COG 2021 codes); NULL = blank in the file (statistical secrecy)
CREATE TABLE insee_comparateur (
  code TEXT PRIMARY KEY,
  p18_pop REAL, p13_pop REAL, superf REAL, nais1318 REAL, dece1318 REAL, p18_men REAL,
  naisd20 REAL, decesd20 REAL, p18_log REAL, p18_rp REAL, p18_rsecocc REAL, p18_logvac REAL,
  p18_rp_prop REAL, nbmenfisc19 REAL, pimp19 REAL, med19 REAL, tp6019 REAL, p18_emplt REAL,
  p18_emplt_sal REAL, p13_emplt REAL, p18_pop1564 REAL, p18_chom1564 REAL, p18_act1564 REAL,
  ettot18 REAL, etaz18 REAL, etbe18 REAL, etfz18 REAL, etgu18 REAL, etgz18 REAL, etoq18 REAL,
  ettef118 REAL, ettefp1018 REAL
) WITHOUT ROWID;

-- laposte_hexasmal
CREATE TABLE laposte_postcode (
  insee TEXT NOT NULL, name TEXT NOT NULL, postcode TEXT NOT NULL, line5 TEXT NOT NULL,
  delivery_label TEXT NOT NULL, latitude REAL, longitude REAL
);

-- Derived: territorial indicators at every level (rebuilt after each import that changes
-- an input). Column names are the stable indicator ids (docs/indicators.md).
CREATE TABLE territory (
  level TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, n_communes INTEGER NOT NULL,
  population REAL, area_km2 REAL, density REAL, density_class REAL, dense_pop_share REAL,
  rural_pop_share REAL, employment REAL, employment_growth REAL, job_concentration REAL,
  unemployment_rate REAL, establishments_per_1000 REAL, share_az REAL, share_be REAL,
  share_fz REAL, share_gu REAL, share_oq REAL, lq_az REAL, lq_be REAL, lq_fz REAL, lq_gu REAL,
  lq_oq REAL, krugman REAL, median_income REAL, aav_category REAL, pop_within_10km REAL,
  pop_within_20km REAL, pop_within_30km REAL,
  missing TEXT NOT NULL,              -- JSON: indicator id -> member communes without data
  PRIMARY KEY (level, code)
) WITHOUT ROWID;
-- Extra attributes of communes used by the pages: parents at each level, centroid.
CREATE TABLE territory_commune (
  code TEXT PRIMARY KEY, epci TEXT, ze TEXT, dep TEXT, reg TEXT, latitude REAL, longitude REAL
) WITHOUT ROWID;
CREATE TABLE territory_build (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  computed_at TEXT NOT NULL,
  inputs TEXT NOT NULL,               -- JSON: dataset id -> sha256 of the file used
  notes TEXT NOT NULL                 -- JSON array of reconciliation notes
);
