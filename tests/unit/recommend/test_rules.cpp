// Recommendation rules (src/recommend, docs/recommendations.md): broken files are refused
// with the file, line and key of every problem; a rule whose facts are missing says so
// instead of firing or staying silent; the strength of the evidence follows the intervals
// and the fictitious answers; the shipped rules read only documented facts.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "core/error.hpp"
#include "recommend/rules.hpp"
#include "referential/referential.hpp"
#include "support/test_support.hpp"
#include "territory/indicators.hpp"

namespace fabscope {
namespace {

constexpr const char* kBlocks = R"(
[[block]]
id = "b"
label_fr = "Bloc"
label_en = "Block"
)";

std::string rule(const std::string& body) {
  return std::string(kBlocks) + "\n[[rule]]\n" + body +
         "text_fr = \"t\"\ntext_en = \"t\"\nrationale_fr = \"r\"\nrationale_en = \"r\"\nsource = \"s\"\n";
}

std::string problems_of(const std::string& toml) {
  try {
    (void)recommend::parse_rules(toml, "rules.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(RecommendRules, BrokenFilesAreLocated) {
  // A condition that does not parse: its line, key and column.
  auto msg = problems_of(rule("id = \"x\"\nblock = \"b\"\naudience = \"workshop\"\nwhen = \"${a} < < 2\"\n"));
  EXPECT_NE(msg.find("rules.toml:7:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("rule « x ».when"), std::string::npos) << msg;
  EXPECT_NE(msg.find("at character"), std::string::npos) << msg;
  // An unknown block, an unknown audience, a missing text, an unknown key.
  msg = problems_of(std::string(kBlocks) +
                    "\n[[rule]]\nid = \"y\"\nblock = \"nope\"\naudience = \"region\"\nwhen = \"${a} > 1\"\n"
                    "text_fr = \"t\"\nrationale_fr = \"r\"\nrationale_en = \"r\"\nsource = \"s\"\ncolour = \"red\"\n");
  EXPECT_NE(msg.find("rules.toml:7 (rule « y ».block): « nope » is not a [[block]] of the file"), std::string::npos)
      << msg;
  EXPECT_NE(msg.find("(rule « y ».audience): « region » is not an audience"), std::string::npos) << msg;
  EXPECT_NE(msg.find("(rule « y ».text_en): is missing"), std::string::npos) << msg;
  EXPECT_NE(msg.find("rules.toml:16 (rule « y ».colour): unknown key"), std::string::npos) << msg;
  // Two rules with one id; a condition that reads no fact; peers on a territory rule.
  msg = problems_of(rule("id = \"z\"\nblock = \"b\"\naudience = \"workshop\"\nwhen = \"1 = 1\"\n") + "\n[[rule]]\n" +
                    "id = \"z\"\nblock = \"b\"\naudience = \"territory\"\nwhen = \"${q} > 1\"\npeers = \"q\"\n"
                    "text_fr = \"t\"\ntext_en = \"t\"\nrationale_fr = \"r\"\nrationale_en = \"r\"\nsource = \"s\"\n");
  EXPECT_NE(msg.find("reads no fact"), std::string::npos) << msg;
  EXPECT_NE(msg.find("« z » is already a rule"), std::string::npos) << msg;
  EXPECT_NE(msg.find("only a workshop rule shows peers"), std::string::npos) << msg;
  // Not TOML at all: the parser's line and column.
  msg = problems_of("[[rule]\nid = 1");
  EXPECT_NE(msg.find("rules.toml:1:"), std::string::npos) << msg;
  // No block at all.
  EXPECT_NE(problems_of("[[rule]]\nid = \"a\"\n").find("no [[block]]"), std::string::npos);
}

recommend::RuleSet one_rule(const std::string& when, const std::string& audience = "workshop") {
  return recommend::parse_rules(rule("id = \"r1\"\nblock = \"b\"\naudience = \"" + audience + "\"\nwhen = \"" + when + "\"\n"),
                                "rules.toml");
}

TEST(RecommendRules, MissingEvidenceIsNotShownAndSaysSo) {
  const auto rules = one_rule("${a} < 0.4 and ${b} >= 2");
  recommend::Facts facts;
  facts["a"].number = 0.1;
  auto f = recommend::apply(rules.rules.front(), facts);
  EXPECT_EQ(f.outcome, recommend::Outcome::missing);  // neither fires nor stays silent
  EXPECT_EQ(f.missing, std::vector<std::string>{"b"});
  ASSERT_EQ(f.evidence.size(), 1U);
  EXPECT_EQ(f.evidence.front().first, "a");
  // A fact present but unknown (NaN, no text) is missing too.
  facts["b"].number = recommend::kNone;
  EXPECT_EQ(recommend::apply(rules.rules.front(), facts).outcome, recommend::Outcome::missing);
  facts["b"].number = 1;
  f = recommend::apply(rules.rules.front(), facts);
  EXPECT_EQ(f.outcome, recommend::Outcome::holds_not);
  facts["b"].number = 3;
  f = recommend::apply(rules.rules.front(), facts);
  EXPECT_EQ(f.outcome, recommend::Outcome::fires);
  EXPECT_EQ(f.strength, recommend::Strength::strong);
  ASSERT_EQ(f.evidence.size(), 2U);
  EXPECT_EQ(f.evidence[1].second.number, 3);
  // apply_all keeps only the audience's rules.
  EXPECT_EQ(recommend::apply_all(rules, recommend::Audience::workshop, facts).size(), 1U);
  EXPECT_TRUE(recommend::apply_all(rules, recommend::Audience::territory, facts).empty());
}

TEST(RecommendRules, StrengthFollowsIntervalsAndFictitiousAnswers) {
  const auto rules = one_rule("${score_success} < 0.5 and ${archetype} = 'generic_fablab'");
  recommend::Facts facts;
  facts["archetype"].text = "generic_fablab";
  facts["score_success"] = {0.3, "", 0.2, 0.45, false, "score"};
  auto f = recommend::apply(rules.rules.front(), facts);
  EXPECT_EQ(f.outcome, recommend::Outcome::fires);
  EXPECT_EQ(f.strength, recommend::Strength::strong);  // holds over [0.2, 0.45]
  facts["score_success"].high = 0.55;
  f = recommend::apply(rules.rules.front(), facts);
  EXPECT_EQ(f.strength, recommend::Strength::moderate);  // the top of the interval undoes it
  EXPECT_EQ(f.fragile, std::vector<std::string>{"score_success"});
  facts["score_success"].fictitious = true;
  EXPECT_EQ(recommend::apply(rules.rules.front(), facts).strength, recommend::Strength::weak);
  facts["archetype"].text = "mediation";
  EXPECT_EQ(recommend::apply(rules.rules.front(), facts).outcome, recommend::Outcome::holds_not);
}

// The shipped rules parse, cover the four blocks and the three audiences, and read only
// facts the documentation lists (data/recommendations.toml's header, docs/recommendations.md).
TEST(RecommendRules, ShippedRulesReadDocumentedFacts) {
  const auto& rules = recommend::builtin_rules();
  EXPECT_EQ(rules.blocks.size(), 4U);
  std::set<std::string> audiences, blocks;
  for (const auto& r : rules.rules) {
    audiences.insert(std::string(recommend::audience_id(r.audience)));
    blocks.insert(r.block);
  }
  EXPECT_EQ(audiences.size(), 3U);
  EXPECT_EQ(blocks.size(), 4U);
  EXPECT_GE(rules.rules.size(), 15U);
  std::set<std::string> known = {"archetype", "kind", "laureate_2013", "qca_success_path", "impact_local_share",
                                 "impact_output_total", "impact_va_total", "own_revenue_share", "workshops",
                                 "workshops_per_100k", "white_zone_share", "white_zone_share_without_help", "evaluable_workshops", "mean_score_total",
                                 "mean_financial_autonomy", "mean_firm_projects", "evaluable_share"};
  for (const auto& ind : referential::Referential::builtin().indicators) known.insert(ind.id);
  for (const auto& d : territory::indicators()) known.insert(std::string(d.id));
  for (const auto& r : rules.rules) {
    if (r.audience == recommend::Audience::workshop || r.audience == recommend::Audience::territory) {
      known.insert("share_" + r.id);
    }
  }
  const auto docs = test::read_file(test::source_dir() / "docs/recommendations.md");
  for (const auto& r : rules.rules) {
    for (const auto& name : r.condition.names()) {
      const bool ok = known.contains(name) || name.rfind("score_", 0) == 0 || std::regex_match(name, std::regex("q_[a-z_0-9]+"));
      EXPECT_TRUE(ok) << r.id << " reads " << name;
    }
    EXPECT_NE(docs.find("`" + r.id + "`"), std::string::npos) << r.id << " is not in docs/recommendations.md";
  }
}

}  // namespace
}  // namespace fabscope
