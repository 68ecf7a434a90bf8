// The home page (map of territories and workshops) and the map downloads: /, /carte.svg|png|geojson|csv.
#include "web/page_parts.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"
#include "graphics/charts.hpp"
#include "graphics/map.hpp"
#include "graphics/raster.hpp"
#include "graphics/scale.hpp"
#include "referential/referential.hpp"
#include "store/store.hpp"
#include "territory/boundaries.hpp"
#include "territory/indicators.hpp"
#include "app/snapshot.hpp"
#include "web/layers.hpp"
#include "web/table.hpp"
#include "workshops/access.hpp"
#include "workshops/fit.hpp"

namespace fabscope::web {

namespace {
constexpr std::string_view kAccessLayer = "access_2sfca", kWhiteLayer = "nearest_workshop_km",
                           kHelpLayer = "nearest_help_km";
}  // namespace

std::string map_layer_id(const MapChoice& c) {
  return c.layer.empty() ? std::string(indicator_def(c.indicator).id) : c.layer;
}

std::string map_layer_label(Lang lang, const MapChoice& c) {
  if (c.layer.empty()) return indicator_label(lang, c.indicator);
  return fmt::format(fmt::runtime(tr(lang, "map.layer." + c.layer)), number(lang, c.radius_km, 0));
}

std::string map_layer_unit(Lang lang, const MapChoice& c) {
  if (c.layer.empty()) return unit_label(lang, indicator_def(c.indicator).unit);
  return unit_label(lang, c.layer == kAccessLayer ? "places per 100,000 inhabitants" : "km");
}

std::string map_layer_value(Lang lang, const MapChoice& c, double v) {
  return c.layer.empty() ? format_indicator(lang, c.indicator, v) : number(lang, v, 1);
}

MapChoice map_choice(const PageRequest& r) {
  MapChoice c;
  auto ind = r.param("indicator", "density");
  if (ind == kAccessLayer || ind == kWhiteLayer || ind == kHelpLayer) {
    c.layer = ind;
    const auto radius = text::parse_double(r.param("radius", "30"));
    if (!radius || *radius < 5 || *radius > 200) throw PageError{400, "radius must be a number of km from 5 to 200"};
    c.radius_km = *radius;
    ind = "density";
  }
  const auto i = territory::indicator_index(ind);
  if (!i) throw PageError{400, fmt::format("unknown indicator '{}' (see /api/v1/indicators)", ind)};
  c.indicator = *i;
  const auto level = territory::parse_level(r.param("level", "dep"));
  if (!level || *level == Level::fr) throw PageError{400, "level must be commune, epci, ze, dep or reg"};
  c.level = *level;
  const auto m = r.param("method", "quantile");
  if (m == "quantile") {
    c.method = graphics::BreakMethod::quantile;
  } else if (m == "equal") {
    c.method = graphics::BreakMethod::equal;
  } else if (m == "manual") {
    c.method = graphics::BreakMethod::manual;
  } else {
    throw PageError{400, "method must be quantile, equal or manual"};
  }
  if (const auto pts = r.param("points", "kind"); pts != "kind" && pts != "score")
    throw PageError{400, "points must be kind or score"};
  const auto k = text::parse_int(r.param("classes", "5"));
  if (!k || *k < 2 || *k > 9) throw PageError{400, "classes must be an integer from 2 to 9"};
  c.classes = static_cast<int>(*k);
  if (c.method == graphics::BreakMethod::manual) {
    std::istringstream words(r.param("breaks"));
    for (std::string tok; words >> tok;) {
      std::string t = tok;
      std::replace(t.begin(), t.end(), ',', '.');
      const auto v = text::parse_double(t);
      if (!v) throw PageError{400, fmt::format("breaks: '{}' is not a number", tok)};
      c.manual.push_back(*v);
    }
    if (c.manual.empty()) throw PageError{400, "method=manual needs breaks, e.g. breaks=50 100 500"};
    std::sort(c.manual.begin(), c.manual.end());
    c.manual.erase(std::unique(c.manual.begin(), c.manual.end()), c.manual.end());
  }
  if (!c.layer.empty() && c.level != Level::commune) {
    // The workshops' layers are computed for communes: shown at that level, saying so.
    c.note = fmt::format(fmt::runtime(tr(r.lang, "map.layer.only_communes")), map_layer_label(r.lang, c));
    c.level = Level::commune;
  }
  if (territory::commune_only(c.indicator) && c.level != Level::commune) {
    // The indicator does not exist at this level (the picker does not offer it there): the
    // map shows the density instead and says why.
    c.note = fmt::format(fmt::runtime(tr(r.lang, "home.commune_only")), indicator_label(r.lang, c.indicator),
                         level_name(r.lang, c.level));
    c.indicator = *territory::indicator_index("density");
  }
  return c;
}

MapData map_data(const PageRequest& r, const Snapshot& snap) {
  MapData m;
  m.choice = map_choice(r);
  m.layer = layer(m.choice.level, r.data_dir, snap);
  if (m.layer == nullptr) {
    throw PageError{404, fmt::format("no boundaries for level {}: import ign_communes_2018 (fabscope import --all)",
                                     territory::level_id(m.choice.level))};
  }
  std::set<std::string> shown;
  if (m.layer != nullptr) {
    for (const auto& s : m.layer->shapes) shown.insert(s.code);
  }
  std::vector<double> vals;
  std::unordered_map<std::string, double> layer_values;
  if (!m.choice.layer.empty()) {
    // 2SFCA with the chosen radius over the snapshot's communes and distinct workshops.
    const auto& in = snap.access.inputs;
    auto a = workshops::two_step_fca(in.lat, in.lon, in.population, in.supply, {m.choice.radius_km});
    const bool help = m.choice.layer == kHelpLayer;
    if (help) {
      if (in.help.empty()) throw PageError{404, "no France services list: fabscope import anct_france_services_2022"};
      workshops::add_public_help(a, in.lat, in.lon, in.help, m.choice.radius_km);
    }
    for (std::size_t i = 0; i < in.code.size(); ++i) {
      layer_values[in.code[i]] = m.choice.layer == kAccessLayer ? a.access_per_100k[i]
                                 : help ? std::fmin(a.nearest_km[i], a.nearest_help_km[i])
                                        : a.nearest_km[i];
    }
  }
  for (const auto& u : snap.level(m.choice.level)) {
    if (m.layer != nullptr && shown.count(u.code) == 0) continue;  // classes from the mapped units only
    double v = u.values[m.choice.indicator];
    if (!m.choice.layer.empty()) {
      const auto it = layer_values.find(u.code);
      v = it == layer_values.end() ? kNaN : it->second;
    }
    m.values[u.code] = v;
    m.names[u.code] = u.name;
    vals.push_back(v);
  }
  if ((m.choice.layer == kWhiteLayer || m.choice.layer == kHelpLayer) &&
      m.choice.method != graphics::BreakMethod::manual) {
    // Thirds of the radius: the last class is the white zone.
    const double r3 = m.choice.radius_km / 3;
    m.breaks = {r3, 2 * r3, m.choice.radius_km};
  } else {
    m.breaks = m.choice.method == graphics::BreakMethod::manual
                   ? m.choice.manual
                   : graphics::compute_breaks(vals, m.choice.method, m.choice.classes);
  }
  return m;
}

std::string map_svg_of(const PageRequest& r, const Snapshot& snap, const MapData& m) {
  graphics::Choropleth c;
  c.frame = chart_frame(r.lang);
  c.frame.id = "map";
  c.frame.has_links = true;
  c.frame.title = map_layer_label(r.lang, m.choice);
  c.frame.subtitle = fmt::format("{} · {}", level_name(r.lang, m.choice.level),
                                 (m.choice.layer == kWhiteLayer || m.choice.layer == kHelpLayer) &&
                                         m.choice.method != graphics::BreakMethod::manual
                                     ? tr(r.lang, "home.thirds")
                                 : m.choice.method == graphics::BreakMethod::quantile ? tr(r.lang, "home.quantile")
                                 : m.choice.method == graphics::BreakMethod::equal  ? tr(r.lang, "home.equal")
                                                                                    : tr(r.lang, "home.manual"));
  c.frame.source = tr(r.lang, "map.source");
  c.layer = m.layer;
  c.values = m.values;
  c.breaks = m.breaks;
  c.colours = graphics::sequential_palette(static_cast<int>(m.breaks.size()) + 1);
  c.legend_title = map_layer_label(r.lang, m.choice);
  c.unit = map_layer_unit(r.lang, m.choice);
  c.tooltip_note = tr(r.lang, "map.tooltip_source") + " " +
                   (m.choice.layer.empty() ? indicator_sources(m.choice.indicator) : tr(r.lang, "map.layer.sources")) +
                   (m.choice.layer == kHelpLayer ? ", ANCT (France services, 2022)" : "");
  const auto choice = m.choice;
  const auto lang = r.lang;
  c.format = [lang, choice](double v) { return map_layer_value(lang, choice, v); };
  c.missing_label = tr(r.lang, "map.missing");
  c.href_prefix = fmt::format("/territoires/{}/", territory::level_id(m.choice.level));
  const bool by_score = r.param("points", "kind") == "score";
  c.points_title = tr(r.lang, by_score ? "home.points_score" : "home.points");
  std::map<std::string, std::size_t> kinds;
  const auto total = snap.node("total");
  if (by_score) {
    // Five fixed bands of the total score (0–1), then "not scored".
    // A single-hue scale (ColorBrewer Oranges), distinct from the viridis of the areas.
    const std::vector<std::string> pal = {"#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"};
    for (int b = 0; b < 5; ++b) {
      c.categories.push_back(fmt::format("{} – {}", number(r.lang, b / 5.0, 1), number(r.lang, (b + 1) / 5.0, 1)));
      c.category_colours.push_back(pal[static_cast<std::size_t>(b)]);
    }
    c.categories.push_back(tr(r.lang, "common.missing"));
    c.category_colours.emplace_back("#9e9e9e");
  } else {
    for (const auto& w : snap.workshops) kinds.emplace(w.row.kind.value_or("?"), 0);
    std::size_t k = 0;
    for (auto& [name, index] : kinds) {
      index = k++;
      c.categories.push_back(kind_label(r.lang, name));
    }
  }
  for (const auto& w : snap.workshops) {
    if (!w.row.latitude || !w.row.longitude) continue;
    std::size_t category = 0;
    if (by_score) {
      const double s = w.unit && total ? snap.score(*w.unit, *total) : kNaN;
      category = std::isnan(s) ? 5 : static_cast<std::size_t>(std::clamp(std::floor(s * 5), 0.0, 4.0));
    } else {
      category = kinds[w.row.kind.value_or("?")];
    }
    c.points.push_back(
        {*w.row.longitude, *w.row.latitude, w.row.name, href(r.lang, "/ateliers/" + url_encode(w.row.id)), category});
  }
  if (m.choice.layer == kHelpLayer) {
    // The France services sites: another kind of place, drawn under the workshops.
    const auto& in = snap.access.inputs;
    // A grey of their own, outside the workshops' palette (which cycles after eight kinds).
    if (c.category_colours.empty()) {
      for (std::size_t k = 0; k < c.categories.size(); ++k) c.category_colours.push_back(graphics::category_colour(k));
    }
    const std::size_t category = c.categories.size();
    c.categories.push_back(tr(r.lang, "map.france_services"));
    c.category_colours.emplace_back("#8c8c8c");
    std::vector<graphics::MapPoint> sites;
    for (std::size_t i = 0; i < in.help.size(); ++i) {
      sites.push_back({in.help[i].longitude, in.help[i].latitude, "France services — " + in.help_names[i], "",
                       category, true});
    }
    c.points.insert(c.points.begin(), sites.begin(), sites.end());
  }
  return graphics::render_choropleth(c);
}

Reply home_page(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto m = map_data(r, *snap);
  std::string body;
  // Headline figures.
  std::size_t laureates = 0;
  std::set<std::string> communes;
  for (const auto& w : snap->workshops) {
    laureates += w.row.laureate ? 1 : 0;
    if (w.row.commune) communes.insert(*w.row.commune);
  }
  double white = 0, pop = 0, white_help = 0;
  for (const auto& z : snap->white_zones) {
    white += z.white_population;
    white_help += z.white_help_population;
    pop += z.population;
  }
  body += R"(<section id="headline" class="headline">)";
  body += fmt::format(R"(<div class="figure"><b>{}</b><span>{}</span></div>)", snap->workshops.size(),
                      esc(tr(r.lang, "home.workshops")));
  body += fmt::format(R"(<div class="figure"><b>{}</b><span>{}</span></div>)", laureates,
                      esc(tr(r.lang, "home.laureates")));
  body += fmt::format(R"(<div class="figure"><b>{}</b><span>{}</span></div>)", communes.size(),
                      esc(tr(r.lang, "home.communes")));
  body += fmt::format(R"(<div class="figure"><b>{}</b><span>{}</span></div>)",
                      pct(r.lang, pop > 0 ? 100 * white / pop : kNaN, 1), esc(tr(r.lang, "home.white")));
  if (snap->has_public_help()) {
    body += fmt::format(R"(<div class="figure" id="headline-help"><b>{}</b><span>{}</span></div>)",
                        pct(r.lang, pop > 0 ? 100 * white_help / pop : kNaN, 1), esc(tr(r.lang, "home.white_help")));
  }
  body += "</section>";
  // The form.
  if (!m.choice.note.empty()) body += fmt::format(R"(<p class="note" id="map-note">{}</p>)", esc(m.choice.note));
  body += fmt::format(R"(<p class="muted" id="register-coverage">{}</p>)", esc(tr(r.lang, "home.register_coverage")));
  body += fmt::format(R"(<form id="map-form" class="mapform auto" method="get" action="/">)");
  if (r.lang == Lang::en) body += R"(<input type="hidden" name="lang" value="en">)";
  body += fmt::format(R"(<label>{}<select id="indicator" name="indicator">)", esc(tr(r.lang, "home.indicator")));
  for (std::size_t i = 0; i < territory::kIndicatorCount; ++i) {
    if (territory::commune_only(i) && m.choice.level != Level::commune) continue;  // not at this level
    body += fmt::format(R"(<option value="{}"{}>{}{}</option>)", indicator_def(i).id,
                        m.choice.layer.empty() && i == m.choice.indicator ? " selected" : "",
                        esc(indicator_label(r.lang, i)), territory::commune_only(i) ? " (communes)" : "");
  }
  if (m.choice.level == Level::commune) {
    for (const auto id : {kAccessLayer, kWhiteLayer, kHelpLayer}) {
      if (id == kHelpLayer && !snap->has_public_help()) continue;
      MapChoice shown = m.choice;
      shown.layer = std::string(id);
      body += fmt::format(R"(<option value="{}"{}>{}</option>)", id, m.choice.layer == id ? " selected" : "",
                          esc(map_layer_label(r.lang, shown)));
    }
  }
  body += "</select></label>";
  body += fmt::format(R"(<label>{}<select id="level" name="level">)", esc(tr(r.lang, "home.level")));
  const bool france = all_france(*snap);
  for (const auto l : {Level::reg, Level::dep, Level::ze, Level::epci, Level::commune}) {
    if (!france && (l == Level::ze || l == Level::epci)) continue;  // no boundaries for these
    body += fmt::format(R"(<option value="{}"{}>{}</option>)", territory::level_id(l),
                        l == m.choice.level ? " selected" : "",
                        esc(level_name(r.lang, l) + (l == Level::commune && !france ? " (Bretagne)" : "")));
  }
  body += "</select></label>";
  body += fmt::format(R"(<label>{}<select id="method" name="method">)", esc(tr(r.lang, "home.method")));
  for (const auto* meth : {"quantile", "equal", "manual"}) {
    const bool sel = r.param("method", "quantile") == meth;
    body += fmt::format(R"(<option value="{}"{}>{}</option>)", meth, sel ? " selected" : "",
                        esc(tr(r.lang, std::string("home.") + meth)));
  }
  body += "</select></label>";
  body += fmt::format(R"(<label>{}<select id="classes" name="classes">)", esc(tr(r.lang, "home.classes")));
  for (int k = 3; k <= 7; ++k)
    body += fmt::format(R"(<option{}>{}</option>)", k == m.choice.classes ? " selected" : "", k);
  body += "</select></label>";
  body += fmt::format(R"(<label>{}<select id="points" name="points">)", esc(tr(r.lang, "home.points_label")));
  for (const auto* pv : {"kind", "score"}) {
    body += fmt::format(R"(<option value="{}"{}>{}</option>)", pv, r.param("points", "kind") == pv ? " selected" : "",
                        esc(tr(r.lang, std::string("home.points_") + pv)));
  }
  body += "</select></label>";
  body += fmt::format(R"(<label>{}<input id="radius" name="radius" type="number" min="5" max="200" step="1" value="{}" size="4"></label>)",
                      esc(tr(r.lang, "home.radius")), number(Lang::en, m.choice.radius_km, 0));
  body += fmt::format(R"(<label>{}<input id="breaks" name="breaks" value="{}" size="18"></label>)",
                      esc(tr(r.lang, "home.breaks")), esc(r.param("breaks")));
  body += fmt::format(R"(<button id="map-submit" type="submit">{}</button></form>)", esc(tr(r.lang, "home.show")));
  if (m.choice.level == Level::commune && france) {
    // The communes that have no polygon are said, not silently left blank.
    store::Store store(r.store_path, /*read_only=*/true);
    std::vector<std::string> recreated;
    std::size_t overseas = 0;
    for (const auto& [code, reason] : territory::communes_without_polygon(store)) {
      if (reason == "overseas_collectivity") {
        ++overseas;
      } else {
        const auto* u = snap->unit(Level::commune, code);
        recreated.push_back(u != nullptr ? fmt::format("{} ({})", u->name, code) : code);
      }
    }
    if (overseas + recreated.size() > 0) {
      body += fmt::format(R"(<p class="muted" id="without-polygon">{}</p>)",
                          esc(fmt::format(fmt::runtime(tr(r.lang, "home.without_polygon")), overseas + recreated.size(),
                                          overseas, fmt::join(recreated, ", "))));
    }
  }
  if (m.choice.level == Level::commune && !france)
    body += fmt::format(R"(<p class="note">{}</p>)", esc(tr(r.lang, "home.commune_note")));
  auto p = r.params;
  p.erase("lang");
  body += fmt::format(
      R"(<p class="downloads"><a id="map-svg" href="{}" download>{}</a><a id="map-png" href="{}" download>{}</a><a id="map-geojson" href="{}" download>{}</a><a id="map-csv" href="{}" download>{}</a></p>)",
      esc(href(r.lang, "/carte.svg", p)), esc(tr(r.lang, "home.download_svg")), esc(href(r.lang, "/carte.png", p)),
      esc(tr(r.lang, "home.download_png")), esc(href(r.lang, "/carte.geojson", p)),
      esc(tr(r.lang, "home.download_geojson")), esc(href(r.lang, "/carte.csv", p)),
      esc(tr(r.lang, "home.download_csv")));
  body += fmt::format(R"(<div id="map-title" class="muted">{} — {}</div>)",
                      esc(map_layer_label(r.lang, m.choice)), esc(level_name(r.lang, m.choice.level)));
  body += map_svg_of(r, *snap, m);
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "home.title"), body), {}, {}};
}

