// Answers to an instrument (docs/collect/answers.md): one submission is a record of
// answers by question name, with the instances of each repeat group as records of their
// own. Values are kept in ODK's canonical form whatever their source: choice names (space-
// separated for select_multiple), ISO dates, numbers as written by format_double, the text
// of "other, specify" in <question>_other.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "collect/instrument.hpp"
#include "core/lang.hpp"
#include "expr/xpath.hpp"

namespace fabscope::collect {

struct Record {
  std::map<std::string, std::string> values;           // by question name; no key = no answer
  std::map<std::string, std::vector<Record>> repeats;  // by repeat name, instances in order
  [[nodiscard]] std::string value(const std::string& name) const {
    const auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
  }
};

struct Submission {
  std::string instance_id;  // unique: a second submission with the same id is the same answer
  std::string workshop_id;  // the workshop answered for ("" when none)
  std::string submitted_at;
  std::map<std::string, std::string> meta;  // what the source tool recorded (_uuid, _submission_time…)
  Record data;
};

// How dates are written in a file: yyyy-mm-dd (ODK, Kobo), dd/mm/yyyy, mm/dd/yyyy.
enum class DateOrder { ymd, dmy, mdy };

struct ValueOptions {
  DateOrder dates = DateOrder::ymd;
  Lang lang = Lang::en;  // of the error messages (files: English like every located problem; web forms: the reader's)
  bool numeric_cell = false;  // the cell was a number in a spreadsheet (a date as a serial number)
};

// A raw answer read in canonical form: `value`, with the text of "other, specify" when the
// answer was not one of the choices and the question allows it; `error` when it cannot be
// read (then `value` is empty).
struct Normalised {
  std::string value;
  std::optional<std::string> other;
  std::string error;
};
Normalised normalise_answer(const Instrument& instrument, const Item& question, std::string_view raw,
                            const ValueOptions& options = {});

// A choice's text as shown to people: its label in `lang` (else any), or its name.
// Cascading choices: the names of the choices of `question`'s list that its choice_filter
// lets through (`county = ${county}`: a bare name is a column of the choices sheet, `name`
// the choice's own), `lookup` giving the answers its ${name} read, as seen from the
// question's record (inside a repeat: that instance first). nullopt when the question has
// no filter or the filter cannot be read (then nothing is filtered).
std::optional<std::set<std::string>> filtered_choices(const Instrument& instrument, const Item& question,
                                                      const std::function<expr::XValue(const std::string&)>& lookup,
                                                      const std::string& today);

std::string choice_label(const Instrument& instrument, const Item& question, const std::string& name,
                         const std::string& lang);

// A problem with a submission, named by question and repeat instance ("purchases[2]/amount").
struct AnswerProblem {
  std::string path;
  std::string question;
  bool error = true;  // false: a warning (an answer to a question that was not relevant…)
  std::string message;
};

// Checks submissions against their instrument as ODK would: calculations first (a value
// already given is kept), then for each question the group's and its own relevance,
// required, and its constraint on a non-empty answer. `today` (yyyy-mm-dd) is today().
// Expressions are parsed once per checker; those outside the supported subset are
// reported as warnings ("not checked") on every record they would have applied to.
class AnswerChecker {
 public:
  // `lang`: of the messages, and the form language whose constraint messages are used
  // (French: a "(fr)" language of the form, else its default).
  AnswerChecker(const Instrument& instrument, std::string today, Lang lang = Lang::en);
  ~AnswerChecker();
  AnswerChecker(const AnswerChecker&) = delete;
  AnswerChecker& operator=(const AnswerChecker&) = delete;
  // `relevant`, when given, receives the path of every group, repeat and question that is
  // relevant ("q", "g", "firms", "firms[2]/firm").
  std::vector<AnswerProblem> check(Record& record, std::set<std::string>* relevant = nullptr) const;

 private:
  struct State;
  struct Walk;  // one check of one record (answers.cpp)
  const Instrument& m_instrument;
  std::string m_today;
  Lang m_lang;
  std::unique_ptr<State> m_state;
};

// Drops the answers to questions that are not relevant (top level), as ODK does on saving.
void drop_irrelevant(const Instrument& instrument, Record& record, const std::string& today);

// Every question that holds an answer (not groups, notes or metadata), depth first, with
// the names of the repeats it sits in (outermost first).
struct AnswerColumn {
  const Item* question = nullptr;
  std::vector<std::string> repeats;
  bool other = false;  // the <question>_other column of an or_other select
  [[nodiscard]] std::string name() const { return other ? question->name + "_other" : question->name; }
};
std::vector<AnswerColumn> answer_columns(const Instrument& instrument);

// The repeat groups, depth first, each with its enclosing repeats (outermost first).
std::vector<std::pair<const Item*, std::vector<std::string>>> repeat_groups(const Instrument& instrument);

}  // namespace fabscope::collect
