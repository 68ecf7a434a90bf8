// Every indicator at every level against the independent pandas implementation
// (tests/reference/territory_reference.py, outputs committed in tests/reference/expected).
// Tolerance: relative 1e-9 (the reference is written with 15 significant digits).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/csv.hpp"
#include "pipeline/import.hpp"
#include "support/test_support.hpp"
#include "territory/repository.hpp"

namespace fabscope {
namespace {

using territory::Level;

struct Expected {
  std::string name;
  std::vector<double> values;  // in registry order
};

// code -> expected values, from one or more reference CSV files.
std::map<std::string, Expected> read_expected(const std::vector<std::filesystem::path>& files) {
  std::map<std::string, Expected> out;
  for (const auto& f : files) {
    io::CsvReader reader(io::read_file(f), f.filename().string());
    std::vector<std::string_view> fields;
    reader.next(fields);
    std::vector<std::string> header(fields.begin(), fields.end());
    EXPECT_EQ(header.size(), 3 + territory::kIndicatorCount) << f;
    for (std::size_t k = 0; k < territory::kIndicatorCount; ++k) {
      EXPECT_EQ(header[3 + k], territory::indicators()[k].id) << "column order of " << f;
    }
    while (reader.next(fields)) {
      Expected e;
      e.name = std::string(fields[2]);
      for (std::size_t k = 0; k < territory::kIndicatorCount; ++k) {
        const auto v = text::parse_double(fields[3 + k]);
        e.values.push_back(v ? *v : text::kMissing);
      }
      out.emplace(std::string(fields[1]), std::move(e));
    }
  }
  return out;
}

class TerritoryReference : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<test::TempDir>();
    s_store = std::make_unique<store::Store>(s_dir->path() / "ref.db");
    auto options = test::import_options();
    pipeline::import_datasets(*s_store, sources::Catalog::builtin(), options);
  }
  static void TearDownTestSuite() {
    s_store.reset();
    s_dir.reset();
  }

  static void compare_level(Level level, const std::vector<std::filesystem::path>& files) {
    const auto expected = read_expected(files);
    const auto units = territory::load_level(*s_store, level);
    ASSERT_EQ(units.size(), expected.size()) << "number of units at level " << territory::level_id(level);
    std::size_t compared = 0;
    std::size_t both_missing = 0;
    for (const auto& u : units) {
      const auto it = expected.find(u.code);
      ASSERT_NE(it, expected.end()) << "unit " << u.code << " absent from the reference";
      EXPECT_EQ(u.name, it->second.name) << u.code;
      for (std::size_t k = 0; k < territory::kIndicatorCount; ++k) {
        const double a = u.values[k];
        const double b = it->second.values[k];
        const auto& id = territory::indicators()[k].id;
        if (std::isnan(a) || std::isnan(b)) {
          EXPECT_TRUE(std::isnan(a) && std::isnan(b))
              << territory::level_id(level) << " " << u.code << " " << id << ": ours " << a << ", reference " << b;
          ++both_missing;
          continue;
        }
        const double tol = 1e-9 * std::max({std::abs(a), std::abs(b), 1e-300});
        EXPECT_NEAR(a, b, tol) << territory::level_id(level) << " " << u.code << " " << id;
        ++compared;
      }
    }
    // The comparison covered real values, not only missing ones.
    EXPECT_GT(compared, units.size() * 10);
    RecordProperty("values_compared", static_cast<int>(compared));
    RecordProperty("both_missing", static_cast<int>(both_missing));
  }

  static void compare_missing(Level level) {
    const auto path = test::source_dir() / "tests/reference/expected" /
                      ("territory_" + std::string(territory::level_id(level)) + "_missing.csv");
    io::CsvReader reader(io::read_file(path), path.filename().string());
    std::vector<std::string_view> fields;
    reader.next(fields);
    std::size_t rows = 0;
    while (reader.next(fields)) {
      const auto u = territory::load_unit(*s_store, level, std::string(fields[1]));
      ASSERT_TRUE(u.has_value()) << fields[1];
      for (std::size_t k = 0; k < territory::kIndicatorCount; ++k) {
        if (fields[2 + k].empty()) continue;  // commune-only indicator
        EXPECT_EQ(u->missing[k], *text::parse_int(fields[2 + k]))
            << territory::level_id(level) << " " << fields[1] << " " << territory::indicators()[k].id;
      }
      ++rows;
    }
    EXPECT_GT(rows, 0U);
  }

