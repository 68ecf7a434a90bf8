// Questionnaires through a campaign's secret link, over HTTP (src/web/page_form.cpp): pages,
// validation beside the fields with what was typed kept, drafts resumed, repeat instances,
// review and final submission written once (double submit, concurrent submits), CSRF,
// unknown/revoked/expired/closed links, oversized bodies, rate limits per link.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <thread>

#include "auth/accounts.hpp"
#include "collect/answers_import.hpp"
#include "collect/answers_store.hpp"
#include "collect/campaign.hpp"
#include "collect/coding.hpp"
#include "collect/qualitative.hpp"
#include "collect/repository.hpp"
#include "collect/xlsform.hpp"
#include "core/error.hpp"
#include "server/server.hpp"
#include "store/store.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

using server::Server;
using server::ServerOptions;

class Forms : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<test::TempDir>();
    const auto bytes = test::text_workbook(
        {{"survey",
          {{"type", "name", "label::Français (fr)", "label::English (en)", "required", "relevant", "constraint",
            "constraint_message::Français (fr)", "constraint_message::English (en)", "choice_filter"},
           {"text", "ws_name", "Nom de l'atelier", "Workshop name", "yes", "", "", "", ""},
           {"integer", "staff", "Salariés (ETP)", "Staff (FTE)", "yes", "", ". >= 0 and . <= 200", "Entre 0 et 200",
            "Between 0 and 200"},
           {"select_one yn", "has_firms", "Entreprises servies ?", "Serves firms?", "yes", "", "", "", ""},
           {"begin group", "detail", "Détail", "Detail", "", "", "", "", ""},
           {"select_multiple svc or_other", "services", "Services", "Services", "", "", "", "", ""},
           {"text", "firm_note", "Remarque sur les entreprises", "Note on firms", "", "${has_firms} = 'yes'", "", "",
            ""},
           {"select_one size", "firm_size", "Taille des entreprises", "Size of the firms", "", "", "", "", "",
            "firms = ${has_firms}"},
           {"end group", "", "", "", "", "", "", "", ""},
           {"begin repeat", "firms", "Entreprise", "Firm", "", "${has_firms} = 'yes'", "", "", ""},
           {"text", "firm", "Nom de l'entreprise", "Firm name", "yes", "", "", "", ""},
           {"begin repeat", "projects", "Projet", "Project", "", "", "", "", ""},
           {"decimal", "amount", "Montant (k€)", "Amount (k€)", "yes", "", ". > 0", "Un montant positif",
            "A positive amount"},
           {"end repeat", "", "", "", "", "", "", "", ""},
           {"end repeat", "", "", "", "", "", "", "", ""}}},
         {"choices",
          {{"list_name", "name", "label::Français (fr)", "label::English (en)", "firms"},
           {"yn", "yes", "Oui", "Yes", ""},
           {"yn", "no", "Non", "No", ""},
           {"svc", "proto", "Prototypage", "Prototyping", ""},
           {"svc", "training", "Formation", "Training", ""},
           {"size", "small", "Petites", "Small", "yes"},
           {"size", "large", "Grandes", "Large", "yes"},
           {"size", "none", "Sans objet", "Not applicable", "no"}}},
         {"settings", {{"form_id", "form_title", "default_language"}, {"t_forms", "Enquête test", "Français (fr)"}}}});
    {
      store::Store st(s_dir->path() / "forms.db");
      const auto ins = collect::read_xlsform_bytes(bytes, "t_forms.xlsx", "t_forms");
      collect::save_instrument(st, ins, bytes, "t_forms.xlsx");
      const auto c = collect::create_campaign(st, "Test", "t_forms", std::nullopt, "", false);
      for (int i = 0; i < 8; ++i) s_links.push_back(collect::invite(st, c, {{"", "r"}}, "manager", "").front());
      const auto old = collect::create_campaign(st, "Old", "t_forms", std::nullopt, "2020-01-01T23:59:59Z", false);
      s_expired = collect::invite(st, old, {{"", "r"}}, "manager", "").front().token;
      const auto shut = collect::create_campaign(st, "Shut", "t_forms", std::nullopt, "", false);
      s_closed = collect::invite(st, shut, {{"", "r"}}, "manager", "").front().token;
      collect::close_campaign(st, shut);
      // A managers' campaign that forwards into a users' campaign.
      const auto users = collect::create_campaign(st, "Usagers", "t_forms", std::nullopt, "", false);
      const auto managers = collect::create_campaign(st, "Responsables", "t_forms", std::nullopt, "", false);
      collect::set_users_campaign(st, managers, users);
      s_manager = collect::invite(st, managers, {{"ws_a", "resp"}, {"ws_b", "resp"}}, "manager", "");
      auth::add_account(st, "evaluatrice", "un mot de passe solide");
      auth::add_account(st, "codeur2", "un autre mot de passe");
    }
    ServerOptions so;
    so.port = 0;
    so.store_path = s_dir->path() / "forms.db";
    so.prepare_in_background = false;
    so.limits.max_body_bytes = 64 * 1024;
    s_server = std::make_unique<Server>(so);
    s_port = s_server->bind();
    s_thread = std::thread([] { s_server->serve(); });
  }
  static void TearDownTestSuite() {
    s_server->stop();
    s_thread.join();
    s_server.reset();
    s_dir.reset();
  }

  // A browser: its cookie (the CSRF token) kept from page to page.
  struct Browser {
    httplib::Client c{"127.0.0.1", s_port};
    std::string cookie;
    httplib::Result get(const std::string& path) {
      httplib::Headers h;
      if (!cookie.empty()) h.emplace("Cookie", cookie);
      auto r = c.Get(path.c_str(), h);
      if (r && r->has_header("Set-Cookie")) {
        const auto sc = r->get_header_value("Set-Cookie");
        cookie = sc.substr(0, sc.find(';'));
      }
      return r;
    }
    httplib::Result post(const std::string& path, const httplib::Params& fields) {
      httplib::Headers h;
      if (!cookie.empty()) h.emplace("Cookie", cookie);
      return c.Post(path.c_str(), h, fields);
    }
    [[nodiscard]] std::string csrf() const { return cookie.substr(cookie.find('=') + 1); }
  };

  static std::string url(std::size_t link) { return "/q/" + s_links.at(link).token; }
  static std::vector<collect::StoredSubmission> stored() {
    store::Store st(s_dir->path() / "forms.db");
    return collect::load_submissions(st, "t_forms");
  }

  static inline std::unique_ptr<test::TempDir> s_dir;
  static inline std::unique_ptr<Server> s_server;
  static inline std::thread s_thread;
  static inline int s_port = 0;
  static inline std::vector<collect::NewLink> s_links;
  static inline std::string s_expired, s_closed;
  static inline std::vector<collect::NewLink> s_manager;
};

