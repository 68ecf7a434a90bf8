#include "referential/analysis_panel.hpp"

#include <cmath>
#include <set>

#include "workshops/laureates.hpp"
#include "workshops/repository.hpp"

namespace fabscope::referential {

analysis::DataSet analysis_panel(store::Store& store, const Referential& ref, const Evaluation& e) {
  analysis::DataSet d;
  const auto& units = e.panel.units;
  const auto n = units.size();
  std::set<std::string> laureates;
  for (const auto& m : workshops::load_laureate_matches(store)) {
    if (m.workshop_id) laureates.insert(*m.workshop_id);
  }
  analysis::Column kind{"kind", false, {}, {}};
  analysis::Column laureate{"laureate_2013", true, {}, {}};
  for (const auto& u : units) {
    d.row_names.push_back(u.id);
    kind.labels.push_back(u.kind);
    laureate.values.push_back(laureates.count(u.id) != 0 ? 1 : 0);
  }
  d.columns.push_back(std::move(kind));
  d.columns.push_back(std::move(laureate));
  for (std::size_t k = 0; k < std::size(kContext); ++k) {
    analysis::Column c{std::string(kContext[k].id), true, {}, {}};
    for (const auto& u : units) c.values.push_back(k < u.context.size() ? u.context[k] : std::nan(""));
    d.columns.push_back(std::move(c));
  }
  const auto m = e.panel.with_data.size();
  for (std::size_t j = 0; j < m && j < ref.indicators.size(); ++j) {
    if (2 * e.panel.with_data[j] < n || n == 0) continue;
    analysis::Column c{ref.indicators[j].id, true, {}, {}};
    for (std::size_t i = 0; i < n; ++i) c.values.push_back(e.panel.values[i * m + j]);
    d.columns.push_back(std::move(c));
  }
  for (const auto nd : e.dimensions) {
    analysis::Column c{"score_" + e.nodes[nd], true, {}, {}};
    for (std::size_t i = 0; i < n; ++i) c.values.push_back(e.score(i, nd));
    d.columns.push_back(std::move(c));
  }
  analysis::Column total{"score_total", true, {}, {}};
  for (std::size_t i = 0; i < n; ++i) total.values.push_back(e.total(i));
  d.columns.push_back(std::move(total));
  return d;
}

analysis::Profile profile_of(const PanelUnit& unit) {
  analysis::Profile p;
  const auto& w = unit.record;
  if (w.kind) p.categories["kind"] = *w.kind;
  if (w.legal_form) p.categories["legal_form"] = *w.legal_form;
  if (w.equipment) p.sets["equipment"] = *w.equipment;
  if (!w.networks.empty()) p.sets["networks"] = w.networks;
  if (w.offer) p.sets["offer"] = *w.offer;
  if (w.publics) p.sets["publics"] = *w.publics;
  for (std::size_t k = 0; k < std::size(kContext) && k < unit.context.size(); ++k) {
    if (!std::isnan(unit.context[k])) p.numbers[std::string(kContext[k].id)] = unit.context[k];
  }
  return p;
}

std::vector<analysis::Assignment> panel_archetypes(const Evaluation& e) {
  std::vector<analysis::Assignment> out;
  for (const auto& u : e.panel.units) out.push_back(analysis::assign(analysis::builtin_archetypes(), profile_of(u)));
  return out;
}

analysis::PeerInput panel_peer_input(const Evaluation& e, const analysis::DataSet& data,
                                     const std::vector<analysis::Assignment>& archetypes) {
  analysis::PeerInput in;
  in.names = data.row_names;
  for (std::size_t i = 0; i < e.panel.units.size(); ++i) {
    const auto& u = e.panel.units[i];
    in.kind.push_back(u.kind);
    in.equipment.push_back(u.record.equipment.value_or(std::set<std::string>{}));
    in.archetype.push_back(i < archetypes.size() ? archetypes[i].archetype : "");
  }
  std::set<std::string> context;
  for (const auto& c : kContext) context.emplace(c.id);
  for (const auto& c : data.columns) {
    if (!c.quantitative || c.name == "laureate_2013") continue;
    if (context.count(c.name) != 0) {
      in.territory_names.push_back(c.name);
      in.territory.push_back(c.values);
    } else {
      in.indicator_names.push_back(c.name);
      in.indicators.push_back(c.values);
    }
  }
  return in;
}

}  // namespace fabscope::referential
