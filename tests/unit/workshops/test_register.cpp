// The workshop register on the real bundled lists: importers, placement, duplicates.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "pipeline/import.hpp"
#include "support/test_support.hpp"
#include "workshops/access.hpp"
#include "workshops/duplicates.hpp"
#include "workshops/register.hpp"
#include "workshops/sources.hpp"

namespace fabscope::workshops {
namespace {

class Register : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<test::TempDir>();
    s_store = std::make_unique<store::Store>(s_dir->path() / "w.db");
    auto o = test::import_options();
    pipeline::import_datasets(*s_store, sources::Catalog::builtin(), o);
    RegisterImportOptions ro;
    ro.data_dir = test::data_dir();
    s_reports.push_back(import_register(*s_store, sources::Catalog::builtin(), "fablabs_io_fr_2017", ro));
    s_reports.push_back(import_register(*s_store, sources::Catalog::builtin(), "maplabbzh_2020", ro));
  }
  static void TearDownTestSuite() {
    s_store.reset();
    s_dir.reset();
  }
  static WorkshopRow row(const std::string& id) {
    const auto w = load_workshop(*s_store, id);
    EXPECT_TRUE(w.has_value()) << id;
    return w ? w->second : WorkshopRow{};
  }
  static inline std::unique_ptr<test::TempDir> s_dir;
  static inline std::unique_ptr<store::Store> s_store;
  static inline std::vector<RegisterImportReport> s_reports;
};

TEST_F(Register, EveryWorkshopIsPlacedOrExplained) {
  EXPECT_EQ(s_reports[0].workshops, 135U);
  EXPECT_EQ(s_reports[1].workshops, 121U);
  const auto all = list_workshops(*s_store, {});
  ASSERT_EQ(all.size(), 256U);
  for (const auto& r : all) {
    EXPECT_TRUE(r.commune.has_value() || !r.note.empty()) << r.id << " unplaced without a reason";
  }
  EXPECT_TRUE(s_reports[1].unplaced.empty());
  EXPECT_EQ(s_reports[1].by_method.at("polygon"), 110U);  // Bretagne has commune polygons
}

TEST_F(Register, PlacesRealRecords) {
  // "Fablab Lannion - KerNEL", 14 rue de Beauchamp: inside Lannion's polygon.
  const auto kernel = row("fablabs_io:fablablannion");
  EXPECT_EQ(kernel.commune.value_or(""), "22113");
  EXPECT_EQ(kernel.commune_name.value_or(""), "Lannion");
  EXPECT_EQ(kernel.method, "polygon");
  // Outside Bretagne: the nearest centroid among the communes of its postcode.
  const auto lille = row("fablabs_io:fablablille");
  EXPECT_EQ(lille.commune.value_or(""), "59009");  // Villeneuve-d'Ascq
  EXPECT_EQ(lille.method, "postcode_nearest");
  // A postcode that lost its leading zero and contradicts the coordinates: placed by the
  // coordinates in Dijon, with the inconsistency said.
  const auto dijon = row("fablabs_io:lab6");
  EXPECT_EQ(dijon.commune.value_or(""), "21231");
  EXPECT_EQ(dijon.method, "nearest_centroid");
  const auto dijon_en = placement_note_text(dijon.note, Lang::en);
  EXPECT_NE(dijon_en.find("4 digits"), std::string::npos) << dijon_en;
  EXPECT_NE(dijon_en.find("inconsistent"), std::string::npos) << dijon_en;
  const auto dijon_fr = placement_note_text(dijon.note, Lang::fr);
  EXPECT_NE(dijon_fr.find("4 chiffres"), std::string::npos) << dijon_fr;
  EXPECT_NE(dijon_fr.find("contredit les coordonnées"), std::string::npos) << dijon_fr;
  // No coordinates and a CEDEX postcode (35042): the city in the postcode's département.
  const auto ur1 = row("fablabs_io:labfabur1");
  EXPECT_EQ(ur1.commune.value_or(""), "35238");
  EXPECT_EQ(ur1.method, "departement_city");
  EXPECT_NE(placement_note_text(ur1.note, Lang::en).find("CEDEX"), std::string::npos);
  EXPECT_EQ(decode(ur1.note).at(0).id, "cedex_city");
}

