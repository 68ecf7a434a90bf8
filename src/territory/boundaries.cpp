#include "territory/boundaries.hpp"

#include <fmt/format.h>

#include <map>
#include <unordered_map>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "sources/importer.hpp"
#include "territory/codes.hpp"

namespace fabscope::territory {

namespace {

struct CommuneRow {
  std::string code, zone;
  std::array<std::string, 5> parent;  // by Level: itself, epci, ze, dep, reg
};

std::vector<CommuneRow> read_communes(store::Store& store) {
  std::unordered_map<std::string, std::string> zone;
  for (const auto& c : sources::load_cog_communes(store)) {
    if (c.type == "commune-actuelle") zone[c.code] = c.zone;
  }
  std::vector<CommuneRow> rows;
  SQLite::Statement st(store.db(),
                       "SELECT code, coalesce(epci,''), coalesce(ze,''), coalesce(dep,''), coalesce(reg,'') FROM "
                       "territory_commune ORDER BY code");
  while (st.executeStep()) {
    CommuneRow r;
    r.code = st.getColumn(0).getString();
    r.parent[0] = r.code;
    for (int k = 1; k < 5; ++k) r.parent[static_cast<std::size_t>(k)] = st.getColumn(k).getString();
    const auto z = zone.find(r.code);
    r.zone = z == zone.end() ? "" : z->second;
    rows.push_back(std::move(r));
  }
  return rows;
}

struct Polygon2018 {
  std::string code, name;
  geo::MultiPolygon shape;
};

std::vector<Polygon2018> read_polygons_2018(store::Store& store) {
  std::vector<Polygon2018> out;
  SQLite::Statement st(store.db(), "SELECT code, name, geometry FROM geo_commune_2018 ORDER BY code");
  while (st.executeStep()) {
    const auto blob = st.getColumn(2);
    const std::string code = st.getColumn(0).getString();
    out.push_back({code, st.getColumn(1).getString(),
                   geo::decode(std::string_view(static_cast<const char*>(blob.getBlob()),
                                                static_cast<std::size_t>(blob.getBytes())),
                               "geo_commune_2018 " + code)});
  }
  return out;
}

}  // namespace

BoundaryBuild build_boundaries(store::Store& store, unsigned threads) {
  if (!store.has_table("geo_commune_2018")) {
    throw Error(ExitCode::missing_data, "no commune polygons in the store: import ign_communes_2018 first");
  }
  const auto communes = read_communes(store);
  if (communes.empty()) throw Error(ExitCode::missing_data, "no territory results: import the COG first");
  const auto polygons = read_polygons_2018(store);
  // Each 2018 polygon goes to the COG 2026 commune its code maps to.
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < communes.size(); ++i) index.emplace(communes[i].code, i);
  const CodeMap map(sources::load_cog_communes(store), index);
  std::vector<std::vector<const geo::MultiPolygon*>> parts(communes.size());
  BoundaryBuild build;
  for (const auto& p : polygons) {
    const auto pos = map.find(p.code);
    if (pos < 0) {
      ++build.unmapped_2018;
    } else {
      parts[static_cast<std::size_t>(pos)].push_back(&p.shape);
    }
  }
  // Groups of every level: a commune with one part needs no union.
  struct Group {
    Level level;
    std::string code;
    std::vector<const geo::MultiPolygon*> parts;
  };
  std::vector<Group> groups;
  std::vector<std::pair<Level, std::string>> single;  // one part: stored as it is
  std::vector<const geo::MultiPolygon*> single_shape;
  for (std::size_t i = 0; i < communes.size(); ++i) {
    if (parts[i].empty()) {
      build.without_polygon.emplace_back(communes[i].code, communes[i].zone == "com" ? "overseas_collectivity" : "no_polygon_2018");
    } else if (parts[i].size() == 1) {
      single.emplace_back(Level::commune, communes[i].code);
      single_shape.push_back(parts[i].front());
    } else {
      groups.push_back({Level::commune, communes[i].code, parts[i]});
    }
  }
  for (const auto level : {Level::epci, Level::ze, Level::dep, Level::reg}) {
    std::map<std::string, std::vector<const geo::MultiPolygon*>> by_unit;
    for (std::size_t i = 0; i < communes.size(); ++i) {
      const auto& unit = communes[i].parent[static_cast<std::size_t>(level)];
      if (unit.empty() || parts[i].empty()) continue;
      auto& g = by_unit[unit];
      g.insert(g.end(), parts[i].begin(), parts[i].end());
    }
    for (auto& [code, g] : by_unit) groups.push_back({level, code, std::move(g)});
  }
  std::vector<std::vector<const geo::MultiPolygon*>> work;
  work.reserve(groups.size());
  for (const auto& g : groups) work.push_back(g.parts);
  Progress progress("Contours (GEOS)", static_cast<std::int64_t>(work.size()));
  std::int64_t done = 0;
  const auto shapes = geo::dissolve_all(work, threads, [&] { progress.update(++done); });
  progress.finish();

