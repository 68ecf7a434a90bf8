#include <gtest/gtest.h>

#include "core/error.hpp"
#include "sources/catalog.hpp"
#include "support/test_support.hpp"

namespace fabscope::sources {
namespace {

TEST(Catalog, BuiltinListsTheOfficialDatasets) {
  const auto& c = Catalog::builtin();
  ASSERT_EQ(c.datasets().size(), 10U);
  const auto& cc = c.get("insee_comparateur_2022");
  EXPECT_EQ(cc.publisher, "INSEE");
  EXPECT_EQ(cc.file, "raw/base_cc_comparateur_csv.zip");
  EXPECT_EQ(cc.cog_year, 2021);
  EXPECT_EQ(cc.sha256.size(), 64U);
  EXPECT_EQ(cc.url.rfind("https://www.insee.fr/", 0), 0U);
}

TEST(Catalog, BundledFilesMatchTheirChecksums) {
  for (const auto& d : Catalog::builtin().datasets()) {
    const auto st = check_file(d, test::data_dir());
    EXPECT_EQ(st.state, FileState::present) << d.id << " " << st.path;
    EXPECT_EQ(st.actual_size, d.size) << d.id;
  }
}

TEST(Catalog, StatusSeesMissingAndDamagedFiles) {
  test::TempDir dir;
  const auto& d = Catalog::builtin().get("laposte_hexasmal");
  EXPECT_EQ(check_file(d, dir.path()).state, FileState::missing);
  test::write_file(dir / d.file, "Code_commune_INSEE;Nom_commune\n");
  EXPECT_EQ(check_file(d, dir.path()).state, FileState::checksum_mismatch);
}

TEST(Catalog, UnknownIdListsTheKnownOnes) {
  try {
    (void)Catalog::builtin().get("insee_nope");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::not_found);
    EXPECT_NE(std::string(e.what()).find("laposte_hexasmal"), std::string::npos);
  }
}

TEST(Catalog, ErrorsNameLineAndKey) {
  try {
    (void)Catalog::parse("[[dataset]]\nid = \"a\"\ntitle = 3\n", "cat.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.problems()[0].where.file, "cat.toml");
    EXPECT_EQ(e.problems()[0].where.line, 1);
    EXPECT_EQ(e.problems()[0].where.field, "dataset[0].title");
  }
  try {
    (void)Catalog::parse("[[dataset]]\nid = \"a\n", "cat.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.problems()[0].where.line, 2);
  }
}

}  // namespace
}  // namespace fabscope::sources
