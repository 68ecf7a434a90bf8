// Questionnaires answered through a campaign's secret link (docs/collect/campaigns.md):
// one page per top-level group (the questions outside groups share pages of their own),
// usable without JavaScript. Each "next" checks the page (values, required, constraints,
// with the form's messages beside the fields, what was typed kept) and saves the draft, so
// the person can stop and come back with the same link; a review page lists every answer
// before the final submission, which is checked as a whole and written once.
//
// Security: the link's token is the only key (stored hashed; unknown, revoked, expired or
// closed links answer 404 or 410 and reveal nothing); every POST carries a CSRF token that
// must match a SameSite=Strict cookie; POSTs are rate limited per link and per address;
// pages are never cached and send no Referer.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <chrono>
#include <mutex>
#include <set>
#include <unordered_map>

#include "collect/answers.hpp"
#include "collect/campaign.hpp"
#include "collect/repository.hpp"
#include "core/error.hpp"
#include "expr/xpath.hpp"
#include "store/store.hpp"
#include "web/page_parts.hpp"

namespace fabscope::web {
namespace {

using collect::Item;
using collect::ItemKind;
using collect::Record;

// ---- instruments, parsed once per (form, version) --------------------------------------

std::shared_ptr<const collect::Instrument> instrument_of(store::Store& st, const collect::Campaign& c) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, int>, std::shared_ptr<const collect::Instrument>> cache;
  const std::lock_guard lock(mutex);
  const auto key = std::make_pair(c.form_id, c.version);
  if (const auto it = cache.find(key); it != cache.end()) return it->second;
  auto loaded = collect::load_instrument(st, c.form_id, c.version);
  if (!loaded) throw PageError(404, "questionnaire introuvable");
  if (cache.size() > 64) cache.clear();
  return cache[key] = std::make_shared<const collect::Instrument>(std::move(loaded->second));
}

// ---- the link ---------------------------------------------------------------------------

struct Context {
  std::unique_ptr<store::Store> store;
  collect::Link link;
  std::shared_ptr<const collect::Instrument> form;
  std::string lang;  // the form's language shown
  std::string token;
  std::string base;  // /q/{token}
};

Context open(const PageRequest& r, bool for_thanks = false) {
  Context cx;
  cx.token = r.captures.size() > 1 ? r.captures[1] : "";
  cx.store = std::make_unique<store::Store>(r.store_path);
  cx.link = collect::open_link(*cx.store, cx.token, store::now_iso8601());
  using collect::LinkState;
  switch (cx.link.state) {
    case LinkState::unknown:
      throw PageError(404, tr(r.lang, "form.link_unknown"));
    case LinkState::revoked:
      throw PageError(410, tr(r.lang, "form.link_revoked"));
    case LinkState::expired:
    case LinkState::closed:
      throw PageError(410, tr(r.lang, "form.link_closed"));
    case LinkState::submitted:
      if (!for_thanks)
        throw PageRedirect{"/q/" + url_encode(cx.token) + "/merci" + (r.lang == Lang::en ? "?lang=en" : "")};
      break;
    case LinkState::open:
      break;
  }
  cx.form = instrument_of(*cx.store, cx.link.campaign);
  cx.lang = cx.form->language_for(r.lang);
  cx.base = "/q/" + url_encode(cx.token);
  return cx;
}

std::string with_lang(const PageRequest& r, std::string url) {
  if (r.lang != Lang::en) return url;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "lang=en";
}

std::string csrf_token(const PageRequest& r, Reply& reply) { return web::csrf_token(r, reply, "fs_csrf", "/q/"); }

void check_post(const PageRequest& r, const Context& cx) {
  if (!csrf_ok(r, "fs_csrf")) throw PageError(403, tr(r.lang, "form.csrf"));
  if (!rate_allow("link:" + collect::token_digest(cx.token), 120) || !rate_allow("addr:" + r.client, 600)) {
    throw PageError(429, tr(r.lang, "form.too_fast"));
  }
}

void private_page(Reply& reply) {
  reply.cache_control = "no-store";
  reply.headers.emplace_back("Referrer-Policy", "no-referrer");
}

// The way to the forwarding page, for a manager's link whose campaign has a users campaign.
std::string forward_link(const PageRequest& r, const Context& cx) {
  if (!collect::forward_refusal(*cx.store, cx.link, r.lang).empty()) return "";
  return fmt::format(R"(<p class="forward" id="forward-link"><a href="{}">{}</a></p>)",
                     esc(with_lang(r, cx.base + "/usagers")), esc(tr(r.lang, "forward.link")));
}

// ---- pages of the form --------------------------------------------------------------------

struct FormPage {
  const Item* group = nullptr;  // the top-level group or repeat; null: questions outside groups
  std::vector<const Item*> items;
};

bool shown_type(const Item& q) {
  return q.type != "calculate" && q.type != "hidden" && !collect::is_metadata_type(q.type);
}

std::vector<FormPage> pages_of(const collect::Instrument& ins) {
  std::vector<FormPage> pages;
  FormPage loose;
  for (const auto& c : ins.root.children) {
    if (c.kind == ItemKind::question) {
      if (shown_type(c)) loose.items.push_back(&c);
      continue;
    }
    if (!loose.items.empty()) {
      pages.push_back(std::move(loose));
      loose = {};
    }
    pages.push_back({&c, {&c}});
  }
  if (!loose.items.empty()) pages.push_back(std::move(loose));
  return pages;
}

// Every question of a page, outside repeats (the repeat page's questions are per instance).
void questions_of(const Item& item, std::vector<const Item*>& out) {
  if (item.kind == ItemKind::question) {
    if (shown_type(item)) out.push_back(&item);
    return;
  }
  if (item.kind == ItemKind::repeat) return;
  for (const auto& c : item.children) questions_of(c, out);
}

// Whether `group` holds a repeat named `name` (through its groups, not inside repeats).
bool has_repeat(const Item& group, const std::string& name) {
  for (const auto& c : group.children) {
    if (c.kind == ItemKind::repeat && c.name == name) return true;
    if (c.kind == ItemKind::group && has_repeat(c, name)) return true;
  }
  return false;
}

// The field of a checker's path: "firms[2]/projects[1]/amount" → "firms.1.projects.0.amount".
std::string field_key(const std::string& path) {
  std::string out;
  std::size_t at = 0;
  while (at < path.size()) {
    const auto open_at = path.find('[', at);
    const auto close_at = open_at == std::string::npos ? std::string::npos : path.find(']', open_at);
    if (close_at == std::string::npos) return out + path.substr(at);
    const auto n = text::parse_int(path.substr(open_at + 1, close_at - open_at - 1)).value_or(1);
    out += fmt::format("{}.{}", path.substr(at, open_at - at), n - 1);
    at = close_at + 1;
    if (at < path.size() && path[at] == '/') {
      out += '.';
      ++at;
    }
  }
  return out;
}

const Item* repeat_of(const FormPage& p) {
  return p.group != nullptr && p.group->kind == ItemKind::repeat ? p.group : nullptr;
}

std::set<std::string> relevant_paths(const collect::Instrument& ins, Record record) {
  std::set<std::string> out;
  (void)collect::AnswerChecker(ins, store::now_iso8601().substr(0, 10)).check(record, &out);
  return out;
}

bool page_relevant(const FormPage& p, const std::set<std::string>& relevant) {
  if (p.group != nullptr) return relevant.contains(p.group->name);
  return std::any_of(p.items.begin(), p.items.end(), [&](const Item* q) { return relevant.contains(q->name); });
}

// A text of the form with ${name} replaced by the answer (labels may show earlier answers).
std::string fill(const std::string& text, const Record& rec) {
  std::string out;
  std::size_t at = 0;
  for (const auto& ref : collect::references(text)) {
    out += text.substr(at, ref.position - at) + rec.value(ref.name);
    at = ref.position + ref.length;
  }
  return out + text.substr(at);
}

// ---- rendering ------------------------------------------------------------------------------

struct Shown {
  Record record;                              // the draft with what was posted
  std::map<std::string, std::string> typed;   // field key → what was typed, when it could not be read
  std::map<std::string, std::string> errors;  // field key → message
};

Lang form_lang_of(const Context& cx) { return cx.lang.find("(en)") != std::string::npos ? Lang::en : Lang::fr; }

// Cascading choices (a choice_filter): the choices the earlier answers allow, read from the
// record shown (a repeat's instance) then the whole draft; nullopt when the question has no
// filter or none of the answers it reads is given yet (no script filters them as the
// person answers on the same page: every choice is offered, the check says if one does not fit).
std::optional<std::set<std::string>> cascading(const Context& cx, const Item& q, const Record& values,
                                               const Shown& shown) {
  const auto text = q.column("choice_filter");
  if (text.empty()) return std::nullopt;
  const auto lookup = [&](const std::string& name) -> expr::XValue {
    auto v = values.value(name);
    return v.empty() ? shown.record.value(name) : v;
  };
  bool answered = false;
  try {
    const auto filter = expr::XPath::parse_choice_filter(text);
    for (const auto& n : filter.names()) answered = answered || !std::get<std::string>(lookup(n)).empty();
  } catch (const expr::ParseError&) {
    return std::nullopt;
  }
  if (!answered) return std::nullopt;
  return collect::filtered_choices(*cx.form, q, lookup, store::now_iso8601().substr(0, 10));
}

std::string field_html(const Context& cx, const Item& q, const std::string& key, const Record& values,
                       const Shown& shown) {
  const auto& lang = cx.lang;
  const auto label = fill(q.text("label", lang), values);
  const auto hint = fill(q.text("hint", lang), values);
  const auto req = q.column("required");
  const bool required = req == "yes" || req == "true" || req == "TRUE" || req == "true()";
  const auto err = shown.errors.find(key);
  const auto typed = shown.typed.find(key);
  const auto value = typed != shown.typed.end() ? typed->second : values.value(q.name);
  std::string describedby;
  if (!hint.empty()) describedby += "h-" + key;
  if (err != shown.errors.end()) describedby += std::string(describedby.empty() ? "" : " ") + "e-" + key;
  const auto aria =
      fmt::format("{}{}", describedby.empty() ? "" : fmt::format(R"( aria-describedby="{}")", esc(describedby)),
                  err != shown.errors.end() ? R"( aria-invalid="true")" : "");
  const auto star = required ? R"( <abbr class="required" title="obligatoire">*</abbr>)" : "";
  const auto hint_html = hint.empty() ? "" : fmt::format(R"(<p class="hint" id="h-{}">{}</p>)", esc(key), esc(hint));
  const auto err_html = err == shown.errors.end() ? ""
                                                  : fmt::format(R"(<p class="error" id="e-{}" role="alert">{}</p>)",
                                                                esc(key), esc(err->second));
  if (q.type == "note") return fmt::format(R"(<p class="note">{}</p>)", esc(label.empty() ? hint : label));
  if (q.type == "select_one" || q.type == "select_multiple") {
    const bool multiple = q.type == "select_multiple";
    const auto* list = cx.form->list(q.list);
    std::set<std::string> chosen;
    for (const auto& t : text::split(value, ' ')) {
      if (!t.empty()) chosen.insert(std::string(t));
    }
    std::string options;
    const auto option = [&](const std::string& name, const std::string& text) {
      options += fmt::format(R"(<label class="choice"><input type="{}" name="{}" value="{}"{}> {}</label>)",
                             multiple ? "checkbox" : "radio", esc(key), esc(name),
                             chosen.contains(name) ? " checked" : "", esc(text));
    };
    std::string filter_note;
    if (list != nullptr) {
      const auto allowed = cascading(cx, q, values, shown);
      for (const auto& c : list->choices) {
        // A choice kept by the filter, or already chosen (what the person gave is kept; the check says why it does not fit).
        if (!allowed || allowed->contains(c.name) || chosen.contains(c.name)) {
          option(c.name, collect::choice_label(*cx.form, q, c.name, lang));
        }
      }
      if (allowed && allowed->empty()) {
        filter_note = fmt::format(R"(<p class="hint">{}</p>)", esc(tr(form_lang_of(cx), "form.filter_empty")));
      }
    }
    std::string other;
    if (q.or_other) {
      option("other", tr(cx.lang.find("(en)") != std::string::npos ? Lang::en : Lang::fr, "form.other"));
      const auto ot = shown.typed.find(key + "_other");
      other = fmt::format(
          R"(<label class="other" for="f-{0}_other">{1}</label><input type="text" id="f-{0}_other" name="{0}_other" value="{2}" maxlength="2000">)",
          esc(key), esc(tr(cx.lang.find("(en)") != std::string::npos ? Lang::en : Lang::fr, "form.other_specify")),
          esc(ot != shown.typed.end() ? ot->second : values.value(q.name + "_other")));
    }
    return fmt::format(
        R"(<fieldset class="question" id="q-{}"{}><legend>{}{}</legend>{}{}{}<div class="choices">{}</div>{}</fieldset>)",
        esc(key), aria, esc(label), star, hint_html, err_html, filter_note, options, other);
  }
  std::string input;
  if (q.type == "integer") {
    input = fmt::format(R"(<input type="text" inputmode="numeric" id="f-{0}" name="{0}" value="{1}"{2}{3}>)", esc(key),
                        esc(value), required ? " required" : "", aria);
  } else if (q.type == "decimal" || q.type == "range") {
    input = fmt::format(R"(<input type="text" inputmode="decimal" id="f-{0}" name="{0}" value="{1}"{2}{3}>)", esc(key),
                        esc(value), required ? " required" : "", aria);
  } else if (q.type == "date") {
    input = fmt::format(R"(<input type="date" id="f-{0}" name="{0}" value="{1}"{2}{3}>)", esc(key), esc(value),
                        required ? " required" : "", aria);
  } else if (q.type == "text" && q.column("appearance").find("multiline") != std::string::npos) {
    input = fmt::format(R"(<textarea id="f-{0}" name="{0}" rows="4" maxlength="20000"{2}{3}>{1}</textarea>)", esc(key),
                        esc(value), required ? " required" : "", aria);
  } else if (q.type == "acknowledge") {
    input = fmt::format(R"(<input type="checkbox" id="f-{0}" name="{0}" value="OK"{1}{2}>)", esc(key),
                        value == "OK" ? " checked" : "", aria);
  } else if (q.type == "text" || q.type == "geopoint" || q.type == "barcode") {
    input = fmt::format(R"(<input type="text" id="f-{0}" name="{0}" value="{1}" maxlength="20000"{2}{3}>)", esc(key),
                        esc(value), required ? " required" : "", aria);
  } else {
    return fmt::format(R"(<p class="note" id="q-{}">{} — {}</p>)", esc(key), esc(label),
                       esc(tr(cx.lang.find("(en)") != std::string::npos ? Lang::en : Lang::fr, "form.unsupported")));
  }
  return fmt::format(R"(<div class="question" id="q-{0}"><label for="f-{0}">{1}{2}</label>{3}{4}{5}</div>)", esc(key),
                     esc(label), star, hint_html, err_html, input);
}

std::string items_html(const Context& cx, const Item& group, const std::string& prefix, const std::string& path,
                       const Record& values, const Shown& shown, const std::set<std::string>& relevant,
                       const std::set<std::string>& on_page);

// The relevant paths inside instance `i` (0-based) of the repeat `name`, relative to it;
// every child for an instance not in the draft yet (a blank one shows all its questions).
std::set<std::string> instance_relevant(const std::set<std::string>& relevant, const Item& rep, std::size_t i,
                                        bool blank) {
  std::set<std::string> out;
  const auto head = fmt::format("{}[{}]/", rep.name, i + 1);
  for (const auto& p : relevant) {
    if (p.rfind(head, 0) == 0) out.insert(p.substr(head.size()));
  }
  if (blank) {
    for (const auto& c : rep.children) out.insert(c.name);
  }
  return out;
}

// A repeat inside a page (in a group, or nested in a repeat's instance): a fieldset per
// instance with its remove button, the count of instances and an add button. Its fields are
// named prefix + repeat + "." + j + "." + question; the actions name the repeat the same way.
std::string nested_repeat_html(const Context& cx, const Item& rep, const std::string& prefix, const Record& values,
                               const Shown& shown, const std::set<std::string>& relevant,
                               const std::set<std::string>& on_page) {
  const auto it = values.repeats.find(rep.name);
  const std::size_t count = it == values.repeats.end() ? 0 : it->second.size();
  const auto base = prefix + rep.name;
  const auto label = fill(rep.text("label", cx.lang), values);
  std::string out;
  for (std::size_t j = 0; j < std::max<std::size_t>(count, 1); ++j) {
    const Record empty;
    const Record& inst = j < count ? it->second[j] : empty;
    out += fmt::format(
        R"(<fieldset class="instance nested"><legend>{} {}</legend>{}<button type="submit" name="_action" value="remove:{}.{}" class="secondary">{}</button></fieldset>)",
        esc(label), j + 1,
        items_html(cx, rep, fmt::format("{}.{}.", base, j), "", inst, shown,
                   instance_relevant(relevant, rep, j, j >= count), on_page),
        esc(base), j, esc(tr(form_lang_of(cx), "form.remove")));
  }
  return fmt::format(
      R"(<fieldset class="group repeat" id="r-{0}"><legend>{1}</legend>{2}<input type="hidden" name="_count.{0}" value="{3}"><button type="submit" name="_action" value="add:{0}" class="secondary">{4}</button></fieldset>)",
      esc(base), esc(label), out, std::max<std::size_t>(count, 1), esc(tr(form_lang_of(cx), "form.add")));
}

// The items of a group, recursively (nested groups as fieldsets, repeats with their
// instances); `relevant`: paths.
std::string items_html(const Context& cx, const Item& group, const std::string& prefix, const std::string& path,
                       const Record& values, const Shown& shown, const std::set<std::string>& relevant,
                       const std::set<std::string>& on_page) {
  std::string out;
  for (const auto& c : group.children) {
    // Shown when relevant, or when its relevance reads this page's answers (no script to show it as they change).
    bool show = relevant.contains(path + c.name);
    if (!show && !c.column("relevant").empty()) {
      try {
        const auto x = expr::XPath::parse(c.column("relevant"));
        for (const auto& n : x.names()) show = show || on_page.contains(n);
      } catch (const expr::ParseError&) {
        show = true;
      }
    }
    if (!show) continue;
    if (c.kind == ItemKind::group) {
      out += fmt::format(R"(<fieldset class="group"><legend>{}</legend>{}</fieldset>)",
                         esc(fill(c.text("label", cx.lang), values)),
                         items_html(cx, c, prefix, path, values, shown, relevant, on_page));
    } else if (c.kind == ItemKind::repeat) {
      out += nested_repeat_html(cx, c, prefix, values, shown, relevant, on_page);
    } else if (shown_type(c)) {
      out += field_html(cx, c, prefix + c.name, values, shown);
    }
  }
  return out;
}

Lang form_lang(const Context& cx) { return cx.lang.find("(en)") != std::string::npos ? Lang::en : Lang::fr; }

std::string page_title(const Context& cx, const FormPage& p, std::size_t index) {
  if (p.group != nullptr) {
    auto t = p.group->text("label", cx.lang);
    if (!t.empty()) return t;
  }
  return fmt::format(fmt::runtime(tr(form_lang(cx), "form.page_n")), index + 1);
}

Reply render_page(const PageRequest& r, const Context& cx, const std::vector<FormPage>& pages, std::size_t index,
                  const Shown& shown, const std::string& notice, int status) {
  Reply reply;
  reply.status = status;
  private_page(reply);
  const auto csrf = csrf_token(r, reply);
  const auto& page = pages[index];
  const auto relevant = relevant_paths(*cx.form, shown.record);
  std::set<std::string> on_page;
  std::vector<const Item*> qs;
  for (const auto* i : page.items) questions_of(*i, qs);
  for (const auto* q : qs) on_page.insert(q->name);
  std::string fields;
  if (const auto* rep = repeat_of(page)) {
    const auto it = shown.record.repeats.find(rep->name);
    const std::size_t count = it == shown.record.repeats.end() ? 0 : it->second.size();
    for (std::size_t i = 0; i < std::max<std::size_t>(count, 1); ++i) {
      const Record empty;
      const Record& inst = i < count ? it->second[i] : empty;
      const auto prefix = fmt::format("{}.{}.", rep->name, i);
      std::set<std::string> inst_relevant;
      for (const auto& p : relevant) {
        const auto head = fmt::format("{}[{}]/", rep->name, i + 1);
        if (p.rfind(head, 0) == 0) inst_relevant.insert(p.substr(head.size()));
      }
      if (i >= count) {  // a blank instance: every question of it is shown
        for (const auto& c : rep->children) inst_relevant.insert(c.name);
      }
      fields += fmt::format(
          R"(<fieldset class="instance"><legend>{} {}</legend>{}<button type="submit" name="_action" value="remove:{}" class="secondary">{}</button></fieldset>)",
          esc(page_title(cx, page, index)), i + 1,
          items_html(cx, *rep, prefix, "", inst, shown, inst_relevant, on_page), i,
          esc(tr(form_lang(cx), "form.remove")));
    }
    fields += fmt::format(
        R"(<input type="hidden" name="_count" value="{}"><button type="submit" name="_action" value="add" class="secondary">{}</button>)",
        std::max<std::size_t>(count, 1), esc(tr(form_lang(cx), "form.add")));
  } else if (page.group != nullptr) {
    fields = items_html(cx, *page.group, "", "", shown.record, shown, relevant, on_page);
  } else {
    Item loose;
    for (const auto* q : page.items) loose.children.push_back(*q);
    fields = items_html(cx, loose, "", "", shown.record, shown, relevant, on_page);
  }
  const Lang fl = form_lang(cx);
  std::size_t shown_pages = 0, position = 0;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (!page_relevant(pages[i], relevant) && i != index) continue;
    ++shown_pages;
    if (i <= index) position = shown_pages;
  }
  const auto errors = shown.errors.empty()
                          ? std::string()
                          : fmt::format(R"(<div class="error-summary" role="alert"><p>{}</p></div>)",
                                        esc(fmt::format(fmt::runtime(tr(fl, "form.errors")), shown.errors.size())));
  const auto fictitious =
      cx.link.campaign.fictitious ? fmt::format(R"(<p class="fictitious">{}</p>)", esc(tr(fl, "form.fictitious"))) : "";
  const auto body = fmt::format(
      R"(<div class="form-page" id="form">{fict}<p class="progress-text">{progress}</p><progress max="{n}" value="{k}" aria-hidden="true"></progress>{notice}{errors}<h2>{page}</h2><form method="post" action="{action}" novalidate><input type="hidden" name="_csrf" value="{csrf}"><input type="hidden" name="_page" value="{index}">{fields}<div class="form-nav">{prev}<button type="submit" name="_action" value="save" class="secondary">{save}</button><button type="submit" name="_action" value="next">{next}</button></div></form><p class="hint">{resume}</p></div>)",
      fmt::arg("fict", fictitious),
      fmt::arg("progress", esc(fmt::format(fmt::runtime(tr(fl, "form.progress")), position, shown_pages))),
      fmt::arg("n", shown_pages), fmt::arg("k", position),
      fmt::arg("notice", notice.empty() ? "" : fmt::format(R"(<p class="notice" role="status">{}</p>)", esc(notice))),
      fmt::arg("errors", errors), fmt::arg("page", esc(page_title(cx, page, index))),
      fmt::arg("action", esc(with_lang(r, cx.base))), fmt::arg("csrf", esc(csrf)), fmt::arg("index", index),
      fmt::arg("fields", fields),
      fmt::arg("prev",
               index == 0
                   ? std::string()
                   : fmt::format(R"(<button type="submit" name="_action" value="prev" class="secondary">{}</button>)",
                                 esc(tr(fl, "form.prev")))),
      fmt::arg("save", esc(tr(fl, "form.save"))), fmt::arg("next", esc(tr(fl, "form.next"))),
      fmt::arg("resume", esc(tr(fl, "form.resume"))));
  reply.body = layout(r, cx.form->title, body + forward_link(r, cx));
  return reply;
}

