// fabscope analyze pca: the analyses on any CSV (docs/analysis/). Thin: read, call, write.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "analysis/dataset.hpp"
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

class AnalyzePca final : public Command {
 public:
  void setup(CLI::App& app) override {
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
  std::vector<double> m_weight_values;
};

}  // namespace

std::unique_ptr<Command> make_analyze_pca() { return std::make_unique<AnalyzePca>(); }

}  // namespace fabscope::cli
