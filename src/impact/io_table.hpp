// A national symmetric input-output table, industry by industry, as WIOD publishes its
// National IO tables (docs/impact/io.md): for each year the domestic and imported
// intermediate uses, the final uses, the value added and the output of every industry.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "stats/linalg.hpp"

namespace fabscope::impact {

struct IoIndustry {
  std::string code;   // as in the table's header ("A01", "C10-C12")
  std::string label;  // the table's description (English in WIOD)
};

// One year of the table. Rows supply, columns use; amounts in the table's unit.
struct IoYear {
  int year = 0;
  stats::Matrix z;             // domestic intermediate use, n × n
  stats::Vector household;     // household final consumption of domestic output (CONS_h)
  stats::Vector final_demand;  // every domestic final use (CONS_h … EXP), by product
  stats::Vector imports;       // imported intermediate inputs, by using industry
  stats::Vector value_added;   // VA row, by industry
  stats::Vector output;        // GO row (gross output at basic prices), by industry
};

struct IoTable {
  std::string source;  // the file, as named in messages
  std::string unit;    // "million US$ at current prices" for WIOD's workbook; "" when the file does not say
  std::vector<IoIndustry> industries;
  std::vector<std::string> final_uses;  // the final-use columns found (CONS_h first)
  std::vector<IoYear> years;            // ascending
  [[nodiscard]] const IoYear* year(int y) const;
  [[nodiscard]] std::optional<std::size_t> industry(const std::string& code) const;
};

// Reads a table in WIOD's National IO layout, as the published workbook (.xlsx, sheet
// "National IO-tables" or the only sheet with that header) or as CSV of the same sheet:
// columns Year, Code, Description, Origin, then one column per industry, then the final
// uses (CONS_h required; CONS_np, CONS_g, GFCF, INVEN, EXP optional) and GO; for each
// year one Domestic row per industry in the columns' order, optionally as many Imports
// rows, and TOT rows whose Code is VA and GO. Throws InputError naming the file, sheet,
// row and column of every problem (up to ProblemList::kMaxKept).
IoTable read_io_table(const std::filesystem::path& path);
IoTable read_io_table_bytes(std::string bytes, const std::string& label, bool xlsx);

// Jobs by industry (persons or FTE, the file says which) for one year of `table`: a CSV
// with columns industry and jobs, and optionally year (rows of other years are skipped).
// Every industry of the table must appear once. Throws InputError (file:line:column).
stats::Vector read_employment(const std::string& text, const std::string& label, const IoTable& table, int year);

}  // namespace fabscope::impact