// ---- reading a posted page ----------------------------------------------------------------

std::vector<std::string> posted(const PageRequest& r, const std::string& key) {
  std::vector<std::string> out;
  for (const auto& [k, v] : r.form) {
    if (k == key) out.push_back(v);
  }
  return out;
}

// Reads the fields of `q` named `key` into `rec`; a value that cannot be read is kept as typed
// with its error.
void read_field(const PageRequest& r, const Context& cx, const Item& q, const std::string& key, Record& rec,
                Shown& shown) {
  auto values = posted(r, key);
  std::string raw;
  if (q.type == "select_multiple") {
    for (const auto& v : values) raw += (raw.empty() ? "" : " ") + std::string(text::trim(v));
  } else if (!values.empty()) {
    raw = values.front();
  }
  if (raw.size() > 20000) {
    shown.errors[key] = tr(form_lang(cx), "form.too_long");
    shown.typed[key] = raw.substr(0, 20000);
    return;
  }
  collect::ValueOptions options;
  options.lang = form_lang(cx);
  const auto n = collect::normalise_answer(*cx.form, q, raw, options);
  if (!n.error.empty()) {
    shown.errors[key] = n.error;
    shown.typed[key] = raw;
    return;
  }
  if (n.value.empty()) {
    rec.values.erase(q.name);
  } else {
    rec.values[q.name] = n.value;
  }
  if (q.or_other) {
    const auto other = posted(r, key + "_other");
    const auto text = other.empty() ? std::string() : std::string(text::trim(other.front()));
    if (text.size() > 2000) {
      shown.errors[key] = tr(form_lang(cx), "form.too_long");
      shown.typed[key + "_other"] = text.substr(0, 2000);
    } else if (!text.empty() && n.value.find("other") != std::string::npos) {
      rec.values[q.name + "_other"] = text;
    } else {
      rec.values.erase(q.name + "_other");
    }
  }
}

