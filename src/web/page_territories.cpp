// The territory search (/territoires) and the territory profile (/territoires/{level}/{code}).
#include "web/page_parts.hpp"

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
#include "app/snapshot.hpp"
#include "web/table.hpp"
#include "workshops/fit.hpp"

namespace fabscope::web {

Reply territories_page(const PageRequest& r) {
  const auto q = r.param("q");
  std::string body = R"(<form class="filters" method="get" action="/territoires">)";
  if (r.lang == Lang::en) body += R"(<input type="hidden" name="lang" value="en">)";
  body += fmt::format(
      R"(<label>{}<input id="territory-q" name="q" value="{}" size="40" autofocus data-suggest="territories"></label><button type="submit">OK</button></form>)",
      esc(tr(r.lang, "territories.search")), esc(q));
  if (!q.empty()) {
    store::Store store(r.store_path, /*read_only=*/true);
    const auto found = territory::search(store, q, std::nullopt, 50);
    auto aliases = territory::search_aliases(store, q, 20);
    if (const auto by_code = territory::commune_alias(store, std::string(text::trim(q)))) aliases.push_back(*by_code);
    body += fmt::format("<h2>{}</h2>", esc(tr(r.lang, "territories.results")));
    if (found.empty() && aliases.empty()) body += fmt::format("<p>{}</p>", esc(tr(r.lang, "territories.none")));
    body += R"(<ul id="results">)";
    for (const auto& u : found) {
      body += fmt::format(R"(<li><a class="territory" href="{}">{}</a> — {} {} · {} {}</li>)",
                          esc(href(r.lang, fmt::format("/territoires/{}/{}", territory::level_id(u.level), u.code))),
                          esc(u.name), esc(level_name(r.lang, u.level)), esc(u.code), u.n_communes,
                          esc(tr(r.lang, u.n_communes == 1 ? "territory.commune_one" : "territory.communes")));
    }
    // Arrondissements, delegated and associated communes, former codes: to their commune.
    for (const auto& a : aliases) {
      const auto* cur = snapshot(r.store_path)->unit(Level::commune, a.current);
      body += fmt::format(R"(<li><a class="territory" href="{}">{}</a> — {}</li>)",
                          esc(href(r.lang, "/territoires/commune/" + a.current + "?from=" + url_encode(a.code))),
                          esc(cur != nullptr ? cur->name : a.current), esc(alias_note(r.lang, a)));
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

std::string alias_note(Lang lang, const territory::CommuneAlias& a) {
  return fmt::format(fmt::runtime(tr(lang, "territory.alias." + a.type)), a.code, a.name);
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

}  // namespace



namespace {

// A commune's EPCI and zone d'emploi, as links.
std::string levels_above(const PageRequest& r, const Snapshot& snap, const territory::Unit& u) {
  if (u.level != Level::commune) return "";
  std::string out;
  for (const auto level : {Level::epci, Level::ze}) {
    const auto* above = snap.unit(level, snap.parent(u.code, level));
    if (above == nullptr) continue;
    out += fmt::format(R"({}{}{} <a class="level-link" href="{}">{}</a>)", out.empty() ? "" : " · ",
                       esc(territory::level_label(level, r.lang)), text::colon(r.lang),
                       esc(href(r.lang, fmt::format("/territoires/{}/{}", territory::level_id(level), above->code))),
                       esc(above->name));
  }
  return out.empty() ? "" : fmt::format(R"(<p id="levels-above">{}</p>)", out);
}

// The communes of an EPCI, a zone d'emploi, a département or a région, the most populated
// first (at most 300 listed).
std::string member_communes(const PageRequest& r, const Snapshot& snap, const territory::Unit& u) {
  if (u.level == Level::commune || u.level == Level::fr) return "";
  const auto pi = *territory::indicator_index("population");
  std::vector<const territory::Unit*> members;
  for (const auto& c : snap.level(Level::commune)) {
    if (snap.parent(c.code, u.level) == u.code) members.push_back(&c);
  }
  std::stable_sort(members.begin(), members.end(), [&](const auto* a, const auto* b) {
    const double x = std::isnan(a->values[pi]) ? -1 : a->values[pi], y = std::isnan(b->values[pi]) ? -1 : b->values[pi];
    return x > y;
  });
  constexpr std::size_t kShown = 300;
  std::string out = fmt::format(R"(<section id="territory-communes"><h2>{} ({})</h2><ul class="columns">)",
                                esc(level_name(r.lang, Level::commune)), members.size());
  for (std::size_t i = 0; i < members.size() && i < kShown; ++i) {
    out += fmt::format(R"(<li><a href="{}">{}</a></li>)", esc(href(r.lang, "/territoires/commune/" + members[i]->code)),
                       esc(members[i]->name));
  }
  out += "</ul>";
  if (members.size() > kShown) {
    out += fmt::format(R"(<p class="muted">{}</p>)",
                       esc(fmt::format(fmt::runtime(tr(r.lang, "territory.more_communes")), members.size() - kShown)));
  }
  return out + "</section>";
}

}  // namespace

std::string territory_body(const PageRequest& r, const Snapshot& snap, const territory::Unit& u) {
  const auto [dep, reg] = territory_parents(snap, u);
  const std::string what = u.level == Level::commune ? fmt::format("{} {}", tr(r.lang, "territory.commune"), u.code)
                                                     : fmt::format("{} {} · {} {}", level_name(r.lang, u.level), u.code,
                                                                   u.n_communes,
                                                                   tr(r.lang, u.n_communes == 1 ? "territory.commune_one"
                                                                                                : "territory.communes"));
  std::string body = fmt::format(
      R"(<p class="muted">{}{}{}</p>)", esc(what),
      dep ? fmt::format(R"( · <a href="{}">{}</a>)", esc(href(r.lang, "/territoires/dep/" + dep->code)), esc(dep->name))
          : "",
      reg ? fmt::format(R"( · <a href="{}">{}</a>)", esc(href(r.lang, "/territoires/reg/" + reg->code)), esc(reg->name))
          : "");
  body += levels_above(r, snap, u);
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
  auto f = chart_frame(r.lang);
  f.title = fmt::format("{} ({})", u.name, u.code);
  f.subtitle = tr(r.lang, "territory.percentile_chart");
  f.source = tr(r.lang, "map.source");
  body += pdf_button(r);
  body += fmt::format(R"(<section id="position"><h2>{}</h2>)", esc(tr(r.lang, "territory.profile")));
  body += graphics::percentile_chart(f, rows);
  {
    const auto di = *territory::indicator_index("density");
    std::vector<double> all;
    for (const auto& x : snap.level(u.level)) all.push_back(x.values[di]);
    auto df = chart_frame(r.lang);
    df.title = fmt::format("{} — {}", indicator_label(r.lang, di), level_name(r.lang, u.level));
    df.subtitle = tr(r.lang, "territory.distribution");
    df.source = tr(r.lang, "map.source");
    body += graphics::distribution_chart(
        df, all, u.values[di], fmt::format("{} : {}", u.name, format_indicator(r.lang, di, u.values[di])), true);
  }
  body += downloads(r);
  body += fmt::format(R"(<p><a id="compare-link" href="{}">{}</a></p>)",
                      esc(href(r.lang, "/comparer",
                               {{"territoires", fmt::format("{}:{}", territory::level_id(u.level), u.code)}})),
                      esc(tr(r.lang, "compare.with")));
  body += render_table(profile_table(r, snap, u, dep, reg));
  body += "</section>";
  body += member_communes(r, snap, u);
  if (u.level != Level::commune) body += workshops_impacts_section(r, snap, u.level, u.code);
  body += territory_recommendations(r, snap, u);
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
  const auto all = snap.reach(u.level, 30, u.code);
  const auto reach = all.empty() ? Snapshot::Reach{} : all.begin()->second;
  body += "<table><tbody>";
  const auto row = [&](const char* id, const char* label, const std::string& value) {
    body += fmt::format(R"(<tr id="{}"><th>{}</th><td class="num">{}</td></tr>)", id, esc(tr(r.lang, label)), value);
  };
  row("access-white", "territory.white_share", pct(r.lang, 100 * reach.beyond_share(), 1));
  if (snap.has_public_help()) {
    row("access-white-help", "territory.white_help_share", pct(r.lang, 100 * reach.beyond_help_share(), 1));
  }
  row("access-2sfca", "workshop.access", number(r.lang, reach.mean_access(), 1));
  body += "</tbody></table>";
  if (snap.has_public_help()) {
    body += fmt::format(R"(<p class="muted">{}</p>)", esc(tr(r.lang, "territory.white_help_note")));
  }
  body += "</section>";
  return body;
}

Reply territory_page(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto level = territory::parse_level(r.captures.at(1));
  if (!level) throw PageError{400, fmt::format("unknown level '{}' (commune, epci, ze, dep, reg)", r.captures.at(1))};
  const auto* u = snap->unit(*level, r.captures.at(2));
  if (u == nullptr && *level == Level::commune) {
    // A former code, an arrondissement, a delegated commune: to the current commune.
    store::Store store(r.store_path, /*read_only=*/true);
    if (const auto a = territory::commune_alias(store, r.captures.at(2)); a && snap->unit(Level::commune, a->current)) {
      throw PageRedirect{href(r.lang, "/territoires/commune/" + a->current + "?from=" + url_encode(a->code))};
    }
  }
  if (u == nullptr)
    throw PageError{404,
                    fmt::format("{} ({} {})", tr(r.lang, "territory.not_found"), r.captures.at(1), r.captures.at(2))};
  if (!r.param("format").empty()) {
    const auto [dep, reg] = territory_parents(*snap, *u);
    return download(profile_table(r, *snap, *u, dep, reg), r.param("format"),
                    fmt::format("profil-{}-{}", r.captures.at(1), u->code));
  }
  std::string note;
  if (const auto from = r.param("from"); !from.empty() && u->level == Level::commune) {
    store::Store store(r.store_path, /*read_only=*/true);
    if (const auto a = territory::commune_alias(store, from); a && a->current == u->code) {
      note = fmt::format(R"(<p class="note" id="alias-note">{}</p>)",
                         esc(fmt::format(fmt::runtime(tr(r.lang, "territory.alias_note")), alias_note(r.lang, *a),
                                         u->name, u->code)));
    }
  }
  return {200, "text/html; charset=utf-8", layout(r, u->name, note + territory_body(r, *snap, *u)), {}, {}};
}

}  // namespace fabscope::web
