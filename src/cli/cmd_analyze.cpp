// fabscope analyze pca: the analyses on any CSV (docs/analysis/). Thin: read, call, write.
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "analysis/dataset.hpp"
#include "analysis/famd.hpp"
#include "analysis/hcpc.hpp"
#include "analysis/mca.hpp"
#include "analysis/pca.hpp"
#include "analysis/regression.hpp"
#include "analysis/serialize.hpp"
#include "cli/analyze_input.hpp"
#include "referential/analysis_panel.hpp"
#include "cli/command.hpp"
#include "cli/format.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace fabscope::cli {

// The CSV of an analysis, its rows named by `row_names` (a column whose values are unique)
// or by the reading rules.
analysis::DataSet read_analysis_input(const std::string& path, const std::string& row_names) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ExitCode::missing_data, fmt::format("cannot open {}", path));
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  auto data = analysis::read_csv(text, path);
  if (!row_names.empty()) {
    // Rows named by a chosen column: its values must be unique and present.
    const auto j = data.column(row_names);
    const auto& c = data.columns[j];
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < data.rows(); ++i) {
      auto name = c.quantitative ? (std::isnan(c.values[i]) ? "" : text::format_double(c.values[i])) : c.labels[i];
      if (name.empty()) {
        name = fmt::format("#{}", i + 1);  // an unnamed row keeps its number
        std::cerr << fmt::format("fabscope: row {} has no {}: named {}\n", i + 1, row_names, name);
      }
      if (!seen.insert(name).second) {
        throw InputError({{path, static_cast<std::int64_t>(i + 2), static_cast<std::int64_t>(j + 1), row_names},
                          fmt::format("row name '{}' is repeated", name)});
      }
      names.push_back(name);
    }
    data.row_names = names;
    data.columns.erase(data.columns.begin() + static_cast<std::ptrdiff_t>(j));
  }
  return data;
}

void AnalysisInput::add_options(CLI::App& app, const std::string& what) {
  app.add_option("--input", path, what);
  app.add_flag("--panel", panel,
               "The evaluation panel of the store instead of a CSV: kind, laureate_2013, territorial context, the "
               "référentiel's indicators and scores (docs/analysis/panel.md)");
  app.add_option("--row-names", row_names, "Column naming the rows (default: the first, when unique text)");
}