// The instances of every repeat inside `group` (through its groups; deeper repeats per
// instance), as posted: fields under `posted_prefix` (the indices shown), errors keyed under
// `prefix` (the indices kept, once removed instances are gone). A repeat whose count was not
// posted (not on the page) keeps the draft's instances.
void read_repeats(const PageRequest& r, const Context& cx, const Item& group, const std::string& posted_prefix,
                  const std::string& prefix, const std::string& action, Record& rec, Shown& shown) {
  for (const auto& c : group.children) {
    if (c.kind == ItemKind::group) {
      read_repeats(r, cx, c, posted_prefix, prefix, action, rec, shown);
      continue;
    }
    if (c.kind != ItemKind::repeat) continue;
    const auto base = posted_prefix + c.name;
    const auto count_text = posted(r, "_count." + base);
    if (count_text.empty()) continue;
    const auto count = std::clamp<long long>(text::parse_int(count_text.front()).value_or(0), 0, 200);
    const auto previous = rec.repeats[c.name];
    std::vector<Record> instances;
    for (long long j = 0; j < count; ++j) {
      if (action == fmt::format("remove:{}.{}", base, j)) continue;
      const auto index = static_cast<std::size_t>(j);
      Record inst = index < previous.size() ? previous[index] : Record{};
      const auto pp = fmt::format("{}.{}.", base, j);
      const auto np = fmt::format("{}{}.{}.", prefix, c.name, instances.size());
      std::vector<const Item*> qs;
      for (const auto& child : c.children) questions_of(child, qs);
      for (const auto* q : qs) {
        Shown one;
        read_field(r, cx, *q, pp + q->name, inst, one);
        for (auto& [k, v] : one.errors) shown.errors[np + k.substr(pp.size())] = v;
        for (auto& [k, v] : one.typed) shown.typed[np + k.substr(pp.size())] = v;
      }
      read_repeats(r, cx, c, pp, np, action, inst, shown);
      const bool blank = inst.values.empty() && inst.repeats.empty();
      if (!blank || action.rfind("add", 0) == 0) instances.push_back(std::move(inst));
    }
    if (action == "add:" + base) instances.emplace_back();
    if (instances.empty()) {
      rec.repeats.erase(c.name);
    } else {
      rec.repeats[c.name] = std::move(instances);
    }
  }
}