// A session of `name` (signing in over HTTP is tested above, and rate limited per address):
// the Cookie header with the CSRF cookie of the evaluator pages, and that token.
std::pair<std::string, std::string> sign_in(const std::filesystem::path& db, int port, const std::string& name,
                                            const std::string& password) {
  std::string session;
  {
    store::Store st(db);
    session = "fs_session=" + auth::login(st, name, password).value();
  }
  httplib::Client c("127.0.0.1", port);
  const auto page = c.Get("/codage", httplib::Headers{{"Cookie", session}});
  const auto sc = page->get_header_value("Set-Cookie");
  const auto csrf_cookie = sc.substr(0, sc.find(';'));
  return {session + "; " + csrf_cookie, csrf_cookie.substr(csrf_cookie.find('=') + 1)};
}

TEST_F(Forms, EvaluatorsCodeInTheBrowser) {
  httplib::Client c("127.0.0.1", s_port);
  EXPECT_EQ(c.Get("/codage")->status, 302);  // to the sign-in page
  EXPECT_EQ(c.Get("/codage/matrice.csv")->status, 302);
  const auto [one, csrf1] = sign_in(s_dir->path() / "forms.db", s_port, "evaluatrice", "un mot de passe solide");
  const auto [two, csrf2] = sign_in(s_dir->path() / "forms.db", s_port, "codeur2", "un autre mot de passe");
  const httplib::Headers h1{{"Cookie", one}}, h2{{"Cookie", two}};
  auto page = c.Get("/codage", h1);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find(R"(id="import")"), std::string::npos);
  // A pasted interview: refused without its case id (what was typed kept, escaped), then stored.
  const std::string notes = "# Entretien (FICTIF)\n\nLe fablab <b>forme</b> des jeunes.\n\nIl vend des prestations.";
  auto bad = c.Post("/codage", h1, httplib::Params{{"_csrf", csrf1}, {"case", ""}, {"text", notes}});
  ASSERT_EQ(bad->status, 422);
  EXPECT_NE(bad->body.find("&lt;b&gt;forme&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(c.Post("/codage", h1, httplib::Params{{"case", "e1"}, {"text", notes}})->status, 403);  // no CSRF
  auto made = c.Post("/codage", h1, httplib::Params{{"_csrf", csrf1}, {"case", "e1"}, {"text", notes}});
  ASSERT_EQ(made->status, 303);
  const auto doc = made->get_header_value("Location");
  page = c.Get(doc.c_str(), h1);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find(R"(id="p3")"), std::string::npos);
  EXPECT_EQ(page->body.find(R"(id="p4")"), std::string::npos);
  EXPECT_NE(page->body.find("Le fablab &lt;b&gt;forme&lt;/b&gt; des jeunes."), std::string::npos);
  EXPECT_NE(page->body.find(R"(<option value="i_employment")"), std::string::npos);  // the référentiel's codebook
  // Two coders code passage 2 and 3; a code outside the codebook is refused, the memo kept.
  auto refused = c.Post(doc.c_str(), h1,
                        httplib::Params{{"_csrf", csrf1}, {"passage", "2"}, {"code", "nope"}, {"memo", "à revoir"}});
  ASSERT_EQ(refused->status, 422);
  EXPECT_NE(refused->body.find(">à revoir</textarea>"), std::string::npos);
  const auto code = [&](const httplib::Headers& h, const std::string& csrf, const char* passage,
                        std::vector<std::string> codes) {
    httplib::Params p{{"_csrf", csrf}, {"passage", passage}, {"memo", "mémo"}};
    for (auto& k : codes) p.emplace("code", k);
    const auto r = c.Post(doc.c_str(), h, p);
    EXPECT_EQ(r->status, 303);
    EXPECT_EQ(r->get_header_value("Location"), doc + "#p" + passage);
  };
  code(h1, csrf1, "2", {"i_employment"});
  code(h1, csrf1, "3", {"m_business_model"});
  code(h2, csrf2, "2", {"i_employment"});
  code(h2, csrf2, "3", {"i_employment"});
  page = c.Get(doc.c_str(), h2);
  EXPECT_NE(page->body.find(R"(<option value="i_employment" selected>)"), std::string::npos);
  EXPECT_NE(page->body.find("codé aussi par 1 autre(s) codeur(s)"), std::string::npos);
  // The agreement on the list page, and the matrix.
  page = c.Get("/codage", h1);
  EXPECT_NE(page->body.find(R"(id="agreement-table")"), std::string::npos);
  EXPECT_NE(page->body.find("κ codeur2 – evaluatrice"), std::string::npos);
  const auto matrix = c.Get("/codage/matrice.csv?binaire=1", h1);
  ASSERT_EQ(matrix->status, 200);
  EXPECT_EQ(matrix->body, "case,i_employment,m_business_model\ne1,1,1\n");
  const auto table = c.Get("/codage/codage.csv", h1);
  EXPECT_NE(table->body.find("e1,2,i_employment,codeur2,"), std::string::npos) << table->body;
  EXPECT_NE(table->body.find(",Le fablab <b>forme</b> des jeunes.\n"), std::string::npos) << table->body;
  const auto memos = c.Get("/codage/memos.csv", h1);
  EXPECT_NE(memos->body.find(",evaluatrice,"), std::string::npos);
  EXPECT_NE(memos->body.find(",mémo\n"), std::string::npos) << memos->body;
  const auto qdc = c.Get("/codage/grille.qdc", h1);
  EXPECT_NE(qdc->body.find("urn:QDA-XML:codebook:1.0"), std::string::npos);
  // Stored: two coders' codings, as a coding table reads them.
  store::Store st(s_dir->path() / "forms.db");
  const auto a = collect::agreement(collect::stored_codings(st));
  EXPECT_EQ(a.units, 2U);
  EXPECT_EQ(a.coders, (std::vector<std::string>{"codeur2", "evaluatrice"}));
  // Removing it: the box to tick names the work that goes with it; without it (or without
  // the CSRF token) nothing changes; then the list says so and the page is gone.
  page = c.Get(doc.c_str(), h1);
  EXPECT_NE(page->body.find("Supprimer aussi ses 4 codages et 4 mémos (de 2 codeurs)"), std::string::npos);
  const auto remove = doc + "/supprimer";
  EXPECT_EQ(c.Post(remove.c_str(), h1, httplib::Params{{"with_codings", "1"}})->status, 403);
  auto kept = c.Post(remove.c_str(), h1, httplib::Params{{"_csrf", csrf1}});
  EXPECT_EQ(kept->status, 422);
  EXPECT_NE(kept->body.find("porte 4 codages et 4 mémos"), std::string::npos);
  EXPECT_EQ(collect::stored_codings(st).size(), 4U);
  EXPECT_EQ(c.Post(remove.c_str(), httplib::Params{{"_csrf", csrf1}, {"with_codings", "1"}})->status, 302);  // no session
  auto gone = c.Post(remove.c_str(), h1, httplib::Params{{"_csrf", csrf1}, {"with_codings", "1"}});
  ASSERT_EQ(gone->status, 303);
  EXPECT_EQ(gone->get_header_value("Location"), "/codage?supprime=e1");
  EXPECT_NE(c.Get("/codage?supprime=e1", h1)->body.find("Document « e1 » supprimé."), std::string::npos);
  EXPECT_EQ(c.Get(doc.c_str(), h1)->status, 404);
  EXPECT_TRUE(collect::stored_codings(st).empty());
}

