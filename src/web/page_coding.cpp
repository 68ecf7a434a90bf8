// Qualitative coding in the browser, for evaluators (docs/collect/coding.md#coding-in-fabscope):
// /codage lists the documents, takes a pasted text, shows the agreement between coders and
// offers the case × code matrix and the codebook; /codage/{id} shows a document passage by
// passage, each with the codes of the codebook (a list of several choices grouped by theme)
// and a memo, saved one passage at a time by the signed-in coder. Usable without script.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/coding.hpp"
#include "collect/qualitative.hpp"
#include "core/error.hpp"
#include "store/store.hpp"
#include "web/page_parts.hpp"

namespace fabscope::web {
namespace {

std::vector<collect::CodebookCode> codebook(Lang lang) {
  return app::referential_codebook(referential::Referential::active(), lang);
}

void names_of(const std::vector<collect::CodebookCode>& codes, std::map<std::string, std::string>& out) {
  for (const auto& c : codes) {
    out.emplace(c.id, c.name);
    names_of(c.children, out);
  }
}

// Code id -> its name in the codebook.
std::map<std::string, std::string> code_names(const std::vector<collect::CodebookCode>& book) {
  std::map<std::string, std::string> out;
  names_of(book, out);
  return out;
}

struct Typed {
  std::string case_id, title, kind = "interview", workshop, text, error;
};

std::string documents_table(const PageRequest& r, const std::vector<collect::QualDocument>& docs) {
  if (docs.empty()) return fmt::format("<p>{}</p>", esc(tr(r.lang, "coding.none")));
  std::string rows;
  for (const auto& d : docs) {
    rows += fmt::format(
        R"(<tr><th scope="row"><a href="{}">{}</a>{}</th><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>)",
        esc(href(r.lang, fmt::format("/codage/{}", d.id))), esc(d.case_id),
        d.fictitious ? fmt::format(R"( <span class="badge fictitious">{}</span>)", esc(tr(r.lang, "reco.fictitious_badge")))
                     : "",
        esc(d.title), esc(tr(r.lang, "coding.kind_" + d.kind)), esc(d.workshop_id), d.passages, d.coded_passages,
        esc(fmt::format("{}", fmt::join(d.coders, ", "))));
  }
  return fmt::format(
      R"(<table class="data" id="documents"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>)",
      esc(tr(r.lang, "coding.case")), esc(tr(r.lang, "coding.title_col")), esc(tr(r.lang, "coding.kind")),
      esc(tr(r.lang, "coding.workshop")), esc(tr(r.lang, "coding.passages")), esc(tr(r.lang, "coding.coded")),
      esc(tr(r.lang, "coding.coders")), rows);
}

std::string agreement_section(const PageRequest& r, store::Store& st) {
  const auto codings = collect::stored_codings(st);
  std::string out = fmt::format(R"(<section id="agreement"><h2>{}</h2>)", esc(tr(r.lang, "coding.agreement")));
  out += fmt::format(
      R"(<p class="downloads"><a id="matrix-csv" href="{}">{}</a> <a id="matrix-binary" href="{}">{}</a> <a id="codings-csv" href="{}">{}</a> <a id="memos-csv" href="{}">{}</a> <a id="codebook-qdc" href="{}">{}</a> <a id="codebook-csv" href="{}">{}</a></p>)",
      esc(href(r.lang, "/codage/matrice.csv")), esc(tr(r.lang, "coding.matrix")),
      esc(href(r.lang, "/codage/matrice.csv", {{"binaire", "1"}})), esc(tr(r.lang, "coding.matrix_binary")),
      esc(href(r.lang, "/codage/codage.csv")), esc(tr(r.lang, "coding.codings_csv")),
      esc(href(r.lang, "/codage/memos.csv")), esc(tr(r.lang, "coding.memos_csv")),
      esc(href(r.lang, "/codage/grille.qdc")), esc(tr(r.lang, "coding.codebook_qdc")),
      esc(href(r.lang, "/codage/grille.csv")), esc(tr(r.lang, "coding.codebook_csv")));
  std::set<std::string> coders;
  for (const auto& c : codings) coders.insert(c.coder);
  if (coders.size() < 2) return out + fmt::format("<p>{}</p></section>", esc(tr(r.lang, "coding.one_coder")));
  const auto a = collect::agreement(codings);
  const auto value = [&](double v) { return std::isnan(v) ? std::string("—") : number(r.lang, v, 3); };
  std::string head = fmt::format(R"(<th scope="col">{}</th><th scope="col">α</th>)", esc(tr(r.lang, "coding.code")));
  for (std::size_t i = 0; i < a.coders.size(); ++i) {
    for (std::size_t j = i + 1; j < a.coders.size(); ++j) {
      head += fmt::format(R"(<th scope="col">κ {} – {}</th>)", esc(a.coders[i]), esc(a.coders[j]));
    }
  }
  std::string rows;
  const auto names = code_names(codebook(r.lang));
  for (const auto& code : a.codes) {
    const auto name = names.find(code);
    rows += fmt::format(R"(<tr><th scope="row"><code>{}</code> {}</th><td class="num">{}</td>)", esc(code),
                        name == names.end() ? "" : esc(name->second), value(a.alpha.at(code)));
    for (const auto& k : a.kappas) {
      if (k.code == code) rows += fmt::format(R"(<td class="num">{}</td>)", value(k.kappa));
    }
    rows += "</tr>";
  }
  return out + fmt::format(
                   R"(<p id="alpha-all">{}</p><table class="data" id="agreement-table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table></section>)",
                   esc(fmt::format(fmt::runtime(tr(r.lang, "coding.alpha_all")), a.units, a.coders.size(),
                                   value(a.alpha.at("*")))),
                   head, rows);
}

Reply list_page(const PageRequest& r, store::Store& st, const Typed& typed, int status) {
  Reply reply;
  reply.status = status;
  no_store(reply);
  const auto csrf = csrf_token(r, reply, kEvaluatorCsrf, "/");
  std::string body = fmt::format(R"(<p class="muted">{}</p>)", esc(tr(r.lang, "coding.intro")));
  if (const auto removed = r.param("supprime"); !removed.empty()) {
    body += fmt::format(R"(<p class="notice" role="status" id="removed">{}</p>)",
                        esc(fmt::format(fmt::runtime(tr(r.lang, "coding.removed")), removed.substr(0, 100))));
  }
  body += documents_table(r, collect::list_documents(st));
  const auto kind_option = [&](const char* k) {
    return fmt::format(R"(<option value="{}"{}>{}</option>)", k, typed.kind == k ? " selected" : "",
                       esc(tr(r.lang, std::string("coding.kind_") + k)));
  };
  body += fmt::format(
      R"(<section id="import"><h2>{}</h2>{}<form method="post" action="{}"><input type="hidden" name="_csrf" value="{}"><div class="question"><label for="f-case">{}</label><input id="f-case" name="case" maxlength="100" required value="{}"{}></div><div class="question"><label for="f-title">{}</label><input id="f-title" name="title" maxlength="300" value="{}"></div><div class="question"><label for="f-kind">{}</label><select id="f-kind" name="kind">{}{}</select></div><div class="question"><label for="f-workshop">{}</label><input id="f-workshop" name="workshop" maxlength="200" value="{}"></div><div class="question"><label for="f-text">{}</label><textarea id="f-text" name="text" rows="12" cols="80">{}</textarea></div><div class="form-nav"><button type="submit">{}</button></div></form></section>)",
      esc(tr(r.lang, "coding.import")),
      typed.error.empty() ? std::string()
                          : fmt::format(R"(<div class="error-summary" role="alert" id="import-error"><p>{}</p></div>)",
                                        esc(typed.error)),
      esc(href(r.lang, "/codage")), esc(csrf), esc(tr(r.lang, "coding.case")), esc(typed.case_id),
      typed.error.empty() ? "" : R"( aria-describedby="import-error")", esc(tr(r.lang, "coding.title_col")),
      esc(typed.title), esc(tr(r.lang, "coding.kind")), kind_option("interview"), kind_option("document"),
      esc(tr(r.lang, "coding.workshop")), esc(typed.workshop), esc(tr(r.lang, "coding.text")), esc(typed.text),
      esc(tr(r.lang, "coding.import_submit")));
  body += agreement_section(r, st);
  reply.body = layout(r, tr(r.lang, "coding.page_title"), body);
  return reply;
}

std::string options_html(const std::vector<collect::CodebookCode>& book, const std::set<std::string>& chosen) {
  std::string out;
  for (const auto& theme : book) {
    out += fmt::format(R"(<optgroup label="{}">)", esc(theme.name));
    for (const auto& code : theme.children) {
      out += fmt::format(R"(<option value="{}"{}>{}</option>)", esc(code.id), chosen.count(code.id) ? " selected" : "",
                         esc(code.name));
      for (const auto& sub : code.children) {
        out += fmt::format(R"(<option value="{}"{}>  · {}</option>)", esc(sub.id),
                           chosen.count(sub.id) ? " selected" : "", esc(sub.name));
      }
    }
    out += "</optgroup>";
  }
  return out;
}

// The form that removes a document; with codings or memos, a box to tick first.
std::string removal_form(const PageRequest& r, const collect::QualDocument& doc, const std::string& csrf) {
  const bool work = doc.codings > 0 || doc.memos > 0;
  return fmt::format(
      R"(<section id="supprimer"><h2>{}</h2><form method="post" action="{}"><input type="hidden" name="_csrf" value="{}">{}<div class="form-nav"><button type="submit" class="danger">{}</button></div></form><p class="hint">{}</p></section>)",
      esc(tr(r.lang, "coding.remove")), esc(href(r.lang, fmt::format("/codage/{}/supprimer", doc.id))), esc(csrf),
      work ? fmt::format(
                 R"(<p><label class="check"><input type="checkbox" id="f-with" name="with_codings" value="1" required> {}</label></p>)",
                 esc(fmt::format(fmt::runtime(tr(r.lang, "coding.remove_confirm")), doc.codings, doc.memos,
                                 doc.coders.size())))
           : std::string(),
      esc(tr(r.lang, "coding.remove_submit")), esc(tr(r.lang, "coding.remove_hint")));
}

std::int64_t document_id(const PageRequest& r) {
  const auto id = text::parse_int(r.captures.at(1));
  if (!id) throw PageError(404, "no such document");
  return *id;
}

}  // namespace

