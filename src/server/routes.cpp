// The one route table of the API. Each handler parses its parameters, calls the core and
// returns a JSON body; server.cpp translates every error into {code, message}.
#include <fmt/format.h>

#include <cmath>
#include <unordered_map>

#include "core/text.hpp"
#include "referential/panel.hpp"
#include "report/documents.hpp"
#include "report/evaluation.hpp"
#include "report/json.hpp"
#include "server/server.hpp"
#include "web/page_parts.hpp"
#include "store/store.hpp"
#include "territory/repository.hpp"
#include "app/snapshot.hpp"
#include "workshops/register.hpp"

namespace fabscope::server {
namespace {

[[noreturn]] void bad(const std::string& message) { throw ApiException(ApiError::bad_request, message); }

territory::Level level_param(const std::string& s) {
  if (const auto l = territory::parse_level(s)) return *l;
  bad(fmt::format("unknown level '{}' (commune, epci, ze, dep, reg)", quote_input(s)));
}

std::size_t count_param(const Request& r, const std::string& name, std::size_t fallback, std::size_t max) {
  const auto s = r.param(name);
  if (s.empty()) return fallback;
  const auto v = text::parse_int(s);
  if (!v || *v < 0 || static_cast<std::size_t>(*v) > max)
    bad(fmt::format("{} must be an integer from 0 to {}", name, max));
  return static_cast<std::size_t>(*v);
}

// Each worker thread keeps its read connection to the store (SQLite in WAL mode serves
// readers without blocking), opened again when the store's content changes.
store::Store& reader(const Request& r) {
  if (!std::filesystem::exists(r.store_path))
    throw ApiException(ApiError::no_data, "the store has not been imported yet");
  struct Slot {
    std::filesystem::path path;
    std::uint64_t generation = 0;
    std::unique_ptr<store::Store> store;
  };
  thread_local std::vector<Slot> slots;
  const auto generation = app::snapshot_state(r.store_path).generation;
  for (auto& s : slots) {
    if (s.path != r.store_path) continue;
    if (!s.store || s.generation != generation) {
      s.store.reset();
      s.store = std::make_unique<store::Store>(r.store_path, /*read_only=*/true);
      s.generation = generation;
    }
    return *s.store;
  }
  if (slots.size() > 8) slots.erase(slots.begin());
  slots.push_back({r.store_path, generation, std::make_unique<store::Store>(r.store_path, /*read_only=*/true)});
  return *slots.back().store;
}

Json workshop_row(const workshops::WorkshopRow& w) {
  auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); };
  return {{"id", w.id},
          {"source", w.source},
          {"name", w.name},
          {"kind", opt(w.kind)},
          {"commune", opt(w.commune)},
          {"commune_name", opt(w.commune_name)},
          {"dep", opt(w.dep)},
          {"latitude", w.latitude ? Json(*w.latitude) : Json(nullptr)},
          {"longitude", w.longitude ? Json(*w.longitude) : Json(nullptr)},
          {"placement_method", w.method},
          {"placement_note", workshops::placement_note_text(w.note, Lang::en)},
          {"laureate_2013", opt(w.laureate)}};
}

// ---- handlers of the API routes, in the table's order ----------------------------------------

Json health(const Request& r) {
  const auto state = app::snapshot_state(r.store_path);
  const bool ready = !state.watched || state.ready;
  Json j = {{"status", ready ? "ok" : state.building ? "preparing" : "no_data"}, {"ready", ready}};
  if (std::filesystem::exists(r.store_path)) {
    auto& s = reader(r);
    j["schema_version"] = s.schema_version();
    j["indicators_built"] = territory::has_results(s);
  } else {
    j["schema_version"] = nullptr;
    j["indicators_built"] = false;
  }
  return j;
}

Json openapi_document(const Request&) { return openapi(); }

Json indicators(const Request&) { return report::indicator_registry(); }

