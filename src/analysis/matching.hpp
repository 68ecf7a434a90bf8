// Propensity-score matching as R's MatchIt computes it (docs/analysis/matching.md):
// logit propensity score, 1:1 nearest-neighbour matching (largest score first, with or
// without replacement, caliper in standard deviations of the score, exact matching on
// chosen variables), MatchIt's weights and balance table (standardised mean differences,
// variance ratios) before and after, the effect on the treated with a bootstrap interval,
// and a plain-language statement of what the comparison can and cannot say.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/dataset.hpp"
#include "analysis/regression.hpp"

namespace fabscope::analysis {

struct MatchOptions {
  std::string treatment;                // 0/1, or two categories (the second in sorted order is treated)
  std::vector<std::string> covariates;  // the propensity model's terms (categorical: dummies, first level reference)
  std::string outcome;                  // optional: the effect on the treated
  bool replace = false;
  double caliper = 0;              // in standard deviations of the score (0: none)
  std::vector<std::string> exact;  // matched only within equal values of these columns
  std::size_t bootstrap = 1000;    // replicates of the effect's interval (0: none)
  std::uint64_t seed = 1;
  double level = 0.95;
};

struct BalanceRow {
  std::string term;  // distance, then the covariates (a categorical one: one row per level)
  bool binary = false;
  double mean_treated_all = 0, mean_control_all = 0, smd_all = 0, var_ratio_all = 0;  // var ratio NaN when binary
  double mean_treated_matched = 0, mean_control_matched = 0, smd_matched = 0, var_ratio_matched = 0;
};

struct MatchResult {
  std::vector<std::string> covariates;
  std::vector<std::string> names;  // the units used (rows without a missing value)
  std::vector<bool> treated;
  std::vector<double> distance;    // the propensity score
  std::vector<double> weights;     // MatchIt's: 1 for a matched treated unit; controls by use
  std::vector<std::size_t> match;  // per unit: its matched control (treated), or npos
  RegressionResult model;
  double caliper = 0;  // in score units (0: none)
  std::vector<BalanceRow> balance;
  std::size_t n_treated = 0, n_control = 0, treated_matched = 0, controls_matched = 0, dropped = 0;
  bool has_outcome = false;
  std::string outcome;
  double att = 0, att_low = 0, att_high = 0;  // interval NaN without bootstrap
  std::size_t replicates = 0;
  std::uint64_t seed = 1;
  double level = 0.95;
  std::vector<std::string> statement;  // what the comparison can and cannot say, in plain words
  std::vector<std::string> warnings;
};

// Throws InputError naming the column: a treatment that is not two-valued, no treated or no
// control unit, a separated or collinear propensity model, a bad caliper.
MatchResult match(const DataSet& data, const MatchOptions& options);

}  // namespace fabscope::analysis