TEST_F(Register, KeepsProvenanceAndMissingFields) {
  const auto w = load_workshop(*s_store, "fablabs_io:fablablannion");
  ASSERT_TRUE(w);
  const auto& ws = w->first;
  EXPECT_EQ(ws.kind.value_or(""), "fablab");
  ASSERT_TRUE(ws.equipment.has_value());
  EXPECT_EQ(*ws.equipment, (std::set<std::string>{"3d_printing", "cnc_milling", "electronics"}));
  EXPECT_EQ(ws.provenance.at("equipment").source, "fablabs_io_fr_2017");
  EXPECT_EQ(ws.provenance.at("equipment").date, "2017");
  EXPECT_FALSE(ws.budget_eur.has_value());  // never a default
  EXPECT_FALSE(ws.staff_fte.has_value());
  // MapLabBZH gives no equipment: unknown, not "none".
  const auto m = load_workshop(*s_store, "maplabbzh:11");
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->first.equipment.has_value());
  EXPECT_EQ(m->first.kind.value_or(""), "fablab");
  EXPECT_TRUE(m->first.networks.count("fab_charter"));
}

TEST_F(Register, DetectsTheRealOverlapsBetweenSources) {
  const auto pairs = load_pairs(*s_store);
  auto decision = [&](std::string a, std::string b) {
    if (b < a) std::swap(a, b);
    for (const auto& p : pairs) {
      if (p.a == a && p.b == b) return p.decision;
    }
    return std::string("none");
  };
  // Same lab in fablabs.io and MapLabBZH.
  EXPECT_EQ(decision("fablabs_io:fablablannion", "maplabbzh:14"), "merged");
  EXPECT_EQ(decision("fablabs_io:telefab", "maplabbzh:11"), "merged");
  EXPECT_EQ(decision("fablabs_io:tyfabbrest", "maplabbzh:10"), "merged");
  EXPECT_EQ(decision("fablabs_io:makerspace56", "maplabbzh:1"), "merged");
  // Listed twice in fablabs.io itself.
  EXPECT_EQ(decision("fablabs_io:LH3Dfablab", "fablabs_io:lhfablab"), "merged");
  // The decision file keeps two LabFab of Rennes apart.
  EXPECT_EQ(decision("fablabs_io:labfabderennes", "fablabs_io:labfabur1"), "forced_different");
  // Distinct places of one network sharing a website are only candidates.
  EXPECT_EQ(decision("maplabbzh:66", "maplabbzh:67"), "candidate");
  // Same name, a little apart (the two lists' coordinates differ).
  EXPECT_EQ(decision("fablabs_io:ping", "maplabbzh:46"), "merged");
  // A network's brand word alone ("LabFab") is no evidence of identity.
  EXPECT_NE(decision("fablabs_io:labfabderennes", "maplabbzh:67"), "merged");
  EXPECT_EQ(s_store->db().execAndGet("SELECT count(*) FROM workshop WHERE merged_into IS NULL").getInt(), 256 - 13);
}

TEST(RegisterUnits, NameSimilarityIgnoresGenericWordsAndAccents) {
  EXPECT_DOUBLE_EQ(name_similarity("FabLab Lannion KerNEL", "Fablab Lannion - KerNEL"), 1.0);
  EXPECT_DOUBLE_EQ(name_similarity("Le Fab Lab de Brest", "TyFab"), 0.0);
  EXPECT_DOUBLE_EQ(name_similarity("Atelier Saint-Étienne", "st etienne"), 1.0);
  EXPECT_EQ(website_key("http://www.Fablab-Lannion.org/"), "fablab-lannion.org");
  const auto merged = merge_records({[] {
                                       Workshop w;
                                       w.id = "a";
                                       w.name = "A";
                                       w.kind = "fablab";
                                       w.provenance["kind"] = {"s1", "2017"};
                                       return w;
                                     }(),
                                     [] {
                                       Workshop w;
                                       w.id = "b";
                                       w.name = "B";
                                       w.kind = "makerspace";
                                       w.website = "http://b.org";
                                       w.provenance["website"] = {"s2", "2020"};
                                       return w;
                                     }()});
  EXPECT_EQ(merged.kind.value_or(""), "fablab");            // the canonical record wins
  EXPECT_EQ(merged.website.value_or(""), "http://b.org");   // completed by the other
  EXPECT_EQ(merged.provenance.at("website").source, "s2");  // with its own provenance
  EXPECT_EQ(merged.aliases, std::vector<std::string>{"B"});
}

