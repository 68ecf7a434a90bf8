// Maps and charts: class breaks and the Lambert-93 projection against the independent
// reference (tests/reference/graphics_reference.py: numpy quantiles, pyproj), palettes,
// and golden SVG files (deterministic output; FABSCOPE_UPDATE_GOLDEN=1 rewrites them).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "graphics/charts.hpp"
#include "graphics/map.hpp"
#include "graphics/projection.hpp"
#include "graphics/scale.hpp"
#include "io/csv.hpp"
#include "io/geojson.hpp"
#include "support/test_support.hpp"

namespace fabscope::graphics {
namespace {

using Rows = std::vector<std::map<std::string, std::string>>;

Rows read_csv(const std::filesystem::path& path) {
  io::CsvReader reader(test::read_file(path), path.string());
  std::vector<std::string_view> f;
  std::vector<std::string> header;
  Rows rows;
  while (reader.next(f)) {
    if (header.empty()) {
      header.assign(f.begin(), f.end());
      continue;
    }
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < f.size() && i < header.size(); ++i) row[header[i]] = std::string(f[i]);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::filesystem::path expected(const std::string& name) {
  return test::source_dir() / "tests" / "reference" / "expected" / name;
}

TEST(Breaks, MatchNumpyOnDepartementValues) {
  std::set<std::string> mapped;
  for (const auto& f : io::read_polygons(test::data_dir() / "geo" / "departements-version-simplifiee.geojson")) {
    mapped.insert(f.properties.at("code"));
  }
  ASSERT_EQ(mapped.size(), 96U);
  const auto deps = read_csv(expected("territory_dep.csv"));
  const auto cases = read_csv(expected("graphics/breaks.csv"));
  ASSERT_EQ(cases.size(), 30U);
  for (const auto& c : cases) {
    std::vector<double> values;
    for (const auto& d : deps) {
      if (mapped.count(d.at("code")) != 0 && !d.at(c.at("indicator")).empty())
        values.push_back(std::stod(d.at(c.at("indicator"))));
    }
    values.push_back(std::numeric_limits<double>::quiet_NaN());  // ignored
    const auto method = c.at("method") == "quantile" ? BreakMethod::quantile : BreakMethod::equal;
    const auto got = compute_breaks(values, method, std::stoi(c.at("classes")));
    std::vector<double> want;
    std::istringstream in(c.at("breaks"));
    for (double x; in >> x;) want.push_back(x);
    ASSERT_EQ(got.size(), want.size()) << c.at("indicator") << " " << c.at("method") << " " << c.at("classes");
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_NEAR(got[i], want[i], 1e-9 * std::max(1.0, std::abs(want[i])))
          << c.at("indicator") << " " << c.at("method") << " bound " << i;
    }
  }
}

TEST(Breaks, EdgeCases) {
  // Ties collapse bounds; a bound equal to the maximum is dropped; NaN is ignored.
  EXPECT_EQ(compute_breaks({1, 1, 1, 1, 2}, BreakMethod::quantile, 4), std::vector<double>{1});
  EXPECT_EQ(compute_breaks({3, 3, 3}, BreakMethod::quantile, 4), std::vector<double>{});
  EXPECT_EQ(compute_breaks({0, 10}, BreakMethod::equal, 2), std::vector<double>{5});
  EXPECT_TRUE(compute_breaks({std::nan("")}, BreakMethod::quantile, 5).empty());
  EXPECT_THROW((void)compute_breaks({1, 2}, BreakMethod::quantile, 1), std::invalid_argument);
  EXPECT_THROW((void)compute_breaks({1, 2}, BreakMethod::quantile, 10), std::invalid_argument);
  const std::vector<double> b = {10, 20};
  EXPECT_EQ(class_of(5, b), 0);
  EXPECT_EQ(class_of(10, b), 0);  // upper bound inclusive
  EXPECT_EQ(class_of(10.5, b), 1);
  EXPECT_EQ(class_of(20, b), 1);
  EXPECT_EQ(class_of(21, b), 2);
  EXPECT_EQ(class_of(std::nan(""), b), -1);
}

TEST(Palette, ViridisLightToDark) {
  const auto p = sequential_palette(9);
  ASSERT_EQ(p.size(), 9U);
  EXPECT_EQ(p.front(), "#fde725");  // viridis(1): low values light
  EXPECT_EQ(p.back(), "#440154");   // viridis(0): high values dark
  EXPECT_EQ(p[4], "#21908c");
  EXPECT_EQ(sequential_palette(5).size(), 5U);
  EXPECT_EQ(category_colour(0), "#e69f00");
  EXPECT_EQ(category_colour(8), category_colour(0));
}

TEST(Projection, Lambert93MatchesPyproj) {
  const auto& proj = Lambert93::local();
  const auto places = read_csv(expected("graphics/lambert93.csv"));
  ASSERT_EQ(places.size(), 10U);
  for (const auto& p : places) {
    const auto xy = proj.forward(std::stod(p.at("lon")), std::stod(p.at("lat")));
    EXPECT_NEAR(xy.x, std::stod(p.at("x")), 1e-3) << p.at("place");
    EXPECT_NEAR(xy.y, std::stod(p.at("y")), 1e-3) << p.at("place");
  }
  // The projection's own definition: 3° E, 46.5° N is (700 000, 6 600 000).
  const auto o = proj.forward(3.0, 46.5);
  EXPECT_NEAR(o.x, 700000.0, 1e-6);
  EXPECT_NEAR(o.y, 6600000.0, 1e-6);
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

void check_golden(const std::string& name, const std::string& svg) {
  const auto path = test::source_dir() / "tests" / "golden" / "svg" / name;
  if (std::getenv("FABSCOPE_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << svg;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << path << " missing: run with FABSCOPE_UPDATE_GOLDEN=1";
  EXPECT_EQ(svg, test::read_file(path)) << name << " differs from its golden file";
}

TEST(Svg, ChoroplethGolden) {
  // Two squares in Lambert-93 metres, one missing value, one workshop point.
  Layer layer;
  layer.shapes.push_back(
      {"A", "Alpha & co", 0, {{{600000, 6600000}, {700000, 6600000}, {700000, 6700000}, {600000, 6700000}}}});
  layer.shapes.push_back(
      {"B", "Bêta <b>", 1, {{{700000, 6600000}, {800000, 6600000}, {800000, 6700000}, {700000, 6700000}}}});
  layer.shapes.push_back(
      {"C", "Gamma", 2, {{{600000, 6500000}, {700000, 6500000}, {700000, 6600000}, {600000, 6600000}}}});
  layer.min_x = 600000;
  layer.max_x = 800000;
  layer.min_y = 6500000;
  layer.max_y = 6700000;
  Choropleth c;
  c.frame = {"Densité de population", "Test · quantiles", "Source : test", "map", "Données fictives"};
  c.layer = &layer;
  c.values = {{"A", 10.0}, {"B", 250.5}};
  c.breaks = {100};
  c.colours = sequential_palette(2);
  c.legend_title = "hab./km²";
  c.href_prefix = "/territoires/dep/";
  c.points = {{3.0, 46.5, "Atelier (fictif)", "/ateliers/x", 1}};
  c.categories = {"fablab", "makerspace"};
  c.points_title = "Ateliers";
  const auto svg = render_choropleth(c);
  EXPECT_NE(svg.find(R"(data-code="A" data-value="10" fill="#fde725")"), std::string::npos);
  EXPECT_NE(svg.find(R"(data-code="B" data-value="250.5" fill="#440154")"), std::string::npos);
  EXPECT_NE(svg.find(R"(data-code="C" data-value="" fill="#d9d9d9")"), std::string::npos);
  EXPECT_NE(svg.find("Bêta &lt;b&gt;"), std::string::npos);
  EXPECT_NE(svg.find(R"(class="workshop")"), std::string::npos);
  check_golden("choropleth.svg", svg);
}

// Overseas départements go into their inset boxes (framed and named), workshops there too;
// long legend labels wrap onto several lines instead of running out of the image; the unit
// follows the value in tooltips and the title in the legend.
TEST(Svg, OverseasInsetsAndWrappedLegend) {
  io::PolygonFeature reunion, brest;
  reunion.properties = {{"code", "974"}, {"nom", "La Réunion"}};
  reunion.polygons = {{io::Ring{{55.2, 55.8, 55.8, 55.2}, {-21.4, -21.4, -20.9, -20.9}}}};
  brest.properties = {{"code", "29"}, {"nom", "Finistère"}};
  brest.polygons = {{io::Ring{{-4.8, -3.4, -3.4, -4.8}, {47.7, 47.7, 48.7, 48.7}}}};
  const auto layer = project_layer(
      {reunion, brest}, [](const io::PolygonFeature& f) { return f.properties.at("code"); }, "nom");
  ASSERT_EQ(layer.insets.size(), 1U);
  EXPECT_EQ(layer.insets[0]->code, "974");
  // The box sits west of Bretagne in the Lambert-93 plane and the shape inside it.
  const auto& box = *layer.insets[0];
  for (const auto& p : layer.shapes[0].rings[0]) {
    EXPECT_GE(p.x, box.x0);
    EXPECT_LE(p.x, box.x0 + box.size);
    EXPECT_GE(p.y, box.y0);
    EXPECT_LE(p.y, box.y0 + box.size);
  }
  EXPECT_LT(box.x0 + box.size, layer.shapes[1].rings[0][0].x);
  const auto in_box = france_forward(55.45, -21.1);
  EXPECT_GT(in_box.x, box.x0);
  EXPECT_LT(in_box.x, box.x0 + box.size);
  EXPECT_TRUE(std::isnan(france_forward(-149.5, -17.5).x));  // Tahiti: no box
  Choropleth c;
  c.frame = {"Test", "", "", "map", ""};
  c.layer = &layer;
  c.values = {{"974", 12.5}, {"29", 3.0}};
  c.breaks = {5};
  c.colours = sequential_palette(2);
  c.legend_title = "Distance";
  c.unit = "km";
  c.tooltip_note = "source test";
  c.categories = {"Lieu d'innovation (French Tech, accélérateur)"};
  c.points = {{55.45, -21.1, "Atelier (fictif)", "", 0}};
  const auto svg = render_choropleth(c);
  EXPECT_NE(svg.find(">La Réunion</text>"), std::string::npos);
  EXPECT_NE(svg.find("La Réunion (974) : 12.5 km · source test"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">(km)</text>"), std::string::npos);
  EXPECT_NE(svg.find("innovation (French</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Tech, accélérateur)</text>"), std::string::npos);
  EXPECT_EQ(count_of(svg, R"(class="workshop")"), 1U);
}

TEST(Svg, ChartsGolden) {
  Frame f{"Scores (fictifs)", "Intervalle 5–95 %", "Source : test", "", ""};
  std::vector<Bar> bars = {{"Territoire", 0.5, 0.4, 0.7, true, "0,500"},
                           {"Succès", std::nan(""), 0, 0, false, "pas de donnée"}};
  const auto bar = bar_chart(f, bars, 0, 1);
  EXPECT_NE(bar.find(R"(class="interval")"), std::string::npos);
  EXPECT_NE(bar.find(R"(class="bar missing")"), std::string::npos);
  check_golden("bars.svg", bar);
  const auto pct = percentile_chart(f, {{"Densité", "4 320,9", 99.5}, {"Revenu", "—", std::nan("")}});
  EXPECT_NE(pct.find("(centile 100)"), std::string::npos) << "99.5 rounds to 100 in the tooltip";
  check_golden("percentiles.svg", pct);
  const auto radar = radar_chart(f, {"Territoire", "Modèle", "Succès", "Impacts"},
                                 {{"Atelier (fictif)", {0.5, 1.0, std::nan(""), 0.25}, "#0072b2", false},
                                  {"Médiane", {0.4, 0.3, 0.2, 0.1}, "#e69f00", true}});
  EXPECT_EQ(count_of(radar, R"(class="series")"), 2U);
  EXPECT_NE(radar.find("Atelier (fictif) — Succès : —"), std::string::npos);  // missing: hollow, at the centre
  check_golden("radar.svg", radar);
  // 1, 10, 100, 1000 on a log axis in 3 bins (0 and -5 left out, NaN ignored): 1, 1, 2.
  const auto dist = distribution_chart(f, {1, 10, 100, 1000, 0, -5, std::nan("")}, 100, "Ici : 100", true, 3);
  EXPECT_EQ(count_of(dist, "<rect x="), 3U);
  EXPECT_NE(dist.find("<title>2</title>"), std::string::npos);  // 100 and 1000 share the last bin
  EXPECT_NE(dist.find(R"(class="marker")"), std::string::npos);
  check_golden("distribution.svg", dist);
}

TEST(Svg, CoordinatesAreCompact) {
  EXPECT_EQ(coord(12.0), "12");
  EXPECT_EQ(coord(12.04), "12");
  EXPECT_EQ(coord(12.05), "12.1");
  EXPECT_EQ(coord(-3.25), "-3.3");  // half away from zero
  EXPECT_EQ(text::xml_escape(R"(a<b>&"c')"), "a&lt;b&gt;&amp;&quot;c&#39;");
}

}  // namespace
}  // namespace fabscope::graphics
