// What the `analyze` commands share: reading their CSV, splitting name lists.
#pragma once

#include <string>
#include <vector>

#include "analysis/dataset.hpp"

namespace fabscope::cli {

// The CSV of an analysis (docs/analysis/index.md), its rows named by `row_names` (a column
// whose values are unique) when given, else by the reading rules.
analysis::DataSet read_analysis_input(const std::string& path, const std::string& row_names);

// "a, b,c" -> {"a", "b", "c"}; empty items dropped.
std::vector<std::string> split_names(const std::string& list);

}  // namespace fabscope::cli
