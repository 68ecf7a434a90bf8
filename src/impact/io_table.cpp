// Reading WIOD's National IO layout (docs/impact/io.md).
#include "impact/io_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/csv.hpp"
#include "io/xlsx.hpp"

namespace fabscope::impact {

const IoYear* IoTable::year(int y) const {
  for (const auto& e : years) {
    if (e.year == y) return &e;
  }
  return nullptr;
}

std::optional<std::size_t> IoTable::industry(const std::string& code) const {
  for (std::size_t i = 0; i < industries.size(); ++i) {
    if (industries[i].code == code) return i;
  }
  return std::nullopt;
}

namespace {

constexpr std::array<std::string_view, 6> kFinalUses = {"CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN", "EXP"};
// Bounds on what a file may make us allocate: n × n doubles per year.
constexpr std::size_t kMaxYears = 200;
constexpr std::size_t kMaxIndustries = 400;
constexpr std::size_t kMaxCells = 4'000'000;  // Σ over years of n × n (32 MB); WIOD: 47,040

// One row of the sheet, whichever the file type: its cells and where each one is.
struct Row {
  const std::vector<std::string_view>& cells;
  std::function<Location(std::size_t column, std::string field)> where;
  [[nodiscard]] std::string_view at(std::size_t c) const { return c < cells.size() ? text::trim(cells[c]) : ""; }
};

// The rows of one year while they are read.
struct YearRows {
  IoYear data;
  std::vector<bool> domestic_seen;
  std::size_t domestic = 0;
  bool va = false, go = false;
  Location first;
};

class Parser {
 public:
  explicit Parser(std::string label) : m_label(std::move(label)) {}

  // The rows before the header are skipped; after a header that cannot be used, every row.
  void row(const Row& r) {
    if (!m_header_seen) {
      if (r.at(0) == "Year" && r.at(1) == "Code") {
        m_header_seen = true;
        header(r);
      }
      return;
    }
    if (!m_usable) return;
    if (!text::parse_int(r.at(0))) {
      // WIOD's second row holds the columns' descriptions under an empty Year: skipped.
      if (r.at(0).empty() && r.at(1).empty()) return;
      m_problems.add(r.where(0, "Year"), fmt::format("« {} » is not a year", r.at(0)));
      return;
    }
    data(r);
  }

  IoTable finish() {
    if (!m_header_seen) {
      m_problems.add(
          {m_label, 0, 0, "Year, Code, Description, Origin"},
          "no header row (Year, Code, Description, Origin, then the industries): not a WIOD National IO table");
    }
    for (auto& [year, y] : m_years) {
      if (y.domestic != m_table.industries.size()) {
        std::string missing;
        for (std::size_t i = 0; i < y.domestic_seen.size(); ++i) {
          if (!y.domestic_seen[i]) missing += (missing.empty() ? "" : ", ") + m_table.industries[i].code;
        }
        m_problems.add(y.first, fmt::format("year {}: no Domestic row for {}", year, missing));
      }
      if (!y.va) m_problems.add(y.first, fmt::format("year {}: no TOT row with Code VA (value added)", year));
      if (!y.go) m_problems.add(y.first, fmt::format("year {}: no TOT row with Code GO (gross output)", year));
    }
    if (m_usable && m_years.empty()) m_problems.add({m_label, 0, 0, "Year"}, "no data row");
    m_problems.throw_if_any();
    for (auto& [year, y] : m_years) m_table.years.push_back(std::move(y.data));
    return std::move(m_table);
  }

 private:
  void header(const Row& r) {
    const std::array<std::string_view, 4> lead = {"Year", "Code", "Description", "Origin"};
    for (std::size_t c = 0; c < lead.size(); ++c) {
      if (r.at(c) != lead[c]) {
        m_problems.add(r.where(c, std::string(lead[c])), fmt::format("expected the column {}", lead[c]));
        return;
      }
    }
    std::set<std::string> seen;
    for (std::size_t c = lead.size(); c < r.cells.size(); ++c) {
      const std::string name(r.at(c));
      if (name.empty()) continue;
      if (!seen.insert(name).second) {
        m_problems.add(r.where(c, name), fmt::format("the column {} appears twice", name));
        continue;
      }
      if (name == "GO") {
        m_go_col = c;
      } else if (std::find(kFinalUses.begin(), kFinalUses.end(), name) != kFinalUses.end()) {
        m_final_cols.push_back(c);
        m_table.final_uses.push_back(name);
        if (name == "CONS_h") m_household_col = c;
      } else if (m_final_cols.empty() && !m_go_col) {
        m_industry_cols.push_back(c);
        m_table.industries.push_back({name, {}});
      } else {
        m_problems.add(r.where(c, name), "an industry column after the final uses");
      }
    }
    if (m_industry_cols.empty()) m_problems.add(r.where(lead.size(), "industries"), "no industry column after Origin");
    if (!m_household_col) m_problems.add(r.where(0, "CONS_h"), "no CONS_h column (household final consumption)");
    if (m_industry_cols.size() > kMaxIndustries) {
      m_problems.add(r.where(0, "industries"), fmt::format("more than {} industries", kMaxIndustries));
    }
    m_usable = !m_industry_cols.empty() && m_industry_cols.size() <= kMaxIndustries;
  }

