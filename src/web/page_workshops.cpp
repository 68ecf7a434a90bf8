// The workshop list (/ateliers, with its downloads) and the workshop fiche (/ateliers/{id}).
#include "web/page_parts.hpp"

#include <fmt/format.h>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "collect/answers_store.hpp"
#include "collect/repository.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "graphics/charts.hpp"
#include "graphics/map.hpp"
#include "graphics/raster.hpp"
#include "graphics/scale.hpp"
#include "referential/referential.hpp"
#include "referential/panel.hpp"
#include "store/store.hpp"
#include "territory/indicators.hpp"
#include "territory/sphere.hpp"
#include "app/snapshot.hpp"
#include "web/layers.hpp"
#include "web/table.hpp"
#include "workshops/fields.hpp"
#include "workshops/fit.hpp"
#include "workshops/model.hpp"

namespace fabscope::web {

namespace {

std::optional<double> score_param(const PageRequest& r, const std::string& name) {
  const auto s = r.param(name);
  if (s.empty()) return std::nullopt;
  std::string t = s;
  std::replace(t.begin(), t.end(), ',', '.');
  const auto v = text::parse_double(t);
  if (!v || *v < 0 || *v > 1) throw PageError{400, fmt::format("{} must be a number from 0 to 1", name)};
  return v;
}

std::string select(const std::string& name, const std::string& label,
                   const std::vector<std::pair<std::string, std::string>>& options, const std::string& current) {
  std::string out = fmt::format(R"(<label>{}<select name="{}">)", esc(label), name);
  for (const auto& [v, text] : options)
    out += fmt::format(R"(<option value="{}"{}>{}</option>)", esc(v), v == current ? " selected" : "", esc(text));
  return out + "</select></label>";
}

}  // namespace

Table workshops_table(const PageRequest& r, const Snapshot& snap, const WorkshopQuery& q) {
  // Scores, filters and sorting on the node the panel is ranked by (the total when any
  // workshop is evaluable on it, else the territorial context); the total beside it.
  const auto& e = snap.evaluation;
  const std::optional<std::size_t> total = e.ranking_node();
  const std::size_t root = e.total_node();
  const auto* unc = snap.uncertainty ? &snap.uncertainty->by_node.at(*total) : nullptr;
  std::vector<const WorkshopEntry*> rows;
  const auto needle = text::search_key(q.q);
  for (const auto& w : snap.workshops) {
    if (!q.kind.empty() && w.row.kind.value_or("") != q.kind) continue;
    if (!q.source.empty() && w.sources.count(q.source) == 0) continue;
    if (!q.dep.empty() && w.row.dep.value_or("") != q.dep) continue;
    if (q.laureates && !w.row.laureate) continue;
    if (q.density_class && w.density_class != q.density_class) continue;
    if (!needle.empty() && !text::matches_all_words(w.search_key, needle)) continue;
    if (!q.equipment.empty() && w.equipment.count(q.equipment) == 0) continue;
    if (q.centre) {
      double lat = w.row.latitude.value_or(kNaN), lon = w.row.longitude.value_or(kNaN);
      if (std::isnan(lat) && w.row.commune) {
        const auto it = snap.places.find(*w.row.commune);
        if (it != snap.places.end()) lat = it->second.latitude, lon = it->second.longitude;
      }
      if (std::isnan(lat) || territory::haversine_km(q.centre->first, q.centre->second, lat, lon) > q.radius_km) continue;
    }
    if (q.coverage_min && (!w.unit || e.coverage(*w.unit, *total) < *q.coverage_min)) continue;
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
  t.columns = {"id",        "name",      "kind",     "commune", "commune_name",   "dep",  "density_class", "ranked_on",
               "score",     "score_p05", "score_p95", "coverage", "total",        "total_coverage", "rank", "laureate_2013",
               "fictitious_answers"};
  const auto& ref = referential::Referential::active();
  for (const auto* key :
       {"workshops.name", "workshops.kind", "workshops.commune_code", "workshops.commune", "workshops.dep",
        "workshops.density_short", "workshops.ranked_on", "workshops.score", "workshops.p05", "workshops.p95",
        "workshops.coverage", "workshops.total", "workshops.total_coverage", "workshops.rank", "workshops.laureate",
        "workshops.fictitious"}) {
    t.labels.push_back(tr(r.lang, key));
  }
  t.labels.insert(t.labels.begin(), "id");
  // Every dimension's score and interval (columns <dimension id>, _p05, _p95).
  for (const auto d : e.dimensions) {
    const std::string id(e.nodes[d]);
    const auto label = ref.node_label(e.nodes[d], r.lang);
    t.columns.insert(t.columns.end(), {id, id + "_p05", id + "_p95"});
    t.labels.insert(t.labels.end(), {label, label + " " + tr(r.lang, "workshops.p05"),
                                     label + " " + tr(r.lang, "workshops.p95")});
  }
  const auto ranked_on = ref.node_label(e.nodes[*total], r.lang);
  for (const auto* w : rows) {
    const double s = score_of(w);
    const double cov = w->unit ? e.coverage(*w->unit, *total) : kNaN;
    const int rank = w->unit ? e.rank(*w->unit, *total) : 0;
    const double p05 = w->unit && unc ? (*unc)[*w->unit].p05_score : kNaN;
    const double p95 = w->unit && unc ? (*unc)[*w->unit].p95_score : kNaN;
    const double tot = w->unit ? e.total(*w->unit) : kNaN;
    const double tot_cov = w->unit ? e.coverage(*w->unit, root) : kNaN;
    const bool low = w->unit && !std::isnan(s) && cov < referential::kLowCoverage;
    std::vector<Cell> row;
    row.push_back(text_cell(w->row.id));
    row.push_back(text_cell(w->row.name, href(r.lang, "/ateliers/" + url_encode(w->row.id))));
    row.push_back(text_cell(w->row.kind ? kind_label(r.lang, *w->row.kind) : ""));
    row.push_back(text_cell(w->row.commune.value_or("")));
    row.push_back(text_cell(w->row.commune_name.value_or("")));
    row.push_back(text_cell(w->row.dep.value_or("")));
    row.push_back(number_cell(w->density_class ? *w->density_class : kNaN,
                              w->density_class ? std::to_string(*w->density_class) : ""));
    row.push_back(text_cell(w->unit ? ranked_on : ""));
    row.push_back(number_cell(s, std::isnan(s) && w->unit ? tr(r.lang, "score.not_evaluable_short")
                                                          : number(r.lang, s, 3) + (low ? " ⚠" : "")));
    row.push_back(number_cell(p05, number(r.lang, p05, 3)));
    row.push_back(number_cell(p95, number(r.lang, p95, 3)));
    row.push_back(number_cell(cov, std::isnan(cov) ? "" : pct(r.lang, 100 * cov, 0)));
    row.push_back(number_cell(tot, std::isnan(tot) && w->unit ? tr(r.lang, "score.not_evaluable_short")
                                                              : number(r.lang, tot, 3)));
    row.push_back(number_cell(tot_cov, std::isnan(tot_cov) ? "" : pct(r.lang, 100 * tot_cov, 0)));
    row.push_back(number_cell(rank > 0 ? rank : kNaN, rank > 0 ? std::to_string(rank) : ""));
    row.push_back(text_cell(w->row.laureate.value_or("")));
    const bool fict = w->unit && e.panel.units[*w->unit].fictitious;
    row.push_back(text_cell(fict ? tr(r.lang, "workshops.fictitious_yes") : ""));
    for (const auto d : e.dimensions) {
      const double ds = w->unit ? e.score(*w->unit, d) : kNaN;
      const auto* du = w->unit && snap.uncertainty && snap.uncertainty->by_node.count(d) != 0 && !std::isnan(ds)
                           ? &snap.uncertainty->by_node.at(d)[*w->unit]
                           : nullptr;
      row.push_back(number_cell(ds, std::isnan(ds) && w->unit ? tr(r.lang, "score.not_evaluable_short")
                                                              : number(r.lang, ds, 3)));
      row.push_back(number_cell(du ? du->p05_score : kNaN, du ? number(r.lang, du->p05_score, 3) : ""));
      row.push_back(number_cell(du ? du->p95_score : kNaN, du ? number(r.lang, du->p95_score, 3) : ""));
    }
    t.rows.push_back(std::move(row));
    t.row_ids.push_back(w->row.id);
  }
  return t;
}

Reply workshops_page(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  WorkshopQuery q;
  q.kind = r.param("kind");
  q.source = r.param("source");
  q.dep = r.param("dep");
  q.q = r.param("q");
  q.equipment = r.param("equipment");
  std::string around_note;
  if (const auto around = r.param("autour"); !around.empty()) {
    const auto km = text::parse_double(r.param("km", "30"));
    if (!km || *km <= 0 || *km > 1000) throw PageError{400, "km must be a distance from 0 to 1000"};
    q.radius_km = *km;
    // A commune by code, else the most populated commune of that name.
    const territory::Unit* centre = snap->unit(Level::commune, around);
    if (centre == nullptr) {
      const auto key = text::search_key(around);
      const auto pi = *territory::indicator_index("population");
      for (const auto& c : snap->level(Level::commune)) {
        if (text::search_key(c.name) == key && (centre == nullptr || c.values[pi] > centre->values[pi])) centre = &c;
      }
    }
    const auto place = centre != nullptr ? snap->places.find(centre->code) : snap->places.end();
    if (place == snap->places.end()) throw PageError{404, fmt::format("autour: no commune '{}'", around)};
    q.centre = std::make_pair(place->second.latitude, place->second.longitude);
    around_note = fmt::format(fmt::runtime(tr(r.lang, "workshops.around_note")), number(r.lang, q.radius_km, 0),
                              centre->name, centre->code);
  }
  if (!r.param("couverture_min").empty()) {
    const auto v = score_param(r, "couverture_min");
    q.coverage_min = v;
  }
  if (!q.equipment.empty() &&
      std::find(std::begin(workshops::kEquipmentIds), std::end(workshops::kEquipmentIds), q.equipment) ==
          std::end(workshops::kEquipmentIds)) {
    throw PageError{400, fmt::format("equipment: unknown '{}'", q.equipment)};
  }
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
  std::set<std::string> sources;
  for (const auto& w : snap->workshops) {
    if (w.row.kind) kinds.insert(*w.row.kind);
    if (w.row.dep) deps.insert(*w.row.dep);
    sources.insert(w.sources.begin(), w.sources.end());
  }
  if (!q.source.empty() && sources.count(q.source) == 0) {
    throw PageError{400, fmt::format("source: no register '{}'", q.source)};
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
  body += fmt::format(R"(<label>{}<input id="workshop-q" name="q" value="{}" size="14" data-suggest="workshops"></label>)", esc(tr(r.lang, "workshops.search")),
                      esc(q.q));
  body += select("kind", tr(r.lang, "workshops.kind"), kind_opts, q.kind);
  std::vector<std::pair<std::string, std::string>> source_opts = {{"", all}};
  for (const auto& src : sources) source_opts.emplace_back(src, src);
  body += select("source", tr(r.lang, "workshops.source"), source_opts, q.source);
  body += select("dep", tr(r.lang, "workshops.dep"), dep_opts, q.dep);
  body += select("density_class", tr(r.lang, "workshops.density"), dens_opts, r.param("density_class"));
  std::vector<std::pair<std::string, std::string>> equipment_opts = {{"", all}};
  for (const auto& k : workshops::equipment_kinds()) {
    equipment_opts.emplace_back(std::string(k.id), std::string(pick(r.lang, k.label_fr, k.label_en)));
  }
  body += select("equipment", tr(r.lang, "workshops.equipment"), equipment_opts, q.equipment);
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
  body += fmt::format(R"(<label>{}<input name="autour" value="{}" size="12"></label>)",
                      esc(tr(r.lang, "workshops.around")), esc(r.param("autour")));
  body += fmt::format(R"(<label>{}<input name="km" value="{}" size="4" inputmode="decimal"></label>)",
                      esc(tr(r.lang, "workshops.km")), esc(r.param("km", "30")));
  body += fmt::format(R"(<label>{}<input name="couverture_min" value="{}" size="4" inputmode="decimal"></label>)",
                      esc(tr(r.lang, "workshops.coverage_min")), esc(r.param("couverture_min")));
  body += fmt::format(R"(<button type="submit">{}</button></form>)", esc(tr(r.lang, "workshops.filter")));
  if (!around_note.empty()) body += fmt::format(R"(<p class="note" id="around-note">{}</p>)", esc(around_note));
  body += fmt::format(R"(<p><b id="count">{}</b> {}</p>)", t.rows.size(), esc(tr(r.lang, "workshops.count")));
  body += downloads(r);
  body += pdf_button(r);
  body += render_table(t);
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "workshops.title"), body), {}, {}};
}

