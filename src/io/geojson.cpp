#include "io/geojson.hpp"

#include <fmt/format.h>
#include <simdjson.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
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

namespace {

// Records where nlohmann's parser stopped (its SAX interface gives the byte offset of every
// error, also of a number too large for a double, which its exceptions do not).
struct ErrorPosition : nlohmann::json_sax<nlohmann::json> {
  std::size_t position = 0;
  std::string what;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string& token, const nlohmann::detail::exception& ex) override {
    // `pos` counts the characters read: a syntax error's is its offending character (given
    // `token` is the text read before it); a number too large ends at pos (`token` is it).
    const bool overflow = ex.id == 406;
    position = overflow ? (pos >= token.size() ? pos - token.size() : 0) : (pos > 0 ? pos - 1 : 0);
    what = ex.what();
    return false;
  }
};

}  // namespace

void throw_json_error(const std::string& text, const std::string& label, std::string_view fallback) {
  ErrorPosition sax;
  const bool ok = nlohmann::json::sax_parse(text, &sax);
  std::int64_t line = 1;
  std::int64_t col = 1;
  std::string why = ok || sax.what.empty() ? std::string(fallback) : sax.what;
  if (!ok) {
    const std::size_t offset = std::min(text.size(), sax.position);
    const auto before = std::string_view(text).substr(0, offset);
    line = 1 + static_cast<std::int64_t>(std::count(before.begin(), before.end(), '\n'));
    const auto nl = before.rfind('\n');
    col = 1 + static_cast<std::int64_t>(offset - (nl == std::string_view::npos ? 0 : nl + 1));
    why = fmt::format("{} (byte {})", why, offset);
  }
  throw InputError(Problem{{label, line, col, {}}, "not valid JSON: " + why});
}

simdjson::dom::element parse_located_json(simdjson::dom::parser& parser, const std::string& text,
                                          const std::string& label) {
  simdjson::dom::element root;
  const auto err = parser.parse(text).get(root);
  if (err == simdjson::SUCCESS) return root;
  throw_json_error(text, label, simdjson::error_message(err));
}

namespace {

// A position: [lon, lat] with finite longitude in [-180, 180] and latitude in [-90, 90].
// Returns an error text, empty when the ring was read (it may still be degenerate).
std::string read_ring(simdjson::dom::element ring_el, Ring& ring) {
  simdjson::dom::array pts;
  if (ring_el.get_array().get(pts) != simdjson::SUCCESS) return "a ring is not an array of positions";
  for (auto pt : pts) {
    simdjson::dom::array xy;
    double x = 0, y = 0;
    if (pt.get_array().get(xy) != simdjson::SUCCESS || xy.at(0).get_double().get(x) != simdjson::SUCCESS ||
        xy.at(1).get_double().get(y) != simdjson::SUCCESS) {
      return "a position is not [lon, lat] numbers";
    }
    if (!std::isfinite(x) || !std::isfinite(y) || x < -180 || x > 180 || y < -90 || y > 90) {
      return fmt::format("position [{}, {}] is outside [-180, 180] x [-90, 90]", x, y);
    }
    ring.lon.push_back(x);
    ring.lat.push_back(y);
  }
  return {};
}

// Rings with fewer than 3 positions enclose nothing: a polygon whose outer ring is so is
// dropped, and so are such holes. Returns an error text, empty when the polygon was read.
std::string read_polygon(simdjson::dom::element rings_el, std::vector<std::vector<Ring>>& polygons) {
  simdjson::dom::array rings;
  if (rings_el.get_array().get(rings) != simdjson::SUCCESS) return "a polygon is not an array of rings";
  std::vector<Ring> poly;
  for (auto r : rings) {
    Ring ring;
    if (auto error = read_ring(r, ring); !error.empty()) return error;
    if (ring.lon.size() >= 3) {
      poly.push_back(std::move(ring));
    } else if (poly.empty()) {
      break;  // a degenerate outer ring: the polygon has no area
    }
  }
  if (!poly.empty()) polygons.push_back(std::move(poly));
  return {};
}

// The polygons of a Polygon or a MultiPolygon (`coordinates`, the array `coords`); an error
// text, empty when they were read.
std::string read_geometry(std::string_view type, simdjson::dom::element coordinates, simdjson::dom::array coords,
                          std::vector<std::vector<Ring>>& polygons) {
  if (type == "Polygon") return read_polygon(coordinates, polygons);
  if (type != "MultiPolygon") return fmt::format("expected a Polygon or MultiPolygon, found {}", type);
  for (auto p : coords) {
    if (auto error = read_polygon(p, polygons); !error.empty()) return error;
  }
  return {};
}

// String and number properties, as text.
void read_properties(simdjson::dom::element feature, std::map<std::string, std::string>& properties) {
  simdjson::dom::object props;
  if (feature["properties"].get_object().get(props) != simdjson::SUCCESS) return;
  for (auto [key, value] : props) {
    std::string_view sv;
    if (value.get_string().get(sv) == simdjson::SUCCESS) {
      properties.emplace(std::string(key), std::string(sv));
    } else if (value.is_number()) {
      properties.emplace(std::string(key), simdjson::to_string(value));
    }
  }
}

// The bounding box of the outer rings.
void set_bounds(PolygonFeature& pf) {
  pf.min_lon = pf.min_lat = std::numeric_limits<double>::max();
  pf.max_lon = pf.max_lat = std::numeric_limits<double>::lowest();
  for (const auto& poly : pf.polygons) {
    const auto& outer = poly[0];
    pf.min_lon = std::min(pf.min_lon, *std::min_element(outer.lon.begin(), outer.lon.end()));
    pf.max_lon = std::max(pf.max_lon, *std::max_element(outer.lon.begin(), outer.lon.end()));
    pf.min_lat = std::min(pf.min_lat, *std::min_element(outer.lat.begin(), outer.lat.end()));
    pf.max_lat = std::max(pf.max_lat, *std::max_element(outer.lat.begin(), outer.lat.end()));
  }
}

}  // namespace

