#include "io/xlsx.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <deque>

namespace fabscope::io {

std::size_t column_index(std::string_view letters) {
  std::size_t idx = 0;
  for (const char c : letters) {
    if (c < 'A' || c > 'Z') break;
    idx = idx * 26 + static_cast<std::size_t>(c - 'A' + 1);
  }
  return idx == 0 ? 0 : idx - 1;
}

std::string column_letters(std::size_t index) {
  std::string out;
  ++index;
  while (index > 0) {
    const auto rem = (index - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + rem));
    index = (index - 1) / 26;
  }
  return out;
}

namespace {

// Parses an XML part in place; a syntax error names the part with line and column,
// counted on the original text (in-place parsing overwrites some characters).
pugi::xml_document parse_part(const ZipArchive& zip, const std::string& name, std::string& text) {
  const std::string where = zip.label() + "!" + name;
  pugi::xml_document doc;
  const auto res = doc.load_buffer_inplace(text.data(), text.size(),
                                           pugi::parse_default);
  if (!res) {
    const auto off = static_cast<std::size_t>(std::max<std::ptrdiff_t>(res.offset, 0));
    text = zip.read(name);
    const auto upto = text.substr(0, std::min(off, text.size()));
    const auto line = 1 + std::count(upto.begin(), upto.end(), '\n');
    const auto nl = upto.rfind('\n');
    const auto col = static_cast<std::int64_t>(off - (nl == std::string::npos ? 0 : nl + 1)) + 1;
    throw InputError(Problem{{where, line, col, {}}, fmt::format("malformed XML: {}", res.description())});
  }
  return doc;
}

// Text of a string item: <t> directly, or the concatenation of rich-text runs <r><t>.
std::string item_text(const pugi::xml_node& si) {
  if (auto t = si.child("t")) return t.text().get();
  std::string out;
  for (auto r : si.children("r")) out += r.child("t").text().get();
  return out;
}

std::string resolve_target(const std::string& target) {
  if (!target.empty() && target.front() == '/') return target.substr(1);
  return "xl/" + target;
}

}  // namespace

XlsxWorkbook XlsxWorkbook::open_file(const std::filesystem::path& path) {
  return XlsxWorkbook(ZipArchive::open_file(path));
}

XlsxWorkbook XlsxWorkbook::open_bytes(std::string bytes, std::string label) {
  return XlsxWorkbook(ZipArchive::open_bytes(std::move(bytes), std::move(label)));
}

XlsxWorkbook::XlsxWorkbook(ZipArchive zip) : m_zip(std::move(zip)) {
  if (!m_zip.contains("xl/workbook.xml")) {
    throw InputError(Problem{{m_zip.label(), 0, 0, {}},
                             "not an XLSX workbook (no xl/workbook.xml in the archive)"});
  }
  std::string wb_text = m_zip.read("xl/workbook.xml");
  auto wb = parse_part(m_zip, "xl/workbook.xml", wb_text);
  std::string rels_text = m_zip.read("xl/_rels/workbook.xml.rels");
  auto rels = parse_part(m_zip, "xl/_rels/workbook.xml.rels", rels_text);
  for (auto sheet : wb.child("workbook").child("sheets").children("sheet")) {
    const std::string rid = sheet.attribute("r:id").value();
    std::string target;
    for (auto rel : rels.child("Relationships").children("Relationship")) {
      if (rid == rel.attribute("Id").value()) target = rel.attribute("Target").value();
    }
    m_sheet_names.emplace_back(sheet.attribute("name").value());
    m_sheet_paths.push_back(resolve_target(target));
  }
  if (m_zip.contains("xl/sharedStrings.xml")) {
    std::string sst_text = m_zip.read("xl/sharedStrings.xml");
    auto sst = parse_part(m_zip, "xl/sharedStrings.xml", sst_text);
    for (auto si : sst.child("sst").children("si")) m_shared.push_back(item_text(si));
  }
}

Location XlsxWorkbook::where(const std::string& sheet, std::int64_t row, std::size_t column,
                             std::string field) const {
  return {fmt::format("{}!{}", m_zip.label(), sheet), row, static_cast<std::int64_t>(column) + 1,
          field.empty() ? fmt::format("cell {}{}", column_letters(column), row)
                        : fmt::format("cell {}{}, {}", column_letters(column), row, field)};
}

void XlsxWorkbook::for_each_row(const std::string& sheet,
                                const std::function<bool(const XlsxRow&)>& on_row) const {
  const auto it = std::find(m_sheet_names.begin(), m_sheet_names.end(), sheet);
  if (it == m_sheet_names.end()) {
    throw InputError(Problem{{m_zip.label(), 0, 0, {}},
                             fmt::format("no sheet named '{}' (sheets: {})", sheet,
                                         fmt::join(m_sheet_names, ", "))});
  }
  const auto& part = m_sheet_paths[static_cast<std::size_t>(it - m_sheet_names.begin())];
  std::string text = m_zip.read(part);
  auto doc = parse_part(m_zip, part, text);
  XlsxRow row;
  std::deque<std::string> inline_texts;  // rich-text inline strings of the current row
  std::int64_t next_row = 1;
  for (auto r : doc.child("worksheet").child("sheetData").children("row")) {
    row.number = r.attribute("r").as_llong(next_row);
    next_row = row.number + 1;
    row.cells.clear();
    inline_texts.clear();
    std::size_t next_col = 0;
    for (auto c : r.children("c")) {
      const char* ref = c.attribute("r").value();
      const std::size_t col = *ref != '\0' ? column_index(ref) : next_col;
      next_col = col + 1;
      if (row.cells.size() <= col) row.cells.resize(col + 1);
      XlsxCell cell;
      const std::string_view t = c.attribute("t").value();
      if (t == "s") {
        const auto idx = c.child("v").text().as_ullong(~0ULL);
        if (idx >= m_shared.size()) {
          throw InputError(Problem{where(sheet, row.number, col),
                                   fmt::format("shared string index {} out of range", idx)});
        }
        cell = {CellType::text, m_shared[idx]};
      } else if (t == "inlineStr") {
        const auto is = c.child("is");
        if (is.child("t")) {
          cell = {CellType::text, is.child("t").text().get()};
        } else {
          inline_texts.push_back(item_text(is));
          cell = {CellType::text, inline_texts.back()};
        }
      } else if (t == "str") {
        cell = {CellType::text, c.child("v").text().get()};
      } else if (t == "b") {
        cell = {CellType::boolean, c.child("v").text().get()};
      } else if (t == "e") {
        cell = {CellType::error, c.child("v").text().get()};
      } else {
        const std::string_view v = c.child("v").text().get();
        cell = v.empty() ? XlsxCell{} : XlsxCell{CellType::number, v};
      }
      row.cells[col] = cell;
    }
    if (!row.cells.empty() && !on_row(row)) return;
  }
}

}  // namespace fabscope::io
