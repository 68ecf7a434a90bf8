// The boundary codec and the GEOS dissolve on small shapes whose answers are known.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "geo/geometry.hpp"

namespace fabscope {
namespace {

geo::MultiPolygon square(double x, double y, double side) {
  return {{io::Ring{{x, x + side, x + side, x, x}, {y, y, y + side, y + side, y}}}};
}

TEST(Geometry, CodecRoundTripsOnTheGridAndRejectsDamage) {
  geo::MultiPolygon shape = square(-61.53201, 16.24012, 0.5);
  shape.front().push_back(io::Ring{{-61.4, -61.3, -61.3, -61.4}, {16.3, 16.3, 16.4, 16.3}});  // a hole
  const auto bytes = geo::encode(shape);
  const auto back = geo::decode(bytes, "test");
  ASSERT_EQ(back.size(), 1U);
  ASSERT_EQ(back[0].size(), 2U);
  for (std::size_t r = 0; r < 2; ++r) {
    ASSERT_EQ(back[0][r].lon.size(), shape[0][r].lon.size());
    for (std::size_t i = 0; i < back[0][r].lon.size(); ++i) {
      EXPECT_NEAR(back[0][r].lon[i], shape[0][r].lon[i], 5e-6);
      EXPECT_NEAR(back[0][r].lat[i], shape[0][r].lat[i], 5e-6);
    }
  }
  EXPECT_DOUBLE_EQ(back[0][0].lon[0], -61.53201);  // on the grid: exact
  // Small: 9 + 4 vertices in a few bytes each.
  EXPECT_LT(bytes.size(), 60U);
  EXPECT_THROW((void)geo::decode(bytes.substr(0, bytes.size() - 1), "t"), Error);           // truncated
  EXPECT_THROW((void)geo::decode(bytes + "x", "t"), Error);                                 // trailing
  EXPECT_THROW((void)geo::decode(std::string("\xff\xff\xff\xff\x0f", 5), "t"), Error);    // huge count
  try {
    (void)geo::decode(bytes.substr(0, 3), "territory_boundary epci 200071991");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("territory_boundary epci 200071991"), std::string::npos) << e.what();
  }
}

TEST(Geometry, DissolveOfNeighboursRemovesTheSharedEdge) {
  const auto a = square(0, 0, 1), b = square(1, 0, 1), far = square(5, 5, 1);
  const auto ab = geo::dissolve({&a, &b});
  ASSERT_EQ(ab.size(), 1U);  // one polygon, no hole
  EXPECT_EQ(ab[0].size(), 1U);
  EXPECT_NEAR(geo::planar_area(ab), 2.0, 1e-12);
  const auto two = geo::dissolve({&a, &far});
  EXPECT_EQ(two.size(), 2U);  // an island stays apart
  EXPECT_NEAR(geo::planar_area(two), 2.0, 1e-12);
}

TEST(Geometry, DissolveKeepsRealHolesAndDropsSlivers) {
  // A ring of four rectangles around an empty centre: a real hole of 1 square degree.
  std::vector<geo::MultiPolygon> frame;
  for (int i = 0; i < 9; ++i) {
    if (i != 4) frame.push_back(square(i % 3, i / 3, 1));
  }
  std::vector<const geo::MultiPolygon*> parts;
  for (const auto& f : frame) parts.push_back(&f);
  const auto ring = geo::dissolve(parts);
  ASSERT_EQ(ring.size(), 1U);
  ASSERT_EQ(ring[0].size(), 2U);  // outer + the hole
  EXPECT_NEAR(geo::planar_area(ring), 9.0 - 1.0, 1e-9);
  // A hole of 1e-8 square degrees (about 100 m², a gap left between two communes by the
  // simplification) is dropped; one of 1e-6 is kept.
  auto with_holes = square(10, 10, 1);
  with_holes[0].push_back(io::Ring{{10.5, 10.5001, 10.5001, 10.5, 10.5}, {10.5, 10.5, 10.5001, 10.5001, 10.5}});
  with_holes[0].push_back(io::Ring{{10.2, 10.201, 10.201, 10.2, 10.2}, {10.2, 10.2, 10.201, 10.201, 10.2}});
  const auto kept = geo::dissolve({&with_holes});
  ASSERT_EQ(kept.size(), 1U);
  EXPECT_EQ(kept[0].size(), 2U);
  EXPECT_NEAR(geo::planar_area(kept), 1.0 - 1e-6, 1e-12);
  // Overlapping parts are not a coverage: the general union still gives the right answer.
  const auto big = square(0, 0, 2), inner = square(0.5, 0.5, 1);
  const auto overlap = geo::dissolve({&big, &inner});
  ASSERT_EQ(overlap.size(), 1U);
  EXPECT_NEAR(geo::planar_area(overlap), 4.0, 1e-12);
  // Thousands of groups on two threads give the same as one by one.
  std::vector<geo::MultiPolygon> cells;
  for (int i = 0; i < 200; ++i) cells.push_back(square(i % 20, i / 20, 1));
  std::vector<std::vector<const geo::MultiPolygon*>> groups(10);
  for (int i = 0; i < 200; ++i) groups[static_cast<std::size_t>(i / 20)].push_back(&cells[static_cast<std::size_t>(i)]);
  std::size_t progress = 0;
  const auto rows = geo::dissolve_all(groups, 2, [&] { ++progress; });
  EXPECT_EQ(progress, 10U);
  for (const auto& r : rows) {
    ASSERT_EQ(r.size(), 1U);
    EXPECT_NEAR(geo::planar_area(r), 20.0, 1e-9);
  }
}

}  // namespace
}  // namespace fabscope
