#include "workshops/mapped.hpp"

#include <fmt/format.h>
#include "io/toml.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/csv.hpp"
#include "io/xlsx.hpp"
#include "sources/table.hpp"
#include "workshops/fields.hpp"

namespace fabscope::workshops {

const std::vector<std::string>& mappable_fields() {
  // "key" (the record's key in the file), the mappable fields of the table, each revenue source.
  static const std::vector<std::string> f = [] {
    std::vector<std::string> ids = {"key"};
    for (const auto& field : workshop_fields()) {
      if (field.mappable) ids.emplace_back(field.id);
    }
    for (const auto id : kRevenueIds) ids.emplace_back(id);
    return ids;
  }();
  return f;
}

namespace {

// Reads a mapping file's TOML tree phase by phase (file options, columns, value tables, then
// the checks between them); every problem goes to one list, thrown at the end.
class MappingReader {
 public:
  MappingReader(const toml::table& root, const std::string& label) : m_root(root), m_label(label) {}

  ColumnMapping read() {
    options();
    columns();
    value_maps();
    consistency();
    m_problems.throw_if_any();
    return std::move(m_m);
  }

 private:
  std::string str(const char* key, bool required) {
    const auto* n = m_root.get(key);
    if (n == nullptr) {
      if (required) m_problems.add({m_label, 0, 0, key}, "required key missing");
      return {};
    }
    if (!n->is_string()) {
      m_problems.add({m_label, io::toml_line(*n), 0, key}, "expected a string");
      return {};
    }
    return n->as_string()->get();
  }

  // The register id, date, and how to read the file.
  void options() {
    m_m.source = str("source", false);
    if (!m_m.source.empty() && m_m.source.find_first_of(" :/") != std::string::npos) {
      m_problems.add({m_label, io::toml_line(*m_root.get("source")), 0, "source"},
                     "a register id may not contain spaces, ':' or '/'");
    }
    m_m.date = str("date", true);
    if (const auto f = str("format", false); !f.empty()) m_m.format = f;
    if (m_m.format != "csv" && m_m.format != "xlsx") {
      m_problems.add({m_label, io::toml_line(*m_root.get("format")), 0, "format"},
                     fmt::format("expected csv or xlsx, found '{}'", m_m.format));
    }
    if (const auto d = str("delimiter", false); !d.empty()) {
      if (d.size() != 1)
        m_problems.add({m_label, io::toml_line(*m_root.get("delimiter")), 0, "delimiter"}, "expected one character");
      m_m.delimiter = d[0];
    }
    if (const auto e = str("encoding", false); !e.empty()) {
      if (e != "utf-8" && e != "latin1")
        m_problems.add({m_label, io::toml_line(*m_root.get("encoding")), 0, "encoding"}, "expected utf-8 or latin1");
      m_m.latin1 = e == "latin1";
    }
    if (const auto* dc = m_root.get("decimal_comma")) {
      if (!dc->is_boolean())
        m_problems.add({m_label, io::toml_line(*dc), 0, "decimal_comma"}, "expected true or false");
      else
        m_m.decimal_comma = dc->as_boolean()->get();
    }
    m_m.sheet = str("sheet", false);
    m_m.header_key = str("header_row_key", false);
    if (const auto s = str("list_separator", false); !s.empty()) m_m.list_separator = s;
    if (m_m.format == "xlsx" && m_m.sheet.empty())
      m_problems.add({m_label, 0, 0, "sheet"}, "an xlsx mapping needs the sheet name");
  }

