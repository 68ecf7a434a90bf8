// Linear and logistic regression as R's lm() and glm(family = binomial) compute them
// (docs/analysis/regression.md): coefficients, standard errors, t or z statistics,
// p-values, confidence intervals (t for lm, Wald for glm as confint.default), odds ratios,
// bootstrap percentile intervals, R² or deviance, AIC, McFadden's pseudo-R². Collinearity
// and separation are errors that name the terms, never silent infinities.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/dataset.hpp"

namespace fabscope::analysis {

struct RegressionOptions {
  std::string outcome;                  // a column; logistic: 0/1 or two categories
  std::vector<std::string> predictors;  // columns; categorical ones are dummy-coded (first level = reference)
  bool logistic = false;
  std::size_t bootstrap = 0;  // replicates for percentile intervals (0: none)
  std::uint64_t seed = 1;
  double level = 0.95;        // of the confidence intervals
};

struct Coefficient {
  std::string term;  // as R names it: (Intercept), wt, cylc6
  double estimate = 0, std_error = 0, statistic = 0, p_value = 0, ci_low = 0, ci_high = 0;
  double odds_ratio = 0, or_low = 0, or_high = 0;  // logistic: exp of the estimate and interval
  double boot_low = 0, boot_high = 0;              // NaN without bootstrap
};

struct RegressionResult {
  bool logistic = false;
  std::vector<Coefficient> coefficients;
  std::size_t n = 0, df_residual = 0, dropped = 0;  // rows used, residual df, rows with a missing value
  // Linear.
  double r_squared = 0, adj_r_squared = 0, sigma = 0, f_statistic = 0;
  // Both: AIC and log-likelihood; logistic: deviances, McFadden's R², IRLS iterations.
  double aic = 0, loglik = 0, deviance = 0, null_deviance = 0, mcfadden_r2 = 0;
  int iterations = 0;
  std::string positive;  // logistic: the outcome value counted as 1
  std::size_t bootstrap_used = 0;
  std::vector<std::size_t> rows;  // the data's rows used (those without a missing value)
  std::vector<double> fitted;     // per row used: the fitted value (logistic: the probability)
  std::vector<std::string> warnings;
};

// Throws InputError naming the column or the term on a bad outcome, a collinear predictor,
// a separation, or too few rows for the terms.
RegressionResult regress(const DataSet& data, const RegressionOptions& options);

}  // namespace fabscope::analysis
