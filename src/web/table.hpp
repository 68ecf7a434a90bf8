// A table as pages show it and as users download it (CSV, XLSX): one definition, three
// renderings, so the download is exactly what the page shows (with full precision).
#pragma once

#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace fabscope::web {

struct Cell {
  std::string text;                                          // as displayed
  double number = std::numeric_limits<double>::quiet_NaN();  // exported when not NaN
  bool numeric = false;                                      // exported as a number (empty when NaN)
  std::string href;                                          // link on the page
};

struct Table {
  std::string id;                    // HTML id
  std::string sheet;                 // XLSX sheet name
  std::vector<std::string> columns;  // export header (stable ids)
  std::vector<std::string> labels;   // page header (translated)
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> row_ids;  // data-id of each row (optional)
};

Cell text_cell(std::string text, std::string href = "");
Cell number_cell(double v, std::string display);

std::string to_csv(const Table& t);
// XLSX bytes (through a temporary file).
std::string to_xlsx(const std::vector<Table>& tables);

}  // namespace fabscope::web
