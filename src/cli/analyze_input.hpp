// What the `analyze` commands share: reading their CSV, splitting name lists.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <optional>

#include "analysis/dataset.hpp"
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

// "a, b,c" -> {"a", "b", "c"}; empty items dropped.
std::vector<std::string> split_names(const std::string& list);

}  // namespace fabscope::cli
