#include "web/pages.hpp"

#include <fmt/format.h>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/text.hpp"
#include "graphics/charts.hpp"
#include "graphics/map.hpp"
#include "graphics/raster.hpp"
#include "graphics/scale.hpp"
#include "referential/referential.hpp"
#include "store/store.hpp"
#include "territory/indicators.hpp"
#include "web/snapshot.hpp"
#include "web/table.hpp"
#include "workshops/fit.hpp"

namespace fabscope::web {

// Embedded templates and stylesheet (cmake: fabscope_embed).
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_templates();

std::string PageRequest::param(const std::string& name, const std::string& fallback) const {
  const auto it = params.find(name);
  return it == params.end() || it->second.empty() ? fallback : it->second;
}

namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;
using territory::Level;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string asset(std::string_view name) {
  for (const auto& [n, content] : embedded_templates()) {
    if (n == name) return std::string(content);
  }
  throw Error(ExitCode::failure, fmt::format("template {} is not embedded", name));
}

std::string esc(std::string_view s) { return graphics::xml_escape(s); }

std::string url_encode(const std::string& s) {
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// A link that keeps the language.
std::string href(Lang lang, const std::string& path, std::map<std::string, std::string> params = {}) {
  if (lang == Lang::en) params["lang"] = "en";
  std::string out = path;
  char sep = '?';
  for (const auto& [k, v] : params) {
    if (v.empty()) continue;
    out += sep + url_encode(k) + "=" + url_encode(v);
    sep = '&';
  }
  return out;
}

// A download's file name from an id ("fablabs_io:lab" -> "fablabs_io-lab").
std::string file_stem(const std::string& id) {
  std::string out;
  for (const unsigned char c : id) out += std::isalnum(c) || c == '_' || c == '-' ? static_cast<char>(c) : '-';
  return out;
}

std::string lang_url(const PageRequest& r, Lang target) {
  auto p = r.params;
  p.erase("lang");
  p.erase("format");
  // r.path is decoded: encode each segment again (an id may hold any character).
  std::string path;
  std::size_t start = 1;
  while (start <= r.path.size()) {
    auto end = r.path.find('/', start);
    if (end == std::string::npos) end = r.path.size();
    path += "/" + url_encode(r.path.substr(start, end - start));
    start = end + 1;
  }
  if (path.empty()) path = "/";
  return href(target, path, p);
}

bool fr(const PageRequest& r) { return r.lang == Lang::fr; }

std::string layout(const PageRequest& r, const std::string& title, const std::string& body, bool report = false) {
  thread_local mustache tmpl{asset("layout.mustache")};
  data d;
  d.set("lang", std::string(lang_id(r.lang)));
  d.set("title", title);
  d.set("css", asset("style.css"));
  d.set("body", body);
  d.set("tagline", tr(r.lang, "site.tagline"));
  d.set("footer", tr(r.lang, "footer.sources"));
  d.set("home_href", href(r.lang, "/"));
  d.set("workshops_href", href(r.lang, "/ateliers"));
  d.set("territories_href", href(r.lang, "/territoires"));
  d.set("referential_href", href(r.lang, "/referentiel"));
  for (const auto* k : {"home", "workshops", "territories", "referential", "api"})
    d.set(std::string("nav_") + k, tr(r.lang, std::string("nav.") + k));
  d.set("url_fr", lang_url(r, Lang::fr));
  d.set("url_en", lang_url(r, Lang::en));
  d.set("is_fr", fr(r));
  d.set("report", report);
  if (report) {
    // The date of the day (fixed with FABSCOPE_DETERMINISTIC=1, for golden files).
    d.set("generated", fmt::format("{} ({}) — {}", tr(r.lang, "report.generated"), store::now_iso8601().substr(0, 10),
                                   r.store_path.filename().string()));
  }
  return tmpl.render(d);
}

std::string render_table(const Table& t) {
  thread_local mustache tmpl{asset("table.mustache")};
  data d;
  d.set("id", t.id);
  data labels{data::type::list};
  for (std::size_t i = 0; i < t.labels.size(); ++i) {
    data c;
    c.set("text", t.labels[i]);
    c.set("num", !t.rows.empty() && t.rows.front().size() > i && t.rows.front()[i].numeric);
    labels.push_back(c);
  }
  d.set("labels", labels);
  data rows{data::type::list};
  for (std::size_t ri = 0; ri < t.rows.size(); ++ri) {
    data row;
    if (ri < t.row_ids.size()) row.set("row_id", t.row_ids[ri]);
    data cells{data::type::list};
    for (std::size_t ci = 0; ci < t.rows[ri].size(); ++ci) {
      const auto& c = t.rows[ri][ci];
      data cell;
      cell.set("text", c.text);
      cell.set("num", c.numeric);
      if (!c.href.empty()) cell.set("href", c.href);
      if (!c.href.empty() && t.id == "workshops") cell.set("cls", "fiche");
      cells.push_back(cell);
    }
    row.set("cells", cells);
    rows.push_back(row);
  }
  d.set("rows", rows);
  return tmpl.render(d);
}

Reply download(const Table& t, const std::string& format, const std::string& stem) {
  Reply rep;
  if (format == "csv") {
    rep.content_type = "text/csv; charset=utf-8";
    rep.body = to_csv(t);
    rep.filename = stem + ".csv";
  } else if (format == "xlsx") {
    rep.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    rep.body = to_xlsx({t});
    rep.filename = stem + ".xlsx";
  } else {
    throw PageError{400, fmt::format("format must be csv or xlsx, not '{}'", format)};
  }
  return rep;
}

std::string downloads(const PageRequest& r, const std::string& id_prefix = "download") {
  auto p = r.params;
  p.erase("lang");
  std::string out = fmt::format(R"(<p class="downloads">{}{} )", esc(tr(r.lang, "workshops.download")),
                                r.lang == Lang::en ? ":" : " :");
  for (const auto* f : {"csv", "xlsx"}) {
    p["format"] = f;
    out += fmt::format(R"(<a id="{}-{}" href="{}" download>{}</a>)", id_prefix, f, esc(href(r.lang, r.path, p)),
                       f == std::string("csv") ? "CSV" : "XLSX");
  }
  return out + "</p>";
}

const territory::IndicatorDef& indicator_def(std::size_t i) { return territory::indicators()[i]; }
std::string indicator_label(Lang lang, std::size_t i) {
  return std::string(lang == Lang::en ? indicator_def(i).label_en : indicator_def(i).label_fr);
}
std::string format_indicator(Lang lang, std::size_t i, double v) {
  return std::isnan(v) ? tr(lang, "common.missing") : territory::format_value(indicator_def(i), v, lang == Lang::fr);
}

// Percentile (mid-rank, 0–100) of v among the defined values of an indicator at a level.
double percentile(const std::vector<territory::Unit>& units, std::size_t ind, double v) {
  if (std::isnan(v)) return std::numeric_limits<double>::quiet_NaN();
  double less = 0, equal = 0, n = 0;
  for (const auto& u : units) {
    const double x = u.values[ind];
    if (std::isnan(x)) continue;
    n += 1;
    if (x < v) less += 1;
    if (x == v) equal += 1;
  }
  return n == 0 ? std::numeric_limits<double>::quiet_NaN() : 100.0 * (less + 0.5 * equal) / n;
}

// Kinds' labels come from the workshop model (workshops::kinds()).
std::string kind_label(Lang lang, const std::string& kind) {
  for (const auto& k : workshops::kinds()) {
    if (k.id == kind) return std::string(lang == Lang::fr ? k.label_fr : k.label_en);
  }
  return kind == "?" ? tr(lang, "kind.unknown") : kind;
}

std::string level_name(Lang lang, Level l) {
  return tr(lang, std::string("level.") + std::string(territory::level_id(l)));
}

// ---- the map ------------------------------------------------------------------------

struct MapChoice {
  std::size_t indicator = 0;
  Level level = Level::dep;
  graphics::BreakMethod method = graphics::BreakMethod::quantile;
  int classes = 5;
  std::vector<double> manual;
};

MapChoice map_choice(const PageRequest& r) {
  MapChoice c;
  const auto ind = r.param("indicator", "density");
  const auto i = territory::indicator_index(ind);
  if (!i) throw PageError{400, fmt::format("unknown indicator '{}' (see /api/v1/indicators)", ind)};
  c.indicator = *i;
  const auto level = territory::parse_level(r.param("level", "dep"));
  if (!level || (*level != Level::dep && *level != Level::reg && *level != Level::commune)) {
    throw PageError{400, "level must be dep, reg or commune (boundaries exist for these)"};
  }
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
  if (territory::commune_only(c.indicator) && c.level != Level::commune) {
    throw PageError{
        400, fmt::format("{} exists at commune level only: choose level=commune", indicator_def(c.indicator).id)};
  }
  return c;
}

struct MapData {
  MapChoice choice;
  std::map<std::string, double> values;
  std::map<std::string, std::string> names;
  std::vector<double> breaks;
  const graphics::Layer* layer = nullptr;
};

MapData map_data(const PageRequest& r, const Snapshot& snap) {
  MapData m;
  m.choice = map_choice(r);
  m.layer = layer(m.choice.level, r.data_dir, snap);
  std::set<std::string> shown;
  if (m.layer != nullptr) {
    for (const auto& s : m.layer->shapes) shown.insert(s.code);
  }
  std::vector<double> vals;
  for (const auto& u : snap.level(m.choice.level)) {
    if (m.layer != nullptr && shown.count(u.code) == 0) continue;  // classes from the mapped units only
    m.values[u.code] = u.values[m.choice.indicator];
    m.names[u.code] = u.name;
    vals.push_back(u.values[m.choice.indicator]);
  }
  m.breaks = m.choice.method == graphics::BreakMethod::manual
                 ? m.choice.manual
                 : graphics::compute_breaks(vals, m.choice.method, m.choice.classes);
  return m;
}

std::string map_svg_of(const PageRequest& r, const Snapshot& snap, const MapData& m) {
  graphics::Choropleth c;
  c.frame.id = "map";
  c.frame.title = indicator_label(r.lang, m.choice.indicator);
  c.frame.subtitle = fmt::format("{} · {}", level_name(r.lang, m.choice.level),
                                 m.choice.method == graphics::BreakMethod::quantile ? tr(r.lang, "home.quantile")
                                 : m.choice.method == graphics::BreakMethod::equal  ? tr(r.lang, "home.equal")
                                                                                    : tr(r.lang, "home.manual"));
  c.frame.source = tr(r.lang, "map.source");
  c.layer = m.layer;
  c.values = m.values;
  c.breaks = m.breaks;
  c.colours = graphics::sequential_palette(static_cast<int>(m.breaks.size()) + 1);
  c.legend_title = indicator_label(r.lang, m.choice.indicator);
  const auto ind = m.choice.indicator;
  const auto lang = r.lang;
  c.format = [lang, ind](double v) { return format_indicator(lang, ind, v); };
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
  return graphics::render_choropleth(c);
}

}  // namespace

// ---- pages ----------------------------------------------------------------------------

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
  double white = 0, pop = 0;
  for (const auto& z : snap->white_zones) {
    white += z.white_population;
    pop += z.population;
  }
  body += R"(<section id="headline" class="headline">)";
  body += fmt::format(R"(<div class="figure"><b>{}</b><span>{}</span></div>)", snap->workshops.size(),
                      esc(tr(r.lang, "home.workshops")));
  body += fmt::format(R"(<div class="figure"><b>{}</b><span>{}</span></div>)", laureates,
                      esc(tr(r.lang, "home.laureates")));
  body += fmt::format(R"(<div class="figure"><b>{}</b><span>{}</span></div>)", communes.size(),
                      esc(tr(r.lang, "home.communes")));
  body += fmt::format(R"(<div class="figure"><b>{} %</b><span>{}</span></div>)",
                      number(r.lang, pop > 0 ? 100 * white / pop : kNaN, 1), esc(tr(r.lang, "home.white")));
  body += "</section>";
  // The form.
  body += fmt::format(R"(<form id="map-form" class="mapform auto" method="get" action="/">)");
  if (r.lang == Lang::en) body += R"(<input type="hidden" name="lang" value="en">)";
  body += fmt::format(R"(<label>{}<select id="indicator" name="indicator">)", esc(tr(r.lang, "home.indicator")));
  for (std::size_t i = 0; i < territory::kIndicatorCount; ++i) {
    body += fmt::format(R"(<option value="{}"{}>{}{}</option>)", indicator_def(i).id,
                        i == m.choice.indicator ? " selected" : "", esc(indicator_label(r.lang, i)),
                        territory::commune_only(i) ? " (communes)" : "");
  }
  body += "</select></label>";
  body += fmt::format(R"(<label>{}<select id="level" name="level">)", esc(tr(r.lang, "home.level")));
  for (const auto l : {Level::dep, Level::reg, Level::commune}) {
    body += fmt::format(R"(<option value="{}"{}>{}</option>)", territory::level_id(l),
                        l == m.choice.level ? " selected" : "",
                        esc(level_name(r.lang, l) + (l == Level::commune ? " (Bretagne)" : "")));
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
  body += fmt::format(R"(<label>{}<input id="breaks" name="breaks" value="{}" size="18"></label>)",
                      esc(tr(r.lang, "home.breaks")), esc(r.param("breaks")));
  body += fmt::format(R"(<button id="map-submit" type="submit">{}</button></form>)", esc(tr(r.lang, "home.show")));
  if (m.choice.level == Level::commune)
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
                      esc(indicator_label(r.lang, m.choice.indicator)), esc(level_name(r.lang, m.choice.level)));
  body += map_svg_of(r, *snap, m);
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "home.title"), body), {}, {}};
}

