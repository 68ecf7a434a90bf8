// cog_etalab_2026: the npm package @etalab/decoupage-administratif, JSON inside a tar.gz.
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/geojson.hpp"
#include "sources/importer.hpp"

namespace fabscope::sources {
namespace {

constexpr std::string_view kPrefix = "package/data/";

// Parses JSON; a syntax error (also a number too large for a double, 1e400) is located
// (line, column, byte offset) by a second, slower parser.
simdjson::dom::element parse_json(simdjson::dom::parser& parser, const std::string& text, const std::string& label) {
  simdjson::dom::element root;
  const auto err = parser.parse(text).get(root);
  if (err == simdjson::SUCCESS) return root;
  io::throw_json_error(text, label, simdjson::error_message(err));
}

class Reader {
 public:
  Reader(std::string label, ProblemList& problems) : m_label(std::move(label)), m_problems(problems) {}

  std::string text(simdjson::dom::object obj, std::size_t i, const char* key, bool required) {
    std::string_view v;
    const auto err = obj[key].get_string().get(v);
    if (err == simdjson::SUCCESS) return std::string(v);
    if (err != simdjson::NO_SUCH_FIELD || required) {
      m_problems.add(where(i, key), err == simdjson::NO_SUCH_FIELD ? "missing field" : "expected a string");
    }
    return {};
  }
  double number(simdjson::dom::object obj, std::size_t i, const char* key) {
    double v = 0;
    simdjson::dom::element e;
    if (obj[key].get(e) == simdjson::NO_SUCH_FIELD) return text::kMissing;
    if (e.is_int64() && int64_t(e) < 0) {
      m_problems.add(where(i, key), fmt::format("expected a population ≥ 0, found {}", int64_t(e)));
      return text::kMissing;
    }
    if (e.is_int64()) return static_cast<double>(int64_t(e));
    if (e.get_double().get(v) == simdjson::SUCCESS) {
      // Every number of these files is a population: a count.
      if (std::isfinite(v) && v >= 0) return v;
      m_problems.add(where(i, key), fmt::format("expected a population ≥ 0, found {}", v));
      return text::kMissing;
    }
    m_problems.add(where(i, key), "expected a number");
    return text::kMissing;
  }
  std::vector<std::string> strings(simdjson::dom::object obj, std::size_t i, const char* key,
                                   const char* subkey = nullptr) {
    std::vector<std::string> out;
    simdjson::dom::array arr;
    const auto err = obj[key].get_array().get(arr);
    if (err == simdjson::NO_SUCH_FIELD) return out;
    if (err != simdjson::SUCCESS) {
      m_problems.add(where(i, key), "expected an array");
      return out;
    }
    for (auto item : arr) {
      std::string_view s;
      const auto e = subkey != nullptr ? item[subkey].get_string().get(s) : item.get_string().get(s);
      if (e != simdjson::SUCCESS) {
        m_problems.add(where(i, key), subkey != nullptr ? fmt::format("expected objects with a string '{}'", subkey)
                                                        : std::string("expected an array of strings"));
        continue;
      }
      out.emplace_back(s);
    }
    return out;
  }
  Location where(std::size_t i, std::string_view key) const { return {m_label, 0, 0, fmt::format("[{}].{}", i, key)}; }
  const std::string& label() const { return m_label; }

