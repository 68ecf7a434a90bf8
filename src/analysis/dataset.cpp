#include "analysis/dataset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/csv.hpp"

namespace fabscope::analysis {

namespace {
[[noreturn]] void unknown(std::string_view what, std::string_view name, const std::vector<std::string>& known) {
  std::string list;
  for (std::size_t i = 0; i < known.size() && i < 30; ++i) list += (i ? ", " : "") + known[i];
  throw InputError({{"", 0, 0, std::string(name)}, fmt::format("no {} '{}' (known: {})", what, name, list)});
}
}  // namespace

void reject(const std::string& field, const std::string& message) { throw InputError({{"", 0, 0, field}, message}); }

std::string to_csv(const DataSet& data, const std::string& row_header) {
  std::string out = row_header;
  for (const auto& c : data.columns) out += "," + c.name;
  out += "\n";
  for (std::size_t i = 0; i < data.rows(); ++i) {
    out += "\"" + data.row_names[i] + "\"";
    for (const auto& c : data.columns) {
      if (c.quantitative) {
        out += std::isnan(c.values[i]) ? std::string(",") : fmt::format(",{:.15g}", c.values[i]);
      } else {
        out += ",\"" + c.labels[i] + "\"";
      }
    }
    out += "\n";
  }
  return out;
}

std::vector<std::string> categories(const Column& c, bool with_missing) {
  std::set<std::string> labels;
  bool missing = false;
  for (const auto& l : c.labels) {
    if (l.empty()) {
      missing = true;
    } else {
      labels.insert(l);
    }
  }
  std::vector<std::string> out(labels.begin(), labels.end());
  if (missing && with_missing) out.emplace_back("NA");
  return out;
}

const std::string& category_of(const Column& c, std::size_t row) {
  static const std::string na = "NA";
  return c.labels[row].empty() ? na : c.labels[row];
}

std::vector<double> row_weights(const std::vector<double>& given, const std::vector<std::string>& rows) {
  if (given.empty()) return std::vector<double>(rows.size(), 1.0);
  if (given.size() != rows.size()) reject("row_weights", fmt::format("{} weights for {} rows", given.size(), rows.size()));
  double total = 0;
  for (std::size_t i = 0; i < given.size(); ++i) {
    if (!(given[i] >= 0) || !std::isfinite(given[i])) {
      reject("row_weights", fmt::format("weight {} of row '{}' is not a number >= 0", given[i], rows[i]));
    }
    total += given[i];
  }
  if (!(total > 0)) reject("row_weights", "every weight is 0");
  return given;
}

std::size_t DataSet::column(std::string_view name) const {
  for (std::size_t j = 0; j < columns.size(); ++j) {
    if (columns[j].name == name) return j;
  }
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(c.name);
  unknown("column", name, names);
}

std::size_t DataSet::row(std::string_view name) const {
  for (std::size_t i = 0; i < row_names.size(); ++i) {
    if (row_names[i] == name) return i;
  }
  unknown("row", name, row_names);
}

DataSet read_csv(const std::string& text, const std::string& label) {
  const auto first_line = text.substr(0, text.find('\n'));
  const char sep = std::count(first_line.begin(), first_line.end(), ';') >
                           std::count(first_line.begin(), first_line.end(), ',')
                       ? ';'
                       : ',';
  io::CsvReader reader(text, label, {sep, io::Encoding::utf8});
  std::vector<std::string_view> f;
  if (!reader.next(f)) throw InputError({{label, 1, 0, ""}, "empty file: a header and one row at least are needed"});
  std::vector<std::string> header(f.begin(), f.end());
  std::vector<std::vector<std::string>> cells(header.size());
  while (reader.next(f)) {
    if (f.size() == 1 && f[0].empty()) continue;  // blank line
    if (f.size() != header.size()) {
      throw InputError({reader.where(std::min(f.size(), header.size()) - 1),
                        fmt::format("{} fields, the header has {}", f.size(), header.size())});
    }
    for (std::size_t j = 0; j < f.size(); ++j) cells[j].emplace_back(text::trim(f[j]));
  }
  if (cells.empty() || cells[0].empty()) throw InputError({{label, 2, 0, ""}, "no data row"});
  // Numeric: every non-empty cell is a finite number (an all-empty column is numeric, with
  // every value missing, so that the analysis says it has none).
  const auto numeric = [](const std::vector<std::string>& col) {
    for (const auto& c : col) {
      if (c.empty() || c == "NA") continue;
      std::string t = c;
      std::replace(t.begin(), t.end(), ',', '.');
      const auto v = text::parse_double(t);
      if (!v || !std::isfinite(*v)) return false;
    }
    return true;
  };
  DataSet d;
  std::size_t start = 0;
  // Row names: a first column of unique, non-numeric text.
  if (header.size() > 1 && !numeric(cells[0]) &&
      std::set<std::string>(cells[0].begin(), cells[0].end()).size() == cells[0].size() &&
      std::none_of(cells[0].begin(), cells[0].end(), [](const std::string& s) { return s.empty(); })) {
    d.row_names = cells[0];
    start = 1;
  } else {
    for (std::size_t i = 0; i < cells[0].size(); ++i) d.row_names.push_back(std::to_string(i + 1));
  }
  std::set<std::string> seen;
  for (std::size_t j = start; j < header.size(); ++j) {
    if (!seen.insert(header[j]).second) {
      throw InputError({{label, 1, static_cast<std::int64_t>(j + 1), header[j]}, "duplicate column name"});
    }
    Column c;
    c.name = header[j];
    c.quantitative = numeric(cells[j]);
    for (const auto& s : cells[j]) {
      if (c.quantitative) {
        std::string t = s;
        std::replace(t.begin(), t.end(), ',', '.');
        const auto v = s.empty() || s == "NA" ? std::nullopt : text::parse_double(t);
        c.values.push_back(v ? *v : std::nan(""));
      } else {
        c.labels.push_back(s == "NA" ? "" : s);
      }
    }
    d.columns.push_back(std::move(c));
  }
  return d;
}

}  // namespace fabscope::analysis
