// The workshop register against damaged inputs and large lists: an empty geometry among
// the commune polygons, a header-only list, and 20,000 FICTITIOUS generated workshops
// (placement and duplicates; the blocking of pairs against testing all pairs).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "core/error.hpp"
#include "pipeline/import.hpp"
#include "support/test_support.hpp"
#include "workshops/duplicates.hpp"
#include "workshops/register.hpp"

namespace fabscope::workshops {
namespace {

const char* kMapping =
    "date = \"2026-01\"\nformat = \"csv\"\ndelimiter = \";\"\n[columns]\nkey = \"ID\"\nname = \"Nom\"\n"
    "city = \"Commune\"\npostcode = \"CP\"\nlatitude = \"Lat\"\nlongitude = \"Lon\"\nwebsite = \"Web\"\n";

// One store with the territory imported, copied for each test.
class RegisterHardening : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<test::TempDir>();
    store::Store base(*s_dir / "base.db");
    auto o = test::import_options();
    pipeline::import_datasets(base, sources::Catalog::builtin(), o);
  }
  static void TearDownTestSuite() { s_dir.reset(); }
  void SetUp() override {
    std::filesystem::copy_file(*s_dir / "base.db", m_dir / "s.db");
    m_store = std::make_unique<store::Store>(m_dir / "s.db");
  }
  RegisterImportOptions options(const std::filesystem::path& data) const {
    RegisterImportOptions o;
    o.data_dir = data;
    return o;
  }
  std::int64_t count(const std::string& sql) { return m_store->db().execAndGet(sql).getInt64(); }
  static inline std::unique_ptr<test::TempDir> s_dir;
  test::TempDir m_dir;
  std::unique_ptr<store::Store> m_store;
};

// communes-bretagne.geojson with Lannion's geometry emptied ("coordinates": []): the
// import used to crash (exit 139); now the feature is left out with a note and Lannion's
// workshops are placed by the next method.
TEST_F(RegisterHardening, EmptyCommuneGeometryIsNotedAndPlacementFallsBack) {
  const auto& catalog = sources::Catalog::builtin();
  const auto data = m_dir / "data";
  for (const char* id : {"maplabbzh_2020", "geo_communes_bretagne_2018"}) {
    std::filesystem::create_directories((data / catalog.get(id).file).parent_path());
    std::filesystem::copy_file(test::data_dir() / catalog.get(id).file, data / catalog.get(id).file);
  }
  const auto geo = data / catalog.get("geo_communes_bretagne_2018").file;
  std::string text = test::read_file(geo);
  const auto lannion = text.find(R"("code":"22113")");
  ASSERT_NE(lannion, std::string::npos);
  const auto feature = text.rfind(R"({"type":"Feature")", lannion);
  const auto coords = text.find(R"("coordinates":)", feature);
  const auto props = text.find(R"(},"properties")", feature);
  ASSERT_LT(coords, props);
  text.replace(coords, props - coords, R"("coordinates":[])");
  test::write_file(geo, text);

  const auto r = import_register(*m_store, catalog, "maplabbzh_2020", options(data));
  EXPECT_EQ(r.workshops, 121U);
  EXPECT_TRUE(r.unplaced.empty());
  ASSERT_EQ(r.notes.size(), 1U);
  EXPECT_EQ(r.notes[0].id, "geometry_skipped");
  ASSERT_EQ(r.notes[0].args.size(), 1U);
  EXPECT_EQ(r.notes[0].args[0].rfind("communes-bretagne.geojson (features[", 0), 0U) << r.notes[0].args[0];
  // Lannion's workshops are still in Lannion, placed by their postcode, not by a polygon.
  const auto in_lannion = count("SELECT count(*) FROM workshop WHERE commune = '22113'");
  EXPECT_GE(in_lannion, 1);
  EXPECT_EQ(count("SELECT count(*) FROM workshop WHERE commune = '22113' AND placement_method = 'polygon'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM workshop WHERE placement_method = 'polygon'"), 110 - in_lannion);
}

