#include "stats/linalg.hpp"

#include <cmath>

namespace fabscope::stats {

Matrix complete_rows(const std::vector<std::vector<double>>& columns) {
  const auto p = static_cast<Eigen::Index>(columns.size());
  if (p == 0) return {};
  const std::size_t n = columns[0].size();
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < n; ++i) {
    bool complete = true;
    for (const auto& c : columns) complete = complete && !std::isnan(c[i]);
    if (complete) rows.push_back(i);
  }
  Matrix m(static_cast<Eigen::Index>(rows.size()), p);
  for (Eigen::Index a = 0; a < p; ++a) {
    const auto& c = columns[static_cast<std::size_t>(a)];
    for (std::size_t r = 0; r < rows.size(); ++r) m(static_cast<Eigen::Index>(r), a) = c[rows[r]];
  }
  return m;
}

std::optional<Matrix> correlation(const Matrix& data) {
  if (data.rows() < 2 || data.cols() == 0) return std::nullopt;
  const Matrix centred = data.rowwise() - data.colwise().mean();
  const Vector norm = centred.colwise().norm();
  for (Eigen::Index a = 0; a < norm.size(); ++a) {
    if (!(norm(a) > 0)) return std::nullopt;
  }
  const Matrix scaled = centred * norm.cwiseInverse().asDiagonal();
  Matrix c = scaled.transpose() * scaled;
  c.diagonal().setOnes();
  return c;
}

SymmetricEigen symmetric_eigen(const Matrix& a) {
  const Eigen::SelfAdjointEigenSolver<Matrix> solver(a);
  // Eigen gives ascending eigenvalues: reversed.
  SymmetricEigen e;
  e.values = solver.eigenvalues().reverse();
  e.vectors = solver.eigenvectors().rowwise().reverse();
  for (Eigen::Index k = 0; k < e.vectors.cols(); ++k) {
    Eigen::Index largest = 0;
    e.vectors.col(k).cwiseAbs().maxCoeff(&largest);
    if (e.vectors(largest, k) < 0) e.vectors.col(k) *= -1.0;
  }
  return e;
}

std::optional<Matrix> solve(const Matrix& a, const Matrix& b) {
  if (a.rows() != a.cols() || a.rows() != b.rows()) return std::nullopt;
  const Eigen::FullPivLU<Matrix> lu(a);
  if (!lu.isInvertible()) return std::nullopt;
  return Matrix(lu.solve(b));
}

std::optional<LuFactor> LuFactor::of(const Matrix& a) {
  if (a.rows() != a.cols() || a.rows() == 0) return std::nullopt;
  Eigen::PartialPivLU<Matrix> lu(a);
  if (!(lu.rcond() > 1e-12)) return std::nullopt;
  return LuFactor(std::move(lu));
}

Matrix LuFactor::solve(const Matrix& b) const { return m_lu.solve(b); }
Matrix LuFactor::solve_transposed(const Matrix& b) const { return m_lu.transpose().solve(b); }
Matrix LuFactor::inverse() const { return m_lu.inverse(); }

}  // namespace fabscope::stats
