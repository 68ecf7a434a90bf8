// Reading and writing the derived territory tables of the store.
#pragma once

#include "core/message.hpp"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/store.hpp"
#include "territory/compute.hpp"

namespace fabscope::territory {

struct BuildInfo {
  std::string computed_at;
  std::string inputs_json;     // dataset id -> sha256
  std::vector<Message> notes;  // texts: territory::import_messages()
};

// The tables holding the results: territory, territory_commune, territory_build.
[[nodiscard]] const std::vector<std::string>& result_tables();
// Inserts the results into empty result tables of `db` (the store, or a store::Stage).
void write_results(SQLite::Database& db, const TerritoryResult& result, const CommuneFrame& frame,
                   const std::string& inputs_json);
// Replaces the result tables of the store (a savepoint: all or nothing).
void save(store::Store& store, const TerritoryResult& result, const CommuneFrame& frame,
          const std::string& inputs_json);

[[nodiscard]] bool has_results(store::Store& store);
// Results of a store built before France was a level have none: they are rebuilt.
[[nodiscard]] bool has_level(store::Store& store, Level level);
[[nodiscard]] std::optional<BuildInfo> build_info(store::Store& store);
[[nodiscard]] std::vector<Unit> load_level(store::Store& store, Level level);
[[nodiscard]] std::optional<Unit> load_unit(store::Store& store, Level level, const std::string& code);

struct CommunePlace {
  std::string epci, ze, dep, reg;
  double latitude = 0, longitude = 0;
};
[[nodiscard]] std::optional<CommunePlace> load_place(store::Store& store, const std::string& code);
// Every commune's place, by code.
[[nodiscard]] std::unordered_map<std::string, CommunePlace> load_places(store::Store& store);

// Units whose code equals `query` or whose name contains every word of it, as people type
// names (text::search_key: accents, case, hyphens, "st"/"saint" and articles do not
// matter); exact names first, then by population.
[[nodiscard]] std::vector<Unit> search(store::Store& store, const std::string& query, std::optional<Level> level,
                                       std::size_t limit = 20);

// A code or name that is not a current commune but leads to one (COG 2026): a municipal
// arrondissement of Paris, Lyon or Marseille, a delegated or associated commune, or a
// former code of a commune that merged.
struct CommuneAlias {
  std::string code, name;  // the alias (name empty for a bare former code)
  std::string type;        // arrondissement-municipal, commune-deleguee, commune-associee, ancien-code
  std::string current;     // the current commune's code
};
[[nodiscard]] std::optional<CommuneAlias> commune_alias(store::Store& store, const std::string& code);
// Aliases whose name contains every word of `query` (search_key), at most `limit`.
[[nodiscard]] std::vector<CommuneAlias> search_aliases(store::Store& store, const std::string& query,
                                                       std::size_t limit = 20);

}  // namespace fabscope::territory