namespace {

template <class Set>
std::string join_comma(const Set& set) {
  std::string s;
  for (const auto& x : set) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// Identity and provenance: one row per field the workshop has, with its source and date.
Table identity_table(const PageRequest& r, const workshops::Workshop& ws, const WorkshopEntry& w) {
  Table id;
  id.id = "identity-table";
  id.sheet = "fiche";
  // Labels for people (workshops/fields.hpp); the stable field id last, for exports.
  id.columns = {"label", "value", "source", "date", "field"};
  id.labels = {tr(r.lang, "workshop.field"), tr(r.lang, "workshop.value"), tr(r.lang, "workshop.source"), "", "id"};
  auto add = [&](const std::string& field, const std::string& value) {
    if (value.empty()) return;
    const auto it = ws.provenance.find(field);
    id.rows.push_back({text_cell(workshops::field_label(field, r.lang)), text_cell(value),
                       text_cell(it == ws.provenance.end() ? ws.source : it->second.source),
                       text_cell(it == ws.provenance.end() ? "" : it->second.date), text_cell(field)});
  };
  add("name", ws.name);
  add("kind", ws.kind ? kind_label(r.lang, *ws.kind) : "");
  add("kind_in_source", ws.kind_in_source.value_or(""));
  add("address", ws.address.value_or(""));
  add("postcode", ws.postcode.value_or(""));
  add("city", ws.city.value_or(""));
  add("website", ws.website.value_or(""));
  add("email", ws.email.value_or(""));
  add("phone", ws.phone.value_or(""));
  add("opening_year", ws.opening_year ? std::to_string(*ws.opening_year) : "");
  add("status", ws.status.value_or(""));
  add("networks", join_comma(ws.networks));
  add("surface_m2", ws.surface_m2 ? number(r.lang, *ws.surface_m2, 0) : "");
  if (ws.equipment) {
    std::set<std::string> labels;
    for (const auto& e : *ws.equipment) labels.emplace(workshops::equipment_label(e, r.lang));
    add("equipment", join_comma(labels));
  }
  add("offer", ws.offer ? join_comma(*ws.offer) : "");
  add("publics", ws.publics ? join_comma(*ws.publics) : "");
  add("staff_fte", ws.staff_fte ? number(r.lang, *ws.staff_fte, 1) : "");
  add("budget_eur", ws.budget_eur ? number(r.lang, *ws.budget_eur, 0) : "");
  add("legal_form", ws.legal_form.value_or(""));
  add("governance", ws.governance.value_or(""));
  add("description", ws.description.value_or(""));
  add("laureate_2013", w.row.laureate.value_or(""));
  return id;
}

// The identity section: the table with its downloads, where the workshop was placed and
// the records merged into it.
std::string identity_section(const PageRequest& r, const WorkshopEntry& w, const workshops::MergedWorkshop& merged,
                             const Table& id) {
  std::string body = fmt::format(R"(<section id="identity"><h2>{}</h2>)", esc(tr(r.lang, "workshop.identity")));
  body += pdf_button(r);
  body += downloads(r);
  body += render_table(id);
  {
    const auto key = "placement." + (w.row.method.empty() ? std::string("unplaced") : w.row.method);
    const auto how = tr(r.lang, key);
    body += fmt::format(
        R"(<p class="muted" id="placement">{} : {} — {}{}</p>)", esc(tr(r.lang, "workshop.placement")),
        esc(w.row.commune_name.value_or("?")), esc(how == key ? w.row.method : how),
        w.row.note.empty() ? "" : fmt::format(R"(<br>⚠ {})", esc(workshops::placement_note_text(w.row.note, r.lang))));
  }
  if (!merged.members.empty()) {
    body += fmt::format(R"(<p class="muted">{} : {}</p>)", esc(tr(r.lang, "workshop.merged")),
                        esc(join_comma(merged.members)));
  }
  body += "</section>";
  return body;
}

// Territorial context: percentiles of its commune among all communes.
// Where the workshop is: the départements of metropolitan France, its own highlighted, and
// its point (its coordinates, else its commune's centroid).
std::string locator_map(const PageRequest& r, const Snapshot& snap, const WorkshopEntry& w) {
  const auto* layer = web::layer(Level::dep, r.data_dir, snap);
  if (layer == nullptr || !w.row.commune) return "";
  double lat = w.row.latitude.value_or(kNaN), lon = w.row.longitude.value_or(kNaN);
  if (std::isnan(lat)) {
    const auto it = snap.places.find(*w.row.commune);
    if (it == snap.places.end()) return "";
    lat = it->second.latitude;
    lon = it->second.longitude;
  }
  if (std::isnan(lat) || std::isnan(lon)) return "";
  graphics::Choropleth c;
  c.frame = chart_frame(r.lang);
  c.frame.id = "locator";
  c.frame.title = tr(r.lang, "workshop.locator");
  const auto* dep = w.row.dep ? snap.unit(Level::dep, *w.row.dep) : nullptr;
  c.frame.subtitle = dep != nullptr ? fmt::format("{} ({})", dep->name, dep->code) : "";
  c.frame.source = tr(r.lang, "workshop.locator_source");
  c.layer = layer;
  if (w.row.dep) c.values[*w.row.dep] = 1;
  c.breaks = {};
  c.colours = {"#9ecae1"};
  c.legend_title = "";
  c.format = [&](double) { return w.row.commune_name.value_or(""); };
  c.missing_label = tr(r.lang, "workshop.locator_others");
  c.points.push_back({lon, lat, w.row.name, "", 0});
  c.categories = {w.row.name};
  c.width = 520;
  c.height = 460;
  c.legend_width = 0;
  return graphics::render_choropleth(c);
}

std::string context_section(const PageRequest& r, const Snapshot& snap, const WorkshopEntry& w) {
  std::string body = fmt::format(R"(<section id="context"><h2>{}</h2>)", esc(tr(r.lang, "workshop.context")));
  body += locator_map(r, snap, w);
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
    auto f = chart_frame(r.lang);
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
  return body;
}

// Fit of a placed workshop with its territory: sector fit by level, accessibility, nearest
// other workshop, typicality of its density class.
std::string fit_section(const PageRequest& r, store::Store& store, const Snapshot& snap, const workshops::Workshop& ws,
                        const std::string& commune) {
  const auto fit = workshops::compute_fit(store, ws, commune, snap.access);
  std::string body = fmt::format(R"(<section id="fit"><h2>{}</h2><table><tbody>)", esc(tr(r.lang, "workshop.fit")));
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
    body += fmt::format(R"(<tr><th>{}</th><td class="num">{}</td></tr>)", esc(tr(r.lang, "workshop.typicality")),
                        pct(r.lang, 100 * *fit.density_typicality, 0));
  }
  body += "</tbody></table></section>";
  return body;
}

// Bar chart of the dimensions' scores and the total, each with its 5–95 % interval when the
// uncertainty was computed; a score that is not evaluable is drawn as an empty bar.
std::string scores_chart(const PageRequest& r, const Snapshot& snap, const referential::Referential& ref,
                         std::size_t unit, const std::string& source) {
  const auto& e = snap.evaluation;
  std::vector<graphics::Bar> bars;
  std::vector<std::size_t> nodes = e.dimensions;
  nodes.push_back(e.total_node());
  for (const auto nd : nodes) {
    const double s = e.score(unit, nd);
    graphics::Bar b{ref.node_label(e.nodes[nd], r.lang), s, 0, 0, false,
                    std::isnan(s) ? tr(r.lang, "score.not_evaluable") : number(r.lang, s, 3)};
    if (snap.uncertainty && snap.uncertainty->by_node.count(nd) != 0 && !std::isnan(s)) {
      const auto& u = snap.uncertainty->by_node.at(nd)[unit];
      b.low = u.p05_score;
      b.high = u.p95_score;
      b.has_interval = true;
      b.value_text = fmt::format("{} [{}–{}]", number(r.lang, s, 3), number(r.lang, u.p05_score, 3),
                                 number(r.lang, u.p95_score, 3));
    }
    bars.push_back(std::move(b));
  }
  auto f = chart_frame(r.lang);
  f.title = tr(r.lang, "workshop.scores_chart");
  f.subtitle = fmt::format("{} {}", ref.id, ref.version);
  f.source = source;
  return graphics::bar_chart(f, bars, 0, 1);
}

}  // namespace

