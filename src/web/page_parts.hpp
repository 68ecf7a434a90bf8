// Internal to the pages and the reports (src/web, src/report): the layout, tables and
// downloads every page shares, the map of the home page, the workshop list, and the bodies
// of the workshop fiche and the territory profile that the reports reuse. Not part of the
// interface of fabscope::web (pages.hpp).
#pragma once

#include <kainjow/mustache.hpp>

#include <limits>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/recommendations.hpp"
#include "app/snapshot.hpp"
#include "impact/io_table.hpp"
#include "store/store.hpp"
#include "core/text.hpp"
#include "graphics/map.hpp"
#include "graphics/scale.hpp"
#include "graphics/svg.hpp"
#include "territory/indicators.hpp"
#include "web/pages.hpp"
#include "web/table.hpp"

namespace fabscope::web {

// The pages read the read layer (app/snapshot.hpp).
using app::Snapshot;
using app::snapshot;
using app::WorkshopEntry;

using territory::Level;
using text::number;  // "1 234,5" / "1,234.5", "—" when missing
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Embedded templates and stylesheet (cmake: fabscope_embed).
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_templates();
std::string asset(std::string_view name);
std::string esc(std::string_view s);  // XML/HTML escape

// What a page computes from the files of the data directory (not the store), once per
// directory for the life of the process: `compute(data_dir)` runs under a lock; when it
// throws, the value kept is a default T whose `error` holds the message (pages say it).
template <class T, class Compute>
const T& once_per_data_dir(const std::filesystem::path& data_dir, Compute compute) {
  static std::mutex mutex;
  static std::map<std::filesystem::path, T> cache;
  const std::lock_guard lock(mutex);
  auto it = cache.find(data_dir);
  if (it == cache.end()) {
    T value;
    try {
      value = compute(data_dir);
    } catch (const std::exception& ex) {
      value = T{};
      value.error = ex.what();
    }
    it = cache.emplace(data_dir, std::move(value)).first;
  }
  return it->second;
}
// Forms that write (POST): a double-submit CSRF token. csrf_token gives the browser's token
// from `cookie` when it has one, else a fresh one it sets (HttpOnly, SameSite=Strict, on
// `path`); csrf_ok checks that the posted _csrf field equals the cookie.
std::string csrf_token(const PageRequest& r, Reply& reply, const char* cookie, const char* path);
bool csrf_ok(const PageRequest& r, const char* cookie);
// Evaluators' pages (page_evaluator.cpp): their CSRF cookie, and the signed-in account or a
// redirection to the sign-in page (PageRedirect) coming back to this page.
inline constexpr const char* kEvaluatorCsrf = "fs_csrf_e";
std::string require_account(const PageRequest& r, store::Store& st);
// An evaluator's page or download: never kept by a browser or a proxy.
inline void no_store(Reply& reply) { reply.cache_control = "no-store"; }
// A token bucket per key (a link, an address, an account): `per_minute`, bursts of a quarter
// of it; false: refuse (429).
bool rate_allow(const std::string& key, double per_minute);

std::string url_encode(const std::string& s);
// A link to `path` in the reader's language with these query parameters.
std::string href(Lang lang, const std::string& path, std::map<std::string, std::string> params = {});
std::string file_stem(const std::string& id);
std::string lang_url(const PageRequest& r, Lang target);
// The page around `body` (navigation, language switch); `report`: the self-contained print version.
std::string layout(const PageRequest& r, const std::string& title, const std::string& body, bool report = false);
std::string render_table(const Table& t);
Reply download(const Table& t, const std::string& format, const std::string& stem);
// CSV of the first table, or XLSX of them all (a sheet each).
Reply download(const std::vector<Table>& tables, const std::string& format, const std::string& stem);
std::string downloads(const PageRequest& r, const std::string& id_prefix = "download");
// A "PDF" button: the page's report printed on A4 (the fiche, the profile, the panel).
std::string pdf_button(const PageRequest& r);
const territory::IndicatorDef& indicator_def(std::size_t i);
std::string indicator_label(Lang lang, std::size_t i);
std::string format_indicator(Lang lang, std::size_t i, double v);
// Percentile (mid-rank, 0–100) of v among the defined values of an indicator at a level.
double percentile(const std::vector<territory::Unit>& units, std::size_t ind, double v);
std::string kind_label(Lang lang, const std::string& kind);
// The département and région of a territory (for a commune, EPCI or ZE: those of its first
// commune; for a département its région), as the profile shows them and its downloads write them.
std::pair<const territory::Unit*, const territory::Unit*> territory_parents(const Snapshot& snap,
                                                                           const territory::Unit& u);
// A chart frame whose axis numbers use the page's decimal mark.
graphics::Frame chart_frame(Lang lang);
// A percentage as the language writes it ("17 %" with a narrow no-break space, "17%"), "—" when missing.
std::string pct(Lang lang, double v, int decimals);
// A référentiel value with its unit: whole numbers without decimals, small ones with three.
std::string value_with_unit(Lang lang, double v, const std::string& unit);
std::string level_name(Lang lang, Level l);
// The unit of an indicator (its English id in territory/indicators.cpp) in `lang`.
std::string unit_label(Lang lang, std::string_view unit);
// The sources of an indicator, short: publisher and vintage of each dataset ("INSEE 2022").
std::string indicator_sources(std::size_t indicator);

// The choropleth of the home page (page_home.cpp), also in the panel report.
struct MapChoice {
  std::size_t indicator = 0;
  Level level = Level::dep;
  graphics::BreakMethod method = graphics::BreakMethod::quantile;
  int classes = 5;
  std::vector<double> manual;
  std::string note;  // why the choice differs from the request (e.g. an indicator that level lacks)
  // A layer of the workshops instead of an indicator, at commune level: "access_2sfca"
  // (2SFCA places per 100,000 inhabitants) or "nearest_workshop_km" (white zones beyond the
  // radius); "" = the indicator.
  std::string layer;
  double radius_km = 30;  // of both layers (parameter radius, 5–200 km)
};
// The map's stable id (indicator id or layer id), label, unit and value text.
std::string map_layer_id(const MapChoice& c);
std::string map_layer_label(Lang lang, const MapChoice& c);
std::string map_layer_unit(Lang lang, const MapChoice& c);
std::string map_layer_value(Lang lang, const MapChoice& c, double v);
struct MapData {
  MapChoice choice;
  std::map<std::string, double> values;
  std::map<std::string, std::string> names;
  std::vector<double> breaks;
  const graphics::Layer* layer = nullptr;
};
MapChoice map_choice(const PageRequest& r);
MapData map_data(const PageRequest& r, const Snapshot& snap);
std::string map_svg_of(const PageRequest& r, const Snapshot& snap, const MapData& m);

// The workshop list (page_workshops.cpp), also in the panel report and the export.
struct WorkshopQuery {
  std::string kind, dep, q, equipment, source, sort = "score";
  // Around a place: the centre (a commune's centroid) and the radius; the label says which.
  std::optional<std::pair<double, double>> centre;  // lat, lon
  double radius_km = 30;
  std::optional<double> coverage_min;  // of the ranking node's score, 0–1
  std::optional<int> density_class;
  std::optional<double> score_min, score_max;
  bool laureates = false;
};
// "75101 (Paris 1er Arrondissement, arrondissement municipal)" and the like.
std::string alias_note(Lang lang, const territory::CommuneAlias& a);
Table workshops_table(const PageRequest& r, const Snapshot& snap, const WorkshopQuery& q);

// The bodies of the workshop fiche and of the territory profile, also the reports'.
std::string workshop_body(const PageRequest& r, const Snapshot& snap, const WorkshopEntry& w,
                          Table* identity_out = nullptr);
std::string territory_body(const PageRequest& r, const Snapshot& snap, const territory::Unit& u);
// The analyses of the panel (page_analyses.cpp): the page's body (archetypes, typology,
// laureates) and its tables for the workbook (archetypes, typologie, classes,
// laureats_equilibre, pairs).
std::string analyses_body(const PageRequest& r, const Snapshot& snap);
std::vector<Table> analyses_tables(const Snapshot& snap);
// A QCA as tables (page_nesta.cpp): the observed truth table, the conservative and
// parsimonious solutions with their fits, the warnings; `id` prefixes the elements' ids.
std::string qca_html(const PageRequest& r, const analysis::QcaResult& q, const std::string& id);
// The fiche's analyses: archetype with its evidence, peers, percentiles, territorial fit.
std::string analyses_section(const PageRequest& r, const Snapshot& snap, const WorkshopEntry& w);
// One line of a fiche's scores table (page_workshops.cpp) for the node `nd`: the score, its
// interval, its rank, its coverage against the rule, the indicators known; below the rule,
// which indicators are missing. `widened`: set when an interval was widened to its score.
std::string score_row(const PageRequest& r, const Snapshot& snap, const referential::Referential& ref,
                      std::size_t unit, std::size_t nd, bool& widened);
// The fiche's impacts (page_workshop_impacts.cpp): the four impact areas (scores, and each
// area's direct, indirect and induced indicators) and the economic impacts computed from
// the figures the workshop declared. The report it computes is kept in `sources.reports`
// for the recommendations section.
std::string impacts_section(const PageRequest& r, store::Store& store, const Snapshot& snap, const WorkshopEntry& w,
                            app::FactSources& sources);
// The national input-output table of the data directory (raw/FRA_NIOT_nov16.xlsx), read once;
// `error` says why it could not be.
struct LoadedIoTable {
  impact::IoTable table;
  std::string error;
};
const LoadedIoTable& io_table(const std::filesystem::path& data_dir);
// The facts' sources of a request (app::fact_sources): every workshop's, or one workshop's.
app::FactSources fact_sources(const PageRequest& r, store::Store& store, const std::string& workshop_id = "");
// Recommendations with their evidence (page_recommendations.cpp): the fiche's section and
// the territory page's (EPCI, zone d'emploi, département, région).
// `sources`: the workshop's own (app::fact_sources with its id), shared with the impacts section.
std::string recommendations_section(const PageRequest& r, const Snapshot& snap, const WorkshopEntry& w,
                                    const app::FactSources& sources);
std::string territory_recommendations(const PageRequest& r, const Snapshot& snap, const territory::Unit& u);
// The workbook's sheets (fabscope export): impacts (every workshop with declared figures),
// recommandations (the national synthesis), recommandations_ateliers (each workshop's
// findings with their evidence).
std::vector<Table> impact_tables(const PageRequest& r, const std::shared_ptr<const Snapshot>& snap);
// The economic impacts of the workshops that declared their figures, each and summed: all
// of them (/impacts), or those of a territory (its page) when `level` is set.
std::string workshops_impacts_section(const PageRequest& r, const Snapshot& snap, std::optional<Level> level,
                                      const std::string& code);

}  // namespace fabscope::web
