// The HTML pages of `fabscope serve` (one file per page, src/web/page_*.cpp), which the
// reports of `fabscope report` (src/report) reuse:
// server-rendered (mustache layout and tables, SVG maps and charts from graphics/),
// readable without JavaScript, in French with an English switch (?lang=en).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/lang.hpp"

namespace fabscope::web {

// The cookie of an evaluator's session (docs/web.md, "Evaluators").
inline constexpr const char* kSession = "fs_session";

struct PageRequest {
  std::filesystem::path store_path, data_dir;
  Lang lang = Lang::fr;
  std::string path;                           // e.g. /ateliers
  std::map<std::string, std::string> params;  // query parameters
  std::vector<std::string> captures;          // route captures (1-based as in the route regex)
  // Forms (POST routes, never cached): the method, the fields of an
  // application/x-www-form-urlencoded body in order (a name may repeat: checkboxes), the
  // request's cookies, the client's address.
  std::string method = "GET";
  std::vector<std::pair<std::string, std::string>> form;
  std::map<std::string, std::string> cookies;
  std::string client;
  // The credentials of "Authorization: Bearer …" (API tokens, read by the API routes only).
  std::string bearer;
  // The site's address for whole links ("https://enquetes.example.fr", no trailing slash):
  // `serve --base-url`, else http:// and the request's Host; "" when neither is usable.
  std::string base_url;
  [[nodiscard]] std::string param(const std::string& name, const std::string& fallback = "") const;
  // The first posted form field of that name ("" when absent).
  [[nodiscard]] std::string field(const std::string& name) const;
};

struct Reply {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::string filename;       // set: served as an attachment
  std::string cache_control;  // empty: "no-cache" (revalidated with its ETag)
  std::string location{};     // set with a 3xx status: where the browser goes next (303 after a POST)
  std::vector<std::pair<std::string, std::string>> headers{};  // more headers (Set-Cookie)
};

// Thrown by a page to send the browser elsewhere (302 with Location), e.g. a former commune
// code to its current commune.
struct PageRedirect {
  std::string location;
};

// Thrown by pages for 4xx answers; the server renders them with error_page.
struct PageError : std::runtime_error {
  PageError(int s, const std::string& m) : std::runtime_error(m), status(s), message(m) {}
  int status;
  std::string message;
};

// /static/app.js: the pages' one script (no inline script: Content-Security-Policy script-src 'self').
Reply static_script(const PageRequest& r);

Reply home_page(const PageRequest& r);         // /            (?indicator, level, method, classes, breaks)
Reply map_svg(const PageRequest& r);           // /carte.svg   (same parameters)
Reply map_png(const PageRequest& r);           // /carte.png   (twice the SVG's size)
Reply map_geojson(const PageRequest& r);       // /carte.geojson
Reply map_csv(const PageRequest& r);           // /carte.csv
Reply workshops_page(const PageRequest& r);    // /ateliers    (?kind, dep, q, density_class, score_min, score_max,
                                               // laureate, sort, format=csv|xlsx)
Reply workshop_page(const PageRequest& r);     // /ateliers/{id}
Reply workshop_impacts_json(const PageRequest& r);  // /ateliers/{id}/impacts.json (app::impact_json)
Reply territories_page(const PageRequest& r);  // /territoires (?q, level)
Reply territory_page(const PageRequest& r);    // /territoires/{level}/{code} (?format=csv|xlsx)
Reply referential_page(const PageRequest& r);  // /referentiel
Reply about_page(const PageRequest& r);        // /a-propos
Reply method_page(const PageRequest& r);       // /methode (with the glossary)
Reply scenario_page(const PageRequest& r);     // /scenario (?w.<id>=weight…, format=toml)
Reply compare_page(const PageRequest& r);
Reply analyses_page(const PageRequest& r);     // /analyses (?format=csv: the panel)
Reply nesta_page(const PageRequest& r);        // /analyses/nesta (the UK worked example)
Reply impacts_page(const PageRequest& r);
Reply recommendations_page(const PageRequest& r);  // /recommandations (?format=csv|xlsx: the synthesis)
Reply opportunities_page(const PageRequest& r);    // /opportunites (?archetype, radius, level, format=csv|xlsx)
// Questionnaires answered through a campaign's secret link (page_form.cpp,
// docs/collect/campaigns.md): /q/{token} (GET a page ?p=N, POST its answers), /q/{token}/relire
// (the review), /q/{token}/envoyer (POST: the final submission), /q/{token}/merci.
Reply form_page(const PageRequest& r);
Reply form_review(const PageRequest& r);
Reply form_submit(const PageRequest& r);
Reply form_thanks(const PageRequest& r);
// Evaluators: a questionnaire's answers (/api/v1/answers/{form_id}?format=json|csv|xlsx).
Reply answers_api(const PageRequest& r);
// Evaluators: qualitative coding (/codage, /codage/{id}, /codage/matrice.csv, grille.qdc, grille.csv).
Reply coding_page(const PageRequest& r);
Reply coding_document(const PageRequest& r);
Reply coding_remove(const PageRequest& r);
Reply account_page(const PageRequest& r);  // GET and POST /compte  // POST /codage/{id}/supprimer
Reply coding_download(const PageRequest& r);
// A manager's link forwards user-questionnaire links (/q/{token}/usagers).
Reply form_forward(const PageRequest& r);
Reply form_forward_post(const PageRequest& r);
// Evaluators (page_evaluator.cpp): /connexion (GET the form, POST sign in), /deconnexion
// (POST), /campagnes (signed in: response rates and the latest answers of every campaign).
Reply login_page(const PageRequest& r);
Reply logout_page(const PageRequest& r);
Reply campaigns_page(const PageRequest& r);      // /impacts (?level, code, year, format=csv|xlsx)      // /comparer (?ateliers=a,b[,c,d] | territoires=commune:22113,dep:22; q)

std::string error_page(Lang lang, int status, const std::string& message);

// The HTML reports and the XLSX export are in src/report (report/documents.hpp).

}  // namespace fabscope::web