  // [columns]: fabscope field -> the file's column; key and name required, coordinates paired.
  void columns() {
    const auto* cols = m_root.get_as<toml::table>("columns");
    if (cols == nullptr) {
      m_problems.add({m_label, 0, 0, "columns"}, "missing [columns] table");
      return;
    }
    for (const auto& [k, v] : *cols) {
      const std::string field(k.str());
      if (std::find(mappable_fields().begin(), mappable_fields().end(), field) == mappable_fields().end()) {
        m_problems.add({m_label, io::toml_line(v), 0, "columns." + field},
                       fmt::format("unknown field '{}' (fields: {})", field, fmt::join(mappable_fields(), ", ")));
      } else if (!v.is_string()) {
        m_problems.add({m_label, io::toml_line(v), 0, "columns." + field}, "expected the column's name as a string");
      } else {
        m_m.columns[field] = v.as_string()->get();
      }
    }
    for (const char* req : {"key", "name"}) {
      if (m_m.columns.count(req) == 0)
        m_problems.add({m_label, io::toml_line(*cols), 0, std::string("columns.") + req}, "required");
    }
    // Coordinates are a pair: with one column only, every row would be rejected (and the
    // rows' problems would name a column the mapping does not have).
    if ((m_m.columns.count("latitude") != 0) != (m_m.columns.count("longitude") != 0)) {
      const char* missing = m_m.columns.count("latitude") != 0 ? "longitude" : "latitude";
      m_problems.add({m_label, io::toml_line(*cols), 0, std::string("columns.") + missing},
                     "latitude and longitude are mapped together or not at all");
    }
  }

  // A table translating the file's values into ids that `valid` accepts.
  template <class Valid>
  void value_map(const char* table, std::map<std::string, std::string>& out, Valid valid, const char* what) {
    const auto* t = m_root.get_as<toml::table>(table);
    if (t == nullptr) return;
    for (const auto& [k, v] : *t) {
      const auto* s = v.as_string();
      if (s == nullptr || !valid(s->get())) {
        m_problems.add({m_label, io::toml_line(v), 0, fmt::format("{}.\"{}\"", table, k.str())},
                       fmt::format("expected a {} id", what));
        continue;
      }
      out[std::string(k.str())] = s->get();
    }
  }

  // [kinds] and [equipment_values].
  void value_maps() {
    value_map(
        "kinds", m_m.kinds, [](const std::string& id) { return is_kind(id); }, "kind");
    value_map(
        "equipment_values", m_m.equipment_values,
        [](const std::string& id) {
          return std::find(std::begin(kEquipmentIds), std::end(kEquipmentIds), std::string_view(id)) !=
                 std::end(kEquipmentIds);
        },
        "equipment");
  }

  // A mapped kind or equipment column needs its value table.
  void consistency() {
    if (m_m.columns.count("kind") != 0 && m_m.kinds.empty()) {
      m_problems.add({m_label, 0, 0, "kinds"},
                     "columns.kind needs a [kinds] table mapping the file's values to kind ids");
    }
    if (m_m.columns.count("equipment") != 0 && m_m.equipment_values.empty()) {
      m_problems.add({m_label, 0, 0, "equipment_values"}, "columns.equipment needs an [equipment_values] table");
    }
  }

  const toml::table& m_root;
  const std::string& m_label;
  ProblemList m_problems;
  ColumnMapping m_m;
};

}  // namespace

ColumnMapping ColumnMapping::parse(const std::string& text, const std::string& label) {
  const toml::table root = io::parse_toml(text, label);
  return MappingReader(root, label).read();
}

ColumnMapping ColumnMapping::load(const std::filesystem::path& path) {
  return parse(io::read_file(path), path.filename().string());
}

namespace {

// The mapped fields in a fixed order; their columns are required in the header.
struct Layout {
  std::vector<std::string> fields, columns;

  explicit Layout(const ColumnMapping& m) {
    for (const auto& [field, column] : m.columns) {
      fields.push_back(field);
      columns.push_back(column);
    }
  }
  // The position of a field's column (fields.size() when the field is not mapped).
  [[nodiscard]] std::size_t at(const std::string& field) const {
    return static_cast<std::size_t>(std::find(fields.begin(), fields.end(), field) - fields.begin());
  }
};

// One row of the file into a workshop: every mapped field converted, with its provenance;
// every problem reported on the row (file:line:column, field).
class RowReader {
 public:
  RowReader(const ColumnMapping& m, const Layout& layout, sources::RowView& r)
      : m_map(m), m_layout(layout), m_row(r), m_prov{m.source, m.date} {
    m_w.source = m.source;
  }

