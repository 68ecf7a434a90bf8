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

}  // namespace fabscope::sources
