// Answers collected elsewhere (KoboToolbox, ODK Central, Google Forms, LimeSurvey's CSV…)
// read against an instrument, row by row (docs/collect/answers.md):
// - a CSV, or an XLSX whose first sheet holds the submissions and whose other sheets hold
//   the repeat groups (Kobo's layout: _index / _parent_index / _parent_table_name), or a
//   CSV per repeat group (ODK Central's layout: KEY / PARENT_KEY);
// - a column is matched to a question by its name, its path ("group/question" or
//   "group-question"), or its label in any language (exports with labels as headers);
// - values as codes or labels; select_multiple as space-separated names or comma-separated
//   labels; an answer outside the choices goes to "other, specify" when the question has it.
// Every problem is located (file:line:column (question), or file!sheet:row:column); any
// error refuses the whole file.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "collect/answers.hpp"
#include "core/error.hpp"

namespace fabscope::collect {

struct AnswerFile {
  std::string label;  // names the file in messages
  std::string bytes;
  bool xlsx = false;
};

struct AnswerImportOptions {
  DateOrder dates = DateOrder::ymd;
  std::string today = "1970-01-01";           // today() in expressions
  std::map<std::string, AnswerFile> repeats;  // ODK Central: a CSV per repeat group, by repeat name
  std::string workshop_column;                // a column holding the workshop's register id
};

struct AnswerImport {
  std::vector<Submission> submissions;
  std::vector<Problem> warnings;
  std::size_t rows = 0;                                 // of the main table
  std::map<std::string, std::string> matched;           // column header → question, when not by name
  std::vector<std::string> meta_columns;                // recorded, not answers (_uuid, KEY…)
  std::map<std::string, std::size_t> others;            // question → answers put in "other, specify"
  std::map<std::string, std::size_t> repeat_instances;  // repeat → instances read
};

// Throws InputError with every problem (capped) when a value, a required answer, a
// constraint, a column or a link between tables is wrong.
AnswerImport read_answers(const Instrument& instrument, const AnswerFile& main, const AnswerImportOptions& options);

AnswerFile answer_file(const std::filesystem::path& path);

// ODK Central's "download all submissions" ZIP (<form>.zip): the main table <form>.csv and a
// CSV per repeat group, named <form>-<repeat>.csv (the repeat's name after the last
// hyphen-separated prefix that makes it one of the instrument's repeats); media/ and other
// non-CSV entries are skipped. Throws InputError naming the archive and its entries when
// there is not exactly one main CSV, a CSV names no repeat of the instrument, or a repeat
// comes twice.
struct ZipAnswers {
  AnswerFile main;
  std::map<std::string, AnswerFile> repeats;  // by repeat name
};
ZipAnswers answers_from_zip(const Instrument& instrument, std::string bytes, const std::string& label);

}  // namespace fabscope::collect
