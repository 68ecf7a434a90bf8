-- 0003: the accessibility of every commune to the distinct workshops (2SFCA at 30 km, no
-- distance decay; docs/methods/accessibility.md), computed once when the communes or the
-- distinct workshops change (territory import, register import, duplicate decisions) and
-- read by the panel, the fiches and the pages. Other radii and decays are computed on
-- demand (`fabscope territory access --radius … --decay …`).
CREATE TABLE workshop_access (
  code            TEXT PRIMARY KEY,   -- COG 2026 commune
  access_per_100k REAL,               -- NULL: the commune has no centroid
  nearest_km      REAL,               -- NULL: no centroid or no workshop
  white           INTEGER NOT NULL    -- 1: farther than 30 km from every workshop
);
-- The figures of the computation as a whole (supplies_without_demand).
CREATE TABLE workshop_access_meta (key TEXT PRIMARY KEY, value REAL NOT NULL);
