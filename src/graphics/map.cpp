#include "graphics/map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "graphics/scale.hpp"

namespace fabscope::graphics {

Layer project_layer(const std::vector<io::PolygonFeature>& features,
                    const std::function<std::string(const io::PolygonFeature&)>& code_of, const std::string& name_key) {
  Layer layer;
  layer.min_x = layer.min_y = std::numeric_limits<double>::max();
  layer.max_x = layer.max_y = std::numeric_limits<double>::lowest();
  const auto& proj = Lambert93::local();
  for (std::size_t fi = 0; fi < features.size(); ++fi) {
    const auto& f = features[fi];
    Shape shape;
    shape.feature = fi;
    shape.code = code_of(f);
    if (shape.code.empty()) continue;
    const auto it = f.properties.find(name_key);
    shape.name = it == f.properties.end() ? shape.code : it->second;
    for (const auto& polygon : f.polygons) {
      for (const auto& ring : polygon) {
        if (ring.lon.empty()) continue;
        std::vector<double> x = ring.lon, y = ring.lat;
        const bool metropolitan = x[0] > -6 && x[0] < 11 && y[0] > 41 && y[0] < 52;
        if (metropolitan) {
          proj.forward(x.data(), y.data(), x.size());
        } else if (const auto* inset = inset_of(x[0], y[0])) {
          // An overseas département: drawn in its box, which the layer's extent includes.
          if (std::find(layer.insets.begin(), layer.insets.end(), inset) == layer.insets.end()) {
            layer.insets.push_back(inset);
          }
          for (std::size_t i = 0; i < x.size(); ++i) {
            const auto xy = inset_forward(*inset, ring.lon[i], ring.lat[i]);
            x[i] = xy.x;
            y[i] = xy.y;
          }
        } else {
          continue;  // elsewhere in the world: not drawn
        }
        std::vector<XY> pts(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
          pts[i] = {x[i], y[i]};
          layer.min_x = std::min(layer.min_x, x[i]);
          layer.max_x = std::max(layer.max_x, x[i]);
          layer.min_y = std::min(layer.min_y, y[i]);
          layer.max_y = std::max(layer.max_y, y[i]);
        }
        shape.rings.push_back(std::move(pts));
      }
    }
    layer.shapes.push_back(std::move(shape));
  }
  for (const auto* inset : layer.insets) {
    layer.min_x = std::min(layer.min_x, inset->x0);
    layer.min_y = std::min(layer.min_y, inset->y0);
    layer.max_x = std::max(layer.max_x, inset->x0 + inset->size);
    layer.max_y = std::max(layer.max_y, inset->y0 + inset->size);
  }
  std::sort(layer.insets.begin(), layer.insets.end());
  return layer;
}

namespace {

struct Fit {
  double scale = 1, x0 = 0, y0 = 0, left = 0, top = 0;
  [[nodiscard]] double px(double x) const { return left + (x - x0) * scale; }
  [[nodiscard]] double py(double y) const { return top + (y0 - y) * scale; }
};

std::string path_of(const Shape& s, const Fit& fit) {
  std::string d;
  for (const auto& ring : s.rings) {
    double lx = std::numeric_limits<double>::quiet_NaN(), ly = lx;
    std::size_t emitted = 0;
    for (std::size_t i = 0; i < ring.size(); ++i) {
      const double x = std::round(fit.px(ring[i].x) * 10) / 10, y = std::round(fit.py(ring[i].y) * 10) / 10;
      // Drop vertices closer than half a pixel to the last one drawn (keeps the file small).
      if (emitted > 0 && i + 1 < ring.size() && std::abs(x - lx) < 0.5 && std::abs(y - ly) < 0.5) continue;
      d += emitted == 0 ? "M" : "L";
      d += coord(x);
      d += ' ';
      d += coord(y);
      lx = x;
      ly = y;
      ++emitted;
    }
    if (emitted > 0) d += "Z";
  }
  return d;
}

}  // namespace

namespace {
const auto& wrap = wrap_text;

std::string colour_of(const Choropleth& map, std::size_t category) {
  return category < map.category_colours.size() ? map.category_colours[category] : category_colour(category);
}

// Legend and tooltip numbers.
std::string format_value(const Choropleth& map, double v) {
  return map.format ? map.format(v) : fmt::format("{:.3g}", v);
}

// The height shrunk to the map's aspect ratio (France is about as tall as wide), leaving
// room for the legend column.
std::string draw_legend(const Choropleth& map, double top, double* height = nullptr);

int fitted_height(const Choropleth& map) {
  if (map.layer == nullptr || map.layer->shapes.empty()) return map.height;
  const auto& L = *map.layer;
  const double head = map.frame.subtitle.empty() ? 34.0 : 54.0;
  const double w = map.width - 24.0 - map.legend_width;
  const double needed = head + 12.0 + (L.max_y - L.min_y) * (w / (L.max_x - L.min_x)) + 24.0;
  double legend_height = 0;
  (void)draw_legend(map, 0, &legend_height);
  const double legend = head + legend_height + 24.0;
  return static_cast<int>(std::ceil(std::min<double>(map.height, std::max(needed, legend))));
}

// The layer fitted, centred, into the area left of the legend, between `top` and `bottom`.
Fit fit_layer(const Choropleth& map, double top, double bottom) {
  const auto& L = *map.layer;
  Fit fit;
  const double avail_w = map.width - 24.0 - map.legend_width, avail_h = bottom - top - 8.0;
  fit.scale = std::min(avail_w / (L.max_x - L.min_x), avail_h / (L.max_y - L.min_y));
  fit.x0 = L.min_x;
  fit.y0 = L.max_y;
  fit.left = 12 + (avail_w - (L.max_x - L.min_x) * fit.scale) / 2;
  fit.top = top + 4;
  return fit;
}

// Every shape filled with its value's class, with a tooltip and, optionally, a link.
std::string draw_units(const Choropleth& map, const Fit& fit) {
  std::string out = R"(<g class="units" stroke="#ffffff" stroke-width="0.6" fill-rule="evenodd">)";
  for (const auto& s : map.layer->shapes) {
    const auto it = map.values.find(s.code);
    const double v = it == map.values.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
    const int c = class_of(v, map.breaks);
    const std::string fill = c < 0 ? kMissingColour : map.colours.at(static_cast<std::size_t>(c));
    std::string value_text = std::isnan(v) ? map.missing_label : format_value(map, v);
    if (!std::isnan(v) && !map.unit.empty() && map.unit != "%") value_text += " " + map.unit;
    if (!map.tooltip_note.empty()) value_text += " · " + map.tooltip_note;
    const std::string path = fmt::format(
        R"(<path class="unit" data-code="{}" data-value="{}" fill="{}" d="{}"><title>{} ({}) : {}</title></path>)",
        text::xml_escape(s.code), std::isnan(v) ? "" : fmt::format("{}", v), fill, path_of(s, fit), text::xml_escape(s.name),
        text::xml_escape(s.code), text::xml_escape(value_text));
    if (map.href_prefix.empty()) {
      out += path;
    } else {
      // Links for the pointer only: a map of 35,000 communes is not a list to tab through
      // (keyboard users reach the same pages from the search and the tables).
      out += fmt::format(R"(<a href="{}{}" tabindex="-1">{}</a>)", text::xml_escape(map.href_prefix), text::xml_escape(s.code),
                         path);
    }
  }
  out += "</g>";
  return out;
}

// A thin frame and the name of each overseas inset.
std::string draw_insets(const Layer& layer, const Fit& fit) {
  if (layer.insets.empty()) return "";
  std::string out = R"(<g class="insets" fill="none" stroke="#9e9e9e" stroke-width="0.6">)";
  for (const auto* i : layer.insets) {
    const double x = fit.px(i->x0), y = fit.py(i->y0 + i->size), side = i->size * fit.scale;
    out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}"/><text x="{}" y="{}" font-size="9" fill="#4d4d4d" stroke="none">{}</text>)",
                       coord(x), coord(y), coord(side), coord(side), coord(x), coord(y - 2),
                       text::xml_escape(std::string(i->name)));
  }
  out += "</g>";
  return out;
}

