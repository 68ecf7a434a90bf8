// What the `analyze` commands share: reading their CSV, splitting name lists.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>

#include "analysis/dataset.hpp"
#include "analysis/serialize.hpp"
#include "cli/format.hpp"
#include "cli/context.hpp"
#include "referential/panel.hpp"

namespace fabscope::cli {

// The CSV of an analysis (docs/analysis/index.md), its rows named by `row_names` (a column
// whose values are unique) when given, else by the reading rules.
analysis::DataSet read_analysis_input(const std::string& path, const std::string& row_names);

// Where an analysis reads its data: --input FILE.csv (with --row-names), or --panel (the
// evaluation panel of the store, referential::analysis_panel, with the built-in référentiel).
struct AnalysisInput {
  std::string path, row_names;
  bool panel = false;
  std::optional<referential::Evaluation> evaluation;  // set by read() with --panel
  void add_options(CLI::App& app, const std::string& what);
  analysis::DataSet read(const Context& ctx);
};

// An analysis' result in the chosen format (json, csv, table) to `output` ("" = standard
// output); outside the table, the warnings go to standard error.
template <class Result>
void write_result(const Result& r, const std::string& format, const std::string& output) {
  if (format == "json") {
    emit(output, analysis::to_json(r).dump(2) + "\n");
  } else if (format == "csv") {
    emit(output, analysis::to_csv(r));
  } else {
    emit(output, analysis::to_text(r));
  }
  if (format != "table") {
    for (const auto& w : r.warnings) std::cerr << "fabscope: " << w << "\n";
  }
}

// "a, b,c" -> {"a", "b", "c"}; empty items dropped.
std::vector<std::string> split_names(const std::string& list);

}  // namespace fabscope::cli
