// Recommendations as data (data/recommendations.toml, docs/recommendations.md): each rule is
// a condition over named facts — indicators, scores, the archetype, the territory, the QCA
// of success, the economic impacts — that, when it holds, gives a recommendation in French
// and English for an audience (a workshop, a territory, national policy), in a block, with
// its rationale and its source. Pure: the rules and the facts -> findings with their
// evidence and how strong it is.
#pragma once

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "core/lang.hpp"
#include "expr/xpath.hpp"

namespace fabscope::recommend {

enum class Audience { workshop, territory, national };
std::string_view audience_id(Audience a);

struct Block {
  std::string id, label_fr, label_en, summary_fr, summary_en;
};

struct Rule {
  std::string id, block;
  Audience audience = Audience::workshop;
  std::string when;  // the condition as written (XLSForm's expression language over ${fact})
  expr::XPath condition;
  std::string text_fr, text_en, rationale_fr, rationale_en, source;
  std::string peers;  // workshop rules: an indicator on which peers that do better are shown
  std::int64_t line = 0;
  [[nodiscard]] const std::string& text(Lang lang) const { return pick(lang, text_fr, text_en); }
  [[nodiscard]] const std::string& rationale(Lang lang) const { return pick(lang, rationale_fr, rationale_en); }
};

struct RuleSet {
  std::string source;  // the file, as named in messages
  std::vector<Block> blocks;
  std::vector<Rule> rules;
  [[nodiscard]] const Block* block(const std::string& id) const;
};

// Throws InputError naming the file, the line and the key of every problem: a missing or
// unknown key, an unknown block or audience, a duplicate id, a condition that does not
// parse (with its column), a condition that reads no fact.
RuleSet parse_rules(const std::string& toml, const std::string& label);
const RuleSet& builtin_rules();  // data/recommendations.toml

inline constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

// One fact: a number or a text (archetype, kind), with, for a score, its 5–95 % interval;
// `fictitious` when it rests on demonstration answers; `origin` says where it comes from.
struct Fact {
  double number = kNone;
  std::string text;
  double low = kNone, high = kNone;
  bool fictitious = false;
  std::string origin;  // referential, score, territory, analyses, impacts, panel, rules
  [[nodiscard]] bool known() const { return !std::isnan(number) || !text.empty(); }
  [[nodiscard]] bool has_interval() const { return !std::isnan(low) && !std::isnan(high); }
};
using Facts = std::map<std::string, Fact>;

enum class Outcome { fires, holds_not, missing };
// strong: the condition holds whatever the value of each score within its interval, on real
// data; moderate: it holds on the scores' values but not across one of their intervals;
// weak: it rests on fictitious answers.
enum class Strength { strong, moderate, weak };
std::string_view outcome_id(Outcome o);
std::string_view strength_id(Strength s);

struct Finding {
  const Rule* rule = nullptr;
  Outcome outcome = Outcome::holds_not;
  Strength strength = Strength::strong;
  std::vector<std::pair<std::string, Fact>> evidence;  // each fact the condition reads, once, in order
  std::vector<std::string> missing;                    // the facts it lacks (outcome missing)
  std::vector<std::string> fragile;                    // scores whose interval can undo the condition
};

// A rule on facts: `missing` when a fact it reads is unknown (neither fires nor stays silent).
Finding apply(const Rule& rule, const Facts& facts);
// Every rule of the audience, in the file's order.
std::vector<Finding> apply_all(const RuleSet& rules, Audience audience, const Facts& facts);

}  // namespace fabscope::recommend
