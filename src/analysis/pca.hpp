// Principal component analysis as FactoMineR's PCA() computes it (docs/analysis/pca.md):
// weighted rows, standardised or centred variables, supplementary individuals, quantitative
// and categorical variables. Pure: a data set and options in, a result out.
//
// Signs of axes: each eigenvector of the weighted covariance (or correlation) matrix is
// oriented so that its component of largest magnitude is positive (stats::symmetric_eigen);
// FactoMineR leaves the sign to LAPACK, so an axis may come out flipped against R's.
#pragma once

#include <string>
#include <vector>

#include "analysis/dataset.hpp"
#include "stats/linalg.hpp"

namespace fabscope::analysis {

struct PcaOptions {
  bool scale_unit = true;
  std::size_t ncp = 5;
  std::vector<double> row_weights;     // one per active row (>= 0, not all 0); empty = equal
  std::vector<std::size_t> ind_sup;    // supplementary rows (indices in the data set)
  std::vector<std::size_t> quanti_sup; // supplementary quantitative columns
  std::vector<std::size_t> quali_sup;  // supplementary categorical columns
};

// coord, cos2, contrib and dist of one set of rows, as FactoMineR names them (cor for the
// active variables, v.test for categories); a matrix is empty when it does not apply.
struct Coordinates {
  std::vector<std::string> names;
  stats::Matrix coord, cos2, contrib, cor, vtest;
  stats::Vector dist;
};

struct PcaResult {
  stats::Matrix eig;  // every non-null component: eigenvalue, percentage, cumulative percentage
  std::size_t ncp = 0;
  Coordinates ind, var, ind_sup, quanti_sup, quali_sup;
  stats::Vector centre, ecart_type;   // of the active variables (call$centre, call$ecart.type)
  std::vector<std::string> warnings;  // imputed values, categorical columns made supplementary
};

// Every quantitative column that is not supplementary is active; a categorical column not
// named supplementary is made supplementary (a warning says so). Missing active values are
// replaced by the column's weighted mean, as FactoMineR does (a warning counts them).
// Throws InputError, naming columns or rows, when fewer than 2 active rows or 1 active
// variable remain, a variable is constant, or a weight is negative.
PcaResult pca(const DataSet& data, const PcaOptions& options);

}  // namespace fabscope::analysis