// A header-only list would replace a register by nothing: refused with the counts, the
// store unchanged, unless the shrink is allowed.
TEST_F(RegisterHardening, HeaderOnlyListIsRefusedUnlessShrinkIsAllowed) {
  const auto& catalog = sources::Catalog::builtin();
  test::write_file(m_dir / "m.toml", kMapping);
  test::write_file(m_dir / "full.csv",
                   "ID;Nom;Commune;CP;Lat;Lon;Web\n1;Atelier fictif Un;Lannion;22300;;;\n"
                   "2;Atelier fictif Deux;Rennes;35000;;;\n3;Atelier fictif Trois;Brest;29200;;;\n");
  test::write_file(m_dir / "header.csv", "ID;Nom;Commune;CP;Lat;Lon;Web\n");
  auto o = options(test::data_dir());
  EXPECT_EQ(import_mapped(*m_store, catalog, "fictif", m_dir / "full.csv", m_dir / "m.toml", o).workshops, 3U);
  const auto before = m_store->import_record("fictif");
  try {
    import_mapped(*m_store, catalog, "fictif", m_dir / "header.csv", m_dir / "m.toml", o);
    FAIL() << "expected a ShrinkError";
  } catch (const ShrinkError& e) {
    EXPECT_EQ(e.code(), ExitCode::bad_input);
    EXPECT_EQ(e.before(), 3);
    EXPECT_EQ(e.after(), 0);
    EXPECT_EQ(std::string(e.what()).rfind("fictif: 0 rows instead of 3; refusing", 0), 0U) << e.what();
  }
  EXPECT_EQ(count("SELECT count(*) FROM workshop WHERE source = 'fictif'"), 3);
  EXPECT_EQ(m_store->import_record("fictif")->sha256, before->sha256);
  // Two rows of three: not most of them, accepted.
  test::write_file(m_dir / "two.csv",
                   "ID;Nom;Commune;CP;Lat;Lon;Web\n1;Atelier fictif Un;Lannion;22300;;;\n"
                   "2;Atelier fictif Deux;Rennes;35000;;;\n");
  EXPECT_EQ(import_mapped(*m_store, catalog, "fictif", m_dir / "two.csv", m_dir / "m.toml", o).workshops, 2U);
  // Allowed: emptied as asked.
  o.allow_shrink = true;
  EXPECT_EQ(import_mapped(*m_store, catalog, "fictif", m_dir / "header.csv", m_dir / "m.toml", o).workshops, 0U);
  EXPECT_EQ(count("SELECT count(*) FROM workshop WHERE source = 'fictif'"), 0);

  // A built-in register from an empty FeatureCollection: the same rule.
  auto b = options(test::data_dir());
  EXPECT_EQ(import_register(*m_store, catalog, "maplabbzh_2020", b).workshops, 121U);
  test::write_file(m_dir / "empty.geojson", R"({"type":"FeatureCollection","features":[]})");
  b.file = m_dir / "empty.geojson";
  b.force = true;
  try {
    import_register(*m_store, catalog, "maplabbzh_2020", b);
    FAIL() << "expected a ShrinkError";
  } catch (const ShrinkError& e) {
    EXPECT_EQ(e.before(), 121);
    EXPECT_EQ(e.after(), 0);
  }
  EXPECT_EQ(count("SELECT count(*) FROM workshop WHERE source = 'maplabbzh_2020'"), 121);
}

// A register file that is not JSON (truncated, or with a number no double holds) is a
// located error; the register in the store is left as it was.
TEST_F(RegisterHardening, RegisterJsonSyntaxErrorsAreLocated) {
  const auto& catalog = sources::Catalog::builtin();
  auto o = options(test::data_dir());
  EXPECT_EQ(import_register(*m_store, catalog, "maplabbzh_2020", o).workshops, 121U);
  const std::string full = test::read_file(test::data_dir() / catalog.get("maplabbzh_2020").file);
  test::write_file(m_dir / "cut.geojson", full.substr(0, 1000));
  o.file = m_dir / "cut.geojson";
  o.force = true;
  auto e = test::expect_input_error([&] { import_register(*m_store, catalog, "maplabbzh_2020", o); });
  EXPECT_EQ(e.problems()[0].where.file, "cut.geojson");
  EXPECT_EQ(e.problems()[0].where.line, 1 + std::count(full.begin(), full.begin() + 1000, '\n'));
  EXPECT_GT(e.problems()[0].where.column, 0);
  EXPECT_NE(e.problems()[0].message.find("(byte 1000)"), std::string::npos) << e.what();
  test::write_file(m_dir / "big.json", "[{\"name\": \"x\", \"coordinates\": [1e400, 2]}]");
  o.file = m_dir / "big.json";
  e = test::expect_input_error([&] { import_register(*m_store, catalog, "fablabs_io_fr_2017", o); });
  EXPECT_EQ(e.problems()[0].where.file, "big.json");
  EXPECT_EQ(e.problems()[0].where.line, 1);
  EXPECT_EQ(e.problems()[0].where.column, 32);  // the number's first character
  EXPECT_EQ(count("SELECT count(*) FROM workshop WHERE source = 'maplabbzh_2020'"), 121);
}

