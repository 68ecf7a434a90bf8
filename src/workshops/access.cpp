#include "workshops/access.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "core/error.hpp"
#include "core/text.hpp"
#include "territory/sphere.hpp"

namespace fabscope::workshops {

double gaussian_weight(double d_km, double radius_km) {
  if (d_km > radius_km) return 0;
  const double e = std::exp(-0.5);
  return (std::exp(-0.5 * (d_km / radius_km) * (d_km / radius_km)) - e) / (1 - e);
}

AccessResult two_step_fca(const std::vector<double>& lat, const std::vector<double>& lon,
                          const std::vector<double>& population, const std::vector<SupplyPoint>& supply,
                          const AccessOptions& options) {
  const std::size_t n = lat.size();
  const double d0 = options.radius_km;
  auto weight = [&](double d) { return options.decay == Decay::gaussian ? gaussian_weight(d, d0) : 1.0; };
  AccessResult r;
  r.access_per_100k.assign(n, text::kMissing);
  r.nearest_km.assign(n, text::kMissing);
  r.white.assign(n, false);
  const territory::SphereIndex demand(lat, lon);
  // Step 1: each supply's ratio to the (weighted) population within its catchment.
  std::vector<double> ratio(supply.size(), text::kMissing);
  std::vector<std::vector<std::pair<unsigned, double>>> reached(supply.size());
  std::vector<std::pair<unsigned, double>> found;
  for (std::size_t j = 0; j < supply.size(); ++j) {
    const auto& s = supply[j];
    demand.within(s.latitude, s.longitude, d0, found);
    double denom = 0;
    for (const auto& [i, chord2] : found) {
      (void)chord2;
      const double d = territory::haversine_km(lat[i], lon[i], s.latitude, s.longitude);
      if (d > d0) continue;
      reached[j].emplace_back(i, d);
      if (!std::isnan(population[i])) denom += weight(d) * population[i];
    }
    if (denom > 0) {
      ratio[j] = s.capacity / denom;
    } else {
      ++r.supplies_without_demand;
    }
  }
  // Step 2: each commune sums the ratios of the supplies whose catchment reaches it.
  std::vector<double> access(n, 0.0);
  for (std::size_t j = 0; j < supply.size(); ++j) {
    if (std::isnan(ratio[j])) continue;
    for (const auto& [i, d] : reached[j]) access[i] += weight(d) * ratio[j];
  }
  std::vector<double> slat, slon;
  for (const auto& s : supply) {
    slat.push_back(s.latitude);
    slon.push_back(s.longitude);
  }
  const territory::SphereIndex supplies(slat, slon);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(lat[i]) || std::isnan(lon[i])) continue;
    r.access_per_100k[i] = 100000.0 * access[i];
    const auto [j, km] = supplies.nearest(lat[i], lon[i]);
    if (j >= 0) {
      // Exact great-circle distance to the nearest supply.
      r.nearest_km[i] =
          territory::haversine_km(lat[i], lon[i], slat[static_cast<std::size_t>(j)], slon[static_cast<std::size_t>(j)]);
    }
    r.white[i] = j < 0 || r.nearest_km[i] > d0;
  }
  return r;
}

std::vector<WhiteZoneRow> white_zones(const std::vector<std::string>& dep, const std::vector<double>& lat,
                                      const std::vector<double>& population, const AccessResult& access) {
  std::map<std::string, WhiteZoneRow> rows;
  for (std::size_t i = 0; i < dep.size(); ++i) {
    if (std::isnan(lat[i])) continue;
    auto& row = rows[dep[i]];
    row.dep = dep[i];
    ++row.communes;
    const double p = std::isnan(population[i]) ? 0.0 : population[i];
    row.population += p;
    if (access.white[i]) {
      ++row.white_communes;
      row.white_population += p;
    }
  }
  std::vector<WhiteZoneRow> out;
  for (auto& [d, row] : rows) {
    row.white_share = row.population > 0 ? row.white_population / row.population : text::kMissing;
    out.push_back(row);
  }
  return out;
}

