// Recommendations with their evidence (docs/recommendations.md): the facts of a workshop, a
// territory or the nation read from the snapshot (the evaluation, its intervals, the
// analyses, the white zones) and the economic impacts, and the rules applied to them.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/impacts.hpp"
#include "app/snapshot.hpp"
#include "collect/answer_values.hpp"
#include "recommend/rules.hpp"

namespace fabscope::app {

// What the facts beyond the snapshot need: every workshop's declared figures and the table
// for the impact facts (null: no impact fact, the rules that read one are "not
// checkable"), and every workshop's answers (collect::workshop_answers: each question's
// number by its name, q_rev_public …).
struct FactSources {
  std::map<std::string, DeclaredFigures> declared;
  const impact::IoTable* table = nullptr;
  store::Store* store = nullptr;
  std::map<std::string, std::map<std::string, collect::AnswerValue>> answers;
  // Impact reports already computed (the fiche's impacts section), by workshop id: read
  // instead of computed again.
  std::map<std::string, WorkshopImpactReport> reports;
};
// The sources read from the store (answers, declared figures) with `table` (may be null):
// of every workshop, or of the workshop `workshop_id` only (a fiche).
FactSources fact_sources(store::Store& store, const impact::IoTable* table, const std::string& workshop_id = "");

recommend::Facts workshop_facts(const Snapshot& snap, std::size_t unit, const FactSources& impacts);
recommend::Facts territory_facts(const Snapshot& snap, territory::Level level, const std::string& code);

// A peer that does better than the workshop on an indicator (the rule's `peers`).
struct BetterPeer {
  std::string id, name;
  double value = 0;
};
std::vector<BetterPeer> better_peers(const Snapshot& snap, std::size_t unit, const std::string& indicator);

// How a workshop or territory rule fared over the panel.
struct RuleTally {
  const recommend::Rule* rule = nullptr;
  std::size_t fires = 0, holds_not = 0, missing = 0;
  std::size_t strong = 0, moderate = 0, weak = 0;
  std::vector<std::string> concerned;  // workshop ids or territory codes where it fires
  [[nodiscard]] double share() const {
    return fires + holds_not > 0 ? static_cast<double>(fires) / static_cast<double>(fires + holds_not) : recommend::kNone;
  }
};

struct NationalSynthesis {
  territory::Level level = territory::Level::dep;  // of the territories
  std::size_t workshops = 0, territories = 0;
  std::vector<RuleTally> workshop_rules, territory_rules;
  recommend::Facts facts;                   // the national facts (share_<rule> included)
  std::vector<recommend::Finding> national;  // the national rules on them
};

NationalSynthesis national_synthesis(const Snapshot& snap, const recommend::RuleSet& rules, const FactSources& impacts,
                                     territory::Level level = territory::Level::dep);

// A fact's name as people read it: the indicator's or the score's label, the territorial
// indicator's, a catalog entry "fact.<name>", else the name itself.
std::string fact_label(const std::string& name, Lang lang);
// A fact's value as people read it (a number with 3 significant decimals at most, or the
// archetype's name).
std::string fact_value(const std::string& name, const recommend::Fact& fact, Lang lang);

// The findings as JSON (the CLI's --format json and the API): every rule with its outcome,
// its strength, its evidence (value, interval, origin, fictitious), what it lacks, and for
// a workshop the peers that do better.
nlohmann::ordered_json findings_json(const std::vector<recommend::Finding>& findings, const recommend::RuleSet& rules,
                                     const Snapshot* snap = nullptr, std::optional<std::size_t> unit = {});
nlohmann::ordered_json synthesis_json(const NationalSynthesis& s, const recommend::RuleSet& rules);

}  // namespace fabscope::app
