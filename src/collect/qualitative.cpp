// Qualitative coding inside fabscope: documents, passages, codings and memos in the store.
#include "collect/qualitative.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"

namespace fabscope::collect {
namespace {

constexpr std::size_t kMaxMemo = 20000;

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += ' ';
    out += l;
  }
  return out;
}

QualDocument document_row(SQLite::Statement& q) {
  QualDocument d;
  d.id = q.getColumn(0).getInt64();
  d.case_id = q.getColumn(1).getString();
  d.title = q.getColumn(2).getString();
  d.kind = q.getColumn(3).getString();
  d.workshop_id = q.getColumn(4).getString();
  d.source = q.getColumn(5).getString();
  d.imported_at = q.getColumn(6).getString();
  d.fictitious = q.getColumn(7).getInt() != 0;
  return d;
}

void add_counts(store::Store& store, QualDocument& d) {
  SQLite::Statement n(store.db(), "SELECT count(*) FROM qual_passage WHERE document_id = ?");
  n.bind(1, d.id);
  n.executeStep();
  d.passages = static_cast<std::size_t>(n.getColumn(0).getInt64());
  SQLite::Statement c(store.db(),
                      "SELECT count(DISTINCT number), count(*) FROM qual_coding WHERE document_id = ?");
  c.bind(1, d.id);
  c.executeStep();
  d.coded_passages = static_cast<std::size_t>(c.getColumn(0).getInt64());
  d.codings = static_cast<std::size_t>(c.getColumn(1).getInt64());
  SQLite::Statement k(store.db(), "SELECT DISTINCT coder FROM qual_coding WHERE document_id = ? ORDER BY coder");
  k.bind(1, d.id);
  while (k.executeStep()) d.coders.push_back(k.getColumn(0).getString());
  SQLite::Statement m(store.db(), "SELECT count(*) FROM qual_memo WHERE document_id = ?");
  m.bind(1, d.id);
  m.executeStep();
  d.memos = static_cast<std::size_t>(m.getColumn(0).getInt64());
}

constexpr const char* kDocumentColumns =
    "SELECT id, case_id, title, kind, workshop_id, source, imported_at, fictitious FROM qual_document";

}  // namespace

std::vector<std::string> split_passages(const std::string& text, const std::string& label) {
  if (text.size() > kMaxDocumentBytes) {
    throw InputError(Problem{{label, 0, 0, {}}, fmt::format("the text is over {} MiB", kMaxDocumentBytes >> 20)});
  }
  if (const auto bad = text::find_invalid_utf8(text); bad != std::string::npos) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    throw InputError(Problem{{label, static_cast<std::int64_t>(line), 0, {}}, "not valid UTF-8"});
  }
  std::vector<std::string> out;
  std::vector<std::string> block;
  const auto flush = [&] {
    if (!block.empty()) out.push_back(join_lines(block));
    block.clear();
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    auto line = std::string(text::trim(std::string_view(text).substr(start, end - start)));
    if (line.empty()) {
      flush();
    } else if (line.front() == '#') {  // a Markdown heading: a passage of its own
      flush();
      block.push_back(std::move(line));
      flush();
    } else {
      block.push_back(std::move(line));
    }
    if (out.size() > kMaxPassages) {
      throw InputError(Problem{{label, 0, 0, {}}, fmt::format("more than {} passages", kMaxPassages)});
    }
    start = end + 1;
  }
  flush();
  if (out.size() > kMaxPassages) {
    throw InputError(Problem{{label, 0, 0, {}}, fmt::format("more than {} passages", kMaxPassages)});
  }
  if (out.empty()) throw InputError(Problem{{label, 0, 0, {}}, "no text to code"});
  return out;
}