Reply map_svg(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto m = map_data(r, *snap);
  return {200,
          "image/svg+xml",
          map_svg_of(r, *snap, m),
          fmt::format("carte-{}-{}.svg", indicator_def(m.choice.indicator).id, territory::level_id(m.choice.level)),
          {}};
}

Reply map_png(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto m = map_data(r, *snap);
  return {200,
          "image/png",
          graphics::svg_to_png(map_svg_of(r, *snap, m)),
          fmt::format("carte-{}-{}.png", indicator_def(m.choice.indicator).id, territory::level_id(m.choice.level)),
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
                            {"indicator", std::string(indicator_def(m.choice.indicator).id)},
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
          fmt::format("carte-{}-{}.geojson", indicator_def(m.choice.indicator).id, territory::level_id(m.choice.level)),
          {}};
}

Reply map_csv(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto m = map_data(r, *snap);
  Table t;
  t.sheet = "carte";
  t.columns = {"level", "code", "name", std::string(indicator_def(m.choice.indicator).id), "class"};
  for (const auto& [code, v] : m.values) {
    t.rows.push_back({text_cell(std::string(territory::level_id(m.choice.level))), text_cell(code),
                      text_cell(m.names.at(code)), number_cell(v, ""),
                      number_cell(std::isnan(v) ? kNaN : graphics::class_of(v, m.breaks) + 1.0, "")});
  }
  return download(
      t, "csv", fmt::format("carte-{}-{}", indicator_def(m.choice.indicator).id, territory::level_id(m.choice.level)));
}

