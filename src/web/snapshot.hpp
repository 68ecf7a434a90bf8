// What the pages read, loaded once from the store and shared by every request until the
// store changes: the territories of every level, the workshop register, the panel scored
// with the default référentiel (with Monte Carlo intervals) and the 2SFCA accessibility.
// Building it takes a few seconds (the evaluation); `serve` builds it before listening.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "graphics/map.hpp"
#include "referential/panel.hpp"
#include "referential/uncertainty.hpp"
#include "territory/compute.hpp"
#include "territory/repository.hpp"
#include "workshops/access.hpp"
#include "workshops/fit.hpp"
#include "workshops/register.hpp"

namespace fabscope::web {

// One distinct workshop (duplicates merged) with its register line and its evaluation.
struct WorkshopEntry {
  workshops::WorkshopRow row;       // canonical record's line
  std::optional<std::size_t> unit;  // index in the evaluation panel
  std::optional<int> density_class;
};

struct Snapshot {
  std::filesystem::path store_path;
  std::array<std::vector<territory::Unit>, territory::kLevels.size()> units;
  std::array<std::unordered_map<std::string, std::size_t>, territory::kLevels.size()> index;
  std::unordered_map<std::string, territory::CommunePlace> places;
  std::vector<WorkshopEntry> workshops;                         // distinct, by name
  std::unordered_map<std::string, std::size_t> workshop_index;  // any record id -> entry
  referential::Evaluation evaluation;
  std::optional<referential::UncertaintyResult> uncertainty;  // 200 base samples, seed 1
  workshops::AccessContext access;                            // 2SFCA at 30 km (inputs and result)
  std::unordered_map<std::string, double> access_30km;        // commune -> places per 100,000 (2SFCA)
  std::unordered_map<std::string, double> nearest_km;         // commune -> km to the nearest workshop
  std::vector<workshops::WhiteZoneRow> white_zones;           // by département
  std::size_t uncertainty_samples = 200;

  [[nodiscard]] const territory::Unit* unit(territory::Level level, const std::string& code) const;
  [[nodiscard]] const std::vector<territory::Unit>& level(territory::Level l) const {
    return units[static_cast<std::size_t>(l)];
  }
  [[nodiscard]] const WorkshopEntry* workshop(const std::string& id) const;
  // Index of a scored node ("total", a dimension or criterion id), or nullopt.
  [[nodiscard]] std::optional<std::size_t> node(const std::string& id) const;
  [[nodiscard]] double score(std::size_t unit, std::size_t node) const;
  // Parent code of a commune at a level (the commune itself at level commune).
  [[nodiscard]] std::string parent(const std::string& commune, territory::Level level) const;
};

// The snapshot of `store_path`, rebuilt when the store's content changed since it was
// built (a new import or indicator build).
// Throws Error(missing_data) when the store has no indicators yet.
std::shared_ptr<const Snapshot> snapshot(const std::filesystem::path& store_path);

// Polygons of a level projected to Lambert-93 (départements, régions; communes of
// Bretagne only), from the data directory's geo/ files; nullptr when none exist.
const graphics::Layer* layer(territory::Level level, const std::filesystem::path& data_dir, const Snapshot& snap);
// The same layer's features as published (WGS 84), indexed by Shape::feature; nullptr when
// layer() has not loaded it.
const std::vector<io::PolygonFeature>* layer_features(territory::Level level, const std::filesystem::path& data_dir);

}  // namespace fabscope::web
