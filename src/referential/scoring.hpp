// Scoring of a référentiel (docs/methods/referential-scoring.md): winsorisation, missing
// values, normalisation, weighting, aggregation with coverage, ranking. A pure algorithm:
// data and options in, result out; no I/O.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fabscope::referential {

enum class Direction { higher_better, lower_better, neutral };
enum class Normalisation { minmax, zscore, goalposts, rank, percentile, distance_to_reference };
enum class MissingPolicy { exclude, mean, median, lowest };
enum class Aggregation { arithmetic, geometric };
enum class Weighting { expert, equal, pca };

struct IndicatorMethod {
  Direction direction = Direction::higher_better;
  Normalisation normalisation = Normalisation::minmax;
  MissingPolicy missing = MissingPolicy::exclude;
  std::optional<std::pair<double, double>> winsorise;  // quantiles
  std::optional<std::pair<double, double>> goalposts;  // lo, hi
  std::optional<double> reference;                     // distance_to_reference
};

// A node of the tree: either children nodes or indicators (by column), each weighted.
struct ScoreNode {
  std::string id;
  std::vector<std::pair<std::size_t, double>> children;    // node index, weight
  std::vector<std::pair<std::size_t, double>> indicators;  // column, weight
};

struct ScoringInput {
  std::size_t units = 0;
  std::vector<IndicatorMethod> methods;  // one per column
  std::vector<double> values;            // units × columns, row-major; NaN = missing
  std::vector<ScoreNode> nodes;          // children before parents; the last is the root
  Weighting weighting = Weighting::expert;
  Aggregation aggregation = Aggregation::arithmetic;
};

struct ScoringResult {
  std::vector<double> normalised;  // units × columns
  std::vector<double> scores;      // units × nodes
  std::vector<double> coverage;    // units × nodes
  std::vector<int> rank;           // by unit on the root; 0 = unranked
  // The weights used, per node, in the order of its indicators then its children (equal
  // or PCA-derived weights replace the file's; descriptors keep theirs, unused).
  std::vector<std::vector<double>> weights;
  [[nodiscard]] double score(std::size_t unit, std::size_t node, std::size_t n_nodes) const {
    return scores[unit * n_nodes + node];
  }
};

ScoringResult score(const ScoringInput& input);

// Building blocks, exposed for tests and for the uncertainty analysis.
double quantile_linear(std::vector<double> sorted_values, double p);  // numpy "linear"
std::vector<double> average_ranks(const std::vector<double>& v);      // NaN stays NaN
std::vector<double> normalise_column(std::vector<double> x, const IndicatorMethod& method);
// Ranks of `totals` (1 = highest; NaN = 0, unranked); totals within a relative 1e-12 of
// each other share the smallest rank. O(n log n).
std::vector<int> rank_descending(const std::vector<double>& totals);
// Squared loadings of the first principal component of the columns' correlation matrix over
// the complete rows; nullopt when undefined (fewer than 3 complete rows, fewer than 2
// columns, a constant column).
std::optional<std::vector<double>> pca_weights(const std::vector<std::vector<double>>& columns);

}  // namespace fabscope::referential
