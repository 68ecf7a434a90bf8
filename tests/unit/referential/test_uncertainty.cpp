// Monte Carlo uncertainty and sensitivity on fictitious data from a seeded generator.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "referential/uncertainty.hpp"

namespace fabscope::referential {
namespace {

// Fictitious panel: 40 units × 6 indicators (no missing values), two criteria, a root.
ScoringInput fictitious(bool with_missing = false) {
  std::mt19937_64 rng(20261127);
  std::uniform_real_distribution<double> u(0, 100);
  ScoringInput in;
  in.units = 40;
  in.methods.assign(6, IndicatorMethod{});
  in.methods[1].direction = Direction::lower_better;
  for (std::size_t i = 0; i < in.units * 6; ++i) in.values.push_back(u(rng));
  if (with_missing) in.values[7] = std::nan("");
  in.nodes = {ScoreNode{"c1", {}, {{0, 2}, {1, 1}, {2, 1}}}, ScoreNode{"c2", {}, {{3, 1}, {4, 1}, {5, 3}}},
              ScoreNode{"total", {{0, 1}, {1, 2}}, {}}};
  return in;
}

UncertaintyOptions all_factors(std::uint64_t seed) {
  UncertaintyOptions o;
  o.base_samples = 200;
  o.seed = seed;
  o.weight_spread = 0.3;
  o.normalisations = {Normalisation::minmax, Normalisation::rank};
  o.imputations = {MissingPolicy::exclude, MissingPolicy::median};
  o.aggregations = {Aggregation::arithmetic, Aggregation::geometric};
  o.exclude_one_indicator = true;
  return o;
}

TEST(Uncertainty, ReproducibleWithASeedWhateverTheThreads) {
  auto o = all_factors(42);
  o.threads = 1;
  const auto a = analyse_uncertainty(fictitious(), o);
  o.threads = 2;
  const auto b = analyse_uncertainty(fictitious(), o);
  ASSERT_EQ(a.units.size(), b.units.size());
  for (std::size_t i = 0; i < a.units.size(); ++i) {
    EXPECT_EQ(a.units[i].median_score, b.units[i].median_score);
    EXPECT_EQ(a.units[i].p05_rank, b.units[i].p05_rank);
    EXPECT_EQ(a.units[i].p95_rank, b.units[i].p95_rank);
  }
  for (std::size_t g = 0; g < a.sensitivity.size(); ++g) EXPECT_EQ(a.sensitivity[g].total, b.sensitivity[g].total);
  const auto c = analyse_uncertainty(fictitious(), all_factors(43));
  bool differs = false;
  for (std::size_t i = 0; i < a.units.size(); ++i) differs = differs || a.units[i].p05_score != c.units[i].p05_score;
  EXPECT_TRUE(differs);
  EXPECT_EQ(a.scorings, 200U * (2 + 5));
  EXPECT_EQ(a.sensitivity.size(), 5U);
}

TEST(Uncertainty, WithoutRealUncertaintyTheDrawsAreTheNominalScoring) {
  UncertaintyOptions o;
  o.base_samples = 20;
  o.weight_spread = 1e-12;
  const auto r = analyse_uncertainty(fictitious(), o);
  for (const auto& u : r.units) {
    EXPECT_NEAR(u.median_score, u.nominal_score, 1e-9);
    EXPECT_NEAR(u.p05_score, u.nominal_score, 1e-9);
    EXPECT_EQ(u.median_rank, u.nominal_rank);
  }
}

TEST(Uncertainty, PerturbsTheWeightsTheNominalScoringUsed) {
  // With PCA (or equal) weighting, the draws start from the weights the scoring derived.
  for (const auto weighting : {Weighting::pca, Weighting::equal}) {
    auto in = fictitious();
    in.weighting = weighting;
    UncertaintyOptions o;
    o.base_samples = 20;
    o.weight_spread = 1e-12;
    const auto r = analyse_uncertainty(in, o);
    for (const auto& u : r.units) EXPECT_NEAR(u.median_score, u.nominal_score, 1e-9);
  }
}

TEST(Uncertainty, ASingleUncertainChoiceExplainsAllTheVariance) {
  UncertaintyOptions o;
  o.base_samples = 400;
  o.weight_spread = 0;
  o.aggregations = {Aggregation::arithmetic, Aggregation::geometric};
  const auto r = analyse_uncertainty(fictitious(), o);
  ASSERT_EQ(r.sensitivity.size(), 1U);
  EXPECT_EQ(r.sensitivity[0].factor, "aggregation");
  EXPECT_GT(r.output_variance, 0);
  EXPECT_NEAR(r.sensitivity[0].first_order, 1.0, 0.15);
  EXPECT_NEAR(r.sensitivity[0].total, 1.0, 0.15);
}

TEST(Uncertainty, AChoiceWithoutEffectHasNoIndex) {
  // No missing value: the imputation method changes nothing.
  UncertaintyOptions o;
  o.base_samples = 400;
  o.weight_spread = 0;
  o.imputations = {MissingPolicy::exclude, MissingPolicy::mean};
  o.normalisations = {Normalisation::minmax, Normalisation::rank};
  const auto r = analyse_uncertainty(fictitious(), o);
  ASSERT_EQ(r.sensitivity.size(), 2U);
  const auto& norm = r.sensitivity[0].factor == "normalisation" ? r.sensitivity[0] : r.sensitivity[1];
  const auto& imp = r.sensitivity[0].factor == "imputation" ? r.sensitivity[0] : r.sensitivity[1];
  EXPECT_NEAR(imp.total, 0.0, 1e-12);
  EXPECT_NEAR(norm.total, 1.0, 0.15);
}

TEST(Uncertainty, NothingUncertainIsAnErrorNotASilentDefault) {
  UncertaintyOptions o;
  o.weight_spread = 0;
  o.normalisations = {Normalisation::minmax};  // a single alternative is no uncertainty
  try {
    (void)analyse_uncertainty(fictitious(), o);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("nothing is uncertain"), std::string::npos);
  }
  o.weight_spread = 1.5;
  EXPECT_THROW((void)analyse_uncertainty(fictitious(), o), std::invalid_argument);
}

TEST(Uncertainty, SaysExactlyWhatItRan) {
  const auto r = analyse_uncertainty(fictitious(true), all_factors(7));
  ASSERT_GE(r.assumptions.size(), 6U);
  EXPECT_EQ(r.assumptions[0], "weights: each of the 8 weights × uniform[0.7, 1.3]");
  EXPECT_EQ(r.assumptions[1], "normalisation: one of {minmax, rank}, equally likely, for every scored indicator");
  EXPECT_NE(r.assumptions.back().find("mean absolute shift of ranks"), std::string::npos);
}

// A panel with holes under the référentiel's rules: missing values counted as zero, a
// coverage rule on the criteria and the root.
ScoringInput with_rules() {
  auto in = fictitious();
  std::mt19937_64 rng(7);
  std::bernoulli_distribution hole(0.3);
  for (auto& v : in.values) {
    if (hole(rng)) v = std::nan("");
  }
  in.missing_in_score = MissingInScore::zero;
  for (auto& node : in.nodes) node.min_coverage = 0.6;
  return in;
}

TEST(Uncertainty, TheDrawsApplyTheCoverageRuleAndTheMissingPolicyAsTheScoringDoes) {
  // With (almost) nothing uncertain, every draw must be the nominal scoring, node by node:
  // the same fills, the same coverage, the same units left unevaluable.
  const auto in = with_rules();
  UncertaintyOptions o;
  o.base_samples = 10;
  o.weight_spread = 1e-12;
  o.nodes = {0, 1, 2};
  const auto r = analyse_uncertainty(in, o);
  const auto nominal = score(in);
  std::size_t evaluable = 0, not_evaluable = 0;
  for (const auto& [nd, units] : r.by_node) {
    for (std::size_t i = 0; i < units.size(); ++i) {
      const auto& u = units[i];
      const double s = nominal.score(i, nd, 3);
      if (std::isnan(s)) {
        ++not_evaluable;
        EXPECT_TRUE(std::isnan(u.median_score)) << nd << " " << i;
        EXPECT_EQ(u.evaluable_share, 0.0) << nd << " " << i;
        continue;
      }
      ++evaluable;
      EXPECT_NEAR(u.median_score, s, 1e-9) << nd << " " << i;
      EXPECT_NEAR(u.p95_score, s, 1e-9) << nd << " " << i;
      EXPECT_EQ(u.median_rank, nominal.rank_on(i, nd, 3)) << nd << " " << i;
      EXPECT_EQ(u.evaluable_share, 1.0);
    }
  }
  EXPECT_GT(evaluable, 60U);
  EXPECT_GT(not_evaluable, 5U);  // the rule bites on this panel
}

TEST(Uncertainty, EveryPublishedScoreAndRankLiesInsideItsOwnInterval) {
  auto o = all_factors(3);
  o.nodes = {0, 1};
  const auto r = analyse_uncertainty(with_rules(), o);
  std::size_t widened = 0, checked = 0;
  for (const auto& [nd, units] : r.by_node) {
    for (const auto& u : units) {
      if (std::isnan(u.nominal_score)) continue;
      ++checked;
      EXPECT_LE(u.p05_score, u.nominal_score);
      EXPECT_GE(u.p95_score, u.nominal_score);
      EXPECT_LE(u.p05_rank, u.nominal_rank);
      EXPECT_GE(u.p95_rank, u.nominal_rank);
      EXPECT_LE(u.p05_score, u.median_score);
      EXPECT_LE(u.median_score, u.p95_score);
      // Widened only on the side it says, and only then.
      if (u.score_outside < 0) {
        EXPECT_EQ(u.p05_score, u.nominal_score);
      }
      if (u.score_outside > 0) {
        EXPECT_EQ(u.p95_score, u.nominal_score);
      }
      widened += u.score_outside != 0 || u.rank_outside != 0 ? 1 : 0;
    }
  }
  EXPECT_GT(checked, 80U);
  ASSERT_EQ(r.by_node.count(2), 1U);  // the root is always summarised
  EXPECT_EQ(r.units.size(), r.by_node.at(2).size());
  // Alternatives that all move the scores one way: goalposts far above the values (every
  // score near 0) or z-scores (centred on 0), against a nominal min–max on [0, 1]. The
  // middle of the panel then scores above every draw: the interval is widened and says so.
  auto in = with_rules();
  for (auto& m : in.methods) m.goalposts = std::make_pair(0.0, 1000.0);
  UncertaintyOptions one_way;
  one_way.base_samples = 50;
  one_way.weight_spread = 0;
  one_way.normalisations = {Normalisation::goalposts, Normalisation::zscore};
  for (const auto& u : analyse_uncertainty(in, one_way).units) {
    if (std::isnan(u.nominal_score)) continue;
    EXPECT_LE(u.p05_score, u.nominal_score);
    EXPECT_GE(u.p95_score, u.nominal_score);
    if (u.score_outside > 0) {
      EXPECT_EQ(u.p95_score, u.nominal_score);
      ++widened;
    }
  }
  EXPECT_GT(widened, 5U);
}

}  // namespace
}  // namespace fabscope::referential