Reply coding_page(const PageRequest& r) {
  store::Store st(r.store_path);
  require_account(r, st);
  if (r.method != "POST") return list_page(r, st, {}, 200);
  if (!csrf_ok(r, kEvaluatorCsrf)) throw PageError(403, tr(r.lang, "form.csrf"));
  if (!rate_allow("coding:" + r.client, 120)) throw PageError(429, tr(r.lang, "form.too_fast"));
  Typed typed{r.field("case"), r.field("title"), r.field("kind"), r.field("workshop"), r.field("text"), {}};
  if (typed.kind != "document") typed.kind = "interview";
  try {
    const auto doc = collect::import_document(
        st, {typed.case_id, typed.title, typed.kind, typed.workshop, "collé", false}, typed.text);
    Reply reply;
    reply.status = 303;
    no_store(reply);
    reply.location = href(r.lang, fmt::format("/codage/{}", doc.id));
    return reply;
  } catch (const InputError& e) {
    typed.error = e.problems().empty() ? e.what() : e.problems().front().message;
  } catch (const Error& e) {
    typed.error = e.message(r.lang);
  }
  return list_page(r, st, typed, 422);
}

Reply coding_document(const PageRequest& r) {
  store::Store st(r.store_path);
  const auto coder = require_account(r, st);
  const auto id = document_id(r);
  const auto doc = collect::find_document(st, id);
  if (!doc) throw PageError(404, tr(r.lang, "coding.not_found"));
  const auto book = codebook(r.lang);
  std::string error;
  int error_passage = 0;
  if (r.method == "POST") {
    if (!csrf_ok(r, kEvaluatorCsrf)) throw PageError(403, tr(r.lang, "form.csrf"));
    if (!rate_allow("coding:" + r.client, 120)) throw PageError(429, tr(r.lang, "form.too_fast"));
    const auto number = text::parse_int(r.field("passage"));
    std::vector<std::string> codes;
    for (const auto& [k, v] : r.form) {
      if (k == "code") codes.push_back(v);
    }
    try {
      if (!number) throw Error(ExitCode::usage, "no passage", "pas de passage");
      collect::code_passage(st, id, static_cast<int>(*number), coder, codes, r.field("memo"),
                            app::codebook_ids(book));
      Reply reply;
      reply.status = 303;
      no_store(reply);
      reply.location = href(r.lang, fmt::format("/codage/{}", id)) + fmt::format("#p{}", *number);
      return reply;
    } catch (const Error& e) {
      error = e.message(r.lang);
      error_passage = number ? static_cast<int>(*number) : 0;
    }
  }
  Reply reply;
  reply.status = error.empty() ? 200 : 422;
  no_store(reply);
  const auto csrf = csrf_token(r, reply, kEvaluatorCsrf, "/");
  std::string body = fmt::format(
      R"(<p><a href="{}">{}</a></p><p class="muted" id="document-meta">{}</p>)", esc(href(r.lang, "/codage")),
      esc(tr(r.lang, "coding.back")),
      esc(fmt::format(fmt::runtime(tr(r.lang, "coding.meta")), doc->case_id, tr(r.lang, "coding.kind_" + doc->kind),
                      doc->passages, coder)));
  if (doc->fictitious) body += fmt::format(R"(<p class="fictitious">{}</p>)", esc(tr(r.lang, "coding.fictitious")));
  if (!error.empty()) {
    body += fmt::format(R"(<div class="error-summary" role="alert"><p><a href="#p{}">{}</a></p></div>)", error_passage,
                        esc(error));
  }
  const auto names = code_names(book);
  for (const auto& p : collect::passages(st, id, coder)) {
    // A passage refused keeps what the coder chose and wrote.
    std::set<std::string> chosen(p.codes.begin(), p.codes.end());
    std::string memo = p.memo;
    if (p.number == error_passage) {
      chosen.clear();
      for (const auto& [k, v] : r.form) {
        if (k == "code") chosen.insert(v);
      }
      memo = r.field("memo");
    }
    std::vector<std::string> chosen_names;
    for (const auto& c : chosen) {
      const auto n = names.find(c);
      chosen_names.push_back(n == names.end() ? c : n->second);
    }
    body += fmt::format(
        R"(<section class="passage{coded}" id="p{n}"><h2 class="passage-number">{label} {n}</h2><blockquote>{text}</blockquote><p class="chosen" id="chosen-{n}">{chosen}</p><form method="post" action="{action}"><input type="hidden" name="_csrf" value="{csrf}"><input type="hidden" name="passage" value="{n}"><div class="question"><label for="codes-{n}">{codes}</label><select id="codes-{n}" name="code" multiple size="6">{options}</select></div><div class="question"><label for="memo-{n}">{memo_label}</label><textarea id="memo-{n}" name="memo" rows="2" cols="60">{memo}</textarea></div><div class="form-nav"><button type="submit">{save}</button>{others}</div></form></section>)",
        fmt::arg("n", p.number), fmt::arg("coded", p.codes.empty() ? "" : " coded"), fmt::arg("label", esc(tr(r.lang, "coding.passage"))),
        fmt::arg("text", esc(p.text)),
        fmt::arg("chosen", chosen_names.empty()
                               ? esc(tr(r.lang, "coding.not_coded"))
                               : esc(fmt::format("{} {}", tr(r.lang, "coding.your_codes"),
                                                 fmt::join(chosen_names, " · ")))), fmt::arg("action", esc(href(r.lang, fmt::format("/codage/{}", id)))),
        fmt::arg("csrf", esc(csrf)), fmt::arg("codes", esc(tr(r.lang, "coding.codes"))),
        fmt::arg("options", options_html(book, chosen)), fmt::arg("memo_label", esc(tr(r.lang, "coding.memo"))),
        fmt::arg("memo", esc(memo)), fmt::arg("save", esc(tr(r.lang, "coding.save"))),
        fmt::arg("others", p.other_coders == 0
                               ? std::string()
                               : fmt::format(R"( <span class="muted">{}</span>)",
                                             esc(fmt::format(fmt::runtime(tr(r.lang, "coding.others")),
                                                             p.other_coders)))));
  }
  body += removal_form(r, *doc, csrf);
  reply.body = layout(r, fmt::format("{} — {}", tr(r.lang, "coding.page_title"), doc->case_id), body);
  return reply;
}

