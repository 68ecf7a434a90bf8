// fabscope recommend workshop|territory|national|check (docs/commands/recommend.md)
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "app/recommendations.hpp"
#include "app/snapshot.hpp"
#include "cli/command.hpp"
#include "cli/format.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"

namespace fabscope::cli {
namespace {

enum class Mode { workshop, territory, national };

std::string strength_text(Lang lang, const recommend::Finding& f) {
  return tr(lang, fmt::format("recommend.strength.{}", recommend::strength_id(f.strength)));
}

// One recommendation as text: what to do, why, the evidence, the peers, the source.
std::string finding_text(const recommend::Finding& f, Lang lang, const app::Snapshot* snap,
                         std::optional<std::size_t> unit) {
  const auto& r = *f.rule;
  std::string out = fmt::format("  ● {} [{}]\n", r.text(lang), strength_text(lang, f));
  out += fmt::format("    {}{} {}\n", tr(lang, "recommend.why"), text::colon(lang), r.rationale(lang));
  std::vector<std::string> evidence;
  for (const auto& [name, fact] : f.evidence) {
    std::string e = fmt::format("{} ({}) = {}", app::fact_label(name, lang), name, app::fact_value(name, fact, lang));
    if (fact.has_interval()) {
      e += fmt::format(" [{}–{}]", text::number(lang, fact.low, 3), text::number(lang, fact.high, 3));
    }
    if (fact.fictitious) e += " ✱";
    evidence.push_back(std::move(e));
  }
  out += fmt::format("    {}{} {}\n", tr(lang, "recommend.evidence"), text::colon(lang), fmt::join(evidence, " ; "));
  if (!f.fragile.empty()) {
    out += fmt::format("    {}{} {}\n", tr(lang, "recommend.fragile"), text::colon(lang), fmt::join(f.fragile, ", "));
  }
  if (snap != nullptr && unit && !r.peers.empty()) {
    std::vector<std::string> peers;
    for (const auto& p : app::better_peers(*snap, *unit, r.peers)) {
      peers.push_back(fmt::format("{} ({})", p.name, text::number(lang, p.value, 2)));
    }
    if (!peers.empty()) {
      out += fmt::format("    {}{} {}\n", tr(lang, "recommend.peers"), text::colon(lang), fmt::join(peers, ", "));
    }
  }
  out += fmt::format("    {}{} {} ({})\n", tr(lang, "recommend.source"), text::colon(lang), r.source, r.id);
  return out;
}

// The findings grouped by block, then the rules that could not be checked.
std::string findings_text(const std::vector<recommend::Finding>& findings, const recommend::RuleSet& rules, Lang lang,
                          const app::Snapshot* snap = nullptr, std::optional<std::size_t> unit = {}) {
  std::string out;
  std::size_t fired = 0, silent = 0;
  for (const auto& b : rules.blocks) {
    std::string part;
    for (const auto& f : findings) {
      if (f.rule->block == b.id && f.outcome == recommend::Outcome::fires) part += finding_text(f, lang, snap, unit);
    }
    if (part.empty()) continue;
    out += fmt::format("\n{}\n{}", pick(lang, b.label_fr, b.label_en), part);
  }
  std::string missing;
  for (const auto& f : findings) {
    fired += f.outcome == recommend::Outcome::fires ? 1 : 0;
    silent += f.outcome == recommend::Outcome::holds_not ? 1 : 0;
    if (f.outcome != recommend::Outcome::missing) continue;
    std::vector<std::string> names;
    for (const auto& m : f.missing) names.push_back(fmt::format("{} ({})", app::fact_label(m, lang), m));
    missing += fmt::format("  - {} ({}) : {} {}\n", f.rule->text(lang), f.rule->id, tr(lang, "recommend.lacks"),
                           fmt::join(names, ", "));
  }
  if (fired == 0) out += "\n" + tr(lang, "recommend.none") + "\n";
  if (!missing.empty()) out += fmt::format("\n{}\n{}", tr(lang, "recommend.not_checkable"), missing);
  out += fmt::format(fmt::runtime("\n" + tr(lang, "recommend.counts")), fired, silent, findings.size() - fired - silent);
  return out;
}

class Recommend final : public Command {
 public:
  explicit Recommend(Mode mode) : m_mode(mode) {}

  void setup(CLI::App& app) override {
    if (m_mode == Mode::workshop) app.add_option("workshop", m_target, "Workshop id (fabscope workshops list)")->required();
    if (m_mode == Mode::territory) {
      app.add_option("code", m_target, "Territory code (a département by default: 22)")->required();
    }
    if (m_mode != Mode::workshop) {
      app.add_option("--level", m_level, "Level of the territories: epci, ze, dep (default) or reg")
          ->check(CLI::IsMember({"epci", "ze", "dep", "reg"}));
    }
    app.add_option("--rules", m_rules, "Rules file (default: data/recommendations.toml)");
    app.add_option("--format", m_format, "table (default) or json")->check(CLI::IsMember({"table", "json"}));
    app.add_option("-o,--output", m_output, "Write to this file instead of the standard output");
  }

