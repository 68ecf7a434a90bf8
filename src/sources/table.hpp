// Reading a table with named columns from a CSV file or an XLSX sheet, with typed,
// validated access to each cell. Every problem is recorded with file:line:column and
// the column's name; the caller throws once the whole table has been read.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "io/csv.hpp"
#include "io/xlsx.hpp"

namespace fabscope::sources {

class RowView {
 public:
  RowView(ProblemList& problems, const std::vector<std::string>& names) : m_problems(problems), m_names(names) {}

  // Text of a required column; a problem when empty or not text (a number cell in an
  // XLSX sheet is accepted only when `allow_number` is set).
  std::string text(std::size_t col, bool required = true, bool allow_number = false);
  // Number; blank -> NaN (a missing value, never 0); a problem when not a number.
  double number(std::size_t col, bool decimal_comma = false);
  // A problem attached to the cell.
  void problem(std::size_t col, std::string message);
  [[nodiscard]] bool blank() const;
  [[nodiscard]] std::int64_t line() const { return m_line; }

  // Set by the table readers.
  std::vector<std::string_view> values;  // by required column
  std::vector<io::CellType> types;
  std::vector<std::size_t> physical;  // 0-based physical column of each required column
  std::int64_t m_line = 0;
  std::function<Location(std::size_t physical_col, const std::string& name)> locate;

 private:
  ProblemList& m_problems;
  const std::vector<std::string>& m_names;
};

// Reads the sheet: the header row is the first row (among the first 20) whose column A is
// `header_key`; then each non-empty row below it is passed to `on_row` with the
// `columns` in order. Throws InputError when the header is not found or lacks a column.
std::size_t read_xlsx_table(const io::XlsxWorkbook& book, const std::string& sheet, const std::string& header_key,
                            const std::vector<std::string>& columns, ProblemList& problems,
                            const std::function<void(RowView&)>& on_row);

// Reads a CSV whose first record is the header.
std::size_t read_csv_table(io::CsvReader& reader, const std::vector<std::string>& columns, ProblemList& problems,
                           const std::function<void(RowView&)>& on_row);

}  // namespace fabscope::sources
