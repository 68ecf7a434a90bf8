// The demand-driven input-output model (Leontief) of one year of a table, national or
// regionalised with Flegg's location quotient, its Type I and Type II multipliers and the
// effects of a final-demand shock split into direct, indirect and induced parts
// (docs/impact/io.md gives every formula).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "impact/io_table.hpp"
#include "stats/linalg.hpp"

namespace fabscope::impact {

// The documented default share of labour income (compensation of employees) in value
// added, which closes the model for households: WIOD's NIOT has no compensation row.
inline constexpr double kDefaultLabourShare = 0.57;
inline constexpr double kDefaultFlqDelta = 0.3;

struct ModelParameters {
  double labour_share = kDefaultLabourShare;  // in (0, 1]
};

// What regionalises the national coefficients: the territory's size (its employment over
// the nation's) and a location quotient for each industry of the table.
struct Regionalisation {
  double size_ratio = 1;    // E_region / E_nation, in (0, 1]
  std::vector<double> slq;  // per industry, ≥ 0
  double delta = kDefaultFlqDelta;
  bool augmented = false;  // AFLQ (Flegg and Webber 2000)
};

// λ = [log2(1 + size_ratio)]^δ.
double flq_lambda(double size_ratio, double delta);
// The FLQ (or AFLQ) matrix: λ·q_i/q_j off the diagonal, λ·q_i on it; 0 in row i when
// q_i = 0; +∞ where q_j = 0 < q_i. AFLQ multiplies column j by log2(1 + q_j) when q_j > 1.
stats::Matrix flq_matrix(const std::vector<double>& q, double lambda, bool augmented);

struct IoModel {
  stats::Matrix a;          // technical coefficients (regional when regionalised), n × n
  stats::Vector va;         // value added per unit of output
  stats::Vector household;  // household consumption per unit of household income (c)
  stats::Vector labour;     // labour income per unit of output (h = labour_share · va)
  double lambda = 1;        // FLQ's λ; 1 for the national model
  ModelParameters parameters;
  std::optional<stats::LuFactor> open, closed;  // I − A and I − A* ((n + 1) × (n + 1), households last)

  // L = (I − A)⁻¹ and L* = (I − A*)⁻¹, formed on demand (the multipliers and the shocks
  // solve systems instead).
  [[nodiscard]] stats::Matrix leontief() const { return open->inverse(); }
  [[nodiscard]] stats::Matrix leontief_closed() const { return closed->inverse(); }
};

// Throws Error(bad_input) when I − A is singular (a table whose columns spend more than
// their output) or a parameter is out of range.
IoModel national_model(const IoYear& year, const ModelParameters& parameters = {});
// a_r = a · min(1, FLQ); c_r = c · min(1, λ·q_i); h unchanged.
IoModel regional_model(const IoYear& year, const Regionalisation& region, const ModelParameters& parameters = {});

// Per unit of final demand for each industry's output (columns of L and L*).
struct Multipliers {
  stats::Vector type1_output, type2_output;             // Σ_i L_ij, Σ_{i≤n} L*_ij
  stats::Vector type1_va, type2_va;                     // Σ_i v_i L_ij, Σ_{i≤n} v_i L*_ij
  std::optional<stats::Vector> type1_jobs, type2_jobs;  // Σ_i e_i L_ij (jobs per unit), when jobs are known
};

// `jobs` by industry (same year, read_employment) gives e_j = jobs_j / x_j.
Multipliers multipliers(const IoModel& model, const IoYear& year, const std::optional<stats::Vector>& jobs = {});

// The effects of a change of final demand Δy (by industry, in the table's unit), each as a
// vector by industry: direct = Δy, indirect = (L − I)Δy, induced = (L*ₙₙ − L)Δy; value
// added and jobs are the output effects times v and e.
struct EffectParts {
  stats::Vector direct, indirect, induced;
  [[nodiscard]] double total() const { return direct.sum() + indirect.sum() + induced.sum(); }
};
struct Effects {
  EffectParts output, value_added;
  std::optional<EffectParts> jobs;
};
Effects shock(const IoModel& model, const IoYear& year, const stats::Vector& demand,
              const std::optional<stats::Vector>& jobs = {});

}  // namespace fabscope::impact