std::string score_row(const PageRequest& r, const Snapshot& snap, const referential::Referential& ref,
                      std::size_t unit, std::size_t nd, bool& widened) {
  const auto& e = snap.evaluation;
  const double s = e.score(unit, nd);
  const double cov = e.coverage(unit, nd);
  const auto state = referential::score_state(e, unit, nd);
  const auto* u = snap.uncertainty && snap.uncertainty->by_node.count(nd) != 0
                      ? &snap.uncertainty->by_node.at(nd)[unit]
                      : nullptr;
  std::string out = fmt::format(R"(<tr class="{}"><th scope="row">{}</th>)", referential::state_id(state),
                                esc(ref.node_label(e.nodes[nd], r.lang)));
  const std::string coverage = fmt::format("{} <span class=\"muted\">({} {})</span>{}", pct(r.lang, 100 * cov, 0),
                                           esc(tr(r.lang, "score.rule")), pct(r.lang, 100 * e.min_coverage[nd], 0),
                                           state == referential::ScoreState::low_coverage ? " ⚠" : "");
  const std::string known = fmt::format("{} / {}", e.known(unit, nd), e.columns[nd].size());
  if (state == referential::ScoreState::not_evaluable) {
    std::vector<std::string> missing;
    for (const auto col : e.missing(unit, nd)) missing.push_back(pick(r.lang, ref.indicators[col].label_fr, ref.indicators[col].label_en));
    const std::size_t shown = std::min<std::size_t>(missing.size(), 6);
    std::string list = fmt::format("{}", fmt::join(missing.begin(), missing.begin() + static_cast<std::ptrdiff_t>(shown), " ; "));
    if (missing.size() == shown + 1) list += tr(r.lang, "score.and_one_more");
    if (missing.size() > shown + 1) list += fmt::format(fmt::runtime(tr(r.lang, "score.and_more")), missing.size() - shown);
    return out + fmt::format(R"(<td colspan="3"><b>{}</b> — {}{}</td><td class="num">{}</td><td class="num">{}</td></tr>)",
                             esc(tr(r.lang, "score.not_evaluable")), esc(tr(r.lang, "score.missing")), esc(list),
                             coverage, known);
  }
  std::string interval = "—", rank = fmt::format("{} / {}", e.rank(unit, nd), e.ranked_on(nd));
  if (u != nullptr) {
    const bool outside = u->score_outside != 0 || u->rank_outside != 0;
    widened = widened || outside;
    interval = fmt::format(R"(<span class="interval">{}–{}</span>{})", number(r.lang, u->p05_score, 3),
                           number(r.lang, u->p95_score, 3), outside ? " *" : "");
    rank += fmt::format(" ({}–{})", number(r.lang, u->p05_rank, 0), number(r.lang, u->p95_rank, 0));
  }
  return out + fmt::format(R"(<td class="num"><b>{}</b> {}</td><td class="num">{}</td><td class="num">{}</td>)"
                           R"(<td class="num">{}</td><td class="num">{}</td></tr>)",
                           number(r.lang, s, 3), esc(referential::verbal_level(ref, s, r.lang)), interval, rank,
                           coverage, known);
}

