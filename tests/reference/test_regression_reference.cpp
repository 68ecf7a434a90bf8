// Regressions against R 4.2.2 (tests/reference/analysis/regression_reference.R, outputs in
// tests/reference/expected/analysis/regression): lm(mpg ~ wt + hp + cyl) and
// glm(am ~ wt + hp, binomial) on mtcars; every coefficient, standard error, statistic,
// p-value and confidence interval, and the fit's R², σ, F, deviances, AIC, log-likelihood,
// iterations and McFadden's R², to 1e-6 relative.
#include <gtest/gtest.h>

#include <map>

#include "analysis/dataset.hpp"
#include "analysis/regression.hpp"
#include "reference/analysis_compare.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): the comparison helpers

std::map<std::string, double> read_fit(const std::string& file) {
  std::map<std::string, double> out;
  const auto t = read_table(expected_dir("regression") / file);
  for (std::size_t i = 0; i < t.names.size(); ++i) out[t.names[i]] = t.rows[i][0];
  return out;
}

void compare_coefficients(const analysis::RegressionResult& r, const std::string& file) {
  const auto t = read_table(expected_dir("regression") / file);
  ASSERT_EQ(t.names.size(), r.coefficients.size());
  for (std::size_t i = 0; i < t.names.size(); ++i) {
    const auto& c = r.coefficients[i];
    EXPECT_EQ(c.term, t.names[i]);
    const double got[] = {c.estimate, c.std_error, c.statistic, c.p_value, c.ci_low, c.ci_high};
    for (std::size_t j = 0; j < 6; ++j) expect_near(got[j], t.rows[i][j], fmt::format("{} {} column {}", file, c.term, j));
  }
}

analysis::DataSet mtcars() {
  return analysis::read_csv(test::read_file(test::source_dir() / "tests/reference/analysis/mtcars.csv"), "mtcars.csv");
}

TEST(RegressionReference, LinearWithACategoricalPredictor) {
  analysis::RegressionOptions o;
  o.outcome = "mpg";
  o.predictors = {"wt", "hp", "cyl"};
  const auto r = analysis::regress(mtcars(), o);
  compare_coefficients(r, "lm_coefficients.csv");
  auto fit = read_fit("lm_fit.csv");
  expect_near(r.r_squared, fit["r_squared"], "R2");
  expect_near(r.adj_r_squared, fit["adj_r_squared"], "adjusted R2");
  expect_near(r.sigma, fit["sigma"], "sigma");
  expect_near(r.f_statistic, fit["f_statistic"], "F");
  EXPECT_EQ(static_cast<double>(r.df_residual), fit["df_residual"]);
  expect_near(r.aic, fit["aic"], "AIC");
  expect_near(r.loglik, fit["loglik"], "logLik");
}

TEST(RegressionReference, Logistic) {
  analysis::RegressionOptions o;
  o.outcome = "am";
  o.predictors = {"wt", "hp"};
  o.logistic = true;
  o.bootstrap = 200;
  const auto r = analysis::regress(mtcars(), o);
  compare_coefficients(r, "logit_coefficients.csv");
  auto fit = read_fit("logit_fit.csv");
  expect_near(r.deviance, fit["deviance"], "deviance");
  expect_near(r.null_deviance, fit["null_deviance"], "null deviance");
  expect_near(r.aic, fit["aic"], "AIC");
  expect_near(r.mcfadden_r2, fit["mcfadden_r2"], "McFadden");
  EXPECT_EQ(static_cast<double>(r.iterations), fit["iterations"]);
  EXPECT_NEAR(r.coefficients[1].odds_ratio, std::exp(r.coefficients[1].estimate), 1e-12);
  // Bootstrap percentile intervals exist and bracket the estimate.
  EXPECT_GT(r.bootstrap_used, 100U);
  for (const auto& c : r.coefficients) {
    EXPECT_LT(c.boot_low, c.estimate) << c.term;
    EXPECT_GT(c.boot_high, c.estimate) << c.term;
  }
}

}  // namespace
}  // namespace fabscope
