// Qualitative coding inside fabscope (docs/collect/coding.md#coding-in-fabscope): interview
// notes and documents imported as text or Markdown and cut into passages (paragraphs);
// each coder attaches codes of the codebook to passages and writes a memo per passage.
// The stored codings are the same table as an imported coding CSV (case, segment, code,
// coder), so the agreement and the case × code matrix read either.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "collect/coding.hpp"
#include "store/store.hpp"

namespace fabscope::collect {

inline constexpr std::size_t kMaxDocumentBytes = std::size_t{2} * 1024 * 1024;
inline constexpr std::size_t kMaxPassages = 5000;

struct QualDocument {
  std::int64_t id = 0;
  std::string case_id, title, kind, workshop_id, source, imported_at;
  bool fictitious = false;
  std::size_t passages = 0, coded_passages = 0, codings = 0, memos = 0;
  std::vector<std::string> coders;
};

// The passages of a text: its paragraphs (blocks separated by blank lines), a Markdown
// heading line being a passage of its own; lines of a paragraph joined by a space,
// surrounding blanks trimmed, CRLF read as LF. Throws InputError(label) for invalid UTF-8,
// a text over kMaxDocumentBytes or more than kMaxPassages passages, or no passage at all.
std::vector<std::string> split_passages(const std::string& text, const std::string& label);

struct NewDocument {
  std::string case_id, title, kind = "interview", workshop_id, source;
  bool fictitious = false;
};
// Stores a document and its passages in one transaction; throws Error(usage) when the case
// id is empty, over 100 characters or taken, or the kind is not interview / document, and
// Error(not_found) when the workshop named is not in the register.
QualDocument import_document(store::Store& store, const NewDocument& doc, const std::string& text);

std::vector<QualDocument> list_documents(store::Store& store);
std::optional<QualDocument> find_document(store::Store& store, std::int64_t id);

// The id of the document of a case.
std::optional<std::int64_t> document_of_case(store::Store& store, const std::string& case_id);

// Removes a document with its passages, codings and memos, in one transaction, and gives
// it as it was (nothing: no such document). A document that holds codings or memos
// (coders' work) is removed only with `with_codings`; otherwise Error(usage) says how
// many, and nothing changes. A text to correct is removed and imported again (its passages
// may move).
std::optional<QualDocument> remove_document(store::Store& store, std::int64_t id, bool with_codings);

struct Passage {
  int number = 0;
  std::string text;
  std::vector<std::string> codes;  // of the coder asked for
  std::string memo;                // of the coder asked for
  std::size_t other_coders = 0;    // other coders who coded it
};
// The passages of a document with `coder`'s codes and memo.
std::vector<Passage> passages(store::Store& store, std::int64_t document_id, const std::string& coder);

// Replaces `coder`'s codes and memo on a passage, in one transaction; throws Error(usage)
// for an unknown passage, a code not in `known_codes` (when given) or a memo over 20,000
// characters.
void code_passage(store::Store& store, std::int64_t document_id, int number, const std::string& coder,
                  const std::vector<std::string>& codes, const std::string& memo,
                  const std::vector<std::string>& known_codes);

// Every stored coding as a coding table (case, segment = passage number, code, coder),
// ordered by case, passage, coder, code.
std::vector<Coding> stored_codings(store::Store& store);

// The exports (`code export`, /codage/codage.csv, /codage/memos.csv): the coding table
// (case, segment, code, coder, coded_at, passage text), read back by `code agreement FILE`;
// the memos (case, segment, coder, written_at, memo).
std::string codings_csv(store::Store& store);
std::string memos_csv(store::Store& store);

}  // namespace fabscope::collect
