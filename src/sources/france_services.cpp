// anct_france_services_2022: comma-separated UTF-8 CSV with a header, as published by ANCT.
#include "sources/france_services.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "io/archive.hpp"
#include "io/csv.hpp"
#include "sources/table.hpp"

namespace fabscope::sources {
namespace {

// The published file writes "0null" for one commune code it does not know: read as blank.
constexpr std::string_view kPublisherBlank = "0null";

void check_coordinates(RowView& r, const FranceServicesSite& s) {
  if (std::isnan(s.latitude) != std::isnan(s.longitude)) {
    r.problem(8, "latitude and longitude must be both given or both blank");
  }
  if (s.latitude < -90 || s.latitude > 90) r.problem(8, fmt::format("latitude {} out of range", s.latitude));
  if (s.longitude < -180 || s.longitude > 180) r.problem(9, fmt::format("longitude {} out of range", s.longitude));
}

class FranceServices final : public Dataset {
 public:
  ImportSummary parse(const std::filesystem::path& file) override { return parse_france_services(file, m_sites); }

  void write(SQLite::Database& db) const override {
    SQLite::Statement st(db, "INSERT INTO anct_france_services VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    for (const auto& s : m_sites) {
      int i = 1;
      for (const auto* t : {&s.id, &s.name, &s.address, &s.commune, &s.departement, &s.postcode, &s.commune_name}) {
        st.bindNoCopy(i++, *t);
      }
      store::bind_real(st, i++, s.latitude);
      store::bind_real(st, i++, s.longitude);
      st.bind(i++, s.mobile ? 1 : 0);
      st.bindNoCopy(i++, s.format);
      st.bindNoCopy(i, s.labellisation);
      st.exec();
      st.reset();
    }
  }

  void load(SQLite::Database& db) override {
    SQLite::Statement st(db,
                         "SELECT id, name, address, commune, departement, postcode, commune_name, latitude, "
                         "longitude, mobile, format, labellisation FROM anct_france_services ORDER BY rowid");
    while (st.executeStep()) {
      FranceServicesSite s;
      s.id = st.getColumn(0).getString();
      s.name = st.getColumn(1).getString();
      s.address = st.getColumn(2).getString();
      s.commune = st.getColumn(3).getString();
      s.departement = st.getColumn(4).getString();
      s.postcode = st.getColumn(5).getString();
      s.commune_name = st.getColumn(6).getString();
      s.latitude = store::get_real(st.getColumn(7));
      s.longitude = store::get_real(st.getColumn(8));
      s.mobile = st.getColumn(9).getInt() != 0;
      s.format = st.getColumn(10).getString();
      s.labellisation = st.getColumn(11).getString();
      m_sites.push_back(std::move(s));
    }
  }

  std::vector<FranceServicesSite> m_sites;
};

}  // namespace

ImportSummary parse_france_services(const std::filesystem::path& file, std::vector<FranceServicesSite>& out) {
  io::CsvReader reader(io::read_file(file), file.filename().string(), {',', io::Encoding::utf8});
  const std::vector<std::string> cols = {"id_fs",      "insee_dep",   "lib_fs",       "adresse",  "complement_adresse",
                                         "insee_com",  "code_postal", "lib_com",      "latitude", "longitude",
                                         "itinerance", "format_fs",   "labellisation"};
  ProblemList problems;
  std::vector<FranceServicesSite> sites;
  std::set<std::string> ids;
  std::size_t unlocated = 0;
  read_csv_table(reader, cols, problems, [&](RowView& r) {
    FranceServicesSite s;
    s.id = r.text(0);
    if (!s.id.empty() && !ids.insert(s.id).second) r.problem(0, fmt::format("duplicate id_fs '{}'", s.id));
    s.departement = r.text(1);
    s.name = r.text(2);
    s.address = r.text(3, false);
    if (const auto extra = r.text(4, false); !extra.empty()) s.address += ", " + extra;
    s.commune = r.text(5, false);
    if (s.commune == kPublisherBlank) s.commune.clear();
    if (!s.commune.empty() && !is_commune_code(s.commune)) {
      r.problem(5, fmt::format("'{}' is not a commune code", s.commune));
    }
    s.postcode = r.text(6, false);
    if (!s.postcode.empty() && !is_digits(s.postcode, 5)) {
      r.problem(6, fmt::format("'{}' is not a postcode (5 digits)", s.postcode));
    }
    s.commune_name = r.text(7, false);
    s.latitude = r.number(8);
    s.longitude = r.number(9);
    check_coordinates(r, s);
    const auto mobile = r.text(10, false);
    if (mobile != "Oui" && mobile != "Non" && !mobile.empty()) {
      r.problem(10, fmt::format("itinerance '{}': expected Oui or Non", mobile));
    }
    s.mobile = mobile == "Oui";
    s.format = r.text(11, false);
    s.labellisation = r.text(12, false);
    if (s.commune.empty()) ++unlocated;
    sites.push_back(std::move(s));
  });
  problems.throw_if_any();
  ImportSummary summary;
  summary.rows = sites.size();
  if (unlocated > 0) summary.notes.push_back({"france_services_without_commune", {std::to_string(unlocated)}});
  out = std::move(sites);
  return summary;
}

std::vector<FranceServicesSite> load_france_services(store::Store& store) {
  if (!store.has_table("anct_france_services")) return {};
  FranceServices d;
  d.load(store.db());
  return std::move(d.m_sites);
}

std::unique_ptr<Dataset> make_france_services(TerritorySources& /*territory*/) {
  return std::make_unique<FranceServices>();
}

}  // namespace fabscope::sources
