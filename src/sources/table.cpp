#include "sources/table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"

namespace fabscope::sources {

void RowView::problem(std::size_t col, std::string message) {
  m_problems.add(locate(physical[col], m_names[col]), std::move(message));
}

bool RowView::blank() const {
  return std::all_of(values.begin(), values.end(), [](std::string_view v) { return text::trim(v).empty(); });
}

std::string RowView::text(std::size_t col, bool required, bool allow_number) {
  const auto v = text::trim(values[col]);
  if (v.empty()) {
    if (required) problem(col, "expected a value, found an empty cell");
    return {};
  }
  if (types[col] == io::CellType::number && !allow_number) {
    problem(col, fmt::format("expected text, found the number {} (codes must be stored as text to "
                             "keep their leading zeros)",
                             v));
  }
  return std::string(v);
}

double RowView::number(std::size_t col, bool decimal_comma) {
  const auto v = text::trim(values[col]);
  if (v.empty()) return text::kMissing;
  if (const auto d = text::parse_double(v, decimal_comma)) return *d;
  problem(col, fmt::format("expected a number, found '{}'", v));
  return text::kMissing;
}

std::size_t read_xlsx_table(const io::XlsxWorkbook& book, const std::string& sheet, const std::string& header_key,
                            const std::vector<std::string>& columns, ProblemList& problems,
                            const std::function<void(RowView&)>& on_row) {
  std::vector<std::size_t> index;
  bool have_header = false;
  std::size_t rows = 0;
  RowView view(problems, columns);
  view.locate = [&](std::size_t col, const std::string& name) { return book.where(sheet, view.m_line, col, name); };
  book.for_each_row(sheet, [&](const io::XlsxRow& row) {
    if (!have_header) {
      if (row.at(0).value == header_key) {
        std::vector<std::string_view> header;
        for (const auto& c : row.cells) header.push_back(c.value);
        index = io::require_columns(header, columns, book.where(sheet, row.number, 0, "header"));
        have_header = true;
        view.physical = index;
      } else if (row.number > 20) {
        throw InputError(Problem{{book.label() + "!" + sheet, 0, 0, {}},
                                 fmt::format("no header row starting with '{}' in the first 20 rows", header_key)});
      }
      return true;
    }
    view.values.clear();
    view.types.clear();
    for (const auto i : index) {
      const auto cell = row.at(i);
      view.values.push_back(cell.value);
      view.types.push_back(cell.type);
    }
    view.m_line = row.number;
    if (view.blank()) return true;
    ++rows;
    on_row(view);
    return true;
  });
  if (!have_header) {
    throw InputError(
        Problem{{book.label() + "!" + sheet, 0, 0, {}}, fmt::format("no header row starting with '{}'", header_key)});
  }
  return rows;
}

std::size_t read_csv_table(io::CsvReader& reader, const std::vector<std::string>& columns, ProblemList& problems,
                           const std::function<void(RowView&)>& on_row) {
  std::vector<std::string_view> fields;
  if (!reader.next(fields)) {
    throw InputError(Problem{{reader.label(), 1, 0, {}}, "empty file: no header"});
  }
  const auto index = io::require_columns(fields, columns, {reader.label(), reader.line(), 0, "header"});
  const std::size_t width = fields.size();
  RowView view(problems, columns);
  view.physical = index;
  view.locate = [&](std::size_t col, const std::string& name) { return reader.where(col, name); };
  std::size_t rows = 0;
  while (reader.next(fields)) {
    view.m_line = reader.line();
    if (fields.size() != width) {
      problems.add({reader.label(), reader.line(), static_cast<std::int64_t>(std::min(fields.size(), width)) + 1, {}},
                   fmt::format("expected {} fields, found {}", width, fields.size()));
      continue;
    }
    view.values.clear();
    view.types.assign(index.size(), io::CellType::text);
    for (const auto i : index) view.values.push_back(fields[i]);
    ++rows;
    on_row(view);
  }
  return rows;
}

}  // namespace fabscope::sources