namespace {

struct WorkshopQuery {
  std::string kind, dep, q, sort = "score";
  std::optional<int> density_class;
  std::optional<double> score_min, score_max;
  bool laureates = false;
};

std::optional<double> score_param(const PageRequest& r, const std::string& name) {
  const auto s = r.param(name);
  if (s.empty()) return std::nullopt;
  std::string t = s;
  std::replace(t.begin(), t.end(), ',', '.');
  const auto v = text::parse_double(t);
  if (!v || *v < 0 || *v > 1) throw PageError{400, fmt::format("{} must be a number from 0 to 1", name)};
  return v;
}

Table workshops_table(const PageRequest& r, const Snapshot& snap, const WorkshopQuery& q) {
  const auto total = snap.node("total");
  const std::size_t k = snap.evaluation.nodes.size();
  std::vector<const WorkshopEntry*> rows;
  const auto needle = text::fold(q.q);
  for (const auto& w : snap.workshops) {
    if (!q.kind.empty() && w.row.kind.value_or("") != q.kind) continue;
    if (!q.dep.empty() && w.row.dep.value_or("") != q.dep) continue;
    if (q.laureates && !w.row.laureate) continue;
    if (q.density_class && w.density_class != q.density_class) continue;
    if (!needle.empty() && text::fold(w.row.name).find(needle) == std::string::npos) continue;
    const double s = w.unit && total ? snap.score(*w.unit, *total) : kNaN;
    if ((q.score_min || q.score_max) && std::isnan(s)) continue;
    if (q.score_min && s < *q.score_min) continue;
    if (q.score_max && s > *q.score_max) continue;
    rows.push_back(&w);
  }
  auto score_of = [&](const WorkshopEntry* w) { return w->unit && total ? snap.score(*w->unit, *total) : kNaN; };
  if (q.sort == "name") {
    // already by name
  } else if (q.sort == "dep") {
    std::stable_sort(rows.begin(), rows.end(),
                     [](auto a, auto b) { return a->row.dep.value_or("") < b->row.dep.value_or(""); });
  } else {
    std::stable_sort(rows.begin(), rows.end(), [&](auto a, auto b) {
      const double x = score_of(a), y = score_of(b);
      if (std::isnan(x) != std::isnan(y)) return std::isnan(y);
      return x > y;
    });
  }
  Table t;
  t.id = "workshops";
  t.sheet = "ateliers";
  t.columns = {"id",    "name",     "kind", "commune",      "commune_name", "dep", "density_class",
               "score", "coverage", "rank", "laureate_2013"};
  for (const auto* key :
       {"workshops.name", "workshops.kind", "workshops.commune_code", "workshops.commune", "workshops.dep",
        "workshops.density_short", "workshops.score", "workshops.coverage", "workshops.rank", "workshops.laureate"}) {
    t.labels.push_back(tr(r.lang, key));
  }
  t.labels.insert(t.labels.begin(), "id");
  for (const auto* w : rows) {
    const double s = score_of(w);
    const double cov = w->unit && total ? snap.evaluation.result.coverage[*w->unit * k + *total] : kNaN;
    const int rank = w->unit ? snap.evaluation.result.rank[*w->unit] : 0;
    std::vector<Cell> row;
    row.push_back(text_cell(w->row.id));
    row.push_back(text_cell(w->row.name, href(r.lang, "/ateliers/" + url_encode(w->row.id))));
    row.push_back(text_cell(w->row.kind ? kind_label(r.lang, *w->row.kind) : ""));
    row.push_back(text_cell(w->row.commune.value_or("")));
    row.push_back(text_cell(w->row.commune_name.value_or("")));
    row.push_back(text_cell(w->row.dep.value_or("")));
    row.push_back(number_cell(w->density_class ? *w->density_class : kNaN,
                              w->density_class ? std::to_string(*w->density_class) : ""));
    row.push_back(number_cell(s, number(r.lang, s, 3)));
    row.push_back(number_cell(cov, std::isnan(cov) ? "" : number(r.lang, 100 * cov, 0) + " %"));
    row.push_back(number_cell(rank > 0 ? rank : kNaN, rank > 0 ? std::to_string(rank) : ""));
    row.push_back(text_cell(w->row.laureate.value_or("")));
    t.rows.push_back(std::move(row));
    t.row_ids.push_back(w->row.id);
  }
  return t;
}

std::string select(const std::string& name, const std::string& label,
                   const std::vector<std::pair<std::string, std::string>>& options, const std::string& current) {
  std::string out = fmt::format(R"(<label>{}<select name="{}">)", esc(label), name);
  for (const auto& [v, text] : options)
    out += fmt::format(R"(<option value="{}"{}>{}</option>)", esc(v), v == current ? " selected" : "", esc(text));
  return out + "</select></label>";
}

}  // namespace

