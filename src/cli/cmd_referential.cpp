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
    if (m_draws > 0) {
      unc = run_uncertainty(r, e);
      if (m_format != "xlsx") return print_uncertainty(*unc, e, lang);
    }
    if (m_format == "xlsx") {
      io::write_xlsx(m_output, report::evaluation_sheets(r, e, unc, lang));
      std::cerr << fmt::format(fmt::runtime(tr(lang, "cli.referential.workbook_written")), e.panel.units.size(),
                               m_output);
      return 0;
    }
    const std::size_t k = e.nodes.size();
    const std::size_t root = k - 1;
    std::vector<std::size_t> dims;
    for (std::size_t nd = 0; nd < k; ++nd) {
      for (const auto& d : r.dimensions) {
        if (d.id == e.nodes[nd]) dims.push_back(nd);
      }
    }
    const auto order = e.ranking(/*with_unranked=*/true);
    std::string out;
    if (m_format == "table") {
      std::vector<std::string> head = {
          tr(lang, "cli.common.rank"),     tr(lang, "cli.common.workshop"), "Commune", "Total",
          tr(lang, "cli.common.coverage"), tr(lang, "cli.common.level")};
      for (const auto d : dims) head.push_back(e.nodes[d]);
      std::vector<std::vector<std::string>> t = {head};
      std::size_t shown = 0;
      for (const auto i : order) {
        if (m_top > 0 && shown++ >= m_top) break;
        const double total = e.score(i, root);
        std::vector<std::string> row = {e.result.rank[i] > 0 ? std::to_string(e.result.rank[i]) : "—",
                                        e.panel.units[i].name,
                                        e.panel.units[i].commune_name,
                                        std::isnan(total) ? "—" : group_digits(total, 3, lang),
                                        text::percent(lang, 100 * e.coverage(i, root), 0),
                                        referential::verbal_level(r, total, lang)};
        for (const auto d : dims) {
          const double v = e.score(i, d);
          row.push_back(std::isnan(v) ? "—" : group_digits(v, 2, lang));
        }
        t.push_back(row);
      }
      out = table(t);
      std::size_t waiting = 0;
      for (std::size_t j = 0; j < r.indicators.size(); ++j) waiting += e.panel.with_data[j] == 0 ? 1 : 0;
      out += fmt::format(fmt::runtime(tr(lang, "cli.referential.evaluated")), e.panel.units.size(), r.id, waiting,
                         r.indicators.size());
    } else if (m_format == "csv") {
      out = "rank,id,name,commune,total,coverage,level";
      for (const auto& n : e.nodes) {
        if (n != "total") out += fmt::format(",{0},cov_{0}", n);
      }
      for (const auto& ind : r.indicators) out += fmt::format(",{0},n_{0}", ind.id);
      out += "\n";
      const std::size_t m = r.indicators.size();
      for (const auto i : order) {
        const auto& u = e.panel.units[i];
        out += fmt::format("{},{},{},{},{},{},{}", e.result.rank[i] > 0 ? std::to_string(e.result.rank[i]) : "", u.id,
                           csv_field(u.name), u.commune, raw(e.score(i, root)), raw(e.coverage(i, root)),
                           referential::verbal_level(r, e.score(i, root), lang));
        for (std::size_t nd = 0; nd < root; ++nd) out += "," + raw(e.score(i, nd)) + "," + raw(e.coverage(i, nd));
        for (std::size_t j = 0; j < m; ++j)
          out += "," + raw(e.panel.values[i * m + j]) + "," + raw(e.result.normalised[i * m + j]);
        out += "\n";
      }
    } else {
      nlohmann::ordered_json arr = nlohmann::ordered_json::array();
      const std::size_t m = r.indicators.size();
      auto num = [](double v) { return std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v); };
      for (const auto i : order) {
        const auto& u = e.panel.units[i];
        nlohmann::ordered_json j = {{"id", u.id},
                                    {"name", u.name},
                                    {"commune", u.commune},
                                    {"rank", e.result.rank[i] > 0 ? nlohmann::ordered_json(e.result.rank[i]) : nullptr},
                                    {"total", num(e.score(i, root))},
                                    {"coverage", e.coverage(i, root)},
                                    {"level", referential::verbal_level(r, e.score(i, root), lang)}};
        for (std::size_t nd = 0; nd < root; ++nd) {
          j["scores"][e.nodes[nd]] = {{"score", num(e.score(i, nd))}, {"coverage", e.coverage(i, nd)}};
        }
        for (std::size_t jj = 0; jj < m; ++jj) {
          j["indicators"][r.indicators[jj].id] = {{"value", num(e.panel.values[i * m + jj])},
                                                  {"normalised", num(e.result.normalised[i * m + jj])}};
        }
        arr.push_back(std::move(j));
      }
      out = nlohmann::ordered_json{{"referential", r.id}, {"version", r.version}, {"units", arr}}.dump(1) + "\n";
    }
    emit(m_output, out);
    return 0;
  }

 private:
  referential::UncertaintyResult run_uncertainty(const Referential& r, const referential::Evaluation& e) {
    referential::UncertaintyOptions o;
    o.base_samples = m_draws;
    o.seed = m_seed;
    std::set<std::string> vary(m_vary.begin(), m_vary.end());
    if (vary.empty()) vary = {"weights", "normalisation", "imputation", "aggregation", "exclusion"};
    for (const auto& v : vary) {
      if (v != "weights" && v != "normalisation" && v != "imputation" && v != "aggregation" && v != "exclusion") {
        throw Error(ExitCode::usage, fmt::format("--vary: unknown choice '{}'", v));
      }
    }
    o.weight_spread = vary.count("weights") ? m_spread : 0.0;
    if (vary.count("normalisation"))
      o.normalisations = {referential::Normalisation::minmax, referential::Normalisation::rank};
    if (vary.count("imputation"))
      o.imputations = {referential::MissingPolicy::exclude, referential::MissingPolicy::median};
    if (vary.count("aggregation"))
      o.aggregations = {referential::Aggregation::arithmetic, referential::Aggregation::geometric};
    o.exclude_one_indicator = vary.count("exclusion") != 0;
    auto in = r.scoring_skeleton();
    in.units = e.panel.units.size();
    in.values = e.panel.values;
    try {
      return referential::analyse_uncertainty(in, o);
    } catch (const std::invalid_argument& ex) {
      throw Error(ExitCode::usage, ex.what());
    }
  }

  int print_uncertainty(const referential::UncertaintyResult& u, const referential::Evaluation& e, Lang lang) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < u.units.size(); ++i) {
      if (u.units[i].nominal_rank > 0) order.push_back(i);
    }
    std::sort(order.begin(), order.end(),
              [&](auto a, auto b) { return u.units[a].nominal_rank < u.units[b].nominal_rank; });
    if (m_format == "json") {
      nlohmann::ordered_json j;
      j["assumptions"] = u.assumptions;
      for (const auto& f : u.sensitivity)
        j["sensitivity"].push_back({{"factor", f.factor}, {"first_order", f.first_order}, {"total", f.total}});
      for (const auto i : order) {
        const auto& x = u.units[i];
        j["units"].push_back({{"id", e.panel.units[i].id},
                              {"name", e.panel.units[i].name},
                              {"nominal_rank", x.nominal_rank},
                              {"median_rank", x.median_rank},
                              {"rank_p05", x.p05_rank},
                              {"rank_p95", x.p95_rank},
                              {"nominal_score", x.nominal_score},
                              {"median_score", x.median_score},
                              {"score_p05", x.p05_score},
                              {"score_p95", x.p95_score}});
      }
      std::cout << j.dump(1) << "\n";
      return 0;
    }
    std::vector<std::vector<std::string>> t = {
        {tr(lang, "cli.common.rank"), tr(lang, "cli.common.workshop"), tr(lang, "cli.referential.median_rank"),
         tr(lang, "cli.referential.rank_interval"), "Score", tr(lang, "cli.referential.score_interval")}};
    std::size_t shown = 0;
    for (const auto i : order) {
      if (m_top > 0 && shown++ >= m_top) break;
      const auto& x = u.units[i];
      t.push_back({std::to_string(x.nominal_rank), e.panel.units[i].name, group_digits(x.median_rank, 0, lang),
                   fmt::format("{}–{}", group_digits(x.p05_rank, 0, lang), group_digits(x.p95_rank, 0, lang)),
                   group_digits(x.nominal_score, 3, lang),
                   fmt::format("{}–{}", group_digits(x.p05_score, 3, lang), group_digits(x.p95_score, 3, lang))});
    }
    std::cout << table(t) << "\n";
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
