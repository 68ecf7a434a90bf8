// The boundaries dissolved at import (territory/boundaries.cpp) against the independent
// shapely implementation (tests/reference/boundaries_reference.py, its output committed in
// tests/reference/expected/boundaries.csv): every département, région and EPCI and every
// commune made of several 2018 communes, by area (planar, square degrees; relative
// tolerance 1e-6, the codec's 1e-5 degree grid), number of polygons and of holes.
#include <gtest/gtest.h>

#include <map>

#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/csv.hpp"
#include "pipeline/import.hpp"
#include "support/test_support.hpp"
#include "territory/boundaries.hpp"

namespace fabscope {
namespace {

TEST(BoundariesReference, DissolvedBoundariesMatchShapely) {
  test::TempDir dir;
  store::Store store(dir / "b.db");
  pipeline::ImportOptions o;
  o.data_dir = test::data_dir();
  const auto report = pipeline::import_datasets(store, sources::Catalog::builtin(), o);
  bool noted = false;
  for (const auto& n : report.notes) noted = noted || n.id == "boundaries_built";
  EXPECT_TRUE(noted);

  const auto path = test::source_dir() / "tests/reference/expected/boundaries.csv";
  io::CsvReader reader(io::read_file(path), "boundaries.csv");
  std::vector<std::string_view> f;
  ASSERT_TRUE(reader.next(f));
  std::map<std::string, std::map<std::string, std::vector<double>>> expected;  // level -> code -> area, polygons, holes
  while (reader.next(f)) {
    expected[std::string(f[0])][std::string(f[1])] = {*text::parse_double(f[2]), *text::parse_double(f[3]),
                                                      *text::parse_double(f[4])};
  }
  ASSERT_EQ(expected["dep"].size(), 101U);
  ASSERT_EQ(expected["reg"].size(), 18U);
  ASSERT_EQ(expected["epci"].size(), 1255U);
  std::size_t compared = 0;
  for (const auto level : {territory::Level::commune, territory::Level::epci, territory::Level::dep,
                           territory::Level::reg}) {
    const auto& want = expected[std::string(territory::level_id(level))];
    std::map<std::string, const territory::Boundary*> got;
    const auto boundaries = territory::load_boundaries(store, level);
    for (const auto& b : boundaries) got[b.code] = &b;
    if (level != territory::Level::commune) {
      EXPECT_EQ(got.size(), want.size()) << territory::level_id(level);
    }
    for (const auto& [code, v] : want) {
      const auto it = got.find(code);
      ASSERT_NE(it, got.end()) << territory::level_id(level) << " " << code;
      const auto& shape = it->second->shape;
      std::size_t holes = 0;
      for (const auto& p : shape) holes += p.size() - 1;
      EXPECT_NEAR(geo::planar_area(shape), v[0], 1e-6 * v[0] + 1e-9) << territory::level_id(level) << " " << code;
      EXPECT_EQ(static_cast<double>(shape.size()), v[1]) << territory::level_id(level) << " " << code;
      EXPECT_EQ(static_cast<double>(holes), v[2]) << territory::level_id(level) << " " << code;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 1691U);
  // Zones d'emploi (not in the reference): every one of the 306 (COG 2026 communes).
  EXPECT_EQ(territory::load_boundaries(store, territory::Level::ze).size(), 306U);
  // The communes without a polygon are listed with why, as SOURCES.md says: the 94 of the
  // overseas collectivities and 7 re-created after 2018.
  const auto missing = territory::communes_without_polygon(store);
  std::size_t com = 0;
  std::vector<std::string> recreated;
  for (const auto& [code, reason] : missing) {
    if (reason == "overseas_collectivity") {
      ++com;
    } else {
      EXPECT_EQ(reason, "no_polygon_2018");
      recreated.push_back(code);
    }
  }
  EXPECT_EQ(com, 94U);
  EXPECT_EQ(recreated, (std::vector<std::string>{"14666", "15031", "15035", "15047", "15171", "85165", "85212"}));
  EXPECT_EQ(territory::load_boundaries(store, territory::Level::commune).size(), 34868U);
}

}  // namespace
}  // namespace fabscope
