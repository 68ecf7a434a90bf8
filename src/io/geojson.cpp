#include "io/geojson.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <limits>

#include "core/error.hpp"
#include "io/archive.hpp"

namespace fabscope::io {
namespace {

bool ring_contains(const Ring& r, double x, double y) {
  bool inside = false;
  const std::size_t n = r.lon.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const double xi = r.lon[i], yi = r.lat[i], xj = r.lon[j], yj = r.lat[j];
    if (((yi > y) != (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi)) inside = !inside;
  }
  return inside;
}

}  // namespace

bool PolygonFeature::contains(double lon, double lat) const {
  if (lon < min_lon || lon > max_lon || lat < min_lat || lat > max_lat) return false;
  for (const auto& poly : polygons) {
    if (poly.empty() || !ring_contains(poly[0], lon, lat)) continue;
    bool in_hole = false;
    for (std::size_t h = 1; h < poly.size() && !in_hole; ++h) in_hole = ring_contains(poly[h], lon, lat);
    if (!in_hole) return true;
  }
  return false;
}

std::vector<PolygonFeature> read_polygons(const std::filesystem::path& path) {
  const std::string label = path.filename().string();
  const std::string text = read_file(path);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text).get(root) != simdjson::SUCCESS) {
    throw InputError(Problem{{label, 0, 0, {}}, "not valid JSON"});
  }
  simdjson::dom::array features;
  if (root["features"].get_array().get(features) != simdjson::SUCCESS) {
    throw InputError(Problem{{label, 0, 0, "features"}, "expected a GeoJSON FeatureCollection"});
  }
  ProblemList problems;
  std::vector<PolygonFeature> out;
  std::size_t i = 0;
  auto read_ring = [&](simdjson::dom::element ring_el, Ring& ring) {
    simdjson::dom::array pts;
    if (ring_el.get_array().get(pts) != simdjson::SUCCESS) return false;
    for (auto pt : pts) {
      simdjson::dom::array xy;
      double x = 0, y = 0;
      if (pt.get_array().get(xy) != simdjson::SUCCESS || xy.at(0).get_double().get(x) != simdjson::SUCCESS ||
          xy.at(1).get_double().get(y) != simdjson::SUCCESS) {
        return false;
      }
      ring.lon.push_back(x);
      ring.lat.push_back(y);
    }
    return ring.lon.size() >= 3;
  };
  for (auto f : features) {
    PolygonFeature pf;
    simdjson::dom::object props;
    if (f["properties"].get_object().get(props) == simdjson::SUCCESS) {
      for (auto [key, value] : props) {
        std::string_view sv;
        if (value.get_string().get(sv) == simdjson::SUCCESS) {
          pf.properties.emplace(std::string(key), std::string(sv));
        } else if (value.is_number()) {
          pf.properties.emplace(std::string(key), simdjson::to_string(value));
        }
      }
    }
    std::string_view type;
    simdjson::dom::array coords;
    if (f["geometry"]["type"].get_string().get(type) != simdjson::SUCCESS ||
        f["geometry"]["coordinates"].get_array().get(coords) != simdjson::SUCCESS) {
      problems.add({label, 0, 0, fmt::format("features[{}].geometry", i)}, "missing or malformed geometry");
      ++i;
      continue;
    }
    auto read_polygon = [&](simdjson::dom::array rings) {
      std::vector<Ring> poly;
      for (auto r : rings) {
        Ring ring;
        if (!read_ring(r, ring)) return false;
        poly.push_back(std::move(ring));
      }
      pf.polygons.push_back(std::move(poly));
      return true;
    };
    bool ok = true;
    if (type == "Polygon") {
      ok = read_polygon(coords);
    } else if (type == "MultiPolygon") {
      for (auto p : coords) {
        simdjson::dom::array rings;
        ok = ok && p.get_array().get(rings) == simdjson::SUCCESS && read_polygon(rings);
      }
    } else {
      ok = false;
    }
    if (!ok) {
      problems.add({label, 0, 0, fmt::format("features[{}].geometry", i)},
                   fmt::format("expected a Polygon or MultiPolygon with [lon, lat] positions, found {}", type));
    } else {
      pf.min_lon = pf.min_lat = std::numeric_limits<double>::max();
      pf.max_lon = pf.max_lat = std::numeric_limits<double>::lowest();
      for (const auto& poly : pf.polygons) {
        const auto& outer = poly[0];
        pf.min_lon = std::min(pf.min_lon, *std::min_element(outer.lon.begin(), outer.lon.end()));
        pf.max_lon = std::max(pf.max_lon, *std::max_element(outer.lon.begin(), outer.lon.end()));
        pf.min_lat = std::min(pf.min_lat, *std::min_element(outer.lat.begin(), outer.lat.end()));
        pf.max_lat = std::max(pf.max_lat, *std::max_element(outer.lat.begin(), outer.lat.end()));
      }
      out.push_back(std::move(pf));
    }
    ++i;
  }
  problems.throw_if_any();
  return out;
}

}  // namespace fabscope::io
