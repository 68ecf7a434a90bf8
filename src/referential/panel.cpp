#include "referential/panel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

#include "collect/answer_values.hpp"
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
      : m_store(store),
        m_access(access),
        m_supply_index(supply_index(access.inputs)),
        m_answers(collect::workshop_answers(store)) {
    const auto& in = access.inputs;
    for (std::size_t i = 0; i < in.code.size(); ++i) m_commune_index.emplace(in.code[i], i);
  }

  // An answer to a questionnaire (survey:, interview:, document:): the mean over the
  // workshop's respondents (collect/answer_values.hpp); missing when none answered.
  [[nodiscard]] bool fictitious(const std::string& id) const {
    const auto w = m_answers.find(id);
    if (w == m_answers.end()) return false;
    return std::any_of(w->second.begin(), w->second.end(), [](const auto& a) { return a.second.fictitious; });
  }

  [[nodiscard]] double answer(const std::string& question, const UnitContext& u) const {
    const auto w = m_answers.find(u.id);
    if (w == m_answers.end()) return text::kMissing;
    const auto q = w->second.find(question);
    return q == w->second.end() ? text::kMissing : q->second.value;
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
    if (const auto* field = workshops::find_numeric_field(f)) {
      // The register's value; else what the workshop answered to the question that fills
      // this field (fabscope::field of an instrument).
      const double v = field->value(w);
      return std::isnan(v) ? answer("field:" + f, u) : v;
    }
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
  std::map<std::string, std::map<std::string, collect::AnswerValue>> m_answers;
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
      case SourceKind::survey:
      case SourceKind::interview:
      case SourceKind::document:
        v = sources.answer(ind.source.name, u);
        break;
      case SourceKind::formula:
        break;  // below, in dependency order
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
    p.units.push_back({id, w.name, commune, commune_name, w.kind.value_or(""), w, {}});
    const auto place = territory::load_place(store, commune);
    const auto fit = workshops::compute_fit(store, w, commune, /*with_access=*/false);
    for (const auto& c : kContext) {
      const Source src{SourceKind::territory, std::string(c.indicator), std::string(c.level)};
      p.units.back().context.push_back(sources.territory(src, {id, commune, w, place, fit}));
    }
    unit_values(ref, sources, {id, commune, w, place, fit}, p.values.data() + u * m);
    p.units.back().fictitious = sources.fictitious(id);
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
  return score_panel(build_panel(store, ref, access, filter), ref.scoring_skeleton());
}

Evaluation score_panel(Panel panel, const ScoringInput& skeleton) {
  Evaluation e;
  e.panel = std::move(panel);
  auto in = skeleton;
  in.units = e.panel.units.size();
  in.values = e.panel.values;
  e.result = score(in);
  e.missing_in_score = in.missing_in_score;
  e.aggregation = in.aggregation;
  e.columns.resize(in.nodes.size());
  for (std::size_t nd = 0; nd < in.nodes.size(); ++nd) {
    const auto& node = in.nodes[nd];
    e.nodes.push_back(node.id);
    e.min_coverage.push_back(node.min_coverage);
    for (const auto& [col, w] : node.indicators) {
      if (in.methods[col].direction != Direction::neutral) e.columns[nd].push_back(col);
    }
    for (const auto& [child, w] : node.children) {
      e.columns[nd].insert(e.columns[nd].end(), e.columns[child].begin(), e.columns[child].end());
    }
  }
  for (const auto& [child, w] : in.nodes.back().children) e.dimensions.push_back(child);
  e.tree = std::move(in.nodes);
  e.methods = std::move(in.methods);
  return e;
}

namespace {

// Walks node `nd` for one unit, adding the parts of its children scaled by `factor`.
void add_contributions(const Evaluation& e, std::size_t unit, std::size_t nd, double factor,
                       std::vector<Contribution>& out) {
  const std::size_t n = e.panel.units.size();
  const std::size_t m = e.methods.size();
  const auto& node = e.tree[nd];
  const auto& weights = e.result.weights[nd];  // indicators then children, as scored
  struct Kid {
    bool indicator;
    std::size_t index;
    double weight, value;
    bool filled;
  };
  std::vector<Kid> kids;
  auto column_of = [&](bool indicator, std::size_t index) {
    std::vector<double> col(n);
    for (std::size_t i = 0; i < n; ++i) col[i] = indicator ? e.result.normalised[i * m + index] : e.score(i, index);
    return col;
  };
  auto add = [&](bool indicator, std::size_t index, double w) {
    double v = indicator ? e.result.normalised[unit * m + index] : e.score(unit, index);
    const bool filled = std::isnan(v);
    if (filled) v = missing_fill(column_of(indicator, index), e.missing_in_score);
    if (!std::isnan(v)) kids.push_back({indicator, index, w, v, filled});
  };
  for (std::size_t c = 0; c < node.indicators.size(); ++c) {
    const auto col = node.indicators[c].first;
    if (e.methods[col].direction != Direction::neutral) add(true, col, weights[c]);
  }
  for (std::size_t c = 0; c < node.children.size(); ++c) {
    add(false, node.children[c].first, weights[node.indicators.size() + c]);
  }
  double used = 0;
  for (const auto& k : kids) used += k.weight;
  for (const auto& k : kids) {
    const double share = factor * k.weight / used;
    if (k.indicator) {
      out.push_back({k.index, nd, share, k.value, k.filled, share * k.value});
    } else if (k.filled) {
      out.push_back({std::nullopt, k.index, share, k.value, true, share * k.value});
    } else {
      add_contributions(e, unit, k.index, share, out);
    }
  }
}

}  // namespace

