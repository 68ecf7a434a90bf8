// The boundaries of every level, dissolved with GEOS (geo/geometry.hpp) from the commune
// polygons of all France (dataset ign_communes_2018, COG 2018) and stored (migration 0004):
// a COG 2026 commune is the union of its 2018 parts (codes mapped as everywhere else,
// territory/codes.hpp); an EPCI, a zone d'emploi, a département or a région is the union of
// its communes' parts (membership of territory_commune). docs/methods/boundaries.md.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "geo/geometry.hpp"
#include "store/store.hpp"
#include "territory/compute.hpp"

namespace fabscope::territory {

struct BoundaryBuild {
  std::array<std::size_t, 5> units{};  // by Level (commune … reg): boundaries written
  // COG 2026 communes without a polygon, and why: "overseas_collectivity" (COM, never in
  // the IGN file) or "no_polygon_2018" (re-created after 2018 by splitting a commune).
  std::vector<std::pair<std::string, std::string>> without_polygon;
  std::size_t unmapped_2018 = 0;  // 2018 polygons whose code maps to no 2026 commune
};

// Rebuilds territory_boundary and territory_boundary_missing from geo_commune_2018 and the
// territory results (in a savepoint). Needs both; throws Error otherwise.
BoundaryBuild build_boundaries(store::Store& store, unsigned threads = 0);

// True when boundaries of `level` are stored.
[[nodiscard]] bool has_boundaries(store::Store& store, Level level);

struct Boundary {
  std::string code, name;
  geo::MultiPolygon shape;
};
// The stored boundaries of a level (names from the territory results), by code.
[[nodiscard]] std::vector<Boundary> load_boundaries(store::Store& store, Level level);
// The communes without a polygon: (code, reason).
[[nodiscard]] std::vector<std::pair<std::string, std::string>> communes_without_polygon(store::Store& store);

}  // namespace fabscope::territory