 private:
  std::string m_label;
  ProblemList& m_problems;
};

simdjson::dom::array entries(simdjson::dom::parser& parser, const std::map<std::string, std::string>& files,
                             const std::string& archive, const std::string& name) {
  const auto it = files.find(std::string(kPrefix) + name);
  if (it == files.end()) {
    throw InputError(Problem{{archive, 0, 0, {}}, fmt::format("{}{} not found in the package", kPrefix, name)});
  }
  const std::string label = fmt::format("{}!{}{}", archive, kPrefix, name);
  simdjson::dom::array arr;
  if (parse_json(parser, it->second, label).get_array().get(arr) != simdjson::SUCCESS) {
    throw InputError(Problem{{label, 1, 1, {}}, "expected a JSON array at the top level"});
  }
  return arr;
}

}  // namespace

ImportSummary parse_cog_etalab(const std::filesystem::path& file, TerritorySources& out) {
  const std::string archive = file.filename().string();
  const auto files = io::read_tar_gz(file);
  ProblemList problems;
  CogData cog;
  ImportSummary summary;
  static const std::vector<std::string_view> kTypes = {"commune-actuelle", "commune-deleguee", "commune-associee",
                                                       "arrondissement-municipal"};
  // One parser for the four files: its buffers, sized by the largest file (first), are
  // reused by the others.
  simdjson::dom::parser parser;
  {
    Reader r(fmt::format("{}!{}communes.json", archive, kPrefix), problems);
    std::size_t i = 0;
    const auto communes = entries(parser, files, archive, "communes.json");
    cog.communes.reserve(communes.size());
    for (auto item : communes) {
      simdjson::dom::object o;
      if (item.get_object().get(o) != simdjson::SUCCESS) {
        problems.add(r.where(i++, ""), "expected an object");
        continue;
      }
      CogCommune c;
      c.code = r.text(o, i, "code", true);
      c.name = r.text(o, i, "nom", true);
      c.type = r.text(o, i, "type", true);
      c.zone = r.text(o, i, "zone", true);
      c.departement = r.text(o, i, "departement", true);
      c.region = r.text(o, i, "region", true);
      c.arrondissement = r.text(o, i, "arrondissement", false);
      c.siren = r.text(o, i, "siren", false);
      c.population = r.number(o, i, "population");
      c.old_codes = r.strings(o, i, "anciensCodes");
      std::string postcodes;
      for (const auto& p : r.strings(o, i, "codesPostaux")) postcodes += (postcodes.empty() ? "" : " ") + p;
      c.postcodes = std::move(postcodes);
      if (!c.code.empty() && !is_commune_code(c.code)) {
        problems.add(r.where(i, "code"), fmt::format("'{}' is not a commune code (5 characters)", c.code));
      }
      if (!c.type.empty() && std::find(kTypes.begin(), kTypes.end(), c.type) == kTypes.end()) {
        problems.add(r.where(i, "type"), fmt::format("unknown type '{}'", c.type));
      }
      if (c.type == "commune-deleguee" || c.type == "commune-associee") {
        c.parent = r.text(o, i, "chefLieu", true);
      } else if (c.type == "arrondissement-municipal") {
        c.parent = r.text(o, i, "commune", true);
      }
      cog.communes.push_back(std::move(c));
      ++i;
    }
  }
  {
    Reader r(fmt::format("{}!{}epci.json", archive, kPrefix), problems);
    std::size_t i = 0;
    const auto epcis = entries(parser, files, archive, "epci.json");
    cog.epcis.reserve(epcis.size());
    for (auto item : epcis) {
      simdjson::dom::object o;
      if (item.get_object().get(o) != simdjson::SUCCESS) {
        problems.add(r.where(i++, ""), "expected an object");
        continue;
      }
      CogEpci e;
      e.siren = r.text(o, i, "code", true);
      e.name = r.text(o, i, "nom", true);
      e.type = r.text(o, i, "type", true);
      e.financing = r.text(o, i, "modeFinancement", false);
      e.population_total = r.number(o, i, "populationTotale");
      e.population_municipal = r.number(o, i, "populationMunicipale");
      e.members = r.strings(o, i, "membres", "code");
      if (!e.siren.empty() && !is_digits(e.siren, 9)) {
        problems.add(r.where(i, "code"), fmt::format("'{}' is not an EPCI SIREN (9 digits)", e.siren));
      }
      if (e.members.empty()) problems.add(r.where(i, "membres"), "an EPCI without member communes");
      cog.epcis.push_back(std::move(e));
      ++i;
    }
  }
  for (const char* name : {"departements.json", "regions.json"}) {
    Reader r(fmt::format("{}!{}{}", archive, kPrefix, name), problems);
    const bool deps = std::string_view(name) == "departements.json";
    std::size_t i = 0;
    for (auto item : entries(parser, files, archive, name)) {
      simdjson::dom::object o;
      if (item.get_object().get(o) != simdjson::SUCCESS) {
        problems.add(r.where(i++, ""), "expected an object");
        continue;
      }
      CogArea a;
      a.code = r.text(o, i, "code", true);
      a.name = r.text(o, i, "nom", true);
      a.chef_lieu = r.text(o, i, "chefLieu", false);
      a.zone = r.text(o, i, "zone", false);
      if (deps) a.region = r.text(o, i, "region", true);
      (deps ? cog.departements : cog.regions).push_back(std::move(a));
      ++i;
    }
  }
  problems.throw_if_any();
  summary.rows = cog.communes.size() + cog.epcis.size() + cog.departements.size() + cog.regions.size();
  summary.notes.push_back(
      fabscope::Message{"cog_counts",
                        {std::to_string(cog.communes.size()), std::to_string(cog.epcis.size()),
                         std::to_string(cog.departements.size()), std::to_string(cog.regions.size())}});
  out.cog = std::move(cog);
  return summary;
}

namespace {

// Its tables (store migration 0001).
void write_cog(SQLite::Database& db, const TerritorySources& src) {
  const auto& cog = src.cog;
  SQLite::Statement c(db, "INSERT INTO cog_commune VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  for (const auto& x : cog.communes) {
    int i = 1;
    for (const auto* s : {&x.code, &x.type, &x.name, &x.zone, &x.departement, &x.region, &x.arrondissement, &x.parent,
                          &x.siren, &x.postcodes}) {
      c.bindNoCopy(i++, *s);
    }
    c.bind(i++, store::join_words(x.old_codes));
    store::bind_real(c, i, x.population);
    c.exec();
    c.reset();
  }
  SQLite::Statement e(db, "INSERT INTO cog_epci VALUES (?,?,?,?,?,?)");
  SQLite::Statement m(db, "INSERT INTO cog_epci_member VALUES (?,?)");
  for (const auto& x : cog.epcis) {
    e.bindNoCopy(1, x.siren);
    e.bindNoCopy(2, x.name);
    e.bindNoCopy(3, x.type);
    e.bindNoCopy(4, x.financing);
    store::bind_real(e, 5, x.population_total);
    store::bind_real(e, 6, x.population_municipal);
    e.exec();
    e.reset();
    for (const auto& code : x.members) {
      m.bindNoCopy(1, x.siren);
      m.bind(2, code);
      m.exec();
      m.reset();
    }
  }
  SQLite::Statement d(db, "INSERT INTO cog_departement VALUES (?,?,?,?,?)");
  for (const auto& x : cog.departements) {
    d.bindNoCopy(1, x.code);
    d.bindNoCopy(2, x.name);
    d.bindNoCopy(3, x.region);
    d.bindNoCopy(4, x.chef_lieu);
    d.bindNoCopy(5, x.zone);
    d.exec();
    d.reset();
  }
  SQLite::Statement r(db, "INSERT INTO cog_region VALUES (?,?,?,?)");
  for (const auto& x : cog.regions) {
    r.bindNoCopy(1, x.code);
    r.bindNoCopy(2, x.name);
    r.bindNoCopy(3, x.chef_lieu);
    r.bindNoCopy(4, x.zone);
    r.exec();
    r.reset();
  }
}

std::vector<CogCommune> read_cog_communes(SQLite::Database& db) {
  std::vector<CogCommune> out;
  SQLite::Statement st(db,
                       "SELECT code, type, name, zone, departement, region, arrondissement, parent, "
                       "siren, postcodes, old_codes, population FROM cog_commune");
  while (st.executeStep()) {
    CogCommune c;
    c.code = st.getColumn(0).getString();
    c.type = st.getColumn(1).getString();
    c.name = st.getColumn(2).getString();
    c.zone = st.getColumn(3).getString();
    c.departement = st.getColumn(4).getString();
    c.region = st.getColumn(5).getString();
    c.arrondissement = st.getColumn(6).getString();
    c.parent = st.getColumn(7).getString();
    c.siren = st.getColumn(8).getString();
    c.postcodes = st.getColumn(9).getString();
    c.old_codes = store::split_words(st.getColumn(10).getString());
    c.population = store::get_real(st.getColumn(11));
    out.push_back(std::move(c));
  }
  return out;
}

void load_cog(SQLite::Database& db, TerritorySources& src) {
  src.cog.communes = read_cog_communes(db);
  SQLite::Statement st(db,
                       "SELECT siren, name, type, financing, population_total, population_municipal "
                       "FROM cog_epci");
  SQLite::Statement m(db, "SELECT epci_siren, commune_code FROM cog_epci_member");
  std::map<std::string, std::vector<std::string>> members;
  while (m.executeStep()) members[m.getColumn(0).getString()].push_back(m.getColumn(1).getString());
  while (st.executeStep()) {
    CogEpci e;
    e.siren = st.getColumn(0).getString();
    e.name = st.getColumn(1).getString();
    e.type = st.getColumn(2).getString();
    e.financing = st.getColumn(3).getString();
    e.population_total = store::get_real(st.getColumn(4));
    e.population_municipal = store::get_real(st.getColumn(5));
    e.members = std::move(members[e.siren]);
    src.cog.epcis.push_back(std::move(e));
  }
  SQLite::Statement d(db, "SELECT code, name, region, chef_lieu, zone FROM cog_departement");
  while (d.executeStep()) {
    src.cog.departements.push_back({d.getColumn(0).getString(), d.getColumn(1).getString(),
                                    d.getColumn(2).getString(), d.getColumn(3).getString(),
                                    d.getColumn(4).getString()});
  }
  SQLite::Statement r(db, "SELECT code, name, chef_lieu, zone FROM cog_region");
  while (r.executeStep()) {
    src.cog.regions.push_back({r.getColumn(0).getString(), r.getColumn(1).getString(), "", r.getColumn(2).getString(),
                               r.getColumn(3).getString()});
  }
}

}  // namespace

std::vector<CogCommune> load_cog_communes(store::Store& store) { return read_cog_communes(store.db()); }

std::unique_ptr<Dataset> make_cog_etalab(TerritorySources& territory) {
  return std::make_unique<TerritoryDataset>(territory, &parse_cog_etalab, &write_cog, &load_cog);
}

}  // namespace fabscope::sources