namespace {

// The scores of the total and every dimension, with the rules that produced them.
std::string scores_table(const PageRequest& r, const Snapshot& snap, const referential::Referential& ref,
                         std::size_t unit) {
  const auto& e = snap.evaluation;
  std::string out = fmt::format(
      R"(<p>{}</p><table class="scores"><thead><tr><th scope="col">{}</th><th scope="col">Score</th>)"
      R"(<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
      esc(fmt::format(fmt::runtime(tr(r.lang, "score.rules")), number(r.lang, 100 * ref.min_coverage, 0),
                      tr(r.lang, "score.policy." + std::string(referential::name_of(ref.missing_in_score))))),
      esc(tr(r.lang, "score.dimension")), esc(tr(r.lang, "score.interval")), esc(tr(r.lang, "score.rank")),
      esc(tr(r.lang, "score.coverage")), esc(tr(r.lang, "score.known")));
  bool widened = false;
  out += score_row(r, snap, ref, unit, e.total_node(), widened);
  for (const auto d : e.dimensions) out += score_row(r, snap, ref, unit, d, widened);
  out += "</tbody></table>";
  if (widened) out += fmt::format(R"(<p class="muted">* {}</p>)", esc(tr(r.lang, "score.widened")));
  return out;
}

// Why a dimension scores what it scores: each indicator's part (share of the weight ×
// normalised value), with its value, unit and source; largest first.
std::string contributions_section(const PageRequest& r, const Snapshot& snap, const referential::Referential& ref,
                                  std::size_t unit, std::size_t nd, const std::string& source) {
  const auto& e = snap.evaluation;
  const auto parts = e.contributions(unit, nd);
  if (parts.empty()) return "";
  const std::size_t m = e.methods.size();
  const auto title = fmt::format(fmt::runtime(tr(r.lang, "score.why")), ref.node_label(e.nodes[nd], r.lang),
                                 number(r.lang, e.score(unit, nd), 3));
  std::vector<graphics::Bar> bars;
  std::string rows;
  for (const auto& c : parts) {
    std::string label, value, src;
    if (c.column) {
      const auto& ind = ref.indicators[*c.column];
      label = pick(r.lang, ind.label_fr, ind.label_en);
      const double raw = e.panel.values[unit * m + *c.column];
      value = std::isnan(raw) ? tr(r.lang, "score.filled") : value_with_unit(r.lang, raw, ind.unit);
      src = referential::source_text(ind);
    } else {
      label = ref.node_label(e.nodes[c.criterion], r.lang);
      value = tr(r.lang, "score.filled");
    }
    bars.push_back({label, c.contribution, 0, 0, false, number(r.lang, c.contribution, 3)});
    rows += fmt::format(R"(<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td>)"
                        R"(<td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>)",
                        esc(label), esc(value), number(r.lang, c.value, 3), pct(r.lang, 100 * c.share, 1),
                        number(r.lang, c.contribution, 3), esc(src));
  }
  auto f = chart_frame(r.lang);
  f.title = tr(r.lang, "score.why_subtitle");
  f.source = source;
  double top = 0;
  for (const auto& b : bars) top = std::max(top, b.value);
  top = std::ceil(top * 10) / 10;  // a round end of the axis
  return fmt::format(R"(<h3>{}</h3>{}<table class="contributions"><thead><tr><th scope="col">{}</th>)"
                     R"(<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>)"
                     R"(<th scope="col">Source</th></tr></thead><tbody>{}</tbody></table>)",
                     esc(title), graphics::bar_chart(f, bars, 0, top > 0 ? top : 1), esc(tr(r.lang, "score.indicator")),
                     esc(tr(r.lang, "score.value")), esc(tr(r.lang, "score.normalised")),
                     esc(tr(r.lang, "score.share")), esc(tr(r.lang, "score.contribution")), rows);
}

// The median score of a node over the panel (NaN when no unit has one).
double panel_median(const Snapshot& snap, std::optional<std::size_t> node) {
  std::vector<double> all;
  for (std::size_t u = 0; node && u < snap.evaluation.panel.units.size(); ++u) {
    const double x = snap.score(u, *node);
    if (!std::isnan(x)) all.push_back(x);
  }
  double med = kNaN;
  if (!all.empty()) {
    std::sort(all.begin(), all.end());
    med = all.size() % 2 ? all[all.size() / 2] : (all[all.size() / 2 - 1] + all[all.size() / 2]) / 2;
  }
  return med;
}

// The dimensions against the panel's median.
std::string dimensions_radar(const PageRequest& r, const Snapshot& snap, const referential::Referential& ref,
                             const WorkshopEntry& w, const std::string& source) {
  std::vector<std::string> axes;
  graphics::RadarSeries own{w.row.name, {}, "#0072b2", false},
      median{tr(r.lang, "workshop.panel_median"), {}, "#e69f00", true};
  for (const auto& d : ref.dimensions) {
    axes.push_back(pick(r.lang, d.label_fr, d.label_en));
    const auto nd = snap.node(d.id);
    own.values.push_back(nd ? snap.score(*w.unit, *nd) : kNaN);
    median.values.push_back(panel_median(snap, nd));
  }
  auto rf = chart_frame(r.lang);
  rf.title = tr(r.lang, "workshop.radar");
  rf.source = source;
  return graphics::radar_chart(rf, axes, {own, median});
}

// The scores table as a download: the total and every dimension, with the same figures as
// the page (score, state, interval, rank and its interval, coverage against the rule,
// indicators known, the missing ones).
Table scores_download(const PageRequest& r, const Snapshot& snap, std::size_t unit) {
  const auto& ref = referential::Referential::active();
  const auto& e = snap.evaluation;
  Table t;
  t.sheet = "scores";
  t.columns = {"node",     "label",    "score",        "state",          "level",   "score_p05", "score_p95", "rank",
               "ranked",   "rank_p05", "rank_p95",     "coverage",       "min_coverage", "known", "indicators",
               "missing"};
  t.labels = t.columns;
  std::vector<std::size_t> nodes = {e.total_node()};
  nodes.insert(nodes.end(), e.dimensions.begin(), e.dimensions.end());
  for (const auto nd : nodes) {
    const double s = e.score(unit, nd);
    const auto* u = snap.uncertainty && snap.uncertainty->by_node.count(nd) != 0
                        ? &snap.uncertainty->by_node.at(nd)[unit]
                        : nullptr;
    const bool scored = !std::isnan(s);
    const int rank = e.rank(unit, nd);
    std::vector<std::string> missing;
    for (const auto col : e.missing(unit, nd)) missing.emplace_back(ref.indicators[col].id);
    const auto num = [&](double v, int digits) { return number_cell(v, number(r.lang, v, digits)); };
    t.rows.push_back({text_cell(e.nodes[nd]), text_cell(ref.node_label(e.nodes[nd], r.lang)),
                      num(s, 3), text_cell(std::string(referential::state_id(referential::score_state(e, unit, nd)))),
                      text_cell(scored ? referential::verbal_level(ref, s, r.lang) : ""),
                      num(scored && u ? u->p05_score : kNaN, 3), num(scored && u ? u->p95_score : kNaN, 3),
                      num(rank > 0 ? rank : kNaN, 0), num(static_cast<double>(e.ranked_on(nd)), 0),
                      num(scored && u ? u->p05_rank : kNaN, 0), num(scored && u ? u->p95_rank : kNaN, 0),
                      num(e.coverage(unit, nd), 4), num(e.min_coverage[nd], 2),
                      num(static_cast<double>(e.known(unit, nd)), 0),
                      num(static_cast<double>(e.columns[nd].size()), 0),
                      text_cell(fmt::format("{}", fmt::join(missing, " ")))});
  }
  return t;
}

// Scores with their coverage, interval and rank (or why there is none), the charts, and the
// contributions that explain each evaluable score.
std::string scores_section(const PageRequest& r, const Snapshot& snap, const WorkshopEntry& w) {
  std::string body = fmt::format(R"(<section id="scores"><h2>{}</h2>)", esc(tr(r.lang, "workshop.scores")));
  if (w.unit) {
    const auto& ref = referential::Referential::active();
    const auto& e = snap.evaluation;
    auto source = fmt::format(fmt::runtime(tr(r.lang, "workshop.scores_source")), snap.uncertainty_samples);
    if (e.panel.units[*w.unit].fictitious) {
      body += fmt::format(R"(<p class="fictitious-note" id="scores-fictitious" role="note">{}</p>)",
                          esc(tr(r.lang, "workshop.scores_fictitious")));
      source += " " + tr(r.lang, "workshop.scores_fictitious");
    }
    body += scores_table(r, snap, ref, *w.unit);
    auto p = r.params;
    p.erase("lang");
    p["table"] = "scores";
    p["format"] = "csv";
    const auto csv = href(r.lang, "/ateliers/" + url_encode(w.row.id), p);
    p["format"] = "xlsx";
    p.erase("table");
    body += fmt::format(R"(<p class="downloads">{}{} <a id="scores-csv" href="{}" download>CSV</a> )"
                        R"(<a id="scores-xlsx" href="{}" download>XLSX</a></p>)",
                        esc(tr(r.lang, "workshop.scores_download")), text::colon(r.lang), esc(csv),
                        esc(href(r.lang, "/ateliers/" + url_encode(w.row.id), p)));
    body += scores_chart(r, snap, ref, *w.unit, source);
    std::size_t evaluable = 0;
    for (const auto d : e.dimensions) evaluable += e.evaluable(*w.unit, d) ? 1 : 0;
    if (evaluable >= 3) body += dimensions_radar(r, snap, ref, w, source);  // a radar needs three axes
    body += contributions_section(r, snap, ref, *w.unit, e.total_node(), source);
    for (const auto d : e.dimensions) body += contributions_section(r, snap, ref, *w.unit, d, source);
  } else {
    body += fmt::format("<p>{}</p>", esc(tr(r.lang, "workshop.no_score")));
  }
  body += fmt::format(R"(<p><a id="compare-link" href="{}">{}</a></p>)",
                      esc(href(r.lang, "/comparer", {{"ateliers", w.row.id}})), esc(tr(r.lang, "compare.with")));
  body += "</section>";
  return body;
}

}  // namespace

