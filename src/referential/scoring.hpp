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
// What a node does with a child that has no value (an indicator not known for the unit, or
// a child node that is not evaluable): `reweight` averages over the known children only (a
// unit may then gain by knowing less); `zero` counts it at the bottom of the scale, min(0,
// the lowest value of that child over the panel), so that knowing more never lowers a
// score; `median` counts it at the median of that child over the panel.
enum class MissingInScore { reweight, zero, median };

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
  // Below this coverage (share of the node's weight resting on known values) the node is
  // not evaluable for the unit: no score, no rank; its coverage is kept to say why.
  double min_coverage = 0;
};

struct ScoringInput {
  std::size_t units = 0;
  std::vector<IndicatorMethod> methods;  // one per column
  std::vector<double> values;            // units × columns, row-major; NaN = missing
  std::vector<ScoreNode> nodes;          // children before parents; the last is the root
  Weighting weighting = Weighting::expert;
  Aggregation aggregation = Aggregation::arithmetic;
  MissingInScore missing_in_score = MissingInScore::reweight;
};

struct ScoringResult {
  std::vector<double> normalised;  // units × columns
  std::vector<double> scores;      // units × nodes
  std::vector<double> coverage;    // units × nodes
  std::vector<int> rank;           // by unit on the root; 0 = unranked
  std::vector<int> node_rank;      // units × nodes: the rank on each node; 0 = unranked
  // The weights used, per node, in the order of its indicators then its children (equal
  // or PCA-derived weights replace the file's; descriptors keep theirs, unused).
  std::vector<std::vector<double>> weights;
  [[nodiscard]] double score(std::size_t unit, std::size_t node, std::size_t n_nodes) const {
    return scores[unit * n_nodes + node];
  }
  [[nodiscard]] int rank_on(std::size_t unit, std::size_t node, std::size_t n_nodes) const {
    return node_rank[unit * n_nodes + node];
  }
};

ScoringResult score(const ScoringInput& input);

// The value a missing child counts as under `policy`, from the values of that child over the
// panel (NaN = missing): NaN under reweight (or when no unit has a value under median).
double missing_fill(const std::vector<double>& child_values, MissingInScore policy);

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