Reply map_svg(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto m = map_data(r, *snap);
  return {200,
          "image/svg+xml",
          map_svg_of(r, *snap, m),
          fmt::format("carte-{}-{}.svg", map_layer_id(m.choice), territory::level_id(m.choice.level)),
          {}};
}

Reply map_png(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto m = map_data(r, *snap);
  return {200,
          "image/png",
          graphics::svg_to_png(map_svg_of(r, *snap, m)),
          fmt::format("carte-{}-{}.png", map_layer_id(m.choice), territory::level_id(m.choice.level)),
          {}};
}

Reply map_geojson(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto m = map_data(r, *snap);
  nlohmann::ordered_json features = nlohmann::ordered_json::array();
  if (m.layer != nullptr) {
    // Geometry as published (WGS 84), from the features the layer was projected from.
    const auto* polys = layer_features(m.choice.level, r.data_dir);
    if (polys == nullptr) throw PageError{503, "the map's boundaries are not loaded"};
    for (const auto& shape : m.layer->shapes) {
      const auto& f = (*polys)[shape.feature];
      const auto& code = shape.code;
      nlohmann::ordered_json coords = nlohmann::ordered_json::array();
      for (const auto& poly : f.polygons) {
        nlohmann::ordered_json rings = nlohmann::ordered_json::array();
        for (const auto& ring : poly) {
          nlohmann::ordered_json pts = nlohmann::ordered_json::array();
          for (std::size_t k = 0; k < ring.lon.size(); ++k) pts.push_back({ring.lon[k], ring.lat[k]});
          rings.push_back(pts);
        }
        coords.push_back(rings);
      }
      const auto vit = m.values.find(code);
      const double v = vit == m.values.end() ? kNaN : vit->second;
      features.push_back({{"type", "Feature"},
                          {"properties",
                           {{"code", code},
                            {"name", m.names.count(code)         ? m.names.at(code)
                                     : f.properties.count("nom") ? f.properties.at("nom")
                                                                 : code},
                            {"indicator", map_layer_id(m.choice)},
                            {"value", std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v)},
                            {"class", graphics::class_of(v, m.breaks)}}},
                          {"geometry", {{"type", "MultiPolygon"}, {"coordinates", coords}}}});
    }
  }
  nlohmann::ordered_json doc = {{"type", "FeatureCollection"},
                                {"breaks", m.breaks},
                                {"source", tr(r.lang, "map.source")},
                                {"features", features}};
  return {200,
          "application/geo+json",
          doc.dump(),
          fmt::format("carte-{}-{}.geojson", map_layer_id(m.choice), territory::level_id(m.choice.level)),
          {}};
}

Reply map_csv(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto m = map_data(r, *snap);
  Table t;
  t.sheet = "carte";
  t.columns = {"level", "code", "name", map_layer_id(m.choice), "class"};
  for (const auto& [code, v] : m.values) {
    t.rows.push_back({text_cell(std::string(territory::level_id(m.choice.level))), text_cell(code),
                      text_cell(m.names.at(code)), number_cell(v, ""),
                      number_cell(std::isnan(v) ? kNaN : graphics::class_of(v, m.breaks) + 1.0, "")});
  }
  return download(
      t, "csv", fmt::format("carte-{}-{}", map_layer_id(m.choice), territory::level_id(m.choice.level)));
}

}  // namespace fabscope::web
