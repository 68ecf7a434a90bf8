// Polygons of a GeoJSON FeatureCollection (Polygon and MultiPolygon, lon/lat), with a
// point-in-polygon test.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace fabscope::io {

struct Ring {
  std::vector<double> lon, lat;
};

struct PolygonFeature {
  std::map<std::string, std::string> properties;  // string and number properties, as text
  std::vector<std::vector<Ring>> polygons;        // each: outer ring, then holes
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
  [[nodiscard]] bool contains(double lon, double lat) const;
};

// Throws InputError naming the file and the feature (e.g. "features[12].geometry"); a text
// that is not JSON (truncated, empty, binary, NaN, 1e400) is located by line, column and
// byte offset. Positions must be finite, longitude in [-180, 180], latitude in [-90, 90].
// Empty or degenerate geometries (null, "coordinates": [], a polygon without a ring of 3
// positions or more) enclose nothing: such features are left out and, when `skipped` is
// given, listed there (file, "features[i].geometry", why) so that callers can note them.
std::vector<PolygonFeature> read_polygons(const std::filesystem::path& path, std::vector<Problem>* skipped = nullptr);

// Throws the InputError of `text`, which is not valid JSON: file, line, column and byte
// offset of the first error (found by a second parser); `fallback` is the reason given
// when that parser finds none.
[[noreturn]] void throw_json_error(const std::string& text, const std::string& label, std::string_view fallback);

}  // namespace fabscope::io