// The points inside the mapped area, coloured by category.
std::string draw_points(const Choropleth& map, const Fit& fit, double top, double bottom) {
  // A dark outline keeps every point colour visible on the lightest and darkest classes.
  std::string out = R"(<g class="points" stroke="#1a1a1a" stroke-width="0.9">)";
  for (const auto& p : map.points) {
    const auto xy = france_forward(p.lon, p.lat);
    if (std::isnan(xy.x)) continue;
    const double x = fit.px(xy.x), y = fit.py(xy.y);
    if (x < 0 || y < top || x > map.width - map.legend_width || y > bottom) continue;  // outside the mapped area
    const std::string dot =
        fmt::format(R"(<circle class="{}" cx="{}" cy="{}" r="{}" fill="{}"><title>{}</title></circle>)",
                    p.secondary ? "site" : "workshop", coord(x), coord(y), p.secondary ? "2.2" : "3.5",
                    colour_of(map, p.category), text::xml_escape(p.label));
    out += p.href.empty() ? dot : fmt::format(R"(<a href="{}" tabindex="-1">{}</a>)", text::xml_escape(p.href), dot);
  }
  out += "</g>";
  return out;
}

// The label of colour class i: ≤ first break, between two breaks, > last break.
std::string class_label(const Choropleth& map, std::size_t i) {
  if (map.breaks.empty()) return "";
  if (i == 0) return "≤ " + format_value(map, map.breaks.front());
  if (i == map.breaks.size()) return "> " + format_value(map, map.breaks.back());
  return format_value(map, map.breaks[i - 1]) + " – " + format_value(map, map.breaks[i]);
}

