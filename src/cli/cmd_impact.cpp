// fabscope impact io (docs/commands/impact.md)
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "impact/leontief.hpp"
#include "impact/regional.hpp"
#include "io/archive.hpp"

namespace fabscope::cli {
namespace {

using impact::IoTable;
using impact::IoYear;
using impact::Multipliers;

// One model solved: a year, a territory (national when `territory` is empty), its results.
struct Solved {
  const IoYear* year = nullptr;
  std::optional<impact::TerritoryQuotients> territory;
  double lambda = 1;
  Multipliers m;
};

double at(const std::optional<stats::Vector>& v, Eigen::Index i) { return v ? (*v)(i) : text::kMissing; }

// The output-weighted mean of a multiplier, for the summary of many models.
double weighted_mean(const stats::Vector& v, const stats::Vector& output) {
  const double total = output.sum();
  return total > 0 ? v.dot(output) / total : text::kMissing;
}

class ImpactIo final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--table", m_table,
                   "Input-output table in WIOD's National IO layout, .xlsx or .csv (default: "
                   "<data>/raw/FRA_NIOT_nov16.xlsx)");
    app.add_option("--year", m_year, "Year of the table, or all (default: the latest)");
    app.add_option("--level", m_level, "Regionalise for the territories of this level: epci, ze, dep or reg")
        ->check(CLI::IsMember({"epci", "ze", "dep", "reg"}));
    app.add_option("--region", m_region, "Code of one territory of --level (default: all of them)");
    app.add_option("--delta", m_delta, "FLQ's δ (default 0.3; 0 to 0.99)")->check(number_in(0, 0.99));
    app.add_flag("--aflq", m_aflq, "Augmented FLQ (Flegg and Webber 2000) instead of FLQ");
    app.add_option("--labour-share", m_labour_share,
                   "Share of labour income in value added, closing the model for households (default 0.57)")
        ->check(number_in(0.01, 1));
    app.add_option("--employment", m_employment,
                   "CSV of jobs by industry (columns industry, jobs, optionally year): employment multipliers");
    app.add_option("--sectors", m_sectors,
                   "Map of the industries to the territories' sectors (default: "
                   "data/io_sectors.toml)");
    app.add_option("--format", m_format, "table (default), csv or json")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    app.add_option("-o,--output", m_output, "Write to this file instead of the standard output");
  }

  int run(const Context& ctx) override {
    const auto path = m_table.empty() ? ctx.data_dir / "raw" / "FRA_NIOT_nov16.xlsx" : std::filesystem::path(m_table);
    const IoTable table = impact::read_io_table(path);
    const auto years = selected_years(table);
    const auto& sectors = m_sectors.empty() ? impact::builtin_industry_sectors() : load_sectors();
    std::vector<impact::TerritoryQuotients> territories;
    std::vector<std::string> skipped;
    if (!m_level.empty() || !m_region.empty()) {
      const auto level = territory::parse_level(m_level.empty() ? "dep" : m_level);
      auto store = ctx.open_store(true);
      territories = impact::territory_quotients(*store, *level, m_region == "all" ? "" : m_region, skipped);
    }
    const impact::ModelParameters parameters{m_labour_share};
    std::vector<Solved> solved;
    solved.reserve(years.size() * (1 + territories.size()));
    const std::string employment = m_employment.empty() ? std::string() : io::read_file(m_employment);
    for (const IoYear* y : years) {
      std::optional<stats::Vector> jobs;
      if (!m_employment.empty()) jobs = impact::read_employment(employment, m_employment, table, y->year);
      // The nation first, then each territory: the regional figures read against it.
      {
        const auto model = impact::national_model(*y, parameters);
        solved.push_back({y, std::nullopt, 1.0, impact::multipliers(model, *y, jobs)});
      }
      for (const auto& t : territories) {
        const auto model =
            impact::regional_model(*y, impact::regionalisation(table, sectors, t, m_delta, m_aflq), parameters);
        solved.push_back({y, t, model.lambda, impact::multipliers(model, *y, jobs)});
      }
    }
    const Lang lang = ctx.lang();
    if (m_format == "csv") {
      emit(m_output, csv(table, sectors, solved, lang));
    } else if (m_format == "json") {
      emit(m_output, json(table, sectors, solved, lang).dump(1) + "\n");
    } else {
      emit(m_output, terminal(table, sectors, solved, lang));
    }
    if (!skipped.empty()) {
      std::cerr << fmt::format(fmt::runtime(tr(lang, "cli.impact.skipped")), skipped.size(), fmt::join(skipped, ", "));
    }
    return 0;
  }

 private:
  [[nodiscard]] std::vector<const IoYear*> selected_years(const IoTable& table) const {
    std::vector<const IoYear*> out;
    if (m_year == "all") {
      for (const auto& y : table.years) out.push_back(&y);
      return out;
    }
    const auto want = m_year.empty() ? std::optional<long long>(table.years.back().year) : text::parse_int(m_year);
    const IoYear* y = want ? table.year(static_cast<int>(*want)) : nullptr;
    if (y == nullptr) {
      throw Error(ExitCode::not_found,
                  fmt::format("--year {}: the table {} covers {} to {}", m_year, table.source, table.years.front().year,
                              table.years.back().year),
                  fmt::format("--year {} : le tableau {} couvre {} à {}", m_year, table.source,
                              table.years.front().year, table.years.back().year));
    }
    out.push_back(y);
    return out;
  }

  const impact::IndustrySectors& load_sectors() {
    m_loaded_sectors = impact::parse_industry_sectors(io::read_file(m_sectors), m_sectors);
    return m_loaded_sectors;
  }

  [[nodiscard]] std::string csv(const IoTable& table, const impact::IndustrySectors& sectors,
                                const std::vector<Solved>& solved, Lang lang) const {
    std::string out =
        "industry,label,type1_output,type2_output,type1_va,type2_va,type1_jobs,type2_jobs,output,year,territory,level,"
        "lambda\n";
    for (const auto& s : solved) {
      const std::string code = s.territory ? s.territory->code : "FR";
      const std::string level = s.territory ? std::string(territory::level_id(s.territory->level)) : "fr";
      for (std::size_t k = 0; k < table.industries.size(); ++k) {
        const auto i = static_cast<Eigen::Index>(k);
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(table.industries[k].code),
                           csv_field(sectors.label(table.industries[k], lang)), raw(s.m.type1_output(i)),
                           raw(s.m.type2_output(i)), raw(s.m.type1_va(i)), raw(s.m.type2_va(i)),
                           raw(at(s.m.type1_jobs, i)), raw(at(s.m.type2_jobs, i)), raw(s.year->output(i)), s.year->year,
                           csv_field(code), level, raw(s.lambda));
      }
    }
    return out;
  }

  [[nodiscard]] nlohmann::ordered_json parameters_json(const IoTable& table,
                                                       const impact::IndustrySectors& sectors) const {
    using J = nlohmann::ordered_json;
    J p = {{"table", table.source},
           {"unit", table.unit.empty() ? J(nullptr) : J(table.unit)},
           {"labour_share", m_labour_share},
           {"household_income", "labour_share × Σ value added"},
           {"employment", m_employment.empty() ? J(nullptr) : J(m_employment)}};
    if (!m_level.empty() || !m_region.empty()) {
      p["regionalisation"] = {{"method", m_aflq ? "AFLQ" : "FLQ"},
                              {"delta", m_delta},
                              {"size", "employment (jobs at place of work) / France's"},
                              {"quotients", "lq_<sector> of the territory (establishments, France = 1)"},
                              {"sectors", sectors.source}};
    }
    return p;
  }

  [[nodiscard]] nlohmann::ordered_json json(const IoTable& table, const impact::IndustrySectors& sectors,
                                            const std::vector<Solved>& solved, Lang lang) const {
    using J = nlohmann::ordered_json;
    auto num = [](double v) { return std::isnan(v) ? J(nullptr) : J(v); };
    J results = J::array();
    for (const auto& s : solved) {
      J t = {{"level", "fr"}, {"code", "FR"}, {"name", "France"}, {"lambda", 1.0}};
      if (s.territory) {
        t = {{"level", territory::level_id(s.territory->level)},
             {"code", s.territory->code},
             {"name", s.territory->name},
             {"employment", s.territory->employment},
             {"size_ratio", s.territory->size_ratio()},
             {"lambda", s.lambda},
             {"sector_lq", s.territory->sector_lq}};
      }
      J rows = J::array();
      for (std::size_t k = 0; k < table.industries.size(); ++k) {
        const auto i = static_cast<Eigen::Index>(k);
        rows.push_back({{"industry", table.industries[k].code},
                        {"label", sectors.label(table.industries[k], lang)},
                        {"output", s.year->output(i)},
                        {"type1_output", s.m.type1_output(i)},
                        {"type2_output", s.m.type2_output(i)},
                        {"type1_va", s.m.type1_va(i)},
                        {"type2_va", s.m.type2_va(i)},
                        {"type1_jobs", num(at(s.m.type1_jobs, i))},
                        {"type2_jobs", num(at(s.m.type2_jobs, i))}});
      }
      results.push_back({{"year", s.year->year}, {"territory", t}, {"industries", rows}});
    }
    return {{"parameters", parameters_json(table, sectors)}, {"results", results}};
  }

  [[nodiscard]] std::string terminal(const IoTable& table, const impact::IndustrySectors& sectors,
                                     const std::vector<Solved>& solved, Lang lang) const {
    const bool jobs = !m_employment.empty();
    std::string out;
    // One year and at most one territory: the detail by industry, beside the nation's.
    if (solved.size() <= 2 && solved.front().year == solved.back().year) {
      const auto& s = solved.back();
      const auto& nation = solved.front();
      const bool regional = s.territory.has_value();
      out += fmt::format(fmt::runtime(tr(lang, "cli.impact.title")),
                         regional ? fmt::format("{} {}", s.territory->code, s.territory->name) : "France", s.year->year,
                         table.source);
      if (regional) {
        out += fmt::format(fmt::runtime(tr(lang, "cli.impact.lambda")), text::number(lang, s.lambda, 3),
                           text::number(lang, 100 * s.territory->size_ratio(), 2));
      }
      std::vector<std::vector<std::string>> t = {{tr(lang, "cli.impact.industry"), tr(lang, "cli.common.name"),
                                                  tr(lang, "cli.impact.type1"), tr(lang, "cli.impact.type2"),
                                                  tr(lang, "cli.impact.va1"), tr(lang, "cli.impact.va2")}};
      if (regional) {
        t.front().push_back(tr(lang, "cli.impact.type1_france"));
        t.front().push_back(tr(lang, "cli.impact.type2_france"));
      }
      if (jobs) {
        t.front().push_back(tr(lang, "cli.impact.jobs1"));
        t.front().push_back(tr(lang, "cli.impact.jobs2"));
      }
      for (std::size_t k = 0; k < table.industries.size(); ++k) {
        const auto i = static_cast<Eigen::Index>(k);
        std::vector<std::string> row = {table.industries[k].code,
                                        sectors.label(table.industries[k], lang),
                                        text::number(lang, s.m.type1_output(i), 3),
                                        text::number(lang, s.m.type2_output(i), 3),
                                        text::number(lang, s.m.type1_va(i), 3),
                                        text::number(lang, s.m.type2_va(i), 3)};
        if (regional) {
          row.push_back(text::number(lang, nation.m.type1_output(i), 3));
          row.push_back(text::number(lang, nation.m.type2_output(i), 3));
        }
        if (jobs) {
          row.push_back(text::number(lang, at(s.m.type1_jobs, i), 2));
          row.push_back(text::number(lang, at(s.m.type2_jobs, i), 2));
        }
        t.push_back(std::move(row));
      }
      out += cli::table(t);
    } else {
      std::vector<std::vector<std::string>> t = {{tr(lang, "cli.impact.territory"), tr(lang, "cli.impact.year"), "λ",
                                                  tr(lang, "cli.impact.mean_type1"), tr(lang, "cli.impact.mean_type2"),
                                                  tr(lang, "cli.impact.mean_va1")}};
      for (const auto& s : solved) {
        t.push_back({s.territory ? fmt::format("{} {}", s.territory->code, s.territory->name) : "France",
                     std::to_string(s.year->year), text::number(lang, s.lambda, 3),
                     text::number(lang, weighted_mean(s.m.type1_output, s.year->output), 3),
                     text::number(lang, weighted_mean(s.m.type2_output, s.year->output), 3),
                     text::number(lang, weighted_mean(s.m.type1_va, s.year->output), 3)});
      }
      out += cli::table(t) + tr(lang, "cli.impact.detail_hint");
    }
    out += fmt::format(fmt::runtime(tr(lang, "cli.impact.assumptions")), text::number(lang, m_labour_share, 2));
    if (!m_level.empty() || !m_region.empty()) {
      out += fmt::format(fmt::runtime(tr(lang, "cli.impact.flq")), m_aflq ? "AFLQ" : "FLQ",
                         text::number(lang, m_delta, 2), sectors.source);
    }
    out += jobs ? fmt::format(fmt::runtime(tr(lang, "cli.impact.jobs_from")), m_employment)
                : std::string(tr(lang, "cli.impact.no_jobs"));
    return out;
  }

  std::string m_table, m_year, m_level, m_region, m_employment, m_sectors, m_output;
  std::string m_format = "table";
  double m_delta = impact::kDefaultFlqDelta;
  double m_labour_share = impact::kDefaultLabourShare;
  bool m_aflq = false;
  impact::IndustrySectors m_loaded_sectors;
};

}  // namespace

std::unique_ptr<Command> make_impact_io() { return std::make_unique<ImpactIo>(); }

}  // namespace fabscope::cli
