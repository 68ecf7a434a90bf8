#include "report/documents.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <initializer_list>
#include <cstdlib>
#include <fstream>

#include "core/error.hpp"
#include "core/text.hpp"
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
      if (snap->analyses.data.rows() > 0) body += analyses_body(r, *snap);
      return layout(r, tr(r.lang, "report.panel"), body, true);
    }
  }
  return {};
}

std::string export_workbook(const std::filesystem::path& store_path, Lang lang, const std::filesystem::path& data_dir) {
  const auto snap = snapshot(store_path);
  PageRequest r;
  r.store_path = store_path;
  r.data_dir = data_dir;
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
  wz.columns = {"dep",          "communes",           "white_communes",     "population",
                "white_population", "white_share",   "white_help_communes", "white_help_population",
                "white_help_share"};
  for (const auto& z : snap->white_zones) {
    wz.rows.push_back({text_cell(z.dep), number_cell(static_cast<double>(z.communes), ""),
                       number_cell(static_cast<double>(z.white_communes), ""), number_cell(z.population, ""),
                       number_cell(z.white_population, ""), number_cell(z.white_share, ""),
                       number_cell(snap->has_public_help() ? static_cast<double>(z.white_help_communes) : text::kMissing, ""),
                       number_cell(z.white_help_population, ""), number_cell(z.white_help_share, "")});
  }
  tables.push_back(std::move(wz));
  for (auto& t : analyses_tables(*snap)) tables.push_back(std::move(t));
  for (auto& t : impact_tables(r, snap)) tables.push_back(std::move(t));
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
  doc.rows.push_back(
      {text_cell("zones_blanches.white_help_*"),
       text_cell("Communes à plus de 30 km de tout atelier et de toute France services (autre type de lieu)"),
       text_cell("Communes farther than 30 km from any workshop and any France services site (another kind of place)"),
       text_cell("inhabitants"), text_cell("docs/methods/accessibility.md#france-services"),
       text_cell("anct_france_services_2022, laposte_hexasmal, insee_comparateur_2022")});
  for (const auto& [sheet, fr, en] : std::initializer_list<std::array<const char*, 3>>{
           {"archetypes", "Archétype de chaque atelier (data/archetypes.toml), certitude, preuves",
            "Each workshop's archetype (data/archetypes.toml), certainty, evidence"},
           {"typologie", "Classe de chaque atelier (AFDM + CAH, docs/analysis/hcpc.md) et ses coordonnées",
            "Each workshop's cluster (FAMD + HCPC) and its coordinates"},
           {"classes", "Classes : taille, stabilité bootstrap, archétype majoritaire",
            "Clusters: size, bootstrap stability, majority archetype"},
           {"laureats_equilibre", "Lauréats 2013 et ateliers comparables : équilibre avant et après appariement",
            "2013 laureates and comparable workshops: balance before and after matching"},
           {"pairs", "Les 5 ateliers pairs de chaque atelier (docs/analysis/peers.md)",
            "Each workshop's 5 peers (docs/analysis/peers.md)"},
           {"impacts", "Impacts économiques directs, indirects et induits des ateliers qui ont déclaré leurs chiffres "
            "(docs/impact/workshops.md ; « fictitious » = réponses de démonstration)",
            "Direct, indirect and induced economic impacts of the workshops that declared their figures "
            "(docs/impact/workshops.md; \"fictitious\" = demonstration answers)"},
           {"recommandations", "Synthèse nationale : chaque règle, les ateliers ou territoires concernés (docs/recommendations.md)",
            "National synthesis: each rule, the workshops or territories concerned (docs/recommendations.md)"},
           {"recommandations_ateliers", "Chaque recommandation de chaque atelier avec ses preuves et leur force",
            "Each workshop's recommendations with their evidence and its strength"}}) {
    doc.rows.push_back({text_cell(sheet), text_cell(fr), text_cell(en), text_cell(""), text_cell("docs/analysis/"),
                        text_cell("fablabs_io, maplabbzh + territory")});
  }
  tables.push_back(std::move(doc));
  return to_xlsx(tables);
}

void print_pdf(const std::filesystem::path& html_path, const std::filesystem::path& pdf_path) {
  std::string browser;
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
    if (std::filesystem::exists(candidate)) {
      browser = candidate;
      break;
    }
  }
  if (browser.empty()) {
    throw Error(ExitCode::failure,
                "a PDF needs Chromium (Debian package chromium; scripts/install-deps installs it)");
  }
  static std::atomic<unsigned> counter{0};
  const auto profile =
      std::filesystem::temp_directory_path() / fmt::format("fabscope-pdf-{}-{}", ::getpid(), counter++);
  const auto tmp = pdf_path.string() + ".tmp";
  // The paths are ours (temporary directory, the user's own output path) and quoted.
  const std::string cmd = fmt::format(
      "'{}' --headless --no-sandbox --disable-gpu --disable-background-networking --user-data-dir='{}' "
      "--no-pdf-header-footer --print-to-pdf='{}' 'file://{}' >/dev/null 2>&1",
      browser, profile.string(), tmp, std::filesystem::absolute(html_path).string());
  const int rc = std::system(cmd.c_str());  // NOLINT(cert-env33-c): a fixed program, quoted paths of our own
  std::error_code ec;
  std::filesystem::remove_all(profile, ec);
  if (rc != 0 || !std::filesystem::exists(tmp) || std::filesystem::file_size(tmp) == 0) {
    std::filesystem::remove(tmp, ec);
    throw Error(ExitCode::failure, fmt::format("Chromium could not print {} to PDF", html_path.string()));
  }
  std::filesystem::rename(tmp, pdf_path);
}

std::string report_pdf(ReportKind kind, const web::PageRequest& r) {
  static std::atomic<unsigned> counter{0};
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("fabscope-report-{}-{}", ::getpid(), counter++);
  std::filesystem::create_directories(dir);
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  {
    std::ofstream html(dir / "report.html", std::ios::binary);
    html << report_html(kind, r);
    if (!html) throw Error(ExitCode::failure, "could not write the report for its PDF");
  }
  print_pdf(dir / "report.html", dir / "report.pdf");
  std::ifstream pdf(dir / "report.pdf", std::ios::binary);
  return {std::istreambuf_iterator<char>(pdf), std::istreambuf_iterator<char>()};
}

}  // namespace fabscope::report