  int run(const Context& ctx) override {
    const auto& rules = m_rules.empty() ? recommend::builtin_rules() : load_rules();
    const auto snap = app::snapshot(ctx.store_path);
    auto store = ctx.open_store(true);
    std::optional<impact::IoTable> table;
    try {
      table = impact::read_io_table(ctx.data_dir / "raw" / "FRA_NIOT_nov16.xlsx");
    } catch (const std::exception& e) {
      std::cerr << fmt::format(fmt::runtime(tr(ctx.lang(), "recommend.no_table")), e.what());
    }
    const auto impacts = app::fact_sources(*store, table ? &*table : nullptr);
    const Lang lang = ctx.lang();
    const auto level = *territory::parse_level(m_level);
    if (m_mode == Mode::national) {
      const auto s = app::national_synthesis(*snap, rules, impacts, level);
      emit(m_output, m_format == "json" ? app::synthesis_json(s, rules).dump(1) + "\n" : synthesis_text(s, rules, lang));
      return 0;
    }
    if (m_mode == Mode::territory) {
      const auto facts = app::territory_facts(*snap, level, m_target);
      const auto findings = recommend::apply_all(rules, recommend::Audience::territory, facts);
      const auto* u = snap->unit(level, m_target);
      emit(m_output, m_format == "json" ? app::findings_json(findings, rules).dump(1) + "\n"
                                        : fmt::format(fmt::runtime(tr(lang, "recommend.title_territory")),
                                                      territory::level_label(level, lang), u->code, u->name) +
                                              findings_text(findings, rules, lang));
      return 0;
    }
    const auto* w = snap->workshop(m_target);
    if (w == nullptr) {
      throw Error(ExitCode::not_found, fmt::format("no workshop {}", m_target), fmt::format("pas d'atelier {}", m_target));
    }
    if (!w->unit) {
      throw Error(ExitCode::missing_data, fmt::format("{} ({}) is not in the evaluation panel (not placed)", w->row.name, m_target),
                  fmt::format("{} ({}) n'est pas dans le panel évalué (non localisé)", w->row.name, m_target));
    }
    const auto facts = app::workshop_facts(*snap, *w->unit, impacts);
    const auto findings = recommend::apply_all(rules, recommend::Audience::workshop, facts);
    if (m_format == "json") {
      emit(m_output, app::findings_json(findings, rules, snap.get(), w->unit).dump(1) + "\n");
      return 0;
    }
    std::string out = fmt::format(fmt::runtime(tr(lang, "recommend.title_workshop")), w->row.name, w->row.id);
    if (snap->evaluation.panel.units[*w->unit].fictitious) out += tr(lang, "recommend.fictitious");
    emit(m_output, out + findings_text(findings, rules, lang, snap.get(), w->unit));
    return 0;
  }

 private:
  const recommend::RuleSet& load_rules() {
    m_loaded = recommend::parse_rules(io::read_file(m_rules), m_rules);
    return m_loaded;
  }

  [[nodiscard]] static std::string synthesis_text(const app::NationalSynthesis& s, const recommend::RuleSet& rules,
                                                  Lang lang) {
    std::string out = fmt::format(fmt::runtime(tr(lang, "recommend.title_national")), s.workshops, s.territories,
                                  territory::level_label(s.level, lang));
    for (const auto& b : rules.blocks) {
      std::vector<std::vector<std::string>> t = {{tr(lang, "recommend.rule"), tr(lang, "recommend.audience"),
                                                  tr(lang, "recommend.concerned"), tr(lang, "recommend.share"),
                                                  tr(lang, "recommend.not_checkable_short")}};
      for (const auto* list : {&s.workshop_rules, &s.territory_rules}) {
        for (const auto& r : *list) {
          if (r.rule->block != b.id) continue;
          t.push_back({r.rule->text(lang), tr(lang, fmt::format("recommend.audience.{}", recommend::audience_id(r.rule->audience))),
                       fmt::format("{} / {}", r.fires, r.fires + r.holds_not),
                       std::isnan(r.share()) ? "—" : text::number(lang, 100 * r.share(), 0) + " %",
                       std::to_string(r.missing)});
        }
      }
      std::string national;
      for (const auto& f : s.national) {
        if (f.rule->block == b.id && f.outcome == recommend::Outcome::fires) national += finding_text(f, lang, nullptr, {});
      }
      out += fmt::format("\n{}\n", pick(lang, b.label_fr, b.label_en));
      if (t.size() > 1) out += cli::table(t);
      if (!national.empty()) out += tr(lang, "recommend.national_rules") + "\n" + national;
    }
    std::string missing;
    for (const auto& f : s.national) {
      if (f.outcome == recommend::Outcome::missing) {
        missing += fmt::format("  - {} ({}) : {} {}\n", f.rule->text(lang), f.rule->id, tr(lang, "recommend.lacks"),
                               fmt::join(f.missing, ", "));
      }
    }
    if (!missing.empty()) out += fmt::format("\n{}\n{}", tr(lang, "recommend.not_checkable"), missing);
    return out;
  }

  Mode m_mode;
  std::string m_target, m_rules, m_output;
  std::string m_level = "dep";
  std::string m_format = "table";
  recommend::RuleSet m_loaded;
};

class RecommendCheck final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("file", m_file, "Rules file to validate (TOML, as data/recommendations.toml)")->required();
  }
  int run(const Context& ctx) override {
    const auto rules = recommend::parse_rules(io::read_file(m_file), m_file);
    std::size_t by[3] = {0, 0, 0};
    for (const auto& r : rules.rules) ++by[static_cast<int>(r.audience)];
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "recommend.checked")), m_file, rules.rules.size(),
                             rules.blocks.size(), by[0], by[1], by[2]);
    return 0;
  }

 private:
  std::string m_file;
};

}  // namespace

std::unique_ptr<Command> make_recommend_workshop() { return std::make_unique<Recommend>(Mode::workshop); }
std::unique_ptr<Command> make_recommend_territory() { return std::make_unique<Recommend>(Mode::territory); }
std::unique_ptr<Command> make_recommend_national() { return std::make_unique<Recommend>(Mode::national); }
std::unique_ptr<Command> make_recommend_check() { return std::make_unique<RecommendCheck>(); }

}  // namespace fabscope::cli
