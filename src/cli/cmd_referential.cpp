// fabscope referential check | show, fabscope evaluate
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <stdexcept>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "core/error.hpp"
#include "io/xlsx_writer.hpp"
#include "referential/panel.hpp"
#include "referential/referential.hpp"
#include "referential/uncertainty.hpp"
#include "report/evaluation.hpp"
#include "sources/catalog.hpp"

namespace fabscope::cli {
namespace {

// Monte Carlo base samples: memory grows with them (about 8 KB each on the bundled panel),
// so 100,000 (under 1 GB) is the most --uncertainty accepts.
constexpr double kMaxDraws = 100000;

using referential::Referential;
using referential::SourceKind;

const Referential& load_or_builtin(const std::string& path, Referential& storage) {
  if (path.empty()) return Referential::builtin();
  storage = Referential::load(path);
  return storage;
}

bool collected(const referential::IndicatorDef& d) {
  return d.source.kind != SourceKind::survey && d.source.kind != SourceKind::interview &&
         d.source.kind != SourceKind::document;
}

class Check final : public Command {
 public:
  void setup(CLI::App& app) override { app.add_option("file", m_file, "Référentiel file (TOML)")->required(); }
  int run(const Context& ctx) override {
    const auto r = Referential::load(m_file);
    std::size_t criteria = 0, waiting = 0, formulas = 0;
    for (const auto& d : r.dimensions) criteria += d.children.size();
    for (const auto& i : r.indicators) {
      waiting += collected(i) ? 0 : 1;
      formulas += i.source.kind == SourceKind::formula ? 1 : 0;
    }
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.referential.check")), m_file,
                             pick(ctx.lang(), r.title_fr, r.title_en), r.version, r.dimensions.size(), criteria,
                             r.indicators.size(), formulas, waiting);
    return 0;
  }

 private:
  std::string m_file;
};

class Show final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--referential", m_file, "Référentiel file (default: data/referential.toml)");
    app.add_flag("--tree", m_tree, "As a tree (default: a table of indicators)");
  }
  int run(const Context& ctx) override {
    Referential storage;
    const auto& r = load_or_builtin(m_file, storage);
    const Lang lang = ctx.lang();
    std::cout << fmt::format("{} — {} v{}\n", pick(lang, r.title_fr, r.title_en), r.id, r.version);
    if (m_tree) {
      for (const auto& d : r.dimensions) {
        std::cout << fmt::format("■ {} ({}, poids {})\n", pick(lang, d.label_fr, d.label_en), d.id, d.weight);
        for (const auto& c : d.children) {
          std::cout << fmt::format("  ▸ {} ({}, poids {})\n", pick(lang, c.label_fr, c.label_en), c.id, c.weight);
          for (const auto i : c.indicators) {
            const auto& ind = r.indicators[i];
            std::cout << fmt::format("      • {} [{}] ← {} ; {}{}\n", pick(lang, ind.label_fr, ind.label_en), ind.id,
                                     referential::source_text(ind),
                                     ind.method.direction == referential::Direction::neutral
                                         ? tr(lang, "cli.referential.descriptor")
                                         : fmt::format("poids {}", ind.weight),
                                     collected(ind) ? "" : tr(lang, "cli.referential.no_data_yet"));
          }
        }
      }
      return 0;
    }
    std::vector<std::vector<std::string>> t = {
        {"id", tr(lang, "cli.common.indicator"), "Source", tr(lang, "cli.referential.describes"),
         tr(lang, "cli.referential.direction"), tr(lang, "cli.referential.weight")}};
    static const char* dirs[] = {"↑", "↓", "—"};
    for (const auto& ind : r.indicators) {
      t.push_back({ind.id, pick(lang, ind.label_fr, ind.label_en), referential::source_text(ind),
                   ind.describes + (ind.impact_area.empty() ? "" : "/" + ind.impact_area + "/" + ind.impact_level),
                   dirs[static_cast<int>(ind.method.direction)], group_digits(ind.weight, 1, lang)});
    }
    std::cout << table(t, true, false);
    return 0;
  }

 private:
  std::string m_file;
  bool m_tree = false;
};

