// Qualitative comparative analysis as R's QCA package computes it (docs/analysis/qca.md):
// direct calibration, necessity, the truth table, and the logical minimisation giving the
// conservative, parsimonious and intermediate solutions with their parameters of fit.
// Crisp, fuzzy and multi-value conditions. Pure: data + options -> result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/dataset.hpp"

namespace fabscope::analysis {

// Direct calibration (QCA::calibrate): with three anchors (exclusion, crossover, inclusion)
// a fuzzy set, logistic (the anchors get 1 - idm, 0.5, idm) or linear; with one or more
// thresholds in increasing order and `crisp`, the number of thresholds at or below the value
// (0/1, or a multi-value condition). Anchors in decreasing order give a decreasing set.
// Memberships below 1e-4 become 0 and above 0.9999 become 1, as QCA does.
struct Calibration {
  std::string column;
  std::vector<double> thresholds;
  bool crisp = false;
  bool logistic = true;
  double idm = 0.95;  // degree of membership at the inclusion anchor (logistic)
};
std::vector<double> calibrate(const std::vector<double>& x, const Calibration& c);

struct QcaOptions {
  std::string outcome;                  // a column of memberships in [0, 1]
  bool negate_outcome = false;          // ~OUTCOME
  std::vector<std::string> conditions;  // default: every other quantitative column
  std::vector<double> incl_cut{1.0};    // one cut, or two: rows between them are contradictions (C)
  std::size_t n_cut = 1;                // rows with fewer cases are remainders
  double pri_cut = 0;
  bool remainders = false;             // R's include = "?": the parsimonious (and intermediate) solutions too
  std::vector<std::string> dir_exp;    // "DEV", "~IND", "A[2]": the intermediate solution when given
  std::vector<Calibration> calibrate;  // applied before everything
  std::vector<std::string> necessity;  // expressions tested for necessity besides each condition
};

struct TruthRow {
  std::uint64_t minterm = 0;  // R's row number minus one: last condition varying fastest
  std::vector<int> configuration;
  std::size_t n = 0;       // cases with membership > 0.5 in the row
  double consistency = 0;  // NaN for an empty row
  double pri = 0;
  char out = '?';  // '1', '0', 'C' (contradiction) or '?' (remainder)
  std::vector<std::size_t> cases;
};

struct QcaTerm {
  std::string expression;   // DEV*~IND, regime[2]
  std::vector<int> values;  // per condition: a level, or -1 when the condition is absent from the term
  double consistency = 0, pri = 0, raw_coverage = 0, unique_coverage = 0;
  std::vector<std::vector<std::size_t>> cases;  // the cases of each positive row the term covers
};

struct QcaModel {
  std::string expression;  // DEV*~IND + URB*STB
  std::vector<QcaTerm> terms;
  double consistency = 0, pri = 0, coverage = 0;
};

struct QcaSolution {
  std::string name;              // conservative, parsimonious, intermediate
  std::string from;              // intermediate: the parsimonious model it refines (P1 …)
  std::vector<QcaModel> models;  // M1, M2 … when several covers are equally short
  std::vector<std::uint64_t> simplifying_assumptions, easy, difficult;  // minterms
  bool exhaustive = true;  // false when not every shortest cover could be listed (then a warning)
  bool minimal = true;     // false when the cover given is greedy, perhaps not the shortest
};

struct Fit {
  std::string expression;
  double consistency = 0, coverage = 0;
  double relevance = 0;  // necessity: relevance of necessity (RoN); sufficiency: PRI
};

struct QcaResult {
  std::string outcome;
  std::vector<std::string> conditions;
  std::vector<int> levels;  // 2 for crisp and fuzzy conditions, more for multi-value ones
  std::string kind;         // crisp, fuzzy, multi-value
  std::vector<std::string> case_ids;
  std::vector<std::vector<double>> data;  // per condition then the outcome: memberships used
  std::vector<double> incl_cut;
  std::size_t n_cut = 1;
  double pri_cut = 0;
  bool remainders = false;
  std::vector<TruthRow> rows;  // every configuration, remainders included
  std::vector<Fit> necessity;  // each condition (and its negation, or each level), then the asked expressions
  QcaSolution conservative, parsimonious;  // parsimonious: only with remainders
  std::vector<QcaSolution> intermediate;
  std::vector<std::string> dir_exp;
  std::vector<std::string> warnings;
};

// Throws InputError naming the column or the option: a membership outside [0, 1], an
// unknown condition, a malformed expression, too many configurations.
QcaResult qca(const DataSet& data, const QcaOptions& options);

// Parameters of fit of an expression in R's notation (A*~B + C, A[2]) on a data set of
// memberships: sufficiency (consistency, coverage, PRI) or necessity (consistency,
// coverage, RoN), as QCA::pof.
Fit sufficiency(const DataSet& data, const std::string& expression, const std::string& outcome);
Fit necessity(const DataSet& data, const std::string& expression, const std::string& outcome);

}  // namespace fabscope::analysis