AccessInputs load_access_inputs(store::Store& store) {
  AccessInputs in;
  auto& db = store.db();
  SQLite::Statement st(db,
                       "SELECT t.code, t.name, c.dep, c.latitude, c.longitude, t.population FROM territory t "
                       "JOIN territory_commune c ON c.code = t.code WHERE t.level = 'commune' ORDER BY t.code");
  std::unordered_map<std::string, std::size_t> index;
  while (st.executeStep()) {
    index.emplace(st.getColumn(0).getString(), in.code.size());
    in.code.push_back(st.getColumn(0).getString());
    in.name.push_back(st.getColumn(1).getString());
    in.dep.push_back(st.getColumn(2).getString());
    auto real = [&](int k) { return st.getColumn(k).isNull() ? text::kMissing : st.getColumn(k).getDouble(); };
    in.lat.push_back(real(3));
    in.lon.push_back(real(4));
    in.population.push_back(real(5));
  }
  if (in.code.empty())
    throw Error(ExitCode::missing_data, "the territory has not been imported: run `fabscope import --all` first");
  SQLite::Statement w(db,
                      "SELECT id, latitude, longitude, commune, json_extract(record, '$.capacity') FROM workshop "
                      "WHERE commune IS NOT NULL AND merged_into IS NULL ORDER BY id");
  while (w.executeStep()) {
    SupplyPoint s;
    if (!w.getColumn(4).isNull() && w.getColumn(4).getDouble() > 0) s.capacity = w.getColumn(4).getDouble();
    if (!w.getColumn(1).isNull()) {
      s.latitude = w.getColumn(1).getDouble();
      s.longitude = w.getColumn(2).getDouble();
    } else {
      const auto it = index.find(w.getColumn(3).getString());
      if (it == index.end() || std::isnan(in.lat[it->second])) continue;
      s.latitude = in.lat[it->second];
      s.longitude = in.lon[it->second];
    }
    in.supply.push_back(s);
    in.supply_ids.push_back(w.getColumn(0).getString());
  }
  return in;
}

void store_access(store::Store& store) {
  auto& db = store.db();
  store::Savepoint sp(db, "store_access");
  db.exec("DELETE FROM workshop_access");
  db.exec("DELETE FROM workshop_access_meta");
  // Without communes there is nothing to reach; without workshops the result is trivial
  // (every commune white), which readers compute rather than store.
  if (db.execAndGet("SELECT NOT EXISTS (SELECT 1 FROM territory WHERE level = 'commune') OR "
                    "NOT EXISTS (SELECT 1 FROM workshop)")
          .getInt() != 0) {
    sp.release();
    return;
  }
  const auto in = load_access_inputs(store);
  const auto r = two_step_fca(in.lat, in.lon, in.population, in.supply, {});
  SQLite::Statement ins(db, "INSERT INTO workshop_access VALUES (?,?,?,?)");
  auto real = [&](int k, double v) {
    if (std::isnan(v)) {
      ins.bind(k);
    } else {
      ins.bind(k, v);
    }
  };
  for (std::size_t i = 0; i < in.code.size(); ++i) {
    ins.bind(1, in.code[i]);
    real(2, r.access_per_100k[i]);
    real(3, r.nearest_km[i]);
    ins.bind(4, r.white[i] ? 1 : 0);
    ins.exec();
    ins.reset();
  }
  SQLite::Statement meta(db, "INSERT INTO workshop_access_meta VALUES ('supplies_without_demand', ?)");
  meta.bind(1, static_cast<std::int64_t>(r.supplies_without_demand));
  meta.exec();
  sp.release();
}

AccessResult stored_access(store::Store& store, const AccessInputs& inputs) {
  const std::size_t n = inputs.code.size();
  AccessResult r;
  r.access_per_100k.reserve(n);
  r.nearest_km.reserve(n);
  r.white.reserve(n);
  auto& db = store.db();
  SQLite::Statement st(db, "SELECT code, access_per_100k, nearest_km, white FROM workshop_access ORDER BY code");
  auto real = [&](int k) { return st.getColumn(k).isNull() ? text::kMissing : st.getColumn(k).getDouble(); };
  auto computed = [&] { return two_step_fca(inputs.lat, inputs.lon, inputs.population, inputs.supply, {}); };
  std::size_t i = 0;
  for (; st.executeStep(); ++i) {
    if (i >= n || inputs.code[i] != st.getColumn(0).getText()) return computed();
    r.access_per_100k.push_back(real(1));
    r.nearest_km.push_back(real(2));
    r.white.push_back(st.getColumn(3).getInt() != 0);
  }
  if (i != n) return computed();
  SQLite::Statement meta(db, "SELECT value FROM workshop_access_meta WHERE key = 'supplies_without_demand'");
  if (meta.executeStep()) r.supplies_without_demand = static_cast<std::size_t>(meta.getColumn(0).getInt64());
  return r;
}

AccessResult access_with(store::Store& store, const AccessInputs& inputs, const AccessOptions& options) {
  const AccessOptions defaults;
  if (options.radius_km == defaults.radius_km && options.decay == defaults.decay) return stored_access(store, inputs);
  return two_step_fca(inputs.lat, inputs.lon, inputs.population, inputs.supply, options);
}

}  // namespace fabscope::workshops