TEST(RegisterUnits, MalformedRecordsAreLocated) {
  test::TempDir dir;
  test::write_file(dir / "labs.json",
                   R"([{"name":"X","url":"https://www.fablabs.io/labs/x","kind_name":"spaceship","latitude":"north"},
                       {"url":"https://www.fablabs.io/labs/y"}])");
  sources::DatasetInfo info;
  info.id = "fablabs_io_fr_2017";
  info.vintage = "2017";
  const auto e = test::expect_input_error([&] { (void)parse_fablabs_io(dir / "labs.json", info); });
  ASSERT_EQ(e.problems().size(), 3U) << e.what();
  EXPECT_EQ(e.problems()[0].where.field, "[0].latitude");
  EXPECT_EQ(e.problems()[1].where.field, "[0].kind_name");
  EXPECT_EQ(e.problems()[2].where.field, "[1].name");
  const auto d =
      test::expect_input_error([] { (void)DuplicateDecisions::parse("[[same]]\nids = [\"a\"]\n", "dup.toml"); });
  EXPECT_EQ(d.problems()[0].where.field, "same[0].ids");
  EXPECT_EQ(d.problems()[0].where.line, 1);
}

}  // namespace
}  // namespace fabscope::workshops

namespace fabscope::workshops {
namespace {

const char* kMapping = R"(date = "2023-06"
format = "csv"
delimiter = ";"
decimal_comma = true
[columns]
key = "ID"
name = "Nom"
kind = "Type"
city = "Commune"
postcode = "CP"
latitude = "Lat"
longitude = "Lon"
equipment = "Machines"
surface_m2 = "Surface"
staff_fte = "ETP"
legal_form = "Statut"
capacity = "Places"
revenue_public_subsidies = "Subventions"
[kinds]
"Fablab" = "fablab"
"Tiers-lieu" = "tiers_lieu"
[equipment_values]
"Imprimante 3D" = "3d_printing"
"Découpe laser" = "laser_cutting"
)";

const char* kCsv =
    "ID;Nom;Type;Commune;CP;Lat;Lon;Machines;Surface;ETP;Statut;Places;Subventions\n"
    "1;Le Garage Numérique;Fablab;Lannion;22300;48,7326;-3,4566;Imprimante 3D, Découpe "
    "laser;120;1,5;Association;12;45000\n"
    "2;Tiers-lieu du Trégor;Tiers-lieu;Tréguier;22220;;;;;;SCIC;;\n";

TEST_F(Register, MappedCsvImportsWithProvenance) {
  test::TempDir dir;
  test::write_file(dir / "lieux.csv", kCsv);
  test::write_file(dir / "mapping.toml", kMapping);
  RegisterImportOptions o;
  o.data_dir = test::data_dir();
  const auto r =
      import_mapped(*s_store, sources::Catalog::builtin(), "census_test", dir / "lieux.csv", dir / "mapping.toml", o);
  EXPECT_EQ(r.workshops, 2U);
  EXPECT_TRUE(r.unplaced.empty());
  const auto one = load_workshop(*s_store, "census_test:1");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->second.commune.value_or(""), "22113");
  EXPECT_EQ(one->second.method, "polygon");
  EXPECT_DOUBLE_EQ(one->first.surface_m2.value_or(0), 120);
  EXPECT_DOUBLE_EQ(one->first.staff_fte.value_or(0), 1.5);  // decimal comma
  EXPECT_EQ(*one->first.equipment, (std::set<std::string>{"3d_printing", "laser_cutting"}));
  EXPECT_EQ(one->first.provenance.at("surface_m2").source, "census_test");
  EXPECT_EQ(one->first.provenance.at("surface_m2").date, "2023-06");
  EXPECT_DOUBLE_EQ(one->first.capacity.value_or(0), 12);
  EXPECT_DOUBLE_EQ(one->first.revenues_eur.at("public_subsidies"), 45000);
  // Its capacity is its supply in the accessibility.
  const auto in = load_access_inputs(*s_store);
  const auto it = std::find(in.supply_ids.begin(), in.supply_ids.end(), "census_test:1");
  ASSERT_NE(it, in.supply_ids.end());
  EXPECT_DOUBLE_EQ(in.supply[static_cast<std::size_t>(it - in.supply_ids.begin())].capacity, 12);
  const auto two = load_workshop(*s_store, "census_test:2");
  ASSERT_TRUE(two);
  EXPECT_EQ(two->second.commune.value_or(""), "22362");  // Tréguier, by postcode and city
  EXPECT_EQ(two->second.method, "postcode_city");
  EXPECT_FALSE(two->first.surface_m2.has_value());  // blank stays missing
  EXPECT_FALSE(two->first.equipment.has_value());
  EXPECT_EQ(two->first.legal_form.value_or(""), "SCIC");
  // Same file and mapping again: nothing to do.
  EXPECT_TRUE(
      import_mapped(*s_store, sources::Catalog::builtin(), "census_test", dir / "lieux.csv", dir / "mapping.toml", o)
          .unchanged);
}

