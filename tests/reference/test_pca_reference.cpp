// PCA against R FactoMineR 2.7 (tests/reference/analysis/pca_reference.R, its outputs in
// tests/reference/expected/analysis/<case>/): every table FactoMineR returns, to 1e-6
// relative (1e-9 absolute near zero). Signs of axes are normalised first: FactoMineR
// leaves them to LAPACK, so an axis of R's that points the other way is flipped, once for
// every table of that axis, from the sign of the individuals' coordinates.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "analysis/dataset.hpp"
#include "analysis/pca.hpp"
#include "core/text.hpp"
#include "io/csv.hpp"
#include "reference/analysis_compare.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): the comparison helpers

void compare_common(const std::string& c, const analysis::PcaResult& r, std::vector<double>& signs) {
  const auto eig = read_table(expected_dir(c) / "eig.csv");
  ASSERT_EQ(static_cast<std::size_t>(r.eig.rows()), eig.rows.size());
  for (std::size_t k = 0; k < eig.rows.size(); ++k) {
    for (std::size_t j = 0; j < 3; ++j) {
      expect_near(r.eig(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j)), eig.rows[k][j],
                  fmt::format("{}/eig comp {} column {}", c, k + 1, j));
    }
  }
  signs = axis_signs(r.ind, read_table(expected_dir(c) / "ind_coord.csv"));
  compare(c, "ind_coord.csv", r.ind.names, r.ind.coord, signs, true);
  compare(c, "ind_cos2.csv", r.ind.names, r.ind.cos2, signs, false);
  compare(c, "ind_contrib.csv", r.ind.names, r.ind.contrib, signs, false);
  compare_vector(c, "ind_dist.csv", r.ind.names, r.ind.dist);
  compare(c, "var_coord.csv", r.var.names, r.var.coord, signs, true);
  compare(c, "var_cor.csv", r.var.names, r.var.cor, signs, true);
  compare(c, "var_cos2.csv", r.var.names, r.var.cos2, signs, false);
  compare(c, "var_contrib.csv", r.var.names, r.var.contrib, signs, false);
  compare_vector(c, "call_centre.csv", r.var.names, r.centre, 0);
  compare_vector(c, "call_centre.csv", r.var.names, r.ecart_type, 1);
}

analysis::DataSet decathlon() {
  const auto path = test::source_dir() / "tests/reference/analysis/decathlon.csv";
  return analysis::read_csv(test::read_file(path), "decathlon.csv");
}

TEST(PcaReference, DecathlonStandardisedWithSupplementaryVariables) {
  const auto d = decathlon();
  ASSERT_EQ(d.rows(), 41U);
  ASSERT_EQ(d.columns.size(), 13U);
  EXPECT_FALSE(d.columns[12].quantitative);  // Competition
  analysis::PcaOptions o;
  o.quanti_sup = {d.column("Rank"), d.column("Points")};
  o.quali_sup = {d.column("Competition")};
  const auto r = analysis::pca(d, o);
  std::vector<double> signs;
  const std::string c = "pca_decathlon";
  compare_common(c, r, signs);
  compare(c, "quanti_sup_coord.csv", r.quanti_sup.names, r.quanti_sup.coord, signs, true);
  compare(c, "quanti_sup_cos2.csv", r.quanti_sup.names, r.quanti_sup.cos2, signs, false);
  compare(c, "quali_sup_coord.csv", r.quali_sup.names, r.quali_sup.coord, signs, true);
  compare(c, "quali_sup_cos2.csv", r.quali_sup.names, r.quali_sup.cos2, signs, false);
  compare(c, "quali_sup_vtest.csv", r.quali_sup.names, r.quali_sup.vtest, signs, true);
  compare_vector(c, "quali_sup_dist.csv", r.quali_sup.names, r.quali_sup.dist);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(PcaReference, DecathlonCentredWeightedWithSupplementaryIndividuals) {
  auto d = decathlon();
  d.columns.resize(10);  // the ten events
  analysis::PcaOptions o;
  o.scale_unit = false;
  o.ncp = 4;
  o.ind_sup = {0, 1, 2};
  for (std::size_t i = 0; i < 38; ++i) o.row_weights.push_back(static_cast<double>(1 + i % 3));
  const auto r = analysis::pca(d, o);
  std::vector<double> signs;
  const std::string c = "pca_decathlon_weighted";
  compare_common(c, r, signs);
  compare(c, "ind_sup_coord.csv", r.ind_sup.names, r.ind_sup.coord, signs, true);
  compare(c, "ind_sup_cos2.csv", r.ind_sup.names, r.ind_sup.cos2, signs, false);
  compare_vector(c, "ind_sup_dist.csv", r.ind_sup.names, r.ind_sup.dist);
}

}  // namespace
}  // namespace fabscope
