// Regressions on awkward inputs: separation and collinearity are errors naming the term;
// missing rows are left out and counted; the distributions behind the p-values.
#include <gtest/gtest.h>

#include "analysis/dataset.hpp"
#include "analysis/regression.hpp"
#include "support/test_support.hpp"
#include "core/error.hpp"
#include "stats/distributions.hpp"

namespace fabscope {
namespace {

std::string error_of(const analysis::DataSet& d, const analysis::RegressionOptions& o) {
  return test::error_text([&] { (void)analysis::regress(d, o); });
}

TEST(Regression, SeparationAndCollinearityAreNamed) {
  const auto d = analysis::read_csv(
      "n,y,x,z,twice\na,0,1,5,2\nb,0,2,3,4\nc,0,3,6,6\nd,1,4,2,8\ne,1,5,7,10\nf,1,6,1,12\n", "t.csv");
  analysis::RegressionOptions o;
  o.outcome = "y";
  o.predictors = {"x"};
  o.logistic = true;
  const auto sep = error_of(d, o);
  EXPECT_NE(sep.find("complete separation"), std::string::npos) << sep;
  EXPECT_NE(sep.find("'x' separates the outcome"), std::string::npos) << sep;
  analysis::RegressionOptions c;
  c.outcome = "z";
  c.predictors = {"x", "twice"};
  EXPECT_NE(error_of(d, c).find("term 'twice' is a linear combination"), std::string::npos) << error_of(d, c);
  analysis::RegressionOptions few;
  few.outcome = "z";
  few.predictors = {"x", "y", "twice"};
  EXPECT_FALSE(error_of(d, few).empty());
  analysis::RegressionOptions bad;
  bad.outcome = "z";
  bad.predictors = {"x"};
  bad.logistic = true;
  EXPECT_NE(error_of(d, bad).find("two values"), std::string::npos);
}

TEST(Regression, MissingRowsAreLeftOutAndCounted) {
  const auto d = analysis::read_csv("n,y,x\na,1,1\nb,3,2\nc,,3\nd,7,4\ne,9,\nf,11,6\n", "t.csv");
  analysis::RegressionOptions o;
  o.outcome = "y";
  o.predictors = {"x"};
  const auto r = analysis::regress(d, o);
  EXPECT_EQ(r.n, 4U);
  EXPECT_EQ(r.dropped, 2U);
  EXPECT_NEAR(r.coefficients[1].estimate, 2.0, 1e-12);  // y = 2x - 1 exactly
  EXPECT_NEAR(r.r_squared, 1.0, 1e-12);
}

TEST(Distributions, AgreeWithKnownValues) {
  EXPECT_NEAR(stats::normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(stats::normal_quantile(1e-10), -6.361340902404056, 1e-9);
  EXPECT_NEAR(stats::student_quantile(0.975, 10), 2.228138851986274, 1e-9);
  EXPECT_NEAR(stats::student_upper(2.0, 5), 0.05096973941492914, 1e-12);
  EXPECT_NEAR(stats::chi2_upper(3.84145882069412, 1), 0.05, 1e-10);
  EXPECT_NEAR(stats::chi2_upper(20, 7), 0.005569683072945571, 1e-12);
  EXPECT_NEAR(stats::hyper_cdf(2, 10, 20, 8), 0.451974012993503371, 1e-12);  // R: phyper(2, 10, 20, 8)
}

}  // namespace
}  // namespace fabscope