// FICTITIOUS workshops (seeded): each at the centroid of a commune of metropolitan France
// outside Bretagne (no polygons; overseas, Saint-Pierre and Miquelon share a postcode and a
// point) with
// its postcode, every 50th with a twin 100 m away (same name, same website).
struct Generated {
  std::string csv;
  std::map<std::string, std::string> commune_of;  // id -> commune it was generated in
  std::vector<std::pair<std::string, std::string>> twins;
};

Generated generate(store::Store& store, std::size_t n, unsigned seed) {
  struct C {
    std::string code, postcode;
    double lat, lon;
  };
  std::vector<C> communes;
  SQLite::Statement st(store.db(),
                       "SELECT c.code, c.postcodes, t.latitude, t.longitude FROM cog_commune c "
                       "JOIN territory_commune t ON t.code = c.code WHERE c.type = 'commune-actuelle' "
                       "AND t.latitude IS NOT NULL AND c.postcodes <> '' "
                       "AND c.departement NOT IN ('22', '29', '35', '56') AND c.departement < '97' ORDER BY c.code");
  while (st.executeStep()) {
    const std::string pcs = st.getColumn(1).getString();
    communes.push_back({st.getColumn(0).getString(), pcs.substr(0, pcs.find(' ')), st.getColumn(2).getDouble(),
                        st.getColumn(3).getDouble()});
  }
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, communes.size() - 1);
  Generated g;
  g.csv = "ID;Nom;Commune;CP;Lat;Lon;Web\n";
  for (std::size_t i = 0; i < n; ++i) {
    const auto& c = communes[pick(rng)];
    const std::string id = fmt::format("G{:05d}", i);
    const std::string name = fmt::format("Atelier fictif {}", i);
    const bool twin = i % 50 == 0;
    const std::string web = twin ? fmt::format("https://fictif-{}.example", i) : "";
    g.csv += fmt::format("{};{};;{};{:.6f};{:.6f};{}\n", id, name, c.postcode, c.lat, c.lon, web);
    g.commune_of[id] = c.code;
    if (twin) {
      const std::string tid = id + "b";
      g.csv += fmt::format("{};{};;{};{:.6f};{:.6f};{}\n", tid, name, c.postcode, c.lat + 0.0009, c.lon, web);
      g.twins.emplace_back("fictif:" + id, "fictif:" + tid);
    }
  }
  return g;
}

