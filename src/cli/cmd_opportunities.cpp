// fabscope opportunities (docs/commands/opportunities.md)
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>

#include "app/opportunities.hpp"
#include "app/recommendations.hpp"
#include "cli/command.hpp"
#include "cli/format.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace fabscope::cli {
namespace {

class Opportunities final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--archetype", m_options.archetype,
                   "Archetype: mediation, village_4_0, generic_fablab, innovation_lab, design_office, training_space")
        ->required();
    app.add_option("--radius", m_options.radius_km, "Without a workshop within this many km (default 30)")
        ->check(number_in(1, 200));
    app.add_option("--level", m_level, "epci (default) or ze")->check(CLI::IsMember({"epci", "ze"}));
    app.add_option("--region", m_options.region, "Only the territories of this région (code: 53 for Bretagne)");
    app.add_option("--top", m_top, "Show the N best (default 20; 0 = all)");
    app.add_option("--format", m_format, "table (default), csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
    app.add_option("-o,--output", m_output, "Write to this file instead of the standard output");
  }

  int run(const Context& ctx) override {
    m_options.level = *territory::parse_level(m_level);
    const auto snap = app::snapshot(ctx.store_path);
    const auto r = app::opportunities(*snap, m_options);
    const Lang lang = ctx.lang();
    const std::size_t shown = m_top == 0 ? r.territories.size() : std::min(m_top, r.territories.size());
    if (m_format == "csv") {
      std::string out = "rank,code,name,population,uncovered_population,nearest_workshop_km,distance,similarity,"
                        "variables,closest_1,closest_2,closest_3\n";
      for (std::size_t i = 0; i < shown; ++i) {
        const auto& o = r.territories[i];
        std::string reasons;
        for (std::size_t k = 0; k < 3; ++k) reasons += "," + (k < o.reasons.size() ? o.reasons[k].variable : std::string());
        out += fmt::format("{},{},{},{},{},{},{},{},{}{}\n", o.rank, text::csv_field(o.code), text::csv_field(o.name),
                           text::format_double(o.population), text::format_double(o.uncovered_population),
                           text::format_double(o.nearest_km), text::format_double(o.distance),
                           text::format_double(o.similarity), o.variables, reasons);
      }
      emit(m_output, out);
      return 0;
    }
    if (m_format == "json") {
      nlohmann::ordered_json j;
      j["archetype"] = r.options.archetype;
      j["radius_km"] = r.options.radius_km;
      j["level"] = territory::level_id(r.options.level);
      j["reference_basis"] = r.reference_basis;
      j["references"] = r.references;
      j["reference_territories"] = r.reference_territories;
      nlohmann::ordered_json profile = nlohmann::ordered_json::object();
      for (std::size_t k = 0; k < std::size(app::kOpportunityVariables); ++k) {
        profile[app::kOpportunityVariables[k]] = std::isnan(r.profile[k]) ? nlohmann::ordered_json() : nlohmann::ordered_json(r.profile[k]);
      }
      j["profile"] = profile;
      j["considered"] = r.candidates_considered;
      j["covered"] = r.covered;
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (std::size_t i = 0; i < shown; ++i) {
        const auto& o = r.territories[i];
        nlohmann::ordered_json reasons = nlohmann::ordered_json::array();
        for (const auto& x : o.reasons) {
          reasons.push_back({{"variable", x.variable}, {"value", x.value}, {"reference", x.reference}, {"gap_sd", x.gap}});
        }
        list.push_back({{"rank", o.rank},
                        {"code", o.code},
                        {"name", o.name},
                        {"population", o.population},
                        {"uncovered_population", o.uncovered_population},
                        {"nearest_workshop_km", o.nearest_km},
                        {"distance", o.distance},
                        {"similarity", o.similarity},
                        {"reasons", reasons}});
      }
      j["territories"] = list;
      emit(m_output, j.dump(1) + "\n");
      return 0;
    }
    std::string out = fmt::format(fmt::runtime(tr(lang, "opportunities.title")), analysis::builtin_archetypes().name(r.options.archetype, lang),
                                  text::number(lang, r.options.radius_km, 0),
                                  territory::level_label(r.options.level, lang));
    out += fmt::format(fmt::runtime(tr(lang, r.reference_basis == "success" ? "opportunities.basis_success"
                                                                              : "opportunities.basis_archetype")),
                       r.references.size());
    std::vector<std::vector<std::string>> t = {{"#", tr(lang, "cli.impact.territory"), tr(lang, "opportunities.population"),
                                                tr(lang, "opportunities.uncovered"), tr(lang, "opportunities.nearest"),
                                                tr(lang, "opportunities.similarity"), tr(lang, "opportunities.reasons")}};
    for (std::size_t i = 0; i < shown; ++i) {
      const auto& o = r.territories[i];
      std::vector<std::string> reasons;
      for (std::size_t k = 0; k < std::min<std::size_t>(3, o.reasons.size()); ++k) {
        const auto& x = o.reasons[k];
        const auto& def = territory::indicators()[*territory::indicator_index(x.variable)];
        reasons.push_back(fmt::format("{} {} ≈ {}", app::fact_label(x.variable, lang),
                                      territory::format_value(def, x.value, lang),
                                      territory::format_value(def, x.reference, lang)));
      }
      t.push_back({std::to_string(o.rank), fmt::format("{} {}", o.code, o.name), text::number(lang, o.population, 0),
                   text::number(lang, o.uncovered_population, 0), text::number(lang, o.nearest_km, 0),
                   text::number(lang, o.similarity, 3), fmt::format("{}", fmt::join(reasons, " ; "))});
    }
    out += cli::table(t);
    out += fmt::format(fmt::runtime(tr(lang, "opportunities.footer")), r.territories.size(), r.candidates_considered,
                       r.covered, text::number(lang, r.options.radius_km, 0));
    emit(m_output, out);
    return 0;
  }

 private:
  app::OpportunityOptions m_options;
  std::string m_level = "epci", m_format = "table", m_output;
  std::size_t m_top = 20;
};

}  // namespace

std::unique_ptr<Command> make_opportunities() { return std::make_unique<Opportunities>(); }

}  // namespace fabscope::cli