// The page's questions read into the draft; which repeat instances are kept.
void read_page(const PageRequest& r, const Context& cx, const FormPage& page, const std::string& action, Shown& shown) {
  if (const auto* rep = repeat_of(page)) {
    const auto count_text = posted(r, "_count");
    const auto count =
        count_text.empty() ? 0 : std::min<long long>(text::parse_int(count_text.front()).value_or(0), 200);
    std::vector<Record> instances;
    for (long long i = 0; i < count; ++i) {
      if (action == fmt::format("remove:{}", i)) continue;
      auto& prev = shown.record.repeats[rep->name];
      Record inst = static_cast<std::size_t>(i) < prev.size() ? prev[static_cast<std::size_t>(i)] : Record{};
      std::vector<const Item*> qs;
      for (const auto& c : rep->children) questions_of(c, qs);
      const auto prefix = fmt::format("{}.{}.", rep->name, instances.size());
      const auto posted_prefix = fmt::format("{}.{}.", rep->name, i);
      // Fields are posted under their original index; errors are keyed by the new one.
      for (const auto* q : qs) {
        Shown one;
        read_field(r, cx, *q, posted_prefix + q->name, inst, one);
        for (auto& [k, v] : one.errors) shown.errors[prefix + k.substr(posted_prefix.size())] = v;
        for (auto& [k, v] : one.typed) shown.typed[prefix + k.substr(posted_prefix.size())] = v;
      }
      read_repeats(r, cx, *rep, posted_prefix, prefix, action, inst, shown);
      const bool blank = inst.values.empty() && inst.repeats.empty();
      if (!blank || action.rfind("add", 0) == 0) instances.push_back(std::move(inst));
    }
    if (action == "add") instances.emplace_back();
    if (instances.empty()) {
      shown.record.repeats.erase(rep->name);
    } else {
      shown.record.repeats[rep->name] = std::move(instances);
    }
    return;
  }
  std::vector<const Item*> qs;
  for (const auto* i : page.items) questions_of(*i, qs);
  for (const auto* q : qs) read_field(r, cx, *q, q->name, shown.record, shown);
  if (page.group != nullptr) read_repeats(r, cx, *page.group, "", "", action, shown.record, shown);
}

