#include "referential/panel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "core/text.hpp"
#include "territory/indicators.hpp"
#include "territory/repository.hpp"
#include "territory/sphere.hpp"
#include "workshops/access.hpp"
#include "workshops/duplicates.hpp"
#include "workshops/fit.hpp"
#include "workshops/register.hpp"

namespace fabscope::referential {

Panel build_panel(store::Store& store, const Referential& ref, const workshops::AccessContext& access,
                  const PanelFilter& filter) {
  Panel p;
  const std::size_t m = ref.indicators.size();
  auto& db = store.db();
  // Distinct, placed workshops.
  std::string sql =
      "SELECT w.id, w.commune, c.name, c.departement FROM workshop w JOIN cog_commune c ON c.code = w.commune "
      "AND c.type = 'commune-actuelle' WHERE w.merged_into IS NULL";
  if (!filter.source.empty()) sql += " AND w.source = ?";
  if (!filter.dep.empty()) sql += " AND c.departement = ?";
  sql += " ORDER BY w.id";
  SQLite::Statement st(db, sql);
  int bind = 1;
  if (!filter.source.empty()) st.bind(bind++, filter.source);
  if (!filter.dep.empty()) st.bind(bind++, filter.dep);
  std::vector<std::pair<std::string, std::string>> rows;
  std::vector<std::string> names;
  while (st.executeStep()) {
    rows.emplace_back(st.getColumn(0).getString(), st.getColumn(1).getString());
    names.push_back(st.getColumn(2).getString());
  }
  const auto& in = access.inputs;
  std::unordered_map<std::string, std::size_t> commune_index;
  for (std::size_t i = 0; i < in.code.size(); ++i) commune_index.emplace(in.code[i], i);
  const territory::SphereIndex supply_index = [&] {
    std::vector<double> lat, lon;
    for (const auto& s : in.supply) {
      lat.push_back(s.latitude);
      lon.push_back(s.longitude);
    }
    return territory::SphereIndex(lat, lon);
  }();
  std::map<std::pair<std::string, std::string>, std::optional<territory::Unit>> unit_cache;
  auto territory_value = [&](const std::string& level, const std::string& code, std::size_t indicator) {
    if (code.empty()) return text::kMissing;
    auto& u = unit_cache[{level, code}];
    if (!u) u = territory::load_unit(store, *territory::parse_level(level), code);
    return u ? u->values[indicator] : text::kMissing;
  };
  p.values.assign(rows.size() * m, text::kMissing);
  p.with_data.assign(m, 0);
  for (std::size_t u = 0; u < rows.size(); ++u) {
    const auto& [id, commune] = rows[u];
    // The merged view of the workshop (its record completed by its duplicates).
    const auto w = workshops::load_merged(store, id)->workshop;
    p.units.push_back({id, w.name, commune, names[u], w.kind.value_or("")});
    const auto place = territory::load_place(store, commune);
    const auto fit = workshops::compute_fit(store, w, commune, /*with_access=*/false);
    auto opt = [](const auto& v) { return v ? static_cast<double>(*v) : text::kMissing; };
    auto fit_at = [&](const std::string& level) {
      for (const auto& lf : fit.levels) {
        if (lf.level == level) return opt(lf.sector_fit);
      }
      return text::kMissing;
    };
    auto revenue = [&](const char* key) {
      const auto it = w.revenues_eur.find(key);
      return it == w.revenues_eur.end() ? text::kMissing : it->second;
    };
    std::map<std::string, double> vars;
    for (std::size_t j = 0; j < m; ++j) {
      const auto& ind = ref.indicators[j];
      double v = text::kMissing;
      switch (ind.source.kind) {
        case SourceKind::territory: {
          const auto k = *territory::indicator_index(ind.source.name);
          const std::string& l = ind.source.level;
          const std::string code = l == "commune" ? commune
                                   : !place       ? std::string()
                                   : l == "epci"  ? place->epci
                                   : l == "ze"    ? place->ze
                                   : l == "dep"   ? place->dep
                                                  : place->reg;
          v = territory_value(l, code, k);
          break;
        }
        case SourceKind::workshop: {
          const auto& f = ind.source.name;
          if (f == "surface_m2")
            v = opt(w.surface_m2);
          else if (f == "staff_fte")
            v = opt(w.staff_fte);
          else if (f == "volunteers")
            v = opt(w.volunteers);
          else if (f == "budget_eur")
            v = opt(w.budget_eur);
          else if (f == "capacity")
            v = opt(w.capacity);
          else if (f == "opening_year")
            v = opt(w.opening_year);
          else if (f == "equipment_count")
            v = w.equipment ? static_cast<double>(w.equipment->size()) : text::kMissing;
          else if (f == "network_count")
            v = static_cast<double>(w.networks.size());
          else if (f == "offer_count")
            v = w.offer ? static_cast<double>(w.offer->size()) : text::kMissing;
          else if (f == "publics_count")
            v = w.publics ? static_cast<double>(w.publics->size()) : text::kMissing;
          else if (f == "fab_charter")
            v = w.networks.count("fab_charter") != 0 ? 1.0 : 0.0;
          else if (f == "laureate_2013")
            v = opt(w.laureate_2013);
          else if (f.rfind("revenue_", 0) == 0)
            v = revenue(f.substr(8).c_str());
          else if (f == "sector_fit_commune")
            v = fit_at("commune");
          else if (f == "sector_fit_epci")
            v = fit_at("epci");
          else if (f == "sector_fit_ze")
            v = fit_at("ze");
          else if (f == "density_typicality")
            v = opt(fit.density_typicality);
          else if (f == "access_per_100k") {
            if (const auto it = commune_index.find(commune); it != commune_index.end())
              v = access.result.access_per_100k[it->second];
          } else if (f == "nearest_other_km" && w.latitude) {
            std::vector<std::pair<unsigned, double>> near;
            supply_index.within(*w.latitude, *w.longitude, 500, near);
            for (const auto& [k, c2] : near) {
              if (in.supply_ids[k] == id) continue;
              const double d = territory::km_of_chord2(c2);
              if (std::isnan(v) || d < v) v = d;
            }
          }
          break;
        }
        default:
          break;  // survey, interview, document: not collected yet; formulas below
      }
      p.values[u * m + j] = v;
      vars[ind.id] = v;
    }
    for (const auto j : ref.formula_order) {
      const double v = Formula::parse(ref.indicators[j].source.name).eval(vars);
      p.values[u * m + j] = v;
      vars[ref.indicators[j].id] = v;
    }
    for (std::size_t j = 0; j < m; ++j) p.with_data[j] += std::isnan(p.values[u * m + j]) ? 0 : 1;
  }
  return p;
}

Panel build_panel(store::Store& store, const Referential& ref, const PanelFilter& filter) {
  return build_panel(store, ref, workshops::access_context(store), filter);
}

Evaluation evaluate(store::Store& store, const Referential& ref, const PanelFilter& filter) {
  return evaluate(store, ref, workshops::access_context(store), filter);
}

Evaluation evaluate(store::Store& store, const Referential& ref, const workshops::AccessContext& access,
                    const PanelFilter& filter) {
  Evaluation e;
  e.panel = build_panel(store, ref, access, filter);
  auto in = ref.scoring_skeleton();
  in.units = e.panel.units.size();
  in.values = e.panel.values;
  e.result = score(in);
  e.nodes = ref.node_ids();
  return e;
}

std::vector<std::size_t> Evaluation::ranking(bool with_unranked) const {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < panel.units.size(); ++i) {
    if (with_unranked || result.rank[i] > 0) order.push_back(i);
  }
  auto key = [&](std::size_t i) { return result.rank[i] > 0 ? result.rank[i] : std::numeric_limits<int>::max(); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  return order;
}

std::string verbal_level(const Referential& ref, double score, Lang lang) {
  const auto& labels = pick(lang, ref.level_labels_fr, ref.level_labels_en);
  if (std::isnan(score) || labels.size() != ref.levels.size() + 1) return "";
  std::size_t k = 0;
  while (k < ref.levels.size() && score >= ref.levels[k]) ++k;
  return labels[k];
}

}  // namespace fabscope::referential
