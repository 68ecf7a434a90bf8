// Recommendations with their evidence (docs/recommendations.md).
#include "app/recommendations.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/catalog.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "referential/referential.hpp"
#include "workshops/fields.hpp"

namespace fabscope::app {
namespace {

using recommend::Fact;
using recommend::Facts;
using recommend::kNone;

constexpr double kWhiteZoneKm = 30;

// Whether the workshop's case is covered by the first model of the success QCA's
// parsimonious solution (the conservative one without remainders): 1, 0, or NaN when the
// QCA was not run or left the workshop out.
double success_path(const PanelAnalyses& a, const std::string& id) {
  if (!a.success) return kNone;
  const auto& q = *a.success;
  const auto it = std::find(q.case_ids.begin(), q.case_ids.end(), id);
  if (it == q.case_ids.end()) return kNone;
  const auto index = static_cast<std::size_t>(it - q.case_ids.begin());
  const auto& solution = q.parsimonious.models.empty() ? q.conservative : q.parsimonious;
  if (solution.models.empty()) return 0;
  for (const auto& term : solution.models.front().terms) {
    for (const auto& row : term.cases) {
      if (std::find(row.begin(), row.end(), index) != row.end()) return 1;
    }
  }
  return 0;
}

void impact_facts(const Snapshot& snap, std::size_t unit, const FactSources& in, Facts& f) {
  if (in.table == nullptr || in.store == nullptr) return;
  const auto& id = snap.evaluation.panel.units[unit].id;
  const auto it = in.declared.find(id);
  const auto* w = snap.workshop(id);
  if (it == in.declared.end() || w == nullptr || !w->row.commune) return;
  const auto cached = in.reports.find(id);
  const auto r = cached != in.reports.end() ? cached->second
                                            : workshop_impact_report(*in.store, *in.table, id, *w->row.commune,
                                                                     it->second, {});
  const bool fict = it->second.fictitious;
  if (r.impact.purchases_total > 0) {
    f["impact_local_share"] = {r.impact.local_purchases / r.impact.purchases_total, "", kNone, kNone, fict, "impacts"};
  }
  if (!std::isnan(r.impact.output.total())) {
    f["impact_output_total"] = {r.impact.output.total(), "", kNone, kNone, fict, "impacts"};
  }
  if (!std::isnan(r.impact.value_added.total())) {
    f["impact_va_total"] = {r.impact.value_added.total(), "", kNone, kNone, fict, "impacts"};
  }
}

// Per territory of a level: its workshops, its white-zone population, and means over its
// workshops, in one pass over the communes and the register.
struct TerritoryTally {
  std::size_t workshops = 0, evaluable = 0;
  double population = 0, white_population = 0;
  double white_help_population = 0;  // without a France services site either (NaN without the list)
  double score_sum = 0;
  double autonomy_sum = 0, firm_projects_sum = 0;
  std::size_t autonomy_n = 0, firm_projects_n = 0;
};

std::map<std::string, TerritoryTally> tally_territories(const Snapshot& snap, territory::Level level,
                                                        const std::string& only = "") {
  std::map<std::string, TerritoryTally> out;
  for (const auto& [code, r] : snap.reach(level, kWhiteZoneKm, only)) {
    auto& t = out[code];
    t.population = r.population;
    t.white_population = r.beyond;
    t.white_help_population = r.beyond_help;
  }
  const auto& e = snap.evaluation;
  const auto& ref = referential::Referential::active();
  std::optional<std::size_t> autonomy, firms;
  for (std::size_t k = 0; k < ref.indicators.size(); ++k) {
    if (ref.indicators[k].id == "s_financial_autonomy") autonomy = k;
    if (ref.indicators[k].id == "s_firm_projects") firms = k;
  }
  const std::size_t m = e.methods.size();
  for (const auto& w : snap.workshops) {
    if (!w.row.commune) continue;
    const auto code = snap.parent(*w.row.commune, level);
    if (code.empty() || (!only.empty() && code != only)) continue;
    auto& t = out[code];
    ++t.workshops;
    if (!w.unit) continue;
    if (e.evaluable(*w.unit, e.total_node())) {
      ++t.evaluable;
      t.score_sum += e.total(*w.unit);
    }
    const auto add = [&](std::optional<std::size_t> col, double& sum, std::size_t& n) {
      if (!col) return;
      const double v = e.panel.values[*w.unit * m + *col];
      if (std::isnan(v)) return;
      sum += v;
      ++n;
    };
    add(autonomy, t.autonomy_sum, t.autonomy_n);
    add(firms, t.firm_projects_sum, t.firm_projects_n);
  }
  return out;
}

Facts facts_of(const territory::Unit& u, const TerritoryTally& t) {
  Facts f;
  const auto& defs = territory::indicators();
  for (std::size_t k = 0; k < defs.size(); ++k) {
    if (!std::isnan(u.values[k])) f[std::string(defs[k].id)] = {u.values[k], "", kNone, kNone, false, "territory"};
  }
  const auto number = [&](const char* name, double v, const char* origin) {
    if (!std::isnan(v)) f[name] = {v, "", kNone, kNone, false, origin};
  };
  number("workshops", static_cast<double>(t.workshops), "register");
  const double pop = u.values[*territory::indicator_index("population")];
  if (pop > 0) number("workshops_per_100k", 1e5 * static_cast<double>(t.workshops) / pop, "register");
  number("white_zone_share", t.population > 0 ? t.white_population / t.population : kNone, "access");
  number("white_zone_share_without_help", t.population > 0 ? t.white_help_population / t.population : kNone,
         "access");
  number("evaluable_workshops", static_cast<double>(t.evaluable), "referential");
  number("mean_score_total", t.evaluable > 0 ? t.score_sum / static_cast<double>(t.evaluable) : kNone, "referential");
  number("mean_financial_autonomy", t.autonomy_n > 0 ? t.autonomy_sum / static_cast<double>(t.autonomy_n) : kNone,
         "referential");
  number("mean_firm_projects",
         t.firm_projects_n > 0 ? t.firm_projects_sum / static_cast<double>(t.firm_projects_n) : kNone, "referential");
  return f;
}

void count(RuleTally& t, const recommend::Finding& f, const std::string& where) {
  switch (f.outcome) {
    case recommend::Outcome::fires:
      ++t.fires;
      t.concerned.push_back(where);
      (f.strength == recommend::Strength::strong     ? t.strong
       : f.strength == recommend::Strength::moderate ? t.moderate
                                                     : t.weak)++;
      break;
    case recommend::Outcome::holds_not: ++t.holds_not; break;
    case recommend::Outcome::missing: ++t.missing; break;
  }
}

}  // namespace

Facts workshop_facts(const Snapshot& snap, std::size_t unit, const FactSources& impacts) {
  const auto& e = snap.evaluation;
  const auto& ref = referential::Referential::active();
  const auto& pu = e.panel.units[unit];
  const std::size_t m = e.methods.size();
  Facts f;
  for (std::size_t col = 0; col < m && col < ref.indicators.size(); ++col) {
    const double v = e.panel.values[unit * m + col];
    const auto& ind = ref.indicators[col];
    if (std::isnan(v)) continue;
    // Fictitious when the workshop has demonstration answers and the value may come from
    // them: not a territorial indicator, not a field the register itself holds.
    bool from_answers = pu.fictitious && ind.source.kind != referential::SourceKind::territory;
    if (from_answers && ind.source.kind == referential::SourceKind::workshop) {
      const auto* field = workshops::find_numeric_field(ind.source.name);
      from_answers = field == nullptr || std::isnan(field->value(pu.record));
    }
    f[ind.id] = {v, "", kNone, kNone, from_answers, "referential"};
  }
  for (std::size_t nd = 0; nd < e.nodes.size(); ++nd) {
    const double s = e.score(unit, nd);
    if (std::isnan(s)) continue;
    Fact fact{s, "", kNone, kNone, pu.fictitious, "score"};
    if (snap.uncertainty) {
      if (const auto it = snap.uncertainty->by_node.find(nd); it != snap.uncertainty->by_node.end()) {
        fact.low = it->second[unit].p05_score;
        fact.high = it->second[unit].p95_score;
      }
    }
    f["score_" + e.nodes[nd]] = fact;
  }
  if (unit < snap.analyses.archetypes.size() && !snap.analyses.archetypes[unit].archetype.empty()) {
    f["archetype"] = {kNone, snap.analyses.archetypes[unit].archetype, kNone, kNone, false, "analyses"};
  }
  if (!pu.kind.empty()) f["kind"] = {kNone, pu.kind, kNone, kNone, false, "register"};
  f["laureate_2013"] = {pu.record.laureate_2013.value_or(false) ? 1.0 : 0.0, "", kNone, kNone, false, "register"};
  for (std::size_t k = 0; k < std::size(referential::kContext) && k < pu.context.size(); ++k) {
    if (!std::isnan(pu.context[k])) {
      f[std::string(referential::kContext[k].id)] = {pu.context[k], "", kNone, kNone, false, "territory"};
    }
  }
  if (const double path = success_path(snap.analyses, pu.id); !std::isnan(path)) {
    f["qca_success_path"] = {path, "", kNone, kNone, pu.fictitious, "analyses"};
  }
  impact_facts(snap, unit, impacts, f);
  // The answers, each question by its name; and the share of own revenues, from the
  // référentiel's financial autonomy or else from the declared share of public subsidies.
  if (const auto it = impacts.answers.find(pu.id); it != impacts.answers.end()) {
    for (const auto& [name, a] : it->second) {
      if (name.rfind("field:", 0) != 0) f[name] = {a.value, "", kNone, kNone, a.fictitious, "answers"};
    }
  }
  if (const auto a = f.find("s_financial_autonomy"); a != f.end()) {
    f["own_revenue_share"] = {a->second.number, "", kNone, kNone, a->second.fictitious, "referential"};
  } else if (const auto q = f.find("q_rev_public"); q != f.end()) {
    f["own_revenue_share"] = {1 - q->second.number / 100, "", kNone, kNone, q->second.fictitious, "answers"};
  }
  return f;
}

FactSources fact_sources(store::Store& store, const impact::IoTable* table, const std::string& workshop_id) {
  FactSources s;
  s.store = &store;
  s.table = table;
  s.declared = declared_figures(store, workshop_id);
  s.answers = collect::workshop_answers(store, workshop_id);
  return s;
}

Facts territory_facts(const Snapshot& snap, territory::Level level, const std::string& code) {
  const auto* u = snap.unit(level, code);
  if (u == nullptr) {
    throw Error(ExitCode::not_found, fmt::format("no {} with the code {}", territory::level_id(level), code),
                fmt::format("pas de territoire {} de code {}", territory::level_id(level), code));
  }
  const auto tallies = tally_territories(snap, level, code);
  const auto it = tallies.find(code);
  return facts_of(*u, it == tallies.end() ? TerritoryTally{} : it->second);
}

std::vector<BetterPeer> better_peers(const Snapshot& snap, std::size_t unit, const std::string& indicator) {
  std::vector<BetterPeer> out;
  const auto& e = snap.evaluation;
  const auto& ref = referential::Referential::active();
  if (!snap.analyses.peers || unit >= snap.analyses.peers->units.size()) return out;
  std::optional<std::size_t> col;
  for (std::size_t k = 0; k < ref.indicators.size(); ++k) {
    if (ref.indicators[k].id == indicator) col = k;
  }
  if (!col) return out;
  const std::size_t m = e.methods.size();
  const double own = e.panel.values[unit * m + *col];
  const bool lower = e.methods[*col].direction == referential::Direction::lower_better;
  const auto& p = *snap.analyses.peers;
  for (const auto& peer : p.units[unit].peers) {
    const auto& id = p.input.names[peer.unit];
    const auto* w = snap.workshop(id);
    if (w == nullptr || !w->unit) continue;
    const double v = e.panel.values[*w->unit * m + *col];
    if (std::isnan(v)) continue;
    if (std::isnan(own) || (lower ? v < own : v > own)) out.push_back({w->row.id, w->row.name, v});
  }
  return out;
}

NationalSynthesis national_synthesis(const Snapshot& snap, const recommend::RuleSet& rules, const FactSources& impacts,
                                     territory::Level level) {
  NationalSynthesis out;
  out.level = level;
  std::map<std::string, std::size_t> index;
  for (const auto& r : rules.rules) {
    auto& list = r.audience == recommend::Audience::workshop ? out.workshop_rules : out.territory_rules;
    if (r.audience == recommend::Audience::national) continue;
    index[r.id] = list.size();
    RuleTally t;
    t.rule = &r;
    list.push_back(std::move(t));
  }
  const auto& e = snap.evaluation;
  out.workshops = e.panel.units.size();
  for (std::size_t u = 0; u < e.panel.units.size(); ++u) {
    const auto facts = workshop_facts(snap, u, impacts);
    for (const auto& f : recommend::apply_all(rules, recommend::Audience::workshop, facts)) {
      count(out.workshop_rules[index.at(f.rule->id)], f, e.panel.units[u].id);
    }
  }
  const auto tallies = tally_territories(snap, level);
  for (const auto& t : snap.level(level)) {
    const auto it = tallies.find(t.code);
    const auto facts = facts_of(t, it == tallies.end() ? TerritoryTally{} : it->second);
    ++out.territories;
    for (const auto& f : recommend::apply_all(rules, recommend::Audience::territory, facts)) {
      count(out.territory_rules[index.at(f.rule->id)], f, t.code);
    }
  }
  // The national facts.
  auto& f = out.facts;
  f["workshops"] = {static_cast<double>(snap.workshops.size()), "", kNone, kNone, false, "register"};
  std::size_t evaluable = 0;
  for (std::size_t u = 0; u < e.panel.units.size(); ++u) evaluable += e.evaluable(u, e.total_node()) ? 1 : 0;
  if (!e.panel.units.empty()) {
    f["evaluable_share"] = {static_cast<double>(evaluable) / static_cast<double>(e.panel.units.size()), "", kNone,
                            kNone, false, "referential"};
  }
  for (const auto& [code, r] : snap.reach(territory::Level::fr, kWhiteZoneKm)) {
    if (!std::isnan(r.beyond_share())) f["white_zone_share"] = {r.beyond_share(), "", kNone, kNone, false, "access"};
    if (!std::isnan(r.beyond_help_share())) {
      f["white_zone_share_without_help"] = {r.beyond_help_share(), "", kNone, kNone, false, "access"};
    }
  }
  for (const auto* list : {&out.workshop_rules, &out.territory_rules}) {
    for (const auto& t : *list) {
      const bool fict = t.weak > 0 && t.weak * 2 >= t.fires;  // mostly from fictitious answers
      if (!std::isnan(t.share())) f["share_" + t.rule->id] = {t.share(), "", kNone, kNone, fict, "rules"};
    }
  }
  out.national = recommend::apply_all(rules, recommend::Audience::national, f);
  return out;
}

std::string fact_label(const std::string& name, Lang lang) {
  const auto& ref = referential::Referential::active();
  for (const auto& ind : ref.indicators) {
    if (ind.id == name) return pick(lang, ind.label_fr, ind.label_en);
  }
  if (name.rfind("score_", 0) == 0) {
    return fmt::format("{} {}", tr(lang, "fact.score"), ref.node_label(name.substr(6), lang));
  }
  if (const auto k = territory::indicator_index(name)) {
    const auto& d = territory::indicators()[*k];
    return std::string(lang == Lang::fr ? d.label_fr : d.label_en);
  }
  if (name.rfind("share_", 0) == 0) return fmt::format(fmt::runtime(tr(lang, "fact.share_of_rule")), name.substr(6));
  if (find_text("fact." + name) != nullptr) return tr(lang, "fact." + name);
  return name;
}

std::string fact_value(const std::string& name, const Fact& fact, Lang lang) {
  if (!fact.text.empty()) {
    return name == "archetype" ? analysis::builtin_archetypes().name(fact.text, lang) : fact.text;
  }
  const double v = fact.number;
  const int decimals = std::abs(v) >= 100 ? 0 : std::abs(v) >= 10 ? 1 : 3;
  return text::number(lang, v, decimals);
}

namespace {

nlohmann::ordered_json fact_json(const std::string& name, const Fact& f) {
  nlohmann::ordered_json j;
  j["fact"] = name;
  if (f.text.empty()) {
    j["value"] = f.number;
  } else {
    j["value"] = f.text;
  }
  if (f.has_interval()) j["interval"] = {f.low, f.high};
  j["origin"] = f.origin;
  j["fictitious"] = f.fictitious;
  return j;
}

}  // namespace

nlohmann::ordered_json findings_json(const std::vector<recommend::Finding>& findings, const recommend::RuleSet& rules,
                                     const Snapshot* snap, std::optional<std::size_t> unit) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& f : findings) {
    const auto& r = *f.rule;
    nlohmann::ordered_json j;
    j["rule"] = r.id;
    j["block"] = r.block;
    j["audience"] = recommend::audience_id(r.audience);
    j["outcome"] = recommend::outcome_id(f.outcome);
    if (f.outcome == recommend::Outcome::fires) j["strength"] = recommend::strength_id(f.strength);
    j["when"] = r.when;
    j["text_fr"] = r.text_fr;
    j["text_en"] = r.text_en;
    j["rationale_fr"] = r.rationale_fr;
    j["rationale_en"] = r.rationale_en;
    j["source"] = r.source;
    nlohmann::ordered_json evidence = nlohmann::ordered_json::array();
    for (const auto& [name, fact] : f.evidence) evidence.push_back(fact_json(name, fact));
    j["evidence"] = evidence;
    j["missing"] = f.missing;
    j["fragile"] = f.fragile;
    if (snap != nullptr && unit && !r.peers.empty() && f.outcome == recommend::Outcome::fires) {
      nlohmann::ordered_json peers = nlohmann::ordered_json::array();
      for (const auto& p : better_peers(*snap, *unit, r.peers)) {
        peers.push_back({{"workshop", p.id}, {"name", p.name}, {r.peers, p.value}});
      }
      j["better_peers"] = peers;
    }
    out.push_back(std::move(j));
  }
  (void)rules;
  return out;
}

