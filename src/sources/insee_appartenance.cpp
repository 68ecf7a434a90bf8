// insee_appartenance_2022: INSEE's table d'appartenance géographique des communes, an XLSX
// inside a ZIP; sheets COM, ARM and Zones_supra_communales.
#include <fmt/format.h>

#include <algorithm>

#include "io/archive.hpp"
#include "io/xlsx.hpp"
#include "sources/importer.hpp"
#include "sources/table.hpp"

namespace fabscope::sources {

const std::string& GeoRow::get(std::string_view column) const {
  const auto it = std::find(kGeoColumns.begin(), kGeoColumns.end(), column);
  return values.at(static_cast<std::size_t>(it - kGeoColumns.begin()));
}

ImportSummary parse_appartenance(const std::filesystem::path& file, TerritorySources& out) {
  const auto zip = io::ZipArchive::open_file(file);
  std::string entry;
  for (const auto& n : zip.names()) {
    if (n.size() > 5 && n.compare(n.size() - 5, 5, ".xlsx") == 0) entry = n;
  }
  if (entry.empty()) {
    throw InputError(Problem{{zip.label(), 0, 0, {}}, "no .xlsx file inside the archive"});
  }
  const auto book = io::XlsxWorkbook::open_bytes(zip.read(entry), zip.label() + "!" + entry);
  ProblemList problems;
  GeoData geo;
  geo.communes.reserve(36000);
  std::vector<std::string> cols(kGeoColumns.begin(), kGeoColumns.end());
  const auto ze = static_cast<std::size_t>(std::find(cols.begin(), cols.end(), "ZE2020") - cols.begin());
  const auto cate = static_cast<std::size_t>(std::find(cols.begin(), cols.end(), "CATEAAV2020") - cols.begin());
  auto read_row = [&](RowView& r, bool arm) {
    GeoRow g;
    g.arm = arm;
    for (std::size_t k = 0; k < kGeoColumns.size(); ++k) {
      // Membership codes are text; an empty membership is allowed (e.g. no EPCI).
      g.values[k] = r.text(k, k < 2, /*allow_number=*/k >= 2);
    }
    if (!is_commune_code(g.values[0])) r.problem(0, fmt::format("'{}' is not a commune code", g.values[0]));
    if (!g.values[ze].empty() && !is_digits(g.values[ze], 4)) {
      r.problem(ze, fmt::format("'{}' is not a zone d'emploi 2020 code (4 digits)", g.values[ze]));
    }
    static const std::vector<std::string> kCategories = {"11", "12", "13", "20", "30"};
    if (!g.values[cate].empty() &&
        std::find(kCategories.begin(), kCategories.end(), g.values[cate]) == kCategories.end()) {
      r.problem(cate, fmt::format("'{}' is not a CATEAAV2020 category (11, 12, 13, 20, 30)", g.values[cate]));
    }
    if (arm) g.parent = r.text(kGeoColumns.size());
    geo.communes.push_back(std::move(g));
  };
  read_xlsx_table(book, "COM", "CODGEO", cols, problems, [&](RowView& r) { read_row(r, false); });
  auto arm_cols = cols;
  arm_cols.emplace_back("COM");
  read_xlsx_table(book, "ARM", "CODGEO", arm_cols, problems, [&](RowView& r) { read_row(r, true); });
  read_xlsx_table(book, "Zones_supra_communales", "NIVGEO", {"NIVGEO", "CODGEO", "LIBGEO", "NB_COM"}, problems,
                  [&](RowView& r) {
                    SupraRow z;
                    z.level = r.text(0);
                    z.code = r.text(1, true, true);
                    z.name = r.text(2);
                    z.communes = r.number(3);
                    geo.zones.push_back(std::move(z));
                  });
  problems.throw_if_any();
  ImportSummary s;
  s.rows = geo.communes.size() + geo.zones.size();
  s.notes.push_back(fabscope::Message{"appartenance_counts",
                                      {std::to_string(geo.communes.size()), std::to_string(geo.zones.size())}});
  out.geo = std::move(geo);
  return s;
}

namespace {

// Its tables (store migration 0001).
void write_geo(SQLite::Database& db, const TerritorySources& src) {
  const auto& geo = src.geo;
  SQLite::Statement st(db, "INSERT INTO insee_geo VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const auto& x : geo.communes) {
    st.bindNoCopy(1, x.values[0]);
    st.bind(2, x.arm ? 1 : 0);
    for (std::size_t k = 1; k < x.values.size(); ++k) st.bindNoCopy(static_cast<int>(k) + 2, x.values[k]);
    st.bindNoCopy(19, x.parent);
    st.exec();
    st.reset();
  }
  SQLite::Statement z(db, "INSERT INTO insee_zone VALUES (?,?,?,?)");
  for (const auto& x : geo.zones) {
    z.bindNoCopy(1, x.level);
    z.bindNoCopy(2, x.code);
    z.bindNoCopy(3, x.name);
    store::bind_real(z, 4, x.communes);
    z.exec();
    z.reset();
  }
}

void load_geo(SQLite::Database& db, TerritorySources& src) {
  SQLite::Statement st(db, "SELECT * FROM insee_geo");
  while (st.executeStep()) {
    GeoRow g;
    g.values[0] = st.getColumn(0).getString();
    g.arm = st.getColumn(1).getInt() != 0;
    for (std::size_t k = 1; k < g.values.size(); ++k) g.values[k] = st.getColumn(static_cast<int>(k) + 1).getString();
    g.parent = st.getColumn(18).getString();
    src.geo.communes.push_back(std::move(g));
  }
  SQLite::Statement z(db, "SELECT level, code, name, communes FROM insee_zone");
  while (z.executeStep()) {
    src.geo.zones.push_back({z.getColumn(0).getString(), z.getColumn(1).getString(), z.getColumn(2).getString(),
                             store::get_real(z.getColumn(3))});
  }
}

}  // namespace

std::unique_ptr<Dataset> make_appartenance(TerritorySources& territory) {
  return std::make_unique<TerritoryDataset>(territory, &parse_appartenance, &write_geo, &load_geo);
}

}  // namespace fabscope::sources