QualDocument import_document(store::Store& store, const NewDocument& doc, const std::string& text) {
  const auto case_id = std::string(text::trim(doc.case_id));
  if (case_id.empty() || case_id.size() > 100) {
    throw Error(ExitCode::usage, "a document needs a case id (100 characters at most)",
                "un document a besoin d'un identifiant de cas (100 caractères au plus)");
  }
  if (doc.kind != "interview" && doc.kind != "document") {
    throw Error(ExitCode::usage, fmt::format("kind « {} »: interview or document", doc.kind),
                fmt::format("type « {} » : interview ou document", doc.kind));
  }
  const auto parts = split_passages(text, doc.source.empty() ? case_id : doc.source);
  store::Savepoint tx(store, "qual_import");
  if (!doc.workshop_id.empty()) {
    SQLite::Statement known(store.db(), "SELECT 1 FROM workshop WHERE id = ?");
    known.bind(1, doc.workshop_id);
    if (!known.executeStep()) {
      throw Error(ExitCode::not_found, fmt::format("« {} » is not a workshop of the register", doc.workshop_id),
                  fmt::format("« {} » n'est pas un atelier du registre", doc.workshop_id));
    }
  }
  SQLite::Statement taken(store.db(), "SELECT 1 FROM qual_document WHERE case_id = ?");
  taken.bind(1, case_id);
  if (taken.executeStep()) {
    throw Error(ExitCode::usage, fmt::format("a document of the case « {} » is already stored", case_id),
                fmt::format("un document du cas « {} » est déjà enregistré", case_id));
  }
  SQLite::Statement ins(store.db(),
                        "INSERT INTO qual_document (case_id, title, kind, workshop_id, source, imported_at, fictitious) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, case_id);
  ins.bind(2, std::string(text::trim(doc.title)));
  ins.bind(3, doc.kind);
  ins.bind(4, doc.workshop_id);
  ins.bind(5, doc.source);
  ins.bind(6, store::now_iso8601());
  ins.bind(7, doc.fictitious ? 1 : 0);
  ins.exec();
  const auto id = store.db().getLastInsertRowid();
  SQLite::Statement p(store.db(), "INSERT INTO qual_passage (document_id, number, text) VALUES (?, ?, ?)");
  for (std::size_t i = 0; i < parts.size(); ++i) {
    p.bind(1, id);
    p.bind(2, static_cast<int>(i + 1));
    p.bind(3, parts[i]);
    p.exec();
    p.reset();
  }
  tx.release();
  return *find_document(store, id);
}

std::vector<QualDocument> list_documents(store::Store& store) {
  std::vector<QualDocument> out;
  SQLite::Statement q(store.db(), std::string(kDocumentColumns) + " ORDER BY case_id");
  while (q.executeStep()) out.push_back(document_row(q));
  for (auto& d : out) add_counts(store, d);
  return out;
}

std::optional<QualDocument> find_document(store::Store& store, std::int64_t id) {
  SQLite::Statement q(store.db(), std::string(kDocumentColumns) + " WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  auto d = document_row(q);
  add_counts(store, d);
  return d;
}

std::optional<std::int64_t> document_of_case(store::Store& store, const std::string& case_id) {
  SQLite::Statement q(store.db(), "SELECT id FROM qual_document WHERE case_id = ?");
  q.bind(1, case_id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getInt64();
}

std::optional<QualDocument> remove_document(store::Store& store, std::int64_t id, bool with_codings) {
  store::Savepoint tx(store, "qual_remove");
  auto d = find_document(store, id);
  if (!d) return std::nullopt;
  if ((d->codings > 0 || d->memos > 0) && !with_codings) {
    throw Error(ExitCode::usage,
                fmt::format("the document « {} » holds {} codings and {} memos of {} coders: confirm to remove them too",
                            d->case_id, d->codings, d->memos, d->coders.size()),
                fmt::format("le document « {} » porte {} codages et {} mémos de {} codeurs : confirmez pour les "
                            "supprimer avec lui",
                            d->case_id, d->codings, d->memos, d->coders.size()));
  }
  for (const char* table : {"qual_memo", "qual_coding", "qual_passage"}) {
    SQLite::Statement del(store.db(), fmt::format("DELETE FROM {} WHERE document_id = ?", table));
    del.bind(1, id);
    del.exec();
  }
  SQLite::Statement del(store.db(), "DELETE FROM qual_document WHERE id = ?");
  del.bind(1, id);
  del.exec();
  tx.release();
  return d;
}

std::vector<Passage> passages(store::Store& store, std::int64_t document_id, const std::string& coder) {
  std::vector<Passage> out;
  std::map<int, std::size_t> index;
  SQLite::Statement q(store.db(), "SELECT number, text FROM qual_passage WHERE document_id = ? ORDER BY number");
  q.bind(1, document_id);
  while (q.executeStep()) {
    index[q.getColumn(0).getInt()] = out.size();
    out.push_back({q.getColumn(0).getInt(), q.getColumn(1).getString(), {}, {}, 0});
  }
  SQLite::Statement c(store.db(), "SELECT number, code, coder FROM qual_coding WHERE document_id = ? ORDER BY code");
  c.bind(1, document_id);
  std::map<int, std::set<std::string>> others;
  while (c.executeStep()) {
    const auto it = index.find(c.getColumn(0).getInt());
    if (it == index.end()) continue;
    if (c.getColumn(2).getString() == coder) {
      out[it->second].codes.push_back(c.getColumn(1).getString());
    } else {
      others[it->first].insert(c.getColumn(2).getString());
    }
  }
  for (const auto& [n, who] : others) out[index[n]].other_coders = who.size();
  SQLite::Statement m(store.db(), "SELECT number, text FROM qual_memo WHERE document_id = ? AND coder = ?");
  m.bind(1, document_id);
  m.bind(2, coder);
  while (m.executeStep()) {
    const auto it = index.find(m.getColumn(0).getInt());
    if (it != index.end()) out[it->second].memo = m.getColumn(1).getString();
  }
  return out;
}

void code_passage(store::Store& store, std::int64_t document_id, int number, const std::string& coder,
                  const std::vector<std::string>& codes, const std::string& memo,
                  const std::vector<std::string>& known_codes) {
  if (coder.empty()) throw Error(ExitCode::usage, "a coding needs its coder", "un codage a besoin de son codeur");
  if (memo.size() > kMaxMemo) {
    throw Error(ExitCode::usage, fmt::format("a memo has {} characters at most", kMaxMemo),
                fmt::format("un mémo a {} caractères au plus", kMaxMemo));
  }
  if (text::find_invalid_utf8(memo) != std::string::npos) {
    throw Error(ExitCode::usage, "the memo is not valid UTF-8", "le mémo n'est pas de l'UTF-8 valide");
  }
  for (const auto& c : codes) {
    if (!known_codes.empty() && std::find(known_codes.begin(), known_codes.end(), c) == known_codes.end()) {
      throw Error(ExitCode::usage, fmt::format("« {} » is not a code of the codebook", c),
                  fmt::format("« {} » n'est pas un code de la grille", c));
    }
  }
  store::Savepoint tx(store, "qual_code");
  SQLite::Statement known(store.db(), "SELECT 1 FROM qual_passage WHERE document_id = ? AND number = ?");
  known.bind(1, document_id);
  known.bind(2, number);
  if (!known.executeStep()) {
    throw Error(ExitCode::usage, fmt::format("no passage {} in this document", number),
                fmt::format("pas de passage {} dans ce document", number));
  }
  SQLite::Statement del(store.db(), "DELETE FROM qual_coding WHERE document_id = ? AND number = ? AND coder = ?");
  del.bind(1, document_id);
  del.bind(2, number);
  del.bind(3, coder);
  del.exec();
  const auto now = store::now_iso8601();
  SQLite::Statement ins(store.db(),
                        "INSERT OR IGNORE INTO qual_coding (document_id, number, code, coder, coded_at) "
                        "VALUES (?, ?, ?, ?, ?)");
  for (const auto& c : codes) {
    ins.bind(1, document_id);
    ins.bind(2, number);
    ins.bind(3, c);
    ins.bind(4, coder);
    ins.bind(5, now);
    ins.exec();
    ins.reset();
  }
  SQLite::Statement dm(store.db(), "DELETE FROM qual_memo WHERE document_id = ? AND number = ? AND coder = ?");
  dm.bind(1, document_id);
  dm.bind(2, number);
  dm.bind(3, coder);
  dm.exec();
  if (const auto m = std::string(text::trim(memo)); !m.empty()) {
    SQLite::Statement im(store.db(),
                         "INSERT INTO qual_memo (document_id, number, coder, text, written_at) VALUES (?, ?, ?, ?, ?)");
    im.bind(1, document_id);
    im.bind(2, number);
    im.bind(3, coder);
    im.bind(4, m);
    im.bind(5, now);
    im.exec();
  }
  tx.release();
}

std::vector<Coding> stored_codings(store::Store& store) {
  std::vector<Coding> out;
  SQLite::Statement q(store.db(),
                      "SELECT d.case_id, c.number, c.code, c.coder FROM qual_coding c JOIN qual_document d ON "
                      "d.id = c.document_id ORDER BY d.case_id, c.number, c.coder, c.code");
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getString(), std::to_string(q.getColumn(1).getInt()), q.getColumn(2).getString(),
                   q.getColumn(3).getString()});
  }
  return out;
}

