// The opportunity map (src/app/opportunities.cpp, docs/impact/opportunities.md) on four
// hand-made EPCI, with every figure computed by hand below.
#include <gtest/gtest.h>

#include <cmath>

#include "app/opportunities.hpp"
#include "core/error.hpp"

namespace fabscope {
namespace {

territory::Unit unit(territory::Level level, const std::string& code, const std::map<std::string, double>& values) {
  territory::Unit u;
  u.level = level;
  u.code = code;
  u.name = "EPCI " + code;
  u.values.fill(std::numeric_limits<double>::quiet_NaN());
  for (const auto& [id, v] : values) u.values[*territory::indicator_index(id)] = v;
  return u;
}

// EPCI A holds the succeeding workshop of the archetype (the reference); B is A's twin; C
// differs by one standard deviation-ish on four variables and more on industry; D is
// covered. Variables constant over the four (establishments, lq_gu, lq_oq) have no spread
// and are not compared: 5 of the 8 are.
app::Snapshot hand_made() {
  app::Snapshot s;
  using L = territory::Level;
  auto& epci = s.units[static_cast<std::size_t>(L::epci)];
  const auto v = [](double density, double rural, double growth, double unemployment, double lq_be) {
    return std::map<std::string, double>{{"density", density},        {"rural_pop_share", rural},
                                         {"employment_growth", growth}, {"unemployment_rate", unemployment},
                                         {"establishments_per_1000", 30}, {"lq_be", lq_be},
                                         {"lq_gu", 1},                  {"lq_oq", 1}};
  };
  epci.push_back(unit(L::epci, "A", v(100, 0.2, 0.01, 0.10, 1.2)));
  epci.push_back(unit(L::epci, "B", v(100, 0.2, 0.01, 0.10, 1.2)));
  epci.push_back(unit(L::epci, "C", v(1000, 0.4, 0.00, 0.12, 0.8)));
  epci.push_back(unit(L::epci, "D", v(10, 0.0, 0.02, 0.08, 1.0)));
  auto& communes = s.units[static_cast<std::size_t>(L::commune)];
  // commune, its EPCI, population, km to the nearest workshop
  for (const auto& [code, e, pop, km] : std::vector<std::tuple<std::string, std::string, double, double>>{
           {"a1", "A", 1000, 10}, {"b1", "B", 500, 40}, {"c1", "C", 800, 50}, {"c2", "C", 100, 5}, {"d1", "D", 100, 10}}) {
    communes.push_back(unit(L::commune, code, {{"population", pop}}));
    s.places[code].epci = e;
    s.places[code].reg = e == "C" ? "R2" : "R1";
    s.nearest_km[code] = km;
  }
  for (const auto* r : {"R1", "R2"}) {
    s.index[static_cast<std::size_t>(L::reg)][r] = s.units[static_cast<std::size_t>(L::reg)].size();
    s.units[static_cast<std::size_t>(L::reg)].push_back(unit(L::reg, r, {}));
  }
  auto& ev = s.evaluation;
  ev.nodes = {"success", "total"};
  referential::PanelUnit wa, wx;
  wa.id = "w_a";
  wa.commune = "a1";
  wx.id = "w_x";
  wx.commune = "d1";
  ev.panel.units = {wa, wx};
  ev.result.scores = {0.8, 0.5, 0.2, 0.5};  // units × nodes: success, total
  s.analyses.archetypes.resize(2);
  s.analyses.archetypes[0].archetype = "generic_fablab";
  s.analyses.archetypes[1].archetype = "mediation";
  return s;
}

TEST(Opportunities, RankedByResemblanceAsComputedByHand) {
  const auto s = hand_made();
  app::OpportunityOptions o;
  o.archetype = "generic_fablab";
  o.radius_km = 30;
  o.min_references = 1;
  const auto r = app::opportunities(s, o);
  // Success median over the panel: (0.2 + 0.8) / 2 = 0.5; w_a (0.8) succeeds.
  EXPECT_EQ(r.reference_basis, "success");
  EXPECT_EQ(r.references, std::vector<std::string>{"w_a"});
  EXPECT_EQ(r.reference_territories, std::vector<std::string>{"A"});
  EXPECT_NEAR(r.profile[0], 100, 1e-9);  // density, back from log10
  EXPECT_EQ(r.candidates_considered, 4U);
  EXPECT_EQ(r.covered, 2U);  // A (all within 10 km) and D
  ASSERT_EQ(r.territories.size(), 2U);
  // B is A's twin: distance 0, resemblance 1, first.
  EXPECT_EQ(r.territories[0].code, "B");
  EXPECT_EQ(r.territories[0].rank, 1);
  EXPECT_NEAR(r.territories[0].distance, 0, 1e-12);
  EXPECT_NEAR(r.territories[0].similarity, 1, 1e-12);
  // C: sample standard deviations over A, B, C, D — log10 density (2, 2, 3, 1): √(2/3);
  // rural (.2, .2, .4, 0): √(.08/3); growth (.01, .01, 0, .02): √(.0002/3); unemployment
  // (.1, .1, .12, .08): √(.0008/3); lq_be (1.2, 1.2, .8, 1): √(.11/3). C's gaps to A: 1, .2,
  // .01, .02, .4 → 1/√(2/3) = √1.5 on the first four, .4/√(.11/3) on lq_be, whose square
  // is .48/.11. Distance = √((4 × 1.5 + .48/.11) / 5).
  const auto& c = r.territories[1];
  EXPECT_EQ(c.code, "C");
  EXPECT_EQ(c.variables, 5U);
  const double distance = std::sqrt((4 * 1.5 + 0.48 / 0.11) / 5);
  EXPECT_NEAR(c.distance, distance, 1e-12);
  EXPECT_NEAR(c.similarity, 1 / (1 + distance), 1e-12);
  EXPECT_NEAR(distance, 1.4396969, 1e-7);
  EXPECT_EQ(c.population, 900);
  EXPECT_EQ(c.uncovered_population, 800);
  EXPECT_EQ(c.nearest_km, 5);
  ASSERT_EQ(c.reasons.size(), 5U);
  EXPECT_EQ(c.reasons.back().variable, "lq_be");  // the largest gap last
  EXPECT_NEAR(c.reasons.back().gap, 0.4 / std::sqrt(0.11 / 3), 1e-12);
  EXPECT_NEAR(c.reasons.back().value, 0.8, 1e-12);
  EXPECT_NEAR(c.reasons.back().reference, 1.2, 1e-12);

  // A région's own map: only its territories, ranked among themselves.
  o.region = "R2";
  const auto r2 = app::opportunities(s, o);
  ASSERT_EQ(r2.territories.size(), 1U);
  EXPECT_EQ(r2.territories[0].code, "C");
  EXPECT_EQ(r2.territories[0].rank, 1);
  EXPECT_EQ(r2.candidates_considered, 1U);
  o.region = "R9";
  EXPECT_THROW((void)app::opportunities(s, o), Error);
  o.region.clear();
  // Too few successes known: every workshop of the archetype stands in, and it is said.
  o.min_references = 3;
  EXPECT_EQ(app::opportunities(s, o).reference_basis, "archetype");
  // A larger radius leaves B and C covered too.
  o.radius_km = 60;
  EXPECT_TRUE(app::opportunities(s, o).territories.empty());
  // Refusals.
  o.archetype = "fablab";
  EXPECT_THROW((void)app::opportunities(s, o), Error);
  o.archetype = "design_office";  // no workshop of it in the panel
  EXPECT_THROW((void)app::opportunities(s, o), Error);
  o.archetype = "generic_fablab";
  o.level = territory::Level::dep;
  EXPECT_THROW((void)app::opportunities(s, o), Error);
}

}  // namespace
}  // namespace fabscope
