// Spatial accessibility of workshops (docs/methods/accessibility.md): two-step floating
// catchment area (Luo & Wang 2003), optionally with Gaussian distance decay (E2SFCA), and
// the white zones (communes farther than the radius from every workshop).
#pragma once

#include <string>
#include <vector>

#include "store/store.hpp"

namespace fabscope::workshops {

enum class Decay { none, gaussian };

struct AccessOptions {
  double radius_km = 30;
  Decay decay = Decay::none;
};

struct SupplyPoint {
  double latitude = 0, longitude = 0;
  double capacity = 1;
};

struct AccessResult {
  std::vector<double> access_per_100k;      // by demand point; NaN without coordinates
  std::vector<double> nearest_km;           // NaN without coordinates or without any supply
  std::vector<bool> white;                  // farther than the radius from every supply
  std::size_t supplies_without_demand = 0;  // supplies with nobody within reach
  // France services, a separate kind of place (add_public_help): empty when the list was
  // never imported. Distance to the nearest site, and "farther than the radius from every
  // workshop and from every France services site" (no public digital help within reach).
  std::vector<double> nearest_help_km;
  std::vector<bool> white_help;
};

// Demand points: lat/lon (NaN = unknown) and population (NaN adds nothing).
AccessResult two_step_fca(const std::vector<double>& lat, const std::vector<double>& lon,
                          const std::vector<double>& population, const std::vector<SupplyPoint>& supply,
                          const AccessOptions& options);

double gaussian_weight(double d_km, double radius_km);

// Adds the public digital-help places (France services sites) to a result: nearest_help_km
// and white_help for every demand point with coordinates (NaN / false without). Leaves
// the result as it is when `help` is empty.
void add_public_help(AccessResult& result, const std::vector<double>& lat, const std::vector<double>& lon,
                     const std::vector<SupplyPoint>& help, double radius_km);

struct WhiteZoneRow {
  std::string dep;
  std::size_t communes = 0, white_communes = 0;
  double population = 0, white_population = 0;
  double white_share = 0;  // NaN when population is 0
  // Without a workshop nor a France services site within the radius (NaN / 0 when the list
  // of France services is not in the store).
  std::size_t white_help_communes = 0;
  double white_help_population = 0, white_help_share = 0;
};

// Per département, over communes with a centroid.
std::vector<WhiteZoneRow> white_zones(const std::vector<std::string>& dep, const std::vector<double>& lat,
                                      const std::vector<double>& population, const AccessResult& access);

// The communes of the store (COG 2026, with centroid, population and département) and the
// placed, distinct workshops (duplicates merged) as supply: own coordinates, else their
// commune's centroid.
struct AccessInputs {
  std::vector<std::string> code, name, dep;
  std::vector<double> lat, lon, population;
  std::vector<SupplyPoint> supply;
  std::vector<std::string> supply_ids;
  // The France services sites (anct_france_services_2022) as a separate kind of place: own
  // coordinates, else their commune's centroid; sites with neither are counted, not placed.
  std::vector<SupplyPoint> help;
  std::vector<std::string> help_ids, help_names;
  std::size_t help_unplaced = 0;
};
AccessInputs load_access_inputs(store::Store& store);

// The stored accessibility (table workshop_access, migration 0003): 2SFCA at 30 km without
// decay of every commune, computed once when the communes or the distinct workshops change.
// `store_access` computes it from the store and replaces the table (in a savepoint: atomic
// alone, and part of the caller's transaction); the territory import, the register import
// and the duplicate decisions call it. `stored_access` reads it back in the order of
// `inputs.code`; when the table does not match the communes (no workshop yet, or a store
// migrated from schema 2 and not re-imported since) it is computed, not read.
void store_access(store::Store& store);
AccessResult stored_access(store::Store& store, const AccessInputs& inputs);
// The stored result for the default options (30 km, no decay), else computed; with the
// France services of `inputs` added (add_public_help).
AccessResult access_with(store::Store& store, const AccessInputs& inputs, const AccessOptions& options);

}  // namespace fabscope::workshops
