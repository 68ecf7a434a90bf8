// GeoJSON polygons (src/io/geojson.cpp): FeatureCollection of Polygon / MultiPolygon,
// string and number properties, bounding boxes, point-in-polygon. Input: the file.
// Properties: a returned feature has at least one polygon, each with an outer ring of
// three positions or more, and a bounding box that holds its outer rings.
#include "fuzz.hpp"
#include "io/geojson.hpp"

using namespace fabscope;

FABSCOPE_FUZZ_TARGET(geojson) {
  const auto path = fuzz::scratch_file("fuzz.geojson", input);
  fuzz::expect_located("geojson", [&] {
    for (const auto& f : io::read_polygons(path)) {
      for (const auto& poly : f.polygons) {
        if (poly.empty() || poly[0].lon.size() < 3) fuzz::fail("geojson", "a polygon without an outer ring");
        for (std::size_t k = 0; k < poly[0].lon.size(); ++k) {
          const double x = poly[0].lon[k], y = poly[0].lat[k];
          if (x < f.min_lon || x > f.max_lon || y < f.min_lat || y > f.max_lat)
            fuzz::fail("geojson", "a position outside the feature's bounding box");
        }
        (void)f.contains(poly[0].lon[0], poly[0].lat[0]);
        (void)f.contains((f.min_lon + f.max_lon) / 2, (f.min_lat + f.max_lat) / 2);
      }
    }
  });
}
