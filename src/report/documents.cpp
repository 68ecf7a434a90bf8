#include "report/documents.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "territory/indicators.hpp"
#include "web/page_parts.hpp"
#include "app/snapshot.hpp"
#include "web/table.hpp"

namespace fabscope::report {

// The reports are the pages' bodies in the print layout: the page helpers are theirs too.
using namespace fabscope::web;  // NOLINT(google-build-using-namespace)

std::string report_html(ReportKind kind, const web::PageRequest& r) {
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

}  // namespace fabscope::report
