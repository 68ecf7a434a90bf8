// Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/), the format
// of the schemas published on schema.data.gouv.fr: a CSV checked field by field against
// its schema, every problem located at its line and column with the field's name.
#pragma once

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace fabscope::io {

struct SchemaField {
  std::string name, type, format, title;  // type: string, number, integer, date, boolean…
  bool required = false, unique = false;
  std::string pattern;  // as written; matched against the whole value
  std::optional<std::regex> regex;
  std::optional<std::size_t> max_length;  // in characters
  std::vector<std::string> allowed;       // enum
};

struct TableSchema {
  std::string name, title, version, label;  // label: the file it came from
  std::vector<SchemaField> fields;
  std::string primary_key;
  [[nodiscard]] const SchemaField* field(const std::string& name) const;
};

// Throws InputError (file, JSON path) when the schema cannot be read.
TableSchema parse_table_schema(const std::string& json, const std::string& label);

// A CSV read against a schema: the rows as maps from field name to value.
struct SchemaRow {
  std::int64_t line = 0;
  std::vector<std::pair<std::string, std::string>> values;  // in the schema's order
  [[nodiscard]] std::string get(const std::string& field) const;
};

// The problems of one value ("" when it is valid): required, type, date format, pattern,
// maximum length, enum.
std::string check_value(const SchemaField& f, const std::string& value);

// Reads a CSV (UTF-8, ',' or ';') whose header names the schema's fields (in any order;
// an unknown column is an error) and checks every value; unique fields are unique.
// Throws InputError listing the problems (file:line:column (field): message).
std::vector<SchemaRow> read_with_schema(const std::string& csv, const std::string& label, const TableSchema& schema);

// The CSV of rows in the schema's column order (RFC 4180, every field quoted when needed).
std::string write_with_schema(const std::vector<SchemaRow>& rows, const TableSchema& schema);

}  // namespace fabscope::io