Reply workshops_page(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  WorkshopQuery q;
  q.kind = r.param("kind");
  q.dep = r.param("dep");
  q.q = r.param("q");
  q.sort = r.param("sort", "score");
  if (q.sort != "score" && q.sort != "name" && q.sort != "dep") throw PageError{400, "sort must be score, name or dep"};
  if (!r.param("density_class").empty()) {
    const auto d = text::parse_int(r.param("density_class"));
    if (!d || *d < 1 || *d > 7) throw PageError{400, "density_class must be from 1 to 7"};
    q.density_class = static_cast<int>(*d);
  }
  q.score_min = score_param(r, "score_min");
  q.score_max = score_param(r, "score_max");
  const auto lau = r.param("laureate");
  if (!lau.empty() && lau != "0" && lau != "1") throw PageError{400, "laureate must be 0 or 1"};
  q.laureates = lau == "1";
  const auto t = workshops_table(r, *snap, q);
  if (!r.param("format").empty()) return download(t, r.param("format"), "ateliers");

  std::set<std::string> kinds, deps;
  for (const auto& w : snap->workshops) {
    if (w.row.kind) kinds.insert(*w.row.kind);
    if (w.row.dep) deps.insert(*w.row.dep);
  }
  const auto all = tr(r.lang, "workshops.all");
  std::vector<std::pair<std::string, std::string>> kind_opts = {{"", all}}, dep_opts = {{"", all}},
                                                   dens_opts = {{"", all}};
  for (const auto& k : kinds) kind_opts.emplace_back(k, kind_label(r.lang, k));
  for (const auto& d : deps) {
    const auto* u = snap->unit(Level::dep, d);
    dep_opts.emplace_back(d, u ? d + " " + u->name : d);
  }
  for (int d = 1; d <= 7; ++d) dens_opts.emplace_back(std::to_string(d), std::to_string(d));
  std::string body = R"(<form id="filters" class="filters" method="get" action="/ateliers">)";
  if (r.lang == Lang::en) body += R"(<input type="hidden" name="lang" value="en">)";
  body += fmt::format(R"(<label>{}<input name="q" value="{}" size="14"></label>)", esc(tr(r.lang, "workshops.search")),
                      esc(q.q));
  body += select("kind", tr(r.lang, "workshops.kind"), kind_opts, q.kind);
  body += select("dep", tr(r.lang, "workshops.dep"), dep_opts, q.dep);
  body += select("density_class", tr(r.lang, "workshops.density"), dens_opts, r.param("density_class"));
  body += fmt::format(R"(<label>{}<input name="score_min" value="{}" size="4" inputmode="decimal"></label>)",
                      esc(tr(r.lang, "workshops.score_min")), esc(r.param("score_min")));
  body += fmt::format(R"(<label>{}<input name="score_max" value="{}" size="4" inputmode="decimal"></label>)",
                      esc(tr(r.lang, "workshops.score_max")), esc(r.param("score_max")));
  body += fmt::format(R"(<label class="check"><input type="checkbox" name="laureate" value="1"{}>{}</label>)",
                      q.laureates ? " checked" : "", esc(tr(r.lang, "workshops.laureates_only")));
  body += select("sort", tr(r.lang, "workshops.sort"),
                 {{"score", tr(r.lang, "workshops.sort_score")},
                  {"name", tr(r.lang, "workshops.sort_name")},
                  {"dep", tr(r.lang, "workshops.sort_dep")}},
                 q.sort);
  body += fmt::format(R"(<button type="submit">{}</button></form>)", esc(tr(r.lang, "workshops.filter")));
  body += fmt::format(R"(<p><b id="count">{}</b> {}</p>)", t.rows.size(), esc(tr(r.lang, "workshops.count")));
  body += downloads(r);
  body += render_table(t);
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "workshops.title"), body), {}, {}};
}

