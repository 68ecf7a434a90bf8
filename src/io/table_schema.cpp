// Frictionless Table Schema: reading a schema, checking a CSV against it.
#include "io/table_schema.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "core/text.hpp"
#include "io/csv.hpp"

namespace fabscope::io {

const SchemaField* TableSchema::field(const std::string& n) const {
  for (const auto& f : fields) {
    if (f.name == n) return &f;
  }
  return nullptr;
}

std::string SchemaRow::get(const std::string& field) const {
  for (const auto& [k, v] : values) {
    if (k == field) return v;
  }
  return {};
}

TableSchema parse_table_schema(const std::string& json, const std::string& label) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(Problem{{label, 0, 0, ""}, fmt::format("not JSON: {}", e.what())});
  }
  TableSchema s;
  s.label = label;
  s.name = j.value("name", "");
  s.title = j.value("title", "");
  s.version = j.value("version", "");
  if (j.contains("primaryKey") && j["primaryKey"].is_string()) s.primary_key = j["primaryKey"].get<std::string>();
  if (!j.contains("fields") || !j["fields"].is_array()) throw InputError(Problem{{label, 0, 0, "fields"}, "no fields"});
  ProblemList problems;
  for (std::size_t i = 0; i < j["fields"].size(); ++i) {
    const auto& f = j["fields"][i];
    const std::string where = fmt::format("fields[{}]", i);
    if (!f.is_object() || !f.contains("name") || !f["name"].is_string()) {
      problems.add({label, 0, 0, where}, "a field without a name");
      continue;
    }
    SchemaField field;
    field.name = f["name"].get<std::string>();
    field.type = f.value("type", "string");
    field.format = f.value("format", "default");
    field.title = f.value("title", "");
    if (f.contains("constraints") && f["constraints"].is_object()) {
      const auto& c = f["constraints"];
      field.required = c.value("required", false);
      field.unique = c.value("unique", false);
      if (c.contains("pattern") && c["pattern"].is_string()) {
        field.pattern = c["pattern"].get<std::string>();
        try {
          field.regex.emplace(field.pattern, std::regex::ECMAScript);
        } catch (const std::regex_error&) {
          problems.add({label, 0, 0, where + ".constraints.pattern"}, "a pattern that is not a regular expression");
        }
      }
      if (c.contains("maxLength") && c["maxLength"].is_number_unsigned())
        field.max_length = c["maxLength"].get<std::size_t>();
      if (c.contains("enum") && c["enum"].is_array()) {
        for (const auto& v : c["enum"]) {
          if (v.is_string()) field.allowed.push_back(v.get<std::string>());
        }
      }
    }
    if (f.contains("enum") && f["enum"].is_array()) {  // some schemas put enum beside the constraints
      for (const auto& v : f["enum"]) {
        if (v.is_string()) field.allowed.push_back(v.get<std::string>());
      }
    }
    s.fields.push_back(std::move(field));
  }
  problems.throw_if_any();
  return s;
}

