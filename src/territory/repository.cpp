#include "territory/repository.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>

#include "core/error.hpp"
#include "core/text.hpp"

namespace fabscope::territory {
namespace {

std::string columns() {
  std::string out;
  for (const auto& d : indicators()) out += fmt::format(", {}", d.id);
  return out;
}

Unit read_unit(SQLite::Statement& st) {
  Unit u;
  u.level = *parse_level(st.getColumn(0).getString());
  u.code = st.getColumn(1).getString();
  u.name = st.getColumn(2).getString();
  u.n_communes = st.getColumn(3).getInt();
  for (std::size_t k = 0; k < kIndicatorCount; ++k) {
    const auto col = st.getColumn(static_cast<int>(4 + k));
    u.values[k] = col.isNull() ? text::kMissing : col.getDouble();
  }
  u.missing.fill(0);
  const auto missing = nlohmann::json::parse(st.getColumn(static_cast<int>(4 + kIndicatorCount)).getString());
  for (const auto& [id, n] : missing.items()) {
    if (const auto k = indicator_index(id)) u.missing[*k] = n.get<int>();
  }
  return u;
}

std::string select_sql() { return "SELECT level, code, name, n_communes" + columns() + ", missing FROM territory"; }

}  // namespace

const std::vector<std::string>& result_tables() {
  static const std::vector<std::string> kTables = {"territory", "territory_commune", "territory_build"};
  return kTables;
}

void write_results(SQLite::Database& db, const TerritoryResult& result, const CommuneFrame& frame,
                   const std::string& inputs_json) {
  std::string sql = "INSERT INTO territory (level, code, name, n_communes" + columns() + ", missing) VALUES (?,?,?,?";
  for (std::size_t k = 0; k <= kIndicatorCount; ++k) sql += ",?";
  sql += ")";
  SQLite::Statement st(db, sql);
  std::string missing;
  for (const auto level : kAllLevels) {
    const std::string level_text(level_id(level));
    for (const auto& u : result.at(level)) {
      st.bindNoCopy(1, level_text);
      st.bindNoCopy(2, u.code);
      st.bindNoCopy(3, u.name);
      st.bind(4, u.n_communes);
      for (std::size_t k = 0; k < kIndicatorCount; ++k) {
        if (std::isnan(u.values[k])) {
          st.bind(static_cast<int>(5 + k));
        } else {
          st.bind(static_cast<int>(5 + k), u.values[k]);
        }
      }
      missing = "{";
      for (std::size_t k = 0; k < kIndicatorCount; ++k) {
        if (u.missing[k] > 0)
          missing += fmt::format("{}\"{}\":{}", missing.size() > 1 ? "," : "", indicators()[k].id, u.missing[k]);
      }
      missing += "}";
      st.bindNoCopy(static_cast<int>(5 + kIndicatorCount), missing);
      st.exec();
      st.reset();
    }
  }
  SQLite::Statement c(db, "INSERT INTO territory_commune VALUES (?,?,?,?,?,?,?)");
  for (std::size_t i = 0; i < frame.size(); ++i) {
    c.bindNoCopy(1, frame.code[i]);
    c.bindNoCopy(2, frame.epci[i]);
    c.bindNoCopy(3, frame.ze[i]);
    c.bindNoCopy(4, frame.dep[i]);
    c.bindNoCopy(5, frame.reg[i]);
    if (std::isnan(frame.lat[i])) {
      c.bind(6);
      c.bind(7);
    } else {
      c.bind(6, frame.lat[i]);
      c.bind(7, frame.lon[i]);
    }
    c.exec();
    c.reset();
  }
  SQLite::Statement b(db, "INSERT INTO territory_build VALUES (1, ?, ?, ?)");
  b.bind(1, store::now_iso8601());
  b.bind(2, inputs_json);
  b.bind(3, result.notes.empty() ? std::string("[]") : encode(result.notes));
  b.exec();
}

void save(store::Store& store, const TerritoryResult& result, const CommuneFrame& frame,
          const std::string& inputs_json) {
  auto& db = store.db();
  store::Savepoint tx(db, "save_territory");
  for (const auto& t : result_tables()) db.exec("DELETE FROM " + t);
  write_results(db, result, frame, inputs_json);
  tx.release();
}

bool has_level(store::Store& store, Level level) {
  SQLite::Statement st(store.db(), "SELECT EXISTS (SELECT 1 FROM territory WHERE level = ?)");
  st.bind(1, std::string(level_id(level)));
  return st.executeStep() && st.getColumn(0).getInt() != 0;
}

bool has_results(store::Store& store) {
  return store.db().execAndGet("SELECT count(*) FROM territory_build").getInt() > 0;
}

std::optional<BuildInfo> build_info(store::Store& store) {
  SQLite::Statement st(store.db(), "SELECT computed_at, inputs, notes FROM territory_build");
  if (!st.executeStep()) return std::nullopt;
  BuildInfo b;
  b.computed_at = st.getColumn(0).getString();
  b.inputs_json = st.getColumn(1).getString();
  const auto stored = st.getColumn(2).getString();
  // Stores built before notes had ids hold a JSON array of texts.
  const auto j = nlohmann::json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (j.is_array() && !j.empty() && j.front().is_string()) {
    for (const auto& t : j) b.notes.push_back({"", {t.is_string() ? t.get<std::string>() : t.dump()}});
  } else if (stored != "[]") {
    b.notes = decode(stored);
  }
  return b;
}

std::vector<Unit> load_level(store::Store& store, Level level) {
  SQLite::Statement st(store.db(), select_sql() + " WHERE level = ? ORDER BY code");
  st.bind(1, std::string(level_id(level)));
  std::vector<Unit> out;
  while (st.executeStep()) out.push_back(read_unit(st));
  return out;
}

std::optional<Unit> load_unit(store::Store& store, Level level, const std::string& code) {
  SQLite::Statement st(store.db(), select_sql() + " WHERE level = ? AND code = ?");
  st.bind(1, std::string(level_id(level)));
  st.bind(2, code);
  if (!st.executeStep()) return std::nullopt;
  return read_unit(st);
}

namespace {
CommunePlace place_of(SQLite::Statement& st) {
  CommunePlace p;
  p.epci = st.getColumn(0).getString();
  p.ze = st.getColumn(1).getString();
  p.dep = st.getColumn(2).getString();
  p.reg = st.getColumn(3).getString();
  p.latitude = st.getColumn(4).isNull() ? text::kMissing : st.getColumn(4).getDouble();
  p.longitude = st.getColumn(5).isNull() ? text::kMissing : st.getColumn(5).getDouble();
  return p;
}
}  // namespace

std::optional<CommunePlace> load_place(store::Store& store, const std::string& code) {
  SQLite::Statement st(store.db(),
                       "SELECT epci, ze, dep, reg, latitude, longitude FROM territory_commune WHERE code = ?");
  st.bind(1, code);
  if (!st.executeStep()) return std::nullopt;
  return place_of(st);
}

std::unordered_map<std::string, CommunePlace> load_places(store::Store& store) {
  std::unordered_map<std::string, CommunePlace> out;
  SQLite::Statement st(store.db(), "SELECT epci, ze, dep, reg, latitude, longitude, code FROM territory_commune");
  while (st.executeStep()) out.emplace(st.getColumn(6).getString(), place_of(st));
  return out;
}

std::vector<Unit> search(store::Store& store, const std::string& query, std::optional<Level> level, std::size_t limit) {
  std::vector<Unit> exact;
  std::vector<Unit> partial;
  const std::string needle = text::search_key(query);
  const std::string trimmed(text::trim(query));
  SQLite::Statement st(store.db(), select_sql() + (level ? " WHERE level = ?" : "") + " ORDER BY population DESC");
  if (level) st.bind(1, std::string(level_id(*level)));
  while (st.executeStep()) {
    const std::string code = st.getColumn(1).getString();
    const std::string name = text::search_key(st.getColumn(2).getString());
    if (code == trimmed || (!needle.empty() && name == needle)) {
      exact.push_back(read_unit(st));
    } else if (partial.size() < limit && !needle.empty() && text::matches_all_words(name, needle)) {
      partial.push_back(read_unit(st));
    }
  }
  exact.insert(exact.end(), partial.begin(), partial.end());
  if (exact.size() > limit) exact.resize(limit);
  return exact;
}

std::optional<CommuneAlias> commune_alias(store::Store& store, const std::string& code) {
  SQLite::Statement st(store.db(),
                       "SELECT code, name, type, parent FROM cog_commune WHERE code = ? AND type <> 'commune-actuelle' "
                       "AND parent <> '' ORDER BY type LIMIT 1");
  st.bind(1, code);
  if (st.executeStep()) {
    return CommuneAlias{st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                        st.getColumn(3).getString()};
  }
  SQLite::Statement old(store.db(),
                        "SELECT code FROM cog_commune WHERE type = 'commune-actuelle' AND "
                        "(' ' || old_codes || ' ') LIKE ('% ' || ? || ' %') AND code <> ? LIMIT 1");
  old.bind(1, code);
  old.bind(2, code);
  if (old.executeStep()) return CommuneAlias{code, "", "ancien-code", old.getColumn(0).getString()};
  return std::nullopt;
}

std::vector<CommuneAlias> search_aliases(store::Store& store, const std::string& query, std::size_t limit) {
  const std::string needle = text::search_key(query);
  std::vector<CommuneAlias> out;
  if (needle.empty()) return out;
  SQLite::Statement st(store.db(),
                       "SELECT code, name, type, parent FROM cog_commune WHERE type <> 'commune-actuelle' AND "
                       "parent <> '' ORDER BY coalesce(population, 0) DESC, code");
  while (st.executeStep() && out.size() < limit) {
    if (!text::matches_all_words(text::search_key(st.getColumn(1).getString()), needle)) continue;
    out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                   st.getColumn(3).getString()});
  }
  return out;
}

}  // namespace fabscope::territory