namespace {

std::string workshop_body(const PageRequest& r, const Snapshot& snap, const WorkshopEntry& w,
                          Table* identity_out = nullptr) {
  store::Store store(r.store_path, /*read_only=*/true);
  const auto merged = workshops::load_merged(store, w.row.id);
  if (!merged) throw PageError{404, tr(r.lang, "workshop.not_found")};
  const auto& ws = merged->workshop;
  std::string body;
  // Identity and provenance.
  Table id;
  id.id = "identity-table";
  id.sheet = "fiche";
  id.columns = {"field", "value", "source", "date"};
  id.labels = {tr(r.lang, "workshop.field"), tr(r.lang, "workshop.value"), tr(r.lang, "workshop.source"), ""};
  auto add = [&](const std::string& field, const std::string& value) {
    if (value.empty()) return;
    const auto it = ws.provenance.find(field);
    id.rows.push_back({text_cell(field), text_cell(value),
                       text_cell(it == ws.provenance.end() ? ws.source : it->second.source),
                       text_cell(it == ws.provenance.end() ? "" : it->second.date)});
  };
  auto join = [](const auto& set) {
    std::string s;
    for (const auto& x : set) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  add("name", ws.name);
  add("kind", ws.kind.value_or(""));
  add("kind_in_source", ws.kind_in_source.value_or(""));
  add("address", ws.address.value_or(""));
  add("postcode", ws.postcode.value_or(""));
  add("city", ws.city.value_or(""));
  add("website", ws.website.value_or(""));
  add("email", ws.email.value_or(""));
  add("phone", ws.phone.value_or(""));
  add("opening_year", ws.opening_year ? std::to_string(*ws.opening_year) : "");
  add("status", ws.status.value_or(""));
  add("networks", join(ws.networks));
  add("surface_m2", ws.surface_m2 ? number(r.lang, *ws.surface_m2, 0) : "");
  add("equipment", ws.equipment ? join(*ws.equipment) : "");
  add("offer", ws.offer ? join(*ws.offer) : "");
  add("publics", ws.publics ? join(*ws.publics) : "");
  add("staff_fte", ws.staff_fte ? number(r.lang, *ws.staff_fte, 1) : "");
  add("budget_eur", ws.budget_eur ? number(r.lang, *ws.budget_eur, 0) : "");
  add("legal_form", ws.legal_form.value_or(""));
  add("governance", ws.governance.value_or(""));
  add("description", ws.description.value_or(""));
  add("laureate_2013", w.row.laureate.value_or(""));
  if (identity_out != nullptr) *identity_out = id;
  body += fmt::format(R"(<section id="identity"><h2>{}</h2>)", esc(tr(r.lang, "workshop.identity")));
  body += downloads(r);
  body += render_table(id);
  {
    const auto key = "placement." + (w.row.method.empty() ? std::string("unplaced") : w.row.method);
    const auto how = tr(r.lang, key);
    body += fmt::format(
        R"(<p class="muted" id="placement">{} : {} — {}{}</p>)", esc(tr(r.lang, "workshop.placement")),
        esc(w.row.commune_name.value_or("?")), esc(how == key ? w.row.method : how),
        w.row.note.empty()
            ? ""
            : fmt::format(R"(<br>⚠ {})", esc(workshops::placement_note_text(w.row.note, r.lang == Lang::fr))));
  }
  if (!merged->members.empty()) {
    body +=
        fmt::format(R"(<p class="muted">{} : {}</p>)", esc(tr(r.lang, "workshop.merged")), esc(join(merged->members)));
  }
  body += "</section>";
  // Territorial context: percentiles of its commune among all communes.
  body += fmt::format(R"(<section id="context"><h2>{}</h2>)", esc(tr(r.lang, "workshop.context")));
  const auto* cu = w.row.commune ? snap.unit(Level::commune, *w.row.commune) : nullptr;
  if (cu != nullptr) {
    std::vector<graphics::PercentileRow> rows;
    for (const auto* idname :
         {"population", "density", "pop_within_30km", "employment_growth", "unemployment_rate",
          "establishments_per_1000", "job_concentration", "median_income", "share_be", "krugman"}) {
      const auto i = *territory::indicator_index(idname);
      rows.push_back({indicator_label(r.lang, i), format_indicator(r.lang, i, cu->values[i]),
                      percentile(snap.level(Level::commune), i, cu->values[i])});
    }
    graphics::Frame f;
    f.title = fmt::format("{} ({})", cu->name, cu->code);
    f.subtitle = tr(r.lang, "workshop.context_chart");
    f.source = tr(r.lang, "map.source");
    body += graphics::percentile_chart(f, rows);
    body += fmt::format(R"(<p><a href="{}">{} {}</a></p>)", esc(href(r.lang, "/territoires/commune/" + cu->code)),
                        esc(tr(r.lang, "territory.profile")), esc(cu->name));
  } else {
    body += fmt::format("<p>{}</p>", esc(tr(r.lang, "common.missing")));
  }
  body += "</section>";
  // Fit.
  if (w.row.commune) {
    const auto fit = workshops::compute_fit(store, ws, *w.row.commune, snap.access);
    body += fmt::format(R"(<section id="fit"><h2>{}</h2><table><tbody>)", esc(tr(r.lang, "workshop.fit")));
    for (const auto& lf : fit.levels) {
      body += fmt::format(R"(<tr><th>{} — {} {}</th><td class="num">{}</td></tr>)",
                          esc(tr(r.lang, "workshop.sector_fit")), esc(lf.level), esc(lf.name),
                          lf.sector_fit ? number(r.lang, *lf.sector_fit, 2) : esc(tr(r.lang, "common.missing")));
    }
    auto opt = [&](const std::optional<double>& v, int decimals) {
      return v ? number(r.lang, *v, decimals) : tr(r.lang, "common.missing");
    };
    body += fmt::format(R"(<tr><th>{}</th><td class="num">{}</td></tr>)", esc(tr(r.lang, "workshop.access")),
                        esc(opt(fit.access_per_100k, 1)));
    body += fmt::format(R"(<tr><th>{}</th><td class="num">{}</td></tr>)", esc(tr(r.lang, "workshop.nearest")),
                        esc(opt(fit.nearest_other_km, 1)));
    if (fit.density_typicality) {
      body += fmt::format(R"(<tr><th>{}</th><td class="num">{} %</td></tr>)", esc(tr(r.lang, "workshop.typicality")),
                          number(r.lang, 100 * *fit.density_typicality, 0));
    }
    body += "</tbody></table></section>";
  }
  // Scores with uncertainty.
  body += fmt::format(R"(<section id="scores"><h2>{}</h2>)", esc(tr(r.lang, "workshop.scores")));
  const auto total = snap.node("total");
  if (w.unit && total && !std::isnan(snap.score(*w.unit, *total))) {
    const auto& ref = referential::Referential::builtin();
    std::vector<graphics::Bar> bars;
    for (const auto& d : ref.dimensions) {
      const auto n = snap.node(d.id);
      const double s = n ? snap.score(*w.unit, *n) : kNaN;
      bars.push_back({r.lang == Lang::en ? d.label_en : d.label_fr, s, 0, 0, false,
                      std::isnan(s) ? tr(r.lang, "common.missing") : number(r.lang, s, 3)});
    }
    const double s = snap.score(*w.unit, *total);
    graphics::Bar tb{"Total", s, 0, 0, false, number(r.lang, s, 3)};
    if (snap.uncertainty) {
      const auto& u = snap.uncertainty->units[*w.unit];
      tb.low = u.p05_score;
      tb.high = u.p95_score;
      tb.has_interval = true;
      tb.value_text = fmt::format("{} [{}–{}]", number(r.lang, s, 3), number(r.lang, u.p05_score, 3),
                                  number(r.lang, u.p95_score, 3));
    }
    bars.push_back(tb);
    graphics::Frame f;
    f.title = tr(r.lang, "workshop.scores_chart");
    f.subtitle = fmt::format("{} {} · {} · {}", ref.id, ref.version, tr(r.lang, "workshop.level"),
                             referential::verbal_level(ref, s, r.lang == Lang::fr));
    f.source = fmt::format(fmt::runtime(tr(r.lang, "workshop.scores_source")), snap.uncertainty_samples);
    body += graphics::bar_chart(f, bars, 0, 1);
    // The dimensions against the panel's median.
    std::vector<std::string> axes;
    graphics::RadarSeries own{w.row.name, {}, "#0072b2", false},
        median{tr(r.lang, "workshop.panel_median"), {}, "#e69f00", true};
    for (const auto& d : ref.dimensions) {
      axes.push_back(r.lang == Lang::en ? d.label_en : d.label_fr);
      const auto nd = snap.node(d.id);
      own.values.push_back(nd ? snap.score(*w.unit, *nd) : kNaN);
      std::vector<double> all;
      for (std::size_t u = 0; nd && u < snap.evaluation.panel.units.size(); ++u) {
        const double x = snap.score(u, *nd);
        if (!std::isnan(x)) all.push_back(x);
      }
      double med = kNaN;
      if (!all.empty()) {
        std::sort(all.begin(), all.end());
        med = all.size() % 2 ? all[all.size() / 2] : (all[all.size() / 2 - 1] + all[all.size() / 2]) / 2;
      }
      median.values.push_back(med);
    }
    graphics::Frame rf;
    rf.title = tr(r.lang, "workshop.radar");
    rf.source = f.source;
    body += graphics::radar_chart(rf, axes, {own, median});
    const int rank = snap.evaluation.result.rank[*w.unit];
    if (snap.uncertainty) {
      const auto& u = snap.uncertainty->units[*w.unit];
      body += fmt::format(R"(<p>{} : <b>{}</b> / {} ({}–{})</p>)", esc(tr(r.lang, "workshop.rank_interval")), rank,
                          snap.workshops.size(), number(r.lang, u.p05_rank, 0), number(r.lang, u.p95_rank, 0));
    }
  } else {
    body += fmt::format("<p>{}</p>", esc(tr(r.lang, "workshop.no_score")));
  }
  body += fmt::format(R"(<p class="muted">{}</p></section>)", esc(tr(r.lang, "workshop.later")));
  return body;
}

}  // namespace

Reply workshop_page(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto id = r.captures.at(1);
  const auto* w = snap->workshop(id);
  if (w == nullptr) throw PageError{404, fmt::format("{} ({})", tr(r.lang, "workshop.not_found"), id)};
  Table identity;
  const auto body = workshop_body(r, *snap, *w, &identity);
  if (!r.param("format").empty()) return download(identity, r.param("format"), "fiche-" + file_stem(w->row.id));
  return {200, "text/html; charset=utf-8", layout(r, w->row.name, body), {}, {}};
}

Reply territories_page(const PageRequest& r) {
  const auto q = r.param("q");
  std::string body = R"(<form class="filters" method="get" action="/territoires">)";
  if (r.lang == Lang::en) body += R"(<input type="hidden" name="lang" value="en">)";
  body += fmt::format(
      R"(<label>{}<input name="q" value="{}" size="40" autofocus></label><button type="submit">OK</button></form>)",
      esc(tr(r.lang, "territories.search")), esc(q));
  if (!q.empty()) {
    store::Store store(r.store_path, /*read_only=*/true);
    const auto found = territory::search(store, q, std::nullopt, 50);
    body += fmt::format("<h2>{}</h2>", esc(tr(r.lang, "territories.results")));
    if (found.empty()) body += fmt::format("<p>{}</p>", esc(tr(r.lang, "territories.none")));
    body += R"(<ul id="results">)";
    for (const auto& u : found) {
      body += fmt::format(R"(<li><a class="territory" href="{}">{}</a> — {} {} · {} {}</li>)",
                          esc(href(r.lang, fmt::format("/territoires/{}/{}", territory::level_id(u.level), u.code))),
                          esc(u.name), esc(level_name(r.lang, u.level)), esc(u.code), u.n_communes,
                          esc(tr(r.lang, "territory.communes")));
    }
    body += "</ul>";
  } else {
    // Browse: départements.
    const auto snap = snapshot(r.store_path);
    body += fmt::format("<h2>{}</h2><ul id=\"results\" class=\"columns\">", esc(level_name(r.lang, Level::dep)));
    for (const auto& u : snap->level(Level::dep)) {
      body += fmt::format(R"(<li><a class="territory" href="{}">{} {}</a></li>)",
                          esc(href(r.lang, "/territoires/dep/" + u.code)), esc(u.code), esc(u.name));
    }
    body += "</ul>";
  }
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "territories.title"), body), {}, {}};
}

