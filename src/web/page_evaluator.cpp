// Evaluator pages behind authentication (docs/web.md, "Evaluators"): /connexion (sign in),
// /deconnexion, /campagnes (response rates by campaign, role, département and kind; the
// latest answers with their provenance). Accounts are created from the CLI (`fabscope user
// add`); a session is a 12-hour HttpOnly, SameSite=Strict cookie whose token the store keeps
// hashed. Sign-in is rate limited per address and per account name; every form carries a
// CSRF token.
#include <fmt/format.h>

#include <algorithm>

#include "auth/accounts.hpp"
#include "collect/answers_store.hpp"
#include "collect/campaign.hpp"
#include "collect/repository.hpp"
#include "io/archive.hpp"
#include "core/error.hpp"
#include "store/store.hpp"
#include "web/page_parts.hpp"

namespace fabscope::web {
namespace {

// Where to go after signing in: a path of this site only ("/campagnes", not "//evil" nor "http:").
std::string safe_next(const std::string& next) {
  if (next.empty() || next.front() != '/' || next.starts_with("//") || next.find('\\') != std::string::npos) {
    return "/campagnes";
  }
  return next;
}

Reply login_form(const PageRequest& r, const std::string& next, const std::string& error, int status) {
  Reply reply;
  reply.status = status;
  no_store(reply);
  const auto csrf = csrf_token(r, reply, kEvaluatorCsrf, "/");
  const auto body = fmt::format(
      R"(<div class="form-page" id="login">{}<form method="post" action="{}"><input type="hidden" name="_csrf" value="{}"><input type="hidden" name="next" value="{}"><div class="question"><label for="f-name">{}</label><input type="text" id="f-name" name="name" autocomplete="username" required></div><div class="question"><label for="f-password">{}</label><input type="password" id="f-password" name="password" autocomplete="current-password" required></div><div class="form-nav"><button type="submit">{}</button></div></form><p class="hint">{}</p></div>)",
      error.empty() ? "" : fmt::format(R"(<div class="error-summary" role="alert"><p>{}</p></div>)", esc(error)),
      esc(href(r.lang, "/connexion")), esc(csrf), esc(next), esc(tr(r.lang, "login.name")),
      esc(tr(r.lang, "login.password")), esc(tr(r.lang, "login.submit")), esc(tr(r.lang, "login.hint")));
  reply.body = layout(r, tr(r.lang, "login.title"), body);
  return reply;
}

}  // namespace

std::string require_account(const PageRequest& r, store::Store& st) {
  const auto it = r.cookies.find(kSession);
  if (it != r.cookies.end()) {
    if (auto name = auth::session_account(st, it->second)) return *name;
  }
  throw PageRedirect{href(r.lang, "/connexion", {{"suite", r.path}})};
}

Reply answers_api(const PageRequest& r) {
  store::Store st(r.store_path);
  // An API token when one is sent (a wrong one is refused even with a session), else the
  // browser's session.
  const auto it = r.cookies.find(kSession);
  const bool allowed = !r.bearer.empty()         ? auth::token_account(st, r.bearer).has_value()
                       : it != r.cookies.end() ? auth::session_account(st, it->second).has_value()
                                               : false;
  if (!allowed) throw PageError(401, tr(r.lang, r.bearer.empty() ? "answers_api.sign_in" : "answers_api.bad_token"));
  if (!rate_allow("export:" + r.client, 60)) throw PageError(429, tr(r.lang, "form.too_fast"));
  const auto& form_id = r.captures.at(1);
  const auto version = r.param("version");
  const auto v = version.empty() ? std::nullopt : text::parse_int(version);
  if (!version.empty() && !v) throw PageError(400, fmt::format("version: '{}' is not a number", version));
  const auto loaded = collect::load_instrument(st, form_id, v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt);
  if (!loaded) throw PageError(404, fmt::format("{} ({})", tr(r.lang, "answers_api.unknown_form"), form_id));
  const auto& ins = loaded->second;
  std::int64_t campaign_id = 0;
  if (const auto name = r.param("campagne"); !name.empty()) {
    const auto c = collect::find_campaign(st, name);
    if (!c || c->form_id != form_id) throw PageError(404, fmt::format("no campaign « {} » of {}", name, form_id));
    campaign_id = c->id;
  }
  const auto subs = collect::load_submissions(st, form_id, campaign_id);
  collect::ExportOptions options;
  options.labels = r.param("libelles") == "1";
  options.lang = ins.language_for(r.lang);
  Reply reply;
  no_store(reply);
  const auto format = r.param("format", "json");
  if (format == "json") {
    reply.content_type = "application/json";
    reply.body = collect::answers_json(ins, subs, options);
    return reply;
  }
  const auto tables = collect::answer_tables(ins, subs, options);
  if (format == "csv") {
    // ODK Central's layout: FORM.csv and FORM-REPEAT.csv, read back by `answers import FORM x.zip`.
    std::vector<std::pair<std::string, std::string>> entries;
    entries.reserve(tables.size());
    for (const auto& t : tables) entries.emplace_back(t.name + ".csv", collect::answer_table_csv(t));
    reply.content_type = "application/zip";
    reply.body = io::zip_bytes(entries);
    reply.filename = form_id + ".zip";
    return reply;
  }
  if (format != "xlsx") throw PageError(400, fmt::format("format: '{}' (json, csv or xlsx)", format));
  std::vector<Table> sheets;
  for (const auto& t : tables) {
    Table s;
    s.sheet = (t.repeat.empty() ? t.name : t.repeat).substr(0, 31);
    s.columns = t.header;
    for (const auto& row : t.rows) {
      auto& cells = s.rows.emplace_back();
      for (const auto& value : row) cells.push_back(text_cell(value));
    }
    sheets.push_back(std::move(s));
  }
  reply.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  reply.body = to_xlsx(sheets);
  reply.filename = form_id + ".xlsx";
  return reply;
}

Reply login_page(const PageRequest& r) {
  if (r.method != "POST") return login_form(r, safe_next(r.param("suite")), "", 200);
  if (!csrf_ok(r, kEvaluatorCsrf)) throw PageError(403, tr(r.lang, "form.csrf"));
  const auto name = r.field("name");
  if (!rate_allow("login-addr:" + r.client, 20) || !rate_allow("login-name:" + name.substr(0, 64), 10)) {
    throw PageError(429, tr(r.lang, "form.too_fast"));
  }
  store::Store st(r.store_path);
  const auto token = auth::login(st, name, r.field("password"));
  if (!token) return login_form(r, safe_next(r.field("next")), tr(r.lang, "login.failed"), 401);
  Reply reply;
  reply.status = 303;
  no_store(reply);
  reply.location = safe_next(r.field("next"));
  reply.headers.emplace_back("Set-Cookie",
                             fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200", kSession, *token));
  return reply;
}

Reply logout_page(const PageRequest& r) {
  if (!csrf_ok(r, kEvaluatorCsrf)) throw PageError(403, tr(r.lang, "form.csrf"));
  if (const auto it = r.cookies.find(kSession); it != r.cookies.end()) {
    store::Store st(r.store_path);
    auth::logout(st, it->second);
  }
  Reply reply;
  reply.status = 303;
  no_store(reply);
  reply.location = href(r.lang, "/");
  reply.headers.emplace_back("Set-Cookie", fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", kSession));
  return reply;
}

Reply campaigns_page(const PageRequest& r) {
  store::Store st(r.store_path);
  const auto account = require_account(r, st);
  Reply reply;
  no_store(reply);
  const auto csrf = csrf_token(r, reply, kEvaluatorCsrf, "/");
  std::string body = fmt::format(
      R"(<p class="account">{} <b>{}</b> — <form class="inline" method="post" action="{}"><input type="hidden" name="_csrf" value="{}"><button type="submit" class="secondary">{}</button></form></p>)",
      esc(tr(r.lang, "campaigns.signed_in")), esc(account), esc(href(r.lang, "/deconnexion")), esc(csrf),
      esc(tr(r.lang, "campaigns.logout")));
  body += fmt::format(R"(<p><a id="coding-link" href="{}">{}</a> · <a id="account-link" href="{}">{}</a></p>)",
                      esc(href(r.lang, "/codage")), esc(tr(r.lang, "coding.page_title")),
                      esc(href(r.lang, "/compte")), esc(tr(r.lang, "campaigns.account")));
  const auto all = collect::list_campaigns(st);
  if (all.empty()) body += fmt::format("<p>{}</p>", esc(tr(r.lang, "campaigns.none")));
  std::string summary, sections;
  for (const auto& c : all) {
    std::size_t invited = 0, started = 0, submitted = 0, revoked = 0;
    std::string rows;
    for (const auto& s : collect::campaign_status(st, c)) {
      invited += s.invited;
      started += s.started;
      submitted += s.submitted;
      revoked += s.revoked;
      const auto live = s.invited - s.revoked;
      rows += fmt::format(
          R"(<tr><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>)",
          esc(tr(r.lang, "campaigns.role_" + s.role)), esc(s.departement.empty() ? "—" : s.departement),
          esc(s.kind.empty() ? "—" : s.kind), s.invited, s.started, s.submitted,
          live == 0 ? "—"
                    : text::percent(r.lang, 100.0 * static_cast<double>(s.submitted) / static_cast<double>(live), 0));
    }
    const auto live = invited - revoked;
    const auto rate =
        live == 0 ? std::string("—")
                  : text::percent(r.lang, 100.0 * static_cast<double>(submitted) / static_cast<double>(live), 0);
    summary += fmt::format(
        R"(<tr><th scope="row"><a href="#c{}">{}</a>{}</th><td>{} v{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>)",
        c.id, esc(c.name),
        c.fictitious ? fmt::format(R"( <span class="badge fictitious">{}</span>)",
                                   esc(tr(r.lang, "workshop.answers_fictitious")))
                     : "",
        esc(c.form_id), c.version,
        esc(!c.closed_at.empty() ? tr(r.lang, "campaigns.closed") : tr(r.lang, "campaigns.open")), live, started,
        submitted, rate);
    // The latest answers with their provenance.
    SQLite::Statement q(st.db(),
                        "SELECT s.instance_id, s.workshop_id, s.origin, s.received_at, s.source FROM submission s JOIN "
                        "invitation i ON i.id = s.invitation_id WHERE i.campaign_id = ? ORDER BY s.id DESC LIMIT 50");
    q.bind(1, c.id);
    std::string answers;
    while (q.executeStep()) {
      const auto workshop = q.getColumn(1).getString();
      answers += fmt::format(
          R"(<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>)", esc(q.getColumn(3).getString()),
          workshop.empty() ? "—"
                           : fmt::format(R"(<a href="{}">{}</a>)",
                                         esc(href(r.lang, "/ateliers/" + url_encode(workshop))), esc(workshop)),
          esc(tr(r.lang, "workshop.answers_origin_" + q.getColumn(2).getString())), esc(q.getColumn(4).getString()),
          esc(q.getColumn(0).getString()));
    }
    std::string exports;
    for (const auto* format : {"csv", "xlsx", "json"}) {
      exports += fmt::format(
          R"(<a href="{}">{}</a> )",
          esc(href(r.lang, "/api/v1/answers/" + url_encode(c.form_id), {{"format", format}, {"campagne", c.name}})),
          esc(tr(r.lang, std::string("campaigns.export_") + format)));
    }
    sections += fmt::format(
        R"(<section class="campaign" id="c{}"><h2>{}</h2><p class="downloads">{}</p><table class="data"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table><details><summary>{}</summary><table class="data"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table></details></section>)",
        c.id, esc(c.name), exports, esc(tr(r.lang, "campaigns.role")), esc(tr(r.lang, "campaigns.dep")),
        esc(tr(r.lang, "campaigns.kind")), esc(tr(r.lang, "campaigns.invited")), esc(tr(r.lang, "campaigns.started")),
        esc(tr(r.lang, "campaigns.submitted")), esc(tr(r.lang, "campaigns.rate")), rows,
        esc(tr(r.lang, "campaigns.latest")), esc(tr(r.lang, "campaigns.received")),
        esc(tr(r.lang, "campaigns.workshop")), esc(tr(r.lang, "campaigns.origin")), esc(tr(r.lang, "campaigns.source")),
        esc(tr(r.lang, "campaigns.instance")), answers);
  }
  if (!summary.empty()) {
    body += fmt::format(
        R"(<table class="data" id="campaigns"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table><p class="hint">{}</p>)",
        esc(tr(r.lang, "campaigns.name")), esc(tr(r.lang, "campaigns.form")), esc(tr(r.lang, "campaigns.state")),
        esc(tr(r.lang, "campaigns.live")), esc(tr(r.lang, "campaigns.started")), esc(tr(r.lang, "campaigns.submitted")),
        esc(tr(r.lang, "campaigns.rate")), summary, esc(tr(r.lang, "campaigns.cli")));
  }
  body += sections;
  reply.body = layout(r, tr(r.lang, "campaigns.title"), body);
  return reply;
}

}  // namespace fabscope::web