analysis::DataSet AnalysisInput::read(const Context& ctx) {
  if (panel == !path.empty()) {
    throw InputError({{"", 0, 0, "--input"}, panel ? "give --input FILE.csv or --panel, not both"
                                                    : "give --input FILE.csv, or --panel for the evaluation panel"});
  }
  if (!panel) return read_analysis_input(path, row_names);
  auto store = ctx.open_store(true);
  const auto& ref = referential::Referential::active();
  evaluation = referential::evaluate(*store, ref);
  if (evaluation->panel.units.empty()) {
    throw Error(ExitCode::missing_data, "the panel is empty: import the register first (fabscope run)");
  }
  return referential::analysis_panel(*store, ref, *evaluation);
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    const auto t = text::trim(item);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

namespace {

enum class Method { pca, hcpc, mca, famd, lm, logit };

// analyze pca, analyze hcpc (the same PCA, then the clustering of its individuals), analyze
// mca: one set of options for reading the CSV and naming supplementary elements.
class Analyze final : public Command {
 public:
  explicit Analyze(Method method) : m_method(method), m_clustering(method == Method::hcpc) {}
  void setup(CLI::App& app) override {
    if (m_method == Method::lm || m_method == Method::logit) {
      app.add_option("--outcome", m_outcome, "The column explained")->required();
      app.add_option("--predictors", m_predictors, "The explanatory columns (names, comma-separated)")->required();
      app.add_option("--bootstrap", m_replicates, "Bootstrap replicates of percentile intervals (default 0: none)")
          ->check(CLI::Range(0, 100000));
      app.add_option("--seed", m_seed, "Seed of the bootstrap (default 1)");
      m_replicates = 0;
    }
    if (m_method == Method::mca || m_clustering) {
      app.add_option("--missing", m_missing, "A missing answer: its own category NA (default) or average")
          ->check(CLI::IsMember({"category", "average"}));
    }
    if (m_clustering) {
      app.add_option("--on", m_on, "Factor analysis clustered: pca, mca, famd or auto (default: by the columns)")
          ->check(CLI::IsMember({"auto", "pca", "mca", "famd"}));
      app.add_option("--nb-clust", m_nb_clust, "Number of clusters (default: FactoMineR's inertia-gain rule)")
          ->check(CLI::Range(2, 1000000));
      app.add_flag("--no-consol", m_no_consol, "No k-means consolidation after the tree");
      app.add_option("--min", m_min, "The rule looks at min..max clusters (default 3)")->check(CLI::Range(2, 1000));
      app.add_option("--max", m_max, "(default: min(10, n / 2))")->check(CLI::Range(2, 1000));
      app.add_option("--stability", m_replicates, "Bootstrap replicates of the cluster stability (default 100, 0: none)")
          ->check(CLI::Range(0, 100000));
      app.add_option("--seed", m_seed, "Seed of the bootstrap (default 1)");
    }
    m_in.add_options(app, "CSV file (first column: row names when it is unique text)");
    const bool factorial = m_method != Method::lm && m_method != Method::logit;
    if (factorial) {
      app.add_option("--ncp", m_ncp, "Dimensions kept (default 5)")->check(CLI::Range(1, 1000));
      if (m_method != Method::mca) {
        app.add_flag("--no-scale", m_no_scale, "Centre only (default: standardise every variable)");
      }
      app.add_option("--sup-quanti", m_sup_quanti, "Supplementary quantitative columns (names, comma-separated)");
      app.add_option("--sup-quali", m_sup_quali, "Supplementary categorical columns (names, comma-separated)");
      if (m_method != Method::mca) {
        app.add_option("--sup-ind", m_sup_ind, "Supplementary rows (row names, comma-separated)");
      }
      app.add_option("--row-weights", m_weights, "Column of row weights (left out of the analysis)");
    }
    app.add_option("--columns", m_columns,
                   "Only these columns (names, comma-separated), with the supplementary ones and the row weights");
    app.add_option("--format", m_format, "table (default), json (FactoMineR's names) or csv (tidy)")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    app.add_option("-o,--output", m_output, "Output file (default: standard output)");
  }

  int run(const Context& ctx) override {
    auto data = m_in.read(ctx);
    if (!m_columns.empty()) {
      // Keep the listed columns and those named elsewhere on the command line.
      std::set<std::string> keep;
      if (!m_outcome.empty()) keep.insert(m_outcome);
      for (const auto* list : {&m_columns, &m_sup_quanti, &m_sup_quali, &m_predictors}) {
        for (const auto& n : split_names(*list)) keep.insert(n);
      }
      if (!m_weights.empty()) keep.insert(m_weights);
      for (const auto& n : keep) (void)data.column(n);  // an unknown name is an error naming the known ones
      std::erase_if(data.columns, [&](const analysis::Column& c) { return keep.count(c.name) == 0; });
    }
    analysis::PcaOptions o;
    o.ncp = m_ncp;
    o.scale_unit = !m_no_scale;
    if (!m_weights.empty()) {
      // The weight column is removed from the data; its values weight the active rows.
      const auto j = data.column(m_weights);
      const auto weights = data.columns[j];
      if (!weights.quantitative) throw InputError({{m_in.path, 1, 0, m_weights}, "the row weights must be numbers"});
      data.columns.erase(data.columns.begin() + static_cast<std::ptrdiff_t>(j));
      m_weight_values = weights.values;
    }
    for (const auto& n : split_names(m_sup_quanti)) o.quanti_sup.push_back(data.column(n));
    for (const auto& n : split_names(m_sup_quali)) o.quali_sup.push_back(data.column(n));
    for (const auto& n : split_names(m_sup_ind)) o.ind_sup.push_back(data.row(n));
    if (!m_weight_values.empty()) {
      for (std::size_t i = 0; i < data.rows(); ++i) {
        if (std::find(o.ind_sup.begin(), o.ind_sup.end(), i) == o.ind_sup.end()) {
          o.row_weights.push_back(m_weight_values[i]);
        }
      }
    }
    if (m_method == Method::lm || m_method == Method::logit) {
      analysis::RegressionOptions ro;
      ro.outcome = m_outcome;
      ro.predictors = split_names(m_predictors);
      ro.logistic = m_method == Method::logit;
      ro.bootstrap = m_replicates;
      ro.seed = m_seed;
      const auto rr = analysis::regress(data, ro);
      write(rr);
      if (m_format != "table") {
        for (const auto& w : rr.warnings) std::cerr << "fabscope: " << w << "\n";
      }
    } else if (m_method == Method::mca) {
      write(analysis::mca(data, mca_options(o)));
    } else if (m_method == Method::famd) {
      write(analysis::famd(data, famd_options(o)));
    } else if (m_method == Method::pca) {
      write(analysis::pca(data, o));
    } else {
      cluster(data, o);
    }
    return 0;
  }

 private:
  template <class Result>
  void write(const Result& r) const {
    if (m_format == "json") {
      emit(m_output, analysis::to_json(r).dump(2) + "\n");
    } else if (m_format == "csv") {
      emit(m_output, analysis::to_csv(r));
    } else {
      emit(m_output, analysis::to_text(r));
    }
  }

  analysis::McaOptions mca_options(const analysis::PcaOptions& o) const {
    analysis::McaOptions mo;
    mo.ncp = o.ncp;
    mo.quanti_sup = o.quanti_sup;
    mo.quali_sup = o.quali_sup;
    mo.row_weights = m_weight_values;
    mo.missing = m_missing == "average" ? analysis::MissingCategory::average : analysis::MissingCategory::category;
    return mo;
  }

  analysis::FamdOptions famd_options(const analysis::PcaOptions& o) const {
    analysis::FamdOptions fo;
    fo.ncp = o.ncp;
    fo.row_weights = m_weight_values;
    fo.quanti_sup = o.quanti_sup;
    fo.quali_sup = o.quali_sup;
    fo.ind_sup = o.ind_sup;
    return fo;
  }

  // HCPC on the chosen factor analysis (by default: PCA when every active column is
  // quantitative, MCA when every one is categorical, FAMD otherwise).
  void cluster(const analysis::DataSet& data, const analysis::PcaOptions& o) const {
    std::string on = m_on;
    if (on == "auto") {
      std::size_t quanti = 0, quali = 0;
      for (std::size_t j = 0; j < data.columns.size(); ++j) {
        const bool sup = std::find(o.quanti_sup.begin(), o.quanti_sup.end(), j) != o.quanti_sup.end() ||
                         std::find(o.quali_sup.begin(), o.quali_sup.end(), j) != o.quali_sup.end();
        if (!sup) (data.columns[j].quantitative ? quanti : quali) += 1;
      }
      on = quali == 0 ? "pca" : quanti == 0 ? "mca" : "famd";
    }
    analysis::Coordinates ind;
    std::vector<double> weights;
    if (on == "pca") {
      auto r = analysis::pca(data, o);
      ind = std::move(r.ind);
      weights = o.row_weights;
    } else if (on == "mca") {
      ind = analysis::mca(data, mca_options(o)).ind;
      weights = m_weight_values;
    } else {
      ind = analysis::famd(data, famd_options(o)).ind;
      weights = o.row_weights;
    }
    analysis::HcpcOptions h;
    h.nb_clust = m_nb_clust;
    h.consol = !m_no_consol;
    h.min = m_min;
    h.max = m_max;
    analysis::Typology t;
    t.factorial = on;
    t.clusters = analysis::hcpc(ind.coord, ind.names, weights, h);
    t.description = analysis::describe(data, t.clusters, ind);
    t.replicates = m_replicates;
    t.seed = m_seed;
    if (m_replicates > 0) t.stability = analysis::stability(ind, t.clusters, h, m_replicates, m_seed);
    if (!m_in.evaluation) {
      write(t);
      return;
    }
    // On the panel: each cluster's archetype (the majority of its determinable workshops).
    const auto arcs = analysis::assign_clusters(t.clusters.clust, referential::panel_archetypes(*m_in.evaluation));
    if (m_format == "json") {
      auto doc = analysis::to_json(t);
      auto list = nlohmann::ordered_json::array();
      for (const auto& a : arcs) {
        list.push_back({{"cluster", a.cluster},
                        {"archetype", a.archetype},
                        {"members", a.members},
                        {"determinable", a.determinable},
                        {"agreeing", a.agreeing}});
      }
      doc["archetypes"] = list;
      emit(m_output, doc.dump(2) + "\n");
    } else if (m_format == "csv") {
      write(t);
    } else {
      std::string out = analysis::to_text(t) + "\nArchetypes of the clusters (majority of their determinable workshops)\n";
      for (const auto& a : arcs) {
        out += fmt::format("  cluster {}: {} ({} of {} determinable, {} workshops)\n", a.cluster,
                           a.archetype.empty() ? "not determinable" : a.archetype, a.agreeing, a.determinable,
                           a.members);
      }
      emit(m_output, out);
    }
  }

  AnalysisInput m_in;
  std::string m_sup_quanti, m_sup_quali, m_sup_ind, m_weights, m_format = "table", m_output, m_columns;
  std::size_t m_ncp = 5;
  bool m_no_scale = false;
  Method m_method = Method::pca;
  bool m_clustering = false;
  std::string m_missing = "category", m_on = "auto", m_outcome, m_predictors;
  int m_nb_clust = -1;
  bool m_no_consol = false;
  std::size_t m_min = 3, m_max = 0, m_replicates = 100;
  std::uint64_t m_seed = 1;
  std::vector<double> m_weight_values;
};

}  // namespace

std::unique_ptr<Command> make_analyze_pca() { return std::make_unique<Analyze>(Method::pca); }
std::unique_ptr<Command> make_analyze_hcpc() { return std::make_unique<Analyze>(Method::hcpc); }
std::unique_ptr<Command> make_analyze_mca() { return std::make_unique<Analyze>(Method::mca); }
std::unique_ptr<Command> make_analyze_famd() { return std::make_unique<Analyze>(Method::famd); }
std::unique_ptr<Command> make_analyze_lm() { return std::make_unique<Analyze>(Method::lm); }
std::unique_ptr<Command> make_analyze_logit() { return std::make_unique<Analyze>(Method::logit); }

}  // namespace fabscope::cli