namespace {

Table profile_table(const PageRequest& r, const Snapshot& snap, const territory::Unit& u, const territory::Unit* dep,
                    const territory::Unit* reg) {
  Table t;
  t.id = "profile";
  t.sheet = "profil";
  t.columns = {"indicator",        "label",     "value",     "percentile_france",
               "missing_communes", "dep_value", "reg_value", "source"};
  t.labels = {"id",
              tr(r.lang, "territory.indicator"),
              tr(r.lang, "territory.value"),
              tr(r.lang, "territory.percentile"),
              tr(r.lang, "territory.missing"),
              tr(r.lang, "territory.parent_dep"),
              tr(r.lang, "territory.parent_reg"),
              tr(r.lang, "workshop.source")};
  for (std::size_t i = 0; i < territory::kIndicatorCount; ++i) {
    if (territory::commune_only(i) && u.level != Level::commune) continue;
    const double v = u.values[i];
    const double p = percentile(snap.level(u.level), i, v);
    const double dv = dep && !territory::commune_only(i) ? dep->values[i] : kNaN;
    const double rv = reg && !territory::commune_only(i) ? reg->values[i] : kNaN;
    t.rows.push_back({text_cell(std::string(indicator_def(i).id)), text_cell(indicator_label(r.lang, i)),
                      number_cell(v, format_indicator(r.lang, i, v)), number_cell(p, number(r.lang, p, 0)),
                      number_cell(u.missing[i], u.level == Level::commune ? "" : std::to_string(u.missing[i])),
                      number_cell(dv, dep && !territory::commune_only(i) ? format_indicator(r.lang, i, dv) : ""),
                      number_cell(rv, reg && !territory::commune_only(i) ? format_indicator(r.lang, i, rv) : ""),
                      text_cell(std::string(indicator_def(i).sources))});
  }
  return t;
}

std::string territory_body(const PageRequest& r, const Snapshot& snap, const territory::Unit& u) {
  // Its département and région (for a commune, EPCI or ZE: those of its (first) commune).
  std::string commune_code = u.level == Level::commune ? u.code : "";
  if (commune_code.empty() && (u.level == Level::epci || u.level == Level::ze)) {
    for (const auto& [c, p] : snap.places) {
      if ((u.level == Level::epci ? p.epci : p.ze) == u.code) {
        commune_code = c;
        break;
      }
    }
  }
  const territory::Unit* dep = nullptr;
  const territory::Unit* reg = nullptr;
  if (u.level == Level::dep) {
    for (const auto& [c, p] : snap.places) {
      if (p.dep == u.code) {
        reg = snap.unit(Level::reg, p.reg);
        break;
      }
    }
  } else if (!commune_code.empty()) {
    dep = snap.unit(Level::dep, snap.parent(commune_code, Level::dep));
    reg = snap.unit(Level::reg, snap.parent(commune_code, Level::reg));
  }
  const std::string what = u.level == Level::commune ? fmt::format("{} {}", tr(r.lang, "territory.commune"), u.code)
                                                     : fmt::format("{} {} · {} {}", level_name(r.lang, u.level), u.code,
                                                                   u.n_communes, tr(r.lang, "territory.communes"));
  std::string body = fmt::format(
      R"(<p class="muted">{}{}{}</p>)", esc(what),
      dep ? fmt::format(R"( · <a href="{}">{}</a>)", esc(href(r.lang, "/territoires/dep/" + dep->code)), esc(dep->name))
          : "",
      reg ? fmt::format(R"( · <a href="{}">{}</a>)", esc(href(r.lang, "/territoires/reg/" + reg->code)), esc(reg->name))
          : "");
  // Percentile chart of the main indicators.
  std::vector<graphics::PercentileRow> rows;
  for (const auto* idname :
       {"population", "density", "employment_growth", "unemployment_rate", "establishments_per_1000",
        "job_concentration", "share_be", "krugman", "rural_pop_share"}) {
    const auto i = *territory::indicator_index(idname);
    if (territory::commune_only(i) && u.level != Level::commune) continue;
    rows.push_back({indicator_label(r.lang, i), format_indicator(r.lang, i, u.values[i]),
                    percentile(snap.level(u.level), i, u.values[i])});
  }
  graphics::Frame f;
  f.title = fmt::format("{} ({})", u.name, u.code);
  f.subtitle = tr(r.lang, "territory.percentile_chart");
  f.source = tr(r.lang, "map.source");
  body += fmt::format(R"(<section id="position"><h2>{}</h2>)", esc(tr(r.lang, "territory.profile")));
  body += graphics::percentile_chart(f, rows);
  {
    const auto di = *territory::indicator_index("density");
    std::vector<double> all;
    for (const auto& x : snap.level(u.level)) all.push_back(x.values[di]);
    graphics::Frame df;
    df.title = fmt::format("{} — {}", indicator_label(r.lang, di), level_name(r.lang, u.level));
    df.subtitle = tr(r.lang, "territory.distribution");
    df.source = tr(r.lang, "map.source");
    body += graphics::distribution_chart(
        df, all, u.values[di], fmt::format("{} : {}", u.name, format_indicator(r.lang, di, u.values[di])), true);
  }
  body += downloads(r);
  body += render_table(profile_table(r, snap, u, dep, reg));
  body += "</section>";
  // Its workshops.
  body += fmt::format(R"(<section id="territory-workshops"><h2>{}</h2><ul>)", esc(tr(r.lang, "territory.workshops")));
  std::size_t n = 0;
  for (const auto& w : snap.workshops) {
    if (!w.row.commune || snap.parent(*w.row.commune, u.level) != u.code) continue;
    body += fmt::format(R"(<li><a href="{}">{}</a> — {} ({})</li>)",
                        esc(href(r.lang, "/ateliers/" + url_encode(w.row.id))), esc(w.row.name),
                        esc(w.row.commune_name.value_or("")), esc(kind_label(r.lang, w.row.kind.value_or("?"))));
    ++n;
  }
  if (n == 0) body += fmt::format("<li>{}</li>", esc(tr(r.lang, "common.missing")));
  body += "</ul></section>";
  // Accessibility and white zones.
  body += fmt::format(R"(<section id="access"><h2>{}</h2>)", esc(tr(r.lang, "territory.access")));
  double pop = 0, white = 0, acc_sum = 0;
  const auto pi = *territory::indicator_index("population");
  for (const auto& c : snap.level(Level::commune)) {
    if (snap.parent(c.code, u.level) != u.code) continue;
    const double p = c.values[pi];
    const auto near = snap.nearest_km.find(c.code);
    const auto acc = snap.access_30km.find(c.code);
    if (std::isnan(p) || near == snap.nearest_km.end()) continue;
    pop += p;
    if (!(near->second <= 30)) white += p;
    if (acc != snap.access_30km.end() && !std::isnan(acc->second)) acc_sum += p * acc->second;
  }
  body += fmt::format(
      R"(<table><tbody><tr><th>{}</th><td class="num">{} %</td></tr><tr><th>{}</th><td class="num">{}</td></tr></tbody></table></section>)",
      esc(tr(r.lang, "territory.white_share")), number(r.lang, pop > 0 ? 100 * white / pop : kNaN, 1),
      esc(tr(r.lang, "workshop.access")), number(r.lang, pop > 0 ? acc_sum / pop : kNaN, 1));
  return body;
}

}  // namespace

