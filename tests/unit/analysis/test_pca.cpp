// PCA on tiny and awkward inputs: clear results or clear errors naming what is wrong.
#include <gtest/gtest.h>

#include "analysis/dataset.hpp"
#include "analysis/pca.hpp"
#include "support/test_support.hpp"
#include "core/error.hpp"

namespace fabscope {
namespace {

std::string error_of(const analysis::DataSet& d, const analysis::PcaOptions& o) {
  return test::error_text([&] { (void)analysis::pca(d, o); });
}

TEST(Pca, ReadsAnyCsvByItsRules) {
  const auto d = analysis::read_csv("name;a;b;kind\nx;1,5;2;u\ny;2;NA;v\nz;3;5;u\n", "t.csv");
  ASSERT_EQ(d.row_names, (std::vector<std::string>{"x", "y", "z"}));
  ASSERT_EQ(d.columns.size(), 3U);
  EXPECT_DOUBLE_EQ(d.columns[0].values[0], 1.5);  // decimal comma with ';' as separator
  EXPECT_TRUE(std::isnan(d.columns[1].values[1]));
  EXPECT_FALSE(d.columns[2].quantitative);
  // A first column that repeats is data, not row names.
  const auto e = analysis::read_csv("g,v\na,1\na,2\n", "t.csv");
  EXPECT_EQ(e.row_names, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(e.columns.size(), 2U);
  EXPECT_THROW((void)analysis::read_csv("a,b\n1,2,3\n", "t.csv"), InputError);
  EXPECT_THROW((void)analysis::read_csv("a,a\n1,2\n", "t.csv"), InputError);
}

TEST(Pca, TinySamplesGiveResultsOrClearErrors) {
  // Three individuals, three variables: two components at most (n - 1).
  const auto three = analysis::read_csv("n,a,b,c\nx,1,2,0\ny,2,1,5\nz,4,4,1\n", "t.csv");
  const auto r = analysis::pca(three, {});
  EXPECT_EQ(r.eig.rows(), 2);
  EXPECT_EQ(r.ncp, 2U);
  EXPECT_NEAR(r.eig.col(0).sum(), 3.0, 1e-12);  // standardised: total inertia = number of variables
  EXPECT_NEAR(r.eig(1, 2), 100.0, 1e-9);
  // A constant column is named.
  const auto constant = analysis::read_csv("n,a,b\nx,1,7\ny,2,7\nz,4,7\n", "t.csv");
  EXPECT_NE(error_of(constant, {}).find("column 'b' is constant"), std::string::npos);
  // One active row is not enough.
  analysis::PcaOptions o;
  o.ind_sup = {0, 1};
  EXPECT_NE(error_of(three, o).find("1 active row(s)"), std::string::npos);
  // An all-missing column, negative weights, a categorical column made supplementary.
  const auto missing = analysis::read_csv("n,a,b\nx,1,NA\ny,2,NA\nz,4,NA\n", "t.csv");
  EXPECT_NE(error_of(missing, {}).find("column 'b' has no value"), std::string::npos);
  analysis::PcaOptions w;
  w.row_weights = {1, -1, 1};
  EXPECT_NE(error_of(three, w).find("is not a number >= 0"), std::string::npos);
  const auto mixed = analysis::read_csv("n,a,b,k\nx,1,2,u\ny,2,1,v\nz,4,4,u\nt,3,3,v\n", "t.csv");
  const auto m = analysis::pca(mixed, {});
  ASSERT_EQ(m.warnings.size(), 1U);
  EXPECT_NE(m.warnings[0].find("'k'"), std::string::npos);
  // Missing active values are imputed by the mean and said.
  const auto holes = analysis::read_csv("n,a,b\nx,1,2\ny,,1\nz,4,4\nt,3,3\n", "t.csv");
  const auto h = analysis::pca(holes, {});
  ASSERT_EQ(h.warnings.size(), 1U);
  EXPECT_NE(h.warnings[0].find("1 missing value"), std::string::npos);
}

}  // namespace
}  // namespace fabscope
