// Factor analysis of mixed data as FactoMineR's FAMD() computes it (docs/analysis/famd.md):
// a PCA of the standardised quantitative columns beside the centred indicator columns of
// the categorical ones, each divided by the square root of its category's proportion, so
// that each variable weighs as in a PCA (quantitative) or an MCA (categorical).
#pragma once

#include <string>
#include <vector>

#include "analysis/dataset.hpp"
#include "analysis/pca.hpp"

namespace fabscope::analysis {

struct FamdOptions {
  std::size_t ncp = 5;
  std::vector<double> row_weights;      // one per row of the data (supplementary rows' ignored); empty = equal
  std::vector<std::size_t> quanti_sup;  // supplementary quantitative columns
  std::vector<std::size_t> quali_sup;   // supplementary categorical columns
  std::vector<std::size_t> ind_sup;     // supplementary rows
};

struct FamdResult {
  stats::Matrix eig;  // every non-null component (FactoMineR prints the first ncp)
  std::size_t ncp = 0;
  Coordinates ind;
  Coordinates var;         // every variable: coord (cor² or η²), cos2, contrib
  Coordinates quanti_var;  // coord (correlation), cos2, contrib
  Coordinates quali_var;   // categories: coord (barycentre), cos2, contrib, v.test
  // Supplementary elements, as FactoMineR's FAMD(sup.var, ind.sup): rows projected with the
  // active means, standard deviations and proportions; quantitative columns' correlations
  // with the dimensions; categories' barycentres (cos2, v.test) and their variables' η².
  Coordinates ind_sup, quanti_sup, quali_sup;
  std::vector<std::string> quali_sup_variables;
  stats::Matrix quali_sup_eta2;
  std::vector<std::string> warnings;
};

// Throws InputError naming the column when there is no quantitative or no categorical
// column (use the PCA or the MCA), a column is constant, or a categorical column has a
// single category. Missing quantitative values take the mean (with a warning); a missing
// category is the category "NA".
FamdResult famd(const DataSet& data, const FamdOptions& options);
// The same on the active part `data` of `all`, `sup` naming the supplementary elements of
// `all` (famd() calls it).
FamdResult famd_active(const DataSet& all, const DataSet& data, const FamdOptions& o, const FamdOptions& sup);

}  // namespace fabscope::analysis
