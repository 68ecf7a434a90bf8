// Recommendation rules (docs/recommendations.md).
#include "recommend/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/toml.hpp"

namespace fabscope::recommend {

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_recommend_files();

std::string_view audience_id(Audience a) {
  switch (a) {
    case Audience::workshop: return "workshop";
    case Audience::territory: return "territory";
    case Audience::national: return "national";
  }
  return "workshop";
}

std::string_view outcome_id(Outcome o) {
  switch (o) {
    case Outcome::fires: return "fires";
    case Outcome::holds_not: return "holds_not";
    case Outcome::missing: return "missing";
  }
  return "missing";
}

std::string_view strength_id(Strength s) {
  switch (s) {
    case Strength::strong: return "strong";
    case Strength::moderate: return "moderate";
    case Strength::weak: return "weak";
  }
  return "weak";
}

const Block* RuleSet::block(const std::string& id) const {
  for (const auto& b : blocks) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

namespace {

// A string key of a table, or "" with a problem when `required` and absent.
std::string text_of(const toml::table& t, const char* key, bool required, const std::string& label,
                    std::int64_t line, const std::string& where, ProblemList& problems) {
  if (const auto* v = t.get_as<std::string>(key)) return v->get();
  if (t.contains(key)) {
    problems.add({label, line, 0, fmt::format("{}.{}", where, key)}, "must be a text");
  } else if (required) {
    problems.add({label, line, 0, fmt::format("{}.{}", where, key)}, "is missing");
  }
  return {};
}

void check_keys(const toml::table& t, std::initializer_list<std::string_view> known, const std::string& label,
                std::int64_t line, const std::string& where, ProblemList& problems) {
  for (const auto& [key, node] : t) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      problems.add({label, io::toml_line(node), 0, fmt::format("{}.{}", where, key.str())},
                   fmt::format("unknown key (known: {})", fmt::join(known, ", ")));
    }
  }
  (void)line;
}

void parse_blocks(const toml::table& root, const std::string& label, RuleSet& out, ProblemList& problems) {
  const auto* blocks = root.get_as<toml::array>("block");
  if (blocks == nullptr) {
    problems.add({label, 0, 0, "block"}, "no [[block]]");
    return;
  }
  for (std::size_t k = 0; k < blocks->size(); ++k) {
    const auto* t = blocks->get(k)->as_table();
    const auto line = io::toml_line(*blocks->get(k));
    const auto where = fmt::format("block[{}]", k + 1);
    if (t == nullptr) {
      problems.add({label, line, 0, where}, "must be a table");
      continue;
    }
    check_keys(*t, {"id", "label_fr", "label_en", "summary_fr", "summary_en"}, label, line, where, problems);
    Block b;
    b.id = text_of(*t, "id", true, label, line, where, problems);
    b.label_fr = text_of(*t, "label_fr", true, label, line, where, problems);
    b.label_en = text_of(*t, "label_en", true, label, line, where, problems);
    b.summary_fr = text_of(*t, "summary_fr", false, label, line, where, problems);
    b.summary_en = text_of(*t, "summary_en", false, label, line, where, problems);
    if (!b.id.empty() && out.block(b.id) != nullptr) {
      problems.add({label, line, 0, where + ".id"}, fmt::format("« {} » is already a block", b.id));
    }
    out.blocks.push_back(std::move(b));
  }
}

void parse_rule(const toml::table& t, std::int64_t line, const std::string& where, const std::string& label,
                RuleSet& out, std::set<std::string>& ids, ProblemList& problems) {
  check_keys(t,
             {"id", "block", "audience", "when", "text_fr", "text_en", "rationale_fr", "rationale_en", "source", "peers"},
             label, line, where, problems);
  Rule r;
  r.line = line;
  r.id = text_of(t, "id", true, label, line, where, problems);
  r.block = text_of(t, "block", true, label, line, where, problems);
  const auto audience = text_of(t, "audience", true, label, line, where, problems);
  r.when = text_of(t, "when", true, label, line, where, problems);
  r.text_fr = text_of(t, "text_fr", true, label, line, where, problems);
  r.text_en = text_of(t, "text_en", true, label, line, where, problems);
  r.rationale_fr = text_of(t, "rationale_fr", true, label, line, where, problems);
  r.rationale_en = text_of(t, "rationale_en", true, label, line, where, problems);
  r.source = text_of(t, "source", true, label, line, where, problems);
  r.peers = text_of(t, "peers", false, label, line, where, problems);
  if (!r.id.empty() && !ids.insert(r.id).second) {
    problems.add({label, line, 0, where + ".id"}, fmt::format("« {} » is already a rule", r.id));
  }
  if (!r.block.empty() && out.block(r.block) == nullptr) {
    problems.add({label, line, 0, where + ".block"}, fmt::format("« {} » is not a [[block]] of the file", r.block));
  }
  if (audience == "workshop") {
    r.audience = Audience::workshop;
  } else if (audience == "territory") {
    r.audience = Audience::territory;
  } else if (audience == "national") {
    r.audience = Audience::national;
  } else if (!audience.empty()) {
    problems.add({label, line, 0, where + ".audience"},
                 fmt::format("« {} » is not an audience: workshop, territory or national", audience));
  }
  if (!r.peers.empty() && r.audience != Audience::workshop) {
    problems.add({label, line, 0, where + ".peers"}, "only a workshop rule shows peers");
  }
  if (!r.when.empty()) {
    try {
      r.condition = expr::XPath::parse(r.when);
      if (r.condition.names().empty()) {
        problems.add({label, line, 0, where + ".when"}, "the condition reads no fact (${name})");
      }
    } catch (const expr::ParseError& e) {
      problems.add({label, line, static_cast<std::int64_t>(e.column()), where + ".when"},
                   fmt::format("{} at character {} of « {} »", e.reason(), e.column(), r.when));
    }
  }
  out.rules.push_back(std::move(r));
}

}  // namespace

