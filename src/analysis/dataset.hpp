// A data set for the analyses: named rows, quantitative and categorical columns, missing
// values (NaN, or an empty category). Read from any CSV by the rules of docs/analysis/index.md:
// the first column names the rows when it is unique text; a column whose every non-empty cell
// is a number is quantitative, any other is categorical.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fabscope::analysis {

struct Column {
  std::string name;
  bool quantitative = true;
  std::vector<double> values;       // quantitative: NaN = missing
  std::vector<std::string> labels;  // categorical: "" = missing
};

struct DataSet {
  std::vector<std::string> row_names;
  std::vector<Column> columns;
  [[nodiscard]] std::size_t rows() const { return row_names.size(); }
  // Index of a column by name; throws InputError naming the known columns.
  [[nodiscard]] std::size_t column(std::string_view name) const;
  [[nodiscard]] std::size_t row(std::string_view name) const;
};

// A categorical column's categories in the order of R's factor(): the labels sorted, then
// "NA" when a value is missing and `with_missing`.
std::vector<std::string> categories(const Column& c, bool with_missing = true);
// A row's category: its label, or "NA" when it is missing.
const std::string& category_of(const Column& c, std::size_t row);

// Row weights, one per row (`rows` names them in errors): each a finite number >= 0, not all
// 0; all 1 when none are given.
std::vector<double> row_weights(const std::vector<double>& given, const std::vector<std::string>& rows);

// A data set as CSV: a first column `row_header` with the row names, then every column;
// numbers with 15 significant digits, text quoted, missing values empty.
std::string to_csv(const DataSet& data, const std::string& row_header);

// The analyses' one way of refusing their input: InputError naming the field (a column,
// an option) and why.
[[noreturn]] void reject(const std::string& field, const std::string& message);

// Throws InputError (file, line, column) on a ragged row or a text that is not CSV; `label`
// names the input in errors. Separator: comma, or semicolon when the header has more of them.
DataSet read_csv(const std::string& text, const std::string& label);

}  // namespace fabscope::analysis
