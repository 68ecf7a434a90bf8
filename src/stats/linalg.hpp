// Linear algebra for the référentiel (PCA weights), the analyses (PCA, MCA, FAMD,
// clustering) and the input-output engine (Leontief inverse): Eigen's dense matrices and
// decompositions behind a few named functions, so that no module writes its own solver or
// indexes a flat vector by hand. Observations are rows, variables are columns.
#pragma once

#include <Eigen/Dense>

#include <optional>
#include <vector>

namespace fabscope::stats {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

// The rows (observations) for which every column has a value (listwise deletion), as an
// n × p matrix; `columns[a][i]` is variable a of observation i, NaN when missing.
Matrix complete_rows(const std::vector<std::vector<double>>& columns);

// Pearson correlation matrix of the columns; nullopt with fewer than two rows or when a
// column is constant.
std::optional<Matrix> correlation(const Matrix& data);

// Eigen decomposition of a symmetric matrix: eigenvalues in descending order, the unit
// eigenvectors in the columns of `vectors` in the same order, each oriented so that its
// component of largest magnitude is positive (a deterministic sign, as FactoMineR leaves
// it to LAPACK).
struct SymmetricEigen {
  Vector values;
  Matrix vectors;
};
SymmetricEigen symmetric_eigen(const Matrix& a);

// The solution x of a x = b (full-pivot LU); nullopt when a is singular or not square.
std::optional<Matrix> solve(const Matrix& a, const Matrix& b);

// An LU factorisation with partial pivoting of a square matrix, for many right-hand sides
// (the Leontief model solves a system per multiplier and per shock rather than forming
// the inverse). of() gives nullopt when the matrix is not square or is singular to working
// precision (its reciprocal condition estimate below 1e-12).
class LuFactor {
 public:
  static std::optional<LuFactor> of(const Matrix& a);
  [[nodiscard]] Matrix solve(const Matrix& b) const;             // x with a x = b
  [[nodiscard]] Matrix solve_transposed(const Matrix& b) const;  // x with aᵀ x = b
  [[nodiscard]] Matrix inverse() const;

 private:
  explicit LuFactor(Eigen::PartialPivLU<Matrix> lu) : m_lu(std::move(lu)) {}
  Eigen::PartialPivLU<Matrix> m_lu;
};

}  // namespace fabscope::stats
