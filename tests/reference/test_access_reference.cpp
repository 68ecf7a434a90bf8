// 2SFCA, E2SFCA and white zones against the independent implementation
// (tests/reference/access_reference.py) on the same supply fixture and communes.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/csv.hpp"
#include "pipeline/import.hpp"
#include "support/test_support.hpp"
#include "workshops/access.hpp"

namespace fabscope {
namespace {

std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& p) {
  io::CsvReader reader(io::read_file(p), p.filename().string());
  std::vector<std::string_view> f;
  std::vector<std::vector<std::string>> rows;
  reader.next(f);  // header
  while (reader.next(f)) rows.emplace_back(f.begin(), f.end());
  return rows;
}

double num(const std::string& s) {
  const auto v = text::parse_double(s);
  return v ? *v : text::kMissing;
}

void expect_close(double ours, double ref, const std::string& what) {
  if (std::isnan(ref) || std::isnan(ours)) {
    EXPECT_TRUE(std::isnan(ref) && std::isnan(ours)) << what << ": ours " << ours << ", reference " << ref;
    return;
  }
  EXPECT_NEAR(ours, ref, 1e-9 * std::max({std::abs(ours), std::abs(ref), 1e-12})) << what;
}

class AccessReference : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<test::TempDir>();
    auto store = std::make_unique<store::Store>(s_dir->path() / "a.db");
    auto o = test::import_options();
    pipeline::import_datasets(*store, sources::Catalog::builtin(), o);
    s_in = std::make_unique<workshops::AccessInputs>(workshops::load_access_inputs(*store));
    for (const auto& row : read_csv(test::source_dir() / "tests/reference/workshops_supply_fixture.csv")) {
      s_in->supply.push_back({num(row[1]), num(row[2]), num(row[3])});
    }
  }
  static void TearDownTestSuite() {
    s_in.reset();
    s_dir.reset();
  }
  static void check(double radius) {
    const auto dir = test::source_dir() / "tests/reference/expected";
    const auto tag = fmt::format("{}km", radius);
    const auto none =
        workshops::two_step_fca(s_in->lat, s_in->lon, s_in->population, s_in->supply, {radius, workshops::Decay::none});
    const auto gauss = workshops::two_step_fca(s_in->lat, s_in->lon, s_in->population, s_in->supply,
                                               {radius, workshops::Decay::gaussian});
    auto rows = read_csv(dir / ("access_" + tag + "_a.csv"));
    const auto rest = read_csv(dir / ("access_" + tag + "_b.csv"));
    rows.insert(rows.end(), rest.begin(), rest.end());
    ASSERT_EQ(rows.size(), s_in->code.size());
    std::size_t white = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      ASSERT_EQ(rows[i][0], s_in->code[i]);
      expect_close(none.access_per_100k[i], num(rows[i][1]), rows[i][0] + " access none " + tag);
      expect_close(gauss.access_per_100k[i], num(rows[i][2]), rows[i][0] + " access gaussian " + tag);
      expect_close(none.nearest_km[i], num(rows[i][3]), rows[i][0] + " nearest_km " + tag);
      if (!rows[i][4].empty()) {
        EXPECT_EQ(none.white[i], rows[i][4] == "1") << rows[i][0];
        white += none.white[i] ? 1 : 0;
      }
    }
    EXPECT_GT(white, 1000U);
    const auto zones = workshops::white_zones(s_in->dep, s_in->lat, s_in->population, none);
    const auto zrows = read_csv(dir / ("white_zones_" + tag + ".csv"));
    ASSERT_EQ(zones.size(), zrows.size());
    for (std::size_t k = 0; k < zones.size(); ++k) {
      EXPECT_EQ(zones[k].dep, zrows[k][0]);
      EXPECT_EQ(zones[k].communes, std::stoul(zrows[k][1])) << zones[k].dep;
      EXPECT_EQ(zones[k].white_communes, std::stoul(zrows[k][2])) << zones[k].dep;
      expect_close(zones[k].population, num(zrows[k][3]), zones[k].dep + " population");
      expect_close(zones[k].white_population, num(zrows[k][4]), zones[k].dep + " white population");
      expect_close(zones[k].white_share, num(zrows[k][5]), zones[k].dep + " white share");
    }
  }
  static inline std::unique_ptr<test::TempDir> s_dir;
  static inline std::unique_ptr<workshops::AccessInputs> s_in;
};

TEST_F(AccessReference, ThirtyKilometres) { check(30); }