Json territory_search(const Request& r) {
  const auto q = r.param("q");
  if (q.empty()) bad("q is required");
  std::optional<territory::Level> level;
  if (!r.param("level").empty()) level = level_param(r.param("level"));
  auto& s = reader(r);
  Json arr = Json::array();
  for (const auto& u : territory::search(s, q, level, count_param(r, "limit", 20, 100)))
    arr.push_back(report::territory_unit(u));
  return arr;
}

// Suggestions as people type (the pages' search boxes): the first matches, each with the
// page it opens. Territories match as on /territoires, workshops as on /ateliers.
Json suggest(const Request& r) {
  const auto q = r.param("q");
  const auto what = r.param("for", "territories");
  const auto limit = count_param(r, "limit", 8, 20);
  Json arr = Json::array();
  if (text::search_key(q).size() < 2) return arr;  // too short to suggest anything useful
  if (what == "territories") {
    auto& s = reader(r);
    for (const auto& u : territory::search(s, q, std::nullopt, limit)) {
      const std::string level(territory::level_id(u.level));
      arr.push_back({{"label", u.name},
                     {"detail", fmt::format("{} {}", territory::level_label(u.level, r.param("lang") == "en" ? Lang::en : Lang::fr), u.code)},
                     {"href", fmt::format("/territoires/{}/{}", level, u.code)}});
    }
  } else if (what == "workshops") {
    const auto snap = app::snapshot(r.store_path);
    const auto needle = text::search_key(q);
    for (const auto& w : snap->workshops) {
      if (arr.size() >= limit) break;
      if (!text::matches_all_words(w.search_key, needle)) continue;
      arr.push_back({{"label", w.row.name},
                     {"detail", w.row.commune_name.value_or("")},
                     {"href", "/ateliers/" + web::url_encode(w.row.id)}});
    }
  } else {
    bad(fmt::format("for must be territories or workshops, not '{}'", quote_input(what)));
  }
  return arr;
}

Json territory_level(const Request& r) {
  const auto level = level_param(r.path_part(1));
  const auto limit = count_param(r, "limit", 500, 5000);
  const auto offset = count_param(r, "offset", 0, 1000000);
  auto& s = reader(r);
  const auto units = territory::load_level(s, level);
  Json arr = Json::array();
  for (std::size_t i = offset; i < units.size() && i < offset + limit; ++i)
    arr.push_back(report::territory_unit(units[i]));
  return Json{{"total", units.size()}, {"offset", offset}, {"units", arr}};
}

Json territory_profile(const Request& r) {
  const auto level = level_param(r.path_part(1));
  auto& s = reader(r);
  return report::territory_profile(s, level, r.path_part(2));
}

// One entry per distinct workshop: the canonical record's line, with every record merged
// into it (a filter keeps a workshop when one of its records passes).
Json distinct_workshops(store::Store& s, const std::vector<workshops::WorkshopRow>& rows) {
  Json arr = Json::array();
  std::unordered_map<std::string, std::size_t> seen;
  for (const auto& w : rows) {
    const auto m = workshops::load_merged(s, w.id);
    const auto canonical = m ? m->canonical : w.id;
    if (seen.count(canonical) != 0) continue;
    seen.emplace(canonical, arr.size());
    auto j = workshop_row(m && m->row.id == canonical ? m->row : w);
    Json ids = Json::array({canonical});
    if (m) {
      for (const auto& id : m->members) {
        if (id != canonical) ids.push_back(id);
      }
    }
    j["records"] = ids;
    arr.push_back(std::move(j));
  }
  return arr;
}