  double number(const Row& r, std::size_t c, const std::string& field) {
    const auto v = text::parse_double(r.at(c));
    if (!v || !std::isfinite(*v)) {
      m_problems.add(r.where(c, field), fmt::format("« {} » is not a number", r.at(c)));
      return 0;
    }
    return *v;
  }

  YearRows& year_of(const Row& r, int year) {
    auto it = m_years.find(year);
    if (it != m_years.end()) return it->second;
    const std::size_t n2 = m_industry_cols.size() * m_industry_cols.size();
    if (m_years.size() >= kMaxYears || (m_years.size() + 1) * n2 > kMaxCells) {
      throw InputError(Problem{r.where(0, "Year"),
                               fmt::format("too many years for {} industries (at most {})", m_industry_cols.size(),
                                           std::min(kMaxYears, kMaxCells / std::max<std::size_t>(n2, 1)))});
    }
    const auto n = static_cast<Eigen::Index>(m_industry_cols.size());
    YearRows y;
    y.data.year = year;
    y.data.z = stats::Matrix::Zero(n, n);
    y.data.household = stats::Vector::Zero(n);
    y.data.final_demand = stats::Vector::Zero(n);
    y.data.imports = stats::Vector::Zero(n);
    y.data.value_added = stats::Vector::Zero(n);
    y.data.output = stats::Vector::Zero(n);
    y.domestic_seen.assign(m_industry_cols.size(), false);
    y.first = r.where(0, "Year");
    return m_years.emplace(year, std::move(y)).first->second;
  }

  void data(const Row& r) {
    const auto year = static_cast<int>(*text::parse_int(r.at(0)));
    if (year < 1900 || year > 2200) {
      m_problems.add(r.where(0, "Year"), fmt::format("{} is not a plausible year", year));
      return;
    }
    auto& y = year_of(r, year);
    const std::string code(r.at(1));
    const auto origin = r.at(3);
    if (origin == "Domestic") {
      domestic(r, y, code);
    } else if (origin == "Imports") {
      for (std::size_t j = 0; j < m_industry_cols.size(); ++j)
        y.data.imports(static_cast<Eigen::Index>(j)) += number(r, m_industry_cols[j], m_table.industries[j].code);
    } else if (origin == "TOT" && (code == "VA" || code == "GO")) {
      auto& target = code == "VA" ? y.data.value_added : y.data.output;
      (code == "VA" ? y.va : y.go) = true;
      for (std::size_t j = 0; j < m_industry_cols.size(); ++j)
        target(static_cast<Eigen::Index>(j)) = number(r, m_industry_cols[j], m_table.industries[j].code);
    } else if (origin != "TOT") {
      m_problems.add(r.where(3, "Origin"), fmt::format("« {} »: Origin must be Domestic, Imports or TOT", origin));
    }
  }

  void domestic(const Row& r, YearRows& y, const std::string& code) {
    const std::size_t i = y.domestic;
    if (i >= m_industry_cols.size() || m_table.industries[i].code != code) {
      m_problems.add(r.where(1, "Code"),
                     i < m_industry_cols.size()
                         ? fmt::format("year {}: Domestic row « {} » where the columns' order expects {}", y.data.year,
                                       code, m_table.industries[i].code)
                         : fmt::format("year {}: one Domestic row too many (« {} »)", y.data.year, code));
      ++y.domestic;
      return;
    }
    y.domestic_seen[i] = true;
    ++y.domestic;
    if (m_table.industries[i].label.empty()) m_table.industries[i].label = std::string(r.at(2));
    const auto ii = static_cast<Eigen::Index>(i);
    for (std::size_t j = 0; j < m_industry_cols.size(); ++j)
      y.data.z(ii, static_cast<Eigen::Index>(j)) = number(r, m_industry_cols[j], m_table.industries[j].code);
    for (std::size_t k = 0; k < m_final_cols.size(); ++k) {
      const double v = number(r, m_final_cols[k], m_table.final_uses[k]);
      y.data.final_demand(ii) += v;
      if (m_household_col && m_final_cols[k] == *m_household_col) y.data.household(ii) = v;
    }
    if (m_go_col) number(r, *m_go_col, "GO");
  }

