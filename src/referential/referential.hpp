// The référentiel as a file (TOML, data/referential.toml by default): dimensions →
// criteria → indicators, each indicator with its source, direction, normalisation,
// weight, missing-data policy and verbal thresholds. Loading validates everything and
// reports each problem with file, line and key.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/lang.hpp"
#include "expr/expression.hpp"
#include "referential/scoring.hpp"

namespace fabscope::referential {

// The default minimum coverage of the total and of every dimension (JRC/COINr practice:
// an aggregate resting on less than about two thirds of its weight is not published).
inline constexpr double kDefaultMinCoverage = 0.65;

enum class SourceKind { territory, workshop, survey, interview, document, formula };

struct Source {
  SourceKind kind = SourceKind::territory;
  std::string name;   // territory indicator id, workshop field, question id, code, item, or the formula
  std::string level;  // territory: commune (default), epci, ze, dep, reg
};

struct IndicatorDef {
  std::string id, label_fr, label_en, describes, impact_area, impact_level, unit, definition;
  Source source;
  IndicatorMethod method;
  double weight = 1;
  std::int64_t line = 0;
};

struct NodeDef {
  std::string id, label_fr, label_en, definition;
  double weight = 1;
  std::optional<double> min_coverage;   // the file's; absent: the référentiel's rule
  std::vector<NodeDef> children;        // criteria of a dimension
  std::vector<std::size_t> indicators;  // indices into Referential::indicators (criteria)
  std::int64_t line = 0;
};

struct Referential {
  std::string id, version, title_fr, title_en, label;  // label: the file it came from
  std::string text;                                    // the TOML it was read from
  Aggregation aggregation = Aggregation::arithmetic;
  Weighting weighting = Weighting::expert;
  // Coverage rule (docs/methods/referential-scoring.md, "Coverage"): below this share of
  // its weight resting on known values, the total and each dimension (unless it sets its
  // own) are "non évaluable"; criteria are scored as soon as one indicator is known unless
  // they set their own rule.
  double min_coverage = kDefaultMinCoverage;
  MissingInScore missing_in_score = MissingInScore::zero;  // what a missing child counts as
  std::vector<double> levels;
  std::vector<std::string> level_labels_fr, level_labels_en;
  std::vector<NodeDef> dimensions;
  std::vector<IndicatorDef> indicators;
  std::vector<std::size_t> formula_order;  // indicators with a formula, dependencies first

  static Referential parse(const std::string& toml_text, const std::string& label);
  static Referential load(const std::string& path);
  static const Referential& builtin();  // data/referential.toml
  // The référentiel the pages, the API and the reports use: the built-in one unless
  // set_active() was called (serve and report --referential FILE, before serving).
  static const Referential& active();
  static void set_active(Referential r);
  // The same référentiel with other weights (dimension, criterion or indicator id → weight
  // > 0), its TOML rewritten accordingly (comments kept): a weight scenario.
  [[nodiscard]] Referential with_weights(const std::map<std::string, double>& weights) const;

  [[nodiscard]] std::optional<std::size_t> find(const std::string& indicator_id) const;
  // Nodes in scoring order (criteria, then dimensions, the root last).
  [[nodiscard]] ScoringInput scoring_skeleton() const;
  [[nodiscard]] std::vector<std::string> node_ids() const;  // in the same order
  // The label of a dimension or criterion ("total": the global score), the id if unknown.
  [[nodiscard]] std::string node_label(const std::string& node, Lang lang) const;
};

// Workshop fields a référentiel may use as `workshop:<field>`.
// Workshop sources computed from the workshop's context, not its record (the panel
// computes them): sector fit at three levels, density typicality, accessibility, nearest
// other workshop.
inline constexpr std::string_view kContextualWorkshopSources[] = {"sector_fit_commune", "sector_fit_epci",
                                                                  "sector_fit_ze",      "density_typicality",
                                                                  "access_per_100k",    "nearest_other_km"};
// Every workshop source: the numeric fields of the record (workshops/fields.hpp), then the
// contextual ones.
const std::vector<std::string>& workshop_source_fields();

// Formulas (`formula:<expression>`): the expression engine of src/expr (+ - * / parentheses,
// numbers, indicator ids). NaN propagates; x/0 is NaN; a parse error is an
// expr::ParseError (a std::invalid_argument) with its column.
using Formula = expr::Expression;

// "kind:name" of an indicator's source, with "@level" for a territorial source above the
// commune (as the référentiel file writes it).
std::string source_text(const IndicatorDef& d);

// The names of the file's keys for the enumerations (for pages and exports).
std::string_view name_of(MissingInScore m);
std::string_view name_of(MissingPolicy m);
std::string_view name_of(Normalisation n);
std::string_view name_of(Direction d);

}  // namespace fabscope::referential