TEST_F(Register, MappedXlsxImports) {
  test::TempDir dir;
  const std::string rows =
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c><c r="B1" t="inlineStr"><is><t>Nom</t></is></c>)"
      R"(<c r="C1" t="inlineStr"><is><t>CP</t></is></c><c r="D1" t="inlineStr"><is><t>Commune</t></is></c></row>)"
      R"(<row r="2"><c r="A2"><v>7</v></c><c r="B2" t="inlineStr"><is><t>Fab Rennes</t></is></c>)"
      R"(<c r="C2" t="inlineStr"><is><t>35000</t></is></c><c r="D2" t="inlineStr"><is><t>Rennes</t></is></c></row>)";
  test::write_xlsx(dir / "liste.xlsx", {{"Lieux", rows}});
  test::write_file(dir / "m.toml",
                   "date = \"2024\"\nformat = \"xlsx\"\nsheet = \"Lieux\"\n[columns]\nkey = \"ID\"\nname = \"Nom\"\n"
                   "postcode = \"CP\"\ncity = \"Commune\"\n");
  RegisterImportOptions o;
  o.data_dir = test::data_dir();
  const auto r =
      import_mapped(*s_store, sources::Catalog::builtin(), "xlsx_test", dir / "liste.xlsx", dir / "m.toml", o);
  EXPECT_EQ(r.workshops, 1U);
  const auto w = load_workshop(*s_store, "xlsx_test:7");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->second.commune.value_or(""), "35238");
}

TEST_F(Register, MalformedMappingOrRowsChangeNothing) {
  test::TempDir dir;
  const auto count = [&] {
    return s_store->db().execAndGet("SELECT count(*) || '/' || total(rowid) FROM workshop").getString();
  };
  const auto before = count();
  RegisterImportOptions o;
  o.data_dir = test::data_dir();
  // A mapping with an unknown field and a kind mapped to an unknown id.
  std::string bad_mapping = kMapping;
  bad_mapping.replace(bad_mapping.find("surface_m2"), 10, "surface_ha");
  bad_mapping.replace(bad_mapping.find("\"tiers_lieu\""), 12, "\"third_place\"");
  test::write_file(dir / "bad.toml", bad_mapping);
  test::write_file(dir / "lieux.csv", kCsv);
  const auto e = test::expect_input_error([&] {
    import_mapped(*s_store, sources::Catalog::builtin(), "bad_test", dir / "lieux.csv", dir / "bad.toml", o);
  });
  ASSERT_EQ(e.problems().size(), 2U) << e.what();
  EXPECT_EQ(e.problems()[0].where.field, "columns.surface_ha");
  EXPECT_EQ(e.problems()[0].where.line, 14);
  EXPECT_EQ(e.problems()[1].where.field, "kinds.\"Tiers-lieu\"");
  // Rows: a bad number, an unknown kind value, an unknown machine.
  test::write_file(dir / "good.toml", kMapping);
  test::write_file(dir / "rows.csv",
                   "ID;Nom;Type;Commune;CP;Lat;Lon;Machines;Surface;ETP;Statut;Places;Subventions\n"
                   "1;A;Fablab;Lannion;22300;;;;12O;;;;\n"
                   "2;B;Garage;Lannion;22300;;;;;;;;\n"
                   "3;C;Fablab;Lannion;22300;;;Fraiseuse;;;;;\n");
  const auto r = test::expect_input_error([&] {
    import_mapped(*s_store, sources::Catalog::builtin(), "bad_test", dir / "rows.csv", dir / "good.toml", o);
  });
  ASSERT_EQ(r.problems().size(), 3U) << r.what();
  EXPECT_EQ(r.problems()[0].where.file, "rows.csv");
  EXPECT_EQ(r.problems()[0].where.line, 2);
  EXPECT_EQ(r.problems()[0].where.column, 9);
  EXPECT_EQ(r.problems()[0].where.field, "Surface");
  EXPECT_EQ(r.problems()[1].where.line, 3);
  EXPECT_NE(r.problems()[1].message.find("'Garage' is not in [kinds]"), std::string::npos);
  EXPECT_EQ(r.problems()[2].where.line, 4);
  EXPECT_EQ(r.problems()[2].where.field, "Machines");
  EXPECT_EQ(count(), before);
}