// Characters per legend line: the legend column's width at 11 px DejaVu Sans (about 6.5 px
// a character), after the 34 px of the key.
std::size_t legend_chars(const Choropleth& map) {
  return static_cast<std::size_t>(std::max(12.0, (map.legend_width - 40) / 6.5));
}

// The legend column on the right: title (and unit), colour classes, missing data, point
// categories. Long labels wrap onto several lines, never cut; `height` receives its height.
std::string draw_legend(const Choropleth& map, double top, double* height) {
  const double lx = map.width - map.legend_width;
  const std::size_t chars = legend_chars(map);
  double y = top + 8;
  std::string out =
      fmt::format(R"svg(<g class="legend" font-size="11" fill="#1a1a1a" transform="translate({} 0)">)svg", coord(lx));
  auto title = wrap(map.legend_title, chars + 4);
  if (!map.unit.empty() && map.unit != "%") {
    for (const auto& line : wrap("(" + map.unit + ")", chars + 4)) title.push_back(line);
  }
  for (const auto& line : title) {
    out += fmt::format(R"(<text x="12" y="{}" font-weight="bold">{}</text>)", coord(y + 12), text::xml_escape(line));
    y += 14;
  }
  y += 8;
  // One key (square or dot) and its label, wrapped.
  const auto entry = [&](const std::string& key, const std::string& label) {
    out += key;
    const auto lines = wrap(label, chars);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      out += fmt::format(R"(<text x="34" y="{}">{}</text>)", coord(y + 10 + 13.0 * static_cast<double>(k)),
                         text::xml_escape(lines[k]));
    }
    y += 18 + 13.0 * static_cast<double>(lines.empty() ? 0 : lines.size() - 1);
  };
  const auto square = [&](const std::string& fill) {
    return fmt::format(R"(<rect x="12" y="{}" width="16" height="12" fill="{}" stroke="#888888" stroke-width="0.5"/>)",
                       coord(y), fill);
  };
  for (std::size_t i = 0; i < map.colours.size(); ++i) entry(square(map.colours[i]), class_label(map, i));
  entry(square(kMissingColour), map.missing_label);
  if (!map.categories.empty()) {
    y += 8;
    for (const auto& line : wrap(map.points_title, chars + 4)) {
      out += fmt::format(R"(<text x="12" y="{}" font-weight="bold">{}</text>)", coord(y + 10), text::xml_escape(line));
      y += 14;
    }
    y += 4;
  }
  for (std::size_t i = 0; i < map.categories.size(); ++i) {
    entry(fmt::format(R"(<circle cx="20" cy="{}" r="4" fill="{}" stroke="#1a1a1a" stroke-width="0.9"/>)", coord(y + 6),
                      colour_of(map, i)),
          map.categories[i]);
  }
  out += "</g>";
  if (height != nullptr) *height = y - top;
  return out;
}

}  // namespace

std::string render_choropleth(const Choropleth& input) {
  Choropleth map = input;
  map.height = fitted_height(input);
  double top = 0;
  std::string out = open_svg(map.frame, map.width, map.height, top);
  const double bottom = map.height - 24.0;
  if (map.layer != nullptr && !map.layer->shapes.empty()) {
    const Fit fit = fit_layer(map, top, bottom);
    // The mapped area in one group, clipped to its place left of the legend: the pages' script
    // zooms and pans it (a transform on the group) and leaves the legend where it is.
    const std::string clip = (map.frame.id.empty() ? std::string("map") : map.frame.id) + "-clip";
    out += fmt::format(
        R"svg(<clipPath id="{}"><rect x="0" y="{}" width="{}" height="{}"/></clipPath><g clip-path="url(#{})"><g class="zoomable">)svg",
        text::xml_escape(clip), coord(top), coord(map.width - map.legend_width), coord(bottom - top), text::xml_escape(clip));
    out += draw_units(map, fit);
    out += draw_insets(*map.layer, fit);
    if (!map.points.empty()) out += draw_points(map, fit, top, bottom);
    out += "</g></g>";
  }
  out += draw_legend(map, top);
  out += close_svg(map.frame, map.width, map.height);
  return out;
}

}  // namespace fabscope::graphics
