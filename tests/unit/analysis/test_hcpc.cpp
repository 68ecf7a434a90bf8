// HCPC on tiny samples and known shapes: clear results or clear errors with the numbers.
#include <gtest/gtest.h>

#include "analysis/dataset.hpp"
#include "analysis/hcpc.hpp"
#include "analysis/pca.hpp"
#include "core/error.hpp"

namespace fabscope {
namespace {

analysis::PcaResult pca_of(const std::string& csv) { return analysis::pca(analysis::read_csv(csv, "t.csv"), {}); }

TEST(Hcpc, ThreeWellSeparatedGroupsAreFound) {
  // Three tight groups of 4 on a line and a slope: the rule picks 3 clusters.
  std::string csv = "n,a,b\n";
  const double centre[3][2] = {{0, 0}, {10, 10}, {20, 0}};
  for (int g = 0; g < 3; ++g) {
    for (int i = 0; i < 4; ++i) {
      csv += fmt::format("g{}i{},{},{}\n", g, i, centre[g][0] + 0.1 * i, centre[g][1] + 0.1 * ((i * 7) % 3));
    }
  }
  const auto r = analysis::hcpc(pca_of(csv), {}, {});
  EXPECT_EQ(r.nb_clust, 3U);
  for (int g = 0; g < 3; ++g) {
    for (int i = 1; i < 4; ++i) EXPECT_EQ(r.clust[static_cast<std::size_t>(4 * g + i)], r.clust[static_cast<std::size_t>(4 * g)]);
  }
  // The gains add up to the total inertia (2 standardised variables).
  double total = 0;
  for (const double g : r.inert_gain) total += g;
  EXPECT_NEAR(total, 2.0, 1e-9);
  EXPECT_NEAR(r.within[0], 2.0, 1e-9);
  EXPECT_EQ(r.merges.size(), 11U);
}

TEST(Hcpc, StabilityIsHighForClearGroupsAndReproducible) {
  std::string csv = "n,a,b\n";
  const double centre[3][2] = {{0, 0}, {10, 10}, {20, 0}};
  for (int g = 0; g < 3; ++g) {
    for (int i = 0; i < 6; ++i) {
      csv += fmt::format("g{}i{},{},{}\n", g, i, centre[g][0] + 0.3 * (i % 3), centre[g][1] + 0.2 * (i / 3));
    }
  }
  const auto p = pca_of(csv);
  const auto r = analysis::hcpc(p, {}, {});
  ASSERT_EQ(r.nb_clust, 3U);
  const auto one = analysis::stability(p.ind, r, {}, 40, 7, 1);
  const auto two = analysis::stability(p.ind, r, {}, 40, 7, 2);
  EXPECT_EQ(one, two);  // the same draws whatever the number of threads
  for (const double s : one) EXPECT_GT(s, 0.95);
  EXPECT_NE(analysis::stability(p.ind, r, {}, 40, 8, 2), std::vector<double>{});
}

TEST(Hcpc, TinySamplesGiveClearAnswers) {
  // 3 individuals: the rule looks at 2 clusters only (max = min(10, round(3 / 2)) = 2) and
  // finds the one far away alone.
  const auto three = pca_of("n,a,b\nx,1,2\ny,2,1\nz,9,9\n");
  const auto r = analysis::hcpc(three, {}, {});
  EXPECT_EQ(r.nb_clust, 2U);
  EXPECT_EQ(r.min, 2U);
  EXPECT_EQ(r.max, 2U);
  EXPECT_EQ(r.clust[0], r.clust[1]);
  EXPECT_NE(r.clust[0], r.clust[2]);
  // More clusters than individuals: an error with the numbers.
  analysis::HcpcOptions too_many;
  too_many.nb_clust = 5;
  try {
    (void)analysis::hcpc(three, {}, too_many);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("5 clusters asked for 3 individuals"), std::string::npos) << e.what();
  }
  // 2 individuals: two clusters of one; 5: the rule over 2..2 (R's round(2.5) is 2).
  const auto pair = analysis::hcpc(pca_of("n,a,b\nx,1,2\ny,2,1\n"), {}, {});
  EXPECT_EQ(pair.nb_clust, 2U);
  const auto five = analysis::hcpc(pca_of("n,a,b\nv,1,2\nw,2,1\nx,9,9\ny,8,9\nz,20,0\n"), {}, {});
  EXPECT_EQ(five.max, 2U);
  EXPECT_EQ(five.nb_clust, 2U);
}

}  // namespace
}  // namespace fabscope
