// The GeoJSON polygon reader on malformed and degenerate inputs: never a crash, either a
// feature left out with a note or an error naming the file and the place.
#include <gtest/gtest.h>

#include "io/geojson.hpp"
#include "support/test_support.hpp"

namespace fabscope::io {
namespace {

std::string collection(const std::string& geometry_a, const std::string& geometry_b) {
  return R"({"type":"FeatureCollection","features":[)"
         R"({"type":"Feature","properties":{"code":"01","nom":"A"},"geometry":)" +
         geometry_a +
         R"(},
{"type":"Feature","properties":{"code":"02","nom":"B"},"geometry":)" +
         geometry_b + "}]}";
}

const std::string kSquare = R"({"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]})";

TEST(GeoJson, EmptyMultiPolygonIsLeftOutWithANote) {
  test::TempDir dir;
  test::write_file(dir / "d.geojson", collection(R"({"type":"MultiPolygon","coordinates":[[]]})", kSquare));
  std::vector<Problem> skipped;
  const auto f = read_polygons(dir / "d.geojson", &skipped);
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].properties.at("code"), "02");
  EXPECT_TRUE(f[0].contains(1, 1));
  EXPECT_FALSE(f[0].contains(3, 1));
  ASSERT_EQ(skipped.size(), 1U);
  EXPECT_EQ(skipped[0].where.file, "d.geojson");
  EXPECT_EQ(skipped[0].where.field, "features[0].geometry");
}

TEST(GeoJson, EmptyCoordinatesNullGeometryAndDegenerateRingsAreLeftOut) {
  test::TempDir dir;
  for (const std::string g :
       {R"({"type":"Polygon","coordinates":[]})", R"({"type":"MultiPolygon","coordinates":[]})",
        R"({"type":"Polygon","coordinates":[[]]})", R"({"type":"Polygon","coordinates":[[[0,0],[1,1]]]})",
        R"({"type":"MultiPolygon","coordinates":[[[]],[]]})", "null"}) {
    test::write_file(dir / "c.geojson", collection(kSquare, g));
    std::vector<Problem> skipped;
    const auto f = read_polygons(dir / "c.geojson", &skipped);
    ASSERT_EQ(f.size(), 1U) << g;
    EXPECT_EQ(f[0].properties.at("code"), "01") << g;
    ASSERT_EQ(skipped.size(), 1U) << g;
    EXPECT_EQ(skipped[0].where.field, "features[1].geometry") << g;
  }
  // Without a list of skipped features, the same file still reads.
  EXPECT_EQ(read_polygons(dir / "c.geojson").size(), 1U);
}

TEST(GeoJson, ADegenerateHoleIsDroppedAndThePolygonKept) {
  test::TempDir dir;
  test::write_file(dir / "h.geojson",
                   collection(kSquare, R"({"type":"Polygon","coordinates":[[[5,5],[6,5],[6,6],[5,5]],[[5.5,5.5]]]})"));
  const auto f = read_polygons(dir / "h.geojson");
  ASSERT_EQ(f.size(), 2U);
  ASSERT_EQ(f[1].polygons.size(), 1U);
  EXPECT_EQ(f[1].polygons[0].size(), 1U);
}

TEST(GeoJson, OutOfRangeAndNonNumericPositionsAreLocatedErrors) {
  test::TempDir dir;
  test::write_file(dir / "r.geojson",
                   collection(kSquare, R"({"type":"Polygon","coordinates":[[[1e308,0],[2,0],[2,2],[0,0]]]})"));
  auto e = test::expect_input_error([&] { (void)read_polygons(dir / "r.geojson"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "r.geojson");
  EXPECT_EQ(e.problems()[0].where.field, "features[1].geometry");
  EXPECT_NE(e.problems()[0].message.find("outside [-180, 180]"), std::string::npos) << e.what();

  test::write_file(dir / "s.geojson",
                   collection(R"({"type":"Polygon","coordinates":[[["a",0],[2,0],[2,2],[0,0]]]})", kSquare));
  e = test::expect_input_error([&] { (void)read_polygons(dir / "s.geojson"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.field, "features[0].geometry");

  test::write_file(dir / "p.geojson", collection(R"({"type":"Point","coordinates":[1,2]})", kSquare));
  e = test::expect_input_error([&] { (void)read_polygons(dir / "p.geojson"); });
  EXPECT_NE(std::string(e.what()).find("found Point"), std::string::npos) << e.what();
}

// Syntax errors: file, line, column and byte offset.
TEST(GeoJson, SyntaxErrorsAreLocated) {
  test::TempDir dir;
  struct Case {
    std::string text;
    std::int64_t line, column;
  };
  const std::string good = collection(kSquare, kSquare);
  const std::vector<Case> cases = {
      {good.substr(0, good.size() - 10), 2,
       static_cast<std::int64_t>(good.size() - 10 - good.find('\n'))},   // truncated
      {"{\"type\":\"FeatureCollection\",\n\"features\":[NaN]}", 2, 13},  // NaN
      {"{\"features\":[],\n \"x\": 1e400}", 2, 7},                       // overflow
      {std::string("\x89PNG\r\n\x1a\n\0\0", 10), 1, 1},                  // binary
  };
  for (const auto& c : cases) {
    test::write_file(dir / "t.geojson", c.text);
    const auto e = test::expect_input_error([&] { (void)read_polygons(dir / "t.geojson"); });
    ASSERT_EQ(e.problems().size(), 1U);
    const auto& w = e.problems()[0].where;
    EXPECT_EQ(w.file, "t.geojson");
    EXPECT_EQ(w.line, c.line) << e.what();
    EXPECT_EQ(w.column, c.column) << e.what();
    EXPECT_NE(e.problems()[0].message.find("byte "), std::string::npos) << e.what();
  }
  test::write_file(dir / "e.geojson", "  \n");
  const auto e = test::expect_input_error([&] { (void)read_polygons(dir / "e.geojson"); });
  EXPECT_EQ(e.problems()[0].where.line, 1);
  EXPECT_NE(e.problems()[0].message.find("empty file"), std::string::npos);
}

}  // namespace
}  // namespace fabscope::io