std::size_t page_param(const PageRequest& r, std::size_t pages) {
  const auto p = text::parse_int(r.param("p", "1")).value_or(1);
  return static_cast<std::size_t>(std::clamp<long long>(p, 1, static_cast<long long>(pages))) - 1;
}

}  // namespace

Reply form_page(const PageRequest& r) {
  auto cx = open(r);
  const auto pages = pages_of(*cx.form);
  if (pages.empty()) throw PageError(404, tr(r.lang, "form.link_unknown"));
  const auto draft = collect::load_draft(*cx.store, cx.link.invitation.id);
  Shown shown;
  if (draft) shown.record = draft->data;
  if (r.method != "POST") {
    return render_page(r, cx, pages, page_param(r, pages.size()), shown,
                       r.param("saved") == "1" ? tr(form_lang(cx), "form.saved") : "", 200);
  }
  check_post(r, cx);
  const auto page_text = posted(r, "_page");
  const auto index = static_cast<std::size_t>(
      std::clamp<long long>(page_text.empty() ? 0 : text::parse_int(page_text.front()).value_or(0), 0,
                            static_cast<long long>(pages.size() - 1)));
  const auto action_text = posted(r, "_action");
  const auto action = action_text.empty() ? std::string("next") : action_text.front();
  read_page(r, cx, pages[index], action, shown);
  if (action == "next") {  // required answers and constraints of this page
    auto rec = shown.record;
    for (const auto& p :
         collect::AnswerChecker(*cx.form, store::now_iso8601().substr(0, 10), form_lang(cx)).check(rec)) {
      if (!p.error) continue;
      std::vector<const Item*> qs;
      for (const auto* i : pages[index].items) questions_of(*i, qs);
      // In a repeat on the page (the page's own, or one inside its group): "firms[2]/projects[1]/amount" →
      // field "firms.1.projects.0.amount".
      const auto bracket = p.path.find('[');
      const auto head = bracket == std::string::npos ? std::string() : p.path.substr(0, bracket);
      const auto* rep = repeat_of(pages[index]);
      const bool in_repeat = !head.empty() && (rep != nullptr ? head == rep->name
                                                              : pages[index].group != nullptr &&
                                                                    has_repeat(*pages[index].group, head));
      if (in_repeat) {
        shown.errors.emplace(field_key(p.path), p.message);
      } else if (rep == nullptr &&
                 std::any_of(qs.begin(), qs.end(), [&](const Item* q) { return q->name == p.path; })) {
        shown.errors.emplace(p.path, p.message);
      }
    }
  }
  if (!shown.errors.empty()) return render_page(r, cx, pages, index, shown, {}, 422);
  collect::Draft d;
  d.instance_id = draft ? draft->instance_id : collect::new_instance_id();
  d.data = shown.record;
  collect::drop_irrelevant(*cx.form, d.data, store::now_iso8601().substr(0, 10));
  collect::save_draft(*cx.store, cx.link.invitation.id, d);
  Reply reply;
  reply.status = 303;
  private_page(reply);
  if (action == "add" || action.rfind("remove:", 0) == 0) {
    reply.location = with_lang(r, fmt::format("{}?p={}#form", cx.base, index + 1));
    return reply;
  }
  if (action == "save") {
    reply.location = with_lang(r, fmt::format("{}?p={}&saved=1", cx.base, index + 1));
    return reply;
  }
  const auto relevant = relevant_paths(*cx.form, d.data);
  if (action == "prev") {
    std::size_t to = index;
    while (to > 0) {
      --to;
      if (page_relevant(pages[to], relevant)) break;
    }
    reply.location = with_lang(r, fmt::format("{}?p={}", cx.base, to + 1));
    return reply;
  }
  for (std::size_t to = index + 1; to < pages.size(); ++to) {
    if (page_relevant(pages[to], relevant)) {
      reply.location = with_lang(r, fmt::format("{}?p={}", cx.base, to + 1));
      return reply;
    }
  }
  reply.location = with_lang(r, cx.base + "/relire");
  return reply;
}

