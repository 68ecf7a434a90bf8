// Answers as the référentiel reads them (docs/collect/answers.md, "Answers in the scores"):
// for every workshop and every question, a number from the workshop's submissions, so that
// an indicator whose source is survey:NAME, interview:NAME or document:NAME gets a value.
#pragma once

#include <map>
#include <string>

#include "collect/answers.hpp"
#include "store/store.hpp"

namespace fabscope::collect {

struct AnswerValue {
  double value = 0;  // the mean over the respondents who answered
  std::size_t respondents = 0;
  bool fictitious = false;  // one of them is a demonstration's fictitious answer
};

// A question's answer as a number, or NaN when it has none:
// - integer, decimal, range, calculate: the number;
// - select_one with appearance likert: the choice's place on the scale, from 0 (first) to
//   1 (last); otherwise the choice's name when it is a number (scores 0–3); yes/oui → 1,
//   no/non → 0; otherwise its place in the list from 0 to 1 (the lists the référentiel
//   reads are ordered);
// - select_multiple: how many choices were ticked;
// - text and the rest: NaN (a text is read through qualitative coding, not here).
double numeric_answer(const Instrument& instrument, const Item& question, const std::string& value);

// Every workshop's answers: workshop id → question name → value, over every submission
// tied to a workshop (every form and version; the mean when several respondents answered);
// a question that fills a workshop field (the instrument's fabscope::field column) is also
// under "field:<field>", which the référentiel reads when the register lacks the field (a
// set-valued field, ticked in a select_multiple, also as its count: "field:offer_count").
// Only the workshop `workshop_id` when it is given.
std::map<std::string, std::map<std::string, AnswerValue>> workshop_answers(store::Store& store,
                                                                           const std::string& workshop_id = "");

}  // namespace fabscope::collect
