// Uncertainty and sensitivity of the scores (docs/methods/referential-uncertainty.md):
// Monte Carlo over the choices the evaluator was unsure of — weights perturbed within a
// range, alternative normalisations, imputation methods, aggregation methods, exclusion of
// one indicator — with the distribution of every unit's score and rank, and first-order
// and total sensitivity indices (Saltelli 2010; Jansen 1999) of the ranking to each choice.
// Reproducible with a seed whatever the number of threads; it never falls back silently:
// the result lists exactly the assumptions it ran.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "referential/scoring.hpp"

namespace fabscope::referential {

struct UncertaintyOptions {
  std::size_t base_samples = 1000;  // N: the analysis runs N × (2 + number of factors) scorings
  std::uint64_t seed = 1;
  double weight_spread = 0.25;                // each weight × U[1 − s, 1 + s]; 0 = weights are certain
  std::vector<Normalisation> normalisations;  // alternatives applied to every scored indicator; empty = as specified
  std::vector<MissingPolicy> imputations;     // alternatives; empty = as specified
  std::vector<Aggregation> aggregations;      // alternatives; empty = as specified
  bool exclude_one_indicator = false;         // drop one scored indicator (or none) at random
  unsigned threads = 0;
  // Nodes whose scores and ranks are summarised (the root always is).
  std::vector<std::size_t> nodes;
  // The ranking whose shifts are the output of the sensitivity analysis (default: the root;
  // the evaluation gives the node it ranks by when no unit is ranked on the root).
  std::optional<std::size_t> rank_node;
};

// The distribution of one unit's score and rank on one node over the draws. The interval
// is the 5th–95th percentile of the draws in which the unit is evaluable (linear
// interpolation), widened to include the nominal value when the variants move it all one
// way: `score_outside` / `rank_outside` then say so (−1: the nominal value is below the
// 5th percentile of the draws, +1: above the 95th), so that a published score never lies
// outside its own interval without the reason. All NaN when the unit is not evaluable in
// the nominal scoring.
struct UnitUncertainty {
  double nominal_score = 0, median_score = 0, p05_score = 0, p95_score = 0;
  int nominal_rank = 0;
  double median_rank = 0, p05_rank = 0, p95_rank = 0;
  double evaluable_share = 0;  // share of the draws in which the unit has a score
  int score_outside = 0, rank_outside = 0;
};

struct FactorSensitivity {
  std::string factor;  // weights, normalisation, imputation, aggregation, exclusion
  double first_order = 0, total = 0;
};

struct UncertaintyResult {
  std::vector<UnitUncertainty> units;                          // on the root
  std::map<std::size_t, std::vector<UnitUncertainty>> by_node;  // every summarised node, the root included
  std::size_t rank_node = 0;                                   // the ranking the sensitivity is about
  std::vector<FactorSensitivity> sensitivity;  // of the mean absolute rank shift
  std::vector<std::string> assumptions;        // exactly what was varied, and how
  std::size_t scorings = 0;
  double output_variance = 0;
};

// Throws std::invalid_argument when nothing is uncertain or an option is out of range.
UncertaintyResult analyse_uncertainty(const ScoringInput& nominal, const UncertaintyOptions& options);

}  // namespace fabscope::referential