namespace {

// Every answer of the draft, page by page, with the problems that stop the submission.
std::string review_html(const PageRequest& r, const Context& cx, Record rec, std::size_t& problems) {
  const Lang fl = form_lang(cx);
  const auto pages = pages_of(*cx.form);
  std::set<std::string> relevant;
  const auto found =
      collect::AnswerChecker(*cx.form, store::now_iso8601().substr(0, 10), form_lang(cx)).check(rec, &relevant);
  std::map<std::string, std::string> errors;
  for (const auto& p : found) {
    if (p.error) errors.emplace(p.path, p.message);
  }
  problems = errors.size();
  const auto answer_text = [&](const Item& q, const Record& values) {
    auto v = values.value(q.name);
    if (v.empty()) return std::string("—");
    if (q.type == "select_one" || q.type == "select_multiple") {
      std::string out;
      for (const auto& t : text::split(v, ' ')) {
        if (t.empty()) continue;
        out +=
            (out.empty() ? "" : ", ") + (t == "other" ? tr(fl, "form.other") + " : " + values.value(q.name + "_other")
                                                      : collect::choice_label(*cx.form, q, std::string(t), cx.lang));
      }
      return out;
    }
    return v;
  };
  std::string out;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (!page_relevant(pages[i], relevant)) continue;
    std::string rows;
    const auto row = [&](const Item& q, const Record& values, const std::string& path) {
      if (q.type == "note" || !relevant.contains(path)) return;
      const auto e = errors.find(path);
      rows += fmt::format(R"(<tr><th scope="row">{}</th><td>{}{}</td></tr>)",
                          esc(fill(q.text("label", cx.lang), values)), esc(answer_text(q, values)),
                          e == errors.end() ? "" : fmt::format(R"(<p class="error">{}</p>)", esc(e->second)));
    };
    // Every question in the order of the form, each repeat instance in turn (nested too).
    std::function<void(const Item&, const Record&, const std::string&)> walk = [&](const Item& group,
                                                                                  const Record& values,
                                                                                  const std::string& path) {
      for (const auto& c : group.children) {
        if (c.kind == ItemKind::group) {
          walk(c, values, path);
        } else if (c.kind == ItemKind::repeat) {
          const auto it = values.repeats.find(c.name);
          if (it == values.repeats.end()) continue;
          for (std::size_t k = 0; k < it->second.size(); ++k) {
            walk(c, it->second[k], fmt::format("{}{}[{}]/", path, c.name, k + 1));
          }
        } else if (shown_type(c)) {
          row(c, values, path + c.name);
        }
      }
    };
    if (pages[i].group != nullptr) {
      Item holder;  // the page's group or repeat as the one child of a group
      holder.children.push_back(*pages[i].group);
      walk(holder, rec, "");
    } else {
      for (const auto* q : pages[i].items) row(*q, rec, q->name);
    }
    out += fmt::format(
        R"(<section class="review"><h2>{}</h2><table class="data review-table"><tbody>{}</tbody></table><p><a href="{}">{}</a></p></section>)",
        esc(page_title(cx, pages[i], i)), rows, esc(with_lang(r, fmt::format("{}?p={}", cx.base, i + 1))),
        esc(tr(fl, "form.edit")));
  }
  return out;
}

}  // namespace