Reply territory_page(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto level = territory::parse_level(r.captures.at(1));
  if (!level) throw PageError{400, fmt::format("unknown level '{}' (commune, epci, ze, dep, reg)", r.captures.at(1))};
  const auto* u = snap->unit(*level, r.captures.at(2));
  if (u == nullptr)
    throw PageError{404,
                    fmt::format("{} ({} {})", tr(r.lang, "territory.not_found"), r.captures.at(1), r.captures.at(2))};
  if (!r.param("format").empty()) {
    const territory::Unit* dep = nullptr;
    const territory::Unit* reg = nullptr;
    return download(profile_table(r, *snap, *u, dep, reg), r.param("format"),
                    fmt::format("profil-{}-{}", r.captures.at(1), u->code));
  }
  return {200, "text/html; charset=utf-8", layout(r, u->name, territory_body(r, *snap, *u)), {}, {}};
}

Reply referential_page(const PageRequest& r) {
  const auto& ref = referential::Referential::builtin();
  const bool en = r.lang == Lang::en;
  if (!r.param("format").empty()) {
    Table t;
    t.sheet = "referentiel";
    t.columns = {"dimension", "criterion", "indicator", "label_fr",  "label_en",
                 "weight",    "source",    "unit",      "definition"};
    static constexpr const char* kinds[] = {"territory", "workshop", "survey", "interview", "document", "formula"};
    for (const auto& d : ref.dimensions) {
      for (const auto& c : d.children) {
        for (const auto i : c.indicators) {
          const auto& ind = ref.indicators[i];
          t.rows.push_back({text_cell(d.id), text_cell(c.id), text_cell(ind.id), text_cell(ind.label_fr),
                            text_cell(ind.label_en), number_cell(ind.weight, ""),
                            text_cell(std::string(kinds[static_cast<int>(ind.source.kind)]) + ":" + ind.source.name),
                            text_cell(ind.unit), text_cell(ind.definition)});
        }
      }
    }
    return download(t, r.param("format"), "referentiel");
  }
  std::string body = fmt::format(R"(<p class="muted">{} — {} {}</p>)", esc(tr(r.lang, "referential.intro")),
                                 esc(ref.id), esc(ref.version));
  body += downloads(r);
  body += R"(<ul id="referential-tree" class="tree">)";
  auto source_text = [](const referential::Source& s) {
    static constexpr const char* kinds[] = {"territory", "workshop", "survey", "interview", "document", "formula"};
    return fmt::format("{}:{}{}", kinds[static_cast<int>(s.kind)], s.name, s.level.empty() ? "" : "@" + s.level);
  };
  for (const auto& d : ref.dimensions) {
    body += fmt::format(
        R"(<li class="dimension"><details open><summary><b>{}</b> <span class="muted">({}, {} {})</span></summary><div class="def">{}</div><ul class="tree">)",
        esc(en ? d.label_en : d.label_fr), esc(d.id), esc(tr(r.lang, "referential.weight")),
        number(r.lang, d.weight, 2), esc(d.definition));
    for (const auto& c : d.children) {
      body += fmt::format(
          R"(<li class="criterion"><details><summary>{} <span class="muted">({}, {} {})</span></summary><div class="def">{}</div><ul class="tree">)",
          esc(en ? c.label_en : c.label_fr), esc(c.id), esc(tr(r.lang, "referential.weight")),
          number(r.lang, c.weight, 2), esc(c.definition));
      for (const auto i : c.indicators) {
        const auto& ind = ref.indicators[i];
        body += fmt::format(
            R"(<li class="indicator" id="ind-{}">{} <span class="muted">({} · {} {} · {} {})</span><div class="def">{}</div></li>)",
            esc(ind.id), esc(en ? ind.label_en : ind.label_fr), esc(ind.id), esc(tr(r.lang, "referential.source")),
            esc(source_text(ind.source)), esc(tr(r.lang, "referential.weight")), number(r.lang, ind.weight, 2),
            esc(ind.definition));
      }
      body += "</ul></details></li>";
    }
    body += "</ul></details></li>";
  }
  body += "</ul>";
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "referential.title"), body), {}, {}};
}

