// A workshop's fiche, its impacts part (docs/impact/workshops.md, docs/web.md): the four
// impact areas of the référentiel (each area's score with its interval and coverage, and
// its direct, indirect and induced indicators) and the economic impacts computed from the
// figures its manager declared (app::workshop_impact_report), with every input.
#include <fmt/format.h>

#include <cmath>

#include "app/impacts.hpp"
#include "referential/referential.hpp"
#include "web/page_parts.hpp"

namespace fabscope::web {
namespace {

constexpr const char* kLevels[] = {"direct", "indirect", "induced"};

std::string areas_part(const PageRequest& r, const Snapshot& snap, std::size_t unit) {
  const auto& ref = referential::Referential::active();
  const auto& e = snap.evaluation;
  const auto areas = referential::impact_area_nodes(ref, e);
  if (areas.empty()) return "";
  std::string out = fmt::format(R"(<h3>{}</h3><p>{}</p>)", esc(tr(r.lang, "fiche_impacts.areas")),
                                esc(tr(r.lang, "fiche_impacts.areas_intro")));
  out += fmt::format(
      R"(<table class="area-scores" id="impact-areas"><thead><tr><th scope="col">{}</th><th scope="col">Score</th>)"
      R"(<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
      esc(tr(r.lang, "fiche_impacts.area")), esc(tr(r.lang, "score.interval")), esc(tr(r.lang, "score.rank")),
      esc(tr(r.lang, "score.coverage")), esc(tr(r.lang, "score.known")));
  bool widened = false;
  for (const auto& [area, nd] : areas) out += score_row(r, snap, ref, unit, nd, widened);
  out += "</tbody></table>";
  if (widened) out += fmt::format(R"(<p class="muted">* {}</p>)", esc(tr(r.lang, "score.widened")));

  // Each area's indicators by level of effect.
  const std::size_t m = e.methods.size();
  std::string rows;
  for (const auto& [area, nd] : areas) {
    rows += fmt::format(R"(<tr><th scope="row">{}</th>)", esc(ref.node_label(e.nodes[nd], r.lang)));
    for (const auto* level : kLevels) {
      std::string cell;
      for (const auto col : e.columns[nd]) {
        const auto& ind = ref.indicators[col];
        if (ind.impact_level != level) continue;
        const double v = e.panel.values[unit * m + col];
        cell += fmt::format(R"(<div>{} : <b>{}</b></div>)", esc(pick(r.lang, ind.label_fr, ind.label_en)),
                            std::isnan(v) ? esc(tr(r.lang, "common.missing")) : esc(value_with_unit(r.lang, v, ind.unit)));
      }
      rows += fmt::format("<td>{}</td>", cell.empty() ? R"(<span class="muted">—</span>)" : cell);
    }
    rows += "</tr>";
  }
  return out + fmt::format(
                   R"(<table id="impact-levels"><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th>)"
                   R"(<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>)",
                   esc(tr(r.lang, "fiche_impacts.levels")), esc(tr(r.lang, "fiche_impacts.area")),
                   esc(tr(r.lang, "impact.direct")), esc(tr(r.lang, "impact.indirect")),
                   esc(tr(r.lang, "impact.induced")), rows);
}

std::string amount(Lang lang, double v, int digits = 0) {
  return std::isnan(v) ? std::string("—") : number(lang, v, digits);
}

std::string effects_table(const PageRequest& r, const impact::WorkshopImpact& i) {
  std::string rows;
  const auto row = [&](const char* key, const char* id, const impact::ImpactFigure& f, int digits) {
    rows += fmt::format(
        R"(<tr data-id="{}"><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>)"
        R"(<td class="num"><b>{}</b></td></tr>)",
        id, esc(tr(r.lang, key)), amount(r.lang, f.direct, digits), amount(r.lang, f.indirect, digits),
        amount(r.lang, f.induced, digits), amount(r.lang, f.total(), digits));
  };
  row("impact.output", "output", i.output, 0);
  row("impact.value_added", "value_added", i.value_added, 0);
  row("impact.jobs", "jobs", i.jobs, 2);
  return fmt::format(
      R"(<table id="economic-impacts"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>)"
      R"(<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>)",
      esc(tr(r.lang, "impact.measure")), esc(tr(r.lang, "impact.direct")), esc(tr(r.lang, "impact.indirect")), esc(tr(r.lang, "impact.induced")),
      esc(tr(r.lang, "impact.total")), rows);
}

std::string purchases_table(const PageRequest& r, const app::WorkshopImpactReport& rep, const impact::IoTable& table) {
  std::string rows;
  for (const auto& a : rep.impact.purchases) {
    std::string industries;
    for (const auto& [i, w] : a.industries) {
      if (!industries.empty()) industries += ", ";
      industries += a.industries.size() == 1
                        ? table.industries[i].code
                        : fmt::format("{} {}", table.industries[i].code, pct(r.lang, 100 * w, 0));
    }
    rows += fmt::format(
        R"(<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td><td>{}</td></tr>)",
        esc(a.purchase.sector), amount(r.lang, a.purchase.amount), amount(r.lang, a.purchase.local_share),
        amount(r.lang, a.local_amount), esc(industries.empty() ? "—" : industries),
        esc(tr(r.lang, fmt::format("impact.status.{}", app::purchase_status_id(a.status)))));
  }
  if (rows.empty()) return "";
  return fmt::format(
      R"(<table id="impact-purchases"><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th>)"
      R"(<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead>)"
      R"(<tbody>{}</tbody></table>)",
      esc(tr(r.lang, "fiche_impacts.purchases")), esc(tr(r.lang, "impact.purchase_sector")),
      esc(tr(r.lang, "impact.amount")), esc(tr(r.lang, "impact.local_share")), esc(tr(r.lang, "impact.local_amount")),
      esc(tr(r.lang, "impact.industries")), esc(tr(r.lang, "impact.status")), rows);
}

std::string economic_part(const PageRequest& r, store::Store& store, const WorkshopEntry& w,
                          app::FactSources& sources) {
  std::string out = fmt::format(R"(<h3>{}</h3>)", esc(tr(r.lang, "fiche_impacts.economic")));
  const auto it = sources.declared.find(w.row.id);
  if (it == sources.declared.end() || !w.row.commune) {
    return out + fmt::format(R"(<p id="economic-none">{}</p>)", esc(tr(r.lang, "fiche_impacts.none")));
  }
  const auto& loaded = io_table(r.data_dir);
  if (!loaded.error.empty()) {
    return out + fmt::format(R"(<p class="error" id="economic-error">{} {}</p>)", esc(tr(r.lang, "fiche_impacts.no_table")),
                             esc(loaded.error));
  }
  const auto& rep =
      sources.reports
          .emplace(w.row.id, app::workshop_impact_report(store, loaded.table, w.row.id, *w.row.commune, it->second, {}))
          .first->second;
  if (rep.declared.fictitious) {
    out += fmt::format(R"(<p class="fictitious-note" id="impacts-fictitious" role="note">{}</p>)",
                       esc(tr(r.lang, "fiche_impacts.fictitious")));
  }
  const auto& f = rep.declared.figures;
  out += fmt::format(R"(<p id="declared">{}</p>)",
                     esc(fmt::format(fmt::runtime(tr(r.lang, "fiche_impacts.declared")), rep.declared.form_id,
                                     rep.declared.version, rep.declared.submitted_at, amount(r.lang, f.staff_fte, 1),
                                     amount(r.lang, f.wage_bill), amount(r.lang, f.revenues),
                                     amount(r.lang, rep.impact.purchases_total),
                                     amount(r.lang, rep.impact.local_purchases))));
  out += effects_table(r, rep.impact);
  out += purchases_table(r, rep, loaded.table);
  const std::string model =
      rep.territory
          ? fmt::format(fmt::runtime(tr(r.lang, "impact.model_regional")), loaded.table.source, rep.year, "FLQ",
                        fmt::format("{} {}", rep.territory->code, rep.territory->name), number(r.lang, rep.settings.delta, 2),
                        number(r.lang, rep.lambda, 3))
          : fmt::format(fmt::runtime(tr(r.lang, "impact.model_national")), loaded.table.source, rep.year,
                        rep.territory_code.empty() ? "—" : rep.territory_code);
  out += fmt::format(R"(<p class="muted" id="impact-model">{}</p><p class="muted">{}</p><p class="muted">{}</p>)",
                     esc(model),
                     esc(fmt::format(fmt::runtime(tr(r.lang, "impact.assumptions")),
                                     number(r.lang, rep.settings.parameters.labour_share, 2))),
                     esc(tr(r.lang, "impact.jobs_not_modelled")));
  out += fmt::format(R"(<p class="downloads"><a id="impacts-json" href="/ateliers/{}/impacts.json" download>JSON</a> — {}</p>)",
                     esc(url_encode(w.row.id)), esc(tr(r.lang, "fiche_impacts.json")));
  return out;
}

}  // namespace

std::string impacts_section(const PageRequest& r, store::Store& store, const Snapshot& snap, const WorkshopEntry& w,
                            app::FactSources& sources) {
  std::string out = fmt::format(R"(<section id="impacts"><h2>{}</h2>)", esc(tr(r.lang, "fiche_impacts.title")));
  if (w.unit) out += areas_part(r, snap, *w.unit);
  out += economic_part(r, store, w, sources);
  return out + "</section>";
}

Reply workshop_impacts_json(const PageRequest& r) {
  const auto snap = snapshot(r.store_path);
  const auto* w = snap->workshop(r.captures.at(1));
  if (w == nullptr) throw PageError{404, fmt::format("{} ({})", tr(r.lang, "workshop.not_found"), r.captures.at(1))};
  store::Store store(r.store_path, /*read_only=*/true);
  const auto declared = app::declared_figures(store, w->row.id);
  const auto it = declared.find(w->row.id);
  if (it == declared.end() || !w->row.commune) throw PageError{404, tr(r.lang, "fiche_impacts.none")};
  const auto& loaded = io_table(r.data_dir);
  if (!loaded.error.empty()) throw PageError{503, loaded.error};
  auto j = app::impact_json(app::workshop_impact_report(store, loaded.table, w->row.id, *w->row.commune, it->second, {}),
                            loaded.table);
  j["name"] = w->row.name;
  Reply reply;
  reply.content_type = "application/json";
  reply.body = j.dump(1) + "\n";
  reply.filename = "impacts-" + file_stem(w->row.id) + ".json";
  return reply;
}

}  // namespace fabscope::web