Reply form_review(const PageRequest& r) {
  auto cx = open(r);
  const auto draft = collect::load_draft(*cx.store, cx.link.invitation.id);
  Reply reply;
  private_page(reply);
  const auto csrf = csrf_token(r, reply);
  const Lang fl = form_lang(cx);
  std::size_t problems = 0;
  const auto answers = review_html(r, cx, draft ? draft->data : Record{}, problems);
  const auto body = fmt::format(
      R"(<div class="form-page" id="review"><p>{}</p>{}{}<form method="post" action="{}"><input type="hidden" name="_csrf" value="{}"><button type="submit"{}>{}</button></form></div>)",
      esc(tr(fl, "form.review_intro")),
      problems == 0 ? std::string()
                    : fmt::format(R"(<div class="error-summary" role="alert"><p>{}</p></div>)",
                                  esc(fmt::format(fmt::runtime(tr(fl, "form.errors")), problems))),
      answers, esc(with_lang(r, cx.base + "/envoyer")), esc(csrf), problems == 0 ? "" : " disabled",
      esc(tr(fl, "form.submit")));
  reply.body = layout(r, cx.form->title, body);
  return reply;
}

Reply form_submit(const PageRequest& r) {
  auto cx = open(r);
  check_post(r, cx);
  const auto draft = collect::load_draft(*cx.store, cx.link.invitation.id);
  if (!draft) throw PageError(409, tr(r.lang, "form.nothing_to_send"));
  auto rec = draft->data;
  const auto problems = collect::AnswerChecker(*cx.form, store::now_iso8601().substr(0, 10), form_lang(cx)).check(rec);
  if (std::any_of(problems.begin(), problems.end(), [](const auto& p) { return p.error; })) {
    auto reply = form_review(r);
    reply.status = 422;
    return reply;
  }
  collect::Draft final_draft = *draft;
  final_draft.data = rec;                                  // with its calculations
  (void)collect::submit(*cx.store, cx.link, final_draft);  // false: already received, nothing written twice
  Reply reply;
  reply.status = 303;
  private_page(reply);
  reply.location = with_lang(r, cx.base + "/merci");
  return reply;
}

Reply form_thanks(const PageRequest& r) {
  auto cx = open(r, true);
  Reply reply;
  private_page(reply);
  const Lang fl = form_lang(cx);
  if (cx.link.state != collect::LinkState::submitted) {
    reply.status = 303;
    reply.location = with_lang(r, cx.base);
    return reply;
  }
  reply.body = layout(
      r, cx.form->title,
      fmt::format(R"(<div class="form-page" id="thanks"><p role="status">{}</p>{}</div>)",
                  esc(fmt::format(fmt::runtime(tr(fl, "form.thanks")), cx.link.invitation.submitted_at)),
                  forward_link(r, cx)));
  return reply;
}