std::vector<PolygonFeature> read_polygons(const std::filesystem::path& path, std::vector<Problem>* skipped) {
  const std::string label = path.filename().string();
  const std::string text = read_file(path);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw InputError(Problem{{label, 1, 1, {}}, "empty file: expected a GeoJSON FeatureCollection"});
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root = parse_located_json(parser, text, label);
  simdjson::dom::array features;
  if (root["features"].get_array().get(features) != simdjson::SUCCESS) {
    throw InputError(Problem{{label, 1, 1, "features"}, "expected a GeoJSON FeatureCollection"});
  }
  ProblemList problems;
  std::vector<PolygonFeature> out;
  std::size_t i = 0;
  for (auto f : features) {
    const std::string where = fmt::format("features[{}].geometry", i++);
    PolygonFeature pf;
    read_properties(f, pf.properties);
    auto skip = [&](const std::string& why) {
      if (skipped != nullptr) skipped->push_back({{label, 0, 0, where}, why});
    };
    simdjson::dom::element geometry;
    if (f["geometry"].get(geometry) == simdjson::SUCCESS && geometry.is_null()) {
      skip("no geometry (null): feature left out");
      continue;
    }
    std::string_view type;
    simdjson::dom::array coords;
    if (f["geometry"]["type"].get_string().get(type) != simdjson::SUCCESS ||
        f["geometry"]["coordinates"].get_array().get(coords) != simdjson::SUCCESS) {
      problems.add({label, 0, 0, where}, "missing or malformed geometry");
      continue;
    }
    if (const auto error = read_geometry(type, f["geometry"]["coordinates"].value_unsafe(), coords, pf.polygons);
        !error.empty()) {
      problems.add({label, 0, 0, where}, error);
      continue;
    }
    if (pf.polygons.empty()) {
      skip(coords.size() == 0 ? fmt::format("empty {} (no coordinates): feature left out", type)
                              : fmt::format("{} without any ring of 3 positions or more: feature left out", type));
      continue;
    }
    set_bounds(pf);
    out.push_back(std::move(pf));
  }
  problems.throw_if_any();
  return out;
}

}  // namespace fabscope::io