// The answers given for the workshop (campaigns, imports, the demonstration), newest first,
// each with its questionnaire, origin and date, and every answer in a closed <details>.
std::string answers_section(const PageRequest& r, store::Store& store, const std::string& workshop_id) {
  std::string out = fmt::format(R"(<section id="answers"><h2>{}</h2>)", esc(tr(r.lang, "workshop.answers")));
  SQLite::Statement q(store.db(),
                      "SELECT form_id, version, origin, fictitious, submitted_at, received_at, source, data FROM "
                      "submission WHERE workshop_id = ? ORDER BY id DESC LIMIT 20");
  q.bind(1, workshop_id);
  std::size_t n = 0;
  std::string items;
  std::map<std::pair<std::string, int>,
           std::optional<std::pair<collect::StoredInstrument, collect::Instrument>>>
      instruments;
  while (q.executeStep()) {
    ++n;
    const auto form_id = q.getColumn(0).getString();
    const int version = q.getColumn(1).getInt();
    const auto origin = q.getColumn(2).getString();
    const bool fictitious = q.getColumn(3).getInt() != 0;
    const auto when = q.getColumn(4).getString().empty() ? q.getColumn(5).getString() : q.getColumn(4).getString();
    // Each questionnaire version read once for the page, not once per answer.
    auto slot = instruments.find({form_id, version});
    if (slot == instruments.end()) {
      slot = instruments.emplace(std::make_pair(form_id, version), collect::load_instrument(store, form_id, version)).first;
    }
    if (!slot->second) continue;
    const auto& ins = slot->second->second;
    const std::string lang = ins.language_for(r.lang);
    const auto record = collect::record_from_json(q.getColumn(7).getString());
    std::string rows;
    std::size_t answered = 0;
    for (const auto& c : collect::answer_columns(ins)) {
      if (!c.repeats.empty() || c.other) continue;
      const auto v = record.value(c.name());
      if (v.empty()) continue;
      ++answered;
      std::string shown = v;
      if (c.question->type == "select_one" || c.question->type == "select_multiple") {
        shown.clear();
        for (const auto& t : text::split(v, ' ')) {
          if (t.empty()) continue;
          shown += (shown.empty() ? "" : ", ") +
                   (t == "other" ? record.value(c.name() + "_other") : collect::choice_label(ins, *c.question, std::string(t), lang));
        }
      }
      const auto label = c.question->text("label", lang);
      rows += fmt::format(R"(<tr><th scope="row">{}</th><td>{}</td></tr>)", esc(label.empty() ? c.name() : label), esc(shown));
    }
    items += fmt::format(
        R"(<details class="answer"><summary>{} — {} ({}){}{}</summary><table class="data"><tbody>{}</tbody></table><p class="source">{}</p></details>)",
        esc(ins.title), esc(when.substr(0, 10)), esc(tr(r.lang, "workshop.answers_origin_" + origin)),
        fictitious ? fmt::format(R"( <span class="badge fictitious">{}</span>)", esc(tr(r.lang, "workshop.answers_fictitious"))) : "",
        esc(fmt::format(fmt::runtime(tr(r.lang, "workshop.answers_count")), answered)), rows,
        esc(fmt::format(fmt::runtime(tr(r.lang, "workshop.answers_source")), form_id, version, q.getColumn(6).getString())));
  }
  if (n == 0) return out + fmt::format("<p>{}</p></section>", esc(tr(r.lang, "workshop.answers_none")));
  return out + fmt::format("<p>{}</p>", esc(tr(r.lang, "workshop.answers_feed"))) + items + "</section>";
}

