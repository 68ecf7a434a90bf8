// The store and the import pipeline: provenance, no-op re-import, new vintage replaces,
// a failing import changes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "io/archive.hpp"
#include "pipeline/import.hpp"
#include "sources/france_services.hpp"
#include "support/test_support.hpp"
#include "territory/repository.hpp"

namespace fabscope {
namespace {

// A data directory that mirrors the bundled one, so files can be replaced in a test.
class Pipeline : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& d : sources::Catalog::builtin().datasets()) {
      // The commune polygons (a directory, optional) are left out: imports here note them absent.
      if (std::filesystem::is_directory(test::data_dir() / d.file)) continue;
      std::filesystem::create_directories((m_dir / "data" / d.file).parent_path());
      std::filesystem::copy_file(test::data_dir() / d.file, m_dir / "data" / d.file);
    }
    m_store = std::make_unique<store::Store>(m_dir / "s.db");
  }
  pipeline::ImportReport import(bool verify = true, bool force = false, bool allow_shrink = false) {
    pipeline::ImportOptions o;
    o.data_dir = m_dir / "data";
    o.verify_checksum = verify;
    o.force = force;
    o.allow_shrink = allow_shrink;
    return pipeline::import_datasets(*m_store, sources::Catalog::builtin(), o);
  }
  std::string snapshot() {
    std::string out;
    for (const auto& r : m_store->import_records())
      out += r.dataset_id + r.sha256 + r.imported_at + std::to_string(r.rows) + "\n";
    for (const char* t : {"laposte_postcode", "insee_comparateur", "territory", "cog_commune"}) {
      out += std::to_string(m_store->db().execAndGet(std::string("SELECT count(*) FROM ") + t).getInt()) + "\n";
    }
    out += m_store->db().execAndGet("SELECT total(population) FROM territory WHERE level='commune'").getString();
    out += m_store->db().execAndGet("SELECT computed_at FROM territory_build").getString();
    return out;
  }
  test::TempDir m_dir;
  std::unique_ptr<store::Store> m_store;
};

TEST_F(Pipeline, RecordsProvenanceAndReimportIsANoOp) {
  EXPECT_EQ(m_store->schema_version(), 11);
  const auto first = import();
  ASSERT_EQ(first.datasets.size(), 7U);
  for (const auto& d : first.datasets) {
    // The optional commune polygons are not in this data directory: noted, not an error.
    const bool optional = d.id == "ign_communes_2018";
    EXPECT_EQ(d.outcome, optional ? pipeline::Outcome::absent : pipeline::Outcome::imported) << d.id;
    if (optional) {
      ASSERT_EQ(d.notes.size(), 1U);
      EXPECT_EQ(d.notes[0].id, "dataset_absent");
    }
  }
  EXPECT_FALSE(m_store->has_table("geo_commune_2018"));
  EXPECT_TRUE(first.indicators_rebuilt);
  const auto rec = m_store->import_record("insee_comparateur_2022");
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->sha256, sources::Catalog::builtin().get("insee_comparateur_2022").sha256);
  EXPECT_EQ(rec->vintage, "2022");
  EXPECT_EQ(rec->cog_year, 2021);
  EXPECT_EQ(rec->rows, 35010);
  EXPECT_EQ(rec->tables, "insee_comparateur");
  EXPECT_FALSE(rec->imported_at.empty());
  const auto before = snapshot();
  const auto second = import();
  for (const auto& d : second.datasets) {
    EXPECT_EQ(d.outcome, d.id == "ign_communes_2018" ? pipeline::Outcome::absent : pipeline::Outcome::unchanged)
        << d.id;
  }
  EXPECT_FALSE(second.indicators_rebuilt);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(Pipeline, NewVintageReplacesInOneTransaction) {
  import();
  // A "new vintage" of La Poste: only the rows of Côtes-d'Armor (22).
  const auto path = m_dir / "data" / sources::Catalog::builtin().get("laposte_hexasmal").file;
  const auto full = test::read_file(path);
  std::string smaller = full.substr(0, full.find('\n') + 1);
  std::size_t pos = smaller.size();
  std::size_t rows = 0;
  while (pos < full.size()) {
    const auto end = full.find('\n', pos);
    const auto line = full.substr(pos, end - pos + 1);
    if (line.rfind("22", 0) == 0) {
      smaller += line;
      ++rows;
    }
    pos = end + 1;
  }
  test::write_file(path, smaller);
  // Refused by default: the checksum differs from the catalog, and nothing changes.
  const auto before = snapshot();
  try {
    import();
    FAIL() << "expected a checksum error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::checksum);
  }
  EXPECT_EQ(snapshot(), before);
  // With verification off it still removes most of the dataset (to the rows of one département):
  // refused, with the counts, unless the shrink is allowed.
  try {
    import(/*verify=*/false);
    FAIL() << "expected a ShrinkError";
  } catch (const ShrinkError& e) {
    EXPECT_EQ(e.code(), ExitCode::bad_input);
    EXPECT_EQ(e.before(), 39204);
    EXPECT_EQ(e.after(), static_cast<std::int64_t>(rows));
    EXPECT_NE(std::string(e.what()).find(" rows instead of 39,204; refusing"), std::string::npos) << e.what();
  }
  EXPECT_EQ(snapshot(), before);
  // Accepted with --allow-shrink: that dataset is replaced, the indicators rebuilt.
  const auto report = import(/*verify=*/false, /*force=*/false, /*allow_shrink=*/true);
  EXPECT_TRUE(report.indicators_rebuilt);
  EXPECT_EQ(m_store->import_record("laposte_hexasmal")->rows, static_cast<std::int64_t>(rows));
  EXPECT_EQ(m_store->db().execAndGet("SELECT count(*) FROM laposte_postcode").getInt64(),
            static_cast<std::int64_t>(rows));
  // Communes outside 22 have no centroid any more: no population within reach.
  const auto rennes = territory::load_unit(*m_store, territory::Level::commune, "35238");
  EXPECT_TRUE(std::isnan(rennes->values[*territory::indicator_index("pop_within_10km")]));
  const auto lannion = territory::load_unit(*m_store, territory::Level::commune, "22113");
  EXPECT_GT(lannion->values[*territory::indicator_index("pop_within_10km")], 20040);
}

