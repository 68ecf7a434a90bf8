// Importing any CSV or XLSX list of workshops (a census export, a regional list) through a
// column-mapping file, without code (docs/commands/workshops-import.md shows a mapping).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "workshops/model.hpp"

namespace fabscope::workshops {

struct ColumnMapping {
  std::string source;          // register id, used in workshop ids and provenance
  std::string date;            // as-of date of the list, for provenance
  std::string format = "csv";  // csv or xlsx
  char delimiter = ',';
  bool latin1 = false;
  bool decimal_comma = false;
  std::string sheet;       // xlsx
  std::string header_key;  // xlsx: header row = first row whose column A is this (default: first row)
  std::string list_separator = ",";
  std::map<std::string, std::string> columns;           // fabscope field -> column name
  std::map<std::string, std::string> kinds;             // value in the file -> kind id
  std::map<std::string, std::string> equipment_values;  // value in the file -> equipment id

  // Throws InputError with file:line and the offending key.
  static ColumnMapping parse(const std::string& toml, const std::string& label);
  static ColumnMapping load(const std::filesystem::path& path);
};

// The fields a mapping may fill.
const std::vector<std::string>& mappable_fields();

// Reads the whole file; every problem (file:line:column, field) is reported and nothing is
// returned when there is any.
std::vector<Workshop> parse_mapped(const std::filesystem::path& file, const ColumnMapping& mapping);

}  // namespace fabscope::workshops
