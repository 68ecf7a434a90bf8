// The linear algebra module (src/stats) on matrices whose answers are known in closed form;
// the PCA weights built on it are checked against numpy in test_referential_reference.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "stats/linalg.hpp"

namespace fabscope::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(Linalg, SymmetricEigenOfATridiagonalMatrix) {
  // Eigenvalues 2 + √2, 2, 2 − √2; eigenvectors (1, √2, 1)/2, (1, 0, −1)/√2, (1, −√2, 1)/2.
  Matrix a(3, 3);
  a << 2, 1, 0, 1, 2, 1, 0, 1, 2;
  const auto e = symmetric_eigen(a);
  const double r2 = std::sqrt(2.0);
  EXPECT_NEAR(e.values(0), 2 + r2, 1e-12);
  EXPECT_NEAR(e.values(1), 2, 1e-12);
  EXPECT_NEAR(e.values(2), 2 - r2, 1e-12);
  EXPECT_NEAR(e.vectors(0, 0), 0.5, 1e-12);
  EXPECT_NEAR(e.vectors(1, 0), r2 / 2, 1e-12);
  EXPECT_NEAR(e.vectors(2, 0), 0.5, 1e-12);
  // The sign rule: the largest component is positive (here both are ±1/√2: the first found).
  EXPECT_NEAR(std::abs(e.vectors(0, 1)), 1 / r2, 1e-12);
  EXPECT_NEAR(e.vectors(1, 1), 0, 1e-12);
  EXPECT_NEAR(e.vectors(0, 1), -e.vectors(2, 1), 1e-12);
  // (1, −√2, 1)/2 has its largest component negative: given as (−1, √2, −1)/2.
  EXPECT_NEAR(e.vectors(1, 2), r2 / 2, 1e-12);
  EXPECT_NEAR(e.vectors(0, 2), -0.5, 1e-12);
  // A v = λ v and orthonormal columns.
  EXPECT_LT((a * e.vectors - e.vectors * e.values.asDiagonal()).norm(), 1e-12);
  EXPECT_LT((e.vectors.transpose() * e.vectors - Matrix::Identity(3, 3)).norm(), 1e-12);
}

TEST(Linalg, CorrelationOfCompleteRows) {
  // Row 2 has a missing value and is left out; x and y are then perfectly correlated,
  // x and z perfectly anti-correlated.
  const std::vector<std::vector<double>> columns = {{1, 2, kNaN, 4}, {2, 4, 6, 8}, {3, 2, 1, 0}};
  const Matrix data = complete_rows(columns);
  ASSERT_EQ(data.rows(), 3);
  ASSERT_EQ(data.cols(), 3);
  EXPECT_EQ(data(2, 0), 4);
  EXPECT_EQ(data(2, 2), 0);
  const auto c = correlation(data);
  ASSERT_TRUE(c);
  EXPECT_NEAR((*c)(0, 1), 1, 1e-12);
  EXPECT_NEAR((*c)(0, 2), -1, 1e-12);
  EXPECT_EQ((*c)(1, 1), 1);
  // Pearson's r by hand: x = (1, 2, 3, 5), y = (2, 1, 4, 5): Σdxdy = 8, Σdx² = 8.75, Σdy² = 10, r = 0.8552...
  const auto r = correlation(complete_rows({{1, 2, 3, 5}, {2, 1, 4, 5}}));
  ASSERT_TRUE(r);
  EXPECT_NEAR((*r)(0, 1), 8 / std::sqrt(8.75 * 10), 1e-14);
  // A constant column or a single row has no correlation.
  EXPECT_FALSE(correlation(complete_rows({{1, 2, 3}, {5, 5, 5}})));
  EXPECT_FALSE(correlation(complete_rows({{1}, {2}})));
}

TEST(Linalg, SolvesAndRefusesSingularSystems) {
  // Leontief's (I − A) x = d for a two-industry economy: x = (I − A)⁻¹ d.
  Matrix i_minus_a(2, 2);
  i_minus_a << 0.8, -0.3, -0.2, 0.6;  // A = [[0.2, 0.3], [0.2, 0.4]]
  Matrix d(2, 1);
  d << 100, 50;
  const auto x = solve(i_minus_a, d);
  ASSERT_TRUE(x);
  // det = 0.42; x1 = (0.6·100 + 0.3·50)/0.42, x2 = (0.2·100 + 0.8·50)/0.42.
  EXPECT_NEAR((*x)(0, 0), 75 / 0.42, 1e-10);
  EXPECT_NEAR((*x)(1, 0), 60 / 0.42, 1e-10);
  Matrix singular(2, 2);
  singular << 1, 2, 2, 4;
  EXPECT_FALSE(solve(singular, d));
  EXPECT_FALSE(solve(Matrix(2, 3), d));
}

}  // namespace
}  // namespace fabscope::stats
