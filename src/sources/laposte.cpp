// laposte_hexasmal: La Poste's base officielle des codes postaux, ';'-separated UTF-8 CSV.
#include <fmt/format.h>

#include <cmath>

#include "io/archive.hpp"
#include "io/csv.hpp"
#include "sources/importer.hpp"
#include "sources/table.hpp"

namespace fabscope::sources {

ImportSummary parse_laposte(const std::filesystem::path& file, TerritorySources& out) {
  io::CsvReader reader(io::read_file(file), file.filename().string(), {';', io::Encoding::utf8});
  const std::vector<std::string> cols = {"Code_commune_INSEE",     "Nom_commune", "Code_postal", "Ligne_5",
                                         "Libellé_d_acheminement", "latitude",    "longitude"};
  ProblemList problems;
  std::vector<PostalRow> rows;
  rows.reserve(40000);
  std::size_t without_coordinates = 0;
  read_csv_table(reader, cols, problems, [&](RowView& r) {
    PostalRow p;
    p.insee = r.text(0);
    if (!p.insee.empty() && !is_commune_code(p.insee)) r.problem(0, fmt::format("'{}' is not a commune code", p.insee));
    p.name = r.text(1);
    p.postcode = r.text(2);
    if (!p.postcode.empty() && !is_digits(p.postcode, 5)) {
      r.problem(2, fmt::format("'{}' is not a postcode (5 digits)", p.postcode));
    }
    p.line5 = r.text(3, false);
    p.delivery_label = r.text(4, false);
    p.latitude = r.number(5);
    p.longitude = r.number(6);
    if (std::isnan(p.latitude) != std::isnan(p.longitude)) {
      r.problem(5, "latitude and longitude must be both given or both blank");
    }
    if (p.latitude < -90 || p.latitude > 90) r.problem(5, fmt::format("latitude {} out of range", p.latitude));
    if (p.longitude < -180 || p.longitude > 180) r.problem(6, fmt::format("longitude {} out of range", p.longitude));
    if (std::isnan(p.latitude)) ++without_coordinates;
    rows.push_back(std::move(p));
  });
  problems.throw_if_any();
  ImportSummary s;
  s.rows = rows.size();
  if (without_coordinates > 0)
    s.notes.push_back(fabscope::Message{"laposte_without_coordinates", {std::to_string(without_coordinates)}});
  out.postal = std::move(rows);
  return s;
}

namespace {

// Its tables (store migration 0001).
void write_postal(SQLite::Database& db, const TerritorySources& src) {
  const auto& rows = src.postal;
  SQLite::Statement st(db, "INSERT INTO laposte_postcode VALUES (?,?,?,?,?,?,?)");
  for (const auto& x : rows) {
    st.bindNoCopy(1, x.insee);
    st.bindNoCopy(2, x.name);
    st.bindNoCopy(3, x.postcode);
    st.bind(4, x.line5);
    st.bindNoCopy(5, x.delivery_label);
    store::bind_real(st, 6, x.latitude);
    store::bind_real(st, 7, x.longitude);
    st.exec();
    st.reset();
  }
}

void load_postal(SQLite::Database& db, TerritorySources& src) {
  SQLite::Statement st(db, "SELECT * FROM laposte_postcode ORDER BY rowid");
  while (st.executeStep()) {
    src.postal.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                          st.getColumn(3).getString(), st.getColumn(4).getString(), store::get_real(st.getColumn(5)),
                          store::get_real(st.getColumn(6))});
  }
}

}  // namespace

std::unique_ptr<Dataset> make_laposte(TerritorySources& territory) {
  return std::make_unique<TerritoryDataset>(territory, &parse_laposte, &write_postal, &load_postal);
}

}  // namespace fabscope::sources
