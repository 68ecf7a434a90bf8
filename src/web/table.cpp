#include "web/table.hpp"

#include <fmt/format.h>

#include <unistd.h>
#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/text.hpp"
#include "io/xlsx_writer.hpp"

namespace fabscope::web {

Cell text_cell(std::string text, std::string href) {
  return Cell{std::move(text), std::numeric_limits<double>::quiet_NaN(), false, std::move(href)};
}
Cell number_cell(double v, std::string display) { return Cell{std::move(display), v, true, {}}; }

std::string to_csv(const Table& t) {
  std::string out;
  for (std::size_t i = 0; i < t.columns.size(); ++i) out += (i ? "," : "") + text::csv_field(t.columns[i]);
  out += "\n";
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out += ",";
      if (row[i].numeric) {
        if (!std::isnan(row[i].number)) out += fmt::format("{:.15g}", row[i].number);
      } else {
        out += text::csv_field(row[i].text);
      }
    }
    out += "\n";
  }
  return out;
}

std::string to_xlsx(const std::vector<Table>& tables) {
  std::vector<io::XlsxSheet> sheets;
  for (const auto& t : tables) {
    io::XlsxSheet s;
    s.name = t.sheet.empty() ? "data" : t.sheet.substr(0, 31);
    s.header = t.columns;
    for (const auto& row : t.rows) {
      std::vector<io::XlsxValue> r;
      for (const auto& c : row) {
        if (c.numeric) {
          r.emplace_back(c.number);
        } else if (c.text.empty()) {
          r.emplace_back(std::monostate{});
        } else {
          r.emplace_back(c.text);
        }
      }
      s.rows.push_back(std::move(r));
    }
    sheets.push_back(std::move(s));
  }
  const auto path =
      std::filesystem::temp_directory_path() /
      fmt::format("fabscope-{}-{}.xlsx", ::getpid(), std::hash<std::thread::id>{}(std::this_thread::get_id()));
  io::write_xlsx(path, sheets);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return ss.str();
}

}  // namespace fabscope::web