Json workshop_list(const Request& r) {
  const auto records = r.param("records");
  if (!records.empty() && records != "0" && records != "1") bad("records must be 0 or 1");
  workshops::WorkshopFilter f;
  if (!r.param("kind").empty()) f.kind = r.param("kind");
  if (!r.param("dep").empty()) f.dep = r.param("dep");
  if (!r.param("source").empty()) f.source = r.param("source");
  const auto laureate = r.param("laureate");
  if (!laureate.empty() && laureate != "0" && laureate != "1") bad("laureate must be 0 or 1");
  f.laureates_only = laureate == "1";
  auto& s = reader(r);
  const auto rows = workshops::list_workshops(s, f);
  if (records != "1") return distinct_workshops(s, rows);
  Json arr = Json::array();
  for (const auto& w : rows) arr.push_back(workshop_row(w));
  return arr;
}

Json workshop(const Request& r) {
  auto& s = reader(r);
  const auto found = workshops::load_workshop(s, r.path_part(1));
  if (!found) throw ApiException(ApiError::not_found, fmt::format("no workshop '{}'", quote_input(r.path_part(1))));
  auto j = Json::parse(workshops::to_json(found->first));
  j["placement"] = workshop_row(found->second);
  return j;
}

Json evaluation(const Request& r) {
  const auto top = count_param(r, "top", 0, 100000);
  // The same evaluation as the pages: computed once per store generation (web::snapshot).
  const auto snap = app::snapshot(r.store_path);
  const auto& ref = referential::Referential::active();
  // The same table as `evaluate --format json` and the workbook (report::ranking_table),
  // with the pages' Monte Carlo intervals, in ranking order.
  const auto table = report::ranking_table(ref, snap->evaluation, snap->uncertainty, Lang::en);
  auto j = Json::parse(report::table_json(ref, snap->evaluation, snap->uncertainty, table));
  auto& units = j["units"];
  if (top > 0 && units.size() > top) units.erase(units.begin() + static_cast<std::ptrdiff_t>(top), units.end());
  return j;
}

// A page that also prints itself: ?format=pdf answers its report as an A4 PDF (Chromium,
// rate limited per address like the other expensive downloads).
std::function<web::Reply(const web::PageRequest&)> with_pdf(report::ReportKind kind,
                                                           web::Reply (*page)(const web::PageRequest&)) {
  return [kind, page](const web::PageRequest& r) {
    if (r.param("format") != "pdf") return page(r);
    auto pr = r;
    if (kind == report::ReportKind::workshop) pr.captures = {"", r.captures.at(1)};
    web::Reply reply;
    reply.content_type = "application/pdf";
    reply.body = report::report_pdf(kind, pr);
    reply.filename = kind == report::ReportKind::workshop    ? "fiche-" + r.captures.at(1) + ".pdf"
                     : kind == report::ReportKind::territory ? "profil-" + r.captures.at(2) + ".pdf"
                                                             : "panel.pdf";
    return reply;
  };
}

}  // namespace

