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
  record           TEXT NOT NULL       -- JSON: the full workshop with provenance
);
CREATE INDEX workshop_commune ON workshop (commune);
CREATE INDEX workshop_source ON workshop (source);