  static std::filesystem::path expected(const std::string& name) {
    return test::source_dir() / "tests/reference/expected" / name;
  }

  static inline std::unique_ptr<test::TempDir> s_dir;
  static inline std::unique_ptr<store::Store> s_store;
};

TEST_F(TerritoryReference, CommuneLevelMatchesReference) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(expected("commune"))) files.push_back(e.path());
  ASSERT_GE(files.size(), 100U);
  compare_level(Level::commune, files);
  EXPECT_EQ(territory::load_level(*s_store, Level::commune).size(), 34969U);
}

TEST_F(TerritoryReference, EpciLevelMatchesReference) {
  compare_level(Level::epci, {expected("territory_epci.csv")});
  compare_missing(Level::epci);
}

TEST_F(TerritoryReference, ZoneEmploiLevelMatchesReference) {
  compare_level(Level::ze, {expected("territory_ze.csv")});
  compare_missing(Level::ze);
}

TEST_F(TerritoryReference, DepartementLevelMatchesReference) {
  compare_level(Level::dep, {expected("territory_dep.csv")});
  compare_missing(Level::dep);
}

TEST_F(TerritoryReference, RegionLevelMatchesReference) {
  compare_level(Level::reg, {expected("territory_reg.csv")});
  compare_missing(Level::reg);
}

// France, the aggregate of every commune (the France column of comparisons), with the
// same rules: 66,732,538 inhabitants in 2018, 105.47 per km², 13.43 % unemployed.
TEST_F(TerritoryReference, FranceLevelMatchesReference) {
  compare_level(Level::fr, {expected("territory_fr.csv")});
  compare_missing(Level::fr);
  const auto fr = territory::load_unit(*s_store, Level::fr, "FR");
  ASSERT_TRUE(fr);
  EXPECT_EQ(fr->name, "France");
  EXPECT_DOUBLE_EQ(fr->values[*territory::indicator_index("population")], 66732538);
  EXPECT_EQ(fr->missing[*territory::indicator_index("population")], 118);
}

// A few figures a user can check by eye against INSEE's comparateur de territoires.
TEST_F(TerritoryReference, KnownFigures) {
  const auto rennes = territory::load_unit(*s_store, Level::commune, "35238");
  ASSERT_TRUE(rennes);
  EXPECT_EQ(rennes->name, "Rennes");
  EXPECT_DOUBLE_EQ(rennes->values[*territory::indicator_index("population")], 217728);
  EXPECT_DOUBLE_EQ(rennes->values[*territory::indicator_index("density_class")], 1);
  EXPECT_DOUBLE_EQ(rennes->values[*territory::indicator_index("aav_category")], 11);
  const auto lannion = territory::load_unit(*s_store, Level::commune, "22113");
  ASSERT_TRUE(lannion);
  EXPECT_DOUBLE_EQ(lannion->values[*territory::indicator_index("population")], 20040);
  // Mayotte: blank in the comparateur (statistical secrecy) -> missing, never zero.
  const auto mamoudzou = territory::load_unit(*s_store, Level::commune, "97611");
  ASSERT_TRUE(mamoudzou);
  EXPECT_TRUE(std::isnan(mamoudzou->values[*territory::indicator_index("population")]));
  const auto dep976 = territory::load_unit(*s_store, Level::dep, "976");
  ASSERT_TRUE(dep976);
  EXPECT_TRUE(std::isnan(dep976->values[*territory::indicator_index("population")]));
  EXPECT_EQ(dep976->missing[*territory::indicator_index("population")], 17);
}

}  // namespace
}  // namespace fabscope
