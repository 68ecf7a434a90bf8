// fabscope run: the main job on the bundled data (what `make run` does).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "cli/views.hpp"
#include "pipeline/import.hpp"
#include "referential/panel.hpp"
#include "workshops/laureates.hpp"
#include "workshops/sources.hpp"

namespace fabscope::cli {
namespace {

class Run final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--profile", m_profiles, "Communes whose profile is printed")->capture_default_str();
    app.add_flag("--force", m_force, "Re-import every dataset even when unchanged");
    app.add_flag("--allow-shrink", m_allow_shrink,
                 "Accept files that have fewer than half the rows their dataset has in the store");
  }
  int run(const Context& ctx) override {
    const auto t0 = std::chrono::steady_clock::now();
    auto store = ctx.open_store(false);
    pipeline::ImportOptions options;
    options.data_dir = ctx.data_dir;
    options.force = m_force;
    options.allow_shrink = m_allow_shrink;
    const auto report = pipeline::import_datasets(*store, sources::Catalog::builtin(), options);
    std::vector<workshops::RegisterImportReport> registers;
    for (const auto& src : workshops::register_sources()) {
      workshops::RegisterImportOptions o;
      o.data_dir = ctx.data_dir;
      o.force = m_force;
      o.allow_shrink = m_allow_shrink;
      registers.push_back(
          workshops::import_register(*store, sources::Catalog::builtin(), std::string(src.dataset_id), o));
    }
    for (const auto& code : m_profiles) {
      std::cout << profile_text(*store, territory::Level::commune, code, ctx.lang()) << "\n";
    }
    std::cout << tr(ctx.lang(), "cli.run.summary");
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.run.data_store")), ctx.data_dir.string(),
                             store->path().string());
    std::cout << import_report_text(report, ctx.lang());
    std::cout << tr(ctx.lang(), "cli.run.register");
    for (const auto& r : registers) std::cout << register_report_text(r, ctx.lang(), false);
    {
      const auto counts = workshops::register_counts(*store);
      const auto laureates = workshops::load_laureate_matches(*store);
      std::size_t matched = 0;
      for (const auto& l : laureates) matched += l.workshop_id ? 1 : 0;
      std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.run.duplicates_laureates")), counts.merged,
                               counts.distinct, counts.candidates, matched, laureates.size());
    }
    {
      // The bundled panel evaluated with the default référentiel: the best ranked.
      const auto& ref = referential::Referential::builtin();
      const auto e = referential::evaluate(*store, ref);
      // Ranked on the total, or on the dimension the panel falls back to (coverage rule).
      const auto on = e.ranking_node();
      const auto order = e.ranking(on, false);
      std::vector<std::vector<std::string>> t = {{tr(ctx.lang(), "cli.common.rank"),
                                                  tr(ctx.lang(), "cli.common.workshop"), "Commune", "Score",
                                                  tr(ctx.lang(), "cli.common.coverage")}};
      for (std::size_t n = 0; n < order.size() && n < 10; ++n) {
        const auto i = order[n];
        t.push_back({std::to_string(e.rank(i, on)), e.panel.units[i].name, e.panel.units[i].commune_name,
                     group_digits(e.score(i, on), 3, ctx.lang()),
                     text::percent(ctx.lang(), 100 * e.coverage(i, on), 0)});
      }
      std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.run.evaluation")), ref.id, e.panel.units.size(),
                               ref.node_label(e.nodes[on], ctx.lang()), e.ranked_on(on),
                               text::percent(ctx.lang(), 100 * ref.min_coverage, 0))
                << table(t);
    }
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << fmt::format(fmt::runtime(tr(ctx.lang(), "cli.run.done")), total);
    return 0;
  }

 private:
  // Rennes (métropole), Lannion (pôle technologique), Plougrescant (rural coastal commune, Trégor).
  std::vector<std::string> m_profiles = {"35238", "22113", "22218"};
  bool m_force = false;
  bool m_allow_shrink = false;
};

}  // namespace

std::unique_ptr<Command> make_run() { return std::make_unique<Run>(); }

}  // namespace fabscope::cli
