#include "referential/panel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

#include "core/text.hpp"
#include "territory/indicators.hpp"
#include "territory/repository.hpp"
#include "territory/sphere.hpp"
#include "workshops/access.hpp"
#include "workshops/duplicates.hpp"
#include "workshops/fields.hpp"
#include "workshops/fit.hpp"
#include "workshops/register.hpp"

namespace fabscope::referential {

namespace {

using workshops::PanelRow;

// The distinct, placed workshops that pass the filter, by id.
std::vector<PanelRow> placed_workshops(store::Store& store, const PanelFilter& filter) {
  return workshops::panel_workshops(store, filter.source, filter.dep);
}

double opt(const auto& v) { return v ? static_cast<double>(*v) : text::kMissing; }

// What the panel knows of one workshop besides its record.
struct UnitContext {
  const std::string& id;
  const std::string& commune;
  const workshops::Workshop& w;  // the merged view
  const std::optional<territory::CommunePlace>& place;
  const workshops::WorkshopFit& fit;
};

// The values of `territory:` and `workshop:` sources: territorial units loaded once,
// the accessibility of every commune, the other workshops' places.
class SourceValues {
 public:
  SourceValues(store::Store& store, const workshops::AccessContext& access)
      : m_store(store), m_access(access), m_supply_index(supply_index(access.inputs)) {
    const auto& in = access.inputs;
    for (std::size_t i = 0; i < in.code.size(); ++i) m_commune_index.emplace(in.code[i], i);
  }

  // A territorial indicator at the source's level, for the workshop's commune.
  double territory(const Source& source, const UnitContext& u) {
    const auto k = *territory::indicator_index(source.name);
    const std::string& l = source.level;
    const auto& place = u.place;
    const std::string code = l == "commune" ? u.commune
                             : !place       ? std::string()
                             : l == "epci"  ? place->epci
                             : l == "ze"    ? place->ze
                             : l == "dep"   ? place->dep
                                            : place->reg;
    if (code.empty()) return text::kMissing;
    auto& unit = m_unit_cache[{l, code}];
    if (!unit) unit = territory::load_unit(m_store, *territory::parse_level(l), code);
    return unit ? unit->values[k] : text::kMissing;
  }

  // A field of the workshop (workshop_source_fields()).
  [[nodiscard]] double workshop(const std::string& f, const UnitContext& u) const {
    const auto& w = u.w;
    if (const auto* field = workshops::find_numeric_field(f)) return field->value(w);
    if (f == "sector_fit_commune") return fit_at(u.fit, "commune");
    if (f == "sector_fit_epci") return fit_at(u.fit, "epci");
    if (f == "sector_fit_ze") return fit_at(u.fit, "ze");
    if (f == "density_typicality") return opt(u.fit.density_typicality);
    if (f == "access_per_100k") {
      const auto it = m_commune_index.find(u.commune);
      return it != m_commune_index.end() ? m_access.result.access_per_100k[it->second] : text::kMissing;
    }
    if (f == "nearest_other_km" && w.latitude) return nearest_other_km(u);
    return text::kMissing;
  }

 private:
  static territory::SphereIndex supply_index(const workshops::AccessInputs& in) {
    std::vector<double> lat, lon;
    for (const auto& s : in.supply) {
      lat.push_back(s.latitude);
      lon.push_back(s.longitude);
    }
    return territory::SphereIndex(lat, lon);
  }

  static double fit_at(const workshops::WorkshopFit& fit, const std::string& level) {
    for (const auto& lf : fit.levels) {
      if (lf.level == level) return opt(lf.sector_fit);
    }
    return text::kMissing;
  }

  // The distance to the nearest other workshop within 500 km.
  [[nodiscard]] double nearest_other_km(const UnitContext& u) const {
    double v = text::kMissing;
    std::vector<std::pair<unsigned, double>> near;
    m_supply_index.within(*u.w.latitude, *u.w.longitude, 500, near);
    for (const auto& [k, c2] : near) {
      if (m_access.inputs.supply_ids[k] == u.id) continue;
      const double d = territory::km_of_chord2(c2);
      if (std::isnan(v) || d < v) v = d;
    }
    return v;
  }

  store::Store& m_store;
  const workshops::AccessContext& m_access;
  std::unordered_map<std::string, std::size_t> m_commune_index;
  const territory::SphereIndex m_supply_index;
  std::map<std::pair<std::string, std::string>, std::optional<territory::Unit>> m_unit_cache;
};

// The values of one workshop, indicator by indicator, formulas last (in dependency order).
void unit_values(const Referential& ref, SourceValues& sources, const UnitContext& u, double* values) {
  std::map<std::string, double> vars;
  for (std::size_t j = 0; j < ref.indicators.size(); ++j) {
    const auto& ind = ref.indicators[j];
    double v = text::kMissing;
    switch (ind.source.kind) {
      case SourceKind::territory:
        v = sources.territory(ind.source, u);
        break;
      case SourceKind::workshop:
        v = sources.workshop(ind.source.name, u);
        break;
      default:
        break;  // survey, interview, document: not collected yet; formulas below
    }
    values[j] = v;
    vars[ind.id] = v;
  }
  for (const auto j : ref.formula_order) {
    const double v = Formula::parse(ref.indicators[j].source.name).eval(vars);
    values[j] = v;
    vars[ref.indicators[j].id] = v;
  }
}

}  // namespace

Panel build_panel(store::Store& store, const Referential& ref, const workshops::AccessContext& access,
                  const PanelFilter& filter) {
  Panel p;
  const std::size_t m = ref.indicators.size();
  const auto rows = placed_workshops(store, filter);
  SourceValues sources(store, access);
  p.values.assign(rows.size() * m, text::kMissing);
  p.with_data.assign(m, 0);
  for (std::size_t u = 0; u < rows.size(); ++u) {
    const auto& [id, commune, commune_name] = rows[u];
    // The merged view of the workshop (its record completed by its duplicates).
    const auto w = workshops::load_merged(store, id)->workshop;
    p.units.push_back({id, w.name, commune, commune_name, w.kind.value_or("")});
    const auto place = territory::load_place(store, commune);
    const auto fit = workshops::compute_fit(store, w, commune, /*with_access=*/false);
    unit_values(ref, sources, {id, commune, w, place, fit}, p.values.data() + u * m);
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