RuleSet parse_rules(const std::string& toml, const std::string& label) {
  const toml::table root = io::parse_toml(toml, label);
  RuleSet out;
  out.source = label;
  ProblemList problems;
  for (const auto& [key, node] : root) {
    if (key.str() != "block" && key.str() != "rule") {
      problems.add({label, io::toml_line(node), 0, std::string(key.str())}, "unknown key (known: block, rule)");
    }
  }
  parse_blocks(root, label, out, problems);
  const auto* rules = root.get_as<toml::array>("rule");
  if (rules == nullptr) problems.add({label, 0, 0, "rule"}, "no [[rule]]");
  std::set<std::string> ids;
  for (std::size_t k = 0; rules != nullptr && k < rules->size(); ++k) {
    const auto line = io::toml_line(*rules->get(k));
    const auto* t = rules->get(k)->as_table();
    if (t == nullptr) {
      problems.add({label, line, 0, fmt::format("rule[{}]", k + 1)}, "must be a table");
      continue;
    }
    const auto* id = t->get_as<std::string>("id");
    parse_rule(*t, line, id != nullptr ? fmt::format("rule « {} »", id->get()) : fmt::format("rule[{}]", k + 1), label,
               out, ids, problems);
  }
  problems.throw_if_any();
  return out;
}

const RuleSet& builtin_rules() {
  static const RuleSet rules = [] {
    for (const auto& [name, text] : embedded_recommend_files()) {
      if (name == "recommendations.toml") return parse_rules(std::string(text), "data/recommendations.toml");
    }
    throw Error(ExitCode::failure, "the built-in recommendations are missing");
  }();
  return rules;
}

namespace {

bool holds(const Rule& rule, const Facts& facts, const std::string& moved = "", double value = kNone) {
  expr::XContext context;
  context.lookup = [&](const std::string& name) -> expr::XValue {
    if (name == moved) return value;
    const auto it = facts.find(name);
    if (it == facts.end()) return std::string();
    if (!it->second.text.empty()) return it->second.text;
    return it->second.number;
  };
  return rule.condition.test(context);
}

}  // namespace

Finding apply(const Rule& rule, const Facts& facts) {
  Finding f;
  f.rule = &rule;
  std::set<std::string> seen;
  bool fictitious = false;
  for (const auto& name : rule.condition.names()) {
    if (!seen.insert(name).second) continue;
    const auto it = facts.find(name);
    if (it == facts.end() || !it->second.known()) {
      f.missing.push_back(name);
      continue;
    }
    f.evidence.emplace_back(name, it->second);
    fictitious = fictitious || it->second.fictitious;
  }
  if (!f.missing.empty()) {
    f.outcome = Outcome::missing;
    return f;
  }
  f.outcome = holds(rule, facts) ? Outcome::fires : Outcome::holds_not;
  if (f.outcome != Outcome::fires) return f;
  // How strong: the condition must still hold with each score at either end of its interval.
  for (const auto& [name, fact] : f.evidence) {
    if (!fact.has_interval()) continue;
    if (!holds(rule, facts, name, fact.low) || !holds(rule, facts, name, fact.high)) f.fragile.push_back(name);
  }
  f.strength = fictitious ? Strength::weak : f.fragile.empty() ? Strength::strong : Strength::moderate;
  return f;
}

std::vector<Finding> apply_all(const RuleSet& rules, Audience audience, const Facts& facts) {
  std::vector<Finding> out;
  for (const auto& r : rules.rules) {
    if (r.audience == audience) out.push_back(apply(r, facts));
  }
  return out;
}

}  // namespace fabscope::recommend