TEST_F(Forms, ManagersForwardUserLinks) {
  Browser b;
  const auto base = "/q/" + s_manager[0].token;
  const auto page = b.get(base);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find(R"(id="forward-link")"), std::string::npos);
  EXPECT_EQ(b.get(url(6))->body.find(R"(id="forward-link")"), std::string::npos);  // no users campaign
  EXPECT_EQ(b.get(url(6) + "/usagers")->status, 403);
  const auto form = b.get(base + "/usagers");
  ASSERT_EQ(form->status, 200);
  EXPECT_NE(form->body.find("Liens déjà créés : 0"), std::string::npos);
  // No CSRF token: refused, nothing made.
  EXPECT_EQ(b.c.Post((base + "/usagers").c_str(), httplib::Params{{"count", "2"}})->status, 403);
  // A wrong count: the form again, beside its field, with what was typed kept (escaped).
  const auto bad = b.post(base + "/usagers", {{"_csrf", b.csrf()}, {"count", "80"}, {"label", "<b>accueil</b>"}});
  ASSERT_EQ(bad->status, 422);
  EXPECT_NE(bad->body.find(R"(id="count-error")"), std::string::npos);
  EXPECT_NE(bad->body.find(R"(value="80")"), std::string::npos);
  EXPECT_NE(bad->body.find("&lt;b&gt;accueil&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(bad->body.find("<b>accueil"), std::string::npos);
  // Three links, shown once.
  const auto made = b.post(base + "/usagers", {{"_csrf", b.csrf()}, {"count", "3"}, {"label", "accueil"}});
  ASSERT_EQ(made->status, 200);
  EXPECT_EQ(made->get_header_value("Cache-Control"), "no-store");
  const std::regex link(R"(<li><a href="/q/([A-Za-z0-9_-]{43})\">)");
  std::vector<std::string> tokens;
  for (auto it = std::sregex_iterator(made->body.begin(), made->body.end(), link); it != std::sregex_iterator(); ++it) {
    tokens.push_back((*it)[1]);
  }
  ASSERT_EQ(tokens.size(), 3U);
  EXPECT_NE(tokens[0], tokens[1]);
  // Whole links to paste in a message (from the request's Host here: no --base-url), and
  // the same as CSV lines for a mail merge.
  const auto site = fmt::format("http://127.0.0.1:{}", s_port);
  EXPECT_NE(made->body.find(fmt::format(R"(<li><a href="/q/{}">{}/q/{}</a>)", tokens[0], site, tokens[0])),
            std::string::npos);
  EXPECT_NE(made->body.find(fmt::format(">lien,usage\n{0}/q/{1},accueil\n{0}/q/{2},accueil\n{0}/q/{3},accueil\n</textarea>",
                                        site, tokens[0], tokens[1], tokens[2])),
            std::string::npos)
      << made->body;
  {
    store::Store st(s_dir->path() / "forms.db");
    const auto sent = collect::forwarded(st, s_manager[0].invitation.id);
    ASSERT_EQ(sent.size(), 3U);
    const auto users = collect::find_campaign(st, "Usagers");
    for (const auto& t : tokens) {
      const auto l = collect::open_link(st, t, store::now_iso8601());
      EXPECT_EQ(l.state, collect::LinkState::open);
      EXPECT_EQ(l.invitation.campaign_id, users->id);  // the user questionnaire's campaign
      EXPECT_EQ(l.invitation.workshop_id, "ws_a");     // the manager's workshop
      EXPECT_EQ(l.invitation.role, "user");
      EXPECT_EQ(l.invitation.label, "accueil");
      EXPECT_EQ(l.invitation.parent_id, s_manager[0].invitation.id);
    }
    // A forwarded (user) link cannot forward; the bound per manager's link holds.
    const auto user_link = collect::open_link(st, tokens[0], store::now_iso8601());
    EXPECT_THROW(collect::forward(st, user_link, 1, ""), Error);
    const auto other = collect::open_link(st, s_manager[1].token, store::now_iso8601());
    for (std::size_t i = 0; i < collect::kMaxForwarded / collect::kMaxForwardBatch; ++i) {
      ASSERT_EQ(collect::forward(st, other, collect::kMaxForwardBatch, "").size(), collect::kMaxForwardBatch);
    }
    EXPECT_THROW(collect::forward(st, other, 1, ""), Error);
    EXPECT_EQ(collect::forwarded(st, s_manager[1].invitation.id).size(), collect::kMaxForwarded);
  }
  EXPECT_EQ(b.get("/q/" + tokens[0])->status, 200);
  EXPECT_EQ(b.get("/q/" + tokens[0] + "/usagers")->status, 403);
  EXPECT_NE(b.get(base + "/usagers")->body.find("Liens déjà créés : 3 (dont 0 avec une réponse)"), std::string::npos);
}

TEST_F(Forms, PagesValidateBesideTheFieldsAndResume) {
  Browser b;
  auto r = b.get(url(0));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer");
  EXPECT_NE(r->get_header_value("Set-Cookie").find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(r->body.find("Page 1 sur 2"), std::string::npos);  // the repeat is not relevant yet
  EXPECT_NE(r->body.find(R"(<label for="f-ws_name">Nom de l&#39;atelier)"), std::string::npos);

  // Without the CSRF token: refused, nothing saved.
  r = b.post(url(0), {{"_page", "0"}, {"_action", "next"}, {"ws_name", "A"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);

  // A value that cannot be read and a constraint: 422, the messages beside the fields, what was typed kept.
  r = b.post(url(0), {{"_csrf", b.csrf()},
                      {"_page", "0"},
                      {"_action", "next"},
                      {"ws_name", "Fablab <b>A</b>"},
                      {"staff", "trois"},
                      {"has_firms", "yes"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find(R"(<p class="error" id="e-staff" role="alert">« trois » n&#39;est pas un nombre entier</p>)"),
            std::string::npos);
  EXPECT_NE(r->body.find(R"(name="staff" value="trois")"), std::string::npos);
  EXPECT_NE(r->body.find(R"(value="Fablab &lt;b&gt;A&lt;/b&gt;")"), std::string::npos);  // escaped
  EXPECT_NE(r->body.find(R"(aria-invalid="true")"), std::string::npos);
  r = b.post(url(0) + "?lang=en", {{"_csrf", b.csrf()},
                                   {"_page", "0"},
                                   {"_action", "next"},
                                   {"ws_name", "A"},
                                   {"staff", "500"},
                                   {"has_firms", "yes"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find("« 500 » : Between 0 and 200"), std::string::npos)
      << r->body.substr(r->body.find("class=\"error\""), 300);

  // Valid: saved, on to page 2; coming back shows the answers (the draft).
  r = b.post(url(0), {{"_csrf", b.csrf()},
                      {"_page", "0"},
                      {"_action", "next"},
                      {"ws_name", "Fablab A"},
                      {"staff", "3"},
                      {"has_firms", "yes"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), url(0) + "?p=2");
  Browser later;  // another visit, another browser: the same link resumes
  r = later.get(url(0) + "?p=1");
  ASSERT_TRUE(r);
  EXPECT_NE(r->body.find(R"(name="staff" value="3")"), std::string::npos);
  EXPECT_NE(r->body.find(R"(value="yes" checked)"), std::string::npos);
  EXPECT_TRUE(stored().empty());  // a draft is not an answer
}

TEST_F(Forms, RepeatReviewAndOneSubmission) {
  Browser b;
  ASSERT_TRUE(b.get(url(1)));
  auto r = b.post(url(1), {{"_csrf", b.csrf()},
                           {"_page", "0"},
                           {"_action", "next"},
                           {"ws_name", "Atelier B"},
                           {"staff", "2"},
                           {"has_firms", "yes"}});
  ASSERT_EQ(r->status, 303);
  // Page 2: a group; the relevant note is shown (has_firms = yes), "other" with its text.
  r = b.get(url(1) + "?p=2");
  EXPECT_NE(r->body.find("f-firm_note"), std::string::npos);
  // Cascading choices: the sizes of firms when the workshop serves firms, not "none".
  EXPECT_NE(r->body.find(R"(name="firm_size" value="small")"), std::string::npos) << r->body;
  EXPECT_EQ(r->body.find(R"(value="none")"), std::string::npos);
  r = b.post(url(1), {{"_csrf", b.csrf()}, {"_page", "1"}, {"_action", "next"}, {"firm_size", "none"}});
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find("« none » n&#39;est pas permis par les réponses précédentes"), std::string::npos);
  r = b.post(url(1), {{"_csrf", b.csrf()},
                      {"_page", "1"},
                      {"_action", "next"},
                      {"services", "proto"},
                      {"services", "other"},
                      {"services_other", "Réparation"},
                      {"firm_note", "Deux PME"}});
  ASSERT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), url(1) + "?p=3");
  // Page 3: the repeat; add a second instance, a required answer missing in it, then remove it.
  r = b.post(
      url(1),
      {{"_csrf", b.csrf()}, {"_page", "2"}, {"_action", "add"}, {"_count", "1"}, {"firms.0.firm", "Menuiserie C"}});
  ASSERT_EQ(r->status, 303);
  r = b.get(url(1) + "?p=3");
  EXPECT_NE(r->body.find(R"(name="firms.1.firm")"), std::string::npos);
  r = b.post(url(1), {{"_csrf", b.csrf()},
                      {"_page", "2"},
                      {"_action", "next"},
                      {"_count", "2"},
                      {"firms.0.firm", "Menuiserie C"},
                      {"firms.1.firm", ""}});
  EXPECT_EQ(r->status, 303);  // a blank instance is dropped, not an error
  r = b.post(
      url(1),
      {{"_csrf", b.csrf()}, {"_page", "2"}, {"_action", "next"}, {"_count", "1"}, {"firms.0.firm", "Menuiserie C"}});
  ASSERT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), url(1) + "/relire");
  r = b.get(url(1) + "/relire");
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("Prototypage, Autre : Réparation"), std::string::npos);
  EXPECT_NE(r->body.find("Menuiserie C"), std::string::npos);
  // Submitted twice, and twice at once from two tabs: one answer.
  r = b.post(url(1) + "/envoyer", {{"_csrf", b.csrf()}});
  ASSERT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), url(1) + "/merci");
  r = b.post(url(1) + "/envoyer", {{"_csrf", b.csrf()}});
  EXPECT_EQ(r->status, 302);  // the link is used: to the acknowledgement
  const auto subs = stored();
  ASSERT_EQ(subs.size(), 1U);
  EXPECT_EQ(subs[0].origin, "web");
  EXPECT_EQ(subs[0].submission.data.value("services"), "proto other");
  EXPECT_EQ(subs[0].submission.data.value("services_other"), "Réparation");
  EXPECT_EQ(subs[0].submission.data.repeats.at("firms").size(), 1U);
  EXPECT_EQ(subs[0].submission.instance_id.rfind("uuid:", 0), 0U);
  r = b.get(url(1) + "/merci");
  EXPECT_NE(r->body.find("vos réponses ont bien été enregistrées"), std::string::npos);
}

TEST_F(Forms, ConcurrentSubmitsWriteOnce) {
  Browser b;
  ASSERT_TRUE(b.get(url(2)));
  ASSERT_EQ(b.post(url(2), {{"_csrf", b.csrf()},
                            {"_page", "0"},
                            {"_action", "next"},
                            {"ws_name", "C"},
                            {"staff", "1"},
                            {"has_firms", "no"}})
                ->status,
            303);
  const auto before = stored().size();
  std::vector<std::thread> tabs;
  std::atomic<int> accepted{0};
  for (int i = 0; i < 6; ++i) {
    tabs.emplace_back([&] {
      Browser t;
      t.cookie = b.cookie;
      const auto r = t.post(url(2) + "/envoyer", {{"_csrf", b.csrf()}});
      if (r && r->status == 303) ++accepted;
    });
  }
  for (auto& t : tabs) t.join();
  EXPECT_EQ(stored().size(), before + 1);
  EXPECT_GE(accepted.load(), 1);
}

TEST_F(Forms, LinksThatDoNotOpen) {
  Browser b;
  EXPECT_EQ(b.get("/q/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")->status, 404);
  EXPECT_EQ(b.get("/q/" + s_expired)->status, 410);
  EXPECT_EQ(b.get("/q/" + s_closed)->status, 410);
  {
    store::Store st(s_dir->path() / "forms.db");
    const auto c = collect::find_campaign(st, "Test");
    ASSERT_TRUE(collect::revoke(st, *c, s_links[3].invitation.id));
  }
  const auto r = b.get(url(3));
  EXPECT_EQ(r->status, 410);
  EXPECT_NE(r->body.find("révoqué"), std::string::npos);
  EXPECT_EQ(r->body.find(s_links[3].token), std::string::npos);  // the token is not echoed
}

TEST_F(Forms, OversizedBodiesAndFastClientsAreRefused) {
  Browser b;
  ASSERT_TRUE(b.get(url(4)));
  const auto big = b.post(url(4), {{"_csrf", b.csrf()}, {"_page", "0"}, {"ws_name", std::string(100 * 1024, 'x')}});
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  int refused = 0;
  for (int i = 0; i < 40; ++i) {  // a burst of 30 per link, then 2 a second
    const auto r = b.post(url(4), {{"_csrf", b.csrf()}, {"_page", "0"}, {"_action", "save"}, {"ws_name", "x"}});
    ASSERT_TRUE(r);
    refused += r->status == 429 ? 1 : 0;
  }
  EXPECT_GE(refused, 5);
  EXPECT_EQ(b.get(url(5))->status, 200);  // another link is not slowed down
}

TEST_F(Forms, EvaluatorPagesNeedAnAccount) {
  Browser b;
  auto r = b.get("/campagnes");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 302);  // to the sign-in page, coming back afterwards
  EXPECT_EQ(r->get_header_value("Location"), "/connexion?suite=/campagnes");
  r = b.get("/connexion?suite=/campagnes");
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find(R"(autocomplete="current-password")"), std::string::npos);
  // Without the CSRF token, with a wrong password, with an unknown name: refused alike.
  EXPECT_EQ(b.post("/connexion", {{"name", "evaluatrice"}, {"password", "un mot de passe solide"}})->status, 403);
  r = b.post("/connexion", {{"_csrf", b.csrf()}, {"name", "evaluatrice"}, {"password", "mauvais mot de passe"}});
  EXPECT_EQ(r->status, 401);
  EXPECT_NE(r->body.find("Nom ou mot de passe incorrect."), std::string::npos);
  EXPECT_EQ(b.post("/connexion", {{"_csrf", b.csrf()}, {"name", "personne"}, {"password", "un mot de passe solide"}})
                ->status,
            401);
  // Signed in: an HttpOnly, SameSite=Strict session cookie; back to the page asked for (never off-site).
  r = b.post("/connexion", {{"_csrf", b.csrf()},
                            {"name", "evaluatrice"},
                            {"password", "un mot de passe solide"},
                            {"next", "//evil.example/x"}});
  ASSERT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/campagnes");
  const auto cookie = r->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly; SameSite=Strict; Max-Age=43200"), std::string::npos);
  const auto session = cookie.substr(0, cookie.find(';'));
  Browser in;
  in.cookie = session + "; " + b.cookie;
  r = in.get("/campagnes");
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  EXPECT_NE(r->body.find("<b>evaluatrice</b>"), std::string::npos);
  EXPECT_NE(r->body.find(R"(id="campaigns")"), std::string::npos);
  EXPECT_NE(r->body.find(">Test</a>"), std::string::npos);
  EXPECT_NE(r->body.find(">Shut</a>"), std::string::npos);
  EXPECT_NE(r->body.find("/api/v1/answers/t_forms?campagne=Test&amp;format=csv"), std::string::npos);
  // The answers through the API, signed in only: JSON; a ZIP of CSVs that reads back as
  // ODK Central's ZIP to the stored submissions; XLSX.
  httplib::Client api("127.0.0.1", s_port);
  const auto anonymous = api.Get("/api/v1/answers/t_forms");
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_NE(anonymous->body.find("connexion"), std::string::npos);
  const httplib::Headers h{{"Cookie", session}};
  {  // an answer with a repeat instance, whatever the other tests stored
    store::Store st(s_dir->path() / "forms.db");
    const auto form = collect::load_instrument(st, "t_forms", std::nullopt);
    collect::Submission s;
    s.instance_id = "uuid:api-export-1";
    s.submitted_at = "2026-12-07";
    s.data.values = {{"ws_name", "Atelier Z"}, {"staff", "2"}, {"has_firms", "yes"}, {"services", "proto"},
                     {"firm_size", "small"}};
    collect::Record firm;
    firm.values = {{"firm", "Menuiserie"}};
    s.data.repeats["firms"] = {firm};
    collect::save_submissions(st, form->first, {s}, "test", false);
  }
  const auto now = stored();
  ASSERT_FALSE(now.empty());
  const auto j = api.Get("/api/v1/answers/t_forms", h);
  ASSERT_EQ(j->status, 200);
  EXPECT_EQ(j->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(nlohmann::json::parse(j->body).size(), now.size());
  const auto z = api.Get("/api/v1/answers/t_forms?format=csv", h);
  ASSERT_EQ(z->status, 200);
  EXPECT_EQ(z->get_header_value("Content-Type"), "application/zip");
  {
    store::Store st(s_dir->path() / "forms.db");
    const auto ins = collect::load_instrument(st, "t_forms", std::nullopt)->second;
    auto zipped = collect::answers_from_zip(ins, z->body, "t_forms.zip");
    EXPECT_EQ(zipped.repeats.count("firms"), 1U);
    collect::AnswerImportOptions o;
    o.today = "2026-12-07";
    o.repeats = zipped.repeats;
    const auto back = collect::read_answers(ins, zipped.main, o);
    ASSERT_EQ(back.submissions.size(), now.size());
    for (std::size_t i = 0; i < now.size(); ++i) {
      EXPECT_EQ(back.submissions[i].instance_id, now[i].submission.instance_id);
      EXPECT_EQ(collect::record_json(back.submissions[i].data), collect::record_json(now[i].submission.data));
    }
  }
  const auto x = api.Get("/api/v1/answers/t_forms?format=xlsx&libelles=1", h);
  ASSERT_EQ(x->status, 200);
  EXPECT_EQ(x->body.substr(0, 2), "PK");
  EXPECT_EQ(api.Get("/api/v1/answers/nope", h)->status, 404);
  EXPECT_EQ(api.Get("/api/v1/answers/t_forms?format=pdf", h)->status, 400);
  // Signed out: the session no longer opens the page.
  r = in.post("/deconnexion", {{"_csrf", b.csrf()}});
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(in.get("/campagnes")->status, 302);
}