  store::Savepoint sp(store, "boundaries");
  store.db().exec("DELETE FROM territory_boundary; DELETE FROM territory_boundary_missing;");
  SQLite::Statement ins(store.db(), "INSERT INTO territory_boundary (level, code, geometry) VALUES (?,?,?)");
  const auto put = [&](Level level, const std::string& code, const geo::MultiPolygon& shape) {
    const auto bytes = geo::encode(shape);
    ins.bind(1, std::string(level_id(level)));
    ins.bind(2, code);
    ins.bind(3, bytes.data(), static_cast<int>(bytes.size()));
    ins.exec();
    ins.reset();
    ++build.units[static_cast<std::size_t>(level)];
  };
  for (std::size_t i = 0; i < single.size(); ++i) put(single[i].first, single[i].second, *single_shape[i]);
  for (std::size_t i = 0; i < groups.size(); ++i) put(groups[i].level, groups[i].code, shapes[i]);
  SQLite::Statement miss(store.db(), "INSERT INTO territory_boundary_missing (code, reason) VALUES (?,?)");
  for (const auto& [code, reason] : build.without_polygon) {
    miss.bind(1, code);
    miss.bind(2, reason);
    miss.exec();
    miss.reset();
  }
  sp.release();
  return build;
}

bool has_boundaries(store::Store& store, Level level) {
  if (!store.has_table("territory_boundary")) return false;
  SQLite::Statement st(store.db(), "SELECT 1 FROM territory_boundary WHERE level = ? LIMIT 1");
  st.bind(1, std::string(level_id(level)));
  return st.executeStep();
}

std::vector<Boundary> load_boundaries(store::Store& store, Level level) {
  std::vector<Boundary> out;
  if (!store.has_table("territory_boundary")) return out;
  SQLite::Statement st(store.db(),
                       "SELECT b.code, coalesce(t.name, b.code), b.geometry FROM territory_boundary b LEFT JOIN "
                       "territory t ON t.level = b.level AND t.code = b.code WHERE b.level = ? ORDER BY b.code");
  st.bind(1, std::string(level_id(level)));
  while (st.executeStep()) {
    const auto blob = st.getColumn(2);
    Boundary b;
    b.code = st.getColumn(0).getString();
    b.name = st.getColumn(1).getString();
    b.shape = geo::decode(
        std::string_view(static_cast<const char*>(blob.getBlob()), static_cast<std::size_t>(blob.getBytes())),
        fmt::format("territory_boundary {} {}", level_id(level), b.code));
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> communes_without_polygon(store::Store& store) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!store.has_table("territory_boundary_missing")) return out;
  SQLite::Statement st(store.db(), "SELECT code, reason FROM territory_boundary_missing ORDER BY code");
  while (st.executeStep()) out.emplace_back(st.getColumn(0).getString(), st.getColumn(1).getString());
  return out;
}

}  // namespace fabscope::territory