Reply coding_remove(const PageRequest& r) {
  store::Store st(r.store_path);
  require_account(r, st);
  if (!csrf_ok(r, kEvaluatorCsrf)) throw PageError(403, tr(r.lang, "form.csrf"));
  if (!rate_allow("coding:" + r.client, 120)) throw PageError(429, tr(r.lang, "form.too_fast"));
  std::optional<collect::QualDocument> doc;
  try {
    doc = collect::remove_document(st, document_id(r), r.field("with_codings") == "1");
  } catch (const Error& e) {
    throw PageError(422, e.message(r.lang));
  }
  if (!doc) throw PageError(404, tr(r.lang, "coding.not_found"));
  Reply reply;
  reply.status = 303;
  no_store(reply);
  reply.location = href(r.lang, "/codage", {{"supprime", doc->case_id}});
  return reply;
}

Reply coding_download(const PageRequest& r) {
  store::Store st(r.store_path);
  require_account(r, st);
  Reply reply;
  no_store(reply);
  const auto& what = r.captures.at(1);
  if (what == "matrice.csv") {
    reply.content_type = "text/csv; charset=utf-8";
    reply.body = collect::code_matrix_csv(collect::code_matrix(collect::stored_codings(st), r.param("codeur")),
                                          r.param("binaire") == "1");
    reply.filename = "cas_x_codes.csv";
  } else if (what == "codage.csv" || what == "memos.csv") {
    reply.content_type = "text/csv; charset=utf-8";
    reply.body = what == "codage.csv" ? collect::codings_csv(st) : collect::memos_csv(st);
    reply.filename = what;
  } else if (what == "grille.qdc") {
    const auto& ref = referential::Referential::active();
    reply.content_type = "application/xml";
    reply.body = collect::codebook_qdc(codebook(r.lang), "fabscope " + ref.id + " " + ref.version);
    reply.filename = "grille.qdc";
  } else {
    reply.content_type = "text/csv; charset=utf-8";
    reply.body = collect::codebook_csv(codebook(r.lang));
    reply.filename = "grille.csv";
  }
  return reply;
}

}  // namespace fabscope::web
