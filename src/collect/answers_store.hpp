// Answers in the store (migration 0006, docs/collect/answers.md) and their exports: one
// table per repeat group linked by keys (nothing dropped), as CSV files, XLSX sheets or
// JSON; choices as codes or labels.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "collect/answers.hpp"
#include "collect/repository.hpp"
#include "store/store.hpp"

namespace fabscope::collect {

struct StoredSubmission {
  std::int64_t id = 0;
  std::string form_id;
  int version = 0;
  std::string origin, source, received_at;
  bool fictitious = false;
  std::int64_t invitation_id = 0;  // the campaign link it was answered through (0: imported)
  Submission submission;
};

struct SaveResult {
  std::size_t inserted = 0;
  std::size_t already = 0;  // instance ids already in the store: left as they were
};

// Stores the submissions of one form version in one transaction (all or nothing); a
// submission whose instance id is already stored is skipped and counted in `already`.
SaveResult save_submissions(store::Store& store, const StoredInstrument& instrument,
                            const std::vector<Submission>& submissions, const std::string& origin, bool fictitious);

// Every submission to a form (every version), in the order received; with `campaign_id`,
// only those answered through that campaign's links.
std::vector<StoredSubmission> load_submissions(store::Store& store, const std::string& form_id,
                                               std::int64_t campaign_id = 0);

std::string record_json(const Record& record);
Record record_from_json(const std::string& text);

// One exported table: the submissions' answers outside repeats, or one repeat group's
// instances. KEY and PARENT_KEY link them (ODK Central's convention, read back by import).
struct AnswerTable {
  std::string name;  // form_id, or form_id-repeat
  std::string repeat;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct ExportOptions {
  bool labels = false;  // choices as labels in `lang` rather than names
  std::string lang;
};

std::vector<AnswerTable> answer_tables(const Instrument& instrument, const std::vector<StoredSubmission>& submissions,
                                       const ExportOptions& options);
// A table as CSV (comma, header, RFC 4180 quoting, \n), as ODK Central writes it.
std::string answer_table_csv(const AnswerTable& table);
// How many answered each question outside repeats and, for a select, chose each choice
// (in the list's order, "other" last): one row per question, then one per choice chosen.
struct AnswerCount {
  std::string question, choice;  // choice "" on the question's own row
  std::size_t answers = 0;
};
std::vector<AnswerCount> answer_counts(const Instrument& instrument, const std::vector<StoredSubmission>& submissions);

// JSON: an array of submissions, repeat instances nested.
std::string answers_json(const Instrument& instrument, const std::vector<StoredSubmission>& submissions,
                         const ExportOptions& options);

}  // namespace fabscope::collect