std::vector<Contribution> Evaluation::contributions(std::size_t unit, std::size_t node) const {
  std::vector<Contribution> out;
  if (!evaluable(unit, node) || aggregation != Aggregation::arithmetic) return out;
  add_contributions(*this, unit, node, 1.0, out);
  std::stable_sort(out.begin(), out.end(),
                   [](const Contribution& a, const Contribution& b) { return a.contribution > b.contribution; });
  return out;
}

std::optional<std::size_t> Evaluation::node(const std::string& id) const {
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    if (nodes[k] == id) return k;
  }
  return std::nullopt;
}

std::size_t Evaluation::known(std::size_t unit, std::size_t node) const {
  return columns[node].size() - missing(unit, node).size();
}

std::vector<std::size_t> Evaluation::missing(std::size_t unit, std::size_t node) const {
  const std::size_t m = result.normalised.size() / std::max<std::size_t>(1, panel.units.size());
  std::vector<std::size_t> out;
  for (const auto col : columns[node]) {
    if (std::isnan(result.normalised[unit * m + col])) out.push_back(col);
  }
  return out;
}

std::size_t Evaluation::ranked_on(std::size_t node) const {
  std::size_t count = 0;
  for (std::size_t i = 0; i < panel.units.size(); ++i) count += rank(i, node) > 0 ? 1 : 0;
  return count;
}

std::size_t Evaluation::ranking_node() const {
  if (ranked_on(total_node()) > 0 || dimensions.empty()) return total_node();
  std::size_t best = dimensions.front();
  for (const auto d : dimensions) {
    if (ranked_on(d) > ranked_on(best)) best = d;
  }
  return best;
}

std::vector<std::size_t> Evaluation::ranking(bool with_unranked) const { return ranking(total_node(), with_unranked); }

std::vector<std::size_t> Evaluation::ranking(std::size_t node, bool with_unranked) const {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < panel.units.size(); ++i) {
    if (with_unranked || rank(i, node) > 0) order.push_back(i);
  }
  auto key = [&](std::size_t i) { return rank(i, node) > 0 ? rank(i, node) : std::numeric_limits<int>::max(); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  return order;
}

UncertaintyOptions default_uncertainty_options(std::size_t base_samples, std::uint64_t seed) {
  UncertaintyOptions o;
  o.base_samples = base_samples;
  o.seed = seed;
  o.normalisations = {Normalisation::minmax, Normalisation::rank};
  o.imputations = {MissingPolicy::exclude, MissingPolicy::median};
  o.aggregations = {Aggregation::arithmetic, Aggregation::geometric};
  o.exclude_one_indicator = true;
  return o;
}

std::vector<std::pair<std::string, std::size_t>> impact_area_nodes(const Referential& ref, const Evaluation& e) {
  std::vector<std::pair<std::string, std::size_t>> out;
  for (std::size_t nd = 0; nd + 1 < e.nodes.size(); ++nd) {
    if (std::find(e.dimensions.begin(), e.dimensions.end(), nd) != e.dimensions.end() || e.columns[nd].empty()) continue;
    const auto& area = ref.indicators[e.columns[nd].front()].impact_area;
    bool same = !area.empty();
    for (const auto col : e.columns[nd]) same = same && ref.indicators[col].impact_area == area;
    if (same) out.emplace_back(area, nd);
  }
  return out;
}

UncertaintyResult analyse_uncertainty(const Referential& ref, const Evaluation& e, UncertaintyOptions o) {
  auto in = ref.scoring_skeleton();
  in.units = e.panel.units.size();
  in.values = e.panel.values;
  o.nodes = e.dimensions;
  for (const auto& [area, nd] : impact_area_nodes(ref, e)) o.nodes.push_back(nd);  // the fiche shows their intervals
  o.rank_node = e.ranking_node();
  return analyse_uncertainty(in, o);
}

ScoreState score_state(const Evaluation& e, std::size_t unit, std::size_t node) {
  if (!e.evaluable(unit, node)) return ScoreState::not_evaluable;
  return e.coverage(unit, node) < kLowCoverage ? ScoreState::low_coverage : ScoreState::evaluable;
}

std::string_view state_id(ScoreState s) {
  switch (s) {
    case ScoreState::evaluable:
      return "evaluable";
    case ScoreState::low_coverage:
      return "low_coverage";
    case ScoreState::not_evaluable:
      return "not_evaluable";
  }
  return "";
}

std::string verbal_level(const Referential& ref, double score, Lang lang) {
  const auto& labels = pick(lang, ref.level_labels_fr, ref.level_labels_en);
  if (std::isnan(score) || labels.size() != ref.levels.size() + 1) return "";
  std::size_t k = 0;
  while (k < ref.levels.size() && score >= ref.levels[k]) ++k;
  return labels[k];
}

}  // namespace fabscope::referential
