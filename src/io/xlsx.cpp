#include "io/xlsx.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <deque>
#include <stdexcept>

namespace fabscope::io {

std::size_t column_index(std::string_view letters) {
  std::size_t idx = 0;
  for (const char c : letters) {
    if (c < 'A' || c > 'Z') break;
    idx = idx * 26 + static_cast<std::size_t>(c - 'A' + 1);
    if (idx > kMaxColumns) return kMaxColumns;  // and no overflow on long references
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
  const auto res = doc.load_buffer_inplace(text.data(), text.size(), pugi::parse_default);
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
    throw InputError(Problem{{m_zip.label(), 0, 0, {}}, "not an XLSX workbook (no xl/workbook.xml in the archive)"});
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

Location XlsxWorkbook::where(const std::string& sheet, std::int64_t row, std::size_t column, std::string field) const {
  return {fmt::format("{}!{}", m_zip.label(), sheet), row, static_cast<std::int64_t>(column) + 1,
          field.empty() ? fmt::format("cell {}{}", column_letters(column), row)
                        : fmt::format("cell {}{}, {}", column_letters(column), row, field)};
}

namespace {

// Decodes the five XML entities and numeric character references.
std::string decode_entities(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '&') {
      out += v[i];
      continue;
    }
    const auto semi = v.find(';', i);
    if (semi == std::string_view::npos) throw std::runtime_error("bad entity");
    const auto name = v.substr(i + 1, semi - i - 1);
    if (name == "amp")
      out += '&';
    else if (name == "lt")
      out += '<';
    else if (name == "gt")
      out += '>';
    else if (name == "quot")
      out += '"';
    else if (name == "apos")
      out += '\'';
    else if (!name.empty() && name[0] == '#') {
      const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      const unsigned long cp = std::stoul(std::string(name.substr(hex ? 2 : 1)), nullptr, hex ? 16 : 10);
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    } else {
      throw std::runtime_error("unknown entity");
    }
    i = semi;
  }
  return out;
}

// A fast scanner for the regular sheet XML that spreadsheet programs write. It reads only
// the forms it knows (rows, cells, values, inline strings, formulas) and gives up on
// anything else; the caller then falls back to the full XML parser, which either reads
// the unusual form or reports the syntax error with its line and column.
struct ScannedCell {
  std::size_t col;
  CellType type;
  std::string_view text;  // raw text, or a shared string, or decoded storage
  bool shared;            // text is a shared-string index
};
class GiveUp {};

class SheetScanner {
 public:
  explicit SheetScanner(std::string_view xml) : m_xml(xml) {}

  // Positions the scanner on the first row; false when the sheet has no rows.
  bool begin() {
    m_pos = m_xml.find("<sheetData");
    if (m_pos == std::string_view::npos) throw GiveUp{};
    m_pos = m_xml.find('>', m_pos);
    if (m_pos == std::string_view::npos) throw GiveUp{};
    if (m_xml[m_pos - 1] == '/') return false;  // <sheetData/>
    ++m_pos;
    return true;
  }

  // Scans the next <row> element: its number and its non-empty cells (appended to
  // `cells`). False at the end of the sheet data.
  bool next(std::int64_t& number, std::vector<ScannedCell>& cells, std::deque<std::string>& decoded) {
    skip_ws();
    if (starts("</sheetData>")) return false;
    if (!starts_tag("row")) throw GiveUp{};
    const auto attrs = tag_attributes();
    number = m_next_row;
    if (const auto r = attribute(attrs.text, "r"); !r.empty()) number = std::stoll(std::string(r));
    m_next_row = number + 1;
    std::size_t next_col = 0;
    if (!attrs.self_closing) {
      while (true) {
        skip_ws();
        if (starts("</row>")) {
          m_pos += 6;
          break;
        }
        if (!starts_tag("c")) throw GiveUp{};
        const auto cattrs = tag_attributes();
        const auto ref = attribute(cattrs.text, "r");
        const std::size_t col = ref.empty() ? next_col : column_index(ref);
        if (col >= kMaxColumns) throw GiveUp{};  // the full parser reports it, located
        next_col = col + 1;
        const auto t = attribute(cattrs.text, "t");
        ScannedCell cell{col, CellType::empty, {}, false};
        if (!cattrs.self_closing) read_cell_content(t, cell, decoded);
        if (cell.type != CellType::empty) cells.push_back(cell);
      }
    }
    return true;
  }

 private:
  struct Attrs {
    std::string_view text;
    bool self_closing;
  };

  void skip_ws() {
    while (m_pos < m_xml.size() &&
           (m_xml[m_pos] == ' ' || m_xml[m_pos] == '\n' || m_xml[m_pos] == '\r' || m_xml[m_pos] == '\t'))
      ++m_pos;
  }
  bool starts(std::string_view s) const { return m_xml.compare(m_pos, s.size(), s) == 0; }
  bool starts_tag(std::string_view name) {
    if (m_pos + 1 + name.size() >= m_xml.size() || m_xml[m_pos] != '<' ||
        m_xml.compare(m_pos + 1, name.size(), name) != 0)
      return false;
    const char next = m_xml[m_pos + 1 + name.size()];
    if (next != ' ' && next != '>' && next != '/') return false;
    m_pos += 1 + name.size();
    return true;
  }
  Attrs tag_attributes() {
    const auto end = m_xml.find('>', m_pos);
    if (end == std::string_view::npos) throw GiveUp{};
    const bool self = m_xml[end - 1] == '/';
    Attrs a{m_xml.substr(m_pos, end - m_pos - (self ? 1 : 0)), self};
    if (a.text.find('<') != std::string_view::npos) throw GiveUp{};
    m_pos = end + 1;
    return a;
  }
  static std::string_view attribute(std::string_view attrs, std::string_view name) {
    std::size_t p = 0;
    while ((p = attrs.find(name, p)) != std::string_view::npos) {
      const bool start = p == 0 || attrs[p - 1] == ' ' || attrs[p - 1] == '\n' || attrs[p - 1] == '\t';
      const auto eq = p + name.size();
      if (start && eq + 1 < attrs.size() && attrs[eq] == '=' && (attrs[eq + 1] == '"' || attrs[eq + 1] == '\'')) {
        const auto close = attrs.find(attrs[eq + 1], eq + 2);
        if (close == std::string_view::npos) throw GiveUp{};
        return attrs.substr(eq + 2, close - eq - 2);
      }
      p = eq;
    }
    return {};
  }
  // Text up to the closing tag `close`, with no markup inside.
  std::string_view text_until(std::string_view close) {
    const auto end = m_xml.find(close, m_pos);
    if (end == std::string_view::npos) throw GiveUp{};
    const auto text = m_xml.substr(m_pos, end - m_pos);
    if (text.find('<') != std::string_view::npos) throw GiveUp{};
    m_pos = end + close.size();
    return text;
  }
  std::string_view keep(std::string_view raw, std::deque<std::string>& decoded) {
    if (raw.find('&') == std::string_view::npos) return raw;
    try {
      decoded.push_back(decode_entities(raw));
    } catch (const std::exception&) {
      throw GiveUp{};
    }
    return decoded.back();
  }
  void read_cell_content(std::string_view t, ScannedCell& cell, std::deque<std::string>& decoded) {
    while (true) {
      skip_ws();
      if (starts("</c>")) {
        m_pos += 4;
        return;
      }
      if (starts("<v>")) {
        m_pos += 3;
        const auto raw = text_until("</v>");
        if (t == "s") {
          cell = {cell.col, CellType::text, raw, true};
        } else if (t == "str" || t == "inlineStr") {
          cell = {cell.col, CellType::text, keep(raw, decoded), false};
        } else if (t == "b") {
          cell = {cell.col, CellType::boolean, raw, false};
        } else if (t == "e") {
          cell = {cell.col, CellType::error, keep(raw, decoded), false};
        } else if (t.empty() || t == "n") {
          cell = raw.empty() ? ScannedCell{cell.col, CellType::empty, {}, false}
                             : ScannedCell{cell.col, CellType::number, raw, false};
        } else {
          throw GiveUp{};
        }
      } else if (starts("<v/>")) {
        m_pos += 4;
      } else if (starts_tag("f")) {
        if (!tag_attributes().self_closing) {
          const auto end = m_xml.find("</f>", m_pos);
          if (end == std::string_view::npos) throw GiveUp{};
          m_pos = end + 4;
        }
      } else if (starts("<is>")) {
        m_pos += 4;
        const auto end = m_xml.find("</is>", m_pos);
        if (end == std::string_view::npos) throw GiveUp{};
        const auto body = m_xml.substr(m_pos, end - m_pos);
        m_pos = end + 5;
        // Phonetic runs (<rPh>) are not part of the text: the full parser skips them.
        if (body.find("<rPh") != std::string_view::npos) throw GiveUp{};
        // Concatenate every <t>…</t> (plain or rich-text runs); anything else but run
        // properties is unexpected.
        std::string joined;
        std::size_t p = 0;
        bool single = true;
        std::string_view only;
        int count = 0;
        while ((p = body.find("<t", p)) != std::string_view::npos) {
          const auto gt = body.find('>', p);
          if (gt == std::string_view::npos || (body[p + 2] != '>' && body[p + 2] != ' ')) throw GiveUp{};
          const auto close = body.find("</t>", gt);
          if (close == std::string_view::npos) throw GiveUp{};
          const auto piece = body.substr(gt + 1, close - gt - 1);
          if (piece.find('<') != std::string_view::npos) throw GiveUp{};
          only = piece;
          joined += piece;
          ++count;
          p = close + 4;
        }
        single = count == 1;
        if (single) {
          cell = {cell.col, CellType::text, keep(only, decoded), false};
        } else {
          decoded.push_back(joined);
          cell = {cell.col, CellType::text, keep(decoded.back(), decoded), false};
        }
      } else {
        throw GiveUp{};
      }
    }
  }

  std::string_view m_xml;
  std::size_t m_pos = 0;
  std::int64_t m_next_row = 1;
};

}  // namespace

void XlsxWorkbook::for_each_row(const std::string& sheet, const std::function<bool(const XlsxRow&)>& on_row) const {
  const auto it = std::find(m_sheet_names.begin(), m_sheet_names.end(), sheet);
  if (it == m_sheet_names.end()) {
    throw InputError(Problem{{m_zip.label(), 0, 0, {}},
                             fmt::format("no sheet named '{}' (sheets: {})", sheet, fmt::join(m_sheet_names, ", "))});
  }
  const auto& part = m_sheet_paths[static_cast<std::size_t>(it - m_sheet_names.begin())];
  std::string text = m_zip.read(part);
  // Fast path: rows are scanned and delivered one at a time. If the scanner meets a form
  // it does not know, the full parser takes over after the rows already delivered.
  std::size_t delivered = 0;  // <row> elements handled by the fast path
  {
    SheetScanner scanner(text);
    std::vector<ScannedCell> cells;
    std::deque<std::string> decoded;
    XlsxRow row;
    // 1: a row was scanned, 0: end of the sheet, -1: the scanner gave up.
    auto scan = [&](bool first) {
      try {
        if (first) return scanner.begin() ? 1 : 0;
        cells.clear();
        decoded.clear();
        return scanner.next(row.number, cells, decoded) ? 1 : 0;
      } catch (const GiveUp&) {
        return -1;
      } catch (const std::exception&) {
        return -1;
      }
    };
    int state = scan(true);
    while (state == 1 && (state = scan(false)) == 1) {
      ++delivered;
      row.cells.clear();
      for (const auto& c : cells) {
        if (row.cells.size() <= c.col) row.cells.resize(c.col + 1);
        if (c.shared) {
          unsigned long long idx = ~0ULL;
          const auto [ptr, ec] = std::from_chars(c.text.data(), c.text.data() + c.text.size(), idx);
          if (ec != std::errc() || ptr != c.text.data() + c.text.size() || idx >= m_shared.size()) {
            throw InputError(
                Problem{where(sheet, row.number, c.col), fmt::format("shared string index {} out of range", c.text)});
          }
          row.cells[c.col] = {CellType::text, m_shared[idx]};
        } else {
          row.cells[c.col] = {c.type, c.text};
        }
      }
      if (!row.cells.empty() && !on_row(row)) return;
    }
    if (state == 0) return;
  }
  // Full XML parser: unusual forms, and located syntax errors.
  auto doc = parse_part(m_zip, part, text);
  XlsxRow row;
  std::deque<std::string> inline_texts;  // rich-text inline strings of the current row
  std::int64_t next_row = 1;
  std::size_t index = 0;
  for (auto r : doc.child("worksheet").child("sheetData").children("row")) {
    row.number = r.attribute("r").as_llong(next_row);
    next_row = row.number + 1;
    if (index++ < delivered) continue;  // already delivered by the fast path
    row.cells.clear();
    inline_texts.clear();
    std::size_t next_col = 0;
    for (auto c : r.children("c")) {
      const char* ref = c.attribute("r").value();
      const std::size_t col = *ref != '\0' ? column_index(ref) : next_col;
      if (col >= kMaxColumns) {
        // A row is stored densely: a reference like ZZZZZZ1 would allocate gigabytes.
        throw InputError(Problem{{fmt::format("{}!{}", m_zip.label(), sheet), row.number, 0,
                                  *ref != '\0' ? fmt::format("cell {}", ref) : std::string("cell")},
                                 fmt::format("a cell beyond column XFD (the last of {} columns)", kMaxColumns)});
      }
      next_col = col + 1;
      if (row.cells.size() <= col) row.cells.resize(col + 1);
      XlsxCell cell;
      const std::string_view t = c.attribute("t").value();
      if (t == "s") {
        const auto idx = c.child("v").text().as_ullong(~0ULL);
        if (idx >= m_shared.size()) {
          throw InputError(
              Problem{where(sheet, row.number, col), fmt::format("shared string index {} out of range", idx)});
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