// Scripts read the answers with an API token (Authorization: Bearer), never a page; a token
// ends at its expiry, when revoked and with its account.
TEST_F(Forms, ScriptsReadAnswersWithAnApiToken) {
  std::string token, gone, expired;
  std::int64_t revoked_id = 0;
  {
    store::Store st(s_dir->path() / "forms.db");
    // Refused: an unknown account, a validity outside 1..366 days, a label over two lines.
    EXPECT_THROW(auth::create_token(st, "personne", "", 30), Error);
    EXPECT_THROW(auth::create_token(st, "evaluatrice", "", 0), Error);
    EXPECT_THROW(auth::create_token(st, "evaluatrice", "", 367), Error);
    EXPECT_THROW(auth::create_token(st, "evaluatrice", "a\nb", 30), Error);
    token = auth::create_token(st, "evaluatrice", "script R de l'observatoire", 30);
    EXPECT_TRUE(token.starts_with("fsk_"));
    EXPECT_EQ(token.size(), 4U + 43U);  // 256 bits in URL-safe base64
    EXPECT_EQ(auth::token_account(st, token), "evaluatrice");
    expired = auth::create_token(st, "evaluatrice", "ancien", 1);
    st.db().exec("UPDATE api_token SET expires_at = '2020-01-01T00:00:00Z' WHERE label = 'ancien'");
    auth::add_account(st, "scripteur", "un mot de passe de script");
    gone = auth::create_token(st, "scripteur", "", 5);
    const auto listed = auth::tokens(st, "evaluatrice");
    ASSERT_EQ(listed.size(), 2U);
    EXPECT_EQ(listed[0].label, "ancien");
    EXPECT_TRUE(listed[0].expired);
    EXPECT_EQ(listed[1].label, "script R de l'observatoire");
    EXPECT_FALSE(listed[1].expired);
    revoked_id = listed[1].id;
    // The store keeps a hash, never the token.
    SQLite::Statement q(st.db(), "SELECT count(*) FROM api_token WHERE token_sha256 = ?");
    q.bind(1, token);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getInt(), 0);
  }
  httplib::Client api("127.0.0.1", s_port);
  const auto bearer = [](const std::string& t) { return httplib::Headers{{"Authorization", "Bearer " + t}}; };
  const auto j = api.Get("/api/v1/answers/t_forms", bearer(token));
  ASSERT_EQ(j->status, 200);
  EXPECT_EQ(j->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(nlohmann::json::parse(j->body).size(), stored().size());
  // The scheme is case-insensitive (RFC 6750).
  EXPECT_EQ(api.Get("/api/v1/answers/t_forms?format=csv", httplib::Headers{{"Authorization", "bearer " + token}})->status,
            200);
  // A wrong, expired or malformed token: 401 with its reason and the scheme to use.
  for (const auto& bad : {std::string("fsk_") + std::string(43, 'A'), expired, std::string("x")}) {
    const auto r = api.Get("/api/v1/answers/t_forms", bearer(bad));
    ASSERT_EQ(r->status, 401) << bad;
    EXPECT_EQ(r->get_header_value("WWW-Authenticate"), R"(Bearer realm="fabscope")");
    const auto e = nlohmann::json::parse(r->body);
    EXPECT_EQ(e["code"], "unauthorized");
    EXPECT_EQ(e["message"], "Jeton d'API inconnu, expiré ou révoqué (fabscope user tokens les liste).");
  }
  // Another scheme is no token: the session is asked for.
  EXPECT_EQ(api.Get("/api/v1/answers/t_forms", httplib::Headers{{"Authorization", "Basic " + token}})->status, 401);
  // A token opens no page: the pages want a session.
  EXPECT_EQ(api.Get("/campagnes", bearer(token))->status, 302);
  EXPECT_EQ(api.Get("/codage/matrice.csv", bearer(token))->status, 302);
  EXPECT_EQ(api.Get("/api/v1/answers/t_forms", bearer(gone))->status, 200);
  {
    store::Store st(s_dir->path() / "forms.db");
    EXPECT_TRUE(auth::revoke_token(st, revoked_id));
    EXPECT_FALSE(auth::revoke_token(st, revoked_id));
    EXPECT_TRUE(auth::remove_account(st, "scripteur"));
    EXPECT_TRUE(auth::tokens(st, "scripteur").empty());
  }
  EXPECT_EQ(api.Get("/api/v1/answers/t_forms", bearer(token))->status, 401);
  EXPECT_EQ(api.Get("/api/v1/answers/t_forms", bearer(gone))->status, 401);
  // The OpenAPI document says how to authenticate.
  const auto doc = nlohmann::json::parse(api.Get("/api/v1/openapi.json")->body);
  EXPECT_EQ(doc["components"]["securitySchemes"]["apiToken"]["scheme"], "bearer");
  EXPECT_EQ(doc["components"]["securitySchemes"]["session"]["name"], "fs_session");
  const auto& op = doc["paths"]["/api/v1/answers/{form_id}"]["get"];
  EXPECT_EQ(op["security"].size(), 2U);
  EXPECT_TRUE(op["responses"].contains("401"));
  EXPECT_FALSE(doc["paths"]["/api/v1/health"]["get"]["responses"].contains("401"));
}

