// Recommendations with their evidence (docs/recommendations.md, docs/web.md): the fiche's
// and the territory page's sections, the national synthesis (/recommandations) and the
// opportunity map (/opportunites).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

#include "app/opportunities.hpp"
#include "app/recommendations.hpp"
#include "graphics/map.hpp"
#include "graphics/scale.hpp"
#include "web/layers.hpp"
#include "web/page_parts.hpp"

namespace fabscope::web {
namespace {

std::string evidence_html(const PageRequest& r, const recommend::Finding& f) {
  std::string items;
  for (const auto& [name, fact] : f.evidence) {
    std::string interval;
    if (fact.has_interval()) {
      interval = fmt::format(" <span class=\"interval\">[{}–{}]</span>", number(r.lang, fact.low, 3),
                             number(r.lang, fact.high, 3));
    }
    items += fmt::format(R"(<li>{} <code>{}</code> = <b>{}</b>{}{}</li>)", esc(app::fact_label(name, r.lang)),
                         esc(name), esc(app::fact_value(name, fact, r.lang)), interval,
                         fact.fictitious ? fmt::format(R"( <span class="badge fictitious">{}</span>)",
                                                       esc(tr(r.lang, "reco.fictitious_badge")))
                                         : "");
  }
  return fmt::format(R"(<ul class="evidence">{}</ul>)", items);
}

std::string finding_html(const PageRequest& r, const recommend::Finding& f, const Snapshot* snap,
                         std::optional<std::size_t> unit) {
  const auto& rule = *f.rule;
  std::string out = fmt::format(
      R"(<article class="reco strength-{}" id="reco-{}"><h4>{}</h4><p><span class="badge">{}</span> {}</p>)",
      recommend::strength_id(f.strength), esc(rule.id), esc(rule.text(r.lang)),
      esc(tr(r.lang, fmt::format("recommend.strength.{}", recommend::strength_id(f.strength)))),
      esc(rule.rationale(r.lang)));
  out += fmt::format(R"(<p class="muted">{}</p>)", esc(tr(r.lang, "recommend.evidence"))) + evidence_html(r, f);
  if (!f.fragile.empty()) {
    std::vector<std::string> names;
    for (const auto& n : f.fragile) names.push_back(app::fact_label(n, r.lang));
    out += fmt::format(R"(<p class="muted">{} {}.</p>)", esc(tr(r.lang, "recommend.fragile")),
                       esc(fmt::format("{}", fmt::join(names, ", "))));
  }
  if (snap != nullptr && unit && !rule.peers.empty()) {
    std::string peers;
    for (const auto& p : app::better_peers(*snap, *unit, rule.peers)) {
      peers += fmt::format(R"(<li><a href="{}">{}</a> ({})</li>)", esc(href(r.lang, "/ateliers/" + url_encode(p.id))),
                           esc(p.name), number(r.lang, p.value, 2));
    }
    if (!peers.empty()) {
      out += fmt::format(R"(<p>{}{}</p><ul class="peers">{}</ul>)", esc(tr(r.lang, "recommend.peers")),
                         text::colon(r.lang), peers);
    }
  }
  return out + fmt::format(R"(<p class="muted">{}{} {} (<code>{}</code>)</p></article>)", esc(tr(r.lang, "recommend.source")),
                           text::colon(r.lang), esc(rule.source), esc(rule.id));
}

// Findings grouped by block, then the rules that could not be checked.
std::string findings_html(const PageRequest& r, const std::vector<recommend::Finding>& findings,
                          const recommend::RuleSet& rules, const Snapshot* snap = nullptr,
                          std::optional<std::size_t> unit = {}) {
  std::string out;
  for (const auto& b : rules.blocks) {
    std::string part;
    for (const auto& f : findings) {
      if (f.rule->block == b.id && f.outcome == recommend::Outcome::fires) part += finding_html(r, f, snap, unit);
    }
    if (!part.empty()) out += fmt::format(R"(<h3>{}</h3>{})", esc(pick(r.lang, b.label_fr, b.label_en)), part);
  }
  if (out.empty()) out = fmt::format(R"(<p id="reco-none">{}</p>)", esc(tr(r.lang, "recommend.none")));
  std::string missing;
  for (const auto& f : findings) {
    if (f.outcome != recommend::Outcome::missing) continue;
    std::vector<std::string> names;
    for (const auto& m : f.missing) names.push_back(app::fact_label(m, r.lang));
    missing += fmt::format(R"(<li>{} — {} {}</li>)", esc(f.rule->text(r.lang)), esc(tr(r.lang, "recommend.lacks")),
                           esc(fmt::format("{}", fmt::join(names, ", "))));
  }
  if (!missing.empty()) {
    out += fmt::format(R"(<details id="reco-missing"><summary>{}</summary><ul>{}</ul></details>)",
                       esc(tr(r.lang, "recommend.not_checkable")), missing);
  }
  return out;
}

// The synthesis of the snapshot, computed once per snapshot.
std::shared_ptr<const app::NationalSynthesis> synthesis_of(const PageRequest& r, const std::shared_ptr<const Snapshot>& snap) {
  static std::mutex mutex;
  static std::weak_ptr<const Snapshot> for_snapshot;
  static std::shared_ptr<const app::NationalSynthesis> cached;
  const std::lock_guard lock(mutex);
  if (cached && for_snapshot.lock() == snap) return cached;
  store::Store store(r.store_path, /*read_only=*/true);
  cached = std::make_shared<const app::NationalSynthesis>(
      app::national_synthesis(*snap, recommend::builtin_rules(), fact_sources(r, store)));
  for_snapshot = snap;
  return cached;
}

Table synthesis_table(const PageRequest& r, const app::NationalSynthesis& s) {
  Table t;
  t.id = "synthesis-table";
  t.sheet = "recommandations";
  t.columns = {"rule", "block", "audience", "recommendation", "concerned", "checked", "share", "not_checkable",
               "strong", "moderate", "weak"};
  t.labels = {tr(r.lang, "reco.rule_id"), tr(r.lang, "reco.block"), tr(r.lang, "recommend.audience"),
              tr(r.lang, "recommend.rule"), tr(r.lang, "reco.concerned"), tr(r.lang, "reco.checked"),
              tr(r.lang, "recommend.share"), tr(r.lang, "recommend.not_checkable_short"),
              tr(r.lang, "recommend.strength.strong"), tr(r.lang, "recommend.strength.moderate"),
              tr(r.lang, "recommend.strength.weak")};
  const auto& rules = recommend::builtin_rules();
  for (const auto& b : rules.blocks) {
    for (const auto* list : {&s.workshop_rules, &s.territory_rules}) {
      for (const auto& x : *list) {
        if (x.rule->block != b.id) continue;
        const double share = x.share();
        t.rows.push_back({text_cell(x.rule->id), text_cell(pick(r.lang, b.label_fr, b.label_en)),
                          text_cell(tr(r.lang, fmt::format("recommend.audience.{}", recommend::audience_id(x.rule->audience)))),
                          text_cell(x.rule->text(r.lang)), number_cell(static_cast<double>(x.fires), std::to_string(x.fires)),
                          number_cell(static_cast<double>(x.fires + x.holds_not), std::to_string(x.fires + x.holds_not)),
                          number_cell(share, std::isnan(share) ? "—" : pct(r.lang, 100 * share, 0)),
                          number_cell(static_cast<double>(x.missing), std::to_string(x.missing)),
                          number_cell(static_cast<double>(x.strong), std::to_string(x.strong)),
                          number_cell(static_cast<double>(x.moderate), std::to_string(x.moderate)),
                          number_cell(static_cast<double>(x.weak), std::to_string(x.weak))});
        t.row_ids.push_back(x.rule->id);
      }
    }
  }
  return t;
}

}  // namespace

app::FactSources fact_sources(const PageRequest& r, store::Store& store, const std::string& workshop_id) {
  const auto& loaded = io_table(r.data_dir);
  return app::fact_sources(store, loaded.error.empty() ? &loaded.table : nullptr, workshop_id);
}

std::string recommendations_section(const PageRequest& r, const Snapshot& snap, const WorkshopEntry& w,
                                    const app::FactSources& sources) {
  std::string out = fmt::format(R"(<section id="recommendations"><h2>{}</h2>)", esc(tr(r.lang, "reco.title")));
  if (!w.unit) return out + fmt::format("<p>{}</p></section>", esc(tr(r.lang, "workshop.no_score")));
  const auto& rules = recommend::builtin_rules();
  const auto facts = app::workshop_facts(snap, *w.unit, sources);
  out += fmt::format(R"(<p class="muted">{}</p>)", esc(tr(r.lang, "reco.intro")));
  if (snap.evaluation.panel.units[*w.unit].fictitious) {
    out += fmt::format(R"(<p class="fictitious-note" role="note">{}</p>)", esc(tr(r.lang, "reco.fictitious")));
  }
  out += findings_html(r, recommend::apply_all(rules, recommend::Audience::workshop, facts), rules, &snap, w.unit);
  return out + "</section>";
}

std::string territory_recommendations(const PageRequest& r, const Snapshot& snap, const territory::Unit& u) {
  if (u.level == Level::commune || u.level == Level::fr) return "";
  const auto& rules = recommend::builtin_rules();
  const auto facts = app::territory_facts(snap, u.level, u.code);
  return fmt::format(R"(<section id="recommendations"><h2>{}</h2><p class="muted">{}</p>{}</section>)",
                     esc(tr(r.lang, "reco.title")), esc(tr(r.lang, "reco.intro_territory")),
                     findings_html(r, recommend::apply_all(rules, recommend::Audience::territory, facts), rules));
}

std::string workshops_impacts_section(const PageRequest& r, const Snapshot& snap, std::optional<Level> level,
                                      const std::string& code) {
  store::Store store(r.store_path, /*read_only=*/true);
  const auto& loaded = io_table(r.data_dir);
  if (!loaded.error.empty()) return "";
  std::string rows;
  impact::WorkshopImpact sum;
  std::size_t n = 0, fictitious = 0;
  const auto cell = [&](double v, int digits) { return std::isnan(v) ? std::string("—") : number(r.lang, v, digits); };
  for (const auto& [id, declared] : app::declared_figures(store)) {
    const auto* w = snap.workshop(id);
    if (w == nullptr || !w->row.commune || (level && snap.parent(*w->row.commune, *level) != code)) continue;
    const auto rep = app::workshop_impact_report(store, loaded.table, id, *w->row.commune, declared, {});
    const auto& i = rep.impact;
    ++n;
    fictitious += declared.fictitious ? 1 : 0;
    rows += fmt::format(
        R"(<tr><th scope="row"><a href="{}">{}</a>{}</th><td>{}</td><td class="num">{}</td><td class="num">{}</td>)"
        R"(<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>)",
        esc(href(r.lang, "/ateliers/" + url_encode(id) + "#impacts")), esc(w->row.name), declared.fictitious ? " ✱" : "",
        esc(rep.territory ? rep.territory->code : std::string("FR")), cell(i.jobs.direct, 1), cell(i.output.direct, 0),
        cell(i.output.indirect, 0), cell(i.output.induced, 0), cell(i.value_added.total(), 0));
    sum.output += i.output;
    sum.value_added += i.value_added;
    sum.jobs += i.jobs;
  }
  std::string out = fmt::format(R"(<section id="workshops-impacts"><h2>{}</h2>)", esc(tr(r.lang, "impacts.workshops")));
  if (n == 0) return out + fmt::format(R"(<p>{}</p></section>)", esc(tr(r.lang, "impacts.workshops_none")));
  rows += fmt::format(
      R"(<tr class="total"><th scope="row">{}</th><td></td><td class="num">{}</td><td class="num">{}</td>)"
      R"(<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>)",
      esc(n == 1 ? tr(r.lang, "impacts.workshops_total_one") : fmt::format(fmt::runtime(tr(r.lang, "impacts.workshops_total")), n)),
      cell(sum.jobs.direct, 1),
      cell(sum.output.direct, 0), cell(sum.output.indirect, 0), cell(sum.output.induced, 0),
      cell(sum.value_added.total(), 0));
  out += fmt::format(
      R"(<p>{}</p><table id="workshops-impacts-table"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>)"
      R"(<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>)"
      R"(<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>)",
      esc(tr(r.lang, "impacts.workshops_intro")), esc(tr(r.lang, "workshops.name")), esc(tr(r.lang, "opp.territory")),
      esc(tr(r.lang, "impact.jobs_direct")), esc(tr(r.lang, "impact.output_direct")),
      esc(tr(r.lang, "impact.output_indirect")), esc(tr(r.lang, "impact.output_induced")),
      esc(tr(r.lang, "impact.va_total")), rows);
  if (fictitious > 0) {
    out += fmt::format(R"(<p class="fictitious-note" role="note">{}</p>)",
                       esc(fmt::format(fmt::runtime(tr(r.lang, "impacts.workshops_fictitious")), fictitious)));
  }
  return out + "</section>";
}

std::vector<Table> impact_tables(const PageRequest& r, const std::shared_ptr<const Snapshot>& snap) {
  store::Store store(r.store_path, /*read_only=*/true);
  const auto src = fact_sources(r, store);
  std::vector<Table> out;
  Table im;
  im.sheet = "impacts";
  im.columns = {"workshop", "name", "fictitious", "territory", "lambda", "year", "staff_fte", "wage_bill_eur",
                "revenues_eur", "purchases_eur", "local_purchases_eur", "output_direct", "output_indirect",
                "output_induced", "va_direct", "va_indirect", "va_induced", "jobs_direct"};
  if (src.table != nullptr) {
    for (const auto& [id, declared] : src.declared) {
      const auto* w = snap->workshop(id);
      if (w == nullptr || !w->row.commune) continue;
      const auto rep = app::workshop_impact_report(store, *src.table, id, *w->row.commune, declared, {});
      const auto& f = declared.figures;
      const auto& i = rep.impact;
      const auto n = [](double v) { return number_cell(v, ""); };
      im.rows.push_back({text_cell(id), text_cell(w->row.name), text_cell(declared.fictitious ? "1" : "0"),
                         text_cell(rep.territory ? rep.territory->code : "FR"), n(rep.lambda),
                         n(rep.year), n(f.staff_fte), n(f.wage_bill), n(f.revenues), n(i.purchases_total),
                         n(i.local_purchases), n(i.output.direct), n(i.output.indirect), n(i.output.induced),
                         n(i.value_added.direct), n(i.value_added.indirect), n(i.value_added.induced), n(i.jobs.direct)});
    }
  }
  out.push_back(std::move(im));
  out.push_back(synthesis_table(r, *synthesis_of(r, snap)));
  Table rw;
  rw.sheet = "recommandations_ateliers";
  rw.columns = {"workshop", "name", "rule", "block", "strength", "evidence", "fictitious"};
  const auto& rules = recommend::builtin_rules();
  for (std::size_t u = 0; u < snap->evaluation.panel.units.size(); ++u) {
    const auto& pu = snap->evaluation.panel.units[u];
    for (const auto& f : recommend::apply_all(rules, recommend::Audience::workshop, app::workshop_facts(*snap, u, src))) {
      if (f.outcome != recommend::Outcome::fires) continue;
      std::string evidence;
      bool fict = false;
      for (const auto& [name, fact] : f.evidence) {
        evidence += fmt::format("{}{} = {}", evidence.empty() ? "" : " ; ", name, app::fact_value(name, fact, Lang::en));
        fict = fict || fact.fictitious;
      }
      rw.rows.push_back({text_cell(pu.id), text_cell(pu.name), text_cell(f.rule->id), text_cell(f.rule->block),
                         text_cell(std::string(recommend::strength_id(f.strength))), text_cell(evidence),
                         text_cell(fict ? "1" : "0")});
    }
  }
  out.push_back(std::move(rw));
  return out;
}

Reply recommendations_page(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto s = synthesis_of(r, snap);
  const auto table = synthesis_table(r, *s);
  if (const auto format = r.param("format"); !format.empty()) return download(table, format, "recommandations");
  const auto& rules = recommend::builtin_rules();
  std::string body = fmt::format(R"(<p>{}</p>)",
                                 esc(fmt::format(fmt::runtime(tr(r.lang, "reco.page_intro")), s->workshops,
                                                 s->territories, level_name(r.lang, s->level))));
  body += fmt::format(R"(<p class="fictitious-note" role="note">{}</p>)", esc(tr(r.lang, "reco.page_fictitious")));
  body += fmt::format(R"(<section id="national"><h2>{}</h2>{}</section>)", esc(tr(r.lang, "reco.national")),
                      findings_html(r, s->national, rules));
  body += fmt::format(R"(<section id="synthesis"><h2>{}</h2><p class="muted">{}</p>{}{}</section>)",
                      esc(tr(r.lang, "reco.synthesis")), esc(tr(r.lang, "reco.synthesis_intro")),
                      render_table(table), downloads(r, "synthesis"));
  std::string blocks;
  for (const auto& b : rules.blocks) {
    blocks += fmt::format(R"(<li><b>{}</b> — {}</li>)", esc(pick(r.lang, b.label_fr, b.label_en)),
                          esc(pick(r.lang, b.summary_fr, b.summary_en)));
  }
  body += fmt::format(R"(<section id="blocks"><h2>{}</h2><ul>{}</ul><p class="muted">{}</p></section>)",
                      esc(tr(r.lang, "reco.blocks")), blocks, esc(fmt::format(fmt::runtime(tr(r.lang, "reco.rules_file")),
                                                                              rules.source, rules.rules.size())));
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "reco.page_title"), body), {}, {}};
}

