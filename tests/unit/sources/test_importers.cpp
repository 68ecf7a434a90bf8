// Importers on the real published files, and on damaged copies of them.
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>

#include "core/error.hpp"
#include "io/archive.hpp"
#include "sources/france_services.hpp"
#include "sources/importer.hpp"
#include "support/test_support.hpp"

namespace fabscope::sources {
namespace {

std::filesystem::path raw(const std::string& name) { return test::data_dir() / "raw" / name; }

TEST(Importers, CogEtalabReadsThePackage) {
  TerritorySources s;
  const auto summary = parse_cog_etalab(raw("etalab-decoupage-administratif-6.0.0.tgz"), s);
  EXPECT_EQ(s.cog.communes.size(), 37590U);
  EXPECT_EQ(s.cog.epcis.size(), 1255U);
  EXPECT_EQ(s.cog.departements.size(), 109U);
  EXPECT_EQ(s.cog.regions.size(), 26U);
  EXPECT_EQ(summary.rows, 37590U + 1255U + 109U + 26U);
  std::size_t actual = 0;
  for (const auto& c : s.cog.communes) actual += c.type == "commune-actuelle" ? 1 : 0;
  EXPECT_EQ(actual, 34969U);
  const auto it = std::find_if(s.cog.communes.begin(), s.cog.communes.end(),
                               [](const auto& c) { return c.code == "01015" && c.type == "commune-actuelle"; });
  ASSERT_NE(it, s.cog.communes.end());
  EXPECT_EQ(it->name, "Arboys en Bugey");
  EXPECT_EQ(it->old_codes, std::vector<std::string>{"01340"});
  const auto arm =
      std::find_if(s.cog.communes.begin(), s.cog.communes.end(), [](const auto& c) { return c.code == "13201"; });
  ASSERT_NE(arm, s.cog.communes.end());
  EXPECT_EQ(arm->type, "arrondissement-municipal");
  EXPECT_EQ(arm->parent, "13055");
}

TEST(Importers, GrilleDensiteReadsTheSheet) {
  TerritorySources s;
  parse_grille_densite(raw("grille_densite_7_niveaux_2024.xlsx"), s);
  ASSERT_EQ(s.density.size(), 34935U);
  EXPECT_EQ(s.density[0].code, "01001");
  EXPECT_EQ(s.density[0].dens, 6);
  EXPECT_DOUBLE_EQ(s.density[0].pmun21, 832);
  EXPECT_DOUBLE_EQ(s.density[0].share[5], 78.6);
  std::array<int, 8> per_level{};
  for (const auto& d : s.density) ++per_level[static_cast<std::size_t>(d.dens)];
  // Counts per level published with the grid (SOURCES.md).
  EXPECT_EQ(per_level[1], 773);
  EXPECT_EQ(per_level[2], 545);
  EXPECT_EQ(per_level[3], 901);
  EXPECT_EQ(per_level[4], 1973);
  EXPECT_EQ(per_level[5], 5104);
  EXPECT_EQ(per_level[6], 18380);
  EXPECT_EQ(per_level[7], 7259);
}

TEST(Importers, AppartenanceReadsThreeSheets) {
  TerritorySources s;
  parse_appartenance(raw("table-appartenance-geo-communes-22.zip"), s);
  std::size_t arm = 0;
  for (const auto& g : s.geo.communes) arm += g.arm ? 1 : 0;
  EXPECT_EQ(s.geo.communes.size() - arm, 34955U);
  EXPECT_EQ(arm, 45U);
  EXPECT_EQ(s.geo.zones.size(), 8984U);
  EXPECT_EQ(s.geo.communes[0].code(), "01001");
  EXPECT_EQ(s.geo.communes[0].get("ZE2020"), "8405");
  EXPECT_EQ(s.geo.communes[0].get("CATEAAV2020"), "20");
  std::size_t ze = 0;
  for (const auto& z : s.geo.zones) ze += z.level == "ZE2020" ? 1 : 0;
  EXPECT_EQ(ze, 306U);
}

TEST(Importers, ComparateurKeepsBlanksMissing) {
  TerritorySources s;
  parse_comparateur(raw("base_cc_comparateur_csv.zip"), s);
  ASSERT_EQ(s.comparateur.size(), 35010U);
  const auto& first = s.comparateur[0];
  EXPECT_EQ(first.code, "01001");
  EXPECT_DOUBLE_EQ(first.values[comparateur_index("P18_POP")], 771);
  EXPECT_DOUBLE_EQ(first.values[comparateur_index("SUPERF")], 15.95);
  EXPECT_TRUE(std::isnan(first.values[comparateur_index("PIMP19")]));  // blank = secrecy
  EXPECT_DOUBLE_EQ(first.values[comparateur_index("MED19")], 23970);
  std::size_t blank_pop = 0;
  for (const auto& r : s.comparateur) blank_pop += std::isnan(r.values[comparateur_index("P18_POP")]) ? 1 : 0;
  EXPECT_EQ(blank_pop, 17U);  // Mayotte
}

TEST(Importers, LaPosteReadsCoordinates) {
  TerritorySources s;
  parse_laposte(raw("laposte_hexasmal_giloop.csv"), s);
  ASSERT_EQ(s.postal.size(), 39204U);
  EXPECT_EQ(s.postal[0].insee, "01009");
  EXPECT_EQ(s.postal[0].postcode, "01300");
  EXPECT_DOUBLE_EQ(s.postal[0].latitude, 45.7873565333);
  EXPECT_DOUBLE_EQ(s.postal[0].longitude, 5.65788307924);
}

// ---- damaged copies: each error names the file, the line and the column ----------------

TEST(ImportersMalformed, ComparateurBadNumberIsLocated) {
  auto zip = io::ZipArchive::open_file(raw("base_cc_comparateur_csv.zip"));
  std::string csv = zip.read("base_cc_comparateur.CSV");
  // Damage the 4th field (SUPERF) of line 3.
  std::size_t pos = 0;
  for (int l = 1; l < 3; ++l) pos = csv.find('\n', pos) + 1;
  std::size_t field = pos;
  for (int f = 1; f < 4; ++f) field = csv.find(';', field) + 1;
  const auto end = csv.find(';', field);
  csv.replace(field, end - field, "12,5x");
  test::TempDir dir;
  test::write_zip(dir / "base_cc_comparateur_csv.zip", {{"base_cc_comparateur.CSV", csv}});
  TerritorySources s;
  const auto e = test::expect_input_error([&] { parse_comparateur(dir / "base_cc_comparateur_csv.zip", s); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "base_cc_comparateur_csv.zip!base_cc_comparateur.CSV");
  EXPECT_EQ(e.problems()[0].where.line, 3);
  EXPECT_EQ(e.problems()[0].where.column, 4);
  EXPECT_EQ(e.problems()[0].where.field, "SUPERF");
  EXPECT_NE(std::string(e.what()).find("expected a number, found '12,5x'"), std::string::npos) << e.what();
  EXPECT_TRUE(s.comparateur.empty());
}

TEST(ImportersMalformed, ComparateurWrongHeaderNamesTheColumn) {
  auto zip = io::ZipArchive::open_file(raw("base_cc_comparateur_csv.zip"));
  std::string csv = zip.read("base_cc_comparateur.CSV");
  csv.replace(csv.find("P18_EMPLT;"), 10, "P18_EMPLOI;");
  test::TempDir dir;
  test::write_zip(dir / "cc.zip", {{"base_cc_comparateur.CSV", csv}});
  TerritorySources s;
  const auto e = test::expect_input_error([&] { parse_comparateur(dir / "cc.zip", s); });
  EXPECT_EQ(e.problems()[0].where.line, 1);
  EXPECT_NE(std::string(e.what()).find("missing column(s) P18_EMPLT"), std::string::npos) << e.what();
}

TEST(ImportersMalformed, TruncatedZipIsRejected) {
  const auto bytes = test::read_file(raw("base_cc_comparateur_csv.zip"));
  test::TempDir dir;
  test::write_file(dir / "cc.zip", bytes.substr(0, bytes.size() / 2));
  TerritorySources s;
  const auto e = test::expect_input_error([&] { parse_comparateur(dir / "cc.zip", s); });
  EXPECT_EQ(e.problems()[0].where.file, "cc.zip");
  EXPECT_NE(std::string(e.what()).find("not a valid ZIP archive"), std::string::npos) << e.what();
}

TEST(ImportersMalformed, LaPosteWrongEncodingIsLocated) {
  std::string csv = test::read_file(raw("laposte_hexasmal_giloop.csv"));
  // Re-encode one 'é' of line 1 (the header's "Libellé") as Latin-1.
  const auto pos = csv.find("\xC3\xA9");
  csv.replace(pos, 2, "\xE9");
  test::TempDir dir;
  test::write_file(dir / "laposte.csv", csv);
  TerritorySources s;
  const auto e = test::expect_input_error([&] { parse_laposte(dir / "laposte.csv", s); });
  EXPECT_EQ(e.problems()[0].where.line, 1);
  EXPECT_EQ(e.problems()[0].where.column, static_cast<std::int64_t>(pos) + 1);
  EXPECT_NE(std::string(e.what()).find("UTF-8"), std::string::npos);
}

TEST(ImportersMalformed, LaPosteBadRowsAreAllReported) {
  std::string csv =
      "Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;latitude;longitude\n"
      "22113;LANNION;22300;;LANNION;48.7326;-3.4566\n"
      "2211;LANNION;22300;;LANNION;48.7326;-3.4566\n"
      "22113;LANNION;223;;LANNION;148.7;-3.4566\n"
      "22113;LANNION;22300;;LANNION;48.7\n";
  test::TempDir dir;
  test::write_file(dir / "laposte.csv", csv);
  TerritorySources s;
  const auto e = test::expect_input_error([&] { parse_laposte(dir / "laposte.csv", s); });
  ASSERT_EQ(e.problems().size(), 4U) << e.what();
  EXPECT_EQ(e.problems()[0].where.line, 3);
  EXPECT_EQ(e.problems()[0].where.column, 1);
  EXPECT_EQ(e.problems()[1].where.line, 4);
  EXPECT_EQ(e.problems()[1].where.column, 3);
  EXPECT_EQ(e.problems()[2].where.line, 4);
  EXPECT_EQ(e.problems()[2].where.column, 6);
  EXPECT_EQ(e.problems()[3].where.line, 5);
  EXPECT_NE(e.problems()[3].message.find("expected 7 fields, found 6"), std::string::npos);
}

TEST(ImportersMalformed, GrilleBadDensityLevelIsLocated) {
  test::TempDir dir;
  const std::string header =
      R"(<row r="5">)"
      R"(<c r="A5" t="inlineStr"><is><t>CODGEO</t></is></c><c r="B5" t="inlineStr"><is><t>LIBGEO</t></is></c>)"
      R"(<c r="C5" t="inlineStr"><is><t>DENS</t></is></c><c r="D5" t="inlineStr"><is><t>LIBDENS</t></is></c>)"
      R"(<c r="E5" t="inlineStr"><is><t>PMUN21</t></is></c><c r="F5" t="inlineStr"><is><t>P1</t></is></c>)"
      R"(<c r="G5" t="inlineStr"><is><t>P2</t></is></c><c r="H5" t="inlineStr"><is><t>P3</t></is></c>)"
      R"(<c r="I5" t="inlineStr"><is><t>P4</t></is></c><c r="J5" t="inlineStr"><is><t>P5</t></is></c>)"
      R"(<c r="K5" t="inlineStr"><is><t>P6</t></is></c><c r="L5" t="inlineStr"><is><t>P7</t></is></c></row>)";
  const std::string good =
      R"(<row r="6"><c r="A6" t="inlineStr"><is><t>22113</t></is></c><c r="B6" t="inlineStr"><is><t>Lannion</t></is></c>)"
      R"(<c r="C6"><v>3</v></c><c r="D6" t="inlineStr"><is><t>Petites villes</t></is></c><c r="E6"><v>20000</v></c>)"
      R"(<c r="F6"><v>0</v></c><c r="G6"><v>0</v></c><c r="H6"><v>80</v></c><c r="I6"><v>10</v></c><c r="J6"><v>10</v></c>)"
      R"(<c r="K6"><v>0</v></c><c r="L6"><v>0</v></c></row>)";
  std::string bad = good;
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{{"r=\"6\"", "r=\"7\""},
                                                                                 {"A6", "A7"},
                                                                                 {"B6", "B7"},
                                                                                 {"C6", "C7"},
                                                                                 {"D6", "D7"},
                                                                                 {"E6", "E7"},
                                                                                 {"F6", "F7"},
                                                                                 {"G6", "G7"},
                                                                                 {"H6", "H7"},
                                                                                 {"I6", "I7"},
                                                                                 {"J6", "J7"},
                                                                                 {"K6", "K7"},
                                                                                 {"L6", "L7"},
                                                                                 {"<v>3</v>", "<v>9</v>"}}) {
    bad.replace(bad.find(from), from.size(), to);
  }
  test::write_xlsx(dir / "grille.xlsx", {{"Grille_Densite", header + good + bad}});
  TerritorySources s;
  const auto e = test::expect_input_error([&] { parse_grille_densite(dir / "grille.xlsx", s); });
  ASSERT_EQ(e.problems().size(), 1U) << e.what();
  EXPECT_EQ(e.problems()[0].where.file, "grille.xlsx!Grille_Densite");
  EXPECT_EQ(e.problems()[0].where.line, 7);
  EXPECT_EQ(e.problems()[0].where.column, 3);
  EXPECT_NE(std::string(e.what()).find("cell C7, DENS"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("from 1 to 7, found '9'"), std::string::npos) << e.what();
}

TEST(ImportersMalformed, CogJsonSyntaxErrorIsLocated) {
  test::TempDir dir;
  test::write_tar_gz(dir / "cog.tgz", {{"package/data/communes.json", "[\n{\"code\":\"01001\",\n\"nom\" \"x\"}\n]"},
                                       {"package/data/epci.json", "[]"},
                                       {"package/data/departements.json", "[]"},
                                       {"package/data/regions.json", "[]"}});
  TerritorySources s;
  const auto e = test::expect_input_error([&] { parse_cog_etalab(dir / "cog.tgz", s); });
  EXPECT_EQ(e.problems()[0].where.file, "cog.tgz!package/data/communes.json");
  EXPECT_EQ(e.problems()[0].where.line, 3);
}

TEST(ImportersMalformed, CogBadFieldNamesTheEntry) {
  test::TempDir dir;
  test::write_tar_gz(
      dir / "cog.tgz",
      {{"package/data/communes.json",
        R"([{"code":"1001","nom":"X","type":"commune-actuelle","zone":"metro","departement":"01","region":"84"},
                           {"code":"01002","nom":"Y","type":"village","zone":"metro","departement":"01","region":"84","population":"12"}])"},
       {"package/data/epci.json", "[]"},
       {"package/data/departements.json", "[]"},
       {"package/data/regions.json", "[]"}});
  TerritorySources s;
  const auto e = test::expect_input_error([&] { parse_cog_etalab(dir / "cog.tgz", s); });
  ASSERT_EQ(e.problems().size(), 3U) << e.what();
  EXPECT_EQ(e.problems()[0].where.field, "[0].code");
  EXPECT_EQ(e.problems()[1].where.field, "[1].population");
  EXPECT_EQ(e.problems()[2].where.field, "[1].type");
}

// A population too large for a double (1e400) is a located syntax error; a negative one
// is a located field error.
TEST(ImportersMalformed, CogPopulationsOutOfRangeAreLocated) {
  test::TempDir dir;
  const std::string commune =
      R"({"code":"01001","nom":"X","type":"commune-actuelle","zone":"metro","departement":"01","region":"84",)";
  test::write_tar_gz(dir / "cog.tgz", {{"package/data/communes.json", "[\n" + commune + "\n\"population\":1e400}]"},
                                       {"package/data/epci.json", "[]"},
                                       {"package/data/departements.json", "[]"},
                                       {"package/data/regions.json", "[]"}});
  TerritorySources s;
  auto e = test::expect_input_error([&] { parse_cog_etalab(dir / "cog.tgz", s); });
  EXPECT_EQ(e.problems()[0].where.file, "cog.tgz!package/data/communes.json");
  EXPECT_EQ(e.problems()[0].where.line, 3);
  EXPECT_EQ(e.problems()[0].where.column, 14);
  EXPECT_NE(e.problems()[0].message.find("number overflow parsing '1e400'"), std::string::npos) << e.what();
  test::write_tar_gz(dir / "cog.tgz", {{"package/data/communes.json", "[" + commune + R"("population":-12}])"},
                                       {"package/data/epci.json", R"([{"code":"200000172","nom":"E","type":"CC",)"
                                                                  R"("populationTotale":-1.5,"membres":[]}])"},
                                       {"package/data/departements.json", "[]"},
                                       {"package/data/regions.json", "[]"}});
  e = test::expect_input_error([&] { parse_cog_etalab(dir / "cog.tgz", s); });
  ASSERT_GE(e.problems().size(), 2U) << e.what();
  EXPECT_EQ(e.problems()[0].where.field, "[0].population");
  EXPECT_EQ(e.problems()[0].message, "expected a population ≥ 0, found -12");
  EXPECT_NE(std::string(e.what()).find("[0].populationTotale): expected a population ≥ 0, found -1.5"),
            std::string::npos)
      << e.what();
}

// The ANCT list of France services as published: 2,683 sites, 27 without a commune code
// (26 blank, one "0null"), kept but not located.
TEST(Importers, FranceServicesAsPublished) {
  std::vector<FranceServicesSite> sites;
  const auto s = parse_france_services(test::data_dir() / "raw/anct_france_services_20221201.csv", sites);
  ASSERT_EQ(sites.size(), 2683U);
  EXPECT_EQ(s.rows, 2683U);
  ASSERT_EQ(s.notes.size(), 1U);
  EXPECT_EQ(s.notes[0].id, "france_services_without_commune");
  EXPECT_EQ(s.notes[0].args, std::vector<std::string>{"27"});
  EXPECT_EQ(sites[0].id, "1");
  EXPECT_EQ(sites[0].name, "France services de Valserhône");
  EXPECT_EQ(sites[0].commune, "01033");
  EXPECT_NEAR(sites[0].latitude, 46.1060711578546, 1e-12);
  EXPECT_FALSE(sites[0].mobile);
  EXPECT_TRUE(sites[2].mobile);  // "Bus France services Thiérache Sambre et Oise"
  const auto mobile = std::count_if(sites.begin(), sites.end(), [](const auto& x) { return x.mobile; });
  EXPECT_EQ(mobile, 288);
}

TEST(ImportersMalformed, FranceServicesBadCellsAreLocated) {
  test::TempDir dir;
  const std::string header =
      "id_fs,insee_dep,lib_fs,adresse,complement_adresse,insee_com,code_postal,lib_com,latitude,longitude,"
      "itinerance,format_fs,labellisation\n";
  test::write_file(dir / "fs.csv", header +
                                       "1,22,FS Lannion,1 rue,,22113,22300,Lannion,48.73,-3.46,Non,Site principal,x\n"
                                       "2,22,FS Bis,2 rue,,2211,22300,Lannion,48.73,,Peut-être,Antenne,x\n"
                                       "1,22,FS Ter,3 rue,,22113,22300,Lannion,95,-3.46,Oui,Antenne,x\n");
  std::vector<FranceServicesSite> sites;
  const auto e = test::expect_input_error([&] { parse_france_services(dir / "fs.csv", sites); });
  ASSERT_EQ(e.problems().size(), 5U) << e.what();
  EXPECT_EQ(e.problems()[0].where.file, "fs.csv");
  EXPECT_EQ(e.problems()[0].where.line, 3);
  EXPECT_EQ(e.problems()[0].where.column, 6);   // insee_com "2211"
  EXPECT_EQ(e.problems()[1].where.column, 9);   // latitude without longitude
  EXPECT_EQ(e.problems()[2].where.column, 11);  // itinerance
  EXPECT_EQ(e.problems()[3].where.line, 4);
  EXPECT_NE(e.problems()[3].message.find("duplicate id_fs '1'"), std::string::npos) << e.what();
  EXPECT_NE(e.problems()[4].message.find("latitude 95 out of range"), std::string::npos) << e.what();
  EXPECT_TRUE(sites.empty());
}

}  // namespace
}  // namespace fabscope::sources
