#include "workshops/access.hpp"
#include "workshops/repository.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "core/error.hpp"
#include "core/text.hpp"
#include "sources/france_services.hpp"
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

void add_public_help(AccessResult& result, const std::vector<double>& lat, const std::vector<double>& lon,
                     const std::vector<SupplyPoint>& help, double radius_km) {
  result.nearest_help_km.clear();
  result.white_help.clear();
  if (help.empty()) return;
  const std::size_t n = lat.size();
  std::vector<double> hlat, hlon;
  for (const auto& s : help) {
    hlat.push_back(s.latitude);
    hlon.push_back(s.longitude);
  }
  const territory::SphereIndex sites(hlat, hlon);
  result.nearest_help_km.assign(n, text::kMissing);
  result.white_help.assign(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(lat[i]) || std::isnan(lon[i])) continue;
    const auto [j, km] = sites.nearest(lat[i], lon[i]);
    if (j < 0) continue;
    const auto k = static_cast<std::size_t>(j);
    result.nearest_help_km[i] = territory::haversine_km(lat[i], lon[i], hlat[k], hlon[k]);
    result.white_help[i] = result.white[i] && result.nearest_help_km[i] > radius_km;
  }
}

std::vector<WhiteZoneRow> white_zones(const std::vector<std::string>& dep, const std::vector<double>& lat,
                                      const std::vector<double>& population, const AccessResult& access) {
  std::map<std::string, WhiteZoneRow> rows;
  const bool help = !access.white_help.empty();
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
    if (help && access.white_help[i]) {
      ++row.white_help_communes;
      row.white_help_population += p;
    }
  }
  std::vector<WhiteZoneRow> out;
  for (auto& [d, row] : rows) {
    row.white_share = row.population > 0 ? row.white_population / row.population : text::kMissing;
    row.white_help_share = help && row.population > 0 ? row.white_help_population / row.population : text::kMissing;
    if (!help) row.white_help_population = text::kMissing;
    out.push_back(row);
  }
  return out;
}

AccessInputs load_access_inputs(store::Store& store) {
  AccessInputs in;
  std::unordered_map<std::string, std::size_t> index;
  for (auto& c : access_communes(store)) {
    index.emplace(c.code, in.code.size());
    in.code.push_back(std::move(c.code));
    in.name.push_back(std::move(c.name));
    in.dep.push_back(std::move(c.dep));
    in.lat.push_back(c.lat);
    in.lon.push_back(c.lon);
    in.population.push_back(c.population);
  }
  for (auto& w : supply_rows(store)) {
    SupplyPoint s;
    if (w.capacity > 0) s.capacity = w.capacity;  // NaN (unknown) keeps the default of 1
    if (w.position) {
      s.latitude = w.position->first;
      s.longitude = w.position->second;
    } else {
      const auto it = index.find(w.commune);
      if (it == index.end() || std::isnan(in.lat[it->second])) continue;
      s.latitude = in.lat[it->second];
      s.longitude = in.lon[it->second];
    }
    in.supply.push_back(s);
    in.supply_ids.push_back(std::move(w.id));
  }
  for (auto& site : sources::load_france_services(store)) {
    SupplyPoint s;
    if (!std::isnan(site.latitude) && !std::isnan(site.longitude)) {
      s.latitude = site.latitude;
      s.longitude = site.longitude;
    } else {
      const auto it = index.find(site.commune);
      if (it == index.end() || std::isnan(in.lat[it->second])) {
        ++in.help_unplaced;
        continue;
      }
      s.latitude = in.lat[it->second];
      s.longitude = in.lon[it->second];
    }
    in.help.push_back(s);
    in.help_ids.push_back(std::move(site.id));
    in.help_names.push_back(std::move(site.name));
  }
  return in;
}

void store_access(store::Store& store) {
  // Without communes there is nothing to reach; without workshops the result is trivial
  // (every commune white), which readers compute rather than store.
  if (!has_communes_and_workshops(store)) {
    save_access(store, {}, 0);
    return;
  }
  const auto in = load_access_inputs(store);
  const auto r = two_step_fca(in.lat, in.lon, in.population, in.supply, {});
  std::vector<StoredAccessRow> rows;
  rows.reserve(in.code.size());
  for (std::size_t i = 0; i < in.code.size(); ++i) {
    rows.push_back({in.code[i], r.access_per_100k[i], r.nearest_km[i], r.white[i]});
  }
  save_access(store, rows, r.supplies_without_demand);
}

AccessResult stored_access(store::Store& store, const AccessInputs& inputs) {
  std::size_t supplies_without_demand = 0;
  const auto rows = load_stored_access(store, &supplies_without_demand);
  const std::size_t n = inputs.code.size();
  bool matches = rows.size() == n;
  for (std::size_t i = 0; matches && i < n; ++i) matches = rows[i].code == inputs.code[i];
  if (!matches) return two_step_fca(inputs.lat, inputs.lon, inputs.population, inputs.supply, {});
  AccessResult r;
  r.access_per_100k.reserve(n);
  r.nearest_km.reserve(n);
  r.white.reserve(n);
  for (const auto& row : rows) {
    r.access_per_100k.push_back(row.access_per_100k);
    r.nearest_km.push_back(row.nearest_km);
    r.white.push_back(row.white);
  }
  r.supplies_without_demand = supplies_without_demand;
  return r;
}

AccessResult access_with(store::Store& store, const AccessInputs& inputs, const AccessOptions& options) {
  const AccessOptions defaults;
  auto r = options.radius_km == defaults.radius_km && options.decay == defaults.decay
               ? stored_access(store, inputs)
               : two_step_fca(inputs.lat, inputs.lon, inputs.population, inputs.supply, options);
  add_public_help(r, inputs.lat, inputs.lon, inputs.help, options.radius_km);
  return r;
}

}  // namespace fabscope::workshops
