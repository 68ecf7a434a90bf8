// insee_comparateur_2022: INSEE's base du comparateur de territoires, a ';'-separated CSV
// inside a ZIP. A blank cell is statistical secrecy: missing, never zero.
#include <fmt/format.h>

#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/csv.hpp"
#include "sources/importer.hpp"
#include "sources/table.hpp"

namespace fabscope::sources {

ImportSummary parse_comparateur(const std::filesystem::path& file, TerritorySources& out) {
  const auto zip = io::ZipArchive::open_file(file);
  std::string entry;
  for (const auto& n : zip.names()) {
    if (text::to_lower(n) == "base_cc_comparateur.csv") entry = n;
  }
  if (entry.empty()) {
    throw InputError(Problem{{zip.label(), 0, 0, {}}, "base_cc_comparateur.CSV not found in the archive"});
  }
  io::CsvReader reader(zip.read(entry), zip.label() + "!" + entry, {';', io::Encoding::utf8});
  std::vector<std::string> cols = {"CODGEO"};
  cols.insert(cols.end(), kComparateurColumns.begin(), kComparateurColumns.end());
  ProblemList problems;
  std::vector<ComparateurRow> rows;
  rows.reserve(36000);
  read_csv_table(reader, cols, problems, [&](RowView& r) {
    ComparateurRow row;
    row.code = r.text(0);
    if (!row.code.empty() && !is_commune_code(row.code)) {
      r.problem(0, fmt::format("'{}' is not a commune code", row.code));
    }
    for (std::size_t k = 0; k < kComparateurColumns.size(); ++k) {
      row.values[k] = r.number(k + 1, /*decimal_comma=*/true);
      if (row.values[k] < 0) r.problem(k + 1, fmt::format("expected a count ≥ 0, found {}", r.values[k + 1]));
    }
    rows.push_back(std::move(row));
  });
  problems.throw_if_any();
  ImportSummary s;
  s.rows = rows.size();
  out.comparateur = std::move(rows);
  return s;
}

namespace {

// Its tables (store migration 0001).
void write_comparateur(SQLite::Database& db, const TerritorySources& src) {
  const auto& rows = src.comparateur;
  std::string sql = "INSERT INTO insee_comparateur VALUES (?";
  for (std::size_t k = 0; k < kComparateurColumns.size(); ++k) sql += ",?";
  sql += ")";
  SQLite::Statement st(db, sql);
  for (const auto& x : rows) {
    st.bindNoCopy(1, x.code);
    for (std::size_t k = 0; k < x.values.size(); ++k) store::bind_real(st, static_cast<int>(k) + 2, x.values[k]);
    st.exec();
    st.reset();
  }
}

void load_comparateur(SQLite::Database& db, TerritorySources& src) {
  SQLite::Statement st(db, "SELECT * FROM insee_comparateur");
  while (st.executeStep()) {
    ComparateurRow r;
    r.code = st.getColumn(0).getString();
    for (std::size_t k = 0; k < r.values.size(); ++k)
      r.values[k] = store::get_real(st.getColumn(static_cast<int>(k) + 1));
    src.comparateur.push_back(std::move(r));
  }
}

}  // namespace

std::unique_ptr<Dataset> make_comparateur(TerritorySources& territory) {
  return std::make_unique<TerritoryDataset>(territory, &parse_comparateur, &write_comparateur, &load_comparateur);
}

}  // namespace fabscope::sources