namespace {

// The JSON API.
std::vector<Route> api_routes() {
  return {
      {"GET", "/api/v1/health", "/api/v1/health", "Server and store status", {}, health, {}, false, false},
      {"GET", "/api/v1/openapi.json", "/api/v1/openapi.json", "This API's OpenAPI 3 description", {}, openapi_document},
      {"GET", "/api/v1/indicators", "/api/v1/indicators", "The territorial indicator registry", {}, indicators},
      {"GET",
       "/api/v1/territories/search",
       "/api/v1/territories/search",
       "Territories by name or code",
       {{"q", "name (accents and case ignored) or code; required"},
        {"level", "commune, epci, ze, dep or reg"},
        {"limit", "at most 100"}},
       territory_search},
      {"GET",
       "/api/v1/suggest",
       "/api/v1/suggest",
       "Suggestions as people type: label, detail and the page to open",
       {{"q", "the text typed (2 characters or more)"},
        {"for", "territories (default) or workshops"},
        {"limit", "at most 20 (default 8)"}},
       suggest},
      {"GET",
       R"(/api/v1/territories/(\w+))",
       "/api/v1/territories/{level}",
       "Every unit of a level with every indicator",
       {{"limit", "page size, at most 5000 (default 500)"}, {"offset", "first unit (default 0)"}},
       territory_level},
      {"GET",
       R"(/api/v1/territories/(\w+)/([0-9A-Za-z]+))",
       "/api/v1/territories/{level}/{code}",
       "A territory's profile: indicators, missing communes, parents",
       {},
       territory_profile},
      {"GET",
       "/api/v1/workshops",
       "/api/v1/workshops",
       "The workshop register: distinct workshops (or every record with records=1)",
       {{"kind", "a kind id"},
        {"dep", "a département code"},
        {"source", "a register id"},
        {"laureate", "1: 2013 laureates only"},
        {"records",
         "1: every record of every register as imported (default: one entry per distinct workshop, "
         "duplicates merged, with its records)"}},
       workshop_list},
      {"GET",
       R"(/api/v1/workshops/([^/]+))",
       "/api/v1/workshops/{id}",
       "A workshop's record with provenance and placement",
       {},
       workshop},
      {"GET",
       "/api/v1/evaluation",
       "/api/v1/evaluation",
       "The panel scored with the default référentiel",
       {{"top", "the N best ranked (default: all)"}},
       evaluation},
  };
}

// Pages (HTML) and their downloads.
std::vector<Route> page_routes() {
  return {
      // Pages (HTML, French by default, ?lang=en) and their downloads.
      {"GET", "/", "/", "Home: map of territories and workshops", {}, {}, web::home_page},
      {"GET", "/carte.svg", "/carte.svg", "The home map as SVG", {}, {}, web::map_svg},
      {"GET", "/carte.png", "/carte.png", "The home map as PNG", {}, {}, web::map_png, true},
      {"GET", "/static/app.js", "/static/app.js", "The pages' script", {}, {}, web::static_script},
      {"GET", "/carte.geojson", "/carte.geojson", "The home map's data as GeoJSON", {}, {}, web::map_geojson},
      {"GET", "/carte.csv", "/carte.csv", "The home map's data as CSV", {}, {}, web::map_csv},
      {"GET", "/ateliers", "/ateliers", "Workshops: list with filters (CSV, XLSX, PDF of the panel)", {}, {},
       with_pdf(report::ReportKind::panel, web::workshops_page)},
      {"GET", R"(/ateliers/([^/]+))", "/ateliers/{id}", "A workshop's fiche (PDF)", {}, {},
       with_pdf(report::ReportKind::workshop, web::workshop_page)},
      {"GET", R"(/ateliers/([^/]+)/impacts\.json)", "/ateliers/{id}/impacts.json",
       "A workshop's economic impacts (direct, indirect, induced) with every input and assumption", {}, {},
       web::workshop_impacts_json},
      {"GET", "/territoires", "/territoires", "Territories: search", {}, {}, web::territories_page},
      {"GET",
       R"(/territoires/(\w+)/([0-9A-Za-z]+))",
       "/territoires/{level}/{code}",
       "A territory's profile (CSV, XLSX, PDF)",
       {},
       {},
       with_pdf(report::ReportKind::territory, web::territory_page)},
      {"GET", "/referentiel", "/referentiel", "The evaluation framework", {}, {}, web::referential_page},
      {"GET", "/a-propos", "/a-propos", "About: what fabscope is for, the data and their dates", {}, {},
       web::about_page},
      {"GET", "/methode", "/methode", "Method: how the figures are made, glossary", {}, {}, web::method_page},
      {"GET", "/scenario", "/scenario", "Weight scenario: the panel re-scored with other weights (TOML)", {}, {},
       web::scenario_page},
      {"GET", "/comparer", "/comparer", "2 to 4 workshops or territories side by side (CSV, XLSX)", {}, {},
       web::compare_page},
      {"GET", "/analyses", "/analyses",
       "Analyses of the panel: archetypes, typology (factor maps, dendrogram, clusters), laureates vs comparables (CSV)",
       {}, {}, web::analyses_page},
      {"GET", "/analyses/nesta", "/analyses/nesta",
       "Worked example on real answers: typology and QCA of 98 UK makerspaces (Nesta 2015)", {}, {}, web::nesta_page},
      {"GET", "/impacts", "/impacts",
       "Economic impacts: input-output multipliers of France or a territory (FLQ) by industry (CSV, XLSX)", {}, {},
       web::impacts_page},
      {"GET", "/recommandations", "/recommandations",
       "Recommendations: the national synthesis by block, with the shares of workshops and territories concerned (CSV, XLSX)",
       {}, {}, web::recommendations_page},
      {"GET", "/opportunites", "/opportunites",
       "Opportunity map: territories without a workshop within R km resembling where an archetype succeeds (CSV, XLSX)",
       {}, {}, web::opportunities_page},
  };
}

// Questionnaires, evaluators' pages and their API.
std::vector<Route> form_routes() {
  return {
      // Questionnaires through a campaign's secret link: never cached, written to the store.
      {"GET", R"(/q/([A-Za-z0-9_-]{20,100}))", "/q/{token}", "A questionnaire page (?p=N)", {}, {}, web::form_page,
       false, false},
      {"POST", R"(/q/([A-Za-z0-9_-]{20,100}))", "/q/{token}", "A questionnaire page's answers", {}, {},
       web::form_page, false, false},
      {"GET", R"(/q/([A-Za-z0-9_-]{20,100})/relire)", "/q/{token}/relire", "Review before the final submission", {},
       {}, web::form_review, false, false},
      {"POST", R"(/q/([A-Za-z0-9_-]{20,100})/envoyer)", "/q/{token}/envoyer", "The final submission", {}, {},
       web::form_submit, false, false},
      {"GET", "/connexion", "/connexion", "Evaluators: sign in", {}, {}, web::login_page, false, false},
      {"POST", "/connexion", "/connexion", "Evaluators: sign in", {}, {}, web::login_page, false, false},
      {"POST", "/deconnexion", "/deconnexion", "Evaluators: sign out", {}, {}, web::logout_page, false, false},
      {"GET", "/compte", "/compte", "Evaluators: their API tokens", {}, {}, web::account_page, false, false},
      {"POST", "/compte", "/compte", "Evaluators: make or revoke an API token", {}, {}, web::account_page, false,
       false},
      {"GET", "/campagnes", "/campagnes", "Evaluators: campaigns, response rates, latest answers", {}, {},
       web::campaigns_page, false, false},
      {"GET", "/codage", "/codage", "Evaluators: documents to code, agreement between coders", {}, {},
       web::coding_page, false, false},
      {"POST", "/codage", "/codage", "Evaluators: import a pasted text to code", {}, {}, web::coding_page, false,
       false},
      {"GET", R"(/codage/(matrice\.csv|codage\.csv|memos\.csv|grille\.qdc|grille\.csv))", "/codage/{file}",
       "Evaluators: the case × code matrix, the codebook (REFI-QDA, CSV)", {}, {}, web::coding_download, false, false},
      {"GET", R"(/codage/([0-9]{1,12}))", "/codage/{id}", "Evaluators: a document, passage by passage", {}, {},
       web::coding_document, false, false},
      {"POST", R"(/codage/([0-9]{1,12}))", "/codage/{id}", "Evaluators: codes and memo of a passage", {}, {},
       web::coding_document, false, false},
      {"POST", R"(/codage/([0-9]{1,12})/supprimer)", "/codage/{id}/supprimer",
       "Evaluators: remove a document (its codings and memos when confirmed)", {}, {}, web::coding_remove, false, false},
      {"GET", R"(/api/v1/answers/([A-Za-z_][A-Za-z0-9_.-]{0,99}))", "/api/v1/answers/{form_id}",
       "Evaluators (signed in): a questionnaire's answers with every repeat group (json, csv zip, xlsx)",
       {{"format", "json (default), csv (a ZIP: a CSV per repeat group) or xlsx"},
        {"libelles", "1: choices as labels"},
        {"campagne", "only the answers of this campaign"},
        {"version", "the questionnaire's version (default: the latest)"}},
       {}, web::answers_api, false, false, true},
      {"GET", R"(/q/([A-Za-z0-9_-]{20,100})/merci)", "/q/{token}/merci", "Acknowledgement of a submission", {}, {},
       web::form_thanks, false, false},
      {"GET", R"(/q/([A-Za-z0-9_-]{20,100})/usagers)", "/q/{token}/usagers",
       "A manager's link: forward user-questionnaire links", {}, {}, web::form_forward, false, false},
      {"POST", R"(/q/([A-Za-z0-9_-]{20,100})/usagers)", "/q/{token}/usagers",
       "A manager's link: make user-questionnaire links", {}, {}, web::form_forward_post, false, false},
  };
}

}  // namespace