nlohmann::ordered_json synthesis_json(const NationalSynthesis& s, const recommend::RuleSet& rules) {
  nlohmann::ordered_json out;
  out["rules"] = rules.source;
  out["workshops"] = s.workshops;
  out["territory_level"] = territory::level_id(s.level);
  out["territories"] = s.territories;
  for (const auto& [key, list] : {std::pair{"workshop_rules", &s.workshop_rules}, {"territory_rules", &s.territory_rules}}) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& t : *list) {
      arr.push_back({{"rule", t.rule->id},
                     {"block", t.rule->block},
                     {"fires", t.fires},
                     {"holds_not", t.holds_not},
                     {"missing", t.missing},
                     {"share", std::isnan(t.share()) ? nlohmann::ordered_json() : nlohmann::ordered_json(t.share())},
                     {"strong", t.strong},
                     {"moderate", t.moderate},
                     {"weak", t.weak},
                     {"concerned", t.concerned}});
    }
    out[key] = arr;
  }
  nlohmann::ordered_json facts = nlohmann::ordered_json::array();
  for (const auto& [name, fact] : s.facts) facts.push_back(fact_json(name, fact));
  out["national_facts"] = facts;
  out["national"] = findings_json(s.national, rules);
  return out;
}

}  // namespace fabscope::app
