// Writing XLSX workbooks (libxlsxwriter): one sheet per table, a bold header row.
#pragma once

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace fabscope::io {

// A cell: empty (missing), text or number. NaN numbers are written as empty cells.
using XlsxValue = std::variant<std::monostate, std::string, double>;

struct XlsxSheet {
  std::string name;  // ≤ 31 characters
  std::vector<std::string> header;
  std::vector<std::vector<XlsxValue>> rows;
  std::vector<double> column_widths;  // optional
};

// Writes through a temporary file and renames it; throws Error(failure) naming the path.
void write_xlsx(const std::filesystem::path& path, const std::vector<XlsxSheet>& sheets);

}  // namespace fabscope::io