const std::vector<Route>& routes() {
  static const std::vector<Route> table = [] {
    auto all = api_routes();
    for (auto* part : {page_routes, form_routes}) {
      auto more = part();
      all.insert(all.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    return all;
  }();
  return table;
}

Json openapi() {
  Json paths = Json::object();
  for (const auto& r : routes()) {
    if (!r.handler && !r.path.starts_with("/api/")) continue;  // pages are not part of the API
    Json params = Json::array();
    std::size_t pos = 0;
    while ((pos = r.path.find('{', pos)) != std::string::npos) {
      const auto end = r.path.find('}', pos);
      params.push_back({{"name", r.path.substr(pos + 1, end - pos - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
      pos = end;
    }
    for (const auto& [name, description] : r.query) {
      params.push_back({{"name", name},
                        {"in", "query"},
                        {"required", false},
                        {"description", description},
                        {"schema", {{"type", "string"}}}});
    }
    auto& op = paths[r.path]["get"];
    op = {{"summary", r.summary},
          {"parameters", params},
          {"responses",
           {{"200", {{"description", "JSON"}}},
            {"400",
             {{"description", "bad_request"},
              {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}},
            {"404", {{"description", "not_found"}}},
            {"429", {{"description", "too_many_requests"}}},
            {"503",
             {{"description", "no_data: the store has not been imported; preparing: try again (Retry-After)"}}}}}};
    if (r.evaluators) {
      op["security"] = Json::array({{{"apiToken", Json::array()}}, {{"session", Json::array()}}});
      op["responses"]["401"] = {
          {"description",
           "unauthorized: evaluators only: Authorization: Bearer <token of fabscope user token>, or a session "
           "(sign in at /connexion)"}};
    }
  }
  Json doc = {{"openapi", "3.0.3"},
              {"info", {{"title", "fabscope API"}, {"version", "1"}}},
              {"paths", paths},
              {"components",
               {{"securitySchemes",
                 {{"apiToken",
                   {{"type", "http"},
                    {"scheme", "bearer"},
                    {"description", "an evaluator's API token (fabscope user token NAME), sent as Authorization: Bearer"}}},
                  {"session",
                   {{"type", "apiKey"},
                    {"in", "cookie"},
                    {"name", std::string(web::kSession)},
                    {"description", "the session of an evaluator signed in at /connexion"}}}}},
                {"schemas",
                 {{"Error",
                   {{"type", "object"},
                    {"properties",
                     {{"code",
                       {{"type", "string"},
                        {"enum",
                         {"bad_request", "not_found", "no_data", "internal", "method_not_allowed", "too_large",
                          "too_many_requests", "preparing", "unauthorized"}}}},
                      {"message", {{"type", "string"}}}}},
                    {"required", {"code", "message"}}}}}}}}};
  return doc;
}

}  // namespace fabscope::server
