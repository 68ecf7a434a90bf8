// The panel of an evaluation: the distinct, placed workshops of the register, with the
// value of every indicator of the référentiel resolved from its source.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/lang.hpp"
#include "referential/referential.hpp"
#include "referential/scoring.hpp"
#include "referential/uncertainty.hpp"
#include "store/store.hpp"
#include "workshops/fit.hpp"

namespace fabscope::referential {

struct PanelUnit {
  std::string id, name, commune, commune_name, kind;
  workshops::Workshop record;  // the merged view (its record completed by its duplicates)
  // The territory of its commune beyond the référentiel's indicators (kContext), for the
  // analyses (archetypes, peers); NaN = missing.
  std::vector<double> context;
  // Some of its values come from fictitious answers (the demonstration, docs/collect/demo.md):
  // every page and export of its scores says so.
  bool fictitious{false};
};

// The territorial variables every panel unit carries: id and source (territory:NAME@level).
struct ContextVariable {
  std::string_view id, indicator, level;
};
inline constexpr ContextVariable kContext[] = {
    {"density_class", "density_class", "commune"},   {"rural_pop_share", "rural_pop_share", "commune"},
    {"median_income", "median_income", "commune"},   {"pop_within_30km", "pop_within_30km", "commune"},
    {"unemployment_rate", "unemployment_rate", "ze"}, {"lq_be", "lq_be", "epci"},
    {"lq_gu", "lq_gu", "epci"},                       {"lq_oq", "lq_oq", "epci"},
};

struct Panel {
  std::vector<PanelUnit> units;
  std::vector<double> values;          // units × indicators; NaN = missing
  std::vector<std::size_t> with_data;  // per indicator: units with a value
};

struct PanelFilter {
  std::string source;  // only workshops of this register ("" = all)
  std::string dep;     // only this département
};

// `access`: the accessibility of every commune (workshops::access_context), for a caller that
// has it already; the overloads without it read it from the store.
Panel build_panel(store::Store& store, const Referential& ref, const workshops::AccessContext& access,
                  const PanelFilter& filter = {});
Panel build_panel(store::Store& store, const Referential& ref, const PanelFilter& filter = {});

// The part of an indicator (or of a whole child node counted as missing) in a node's score:
// the node's score is the sum of `contribution` over its contributions (arithmetic
// aggregation).
struct Contribution {
  std::optional<std::size_t> column;  // the indicator; nullopt: a whole criterion counted as missing
  std::size_t criterion = 0;          // the node directly above it (or the missing criterion)
  double share = 0;                   // its effective weight in the node (the shares sum to 1)
  double value = 0;                   // its normalised value, or what a missing one counts as
  bool filled = false;                // missing: `value` is the référentiel's rule, not data
  double contribution = 0;            // share × value
};

// The panel scored: the one result type the CLI, the pages, the API and the reports read.
struct Evaluation {
  Panel panel;
  ScoringResult result;
  std::vector<std::string> nodes;                  // node ids (criteria, dimensions, "total")
  std::vector<double> min_coverage;                // per node: its coverage rule
  std::vector<std::vector<std::size_t>> columns;   // per node: the scored indicators under it
  std::vector<std::size_t> dimensions;             // the dimensions' node indices, in the file's order
  MissingInScore missing_in_score = MissingInScore::zero;
  Aggregation aggregation = Aggregation::arithmetic;
  std::vector<ScoreNode> tree;           // the scoring tree (scoring_skeleton's nodes)
  std::vector<IndicatorMethod> methods;  // per column

  [[nodiscard]] std::size_t total_node() const { return nodes.size() - 1; }
  [[nodiscard]] double score(std::size_t unit, std::size_t node) const {
    return result.score(unit, node, nodes.size());
  }
  [[nodiscard]] double total(std::size_t unit) const { return score(unit, total_node()); }
  [[nodiscard]] double coverage(std::size_t unit, std::size_t node) const {
    return result.coverage[unit * nodes.size() + node];
  }
  // 0 = not ranked on that node (not evaluable).
  [[nodiscard]] int rank(std::size_t unit, std::size_t node) const { return result.rank_on(unit, node, nodes.size()); }
  [[nodiscard]] std::optional<std::size_t> node(const std::string& id) const;
  // Below its coverage rule: the node has no score for the unit.
  [[nodiscard]] bool evaluable(std::size_t unit, std::size_t node) const { return !std::isnan(score(unit, node)); }
  // Scored indicators under `node` known for the unit, and the ones it lacks (columns).
  [[nodiscard]] std::size_t known(std::size_t unit, std::size_t node) const;
  [[nodiscard]] std::vector<std::size_t> missing(std::size_t unit, std::size_t node) const;
  // The node the panel is ranked on: the total when any workshop is evaluable on it,
  // otherwise the dimension that ranks the most workshops (the first in the file on a tie).
  [[nodiscard]] std::size_t ranking_node() const;
  [[nodiscard]] std::size_t ranked_on(std::size_t node) const;  // how many units have a rank
  // The ranked units on `node` (default: the total), best first (ties keep the panel's
  // order); with `with_unranked`, the units without a rank follow in the panel's order.
  [[nodiscard]] std::vector<std::size_t> ranking(bool with_unranked = false) const;
  [[nodiscard]] std::vector<std::size_t> ranking(std::size_t node, bool with_unranked) const;
  // Why a unit scores what it scores on a node: every indicator's part, largest first
  // (empty when the node is not evaluable for it or the aggregation is geometric).
  [[nodiscard]] std::vector<Contribution> contributions(std::size_t unit, std::size_t node) const;
};

// Below this coverage an evaluable score is marked "low coverage" (pages, exports).
inline constexpr double kLowCoverage = 0.8;
// A score's state: evaluable, evaluable on a low coverage, or below its coverage rule.
enum class ScoreState { evaluable, low_coverage, not_evaluable };
ScoreState score_state(const Evaluation& e, std::size_t unit, std::size_t node);
std::string_view state_id(ScoreState s);  // evaluable, low_coverage, not_evaluable

// Scores a panel with a référentiel's skeleton (its values are the panel's): pure.
Evaluation score_panel(Panel panel, const ScoringInput& skeleton);

Evaluation evaluate(store::Store& store, const Referential& ref, const workshops::AccessContext& access,
                    const PanelFilter& filter = {});
Evaluation evaluate(store::Store& store, const Referential& ref, const PanelFilter& filter = {});

// The uncertain choices of `evaluate --uncertainty` and of the pages: weights × U[0.75,
// 1.25], normalisation minmax or rank, imputation exclude or median, arithmetic or
// geometric aggregation, one indicator excluded or none.
UncertaintyOptions default_uncertainty_options(std::size_t base_samples, std::uint64_t seed);
// The Monte Carlo of an evaluation with the référentiel's rules: every dimension and the
// total summarised, the sensitivity measured on the ranking the panel is ranked by
// (Evaluation::ranking_node). Throws std::invalid_argument as analyse_uncertainty does.
UncertaintyResult analyse_uncertainty(const Referential& ref, const Evaluation& e, UncertaintyOptions o);

// The impact areas (docs/impact/workshops.md): the criteria whose scored indicators all
// describe one impact area, as (area id, node), in the file's order. The uncertainty of the
// evaluation summarises them beside the dimensions.
std::vector<std::pair<std::string, std::size_t>> impact_area_nodes(const Referential& ref, const Evaluation& e);

// The verbal level of a score (level_labels of the référentiel), "" when none.
std::string verbal_level(const Referential& ref, double score, Lang lang);

}  // namespace fabscope::referential
