// insee_grille_densite_2024: INSEE's communal density grid (7 levels), XLSX as published.
#include <fmt/format.h>

#include <cmath>

#include "io/xlsx.hpp"
#include "sources/importer.hpp"
#include "sources/table.hpp"

namespace fabscope::sources {

ImportSummary parse_grille_densite(const std::filesystem::path& file, TerritorySources& out) {
  const auto book = io::XlsxWorkbook::open_file(file);
  const std::vector<std::string> cols = {"CODGEO", "LIBGEO", "DENS", "LIBDENS", "PMUN21", "P1",
                                         "P2",     "P3",     "P4",   "P5",      "P6",     "P7"};
  ProblemList problems;
  std::vector<DensityRow> rows;
  rows.reserve(36000);
  read_xlsx_table(book, "Grille_Densite", "CODGEO", cols, problems, [&](RowView& r) {
    DensityRow d;
    d.code = r.text(0);
    if (!d.code.empty() && !is_commune_code(d.code)) r.problem(0, fmt::format("'{}' is not a commune code", d.code));
    d.name = r.text(1);
    const double dens = r.number(2);
    if (std::isnan(dens) || dens < 1 || dens > 7 || dens != std::floor(dens)) {
      r.problem(2, fmt::format("expected a density level from 1 to 7, found '{}'", r.values[2]));
    } else {
      d.dens = static_cast<int>(dens);
    }
    d.label = r.text(3);
    d.pmun21 = r.number(4);
    for (std::size_t k = 0; k < 7; ++k) d.share[k] = r.number(5 + k);
    rows.push_back(std::move(d));
  });
  problems.throw_if_any();
  ImportSummary s;
  s.rows = rows.size();
  out.density = std::move(rows);
  return s;
}

namespace {

// Its tables (store migration 0001).
void write_density(SQLite::Database& db, const TerritorySources& src) {
  const auto& rows = src.density;
  SQLite::Statement st(db, "INSERT INTO insee_density VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const auto& x : rows) {
    st.bindNoCopy(1, x.code);
    st.bindNoCopy(2, x.name);
    st.bind(3, x.dens);
    st.bindNoCopy(4, x.label);
    store::bind_real(st, 5, x.pmun21);
    for (int k = 0; k < 7; ++k) store::bind_real(st, 6 + k, x.share[static_cast<std::size_t>(k)]);
    st.exec();
    st.reset();
  }
}

void load_density(SQLite::Database& db, TerritorySources& src) {
  SQLite::Statement st(db, "SELECT * FROM insee_density");
  while (st.executeStep()) {
    DensityRow d;
    d.code = st.getColumn(0).getString();
    d.name = st.getColumn(1).getString();
    d.dens = st.getColumn(2).getInt();
    d.label = st.getColumn(3).getString();
    d.pmun21 = store::get_real(st.getColumn(4));
    for (int k = 0; k < 7; ++k) d.share[static_cast<std::size_t>(k)] = store::get_real(st.getColumn(5 + k));
    src.density.push_back(std::move(d));
  }
}

}  // namespace

std::unique_ptr<Dataset> make_grille_densite(TerritorySources& territory) {
  return std::make_unique<TerritoryDataset>(territory, &parse_grille_densite, &write_density, &load_density);
}

}  // namespace fabscope::sources