// The France services sites, a separate kind of place: the distance to the nearest site and
// the communes with neither a workshop nor a site within 30 km, by commune and département.
TEST_F(AccessReference, FranceServicesAtThirtyKilometres) {
  const auto dir = test::source_dir() / "tests/reference/expected";
  EXPECT_EQ(s_in->help.size() + s_in->help_unplaced, 2683U);
  EXPECT_EQ(s_in->help_unplaced, 27U);
  auto r = workshops::two_step_fca(s_in->lat, s_in->lon, s_in->population, s_in->supply, {30});
  workshops::add_public_help(r, s_in->lat, s_in->lon, s_in->help, 30);
  auto rows = read_csv(dir / "help_30km_a.csv");
  const auto rest = read_csv(dir / "help_30km_b.csv");
  rows.insert(rows.end(), rest.begin(), rest.end());
  ASSERT_EQ(rows.size(), s_in->code.size());
  std::size_t white_help = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i][0], s_in->code[i]);
    expect_close(r.nearest_help_km[i], num(rows[i][1]), rows[i][0] + " nearest France services");
    if (!rows[i][2].empty()) {
      EXPECT_EQ(r.white_help[i], rows[i][2] == "1") << rows[i][0];
      white_help += r.white_help[i] ? 1 : 0;
    }
  }
  EXPECT_EQ(white_help, 102U);
  const auto zones = workshops::white_zones(s_in->dep, s_in->lat, s_in->population, r);
  const auto zrows = read_csv(dir / "white_zones_help_30km.csv");
  ASSERT_EQ(zones.size(), zrows.size());
  for (std::size_t k = 0; k < zones.size(); ++k) {
    EXPECT_EQ(zones[k].dep, zrows[k][0]);
    EXPECT_EQ(zones[k].white_help_communes, std::stoul(zrows[k][1])) << zones[k].dep;
    expect_close(zones[k].white_help_population, num(zrows[k][2]), zones[k].dep + " population without help");
    expect_close(zones[k].white_help_share, num(zrows[k][3]), zones[k].dep + " share without help");
  }
}

TEST(Access, PublicHelpIsASeparateKindOfPlace) {
  // Three communes on a meridian at 0, 40 and 80 km; a workshop at the first, a France
  // services site at the third: only the second is far from both.
  const double deg = 1 / 111.19508;
  const std::vector<double> lat = {48.0, 48.0 + 40 * deg, 48.0 + 80 * deg};
  const std::vector<double> lon = {-3.0, -3.0, -3.0};
  const std::vector<double> pop = {100, 200, 300};
  auto r = workshops::two_step_fca(lat, lon, pop, {{48.0, -3.0, 1}}, {30});
  EXPECT_EQ(r.white, (std::vector<bool>{false, true, true}));
  workshops::add_public_help(r, lat, lon, {}, 30);
  EXPECT_TRUE(r.nearest_help_km.empty());  // no list: nothing known
  workshops::add_public_help(r, lat, lon, {{lat[2], -3.0, 1}}, 30);
  EXPECT_NEAR(r.nearest_help_km[0], 80, 1e-3);
  EXPECT_NEAR(r.nearest_help_km[1], 40, 1e-3);
  EXPECT_NEAR(r.nearest_help_km[2], 0, 1e-9);
  EXPECT_EQ(r.white_help, (std::vector<bool>{false, true, false}));
  // The site does not count as a workshop: the 2SFCA and the white zones are unchanged.
  EXPECT_EQ(r.white, (std::vector<bool>{false, true, true}));
  const auto z = workshops::white_zones({"29", "29", "29"}, lat, pop, r);
  ASSERT_EQ(z.size(), 1U);
  EXPECT_EQ(z[0].white_communes, 2U);
  EXPECT_DOUBLE_EQ(z[0].white_share, 500.0 / 600);
  EXPECT_EQ(z[0].white_help_communes, 1U);
  EXPECT_DOUBLE_EQ(z[0].white_help_share, 200.0 / 600);
}
TEST_F(AccessReference, TwentyKilometres) { check(20); }

TEST(Access, ConservesSupplyAndWeightsDecay) {
  // Two communes 10 km apart, one workshop on the first: all of its capacity is shared.
  const std::vector<double> lat = {48.0, 48.0 + 10 / 111.19508};
  const std::vector<double> lon = {-3.0, -3.0};
  const std::vector<double> pop = {1000, 3000};
  const auto r = workshops::two_step_fca(lat, lon, pop, {{48.0, -3.0, 1}}, {30, workshops::Decay::none});
  EXPECT_NEAR(r.access_per_100k[0], 100000.0 / 4000, 1e-9);
  EXPECT_NEAR(r.access_per_100k[1], 100000.0 / 4000, 1e-9);
  EXPECT_NEAR(r.access_per_100k[0] * pop[0] + r.access_per_100k[1] * pop[1], 100000.0, 1e-6);
  EXPECT_DOUBLE_EQ(workshops::gaussian_weight(0, 30), 1.0);
  EXPECT_NEAR(workshops::gaussian_weight(30, 30), 0.0, 1e-15);
  EXPECT_EQ(workshops::gaussian_weight(31, 30), 0.0);
  const auto g = workshops::two_step_fca(lat, lon, pop, {{48.0, -3.0, 1}}, {30, workshops::Decay::gaussian});
  EXPECT_GT(g.access_per_100k[0], g.access_per_100k[1]);  // nearer is better served
  EXPECT_NEAR(g.access_per_100k[0] * pop[0] + g.access_per_100k[1] * pop[1], 100000.0, 1e-6);
}

}  // namespace
}  // namespace fabscope
