// Multiple correspondence analysis as FactoMineR's MCA() computes it (docs/analysis/mca.md):
// the indicator matrix of the active categorical variables, weighted rows, supplementary
// quantitative and categorical variables, missing values as their own category or spread
// over the variable's categories (FactoMineR's "Average"), Benzécri's and Greenacre's
// corrected eigenvalues. Signs of axes: as the PCA's (pca.hpp).
#pragma once

#include <string>
#include <vector>

#include "analysis/dataset.hpp"
#include "analysis/pca.hpp"

namespace fabscope::analysis {

enum class MissingCategory { category, average };

struct McaOptions {
  std::size_t ncp = 5;
  std::vector<double> row_weights;      // one per row; empty = equal
  std::vector<std::size_t> quanti_sup;  // supplementary quantitative columns
  std::vector<std::size_t> quali_sup;   // supplementary categorical columns
  MissingCategory missing = MissingCategory::category;
};

struct McaResult {
  stats::Matrix eig;        // eigenvalue, percentage, cumulative percentage
  // Benzécri's corrected eigenvalues (those above 1/Q) and their percentages, and the
  // percentages Greenacre's adjusted total inertia gives them.
  std::vector<double> benzecri, benzecri_percent, greenacre_percent;
  std::size_t ncp = 0;
  Coordinates ind, var;     // var: the active categories (coord, cos2, contrib, v.test)
  stats::Matrix var_eta2;   // active variables × dims (correlation ratios)
  std::vector<std::string> variables;  // names of the active variables (rows of var_eta2)
  Coordinates quanti_sup, quali_sup;
  stats::Matrix quali_sup_eta2;
  std::vector<std::string> quali_sup_variables;
  std::vector<std::string> warnings;
};

// Every categorical column not named supplementary is active; a quantitative column not
// named is left out with a warning. Throws InputError naming the column when fewer than 2
// rows or no active variable remain, or an active variable has a single category.
McaResult mca(const DataSet& data, const McaOptions& options);

}  // namespace fabscope::analysis
