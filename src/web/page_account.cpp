// An evaluator's own account (docs/web.md, "Evaluators"): /compte lists the signed-in
// account's API tokens (never their value), makes one (shown once, on the answer to the
// POST) and revokes one of its own. Accounts themselves are made from the CLI.
#include <fmt/format.h>

#include "auth/accounts.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "store/store.hpp"
#include "web/page_parts.hpp"

namespace fabscope::web {
namespace {

struct Typed {
  std::string label, days = "90", error;
};

std::string tokens_table(const PageRequest& r, store::Store& st, const std::string& account, const std::string& csrf) {
  const auto list = auth::tokens(st, account);
  if (list.empty()) return fmt::format(R"(<p id="no-tokens">{}</p>)", esc(tr(r.lang, "account.no_tokens")));
  std::string rows;
  for (const auto& t : list) {
    rows += fmt::format(
        R"(<tr id="token-{id}"><td>{label}</td><td>{created}</td><td>{expires}</td><td><form class="inline" method="post" action="{action}"><input type="hidden" name="_csrf" value="{csrf}"><input type="hidden" name="action" value="revoke"><input type="hidden" name="id" value="{id}"><button type="submit" class="secondary" aria-label="{revoke_label}">{revoke}</button></form></td></tr>)",
        fmt::arg("id", t.id), fmt::arg("label", esc(t.label.empty() ? "—" : t.label)),
        fmt::arg("created", esc(t.created_at.substr(0, 10))),
        fmt::arg("expires", esc(t.expired ? t.expires_at.substr(0, 10) + " (" + tr(r.lang, "account.expired") + ")"
                                          : t.expires_at.substr(0, 10))),
        fmt::arg("action", esc(href(r.lang, "/compte"))), fmt::arg("csrf", esc(csrf)),
        fmt::arg("revoke", esc(tr(r.lang, "account.revoke"))),
        fmt::arg("revoke_label",
                 esc(fmt::format("{} {}", tr(r.lang, "account.revoke"), t.label.empty() ? std::to_string(t.id) : t.label))));
  }
  return fmt::format(
      R"(<table id="tokens"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col"><span class="visually-hidden">{}</span></th></tr></thead><tbody>{}</tbody></table>)",
      esc(tr(r.lang, "account.label")), esc(tr(r.lang, "account.created")), esc(tr(r.lang, "account.expires")),
      esc(tr(r.lang, "account.revoke")), rows);
}

Reply account_reply(const PageRequest& r, store::Store& st, const std::string& account, const Typed& typed,
                    const std::string& new_token, int status) {
  Reply reply;
  reply.status = status;
  no_store(reply);
  const auto csrf = csrf_token(r, reply, kEvaluatorCsrf, "/");
  std::string body = fmt::format(R"(<p class="account">{} <b>{}</b> · <a href="{}">{}</a></p>)",
                                 esc(tr(r.lang, "campaigns.signed_in")), esc(account), esc(href(r.lang, "/campagnes")),
                                 esc(tr(r.lang, "campaigns.title")));
  if (!new_token.empty()) {
    body += fmt::format(
        R"(<section id="new-token" class="notice" role="status"><h2>{}</h2><p><label for="f-token">{}</label></p><p><input id="f-token" class="token" readonly value="{}" size="60"></p><pre><code>curl -H "Authorization: Bearer {}" {}</code></pre></section>)",
        esc(tr(r.lang, "account.made")), esc(tr(r.lang, "account.once")), esc(new_token), esc(new_token),
        esc(r.base_url + "/api/v1/answers/fabscope_gestionnaire?format=csv"));
  }
  body += fmt::format(R"(<h2>{}</h2><p class="muted">{}</p>)", esc(tr(r.lang, "account.tokens")),
                      esc(tr(r.lang, "account.intro")));
  body += tokens_table(r, st, account, csrf);
  body += fmt::format(
      R"(<section id="make-token"><h2>{}</h2>{}<form method="post" action="{}"><input type="hidden" name="_csrf" value="{}"><input type="hidden" name="action" value="create"><div class="question"><label for="f-label">{}</label><input id="f-label" name="label" maxlength="100" value="{}"></div><div class="question"><label for="f-days">{}</label><input id="f-days" name="days" type="number" inputmode="numeric" min="1" max="{}" value="{}"{}></div><div class="form-nav"><button type="submit">{}</button></div></form></section>)",
      esc(tr(r.lang, "account.make")),
      typed.error.empty()
          ? std::string()
          : fmt::format(R"(<div class="error-summary" role="alert" id="token-error"><p>{}</p></div>)", esc(typed.error)),
      esc(href(r.lang, "/compte")), esc(csrf), esc(tr(r.lang, "account.label")), esc(typed.label),
      esc(tr(r.lang, "account.days")), auth::kMaxTokenDays, esc(typed.days),
      typed.error.empty() ? "" : R"( aria-describedby="token-error" aria-invalid="true")",
      esc(tr(r.lang, "account.make_submit")));
  reply.body = layout(r, tr(r.lang, "account.title"), body);
  return reply;
}

}  // namespace

Reply account_page(const PageRequest& r) {
  store::Store st(r.store_path);
  const auto account = require_account(r, st);
  if (r.method != "POST") return account_reply(r, st, account, {}, "", 200);
  if (!csrf_ok(r, kEvaluatorCsrf)) throw PageError(403, tr(r.lang, "form.csrf"));
  if (!rate_allow("account:" + r.client, 30)) throw PageError(429, tr(r.lang, "form.too_fast"));
  if (r.field("action") == "revoke") {
    const auto id = text::parse_int(r.field("id"));
    // Another account's token is not found from here.
    if (!id || !auth::revoke_token(st, *id, account)) throw PageError(404, tr(r.lang, "account.no_such_token"));
    Reply reply;
    reply.status = 303;
    no_store(reply);
    reply.location = href(r.lang, "/compte");
    return reply;
  }
  Typed typed{r.field("label"), r.field("days"), {}};
  const auto days = text::parse_int(text::trim(typed.days));
  try {
    if (!days || *days < 1 || *days > auth::kMaxTokenDays) {
      throw Error(ExitCode::usage, fmt::format("days: 1 to {}", auth::kMaxTokenDays),
                  fmt::format("durée : de 1 à {} jours", auth::kMaxTokenDays));
    }
    const auto token = auth::create_token(st, account, std::string(text::trim(typed.label)), static_cast<int>(*days));
    return account_reply(r, st, account, {}, token, 200);
  } catch (const Error& e) {
    typed.error = e.message(r.lang);
  }
  return account_reply(r, st, account, typed, "", 422);
}

}  // namespace fabscope::web