std::string workshop_body(const PageRequest& r, const Snapshot& snap, const WorkshopEntry& w, Table* identity_out) {
  store::Store store(r.store_path, /*read_only=*/true);
  const auto merged = workshops::load_merged(store, w.row.id);
  if (!merged) throw PageError{404, tr(r.lang, "workshop.not_found")};
  const auto& ws = merged->workshop;
  const Table id = identity_table(r, ws, w);
  if (identity_out != nullptr) *identity_out = id;
  std::string body = identity_section(r, w, *merged, id);
  body += context_section(r, snap, w);
  if (w.row.commune) body += fit_section(r, store, snap, ws, *w.row.commune);
  body += scores_section(r, snap, w);
  body += answers_section(r, store, w.row.id);
  // The workshop's answers and declared figures, read once for both sections.
  auto sources = fact_sources(r, store, w.row.id);
  body += impacts_section(r, store, snap, w, sources);
  body += recommendations_section(r, snap, w, sources);
  body += analyses_section(r, snap, w);
  return body;
}

Reply workshop_page(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto id = r.captures.at(1);
  const auto* w = snap->workshop(id);
  if (w == nullptr) throw PageError{404, fmt::format("{} ({})", tr(r.lang, "workshop.not_found"), id)};
  Table identity;
  const auto body = workshop_body(r, *snap, *w, &identity);
  if (const auto format = r.param("format"); !format.empty()) {
    // CSV: one table (table=identity, default, or table=scores); XLSX: both, one sheet each.
    const auto which = r.param("table", "identity");
    if (which != "identity" && which != "scores") throw PageError{400, "table must be identity or scores"};
    if (which == "scores" && !w->unit) throw PageError{404, tr(r.lang, "workshop.no_score")};
    const auto stem = "fiche-" + file_stem(w->row.id);
    if (format == "xlsx" && w->unit) return download({identity, scores_download(r, *snap, *w->unit)}, format, stem);
    return download(which == "scores" ? scores_download(r, *snap, *w->unit) : identity, format,
                    which == "scores" ? stem + "-scores" : stem);
  }
  return {200, "text/html; charset=utf-8", layout(r, w->row.name, body), {}, {}};
}

}  // namespace fabscope::web
