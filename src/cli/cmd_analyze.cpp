// fabscope analyze pca: the analyses on any CSV (docs/analysis/). Thin: read, call, write.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "analysis/dataset.hpp"
#include "analysis/hcpc.hpp"
#include "analysis/pca.hpp"
#include "analysis/serialize.hpp"
#include "cli/command.hpp"
#include "cli/format.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace fabscope::cli {
namespace {

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    const auto t = text::trim(item);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

// analyze pca, and analyze hcpc (the same PCA, then the clustering of its individuals).
class AnalyzePca final : public Command {
 public:
  explicit AnalyzePca(bool clustering) : m_clustering(clustering) {}
  void setup(CLI::App& app) override {
    if (m_clustering) {
      app.add_option("--nb-clust", m_nb_clust, "Number of clusters (default: FactoMineR's inertia-gain rule)")
          ->check(CLI::Range(2, 1000000));
      app.add_flag("--no-consol", m_no_consol, "No k-means consolidation after the tree");
      app.add_option("--min", m_min, "The rule looks at min..max clusters (default 3)")->check(CLI::Range(2, 1000));
      app.add_option("--max", m_max, "(default: min(10, n / 2))")->check(CLI::Range(2, 1000));
      app.add_option("--stability", m_replicates, "Bootstrap replicates of the cluster stability (default 100, 0: none)")
          ->check(CLI::Range(0, 100000));
      app.add_option("--seed", m_seed, "Seed of the bootstrap (default 1)");
    }
    app.add_option("--input", m_input, "CSV file (first column: row names when it is unique text)")->required();
    app.add_option("--ncp", m_ncp, "Dimensions kept (default 5)")->check(CLI::Range(1, 1000));
    app.add_flag("--no-scale", m_no_scale, "Centre only (default: standardise every variable)");
    app.add_option("--sup-quanti", m_sup_quanti, "Supplementary quantitative columns (names, comma-separated)");
    app.add_option("--sup-quali", m_sup_quali, "Supplementary categorical columns (names, comma-separated)");
    app.add_option("--sup-ind", m_sup_ind, "Supplementary rows (row names, comma-separated)");
    app.add_option("--row-weights", m_weights, "Column of row weights (left out of the analysis)");
    app.add_option("--format", m_format, "table (default), json (FactoMineR's names) or csv (tidy)")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    app.add_option("-o,--output", m_output, "Output file (default: standard output)");
  }

  int run(const Context& /*ctx*/) override {
    std::ifstream in(m_input, std::ios::binary);
    if (!in) throw Error(ExitCode::missing_data, fmt::format("cannot open {}", m_input));
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    auto data = analysis::read_csv(text, m_input);
    analysis::PcaOptions o;
    o.ncp = m_ncp;
    o.scale_unit = !m_no_scale;
    if (!m_weights.empty()) {
      // The weight column is removed from the data; its values weight the active rows.
      const auto j = data.column(m_weights);
      const auto weights = data.columns[j];
      if (!weights.quantitative) throw InputError({{m_input, 1, 0, m_weights}, "the row weights must be numbers"});
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
    const auto r = analysis::pca(data, o);
    if (m_clustering) {
      analysis::HcpcOptions h;
      h.nb_clust = m_nb_clust;
      h.consol = !m_no_consol;
      h.min = m_min;
      h.max = m_max;
      analysis::Typology t;
      t.clusters = analysis::hcpc(r, o.row_weights, h);
      t.description = analysis::describe(data, t.clusters, r);
      t.replicates = m_replicates;
      t.seed = m_seed;
      if (m_replicates > 0) t.stability = analysis::stability(r, t.clusters, h, m_replicates, m_seed);
      if (m_format == "json") {
        emit(m_output, analysis::to_json(t).dump(2) + "\n");
      } else if (m_format == "csv") {
        emit(m_output, analysis::to_csv(t.clusters));
      } else {
        emit(m_output, analysis::to_text(t));
      }
      for (const auto& w : r.warnings) std::cerr << "fabscope: " << w << "\n";
      return 0;
    }
    if (m_format == "json") {
      emit(m_output, analysis::to_json(r).dump(2) + "\n");
    } else if (m_format == "csv") {
      emit(m_output, analysis::to_csv(r));
    } else {
      emit(m_output, analysis::to_text(r));
    }
    for (const auto& w : r.warnings) std::cerr << "fabscope: " << w << "\n";
    return 0;
  }

 private:
  std::string m_input, m_sup_quanti, m_sup_quali, m_sup_ind, m_weights, m_format = "table", m_output;
  std::size_t m_ncp = 5;
  bool m_no_scale = false;
  bool m_clustering = false;
  int m_nb_clust = -1;
  bool m_no_consol = false;
  std::size_t m_min = 3, m_max = 0, m_replicates = 100;
  std::uint64_t m_seed = 1;
  std::vector<double> m_weight_values;
};

}  // namespace

std::unique_ptr<Command> make_analyze_pca() { return std::make_unique<AnalyzePca>(false); }
std::unique_ptr<Command> make_analyze_hcpc() { return std::make_unique<AnalyzePca>(true); }

}  // namespace fabscope::cli
