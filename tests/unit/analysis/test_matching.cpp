// Matching on awkward inputs: a treatment that is not two-valued, no control within the
// caliper, a tiny sample, missing values, and the bootstrap interval of the effect checked
// against its normal approximation (mean ± 1.96 standard errors of the pair differences).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "analysis/dataset.hpp"
#include "analysis/matching.hpp"
#include "support/test_support.hpp"
#include "core/error.hpp"

namespace fabscope {
namespace {

std::string error_of(const analysis::DataSet& d, const analysis::MatchOptions& o) {
  return test::error_text([&] { (void)analysis::match(d, o); });
}

TEST(Matching, BadTreatmentsAndEmptyMatchesAreNamedErrors) {
  const auto d = analysis::read_csv("name,t,x,y\na,0,1,5\nb,1,2,6\nc,2,3,7\nd,0,4,8\n", "t.csv");
  analysis::MatchOptions o;
  o.treatment = "t";
  o.covariates = {"x"};
  EXPECT_NE(error_of(d, o).find("the treatment 't' takes 3 value(s)"), std::string::npos) << error_of(d, o);
  o.covariates = {};
  EXPECT_NE(error_of(d, o).find("--covariates"), std::string::npos);
  o.covariates = {"x"};
  o.outcome = "x";
  o.treatment = "t";
  EXPECT_FALSE(error_of(d, o).empty());
}

TEST(Matching, FourteenTreatedAmongFiftyWithCaliperAndMissingValues) {
  // 14 treated (as the 2013 laureates), 36 controls, one covariate, one missing value.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> z(0, 1);
  std::string csv = "name,t,x,y\n";
  for (int i = 0; i < 50; ++i) {
    const bool t = i < 14;
    const double x = z(rng) + (t ? 0.8 : 0);
    csv += fmt::format("u{},{},{},{}\n", i, t ? 1 : 0, i == 20 ? std::string() : fmt::format("{:.4f}", x),
                       fmt::format("{:.4f}", 2 * x + (t ? 1.0 : 0.0) + z(rng)));
  }
  analysis::MatchOptions o;
  o.treatment = "t";
  o.covariates = {"x"};
  o.outcome = "y";
  o.caliper = 0.05;
  o.bootstrap = 4000;
  const auto r = analysis::match(analysis::read_csv(csv, "t.csv"), o);
  EXPECT_EQ(r.dropped, 1U);
  EXPECT_EQ(r.n_treated, 14U);
  EXPECT_EQ(r.n_control, 35U);
  EXPECT_LE(r.treated_matched, 14U);
  // Every pair within the caliper, no control used twice.
  std::set<std::size_t> used;
  for (std::size_t i = 0; i < r.names.size(); ++i) {
    if (r.match[i] > r.names.size()) continue;
    EXPECT_LE(std::abs(r.distance[i] - r.distance[r.match[i]]), r.caliper + 1e-15);
    EXPECT_TRUE(used.insert(r.match[i]).second);
  }
  // The statement speaks of the small number of treated units.
  const auto all = fmt::format("{}", fmt::join(r.statement, " "));
  EXPECT_NE(all.find("only large differences can be told apart from chance"), std::string::npos) << all;
  // The bootstrap interval against the normal approximation of the mean pair difference.
  std::vector<double> diff;
  const auto d = analysis::read_csv(csv, "t.csv");
  for (std::size_t i = 0; i < r.names.size(); ++i) {
    if (r.match[i] > r.names.size()) continue;
    const auto yi = d.columns[d.column("y")].values[d.row(r.names[i])];
    const auto yc = d.columns[d.column("y")].values[d.row(r.names[r.match[i]])];
    diff.push_back(yi - yc);
  }
  double mean = 0, ss = 0;
  for (const double v : diff) mean += v / static_cast<double>(diff.size());
  for (const double v : diff) ss += (v - mean) * (v - mean);
  const double se = std::sqrt(ss / static_cast<double>(diff.size() - 1) / static_cast<double>(diff.size()));
  EXPECT_NEAR(r.att, mean, 1e-12);
  EXPECT_NEAR(r.att_high - r.att_low, 2 * 1.96 * se, 0.25 * 2 * 1.96 * se);
  EXPECT_LT(r.att_low, r.att);
  EXPECT_GT(r.att_high, r.att);
  // The same seed gives the same interval.
  const auto again = analysis::match(d, o);
  EXPECT_EQ(again.att_low, r.att_low);
  EXPECT_EQ(again.att_high, r.att_high);
}

TEST(Matching, NoControlWithinTheCaliperIsAnError) {
  const auto d = analysis::read_csv("name,t,x\na,1,10\nb,1,9\nc,0,1\nd,0,2\ne,0,0.5\nf,1,8.5\ng,0,3\n", "t.csv");
  analysis::MatchOptions o;
  o.treatment = "t";
  o.covariates = {"x"};
  o.caliper = 0.001;
  const auto e = error_of(d, o);
  EXPECT_TRUE(e.find("no treated unit found a control") != std::string::npos ||
              e.find("separation") != std::string::npos)
      << e;
}

}  // namespace
}  // namespace fabscope
