// The reconciliation and aggregation rules of docs/methods/territory.md on small,
// hand-made inputs whose answers are worked out in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/text.hpp"
#include "territory/compute.hpp"
#include "territory/frame.hpp"
#include "territory/reach.hpp"

namespace fabscope::territory {
namespace {

using sources::comparateur_index;
constexpr double NaN = text::kMissing;

sources::CogCommune commune(std::string code, std::string type, std::string parent = {},
                            std::vector<std::string> old = {}) {
  sources::CogCommune c;
  c.code = std::move(code);
  c.name = "C" + c.code;
  c.type = std::move(type);
  c.zone = "metro";
  c.departement = "01";
  c.region = "84";
  c.parent = std::move(parent);
  c.old_codes = std::move(old);
  return c;
}

sources::ComparateurRow cc(std::string code, double pop, double superf, double act, double chom, double ettot,
                           double etaz, double med) {
  sources::ComparateurRow r;
  r.code = std::move(code);
  r.values.fill(1);  // other columns: 1
  r.values[comparateur_index("P18_POP")] = pop;
  r.values[comparateur_index("SUPERF")] = superf;
  r.values[comparateur_index("P18_ACT1564")] = act;
  r.values[comparateur_index("P18_CHOM1564")] = chom;
  r.values[comparateur_index("ETTOT18")] = ettot;
  r.values[comparateur_index("ETAZ18")] = etaz;
  r.values[comparateur_index("ETBE18")] = ettot - etaz;
  r.values[comparateur_index("ETFZ18")] = 0;
  r.values[comparateur_index("ETGU18")] = 0;
  r.values[comparateur_index("ETOQ18")] = 0;
  r.values[comparateur_index("MED19")] = med;
  return r;
}

sources::DensityRow dens(std::string code, int level) {
  sources::DensityRow d;
  d.code = std::move(code);
  d.dens = level;
  return d;
}

// 01001 absorbed 01099 (anciens code) and has a commune déléguée 01050 (same rows
// in no file); 01002 is secret in the comparateur; 01003 has no establishment.
sources::TerritorySources sample() {
  sources::TerritorySources s;
  s.cog.communes = {commune("01001", "commune-actuelle", "", {"01099"}), commune("01002", "commune-actuelle"),
                    commune("01003", "commune-actuelle"), commune("01050", "commune-deleguee", "01001")};
  sources::CogEpci e;
  e.siren = "200000001";
  e.name = "CC Test";
  e.members = {"01001", "01002", "01003"};
  s.cog.epcis = {e};
  s.cog.departements = {{"01", "Ain", "84", "", "metro"}};
  s.cog.regions = {{"84", "ARA", "", "", "metro"}};
  s.comparateur = {cc("01001", 100, 10, 50, 5, 20, 2, 20000), cc("01099", 50, 5, 30, 3, 10, 4, 18000),
                   cc("01002", NaN, 4, 20, 2, 6, 3, 21000), cc("01003", 30, 6, 10, 1, 0, 0, 19000)};
  s.density = {dens("01001", 2), dens("01099", 5), dens("01002", 6), dens("01003", 7)};
  return s;
}

double value(const TerritoryResult& r, Level l, const std::string& code, std::string_view id) {
  const auto* u = r.find(l, code);
  EXPECT_NE(u, nullptr) << code;
  return u == nullptr ? NaN : u->values[*indicator_index(id)];
}

TEST(TerritoryRules, MergedCommunesSumCountsAndRecomputeRatios) {
  const auto frame = reconcile(sample());
  ASSERT_EQ(frame.size(), 3U);  // the commune déléguée is not a commune
  const auto r = compute(frame);
  EXPECT_DOUBLE_EQ(value(r, Level::commune, "01001", "population"), 150);      // 100 + 50
  EXPECT_DOUBLE_EQ(value(r, Level::commune, "01001", "density"), 150.0 / 15);  // ratio of sums
  EXPECT_DOUBLE_EQ(value(r, Level::commune, "01001", "unemployment_rate"), 8.0 / 80);
  EXPECT_TRUE(std::isnan(value(r, Level::commune, "01001", "median_income")));  // medians don't add
  EXPECT_DOUBLE_EQ(value(r, Level::commune, "01003", "median_income"), 19000);
  // Parts disagree on the density level (2 vs 5): the chef-lieu's (01001) level is kept.
  EXPECT_DOUBLE_EQ(value(r, Level::commune, "01001", "density_class"), 2);
  EXPECT_DOUBLE_EQ(value(r, Level::commune, "01001", "dense_pop_share"), 1);
}

TEST(TerritoryRules, MissingStaysMissingAndZeroDenominatorsAreMissing) {
  const auto r = compute(reconcile(sample()));
  EXPECT_TRUE(std::isnan(value(r, Level::commune, "01002", "population")));
  EXPECT_TRUE(std::isnan(value(r, Level::commune, "01002", "density")));
  EXPECT_DOUBLE_EQ(value(r, Level::commune, "01002", "area_km2"), 4);
  EXPECT_TRUE(std::isnan(value(r, Level::commune, "01003", "share_az")));  // ETTOT18 = 0
  EXPECT_TRUE(std::isnan(value(r, Level::commune, "01003", "krugman")));
}

TEST(TerritoryRules, AggregatesAreRatiosOfSumsOverCommunesWithData) {
  const auto r = compute(reconcile(sample()));
  const auto* epci = r.find(Level::epci, "200000001");
  ASSERT_NE(epci, nullptr);
  EXPECT_EQ(epci->n_communes, 3);
  // population: 150 + 30 (01002 secret, counted as missing)
  EXPECT_DOUBLE_EQ(epci->values[*indicator_index("population")], 180);
  EXPECT_EQ(epci->missing[*indicator_index("population")], 1);
  // density: Σ pop / Σ area over communes with both: 180 / (15 + 6); 01002's area is not used.
  EXPECT_DOUBLE_EQ(epci->values[*indicator_index("density")], 180.0 / 21);
  // unemployment: (8 + 2 + 1) / (80 + 20 + 10), not the mean of the three rates.
  EXPECT_DOUBLE_EQ(epci->values[*indicator_index("unemployment_rate")], 11.0 / 110);
  // shares: ETAZ (6 + 3 + 0) / ETTOT (30 + 6 + 0); France = the same file: (2+4+3+0)/(20+10+6+0)
  EXPECT_DOUBLE_EQ(epci->values[*indicator_index("share_az")], 9.0 / 36);
  EXPECT_DOUBLE_EQ(epci->values[*indicator_index("lq_az")], (9.0 / 36) / (9.0 / 36));
  // rural share: 01003 (level 7, pop 30) over communes with pop and level: 30 / 180
  EXPECT_DOUBLE_EQ(epci->values[*indicator_index("rural_pop_share")], 30.0 / 180);
  EXPECT_TRUE(std::isnan(epci->values[*indicator_index("median_income")]));  // commune only
}

TEST(Reach, HaversineOneDegreeOfLatitude) {
  EXPECT_NEAR(haversine_km(45, 2, 46, 2), kEarthRadiusKm * M_PI / 180, 1e-9);
  EXPECT_NEAR(haversine_km(0, 0, 0, 180), kEarthRadiusKm * M_PI, 1e-9);
}

TEST(Reach, SumsWeightsWithinEachRadiusItselfIncluded) {
  // Points on a meridian 0.06° (6.67 km) apart; weights 1, 10, 100, 1000; one without coordinates.
  const std::vector<double> lat = {48.0, 48.06, 48.12, 48.30, NaN};
  const std::vector<double> lon = {-3.0, -3.0, -3.0, -3.0, NaN};
  const std::vector<double> w = {1, 10, 100, 1000, 5};
  const auto out = population_within(lat, lon, w, {{10, 20, 30}, 2});
  EXPECT_DOUBLE_EQ(out[0][0], 11);   // 0 and 6.67 km
  EXPECT_DOUBLE_EQ(out[1][0], 111);  // + 13.3 km
  EXPECT_DOUBLE_EQ(out[2][0], 111);  // 33.4 km is too far
  EXPECT_DOUBLE_EQ(out[0][1], 111);
  EXPECT_DOUBLE_EQ(out[1][3], 1000);  // the next point is 20.02 km away
  EXPECT_DOUBLE_EQ(out[2][3], 1110);  // 0, 20.02 and 26.7 km
  EXPECT_TRUE(std::isnan(out[0][4]));
}

TEST(Reach, GridEqualsAllPairsOnRandomPoints) {
  // 3,000 points over Brittany, some repeated, some without coordinates or weight: the
  // grid must find exactly the pairs an all-pairs scan finds (integer weights: the sums
  // do not depend on the order of addition).
  std::mt19937 gen(7);
  std::uniform_real_distribution<double> la(47.2, 48.9), lo(-5.2, -1.0);
  std::uniform_int_distribution<int> pop(0, 5000);
  std::vector<double> lat, lon, w;
  for (int i = 0; i < 3000; ++i) {
    if (i % 97 == 5) {
      lat.push_back(lat[static_cast<std::size_t>(i - 1)]);
      lon.push_back(lon[static_cast<std::size_t>(i - 1)]);
    } else {
      lat.push_back(i % 211 == 3 ? NaN : la(gen));
      lon.push_back(lo(gen));
    }
    w.push_back(i % 53 == 1 ? NaN : pop(gen));
  }
  const std::vector<double> radii = {5, 10, 20, 30};
  std::vector<std::array<double, 3>> xyz;
  for (std::size_t i = 0; i < lat.size(); ++i) xyz.push_back(unit_vector(lat[i], lon[i]));
  for (const unsigned threads : {1U, 2U}) {
    const auto out = population_within(lat, lon, w, {radii, threads});
    std::size_t checked = 0;
    for (std::size_t i = 0; i < lat.size(); ++i) {
      for (std::size_t r = 0; r < radii.size(); ++r) {
        if (std::isnan(lat[i])) {
          EXPECT_TRUE(std::isnan(out[r][i]));
          continue;
        }
        double expected = 0;
        const auto& a = xyz[i];
        for (std::size_t j = 0; j < lat.size(); ++j) {
          if (std::isnan(lat[j]) || std::isnan(w[j])) continue;
          const auto& b = xyz[j];
          const double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
          if (dx * dx + dy * dy + dz * dz <= chord2_of_km(radii[r])) expected += w[j];
        }
        ASSERT_EQ(out[r][i], expected) << "point " << i << " radius " << radii[r] << " threads " << threads;
        ++checked;
      }
    }
    EXPECT_GT(checked, 11000U);
  }
}

}  // namespace
}  // namespace fabscope::territory
