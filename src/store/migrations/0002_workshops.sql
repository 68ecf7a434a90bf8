-- 0002: the workshop register. One row per workshop as imported from one source; the
-- whole record (every field with its provenance) is kept as JSON, the fields used to
-- filter and place are columns.
CREATE TABLE workshop (
  id               TEXT PRIMARY KEY,   -- "<source>:<key in the source>"
  source           TEXT NOT NULL,      -- dataset id (dataset_import.dataset_id)
  source_key       TEXT NOT NULL,
  name             TEXT NOT NULL,
  kind             TEXT,               -- NULL = unknown
  city             TEXT,
  postcode         TEXT,
  latitude         REAL,
  longitude        REAL,
  commune          TEXT,               -- COG 2026 code; NULL = unplaced
  placement_method TEXT,
  placement_note   TEXT NOT NULL,      -- warnings, or the reason it is unplaced
  record           TEXT NOT NULL,      -- JSON: the full workshop with provenance
  merged_into      TEXT                -- id of the record this one duplicates (NULL: canonical)
);
-- Duplicate detection: every pair examined that matched, and the decision.
CREATE TABLE workshop_pair (
  a TEXT NOT NULL, b TEXT NOT NULL,
  decision TEXT NOT NULL,             -- merged, candidate, forced_same, forced_different
  score REAL NOT NULL,                -- name similarity 0..1
  distance_km REAL,                   -- between the two locations, when both are known
  reason TEXT NOT NULL,
  PRIMARY KEY (a, b)
);
CREATE INDEX workshop_commune ON workshop (commune);
CREATE INDEX workshop_source ON workshop (source);
-- The 2013 call's laureates (data/laureates_2013.toml) and the register entry each matches.
CREATE TABLE workshop_laureate (
  laureate_id TEXT PRIMARY KEY, name TEXT NOT NULL, workshop_id TEXT,
  score REAL NOT NULL, method TEXT NOT NULL, note TEXT NOT NULL
);
