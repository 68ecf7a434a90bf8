#include "workshops/mapped.hpp"

#include <fmt/format.h>
#include "io/toml.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/csv.hpp"
#include "io/xlsx.hpp"
#include "sources/table.hpp"

namespace fabscope::workshops {

const std::vector<std::string>& mappable_fields() {
  static const std::vector<std::string> f = {"key",
                                             "name",
                                             "kind",
                                             "city",
                                             "postcode",
                                             "address",
                                             "website",
                                             "email",
                                             "phone",
                                             "latitude",
                                             "longitude",
                                             "opening_year",
                                             "closing_year",
                                             "status",
                                             "surface_m2",
                                             "opening_hours",
                                             "equipment",
                                             "staff_fte",
                                             "volunteers",
                                             "has_fabmanager",
                                             "budget_eur",
                                             "business_model",
                                             "offer",
                                             "publics",
                                             "legal_form",
                                             "governance",
                                             "description",
                                             "laureate_2013",
                                             "capacity",
                                             "revenue_public_subsidies",
                                             "revenue_services",
                                             "revenue_memberships",
                                             "revenue_training",
                                             "revenue_private_partners"};
  return f;
}

ColumnMapping ColumnMapping::parse(const std::string& text, const std::string& label) {
  const toml::table root = io::parse_toml(text, label);
  ColumnMapping m;
  ProblemList problems;
  auto str = [&](const char* key, bool required) -> std::string {
    const auto* n = root.get(key);
    if (n == nullptr) {
      if (required) problems.add({label, 0, 0, key}, "required key missing");
      return {};
    }
    if (!n->is_string()) {
      problems.add({label, io::toml_line(*n), 0, key}, "expected a string");
      return {};
    }
    return n->as_string()->get();
  };
  m.source = str("source", false);
  if (!m.source.empty() && m.source.find_first_of(" :/") != std::string::npos) {
    problems.add({label, io::toml_line(*root.get("source")), 0, "source"},
                 "a register id may not contain spaces, ':' or '/'");
  }
  m.date = str("date", true);
  if (const auto f = str("format", false); !f.empty()) m.format = f;
  if (m.format != "csv" && m.format != "xlsx") {
    problems.add({label, io::toml_line(*root.get("format")), 0, "format"},
                 fmt::format("expected csv or xlsx, found '{}'", m.format));
  }
  if (const auto d = str("delimiter", false); !d.empty()) {
    if (d.size() != 1)
      problems.add({label, io::toml_line(*root.get("delimiter")), 0, "delimiter"}, "expected one character");
    m.delimiter = d[0];
  }
  if (const auto e = str("encoding", false); !e.empty()) {
    if (e != "utf-8" && e != "latin1")
      problems.add({label, io::toml_line(*root.get("encoding")), 0, "encoding"}, "expected utf-8 or latin1");
    m.latin1 = e == "latin1";
  }
  if (const auto* dc = root.get("decimal_comma")) {
    if (!dc->is_boolean())
      problems.add({label, io::toml_line(*dc), 0, "decimal_comma"}, "expected true or false");
    else
      m.decimal_comma = dc->as_boolean()->get();
  }
  m.sheet = str("sheet", false);
  m.header_key = str("header_row_key", false);
  if (const auto s = str("list_separator", false); !s.empty()) m.list_separator = s;
  if (m.format == "xlsx" && m.sheet.empty())
    problems.add({label, 0, 0, "sheet"}, "an xlsx mapping needs the sheet name");
  const auto* cols = root.get_as<toml::table>("columns");
  if (cols == nullptr) {
    problems.add({label, 0, 0, "columns"}, "missing [columns] table");
  } else {
    for (const auto& [k, v] : *cols) {
      const std::string field(k.str());
      if (std::find(mappable_fields().begin(), mappable_fields().end(), field) == mappable_fields().end()) {
        problems.add({label, io::toml_line(v), 0, "columns." + field},
                     fmt::format("unknown field '{}' (fields: {})", field, fmt::join(mappable_fields(), ", ")));
      } else if (!v.is_string()) {
        problems.add({label, io::toml_line(v), 0, "columns." + field}, "expected the column's name as a string");
      } else {
        m.columns[field] = v.as_string()->get();
      }
    }
    for (const char* req : {"key", "name"}) {
      if (m.columns.count(req) == 0)
        problems.add({label, io::toml_line(*cols), 0, std::string("columns.") + req}, "required");
    }
    // Coordinates are a pair: with one column only, every row would be rejected (and the
    // rows' problems would name a column the mapping does not have).
    if ((m.columns.count("latitude") != 0) != (m.columns.count("longitude") != 0)) {
      const char* missing = m.columns.count("latitude") != 0 ? "longitude" : "latitude";
      problems.add({label, io::toml_line(*cols), 0, std::string("columns.") + missing},
                   "latitude and longitude are mapped together or not at all");
    }
  }
  auto value_map = [&](const char* table, std::map<std::string, std::string>& out, auto valid, const char* what) {
    const auto* t = root.get_as<toml::table>(table);
    if (t == nullptr) return;
    for (const auto& [k, v] : *t) {
      const auto* s = v.as_string();
      if (s == nullptr || !valid(s->get())) {
        problems.add({label, io::toml_line(v), 0, fmt::format("{}.\"{}\"", table, k.str())},
                     fmt::format("expected a {} id", what));
        continue;
      }
      out[std::string(k.str())] = s->get();
    }
  };
  value_map(
      "kinds", m.kinds, [](const std::string& id) { return is_kind(id); }, "kind");
  value_map(
      "equipment_values", m.equipment_values,
      [](const std::string& id) {
        return std::find(std::begin(kEquipmentIds), std::end(kEquipmentIds), std::string_view(id)) !=
               std::end(kEquipmentIds);
      },
      "equipment");
  if (m.columns.count("kind") != 0 && m.kinds.empty()) {
    problems.add({label, 0, 0, "kinds"}, "columns.kind needs a [kinds] table mapping the file's values to kind ids");
  }
  if (m.columns.count("equipment") != 0 && m.equipment_values.empty()) {
    problems.add({label, 0, 0, "equipment_values"}, "columns.equipment needs an [equipment_values] table");
  }
  problems.throw_if_any();
  return m;
}

ColumnMapping ColumnMapping::load(const std::filesystem::path& path) {
  return parse(io::read_file(path), path.filename().string());
}

std::vector<Workshop> parse_mapped(const std::filesystem::path& file, const ColumnMapping& m) {
  // The mapped fields in a fixed order; their columns are required in the header.
  std::vector<std::string> fields, columns;
  for (const auto& [field, column] : m.columns) {
    fields.push_back(field);
    columns.push_back(column);
  }
  auto at = [&](const std::string& field) {
    return static_cast<std::size_t>(std::find(fields.begin(), fields.end(), field) - fields.begin());
  };
  const Provenance prov{m.source, m.date};
  ProblemList problems;
  std::vector<Workshop> out;
  std::set<std::string> keys;
  auto on_row = [&](sources::RowView& r) {
    Workshop w;
    w.source = m.source;
    auto text = [&](const std::string& field) -> std::optional<std::string> {
      if (!m.columns.count(field)) return std::nullopt;
      auto v = r.text(at(field), false, /*allow_number=*/true);
      if (v.empty()) return std::nullopt;
      w.set_source(field, prov);
      return v;
    };
    auto number = [&](const std::string& field) -> std::optional<double> {
      if (!m.columns.count(field)) return std::nullopt;
      const double v = r.number(at(field), m.decimal_comma);
      if (std::isnan(v)) return std::nullopt;
      w.set_source(field, prov);
      return v;
    };
    auto list = [&](const std::string& field,
                    const std::map<std::string, std::string>* values) -> std::optional<std::set<std::string>> {
      const auto raw = text(field);
      if (!raw) return std::nullopt;
      std::set<std::string> out_set;
      std::size_t p = 0;
      while (p <= raw->size()) {
        const auto q = std::min(raw->find(m.list_separator, p), raw->size());
        const std::string item(text::trim(std::string_view(*raw).substr(p, q - p)));
        if (!item.empty()) {
          if (values == nullptr) {
            out_set.insert(item);
          } else if (const auto it = values->find(item); it != values->end()) {
            out_set.insert(it->second);
          } else {
            r.problem(at(field), fmt::format("'{}' is not in [equipment_values] of the mapping", item));
          }
        }
        p = q + m.list_separator.size();
      }
      return out_set;
    };
    const auto key = text("key");
    const auto name = text("name");
    if (!key) r.problem(at("key"), "a row without a key");
    if (!name) r.problem(at("name"), "a row without a name");
    if (!key || !name) return;
    if (!keys.insert(*key).second) {
      r.problem(at("key"), fmt::format("duplicate key '{}'", *key));
      return;
    }
    w.source_key = *key;
    w.id = m.source + ":" + *key;
    w.name = *name;
    if (const auto k = text("kind")) {
      w.kind_in_source = *k;
      if (const auto it = m.kinds.find(*k); it != m.kinds.end()) {
        w.kind = it->second;
      } else {
        r.problem(at("kind"), fmt::format("'{}' is not in [kinds] of the mapping", *k));
      }
    }
    w.city = text("city");
    w.postcode = text("postcode");
    w.address = text("address");
    w.website = text("website");
    w.email = text("email");
    w.phone = text("phone");
    w.latitude = number("latitude");
    w.longitude = number("longitude");
    if (w.latitude.has_value() != w.longitude.has_value()) {
      r.problem(at(w.latitude ? "longitude" : "latitude"), "latitude and longitude must be both given or both blank");
    }
    if (w.latitude && (*w.latitude < -90 || *w.latitude > 90)) r.problem(at("latitude"), "latitude out of range");
    if (w.latitude && w.longitude) w.set_source("coordinates", prov);
    if (const auto y = number("opening_year")) w.opening_year = static_cast<int>(*y);
    if (const auto y = number("closing_year")) w.closing_year = static_cast<int>(*y);
    w.status = text("status");
    w.surface_m2 = number("surface_m2");
    w.opening_hours = text("opening_hours");
    w.equipment = list("equipment", &m.equipment_values);
    w.staff_fte = number("staff_fte");
    w.volunteers = number("volunteers");
    w.budget_eur = number("budget_eur");
    w.capacity = number("capacity");
    for (const char* source : {"public_subsidies", "services", "memberships", "training", "private_partners"}) {
      const std::string field = std::string("revenue_") + source;
      if (const auto v = number(field)) {
        if (*v < 0) r.problem(at(field), fmt::format("expected a value ≥ 0, found {}", *v));
        w.revenues_eur[source] = *v;
      }
    }
    w.business_model = text("business_model");
    w.offer = list("offer", nullptr);
    w.publics = list("publics", nullptr);
    w.legal_form = text("legal_form");
    w.governance = text("governance");
    w.description = text("description");
    for (const char* flag : {"has_fabmanager", "laureate_2013"}) {
      if (const auto v = text(flag)) {
        const auto f = text::fold(*v);
        std::optional<bool> b;
        if (f == "oui" || f == "yes" || f == "1" || f == "true" || f == "vrai") b = true;
        if (f == "non" || f == "no" || f == "0" || f == "false" || f == "faux") b = false;
        if (!b) r.problem(at(flag), fmt::format("expected oui/non (yes/no, 1/0), found '{}'", *v));
        (std::string_view(flag) == "has_fabmanager" ? w.has_fabmanager : w.laureate_2013) = b;
      }
    }
    for (const char* f : {"surface_m2", "staff_fte", "volunteers", "budget_eur", "capacity"}) {
      const auto& v = std::string_view(f) == "surface_m2"   ? w.surface_m2
                      : std::string_view(f) == "staff_fte"  ? w.staff_fte
                      : std::string_view(f) == "volunteers" ? w.volunteers
                      : std::string_view(f) == "capacity"   ? w.capacity
                                                            : w.budget_eur;
      if (v && *v < 0) r.problem(at(f), fmt::format("expected a value ≥ 0, found {}", *v));
    }
    out.push_back(std::move(w));
  };
  if (m.format == "csv") {
    io::CsvReader reader(io::read_file(file), file.filename().string(),
                         {m.delimiter, m.latin1 ? io::Encoding::latin1 : io::Encoding::utf8});
    sources::read_csv_table(reader, columns, problems, on_row);
  } else {
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
  problems.throw_if_any();
  return out;
}

}  // namespace fabscope::workshops