// A header-only file (La Poste's CSV; the comparateur's CSV in its ZIP) parses as an empty
// dataset: replacing good data with nothing is refused, the store unchanged.
TEST_F(Pipeline, HeaderOnlyFileIsRefusedUnlessShrinkIsAllowed) {
  import();
  const auto before = snapshot();
  const auto& catalog = sources::Catalog::builtin();
  const auto postal = m_dir / "data" / catalog.get("laposte_hexasmal").file;
  const auto postal_bytes = test::read_file(postal);
  test::write_file(postal, postal_bytes.substr(0, postal_bytes.find('\n') + 1));
  try {
    import(/*verify=*/false, /*force=*/true);
    FAIL() << "expected a ShrinkError";
  } catch (const ShrinkError& e) {
    EXPECT_EQ(e.after(), 0);
    EXPECT_EQ(e.before(), 39204);
    EXPECT_EQ(std::string(e.what()).rfind("laposte_hexasmal: 0 rows instead of 39,204; refusing", 0), 0U) << e.what();
    EXPECT_NE(e.message(Lang::fr).find("laposte_hexasmal : 0 lignes au lieu de 39\u202F204"), std::string::npos)
        << e.message(Lang::fr);
  }
  EXPECT_EQ(snapshot(), before);
  test::write_file(postal, postal_bytes);

  const auto cc = m_dir / "data" / catalog.get("insee_comparateur_2022").file;
  const auto full = io::ZipArchive::open_file(cc).read("base_cc_comparateur.CSV");
  test::write_zip(cc, {{"base_cc_comparateur.CSV", full.substr(0, full.find('\n') + 1)}});
  try {
    import(/*verify=*/false);
    FAIL() << "expected a ShrinkError";
  } catch (const ShrinkError& e) {
    EXPECT_EQ(e.after(), 0);
    EXPECT_EQ(e.before(), 35010);
    EXPECT_NE(std::string(e.what()).find("insee_comparateur_2022: 0 rows instead of 35,010"), std::string::npos);
  }
  EXPECT_EQ(snapshot(), before);
  // Allowed: the dataset is emptied, as asked.
  import(/*verify=*/false, /*force=*/false, /*allow_shrink=*/true);
  EXPECT_EQ(m_store->db().execAndGet("SELECT count(*) FROM insee_comparateur").getInt(), 0);
  EXPECT_EQ(m_store->import_record("insee_comparateur_2022")->rows, 0);
}

TEST_F(Pipeline, FailingImportChangesNothing) {
  import();
  const auto before = snapshot();
  // Damage one file among several that all changed: nothing at all may be written.
  const auto cc = m_dir / "data" / sources::Catalog::builtin().get("insee_comparateur_2022").file;
  const auto bytes = test::read_file(cc);
  test::write_file(cc, bytes.substr(0, bytes.size() - 100));
  try {
    import(/*verify=*/false, /*force=*/true);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("base_cc_comparateur_csv.zip"), std::string::npos) << e.what();
  }
  EXPECT_EQ(snapshot(), before);
}

TEST_F(Pipeline, MissingFileSaysWhatToDo) {
  std::filesystem::remove(m_dir / "data" / sources::Catalog::builtin().get("laposte_hexasmal").file);
  try {
    import();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::missing_data);
    EXPECT_NE(std::string(e.what()).find("fabscope data fetch laposte_hexasmal"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(m_store->import_records().empty());
}

// A dataset added through the importer registry (one file in src/sources, one line in
// registry.cpp): its table is created on its first import, its provenance is recorded, and
// since it is not an input of the indicators, importing it alone rebuilds none.
TEST_F(Pipeline, ANewDatasetComesThroughTheRegistry) {
  EXPECT_TRUE(sources::load_france_services(*m_store).empty());  // no table yet
  const auto first = import();
  const auto rec = m_store->import_record("anct_france_services_2022");
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->rows, 2683);
  EXPECT_EQ(rec->tables, "anct_france_services");
  const auto sites = sources::load_france_services(*m_store);
  ASSERT_EQ(sites.size(), 2683U);
  EXPECT_EQ(sites[0].id, "1");
  EXPECT_EQ(sites[0].commune, "01033");
  EXPECT_EQ(sites.back().id, "temp_159");
  const auto cotes_darmor =
      std::count_if(sites.begin(), sites.end(), [](const auto& s) { return s.departement == "22"; });
  EXPECT_EQ(cotes_darmor, 33);
  const auto built = m_store->db().execAndGet("SELECT computed_at FROM territory_build").getString();
  pipeline::ImportOptions o;
  o.data_dir = m_dir / "data";
  o.force = true;
  o.datasets = {"anct_france_services_2022"};
  const auto again = pipeline::import_datasets(*m_store, sources::Catalog::builtin(), o);
  ASSERT_EQ(again.datasets.size(), 1U);
  EXPECT_EQ(again.datasets[0].outcome, pipeline::Outcome::imported);
  EXPECT_FALSE(again.indicators_rebuilt);
  EXPECT_EQ(m_store->db().execAndGet("SELECT computed_at FROM territory_build").getString(), built);
  EXPECT_EQ(sources::load_france_services(*m_store).size(), 2683U);
}

}  // namespace
}  // namespace fabscope
