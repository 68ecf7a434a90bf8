// Polygons of a GeoJSON FeatureCollection (Polygon and MultiPolygon, lon/lat), with a
// point-in-polygon test.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

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

// Throws InputError naming the file and the feature (e.g. "features[12].geometry").
std::vector<PolygonFeature> read_polygons(const std::filesystem::path& path);

}  // namespace fabscope::io
