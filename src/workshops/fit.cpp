#include "workshops/fit.hpp"
#include "workshops/repository.hpp"

#include <fmt/format.h>
#include "io/toml.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/text.hpp"
#include "territory/indicators.hpp"
#include "territory/repository.hpp"
#include "territory/sphere.hpp"
#include "workshops/access.hpp"
#include "workshops/register.hpp"

namespace fabscope::workshops {

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_workshop_files();

SectorMapping SectorMapping::parse(const std::string& text, const std::string& label) {
  const toml::table root = io::parse_toml(text, label);
  SectorMapping m;
  ProblemList problems;
  for (const char* section : {"equipment", "kind"}) {
    const auto* t = root.get_as<toml::table>(section);
    if (t == nullptr) {
      problems.add({label, 0, 0, section}, "missing table");
      continue;
    }
    for (const auto& [key, node] : *t) {
      const std::string id(key.str());
      const auto line = static_cast<std::int64_t>(node.source().begin.line);
      const bool known = std::string_view(section) == "equipment"
                             ? std::find(std::begin(kEquipmentIds), std::end(kEquipmentIds), std::string_view(id)) !=
                                   std::end(kEquipmentIds)
                             : is_kind(id);
      if (!known)
        problems.add({label, line, 0, fmt::format("{}.{}", section, id)}, fmt::format("unknown {} id", section));
      SectorProfile p{};
      double total = 0;
      const auto* weights = node.as_table();
      if (weights == nullptr) {
        problems.add({label, line, 0, fmt::format("{}.{}", section, id)}, "expected { sector = weight, … }");
        continue;
      }
      for (const auto& [sector, w] : *weights) {
        const auto it = std::find(kSectors.begin(), kSectors.end(), std::string_view(sector.str()));
        const auto v = w.value<double>();
        if (it == kSectors.end() || !v || *v < 0) {
          problems.add({label, line, 0, fmt::format("{}.{}.{}", section, id, sector.str())},
                       "expected a sector (az, be, fz, gu, oq) with a weight ≥ 0");
          continue;
        }
        p[static_cast<std::size_t>(it - kSectors.begin())] = *v;
        total += *v;
      }
      if (total <= 0) {
        problems.add({label, line, 0, fmt::format("{}.{}", section, id)}, "weights sum to 0");
        continue;
      }
      for (auto& x : p) x /= total;
      (std::string_view(section) == "equipment" ? m.m_equipment : m.m_kind)[id] = p;
    }
  }
  problems.throw_if_any();
  return m;
}

const SectorMapping& SectorMapping::builtin() {
  static const SectorMapping m = [] {
    for (const auto& [name, text] : embedded_workshop_files()) {
      if (name == "workshop_sectors.toml") return parse(std::string(text), "data/workshop_sectors.toml");
    }
    throw Error(ExitCode::failure, "the built-in sector mapping is missing");
  }();
  return m;
}

std::optional<SectorProfile> SectorMapping::profile(const Workshop& w, std::string* basis) const {
  SectorProfile p{};
  std::size_t n = 0;
  if (w.equipment) {
    for (const auto& e : *w.equipment) {
      if (const auto it = m_equipment.find(e); it != m_equipment.end()) {
        for (std::size_t s = 0; s < p.size(); ++s) p[s] += it->second[s];
        ++n;
      }
    }
  }
  if (n > 0) {
    for (auto& x : p) x /= static_cast<double>(n);
    if (basis != nullptr) *basis = "equipment";
    return p;
  }
  if (w.kind) {
    if (const auto it = m_kind.find(*w.kind); it != m_kind.end()) {
      if (basis != nullptr) *basis = "kind";
      return it->second;
    }
  }
  return std::nullopt;
}

namespace {

WorkshopFit fit_without_access(store::Store& store, const Workshop& w, const std::string& commune) {
  WorkshopFit fit;
  fit.profile = SectorMapping::builtin().profile(w, &fit.basis);
  const auto place = territory::load_place(store, commune);
  const std::vector<std::pair<territory::Level, std::string>> levels = {
      {territory::Level::commune, commune},
      {territory::Level::epci, place ? place->epci : ""},
      {territory::Level::ze, place ? place->ze : ""}};
  const auto lq0 = *territory::indicator_index("lq_az");
  for (const auto& [level, code] : levels) {
    if (code.empty()) continue;
    const auto u = territory::load_unit(store, level, code);
    if (!u) continue;
    LevelFit lf{std::string(territory::level_id(level)), code, u->name, std::nullopt, {}};
    bool complete = true;
    double f = 0;
    for (std::size_t s = 0; s < 5; ++s) {
      lf.lq[s] = u->values[lq0 + s];
      if (fit.profile && (*fit.profile)[s] > 0) {
        if (std::isnan(lf.lq[s]))
          complete = false;
        else
          f += (*fit.profile)[s] * lf.lq[s];
      }
    }
    if (fit.profile && complete) lf.sector_fit = f;
    fit.levels.push_back(std::move(lf));
  }
  if (const auto u = territory::load_unit(store, territory::Level::commune, commune)) {
    const double dc = u->values[*territory::indicator_index("density_class")];
    if (!std::isnan(dc)) fit.density_class = static_cast<int>(dc);
  }
  // How typical this density class is for the workshops of the same kind in the register
  // (distinct workshops only).
  if (w.kind && fit.density_class) {
    std::size_t same = 0;
    for (const int c : density_classes_of_kind(store, *w.kind)) {
      ++fit.same_kind;
      same += c == *fit.density_class ? 1 : 0;
    }
    if (fit.same_kind > 0) fit.density_typicality = static_cast<double>(same) / static_cast<double>(fit.same_kind);
  }
  return fit;
}

}  // namespace

AccessContext access_context(store::Store& store) {
  AccessContext c;
  c.inputs = load_access_inputs(store);
  c.result = access_with(store, c.inputs, {});
  return c;
}

WorkshopFit compute_fit(store::Store& store, const Workshop& w, const std::string& commune, bool with_access) {
  if (!with_access) return fit_without_access(store, w, commune);
  return compute_fit(store, w, commune, access_context(store));
}

WorkshopFit compute_fit(store::Store& store, const Workshop& w, const std::string& commune,
                        const AccessContext& access) {
  auto fit = fit_without_access(store, w, commune);
  // Accessibility of its commune (2SFCA, 30 km, every distinct workshop).
  const auto& in = access.inputs;
  const auto& r = access.result;
  for (std::size_t i = 0; i < in.code.size(); ++i) {
    if (in.code[i] != commune) continue;
    if (!std::isnan(r.access_per_100k[i])) fit.access_per_100k = r.access_per_100k[i];
    // Nearest other workshop: from its own location, skipping itself.
    double best = text::kMissing;
    const double lat = w.latitude.value_or(in.lat[i]);
    const double lon = w.longitude.value_or(in.lon[i]);
    for (std::size_t j = 0; j < in.supply.size(); ++j) {
      if (in.supply_ids[j] == w.id) continue;
      const double d = territory::haversine_km(lat, lon, in.supply[j].latitude, in.supply[j].longitude);
      if (std::isnan(best) || d < best) best = d;
    }
    if (!std::isnan(best)) fit.nearest_other_km = best;
  }
  return fit;
}

}  // namespace fabscope::workshops