  // The workshop, or nothing when the row has no key or name, or a key seen before.
  std::optional<Workshop> read(std::set<std::string>& keys) {
    if (!identity(keys)) return std::nullopt;
    kind();
    place();
    model();
    revenues();
    organisation();
    flags();
    non_negative();
    return std::move(m_w);
  }

 private:
  std::size_t at(const std::string& field) const { return m_layout.at(field); }

  std::optional<std::string> text(const std::string& field) {
    if (!m_map.columns.count(field)) return std::nullopt;
    auto v = m_row.text(at(field), false, /*allow_number=*/true);
    if (v.empty()) return std::nullopt;
    m_w.set_source(field, m_prov);
    return v;
  }
  std::optional<double> number(const std::string& field) {
    if (!m_map.columns.count(field)) return std::nullopt;
    const double v = m_row.number(at(field), m_map.decimal_comma);
    if (std::isnan(v)) return std::nullopt;
    m_w.set_source(field, m_prov);
    return v;
  }
  // A list in one cell, items separated by the mapping's separator; with `values`, each
  // item is translated through it (an unknown item is a problem).
  std::optional<std::set<std::string>> list(const std::string& field,
                                            const std::map<std::string, std::string>* values) {
    const auto raw = text(field);
    if (!raw) return std::nullopt;
    const auto& sep = m_map.list_separator;
    std::set<std::string> out_set;
    std::size_t p = 0;
    while (p <= raw->size()) {
      const auto q = std::min(raw->find(sep, p), raw->size());
      const std::string item(text::trim(std::string_view(*raw).substr(p, q - p)));
      if (!item.empty()) {
        if (values == nullptr) {
          out_set.insert(item);
        } else if (const auto it = values->find(item); it != values->end()) {
          out_set.insert(it->second);
        } else {
          m_row.problem(at(field), fmt::format("'{}' is not in [equipment_values] of the mapping", item));
        }
      }
      p = q + sep.size();
    }
    return out_set;
  }

  // Key (unique in the file) and name, both required.
  bool identity(std::set<std::string>& keys) {
    const auto key = text("key");
    const auto name = text("name");
    if (!key) m_row.problem(at("key"), "a row without a key");
    if (!name) m_row.problem(at("name"), "a row without a name");
    if (!key || !name) return false;
    if (!keys.insert(*key).second) {
      m_row.problem(at("key"), fmt::format("duplicate key '{}'", *key));
      return false;
    }
    m_w.source_key = *key;
    m_w.id = m_map.source + ":" + *key;
    m_w.name = *name;
    return true;
  }

  void kind() {
    if (const auto k = text("kind")) {
      m_w.kind_in_source = *k;
      if (const auto it = m_map.kinds.find(*k); it != m_map.kinds.end()) {
        m_w.kind = it->second;
      } else {
        m_row.problem(at("kind"), fmt::format("'{}' is not in [kinds] of the mapping", *k));
      }
    }
  }

  // Address, contacts and coordinates (a pair, in range).
  void place() {
    m_w.city = text("city");
    m_w.postcode = text("postcode");
    m_w.address = text("address");
    m_w.website = text("website");
    m_w.email = text("email");
    m_w.phone = text("phone");
    m_w.latitude = number("latitude");
    m_w.longitude = number("longitude");
    if (m_w.latitude.has_value() != m_w.longitude.has_value()) {
      m_row.problem(at(m_w.latitude ? "longitude" : "latitude"),
                    "latitude and longitude must be both given or both blank");
    }
    if (m_w.latitude && (*m_w.latitude < -90 || *m_w.latitude > 90)) {
      m_row.problem(at("latitude"), "latitude out of range");
    }
    if (m_w.latitude && m_w.longitude) m_w.set_source("coordinates", m_prov);
  }