// An evaluator makes and revokes their own API tokens on /compte; another account's token
// cannot be revoked from there.
TEST_F(Forms, EvaluatorsManageTheirTokensOnTheirPage) {
  httplib::Client c("127.0.0.1", s_port);
  EXPECT_EQ(c.Get("/compte")->status, 302);
  const auto [cookie, csrf] = sign_in(s_dir->path() / "forms.db", s_port, "codeur2", "un autre mot de passe");
  const httplib::Headers h{{"Cookie", cookie}};
  auto page = c.Get("/compte", h);
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-store");
  EXPECT_NE(page->body.find(R"(id="no-tokens")"), std::string::npos);
  EXPECT_EQ(c.Post("/compte", h, httplib::Params{{"action", "create"}, {"days", "30"}})->status, 403);  // no CSRF
  // A wrong validity: 422 beside the form, what was typed kept (escaped), nothing made.
  auto bad = c.Post("/compte", h, httplib::Params{{"_csrf", csrf}, {"action", "create"}, {"label", "<i>R</i>"}, {"days", "400"}});
  ASSERT_EQ(bad->status, 422);
  EXPECT_NE(bad->body.find("durée : de 1 à 366 jours"), std::string::npos);
  EXPECT_NE(bad->body.find(R"(value="&lt;i&gt;R&lt;/i&gt;")"), std::string::npos);
  EXPECT_NE(bad->body.find(R"(value="400")"), std::string::npos);
  // Made: shown once, with a curl line; it reads the API.
  auto made = c.Post("/compte", h, httplib::Params{{"_csrf", csrf}, {"action", "create"}, {"label", "script R"}, {"days", "7"}});
  ASSERT_EQ(made->status, 200);
  EXPECT_EQ(made->get_header_value("Cache-Control"), "no-store");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(made->body, m, std::regex(R"re(id="f-token" class="token" readonly value="(fsk_[A-Za-z0-9_-]{43})")re")));
  const std::string token = m[1];
  EXPECT_NE(made->body.find(fmt::format(R"(curl -H "Authorization: Bearer {}" http://127.0.0.1:{}/api/v1/answers/)", token, s_port)),
            std::string::npos);
  EXPECT_EQ(c.Get("/api/v1/answers/t_forms", httplib::Headers{{"Authorization", "Bearer " + token}})->status, 200);
  // Listed without its value; the page shown again does not show it.
  page = c.Get("/compte", h);
  EXPECT_NE(page->body.find("<td>script R</td>"), std::string::npos);
  EXPECT_EQ(page->body.find(token), std::string::npos);
  std::int64_t mine = 0, theirs = 0;
  {
    store::Store st(s_dir->path() / "forms.db");
    mine = auth::tokens(st, "codeur2").at(0).id;
    auth::create_token(st, "evaluatrice", "autre", 7);
    theirs = auth::tokens(st, "evaluatrice").at(0).id;
  }
  EXPECT_EQ(page->body.find("autre"), std::string::npos);  // another account's tokens are not listed
  EXPECT_EQ(c.Post("/compte", h, httplib::Params{{"_csrf", csrf}, {"action", "revoke"}, {"id", std::to_string(theirs)}})->status,
            404);
  auto revoked = c.Post("/compte", h, httplib::Params{{"_csrf", csrf}, {"action", "revoke"}, {"id", std::to_string(mine)}});
  EXPECT_EQ(revoked->status, 303);
  EXPECT_EQ(c.Get("/api/v1/answers/t_forms", httplib::Headers{{"Authorization", "Bearer " + token}})->status, 401);
  store::Store st(s_dir->path() / "forms.db");
  EXPECT_TRUE(auth::tokens(st, "codeur2").empty());
  EXPECT_EQ(auth::tokens(st, "evaluatrice").at(0).id, theirs);
}