TEST_F(RegisterHardening, TwentyThousandGeneratedWorkshopsArePlacedAndTheirTwinsMerged) {
  const auto g = generate(*m_store, 20000, 20260101);
  test::write_file(m_dir / "g.csv", g.csv);
  test::write_file(m_dir / "m.toml", kMapping);
  const auto r = import_mapped(*m_store, sources::Catalog::builtin(), "fictif", m_dir / "g.csv", m_dir / "m.toml",
                               options(test::data_dir()));
  EXPECT_EQ(r.workshops, 20400U);
  EXPECT_EQ(count("SELECT count(*) FROM workshop WHERE source = 'fictif'"), 20400);
  // At its commune's centroid, with that commune's postcode: placed in it.
  std::size_t elsewhere = 0;
  SQLite::Statement st(m_store->db(), "SELECT id, commune FROM workshop WHERE source = 'fictif' AND id NOT LIKE '%b'");
  while (st.executeStep()) {
    const auto id = st.getColumn(0).getString().substr(7);
    if (st.getColumn(1).isNull() || st.getColumn(1).getString() != g.commune_of.at(id)) {
      ++elsewhere;
      ADD_FAILURE() << id << " generated in " << g.commune_of.at(id) << " placed in " << st.getColumn(1).getString();
    }
  }
  EXPECT_EQ(elsewhere, 0U);
  // Every twin is merged with its original (same website, 100 m apart), into one group.
  ASSERT_EQ(g.twins.size(), 400U);
  for (const auto& [a, b] : g.twins) {
    SQLite::Statement q(m_store->db(), "SELECT decision FROM workshop_pair WHERE a = ? AND b = ?");
    q.bind(1, a);
    q.bind(2, b);
    ASSERT_TRUE(q.executeStep()) << a;
    EXPECT_EQ(q.getColumn(0).getString(), "merged") << a;
  }
  EXPECT_EQ(count("SELECT count(*) FROM workshop WHERE source = 'fictif' AND merged_into IS NOT NULL"), 400);
}

// The pairs tested (neighbours, same commune, same website, decisions) give exactly what
// testing every pair gives, on generated records dense enough to have candidates of
// every kind.
TEST_F(RegisterHardening, BlockedPairsEqualAllPairs) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<PlacedRecord> records;
  for (std::size_t i = 0; i < 1500; ++i) {
    PlacedRecord r;
    r.w.id = fmt::format("x:{:04d}", i);
    r.w.name = fmt::format("N{} N{}", rng() % 3000, rng() % 3000);
    if (u(rng) < 0.8) {  // within about 20 km of Lannion
      r.w.latitude = 48.73 + (u(rng) - 0.5) * 0.3;
      r.w.longitude = -3.46 + (u(rng) - 0.5) * 0.4;
    }
    if (i > 0 && u(rng) < 0.25) {  // a copy of an earlier record's name (a word changed, sometimes), often nearby
      const auto& o = records[rng() % records.size()];
      r.w.name = u(rng) < 0.5 ? o.w.name : o.w.name.substr(0, o.w.name.find(' ')) + fmt::format(" M{}", i);
      if (o.w.website && u(rng) < 0.7) r.w.website = o.w.website;
      if (o.w.latitude && u(rng) < 0.6) {
        r.w.latitude = *o.w.latitude + (u(rng) - 0.5) * 0.01;
        r.w.longitude = *o.w.longitude + (u(rng) - 0.5) * 0.01;
      }
    }
    if (u(rng) < 0.7) r.commune = fmt::format("C{}", rng() % 12);
    if (!r.w.website && u(rng) < 0.1) r.w.website = fmt::format("http://www.site{}.example/", rng() % 20);
    if (u(rng) < 0.3) r.w.city = "Lannion";
    if (u(rng) < 0.05) r.w.aliases.push_back(fmt::format("N{}", rng() % 3000));
    records.push_back(std::move(r));
  }
  DuplicateDecisions d;
  d.same = {{"x:0001", "x:1400"}, {"x:0002", "x:0003"}};
  d.different = {{"x:0004", "x:0900"}};
  const auto fast = find_duplicates(records, d);
  const auto all = find_duplicates_all_pairs(records, d);
  ASSERT_EQ(fast.size(), all.size());
  std::map<std::string, std::size_t> decisions;
  for (std::size_t k = 0; k < all.size(); ++k) {
    EXPECT_EQ(fast[k].a, all[k].a);
    EXPECT_EQ(fast[k].b, all[k].b);
    EXPECT_EQ(fast[k].decision, all[k].decision);
    EXPECT_EQ(fast[k].score, all[k].score);
    EXPECT_EQ(fast[k].reason.id, all[k].reason.id);
    ++decisions[all[k].reason.id.empty() ? all[k].decision : all[k].reason.id];
  }
  // Every kind of decision occurs, so the comparison covers them all.
  for (const char* kind : {"decision_file", "same_website", "same_name_km", "same_name_commune", "similar_names_km",
                           "same_website_elsewhere", "same_website_far", "similar_names_nearby"}) {
    EXPECT_GT(decisions[kind], 0U) << kind;
  }
}

}  // namespace
}  // namespace fabscope::workshops