class Evaluate final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--referential", m_file, "Référentiel file (default: data/referential.toml)");
    app.add_option("--source", m_filter.source, "Panel: only the workshops of this register");
    app.add_option("--dep", m_filter.dep, "Panel: only the workshops of this département");
    app.add_option("--format", m_format, "table (default), csv, json or xlsx (with -o)")
        ->check(CLI::IsMember({"table", "csv", "json", "xlsx"}));
    app.add_option("-o,--output", m_output, "Output file (default: standard output)");
    app.add_option("--top", m_top, "Table: only the N best ranked (default: all)")->check(number_in(0, 1e9));
    app.add_option("--uncertainty", m_draws,
                   "Monte Carlo: N base samples (N × (2 + factors) scorings; at most 100,000)")
        ->check(number_in(0, kMaxDraws));
    app.add_option("--seed", m_seed, "Seed of the Monte Carlo (default 1)")->check(number_in(0, 1e18));
    app.add_option("--vary", m_vary,
                   "Uncertain choices: weights,normalisation,imputation,aggregation,exclusion (default: all)")
        ->delimiter(',');
    app.add_option("--weight-spread", m_spread, "Weights × uniform[1 − s, 1 + s] (default 0.25, 0 to 1)")
        ->check(number_in(0, 1));
  }
  int run(const Context& ctx) override {
    Referential storage;
    const auto& r = load_or_builtin(m_file, storage);
    auto store = ctx.open_store(true);
    const auto e = referential::evaluate(*store, r, m_filter);
    const Lang lang = ctx.lang();
    if (m_format == "xlsx" && (m_output.empty() || m_output == "-")) {
      throw Error(ExitCode::usage, "--format xlsx needs -o FILE.xlsx");
    }
    std::optional<referential::UncertaintyResult> unc;
    if (m_draws > 0) unc = run_uncertainty(r, e);
    if (m_format == "xlsx") {
      io::write_xlsx(m_output, report::evaluation_sheets(r, e, unc, lang));
      std::cerr << fmt::format(fmt::runtime(tr(lang, "cli.referential.workbook_written")), e.panel.units.size(),
                               m_output);
      return 0;
    }
    if (m_format == "table") {
      if (unc) return print_uncertainty(r, *unc, e, lang);
      std::cout << ranking_text(r, e, lang);
      return 0;
    }
    const auto t = report::ranking_table(r, e, unc, lang);
    const std::string out = m_format == "csv" ? report::table_csv(t) : report::table_json(r, e, unc, t);
    emit(m_output, out);
    return 0;
  }

 private:
  // The ranking on the node the panel is ranked by, the total and each dimension with its
  // coverage, "n.é." below the coverage rule; then what the ranking rests on.
  [[nodiscard]] std::string ranking_text(const Referential& r, const referential::Evaluation& e, Lang lang) const {
    const std::size_t on = e.ranking_node();
    const std::size_t root = e.total_node();
    auto cell = [&](std::size_t i, std::size_t nd, int digits) {
      if (!e.evaluable(i, nd)) return tr(lang, "cli.referential.not_evaluable_short");
      const std::string mark = referential::score_state(e, i, nd) == referential::ScoreState::low_coverage ? " ⚠" : "";
      return group_digits(e.score(i, nd), digits, lang) + mark;
    };
    std::vector<std::string> head = {tr(lang, "cli.common.rank"),     tr(lang, "cli.common.workshop"), "Commune", "Total",
                                     tr(lang, "cli.common.coverage"), tr(lang, "cli.common.level")};
    for (const auto d : e.dimensions) head.push_back(r.node_label(e.nodes[d], lang));
    std::vector<std::vector<std::string>> t = {head};
    std::size_t shown = 0;
    for (const auto i : e.ranking(on, /*with_unranked=*/true)) {
      if (m_top > 0 && shown++ >= m_top) break;
      const int rank = e.rank(i, on);
      std::vector<std::string> row = {rank > 0 ? std::to_string(rank) : "—",
                                      e.panel.units[i].name + (e.panel.units[i].fictitious ? " ✱" : ""),
                                      e.panel.units[i].commune_name,
                                      cell(i, root, 3),
                                      text::percent(lang, 100 * e.coverage(i, root), 0),
                                      referential::verbal_level(r, e.total(i), lang)};
      for (const auto d : e.dimensions) {
        row.push_back(cell(i, d, 2) + " (" + text::percent(lang, 100 * e.coverage(i, d), 0) + ")");
      }
      t.push_back(row);
    }
    std::string out = table(t);
    const auto fictitious = std::count_if(e.panel.units.begin(), e.panel.units.end(), [](const auto& u) { return u.fictitious; });
    if (fictitious > 0) out += fmt::format(fmt::runtime(tr(lang, "cli.referential.fictitious")), fictitious);
    if (on != root) {
      out += fmt::format(fmt::runtime(tr(lang, "cli.referential.total_not_evaluable")), e.panel.units.size(),
                         text::percent(lang, 100 * e.min_coverage[root], 0), r.node_label(e.nodes[on], lang),
                         e.ranked_on(on));
    }
    std::size_t waiting = 0;
    for (std::size_t j = 0; j < r.indicators.size(); ++j) waiting += e.panel.with_data[j] == 0 ? 1 : 0;
    out += fmt::format(fmt::runtime(tr(lang, "cli.referential.evaluated")), e.panel.units.size(), r.id, waiting,
                       r.indicators.size());
    out += fmt::format(fmt::runtime(tr(lang, "cli.referential.rules")),
                       text::percent(lang, 100 * r.min_coverage, 0),
                       tr(lang, "score.policy." + std::string(referential::name_of(r.missing_in_score))),
                       text::percent(lang, 100 * referential::kLowCoverage, 0));
    return out;
  }

  referential::UncertaintyResult run_uncertainty(const Referential& r, const referential::Evaluation& e) {
    std::set<std::string> vary(m_vary.begin(), m_vary.end());
    if (vary.empty()) vary = {"weights", "normalisation", "imputation", "aggregation", "exclusion"};
    for (const auto& v : vary) {
      if (v != "weights" && v != "normalisation" && v != "imputation" && v != "aggregation" && v != "exclusion") {
        throw Error(ExitCode::usage, fmt::format("--vary: unknown choice '{}'", v));
      }
    }
    auto o = referential::default_uncertainty_options(m_draws, m_seed);
    o.weight_spread = vary.count("weights") ? m_spread : 0.0;
    if (!vary.count("normalisation")) o.normalisations.clear();
    if (!vary.count("imputation")) o.imputations.clear();
    if (!vary.count("aggregation")) o.aggregations.clear();
    o.exclude_one_indicator = vary.count("exclusion") != 0;
    try {
      return referential::analyse_uncertainty(r, e, o);
    } catch (const std::invalid_argument& ex) {
      throw Error(ExitCode::usage, ex.what());
    }
  }

  // The intervals on the node the panel is ranked by (terminal table), the sensitivity and
  // the assumptions.
  int print_uncertainty(const Referential& r, const referential::UncertaintyResult& u, const referential::Evaluation& e, Lang lang) {
    const std::size_t on = u.rank_node;
    const auto& units = u.by_node.at(on);
    std::vector<std::vector<std::string>> t = {
        {tr(lang, "cli.common.rank"), tr(lang, "cli.common.workshop"), tr(lang, "cli.referential.median_rank"),
         tr(lang, "cli.referential.rank_interval"), "Score", tr(lang, "cli.referential.score_interval")}};
    std::size_t shown = 0, outside = 0;
    for (const auto i : e.ranking(on, /*with_unranked=*/false)) {
      const auto& x = units[i];
      const bool widened = x.score_outside != 0 || x.rank_outside != 0;
      outside += widened ? 1 : 0;
      if (m_top > 0 && shown++ >= m_top) continue;
      t.push_back({std::to_string(x.nominal_rank), e.panel.units[i].name, group_digits(x.median_rank, 0, lang),
                   fmt::format("{}–{}", group_digits(x.p05_rank, 0, lang), group_digits(x.p95_rank, 0, lang)),
                   group_digits(x.nominal_score, 3, lang) + (widened ? " *" : ""),
                   fmt::format("{}–{}", group_digits(x.p05_score, 3, lang), group_digits(x.p95_score, 3, lang))});
    }
    if (on != e.total_node()) {
      std::cout << fmt::format(fmt::runtime(tr(lang, "cli.referential.intervals_on")), r.node_label(e.nodes[on], lang));
    }
    std::cout << table(t) << "\n";
    if (outside > 0) std::cout << fmt::format(fmt::runtime(tr(lang, "cli.referential.widened")), outside);
    std::vector<std::vector<std::string>> st = {{tr(lang, "cli.referential.uncertain_choice"),
                                                 tr(lang, "cli.referential.first_order"),
                                                 tr(lang, "cli.referential.total_index")}};
    for (const auto& f : u.sensitivity)
      st.push_back({f.factor, group_digits(f.first_order, 3, lang), group_digits(f.total, 3, lang)});
    std::cout << tr(lang, "cli.referential.sensitivity") << table(st) << "\n"
              << tr(lang, "cli.referential.assumptions");
    for (const auto& a : u.assumptions) std::cout << "  · " << a << "\n";
    return 0;
  }

  std::string m_file, m_format = "table", m_output;
  referential::PanelFilter m_filter;
  std::size_t m_top = 0;
  std::size_t m_draws = 0;
  std::uint64_t m_seed = 1;
  std::vector<std::string> m_vary;
  double m_spread = 0.25;
};

}  // namespace

std::unique_ptr<Command> make_referential_check() { return std::make_unique<Check>(); }
std::unique_ptr<Command> make_referential_show() { return std::make_unique<Show>(); }
std::unique_ptr<Command> make_evaluate() { return std::make_unique<Evaluate>(); }

}  // namespace fabscope::cli