// A repeat inside a repeat on the web: its instances added and removed inside each firm,
// its errors beside their field, the review and the submission with every level.
// (Last in the file: it stores an answer, which the tests above count.)
TEST_F(Forms, NestedRepeatsOnTheWeb) {
  Browser b;
  ASSERT_TRUE(b.get(url(7)));
  auto r = b.post(url(7), {{"_csrf", b.csrf()},
                           {"_page", "0"},
                           {"_action", "next"},
                           {"ws_name", "Atelier N"},
                           {"staff", "1"},
                           {"has_firms", "yes"}});
  ASSERT_EQ(r->status, 303);
  r = b.post(url(7), {{"_csrf", b.csrf()}, {"_page", "1"}, {"_action", "next"}, {"services", "proto"}});
  ASSERT_EQ(r->status, 303);
  r = b.get(url(7) + "?p=3");
  EXPECT_NE(r->body.find(R"(name="firms.0.projects.0.amount")"), std::string::npos);
  EXPECT_NE(r->body.find(R"(name="_count.firms.0.projects" value="1")"), std::string::npos);
  EXPECT_NE(r->body.find(R"(value="add:firms.0.projects")"), std::string::npos);
  // A second project in the first firm.
  r = b.post(url(7), {{"_csrf", b.csrf()},
                      {"_page", "2"},
                      {"_action", "add:firms.0.projects"},
                      {"_count", "1"},
                      {"firms.0.firm", "Menuiserie N"},
                      {"_count.firms.0.projects", "1"},
                      {"firms.0.projects.0.amount", "12.5"}});
  ASSERT_EQ(r->status, 303);
  r = b.get(url(7) + "?p=3");
  EXPECT_NE(r->body.find(R"(name="firms.0.projects.1.amount")"), std::string::npos);
  EXPECT_NE(r->body.find(R"(value="12.5")"), std::string::npos);
  // A constraint broken in the nested instance: said beside it, what was typed kept.
  r = b.post(url(7), {{"_csrf", b.csrf()},
                      {"_page", "2"},
                      {"_action", "next"},
                      {"_count", "1"},
                      {"firms.0.firm", "Menuiserie N"},
                      {"_count.firms.0.projects", "2"},
                      {"firms.0.projects.0.amount", "12.5"},
                      {"firms.0.projects.1.amount", "-3"}});
  ASSERT_EQ(r->status, 422);
  EXPECT_NE(r->body.find(R"(id="e-firms.0.projects.1.amount")"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("Un montant positif"), std::string::npos);
  EXPECT_NE(r->body.find(R"(value="-3")"), std::string::npos);
  // Removed, then the page passes; the review lists the nested answer.
  r = b.post(url(7), {{"_csrf", b.csrf()},
                      {"_page", "2"},
                      {"_action", "remove:firms.0.projects.1"},
                      {"_count", "1"},
                      {"firms.0.firm", "Menuiserie N"},
                      {"_count.firms.0.projects", "2"},
                      {"firms.0.projects.0.amount", "12.5"},
                      {"firms.0.projects.1.amount", "-3"}});
  ASSERT_EQ(r->status, 303);
  r = b.post(url(7), {{"_csrf", b.csrf()},
                      {"_page", "2"},
                      {"_action", "next"},
                      {"_count", "1"},
                      {"firms.0.firm", "Menuiserie N"},
                      {"_count.firms.0.projects", "1"},
                      {"firms.0.projects.0.amount", "12.5"}});
  ASSERT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), url(7) + "/relire");
  r = b.get(url(7) + "/relire");
  EXPECT_NE(r->body.find("<th scope=\"row\">Montant (k€)</th><td>12.5"), std::string::npos) << r->body;
  r = b.post(url(7) + "/envoyer", {{"_csrf", b.csrf()}});
  ASSERT_EQ(r->status, 303);
  bool found = false;
  for (const auto& s : stored()) {
    if (s.submission.data.value("ws_name") != "Atelier N") continue;
    found = true;
    const auto& firms = s.submission.data.repeats.at("firms");
    ASSERT_EQ(firms.size(), 1U);
    ASSERT_EQ(firms[0].repeats.at("projects").size(), 1U);
    EXPECT_EQ(firms[0].repeats.at("projects")[0].value("amount"), "12.5");
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace fabscope
