// The référentiel file: the default loads; broken files are rejected with file, line and key.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "referential/panel.hpp"
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

// A fictitious panel of 40 workshops scored with the default référentiel's tree and rules.
ScoringInput default_panel(std::uint64_t seed) {
  auto in = Referential::builtin().scoring_skeleton();
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 100);
  std::bernoulli_distribution hole(0.25);
  in.units = 40;
  for (std::size_t i = 0; i < in.units * in.methods.size(); ++i) in.values.push_back(hole(rng) ? std::nan("") : u(rng));
  return in;
}

// How many (panel, pair) draws a policy lets a workshop that knows more, and no worse, rank
// below one that knows less, on any node.
std::size_t knowing_more_ranks_lower(MissingInScore policy) {
  std::size_t violations = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    auto in = default_panel(seed);
    in.missing_in_score = policy;
    for (auto& node : in.nodes) node.min_coverage = 0;  // rank every unit that has data
    const std::size_t m = in.methods.size();
    // Unit 1 is unit 0 knowing less (some indicators dropped) and worse or equal on the rest.
    std::mt19937_64 rng(seed);
    std::bernoulli_distribution drop(0.3), worse(0.5);
    for (std::size_t j = 0; j < m; ++j) {
      double a = in.values[j];
      if (std::isnan(a)) a = in.values[j] = 50;  // unit 0 knows every indicator
      const double step = worse(rng) ? 10.0 : 0.0;
      const double b = in.methods[j].direction == Direction::lower_better ? a + step : a - step;
      in.values[m + j] = drop(rng) ? std::nan("") : b;
    }
    const auto r = score(in);
    for (std::size_t nd = 0; nd < in.nodes.size(); ++nd) {
      const int ra = r.rank_on(0, nd, in.nodes.size()), rb = r.rank_on(1, nd, in.nodes.size());
      if (rb > 0 && (ra == 0 || ra > rb)) ++violations;
    }
  }
  return violations;
}

TEST(Scoring, KnowingMoreNeverRanksAWorkshopLowerUnderTheDefaultPolicy) {
  // The default référentiel counts a missing value as zero.
  EXPECT_EQ(Referential::builtin().missing_in_score, MissingInScore::zero);
  EXPECT_EQ(knowing_more_ranks_lower(MissingInScore::zero), 0U);
  // The check can fail: re-weighting the known indicators lets a workshop gain by knowing
  // less (the case of the review: one more known indicator pulled a workshop down).
  EXPECT_GT(knowing_more_ranks_lower(MissingInScore::reweight), 0U);
}

TEST(Scoring, BelowItsCoverageRuleANodeIsNeitherScoredNorRanked) {
  auto in = default_panel(5);
  const auto r = score(in);
  const std::size_t k = in.nodes.size();
  std::size_t below = 0;
  for (std::size_t i = 0; i < in.units; ++i) {
    for (std::size_t nd = 0; nd < k; ++nd) {
      const double cov = r.coverage[i * k + nd];
      if (cov < in.nodes[nd].min_coverage - 1e-12) {
        ++below;
        EXPECT_TRUE(std::isnan(r.score(i, nd, k))) << i << " " << in.nodes[nd].id;
        EXPECT_EQ(r.rank_on(i, nd, k), 0);
      } else if (nd + 1 == k && cov > 0) {
        EXPECT_FALSE(std::isnan(r.score(i, nd, k))) << i;
      }
    }
  }
  EXPECT_GT(below, 0U);
  // Every dimension and the root carry the file's rule (65 %), criteria none.
  EXPECT_EQ(in.nodes.back().min_coverage, 0.65);
  EXPECT_EQ(in.nodes.front().min_coverage, 0.0);
}

TEST(Scoring, AScoreIsTheSumOfItsContributions) {
  for (const auto policy : {MissingInScore::zero, MissingInScore::reweight, MissingInScore::median}) {
    auto in = default_panel(9);
    in.missing_in_score = policy;
    for (auto& node : in.nodes) node.min_coverage = 0.3;
    Panel panel;
    panel.values = in.values;
    for (std::size_t i = 0; i < in.units; ++i) panel.units.push_back({"u" + std::to_string(i), "", "", "", "", {}, {}});
    const auto e = score_panel(panel, in);
    std::size_t checked = 0, filled = 0;
    for (std::size_t i = 0; i < in.units; ++i) {
      for (std::size_t nd = 0; nd < e.nodes.size(); ++nd) {
        const auto parts = e.contributions(i, nd);
        if (!e.evaluable(i, nd)) {
          EXPECT_TRUE(parts.empty());
          continue;
        }
        double sum = 0, shares = 0;
        for (const auto& c : parts) {
          sum += c.contribution;
          shares += c.share;
          filled += c.filled ? 1 : 0;
          EXPECT_NEAR(c.contribution, c.share * c.value, 1e-15);
        }
        EXPECT_NEAR(sum, e.score(i, nd), 1e-12) << i << " " << e.nodes[nd];
        EXPECT_NEAR(shares, 1.0, 1e-12) << i << " " << e.nodes[nd];
        ++checked;
      }
    }
    EXPECT_GT(checked, 200U);
    if (policy == MissingInScore::reweight) {
      EXPECT_EQ(filled, 0U);  // nothing counts for a missing indicator
    } else {
      EXPECT_GT(filled, 0U);
    }
  }
}

TEST(Referential, AWeightScenarioRewritesOnlyTheWeightsItChanges) {
  const auto& base = Referential::builtin();
  const auto edited = base.with_weights({{"success", 0.5}, {"t_density", 3}, {"t_pop_30km", 2.25}});
  // The text parses back to the same référentiel with these three weights changed.
  const auto again = Referential::parse(edited.text, "scenario.toml");
  ASSERT_EQ(again.dimensions.size(), base.dimensions.size());
  ASSERT_EQ(again.indicators.size(), base.indicators.size());
  for (std::size_t d = 0; d < base.dimensions.size(); ++d) {
    const auto& a = again.dimensions[d];
    EXPECT_EQ(a.weight, a.id == "success" ? 0.5 : base.dimensions[d].weight) << a.id;
    for (std::size_t c = 0; c < a.children.size(); ++c) {
      EXPECT_EQ(a.children[c].weight, a.children[c].id == "t_density" ? 3 : base.dimensions[d].children[c].weight);
    }
  }
  for (std::size_t i = 0; i < base.indicators.size(); ++i) {
    const auto& ind = again.indicators[i];
    EXPECT_EQ(ind.weight, ind.id == "t_pop_30km" ? 2.25 : base.indicators[i].weight) << ind.id;
    EXPECT_EQ(ind.label_fr, base.indicators[i].label_fr);
  }
  // Comments and the rules are kept; the file's own id is not taken for an item.
  EXPECT_NE(edited.text.find("# Coverage rule"), std::string::npos);
  EXPECT_EQ(again.id, base.id);
  EXPECT_EQ(again.min_coverage, base.min_coverage);
  // No change, same text.
  EXPECT_EQ(base.with_weights({}).text, base.text + (base.text.ends_with("\n") ? "" : "\n"));
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
