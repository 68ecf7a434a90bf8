#include "io/xlsx_writer.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <cmath>

#include "core/error.hpp"

namespace fabscope::io {

void write_xlsx(const std::filesystem::path& path, const std::vector<XlsxSheet>& sheets) {
  const std::string tmp = path.string() + ".tmp.xlsx";
  lxw_workbook* wb = workbook_new(tmp.c_str());
  if (wb == nullptr) throw Error(ExitCode::failure, fmt::format("cannot create {}", path.string()));
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (const auto& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.substr(0, 31).c_str());
    if (ws == nullptr) {
      workbook_close(wb);
      std::filesystem::remove(tmp);
      throw Error(ExitCode::failure, fmt::format("{}: invalid sheet name '{}'", path.string(), sheet.name));
    }
    for (std::size_t c = 0; c < sheet.header.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.header[c].c_str(), bold);
    }
    for (std::size_t c = 0; c < sheet.column_widths.size(); ++c) {
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), sheet.column_widths[c], nullptr);
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const auto& v = sheet.rows[r][c];
        if (const auto* s = std::get_if<std::string>(&v)) {
          worksheet_write_string(ws, row, col, s->c_str(), nullptr);
        } else if (const auto* d = std::get_if<double>(&v); d != nullptr && !std::isnan(*d)) {
          worksheet_write_number(ws, row, col, *d, nullptr);
        }
      }
    }
  }
  const lxw_error rc = workbook_close(wb);
  if (rc != LXW_NO_ERROR) {
    std::filesystem::remove(tmp);
    throw Error(ExitCode::failure, fmt::format("cannot write {}: {}", path.string(), lxw_strerror(rc)));
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace fabscope::io
