-- 0004: the boundaries of every level (commune, EPCI, zone d'emploi, département, région)
-- dissolved with GEOS from the commune polygons of all France (dataset ign_communes_2018,
-- COG 2018 codes mapped to COG 2026) after each import that changes them or the communes
-- (territory/boundaries.hpp). Geometry: the codec of geo/geometry.hpp.
CREATE TABLE territory_boundary (
  level    TEXT NOT NULL,
  code     TEXT NOT NULL,
  geometry BLOB NOT NULL,
  PRIMARY KEY (level, code)
);
-- The COG 2026 communes that have no polygon (overseas collectivities, communes re-created
-- after 2018), with why.
CREATE TABLE territory_boundary_missing (
  code   TEXT PRIMARY KEY,
  reason TEXT NOT NULL
) WITHOUT ROWID;