Reply static_script(const PageRequest&) {
  Reply r;
  r.content_type = "application/javascript; charset=utf-8";
  r.body = asset("app.js");
  r.cache_control = "public, max-age=3600";
  return r;
}

std::string error_page(Lang lang, int status, const std::string& message) {
  PageRequest r;
  r.lang = lang;
  r.path = "/";
  const std::string key = status == 404   ? "error.not_found"
                          : status == 503 ? "error.no_data"
                          : status >= 500 ? "error.internal"
                                          : "error.bad_request";
  return layout(r, fmt::format("{} {}", status, tr(lang, key)),
                fmt::format(R"(<p class="error">{}</p>)", esc(message)));
}

std::string report_html(ReportKind kind, const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  switch (kind) {
    case ReportKind::workshop: {
      const auto* w = snap->workshop(r.captures.at(1));
      if (w == nullptr)
        throw Error(ExitCode::not_found,
                    fmt::format("no workshop '{}' (see `fabscope workshops list`)", r.captures.at(1)));
      return layout(r, w->row.name, workshop_body(r, *snap, *w), true);
    }
    case ReportKind::territory: {
      const auto level = territory::parse_level(r.captures.at(1));
      if (!level) throw Error(ExitCode::usage, fmt::format("unknown level '{}'", r.captures.at(1)));
      const auto* u = snap->unit(*level, r.captures.at(2));
      if (u == nullptr)
        throw Error(ExitCode::not_found,
                    fmt::format("no territory {} at level {}", r.captures.at(2), r.captures.at(1)));
      return layout(r, u->name, territory_body(r, *snap, *u), true);
    }
    case ReportKind::panel: {
      PageRequest q = r;
      q.params["indicator"] = "density";
      const auto m = map_data(q, *snap);
      std::string body = map_svg_of(q, *snap, m);
      body += render_table(workshops_table(r, *snap, {}));
      return layout(r, tr(r.lang, "report.panel"), body, true);
    }
  }
  return {};
}

std::string export_workbook(const std::filesystem::path& store_path, Lang lang) {
  const auto snap = snapshot(store_path);
  PageRequest r;
  r.store_path = store_path;
  r.lang = lang;
  std::vector<Table> tables;
  for (const auto level : territory::kLevels) {
    Table t;
    t.sheet = fmt::format("territoires_{}", territory::level_id(level));
    t.columns = {"level", "code", "name", "n_communes"};
    for (const auto& d : territory::indicators()) t.columns.emplace_back(d.id);
    for (const auto& u : snap->level(level)) {
      std::vector<Cell> row = {text_cell(std::string(territory::level_id(level))), text_cell(u.code), text_cell(u.name),
                               number_cell(u.n_communes, "")};
      for (const double v : u.values) row.push_back(number_cell(v, ""));
      t.rows.push_back(std::move(row));
    }
    tables.push_back(std::move(t));
  }
  tables.push_back(workshops_table(r, *snap, {}));
  Table wz;
  wz.sheet = "zones_blanches";
  wz.columns = {"dep", "communes", "white_communes", "population", "white_population", "white_share"};
  for (const auto& z : snap->white_zones) {
    wz.rows.push_back({text_cell(z.dep), number_cell(static_cast<double>(z.communes), ""),
                       number_cell(static_cast<double>(z.white_communes), ""), number_cell(z.population, ""),
                       number_cell(z.white_population, ""), number_cell(z.white_share, "")});
  }
  tables.push_back(std::move(wz));
  Table doc;
  doc.sheet = "definitions";
  doc.columns = {"sheet_or_column", "label_fr", "label_en", "unit", "formula", "sources"};
  for (const auto& d : territory::indicators()) {
    doc.rows.push_back({text_cell(std::string(d.id)), text_cell(std::string(d.label_fr)),
                        text_cell(std::string(d.label_en)), text_cell(std::string(d.unit)),
                        text_cell(std::string(d.formula)), text_cell(std::string(d.sources))});
  }
  doc.rows.push_back({text_cell("ateliers.score"), text_cell("Score total du référentiel par défaut (0–1)"),
                      text_cell("Total score, default framework (0–1)"), text_cell("score"),
                      text_cell("data/referential.toml"), text_cell("fablabs_io, maplabbzh + territory")});
  doc.rows.push_back(
      {text_cell("zones_blanches"), text_cell("Communes à plus de 30 km de tout atelier (centroïdes La Poste)"),
       text_cell("Communes farther than 30 km from any workshop (La Poste centroids)"), text_cell("inhabitants"),
       text_cell("2SFCA, docs/methods/accessibility.md"), text_cell("laposte_hexasmal, insee_comparateur_2022")});
  tables.push_back(std::move(doc));
  return to_xlsx(tables);
}

}  // namespace fabscope::web
