// MCA on awkward inputs: missing answers (as a category or spread), a variable with one
// category, quantitative columns not named.
#include <gtest/gtest.h>

#include "analysis/dataset.hpp"
#include "analysis/mca.hpp"
#include "core/error.hpp"

namespace fabscope {
namespace {

const char* kCsv =
    "n,colour,size,shape,x\n"
    "a,red,big,round,1\n"
    "b,red,small,square,2\n"
    "c,blue,big,square,3\n"
    "d,blue,,round,4\n"
    "e,green,small,round,5\n";

TEST(Mca, MissingAnswersAreACategoryOrSpread) {
  const auto d = analysis::read_csv(kCsv, "t.csv");
  const auto r = analysis::mca(d, {});
  // colour 3 + size 3 (big, small, NA) + shape 2 = 8 categories, Q = 3: J - Q = 5 axes at most,
  // n - 1 = 4 here.
  EXPECT_EQ(r.var.names.size(), 8U);
  EXPECT_NE(std::find(r.var.names.begin(), r.var.names.end(), "NA"), r.var.names.end());
  EXPECT_EQ(r.eig.rows(), 4);
  EXPECT_NEAR(r.eig.col(0).sum(), 8.0 / 3 - 1, 1e-12);  // total inertia J/Q - 1
  ASSERT_EQ(r.warnings.size(), 1U);                     // x left out
  EXPECT_NE(r.warnings[0].find("'x'"), std::string::npos);
  analysis::McaOptions avg;
  avg.missing = analysis::MissingCategory::average;
  const auto a = analysis::mca(d, avg);
  EXPECT_EQ(a.var.names.size(), 7U);
  EXPECT_NE(a.warnings.back().find("1 missing answer"), std::string::npos);
  // The correlation ratios of a dimension add up to its eigenvalue times Q.
  for (Eigen::Index k = 0; k < r.var_eta2.cols(); ++k) EXPECT_NEAR(r.var_eta2.col(k).sum(), 3 * r.eig(k, 0), 1e-9);
}

TEST(Mca, ClearErrorsOnDegenerateInputs) {
  const auto one = analysis::read_csv("n,a,b\nx,u,p\ny,u,q\nz,u,p\n", "t.csv");
  try {
    (void)analysis::mca(one, {});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("column 'a' has 1 category"), std::string::npos) << e.what();
  }
  const auto numbers = analysis::read_csv("n,a\nx,1\ny,2\n", "t.csv");
  EXPECT_THROW((void)analysis::mca(numbers, {}), InputError);
  const auto single = analysis::read_csv("n,a\nx,u\n", "t.csv");
  EXPECT_THROW((void)analysis::mca(single, {}), InputError);
}

}  // namespace
}  // namespace fabscope