  std::string m_label;
  IoTable m_table;
  std::vector<std::size_t> m_industry_cols, m_final_cols;
  std::optional<std::size_t> m_household_col, m_go_col;
  std::map<int, YearRows> m_years;
  ProblemList m_problems;
  bool m_header_seen = false;  // a row starting Year, Code was found
  bool m_usable = false;       // and it names industries within the bounds
};

IoTable read_xlsx(std::string bytes, const std::string& label) {
  const auto book = io::XlsxWorkbook::open_bytes(std::move(bytes), label);
  const auto& names = book.sheet_names();
  // The published workbook's sheet; else the first sheet whose first row is the header.
  std::string sheet;
  if (std::find(names.begin(), names.end(), "National IO-tables") != names.end()) {
    sheet = "National IO-tables";
  } else {
    for (const auto& name : names) {
      bool is_header = false;
      book.for_each_row(name, [&](const io::XlsxRow& row) {
        is_header = row.at(0).value == "Year" && row.at(1).value == "Code";
        return false;
      });
      if (is_header) {
        sheet = name;
        break;
      }
    }
  }
  if (sheet.empty()) {
    throw InputError(Problem{{label, 0, 0, "National IO-tables"},
                             "no sheet « National IO-tables » nor any sheet starting with Year, Code"});
  }
  Parser parser(label);
  std::vector<std::string_view> cells;
  book.for_each_row(sheet, [&](const io::XlsxRow& row) {
    cells.clear();
    cells.reserve(row.cells.size());
    for (const auto& c : row.cells) cells.push_back(c.value);
    parser.row({cells, [&](std::size_t column, std::string field) {
                  return book.where(sheet, row.number, column, std::move(field));
                }});
    return true;
  });
  auto table = parser.finish();
  if (sheet == "National IO-tables") table.unit = "million US$ at current prices";
  return table;
}

IoTable read_csv(std::string bytes, const std::string& label) {
  io::CsvReader reader(std::move(bytes), label);
  Parser parser(label);
  std::vector<std::string_view> cells;
  while (reader.next(cells)) {
    parser.row({cells, [&](std::size_t column, std::string field) { return reader.where(column, std::move(field)); }});
  }
  return parser.finish();
}

}  // namespace

IoTable read_io_table_bytes(std::string bytes, const std::string& label, bool xlsx) {
  auto t = xlsx ? read_xlsx(std::move(bytes), label) : read_csv(std::move(bytes), label);
  t.source = label;
  return t;
}

IoTable read_io_table(const std::filesystem::path& path) {
  const auto ext = text::to_lower(path.extension().string());
  return read_io_table_bytes(io::read_file(path), path.filename().string(), ext == ".xlsx");
}

stats::Vector read_employment(const std::string& text, const std::string& label, const IoTable& table, int year) {
  io::CsvReader reader(text, label);
  std::vector<std::string_view> cells;
  if (!reader.next(cells)) throw InputError(Problem{{label, 1, 0, "industry"}, "empty file"});
  const std::vector<std::string_view> header(cells.begin(), cells.end());
  const auto idx = io::require_columns(header, {"industry", "jobs"}, reader.where(0));
  std::optional<std::size_t> year_col;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (header[c] == "year") year_col = c;
  }
  const auto n = static_cast<Eigen::Index>(table.industries.size());
  stats::Vector jobs = stats::Vector::Constant(n, text::kMissing);
  ProblemList problems;
  while (reader.next(cells)) {
    auto cell = [&](std::size_t c) { return c < cells.size() ? text::trim(cells[c]) : std::string_view(); };
    if (year_col && text::parse_int(cell(*year_col)) != year) continue;
    const std::string code(cell(idx[0]));
    const auto i = table.industry(code);
    if (!i) {
      problems.add(reader.where(idx[0], "industry"),
                   fmt::format("« {} » is not an industry of {}", code, table.source));
      continue;
    }
    const auto v = text::parse_double(cell(idx[1]));
    if (!v || !std::isfinite(*v) || *v < 0) {
      problems.add(reader.where(idx[1], "jobs"), fmt::format("« {} » is not a number of jobs", cell(idx[1])));
      continue;
    }
    const auto ii = static_cast<Eigen::Index>(*i);
    if (!std::isnan(jobs(ii))) {
      problems.add(reader.where(idx[0], "industry"), fmt::format("{} appears twice", code));
      continue;
    }
    jobs(ii) = *v;
  }
  std::string missing;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (std::isnan(jobs(i)))
      missing += (missing.empty() ? "" : ", ") + table.industries[static_cast<std::size_t>(i)].code;
  }
  if (!missing.empty()) problems.add({label, 0, 0, "industry"}, fmt::format("year {}: no jobs for {}", year, missing));
  problems.throw_if_any();
  return jobs;
}

}  // namespace fabscope::impact
