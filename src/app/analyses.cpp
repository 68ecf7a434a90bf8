#include "app/analyses.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "referential/analysis_panel.hpp"
#include "referential/referential.hpp"

namespace fabscope::app {
namespace {

bool has_column(const analysis::DataSet& d, const std::string& name) {
  return std::any_of(d.columns.begin(), d.columns.end(), [&](const auto& c) { return c.name == name; });
}

// The data set restricted to some columns.
analysis::DataSet only(const analysis::DataSet& d, const std::vector<std::string>& keep) {
  analysis::DataSet out;
  out.row_names = d.row_names;
  for (const auto& k : keep) out.columns.push_back(d.columns[d.column(k)]);
  return out;
}

void typology(PanelAnalyses& a) {
  for (const char* c : kTypologyColumns) {
    if (has_column(a.data, c)) a.typology_columns.emplace_back(c);
  }
  const auto d = only(a.data, a.typology_columns);
  analysis::FamdOptions fo;
  fo.ncp = 5;
  a.famd = analysis::famd(d, fo);
  analysis::HcpcOptions h;
  analysis::Typology t;
  t.factorial = "famd";
  t.clusters = analysis::hcpc(a.famd->ind.coord, a.famd->ind.names, {}, h);
  t.description = analysis::describe(d, t.clusters, a.famd->ind);
  t.replicates = 100;
  t.seed = 1;
  t.stability = analysis::stability(a.famd->ind, t.clusters, h, t.replicates, t.seed);
  a.cluster_archetypes = analysis::assign_clusters(t.clusters.clust, a.archetypes);
  a.typology = std::move(t);
}

void laureates(PanelAnalyses& a) {
  analysis::MatchOptions o;
  o.treatment = "laureate_2013";
  for (const char* c : kLaureateCovariates) o.covariates.emplace_back(c);
  o.outcome = "m_equipment_count";
  o.caliper = 0.25;
  o.bootstrap = 1000;
  a.laureate_covariates = o.covariates;
  a.laureate_outcome = o.outcome;
  if (!has_column(a.data, o.outcome)) o.outcome.clear();
  a.laureates = analysis::match(a.data, o);
}

void success(PanelAnalyses& a) {
  if (!has_column(a.data, "score_success")) return;
  const auto& y = a.data.columns[a.data.column("score_success")].values;
  a.success_known = static_cast<std::size_t>(std::count_if(y.begin(), y.end(), [](double v) { return !std::isnan(v); }));
  if (a.success_known < kMinSuccessCases) return;
  analysis::QcaOptions o;
  o.outcome = "success";
  o.incl_cut = {0.8};
  o.remainders = true;
  a.success = analysis::qca(success_sets(a.data), o);
}

template <class F>
void attempt(PanelAnalyses& a, const char* what, F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    a.notes.push_back(fmt::format("{}: {}", what, e.what()));
  }
}

}  // namespace

analysis::DataSet success_sets(const analysis::DataSet& panel) {
  const auto values = [&](const char* name) {
    return has_column(panel, name) ? panel.columns[panel.column(name)].values
                                   : std::vector<double>(panel.rows(), std::nan(""));
  };
  const auto density = values("density_class"), lq = values("lq_be"), equipment = values("m_equipment_count"),
             networks = values("m_network_count"), laureate = values("laureate_2013");
  analysis::Calibration cal;
  cal.column = "score_success";
  cal.thresholds = {0.25, 0.5, 0.75};
  const auto success = analysis::calibrate(values("score_success"), cal);
  const auto at_least = [](double v, double t) { return std::isnan(v) ? v : (v >= t ? 1.0 : 0.0); };
  analysis::DataSet d;
  const char* names[] = {"rural", "industrial", "equipped", "networked", "laureate", "success"};
  for (const char* n : names) d.columns.push_back({n, true, {}, {}});
  for (std::size_t i = 0; i < panel.rows(); ++i) {
    const double row[] = {at_least(density[i], 5), at_least(lq[i], 1),       at_least(equipment[i], 4),
                          at_least(networks[i], 2), at_least(laureate[i], 1), success[i]};
    if (std::any_of(std::begin(row), std::end(row), [](double v) { return std::isnan(v); })) continue;
    d.row_names.push_back(panel.row_names[i]);
    for (std::size_t k = 0; k < std::size(row); ++k) d.columns[k].values.push_back(row[k]);
  }
  return d;
}

PanelAnalyses panel_analyses(store::Store& store, const referential::Evaluation& e) {
  PanelAnalyses a;
  if (e.panel.units.empty()) return a;
  a.data = referential::analysis_panel(store, referential::Referential::active(), e);
  a.archetypes = referential::panel_archetypes(e);
  attempt(a, "typology", [&] { typology(a); });
  attempt(a, "laureates", [&] { laureates(a); });
  attempt(a, "success", [&] { success(a); });
  attempt(a, "peers", [&] { a.peers = analysis::peers(referential::panel_peer_input(e, a.data, a.archetypes), {}); });
  return a;
}

}  // namespace fabscope::app