std::string codings_csv(store::Store& store) {
  std::string out = "case,segment,code,coder,coded_at,passage\n";
  SQLite::Statement q(store.db(),
                      "SELECT d.case_id, c.number, c.code, c.coder, c.coded_at, p.text FROM qual_coding c "
                      "JOIN qual_document d ON d.id = c.document_id JOIN qual_passage p ON p.document_id = "
                      "c.document_id AND p.number = c.number ORDER BY d.case_id, c.number, c.coder, c.code");
  while (q.executeStep()) {
    out += fmt::format("{},{},{},{},{},{}\n", text::csv_field(q.getColumn(0).getString()), q.getColumn(1).getInt(),
                       text::csv_field(q.getColumn(2).getString()), text::csv_field(q.getColumn(3).getString()),
                       q.getColumn(4).getString(), text::csv_field(q.getColumn(5).getString()));
  }
  return out;
}

std::string memos_csv(store::Store& store) {
  std::string out = "case,segment,coder,written_at,memo\n";
  SQLite::Statement q(store.db(),
                      "SELECT d.case_id, m.number, m.coder, m.written_at, m.text FROM qual_memo m JOIN qual_document d "
                      "ON d.id = m.document_id ORDER BY d.case_id, m.number, m.coder");
  while (q.executeStep()) {
    out += fmt::format("{},{},{},{},{}\n", text::csv_field(q.getColumn(0).getString()), q.getColumn(1).getInt(),
                       text::csv_field(q.getColumn(2).getString()), q.getColumn(3).getString(),
                       text::csv_field(q.getColumn(4).getString()));
  }
  return out;
}

}  // namespace fabscope::collect