namespace {

constexpr std::size_t kMaxPatternValue = 4096;

std::size_t characters(const std::string& s) {
  std::size_t n = 0;
  for (const char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

bool valid_date(const std::string& v) {
  static const std::regex iso(R"(^(\d{4})-(\d{2})-(\d{2})$)");
  std::smatch m;
  if (!std::regex_match(v, m, iso)) return false;
  const int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(mo == 2 && d == 29 && !leap);
}

}  // namespace

std::string check_value(const SchemaField& f, const std::string& v) {
  if (v.empty()) return f.required ? "required, empty" : "";
  if (f.type == "number" || f.type == "integer") {
    const auto n = f.type == "integer" ? text::parse_int(v).has_value() : text::parse_double(v).has_value();
    if (!n) return fmt::format("« {} » is not {}", v, f.type == "integer" ? "an integer" : "a number");
  } else if (f.type == "date" && !valid_date(v)) {
    return fmt::format("« {} » is not a date (YYYY-MM-DD)", v);
  } else if (f.type == "boolean" && v != "true" && v != "false") {
    return fmt::format("« {} » is not true or false", v);
  }
  // std::regex recurses along the text: a value is bounded before its pattern is tried.
  if (f.regex && v.size() > kMaxPatternValue)
    return fmt::format("{} bytes, too long to check against {} (at most {})", v.size(), f.pattern, kMaxPatternValue);
  if (f.regex && !std::regex_match(v, *f.regex)) return fmt::format("« {} » does not match {}", v, f.pattern);
  if (f.max_length && characters(v) > *f.max_length)
    return fmt::format("{} characters, at most {}", characters(v), *f.max_length);
  if (!f.allowed.empty() && std::find(f.allowed.begin(), f.allowed.end(), v) == f.allowed.end())
    return fmt::format("« {} » is not one of {}", v, fmt::join(f.allowed, ", "));
  return {};
}

std::vector<SchemaRow> read_with_schema(const std::string& csv, const std::string& label, const TableSchema& schema) {
  const auto first_line = csv.substr(0, csv.find('\n'));
  const char delimiter =
      first_line.find(';') != std::string::npos && first_line.find(',') == std::string::npos ? ';' : ',';
  CsvReader reader(csv, label, {delimiter, Encoding::utf8});
  std::vector<std::string_view> cells;
  if (!reader.next(cells)) throw InputError(Problem{{label, 1, 0, ""}, "empty file"});
  ProblemList problems;
  std::vector<std::string> header;
  header.reserve(cells.size());
  for (const auto c : cells) header.emplace_back(text::trim(c));
  std::vector<const SchemaField*> column_field(header.size(), nullptr);
  for (std::size_t c = 0; c < header.size(); ++c) {
    column_field[c] = schema.field(header[c]);
    if (column_field[c] == nullptr)
      problems.add(reader.where(c, header[c]),
                   fmt::format("« {} » is not a field of the schema {}", header[c], schema.name));
  }
  for (const auto& f : schema.fields) {
    if (f.required && std::find(header.begin(), header.end(), f.name) == header.end())
      problems.add({label, 1, 0, f.name}, "a required field has no column");
  }
  // The column of each field of the schema, once.
  std::vector<std::optional<std::size_t>> column_of(schema.fields.size());
  for (std::size_t k = 0; k < schema.fields.size(); ++k) {
    const auto at = std::find(header.begin(), header.end(), schema.fields[k].name);
    if (at != header.end()) column_of[k] = static_cast<std::size_t>(at - header.begin());
  }
  std::vector<SchemaRow> rows;
  std::map<std::string, std::set<std::string>> seen;
  while (reader.next(cells)) {
    SchemaRow row;
    row.line = reader.line();
    for (std::size_t k = 0; k < schema.fields.size(); ++k) {
      const auto& f = schema.fields[k];
      const std::size_t c = column_of[k].value_or(0);
      std::string v;
      if (column_of[k] && c < cells.size()) v = std::string(text::trim(cells[c]));
      if (const auto why = check_value(f, v); !why.empty()) {
        problems.add(column_of[k] ? reader.where(c, f.name) : Location{label, reader.line(), 0, f.name}, why);
      } else if (f.unique && !v.empty() && !seen[f.name].insert(v).second) {
        problems.add(reader.where(c, f.name), fmt::format("« {} » appears twice (unique)", v));
      }
      row.values.emplace_back(f.name, std::move(v));
    }
    rows.push_back(std::move(row));
  }
  problems.throw_if_any();
  return rows;
}

std::string write_with_schema(const std::vector<SchemaRow>& rows, const TableSchema& schema) {
  std::string out;
  for (std::size_t i = 0; i < schema.fields.size(); ++i) out += (i ? "," : "") + text::csv_field(schema.fields[i].name);
  out += "\n";
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < schema.fields.size(); ++i)
      out += (i ? "," : "") + text::csv_field(r.get(schema.fields[i].name));
    out += "\n";
  }
  return out;
}

}  // namespace fabscope::io