Reply opportunities_page(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  app::OpportunityOptions o;
  o.archetype = r.param("archetype", "generic_fablab");
  const auto radius = text::parse_double(r.param("radius", "30"));
  if (!radius || !(*radius >= 5 && *radius <= 200)) throw PageError{400, "radius must be between 5 and 200 km"};
  o.radius_km = *radius;
  const auto level = territory::parse_level(r.param("level", "epci"));
  if (!level || (*level != Level::epci && *level != Level::ze)) throw PageError{400, "level must be epci or ze"};
  o.level = *level;
  o.region = r.param("reg");
  if (!o.region.empty() && snap->unit(Level::reg, o.region) == nullptr) throw PageError{404, "unknown région"};
  const auto& archetypes = analysis::builtin_archetypes().archetypes;
  if (std::none_of(archetypes.begin(), archetypes.end(), [&](const auto& a) { return a.id == o.archetype; })) {
    throw PageError{400, "unknown archetype"};
  }
  app::OpportunityResult res;
  std::string error;
  try {
    res = app::opportunities(*snap, o);
  } catch (const Error& e) {
    error = e.message(r.lang);
    res.options = o;
  }
  Table t;
  t.id = "opportunities-table";
  t.sheet = "opportunites";
  t.columns = {"rank", "code", "name", "population", "uncovered_population", "nearest_workshop_km", "similarity",
               "closest_variables"};
  t.labels = {"#", tr(r.lang, "opp.territory"), tr(r.lang, "workshops.name"), tr(r.lang, "opportunities.population"),
              tr(r.lang, "opportunities.uncovered"), tr(r.lang, "opportunities.nearest"),
              tr(r.lang, "opportunities.similarity"), tr(r.lang, "opportunities.reasons")};
  const std::size_t top = std::min<std::size_t>(res.territories.size(), r.param("format").empty() ? 50 : 100000);
  std::map<std::string, double> values;
  for (const auto& x : res.territories) values[x.code] = x.similarity;
  for (std::size_t i = 0; i < top; ++i) {
    const auto& x = res.territories[i];
    std::vector<std::string> reasons;
    for (std::size_t k = 0; k < std::min<std::size_t>(3, x.reasons.size()); ++k) {
      const auto idx = *territory::indicator_index(x.reasons[k].variable);
      reasons.push_back(fmt::format("{} {} ≈ {}", indicator_label(r.lang, idx), format_indicator(r.lang, idx, x.reasons[k].value),
                                    format_indicator(r.lang, idx, x.reasons[k].reference)));
    }
    t.rows.push_back({number_cell(x.rank, std::to_string(x.rank)),
                      text_cell(x.code, href(r.lang, fmt::format("/territoires/{}/{}", territory::level_id(o.level), x.code))),
                      text_cell(x.name), number_cell(x.population, number(r.lang, x.population, 0)),
                      number_cell(x.uncovered_population, number(r.lang, x.uncovered_population, 0)),
                      number_cell(x.nearest_km, number(r.lang, x.nearest_km, 0)),
                      number_cell(x.similarity, number(r.lang, x.similarity, 3)),
                      text_cell(fmt::format("{}", fmt::join(reasons, " ; ")))});
    t.row_ids.push_back(x.code);
  }
  if (const auto format = r.param("format"); !format.empty()) {
    return download(t, format, fmt::format("opportunites-{}-{}km", o.archetype, text::format_double(o.radius_km)));
  }
  std::string options;
  for (const auto& a : archetypes) {
    options += fmt::format(R"(<option value="{}"{}>{}</option>)", esc(a.id), a.id == o.archetype ? " selected" : "",
                           esc(pick(r.lang, a.name_fr, a.name_en)));
  }
  std::string regions = fmt::format(R"(<option value="">{}</option>)", esc(tr(r.lang, "opp.all_france")));
  for (const auto& reg : snap->level(Level::reg)) {
    regions += fmt::format(R"(<option value="{}"{}>{}</option>)", esc(reg.code), reg.code == o.region ? " selected" : "",
                           esc(reg.name));
  }
  std::string body = fmt::format(R"(<p>{}</p>)", esc(tr(r.lang, "opp.intro")));
  body += fmt::format(
      R"(<form method="get" action="/opportunites" class="filters" id="opportunities-form">{})"
      R"(<label for="opp-archetype">{}</label> <select id="opp-archetype" name="archetype">{}</select> )"
      R"(<label for="opp-radius">{}</label> <input id="opp-radius" name="radius" type="number" min="5" max="200" value="{}" size="4"> )"
      R"(<label for="opp-level">{}</label> <select id="opp-level" name="level"><option value="epci"{}>{}</option><option value="ze"{}>{}</option></select> )"
      R"(<label for="opp-reg">{}</label> <select id="opp-reg" name="reg">{}</select> )"
      R"(<button type="submit">{}</button></form>)",
      r.lang == Lang::en ? R"(<input type="hidden" name="lang" value="en">)" : "", esc(tr(r.lang, "opp.archetype")),
      options, esc(tr(r.lang, "opp.radius")), text::format_double(o.radius_km), esc(tr(r.lang, "impacts.level")),
      o.level == Level::epci ? " selected" : "", esc(level_name(r.lang, Level::epci)),
      o.level == Level::ze ? " selected" : "", esc(level_name(r.lang, Level::ze)), esc(tr(r.lang, "opp.region")),
      regions, esc(tr(r.lang, "impacts.show")));
  if (!error.empty()) {
    body += fmt::format(R"(<p class="error" id="opp-error">{}</p>)", esc(error));
    return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "opp.title"), body), {}, {}};
  }
  body += fmt::format(R"(<p id="opp-basis">{}</p>)",
                      esc(fmt::format(fmt::runtime(tr(r.lang, res.reference_basis == "success"
                                                                  ? "opportunities.basis_success"
                                                                  : "opportunities.basis_archetype")),
                                      res.references.size())));
  if (const auto* layer = web::layer(o.level, r.data_dir, *snap)) {
    graphics::Choropleth c;
    c.frame = chart_frame(r.lang);
    c.frame.id = "opp-map";
    c.frame.has_links = true;
    c.frame.title = tr(r.lang, "opp.map_title");
    c.frame.subtitle = fmt::format(fmt::runtime(tr(r.lang, "opp.map_subtitle")), text::format_double(o.radius_km));
    c.frame.source = tr(r.lang, "map.source");
    c.layer = layer;
    c.values = values;
    c.breaks = {0.4, 0.5, 0.6, 0.7};
    c.colours = graphics::sequential_palette(5);
    c.legend_title = tr(r.lang, "opportunities.similarity");
    const auto lang = r.lang;
    c.format = [lang](double v) { return number(lang, v, 2); };
    c.missing_label = tr(r.lang, "opp.map_missing");
    c.href_prefix = fmt::format("/territoires/{}/", territory::level_id(o.level));
    c.points_title = tr(r.lang, "home.points");
    c.categories = {tr(r.lang, "opp.workshops")};
    for (const auto& w : snap->workshops) {
      if (!w.row.latitude || !w.row.longitude) continue;
      c.points.push_back({*w.row.longitude, *w.row.latitude, w.row.name, href(r.lang, "/ateliers/" + url_encode(w.row.id)), 0});
    }
    body += graphics::render_choropleth(c);
  } else {
    body += fmt::format(R"(<p class="note" id="opp-map-missing">{}</p>)", esc(tr(r.lang, "opp.no_boundaries")));
  }
  body += fmt::format(R"(<p>{}</p>)", esc(fmt::format(fmt::runtime(tr(r.lang, "opportunities.footer")),
                                                       res.territories.size(), res.candidates_considered, res.covered,
                                                       text::format_double(o.radius_km))));
  body += render_table(t) + downloads(r, "opportunities");
  return {200, "text/html; charset=utf-8", layout(r, tr(r.lang, "opp.title"), body), {}, {}};
}

}  // namespace fabscope::web
