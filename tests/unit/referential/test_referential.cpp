// The référentiel file: the default loads; broken files are rejected with file, line and key.
#include <gtest/gtest.h>

#include <cmath>

#include "referential/referential.hpp"
#include "support/test_support.hpp"

namespace fabscope::referential {
namespace {

const std::string kHead = R"(id = "t"
version = "1"
title_fr = "T"
title_en = "T"
[[dimension]]
id = "d"
label_fr = "D"
label_en = "D"
[[dimension.criterion]]
id = "c"
label_fr = "C"
label_en = "C"
)";

std::string indicator(const std::string& id, const std::string& source, const std::string& extra = "") {
  return "[[dimension.criterion.indicator]]\nid = \"" + id +
         "\"\nlabel_fr = \"x\"\nlabel_en = \"x\"\ndescribes = \"success\"\nsource = \"" + source + "\"\n" + extra;
}

TEST(Referential, DefaultLoadsWithTheStudysStructure) {
  const auto& r = Referential::builtin();
  ASSERT_EQ(r.dimensions.size(), 4U);
  EXPECT_EQ(r.dimensions[0].id, "territory");
  EXPECT_EQ(r.dimensions[3].id, "impacts");
  // The four impact areas, each with at least one indicator.
  std::set<std::string> areas, levels;
  for (const auto& i : r.indicators) {
    if (i.describes == "impact") {
      areas.insert(i.impact_area);
      levels.insert(i.impact_level);
    }
  }
  EXPECT_EQ(areas, (std::set<std::string>{"employment_skills", "diversity_networking", "digital_diffusion",
                                          "attractiveness"}));
  EXPECT_EQ(levels, (std::set<std::string>{"direct", "indirect", "induced"}));
  // Formulas come after what they use.
  const auto autonomy = *r.find("s_financial_autonomy");
  const auto own = *r.find("s_own_revenue");
  const auto pos = [&](std::size_t i) {
    return std::find(r.formula_order.begin(), r.formula_order.end(), i) - r.formula_order.begin();
  };
  EXPECT_LT(pos(own), pos(autonomy));
}

TEST(Referential, ErrorsNameLineAndKey) {
  const std::string text = kHead + indicator("a", "territory:densty") + "colour = \"blue\"\n" +
                           indicator("b", "workshop:budget") + indicator("c1", "formula:c2 + 1") +
                           indicator("c2", "formula:c1 * 2") +
                           indicator("g", "territory:density", "normalisation = \"goalposts\"\nweight = 0\n");
  try {
    (void)Referential::parse(text, "ref.toml");
    FAIL();
  } catch (const InputError& e) {
    const std::string all = e.what();
    auto has = [&](const std::string& s) { return all.find(s) != std::string::npos; };
    EXPECT_TRUE(
        has("ref.toml:18 (dimension[0].criterion[0].indicator[0].source): unknown territorial indicator 'densty'"))
        << all;
    EXPECT_TRUE(has("ref.toml:19 (dimension[0].criterion[0].indicator[0].colour): unknown key")) << all;
    EXPECT_TRUE(has("unknown workshop field 'budget'")) << all;
    EXPECT_TRUE(has("ref.toml:32 (c2.source): cycle in formulas: c1 → c2 → c1")) << all;
    EXPECT_EQ(e.total(), 6U) << all;  // each problem once
    EXPECT_TRUE(has("needs goalposts = [low, high]")) << all;
    EXPECT_TRUE(has("a weight must be > 0")) << all;
  }
}

TEST(Referential, FormulaErrorsArePositioned) {
  try {
    (void)Referential::parse(kHead + indicator("f", "formula:(1 + * 2"), "f.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("missing operand at character 6"), std::string::npos) << e.what();
  }
}

TEST(Scoring, AWeightChangeMovesScoresAndRanks) {
  // Two units, two indicators: each unit is best on one; the weights decide the ranking.
  ScoringInput in;
  in.units = 2;
  in.methods = {IndicatorMethod{}, IndicatorMethod{}};
  in.values = {1, 0, 0, 1};
  in.nodes = {ScoreNode{"c", {}, {{0, 3.0}, {1, 1.0}}}, ScoreNode{"total", {{0, 1.0}}, {}}};
  auto r = score(in);
  EXPECT_DOUBLE_EQ(r.scores[0 * 2 + 1], 0.75);
  EXPECT_EQ(r.rank, (std::vector<int>{1, 2}));
  in.nodes[0].indicators = {{0, 1.0}, {1, 3.0}};
  r = score(in);
  EXPECT_DOUBLE_EQ(r.scores[0 * 2 + 1], 0.25);
  EXPECT_EQ(r.rank, (std::vector<int>{2, 1}));
}

}  // namespace
}  // namespace fabscope::referential
