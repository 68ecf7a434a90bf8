// The register's tables in the store (workshop, workshop_pair, workshop_laureate,
// workshop_access, migrations 0002-0003): every SQL statement of the workshops module and
// of its readers (the panel, the CLI, the server) is here, as named queries. The other
// files of src/workshops compute; they read and write through these functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/message.hpp"
#include "store/store.hpp"
#include "workshops/model.hpp"

namespace fabscope::workshops {

struct PairMatch;
struct PlacedRecord;
struct LaureateMatch;

struct WorkshopFilter {
  std::optional<std::string> kind, dep, source, commune;
  bool unplaced_only = false;
  bool laureates_only = false;  // matched to a laureate of the 2013 call
};

// One line of the register, with its commune's name and département.
struct WorkshopRow {
  std::string id, source, name;
  std::optional<std::string> kind, city, postcode, commune, commune_name, dep;
  std::optional<double> latitude, longitude;
  std::string method, note;
  std::optional<std::string> laureate;  // name of the 2013 laureate it is matched to
};

// A workshop as one: the canonical record of its duplicate group (`id` may be any member)
// completed by the others, with the group's member ids and the canonical placement.
struct MergedWorkshop {
  std::string canonical;
  std::vector<std::string> members;  // the other records merged into it
  Workshop workshop;
  WorkshopRow row;
};

std::vector<WorkshopRow> list_workshops(store::Store& store, const WorkshopFilter& filter);
// The full record (with provenance) and its placement; nullopt when the id is unknown.
std::optional<std::pair<Workshop, WorkshopRow>> load_workshop(store::Store& store, const std::string& id);
std::optional<MergedWorkshop> load_merged(store::Store& store, const std::string& id);

// ---- writing a source ------------------------------------------------------------------
// A workshop as stored: its record, its commune and method (empty when not placed), and
// its placement notes (language-neutral, core/message.hpp).
struct StoredWorkshop {
  const Workshop& workshop;  // outlives the StoredWorkshop (the caller's list)
  std::optional<std::string> commune;
  std::string method;
  std::vector<Message> notes;
};
// Replaces the workshops of `source` (inside the caller's transaction).
void replace_source_workshops(store::Store& store, const std::string& source,
                              const std::vector<StoredWorkshop>& workshops);

// ---- duplicates ------------------------------------------------------------------------
// Every record with its commune, by id.
std::vector<PlacedRecord> placed_records(store::Store& store);
// Replaces the merges (member id -> canonical id) and the pairs found.
void save_duplicates(store::Store& store, const std::map<std::string, std::string>& merged_into,
                     const std::vector<PairMatch>& pairs);
std::vector<PairMatch> load_pairs(store::Store& store);
// Each record's group: (id, canonical id, source), by id.
struct GroupMember {
  std::string id, canonical, source;
};
std::vector<GroupMember> duplicate_groups(store::Store& store);

struct RegisterCounts {
  int merged = 0, distinct = 0, candidates = 0;
};
RegisterCounts register_counts(store::Store& store);

// ---- laureates -------------------------------------------------------------------------
// A distinct, located workshop as the laureate matching sees it.
struct MatchEntry {
  std::string id, name, commune, dep;
  std::vector<std::string> aliases;  // its own and those of the records merged into it
};
std::vector<MatchEntry> laureate_candidates(store::Store& store);
// Replaces the matches (`names`: each laureate's name, in the order of `matches`).
void save_laureate_matches(store::Store& store, const std::vector<LaureateMatch>& matches,
                           const std::vector<std::string>& names);
std::vector<LaureateMatch> load_laureate_matches(store::Store& store);
// The laureate a distinct workshop is matched to.
struct LaureateOf {
  std::string name;    // the laureate's name as published
  std::string method;  // how it was matched (laureates.cpp)
  std::string note;    // the evidence of the match
};
std::optional<LaureateOf> laureate_of(store::Store& store, const std::string& workshop_id);

// ---- placement and territory -----------------------------------------------------------
struct GazetteerCommune {
  std::string code, name, postcodes, dep;
  double lat = 0, lon = 0;  // NaN when unknown
};
// The current communes with their centroid; throws missing_data before the territory import.
std::vector<GazetteerCommune> commune_gazetteer(store::Store& store);
// Density classes of the communes of the distinct workshops of this kind.
std::vector<int> density_classes_of_kind(store::Store& store, const std::string& kind);

// Distinct, placed workshops (id, commune, commune name) of a source and/or département
// (empty = all), by id.
struct PanelRow {
  std::string id, commune, commune_name;
};
std::vector<PanelRow> panel_workshops(store::Store& store, const std::string& source, const std::string& dep);

// ---- accessibility ---------------------------------------------------------------------
struct AccessCommune {
  std::string code, name, dep;
  double lat = 0, lon = 0, population = 0;
};
std::vector<AccessCommune> access_communes(store::Store& store);
// Distinct, placed workshops as supply: id, coordinates if given, commune, capacity (NaN).
struct SupplyRow {
  std::string id, commune;
  std::optional<std::pair<double, double>> position;
  double capacity = 0;
};
std::vector<SupplyRow> supply_rows(store::Store& store);
bool has_communes_and_workshops(store::Store& store);
struct StoredAccessRow {
  std::string code;
  double access_per_100k = 0, nearest_km = 0;
  bool white = false;
};
// Replaces the stored accessibility (rows, supplies without demand); clears it when `rows` is empty.
void save_access(store::Store& store, const std::vector<StoredAccessRow>& rows, std::size_t supplies_without_demand);
std::vector<StoredAccessRow> load_stored_access(store::Store& store, std::size_t* supplies_without_demand);

}  // namespace fabscope::workshops
