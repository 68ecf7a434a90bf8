// Choropleth maps in SVG: polygons projected to Lambert-93 once (a Layer), coloured by
// class, with a legend, optional points (workshops) and links. Deterministic output.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "graphics/projection.hpp"
#include "graphics/svg.hpp"
#include "io/geojson.hpp"

namespace fabscope::graphics {

struct Shape {
  std::string code, name;
  std::size_t feature = 0;             // index of the source feature (project_layer)
  std::vector<std::vector<XY>> rings;  // Lambert-93 metres; outer rings and holes (even-odd)
};

struct Layer {
  std::vector<Shape> shapes;
  std::vector<const Inset*> insets;  // overseas boxes drawn (projection.hpp), in table order
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
};

// Projects polygon features; `code_of` gives a feature's code (empty = skip it) and its
// name comes from the `name_key` property.
Layer project_layer(const std::vector<io::PolygonFeature>& features,
                    const std::function<std::string(const io::PolygonFeature&)>& code_of, const std::string& name_key);

struct MapPoint {
  double lon = 0, lat = 0;
  std::string label, href;
  std::size_t category = 0;
  bool secondary = false;  // another kind of place (France services): smaller, class "site"
};

struct Choropleth {
  Frame frame;
  const Layer* layer = nullptr;
  std::map<std::string, double> values;  // by shape code; absent or NaN = missing
  std::vector<double> breaks;            // scale.hpp
  std::vector<std::string> colours;      // breaks.size() + 1
  std::string legend_title;
  std::string unit;          // after the legend title and every tooltip value ("" = none)
  std::string tooltip_note;  // appended to every shape's tooltip (e.g. the source)
  std::function<std::string(double)> format;  // legend and tooltip numbers
  std::string missing_label = "Donnée manquante";
  std::string href_prefix;  // shape link: href_prefix + code (empty: no links)
  std::vector<MapPoint> points;
  std::vector<std::string> categories;        // point legend, by category index
  std::vector<std::string> category_colours;  // optional: colour of each category (default Okabe-Ito)
  std::string points_title;                   // heading of the point legend
  int width = 820, height = 700;
  double legend_width = 210;
};

std::string render_choropleth(const Choropleth& map);

}  // namespace fabscope::graphics
