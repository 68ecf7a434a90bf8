// The read layer: what the pages, the API and the reports read, loaded once from the store
// and shared until the store changes (a new import, a new indicator build, a register
// change): the territories of every level, the workshop register (duplicates merged), the
// panel evaluated with the default référentiel (referential::evaluate, the one evaluation,
// with Monte Carlo intervals) and the 2SFCA accessibility. Building it takes a few seconds;
// `serve` builds it on a thread of its own (watch) before and while it answers.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/analyses.hpp"
#include "core/error.hpp"
#include "referential/panel.hpp"
#include "referential/uncertainty.hpp"
#include "territory/compute.hpp"
#include "territory/repository.hpp"
#include "workshops/access.hpp"
#include "workshops/fit.hpp"
#include "workshops/register.hpp"

namespace fabscope::app {

// One distinct workshop (duplicates merged) with its register line and its evaluation.
struct WorkshopEntry {
  workshops::WorkshopRow row;       // canonical record's line
  std::optional<std::size_t> unit;  // index in the evaluation panel
  std::optional<int> density_class;
  std::set<std::string> equipment;  // equipment ids (workshops/model.hpp), merged record
  std::set<std::string> sources;    // the registers its records come from (duplicates merged)
  // What the workshop search matches (text::search_key of its name and aliases, commune
  // name and code, département code and name, kind and equipment in both languages).
  std::string search_key;
};

struct Snapshot {
  std::filesystem::path store_path;
  std::array<std::vector<territory::Unit>, territory::kAllLevels.size()> units;  // France: one unit, "FR"
  std::array<std::unordered_map<std::string, std::size_t>, territory::kAllLevels.size()> index;
  std::unordered_map<std::string, territory::CommunePlace> places;
  std::vector<WorkshopEntry> workshops;                         // distinct, by name
  std::unordered_map<std::string, std::size_t> workshop_index;  // any record id -> entry
  referential::Evaluation evaluation;
  std::optional<referential::UncertaintyResult> uncertainty;  // 200 base samples, seed 1
  workshops::AccessContext access;                            // 2SFCA at 30 km (inputs and result)
  std::unordered_map<std::string, double> access_30km;        // commune -> places per 100,000 (2SFCA)
  std::unordered_map<std::string, double> nearest_km;         // commune -> km to the nearest workshop
  std::unordered_map<std::string, double> nearest_help_km;    // commune -> km to the nearest France services site
  std::vector<workshops::WhiteZoneRow> white_zones;           // by département
  std::size_t uncertainty_samples = 200;
  PanelAnalyses analyses;  // archetypes, typology, laureates, peers of the panel

  [[nodiscard]] const territory::Unit* unit(territory::Level level, const std::string& code) const;
  [[nodiscard]] const std::vector<territory::Unit>& level(territory::Level l) const {
    return units[static_cast<std::size_t>(l)];
  }
  [[nodiscard]] const WorkshopEntry* workshop(const std::string& id) const;
  // Index of a scored node ("total", a dimension or criterion id), or nullopt.
  [[nodiscard]] std::optional<std::size_t> node(const std::string& id) const;
  [[nodiscard]] double score(std::size_t unit, std::size_t node) const;
  // France (the aggregate of every commune), or null in a store built before it existed.
  [[nodiscard]] const territory::Unit* france() const { return unit(territory::Level::fr, "FR"); }
  // Parent code of a commune at a level (the commune itself at level commune).
  [[nodiscard]] std::string parent(const std::string& commune, territory::Level level) const;
  // Whether the France services list is in the store (nearest_help_km and the "without
  // public help" figures are known).
  [[nodiscard]] bool has_public_help() const { return !nearest_help_km.empty(); }
  // How far the population of every territory of `level` lives from the workshops, from its
  // communes with a centroid and a population (docs/methods/accessibility.md). Only the
  // territory `only` when it is given.
  struct Reach {
    double population = 0;
    double beyond = 0;       // farther than the radius from every workshop
    double beyond_help = 0;  // ... and from every France services site (NaN without the list)
    double nearest_km = std::numeric_limits<double>::infinity();  // its closest commune to a workshop
    double access_sum = 0;   // Σ population × 2SFCA at 30 km (places per 100,000)
    [[nodiscard]] double beyond_share() const;       // NaN without population
    [[nodiscard]] double beyond_help_share() const;  // NaN without population or without the list
    [[nodiscard]] double mean_access() const;        // population-weighted, NaN without population
  };
  [[nodiscard]] std::map<std::string, Reach> reach(territory::Level level, double radius_km,
                                                   const std::string& only = "") const;
};

// The snapshot of `store_path`, rebuilt when the store's content changed since it was
// built (a new import or indicator build).
// Throws Error(missing_data) when the store has no indicators yet.
// When the store is watched (below), never builds on the caller's thread: returns the
// snapshot ready (the previous one while a newer one is being built), or throws Preparing.
std::shared_ptr<const Snapshot> snapshot(const std::filesystem::path& store_path);

// Thrown while the first snapshot of a watched store is being built (the server answers
// 503 with Retry-After).
class Preparing : public Error {
 public:
  explicit Preparing(const std::string& message) : Error(ExitCode::missing_data, message) {}
};

// Background preparation for the server: a thread builds the snapshot of `store_path` at
// once, then checks every `poll` whether the store's content changed and builds a new one
// (requests keep the previous one meanwhile). Counted: the thread stops at the unwatch() that
// matches the first watch().
void watch(const std::filesystem::path& store_path, std::chrono::milliseconds poll = std::chrono::milliseconds(1000));
void unwatch(const std::filesystem::path& store_path);

struct SnapshotState {
  bool watched = false;
  bool ready = false;     // a snapshot is available
  bool building = false;  // a build is running
  std::string error;      // why the last build failed (e.g. the store has not been imported)
  // Changes whenever what the store holds changes (a new snapshot, or a failed build of a
  // changed store): answers cached under an older generation are stale.
  std::uint64_t generation = 0;
};
SnapshotState snapshot_state(const std::filesystem::path& store_path);
// The generation counter of a watched store, to read on every request without a lock; valid
// until unwatch(). nullptr when the store is not watched.
const std::atomic<std::uint64_t>* generation_counter(const std::filesystem::path& store_path);

}  // namespace fabscope::app