// The 2SFCA at 30 km is computed once, when the communes or the distinct workshops change,
// and stored: what the panel and the pages read equals a fresh computation exactly.
TEST_F(Register, AccessibilityIsStoredWithTheDistinctWorkshops) {
  auto expect_stored_is_fresh = [&](const char* when) {
    const auto in = load_access_inputs(*s_store);
    const auto fresh = two_step_fca(in.lat, in.lon, in.population, in.supply, {});
    ASSERT_EQ(s_store->db().execAndGet("SELECT count(*) FROM workshop_access").getInt64(),
              static_cast<std::int64_t>(in.code.size()))
        << when;
    const auto stored = stored_access(*s_store, in);
    ASSERT_EQ(stored.access_per_100k.size(), in.code.size()) << when;
    std::size_t white = 0;
    for (std::size_t i = 0; i < in.code.size(); ++i) {
      const auto same = [](double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
      EXPECT_TRUE(same(stored.access_per_100k[i], fresh.access_per_100k[i])) << when << " " << in.code[i];
      EXPECT_TRUE(same(stored.nearest_km[i], fresh.nearest_km[i])) << when << " " << in.code[i];
      EXPECT_EQ(stored.white[i], fresh.white[i]) << when << " " << in.code[i];
      white += stored.white[i] ? 1 : 0;
    }
    EXPECT_EQ(stored.supplies_without_demand, fresh.supplies_without_demand) << when;
    // Read from the table, not recomputed: Lannion's row is the fresh figure.
    const auto lannion = static_cast<std::size_t>(std::find(in.code.begin(), in.code.end(), "22113") - in.code.begin());
    ASSERT_LT(lannion, in.code.size());
    EXPECT_EQ(s_store->db().execAndGet("SELECT access_per_100k FROM workshop_access WHERE code = '22113'").getDouble(),
              fresh.access_per_100k[lannion])
        << when;
    EXPECT_GT(white, 1000U) << when;
    EXPECT_LT(white, in.code.size()) << when;
  };
  expect_stored_is_fresh("after the register imports");
  // One more workshop in a white zone of Lozère changes its neighbours' accessibility.
  const auto in = load_access_inputs(*s_store);
  const auto mende = static_cast<std::size_t>(std::find(in.code.begin(), in.code.end(), "48095") - in.code.begin());
  ASSERT_LT(mende, in.code.size());
  const bool was_white = stored_access(*s_store, in).white[mende];
  test::TempDir dir;
  test::write_file(dir / "l.csv", "id;nom;cp;ville\n1;Fab Mende;48000;Mende\n");
  test::write_file(dir / "m.toml",
                   "date = \"2026-12\"\nformat = \"csv\"\ndelimiter = \";\"\n[columns]\nkey = \"id\"\nname = \"nom\"\n"
                   "postcode = \"cp\"\ncity = \"ville\"\n");
  RegisterImportOptions o;
  o.data_dir = test::data_dir();
  import_mapped(*s_store, sources::Catalog::builtin(), "lozere_test", dir / "l.csv", dir / "m.toml", o);
  expect_stored_is_fresh("after a mapped import");
  EXPECT_TRUE(was_white);
  EXPECT_FALSE(stored_access(*s_store, load_access_inputs(*s_store)).white[mende]);
  // The territory imported again (the communes may have changed): stored again.
  auto io = test::import_options();
  io.force = true;
  pipeline::import_datasets(*s_store, sources::Catalog::builtin(), io);
  expect_stored_is_fresh("after the territory import");
}

}  // namespace
}  // namespace fabscope::workshops
