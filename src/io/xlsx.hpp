// A small XLSX (Office Open XML spreadsheet) reader: shared strings, inline strings,
// numbers, booleans; enough for the statistical tables that INSEE publishes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "io/archive.hpp"

namespace fabscope::io {

enum class CellType { empty, text, number, boolean, error };

struct XlsxCell {
  CellType type = CellType::empty;
  std::string_view value;  // the text, or the number as written in the file
};

// One row of a sheet: cells by 0-based column index (gaps are empty cells).
struct XlsxRow {
  std::int64_t number = 0;  // 1-based row number as in the sheet
  std::vector<XlsxCell> cells;
  [[nodiscard]] XlsxCell at(std::size_t column) const { return column < cells.size() ? cells[column] : XlsxCell{}; }
};

// Columns of a sheet: A..XFD, as in every spreadsheet program since Excel 2007.
inline constexpr std::size_t kMaxColumns = 16384;
// "A" -> 0, "AB" -> 27; a reference beyond XFD gives kMaxColumns (out of range).
std::size_t column_index(std::string_view letters);
std::string column_letters(std::size_t index);

class XlsxWorkbook {
 public:
  static XlsxWorkbook open_file(const std::filesystem::path& path);
  static XlsxWorkbook open_bytes(std::string bytes, std::string label);

  [[nodiscard]] const std::vector<std::string>& sheet_names() const { return m_sheet_names; }
  [[nodiscard]] const std::string& label() const { return m_zip.label(); }
  // Calls `on_row` for each non-empty row in order. `on_row` returns false to stop.
  // Cells' string_views stay valid during the call only.
  void for_each_row(const std::string& sheet, const std::function<bool(const XlsxRow&)>& on_row) const;
  // Location of a cell for error messages: "book.xlsx!Sheet:row:column".
  [[nodiscard]] Location where(const std::string& sheet, std::int64_t row, std::size_t column,
                               std::string field = {}) const;

 private:
  explicit XlsxWorkbook(ZipArchive zip);
  ZipArchive m_zip;
  std::vector<std::string> m_sheet_names;
  std::vector<std::string> m_sheet_paths;
  std::vector<std::string> m_shared;
};

}  // namespace fabscope::io
