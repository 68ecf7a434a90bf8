// FAMD against R FactoMineR 2.7 (tests/reference/analysis/mca_famd_reference.R, outputs in
// tests/reference/expected/analysis/famd_wine): the wine data, 2 categorical and 29
// quantitative columns, all active; every eigenvalue (eig_all.csv: FactoMineR prints only
// the first ncp) and every table of ind, var, quanti.var and quali.var to 1e-6, axes
// oriented alike. The categories come in another order than R's (its factor levels are not
// alphabetical in this data set): they are compared by name.
#include <gtest/gtest.h>

#include "analysis/dataset.hpp"
#include "analysis/famd.hpp"
#include "reference/analysis_compare.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): the comparison helpers

TEST(FamdReference, WineMixedData) {
  const auto d = analysis::read_csv(test::read_file(test::source_dir() / "tests/reference/analysis/wine.csv"), "wine.csv");
  ASSERT_EQ(d.rows(), 21U);
  ASSERT_EQ(d.columns.size(), 31U);
  const auto r = analysis::famd(d, {});
  const std::string c = "famd_wine";
  const auto eig = read_table(expected_dir(c) / "eig_all.csv");
  ASSERT_EQ(static_cast<std::size_t>(r.eig.rows()), eig.rows.size());
  for (std::size_t k = 0; k < eig.rows.size(); ++k) {
    for (std::size_t j = 0; j < 3; ++j) {
      expect_near(r.eig(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j)), eig.rows[k][j],
                  fmt::format("{}/eig comp {} column {}", c, k + 1, j));
    }
  }
  const auto signs = axis_signs(r.ind, read_table(expected_dir(c) / "ind_coord.csv"));
  compare(c, "ind_coord.csv", r.ind.names, r.ind.coord, signs, true);
  compare(c, "ind_cos2.csv", r.ind.names, r.ind.cos2, signs, false);
  compare(c, "ind_contrib.csv", r.ind.names, r.ind.contrib, signs, false);
  compare(c, "var_coord.csv", r.var.names, r.var.coord, signs, false);
  compare(c, "var_cos2.csv", r.var.names, r.var.cos2, signs, false);
  compare(c, "var_contrib.csv", r.var.names, r.var.contrib, signs, false);
  compare(c, "quanti_var_coord.csv", r.quanti_var.names, r.quanti_var.coord, signs, true);
  compare(c, "quanti_var_cos2.csv", r.quanti_var.names, r.quanti_var.cos2, signs, false);
  compare(c, "quanti_var_contrib.csv", r.quanti_var.names, r.quanti_var.contrib, signs, false);
  compare(c, "quali_var_coord.csv", r.quali_var.names, r.quali_var.coord, signs, true);
  compare(c, "quali_var_cos2.csv", r.quali_var.names, r.quali_var.cos2, signs, false);
  compare(c, "quali_var_contrib.csv", r.quali_var.names, r.quali_var.contrib, signs, false);
  compare(c, "quali_var_vtest.csv", r.quali_var.names, r.quali_var.vtest, signs, true);
}

// FAMD(wine, ncp = 5, sup.var = c(2, 30), ind.sup = c(1, 2)) (famd_sup_reference.R, outputs
// in famd_wine_sup): Soil and Overall.quality supplementary, rows "2EL " and "1CHA"
// supplementary; the active fit and every supplementary table to 1e-6.
TEST(FamdReference, WineWithSupplementaryElements) {
  const auto d = analysis::read_csv(test::read_file(test::source_dir() / "tests/reference/analysis/wine.csv"), "wine.csv");
  analysis::FamdOptions o;
  o.quali_sup = {d.column("Soil")};
  o.quanti_sup = {d.column("Overall.quality")};
  o.ind_sup = {0, 1};  // "2EL " and "1CHA"
  const auto r = analysis::famd(d, o);
  const std::string c = "famd_wine_sup";
  const auto eig = read_table(expected_dir(c) / "eig_all.csv");
  ASSERT_EQ(static_cast<std::size_t>(r.eig.rows()), eig.rows.size());
  for (std::size_t k = 0; k < eig.rows.size(); ++k) {
    expect_near(r.eig(static_cast<Eigen::Index>(k), 0), eig.rows[k][0], fmt::format("{}/eig comp {}", c, k + 1));
  }
  const auto signs = axis_signs(r.ind, read_table(expected_dir(c) / "ind_coord.csv"));
  compare(c, "ind_coord.csv", r.ind.names, r.ind.coord, signs, true);
  compare(c, "ind_cos2.csv", r.ind.names, r.ind.cos2, signs, false);
  compare(c, "ind_sup_coord.csv", r.ind_sup.names, r.ind_sup.coord, signs, true);
  compare(c, "ind_sup_cos2.csv", r.ind_sup.names, r.ind_sup.cos2, signs, false);
  compare(c, "quanti_sup_coord.csv", r.quanti_sup.names, r.quanti_sup.coord, signs, true);
  compare(c, "quanti_sup_cos2.csv", r.quanti_sup.names, r.quanti_sup.cos2, signs, false);
  compare(c, "quali_sup_coord.csv", r.quali_sup.names, r.quali_sup.coord, signs, true);
  compare(c, "quali_sup_cos2.csv", r.quali_sup.names, r.quali_sup.cos2, signs, false);
  compare(c, "quali_sup_v_test.csv", r.quali_sup.names, r.quali_sup.vtest, signs, true);
  compare(c, "quali_sup_eta2.csv", r.quali_sup_variables, r.quali_sup_eta2, signs, false);
}

}  // namespace
}  // namespace fabscope
