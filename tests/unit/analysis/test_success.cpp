// The success QCA's sets on the panel (app::success_sets): the crisp recodes of the context
// and model numbers, the calibrated success score, workshops with a missing value left out.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/qca.hpp"
#include "app/analyses.hpp"

namespace fabscope {
namespace {

TEST(SuccessSets, RecodesAndCalibratesThePanel) {
  const auto nan = std::nan("");
  analysis::DataSet panel;
  panel.row_names = {"a", "b", "c", "d"};
  panel.columns = {{"density_class", true, {6, 2, 5, nan}, {}},
                   {"lq_be", true, {1.2, 0.8, 1.0, 1.0}, {}},
                   {"m_equipment_count", true, {5, 3, 4, 4}, {}},
                   {"m_network_count", true, {1, 2, 3, 2}, {}},
                   {"laureate_2013", true, {0, 1, 0, 0}, {}},
                   {"score_success", true, {0.75, 0.25, 0.5, 0.9}, {}}};
  const auto d = app::success_sets(panel);
  ASSERT_EQ(d.row_names, (std::vector<std::string>{"a", "b", "c"}));  // d has no density class
  const auto col = [&](const char* n) { return d.columns[d.column(n)].values; };
  EXPECT_EQ(col("rural"), (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(col("industrial"), (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(col("equipped"), (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(col("networked"), (std::vector<double>{0, 1, 1}));
  EXPECT_EQ(col("laureate"), (std::vector<double>{0, 1, 0}));
  // The logistic calibration puts the anchors at 0.95, 0.5 and 0.05.
  EXPECT_NEAR(col("success")[0], 0.95, 1e-12);
  EXPECT_NEAR(col("success")[1], 0.05, 1e-12);
  EXPECT_NEAR(col("success")[2], 0.5, 1e-12);
  analysis::QcaOptions o;
  o.outcome = "success";
  o.incl_cut = {0.8};
  const auto r = analysis::qca(d, o);
  EXPECT_EQ(r.kind, "crisp");
  EXPECT_EQ(r.case_ids.size(), 3U);
}

}  // namespace
}  // namespace fabscope