  // Dates, status, premises, equipment and means.
  void model() {
    if (const auto y = number("opening_year")) m_w.opening_year = static_cast<int>(*y);
    if (const auto y = number("closing_year")) m_w.closing_year = static_cast<int>(*y);
    m_w.status = text("status");
    m_w.surface_m2 = number("surface_m2");
    m_w.opening_hours = text("opening_hours");
    m_w.equipment = list("equipment", &m_map.equipment_values);
    m_w.staff_fte = number("staff_fte");
    m_w.volunteers = number("volunteers");
    m_w.budget_eur = number("budget_eur");
    m_w.capacity = number("capacity");
  }

  void revenues() {
    for (const char* source : {"public_subsidies", "services", "memberships", "training", "private_partners"}) {
      const std::string field = std::string("revenue_") + source;
      if (const auto v = number(field)) {
        if (*v < 0) m_row.problem(at(field), fmt::format("expected a value ≥ 0, found {}", *v));
        m_w.revenues_eur[source] = *v;
      }
    }
  }

  // Business model, offer, publics, legal form, governance, description.
  void organisation() {
    m_w.business_model = text("business_model");
    m_w.offer = list("offer", nullptr);
    m_w.publics = list("publics", nullptr);
    m_w.legal_form = text("legal_form");
    m_w.governance = text("governance");
    m_w.description = text("description");
  }

  // Yes/no fields.
  void flags() {
    for (const char* flag : {"has_fabmanager", "laureate_2013"}) {
      if (const auto v = text(flag)) {
        const auto f = text::fold(*v);
        std::optional<bool> b;
        if (f == "oui" || f == "yes" || f == "1" || f == "true" || f == "vrai") b = true;
        if (f == "non" || f == "no" || f == "0" || f == "false" || f == "faux") b = false;
        if (!b) m_row.problem(at(flag), fmt::format("expected oui/non (yes/no, 1/0), found '{}'", *v));
        (std::string_view(flag) == "has_fabmanager" ? m_w.has_fabmanager : m_w.laureate_2013) = b;
      }
    }
  }

  // The fields the table marks non-negative.
  void non_negative() {
    for (const auto& f : workshop_fields()) {
      if (!f.non_negative) continue;
      const auto& v = m_w.*std::get<std::optional<double> Workshop::*>(f.member);
      if (v && *v < 0) m_row.problem(at(std::string(f.id)), fmt::format("expected a value ≥ 0, found {}", *v));
    }
  }

  const ColumnMapping& m_map;
  const Layout& m_layout;
  sources::RowView& m_row;
  const Provenance m_prov;
  Workshop m_w;
};

// Every row of the file, CSV or XLSX, through `on_row`.
void read_rows(const std::filesystem::path& file, const ColumnMapping& m, const std::vector<std::string>& columns,
               ProblemList& problems, const std::function<void(sources::RowView&)>& on_row) {
  if (m.format == "csv") {
    io::CsvReader reader(io::read_file(file), file.filename().string(),
                         {m.delimiter, m.latin1 ? io::Encoding::latin1 : io::Encoding::utf8});
    sources::read_csv_table(reader, columns, problems, on_row);
    return;
  }
  const auto book = io::XlsxWorkbook::open_file(file);
  std::string key = m.header_key;
  if (key.empty()) {
    // Default: the first row is the header; its column A names the header row.
    book.for_each_row(m.sheet, [&](const io::XlsxRow& row) {
      key = std::string(row.at(0).value);
      return false;
    });
  }
  sources::read_xlsx_table(book, m.sheet, key, columns, problems, on_row);
}

}  // namespace

std::vector<Workshop> parse_mapped(const std::filesystem::path& file, const ColumnMapping& m) {
  const Layout layout(m);
  ProblemList problems;
  std::vector<Workshop> out;
  std::set<std::string> keys;
  read_rows(file, m, layout.columns, problems, [&](sources::RowView& r) {
    if (auto w = RowReader(m, layout, r).read(keys)) out.push_back(std::move(*w));
  });
  problems.throw_if_any();
  return out;
}

}  // namespace fabscope::workshops