// ---- forwarding the user questionnaire (a manager's link) ---------------------------------

namespace {

std::string forward_form(const PageRequest& r, const Context& cx, const std::string& csrf, const std::string& count,
                         const std::string& label, const std::string& error) {
  const auto sent = collect::forwarded(*cx.store, cx.link.invitation.id);
  std::size_t answered = 0;
  for (const auto& i : sent) answered += i.submitted_at.empty() ? 0 : 1;
  const auto err = [&](const char* id) {
    return error.empty() ? std::string() : fmt::format(R"( aria-invalid="true" aria-describedby="{}-error")", id);
  };
  return fmt::format(
      R"(<div class="form-page" id="forward"><p>{intro}</p><p id="forward-count">{count_text}</p>{summary}<form method="post" action="{action}" novalidate><input type="hidden" name="_csrf" value="{csrf}"><div class="field"><label for="f-count">{count_label}</label>{count_error}<input id="f-count" name="count" type="number" inputmode="numeric" min="1" max="{max}" value="{count}"{count_invalid}></div><div class="field"><label for="f-label">{label_label}</label><input id="f-label" name="label" maxlength="200" value="{label}"></div><button type="submit">{submit}</button></form><p><a href="{back}">{back_text}</a></p></div>)",
      fmt::arg("intro", esc(tr(r.lang, "forward.intro"))),
      fmt::arg("count_text", esc(fmt::format(fmt::runtime(tr(r.lang, "forward.already")), sent.size(), answered,
                                             collect::kMaxForwarded))),
      fmt::arg("summary", error.empty() ? std::string()
                                        : fmt::format(R"(<div class="error-summary" role="alert"><p>{}</p></div>)",
                                                      esc(error))),
      fmt::arg("action", esc(with_lang(r, cx.base + "/usagers"))), fmt::arg("csrf", esc(csrf)),
      fmt::arg("count_label", esc(tr(r.lang, "forward.count"))),
      fmt::arg("count_error", error.empty() ? std::string()
                                            : fmt::format(R"(<p class="field-error" id="count-error">{}</p>)",
                                                          esc(error))),
      fmt::arg("max", collect::kMaxForwardBatch), fmt::arg("count", esc(count)),
      fmt::arg("count_invalid", err("count")), fmt::arg("label_label", esc(tr(r.lang, "forward.label"))),
      fmt::arg("label", esc(label)), fmt::arg("submit", esc(tr(r.lang, "forward.submit"))),
      fmt::arg("back", esc(with_lang(r, cx.base))), fmt::arg("back_text", esc(tr(r.lang, "forward.back"))));
}

Context open_for_forwarding(const PageRequest& r) {
  auto cx = open(r, /*for_thanks=*/true);
  if (const auto why = collect::forward_refusal(*cx.store, cx.link, r.lang); !why.empty()) throw PageError(403, why);
  return cx;
}

}  // namespace

Reply form_forward(const PageRequest& r) {
  auto cx = open_for_forwarding(r);
  Reply reply;
  private_page(reply);
  const auto csrf = csrf_token(r, reply);
  reply.body = layout(r, tr(r.lang, "forward.title"), forward_form(r, cx, csrf, "1", "", ""));
  return reply;
}

Reply form_forward_post(const PageRequest& r) {
  auto cx = open_for_forwarding(r);
  check_post(r, cx);
  std::string count_text = "1", label;
  for (const auto& [k, v] : r.form) {
    if (k == "count") count_text = v;
    if (k == "label") label = v;
  }
  Reply reply;
  private_page(reply);
  const auto csrf = csrf_token(r, reply);
  const auto count = text::parse_double(text::trim(count_text));
  std::string error;
  std::vector<collect::NewLink> links;
  if (!count || *count != std::floor(*count) || *count < 1 || *count > static_cast<double>(collect::kMaxForwardBatch)) {
    error = fmt::format(fmt::runtime(tr(r.lang, "forward.bad_count")), collect::kMaxForwardBatch);
  } else {
    try {
      links = collect::forward(*cx.store, cx.link, static_cast<std::size_t>(*count), std::string(text::trim(label)));
    } catch (const Error& e) {
      error = e.message(r.lang);
    }
  }
  if (!error.empty()) {
    reply.status = 422;
    reply.body = layout(r, tr(r.lang, "forward.title"), forward_form(r, cx, csrf, count_text, label, error));
    return reply;
  }
  // Whole links (to paste in a message) and the same as CSV lines for a mail merge.
  std::string items, csv = "lien,usage\n";
  for (const auto& l : links) {
    const auto path = "/q/" + l.token;
    items += fmt::format(R"(<li><a href="{}">{}</a></li>)", esc(path), esc(r.base_url + path));
    csv += fmt::format("{},{}\n", text::csv_field(r.base_url + path), text::csv_field(l.invitation.label));
  }
  reply.body = layout(
      r, tr(r.lang, "forward.title"),
      fmt::format(
          R"(<div class="form-page" id="forwarded"><p role="status">{}</p><ol class="links">{}</ol><p class="hint">{}</p><div class="question"><label for="f-csv">{}</label><textarea id="f-csv" class="wide" readonly wrap="off" rows="{}" cols="80">{}</textarea></div><p><a href="{}">{}</a></p></div>)",
          esc(fmt::format(fmt::runtime(tr(r.lang, "forward.done")), links.size())), items,
          esc(tr(r.lang, "forward.once")), esc(tr(r.lang, "forward.csv")), std::min<std::size_t>(links.size() + 1, 12),
          esc(csv), esc(with_lang(r, cx.base + "/usagers")), esc(tr(r.lang, "forward.more"))));
  return reply;
}

}  // namespace fabscope::web
