// fabscope impact workshop (docs/commands/impact-workshop.md)
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>

#include "app/impacts.hpp"
#include "cli/command.hpp"
#include "cli/format.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/archive.hpp"
#include "workshops/repository.hpp"

namespace fabscope::cli {
namespace {

struct Row {
  std::string name;
  app::WorkshopImpactReport report;
};

std::string amount(Lang lang, double v, int digits = 0) {
  return std::isnan(v) ? std::string("—") : text::number(lang, v, digits);
}

class ImpactWorkshop final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("workshop", m_workshop, "Workshop id (fabscope workshops list), or all")->required();
    app.add_option("--table", m_table, "Input-output table (default: <data>/raw/FRA_NIOT_nov16.xlsx)");
    app.add_option("--year", m_year, "Year of the table (default: the latest)");
    app.add_option("--level", m_level, "The workshop's territory that regionalises the table: epci, ze, dep (default) or reg")
        ->check(CLI::IsMember({"epci", "ze", "dep", "reg"}));
    app.add_option("--delta", m_settings.delta, "FLQ's δ (default 0.3; 0 to 0.99)")->check(number_in(0, 0.99));
    app.add_flag("--aflq", m_settings.augmented, "Augmented FLQ instead of FLQ");
    app.add_option("--labour-share", m_settings.parameters.labour_share,
                   "Share of labour income in value added (default 0.57)")
        ->check(number_in(0.01, 1));
    app.add_option("--employment", m_employment,
                   "CSV of jobs by industry (industry, jobs[, year]): indirect and induced jobs (with --eur-per-unit)");
    app.add_option("--eur-per-unit", m_settings.euros_per_unit,
                   "Euros in one unit of the table (WIOD: a million US$ of the year), with --employment")
        ->check(number_in(1e-9, 1e15));
    app.add_option("--format", m_format, "table (default), csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
    app.add_option("-o,--output", m_output, "Write to this file instead of the standard output");
  }

  int run(const Context& ctx) override {
    if (!m_employment.empty() && std::isnan(m_settings.euros_per_unit)) {
      throw Error(ExitCode::usage, "--employment needs --eur-per-unit (the euros in one unit of the table)",
                  "--employment demande --eur-per-unit (les euros d'une unité du tableau)");
    }
    const auto path = m_table.empty() ? ctx.data_dir / "raw" / "FRA_NIOT_nov16.xlsx" : std::filesystem::path(m_table);
    const impact::IoTable table = impact::read_io_table(path);
    if (!m_year.empty()) {
      const auto y = text::parse_int(m_year);
      if (!y) throw Error(ExitCode::usage, fmt::format("--year {}: not a year", m_year), fmt::format("--year {} : pas une année", m_year));
      m_settings.year = static_cast<int>(*y);
    }
    m_settings.level = *territory::parse_level(m_level);
    if (!m_employment.empty()) {
      const int year = m_settings.year == 0 ? table.years.back().year : m_settings.year;
      m_settings.jobs = impact::read_employment(io::read_file(m_employment), m_employment, table, year);
    }
    auto store = ctx.open_store(true);
    const auto declared = app::declared_figures(*store);
    const Lang lang = ctx.lang();
    std::vector<Row> rows;
    for (const auto& [id, figures] : declared) {
      if (m_workshop != "all" && id != m_workshop) continue;
      const auto w = workshops::load_workshop(*store, id);
      if (!w || !w->second.commune) continue;
      rows.push_back({w->first.name, app::workshop_impact_report(*store, table, id, *w->second.commune, figures, m_settings)});
    }
    if (rows.empty() && m_workshop != "all") {
      const auto w = workshops::load_workshop(*store, m_workshop);
      if (!w) {
        throw Error(ExitCode::not_found, fmt::format("no workshop {}", m_workshop), fmt::format("pas d'atelier {}", m_workshop));
      }
      throw Error(ExitCode::missing_data,
                  fmt::format("{} ({}): no answer declares its staff, wage bill, budget or purchases "
                              "(the manager questionnaire: fabscope campaign, fabscope answers import)",
                              w->first.name, m_workshop),
                  fmt::format("{} ({}) : aucune réponse ne déclare ses effectifs, sa masse salariale, son budget ou "
                              "ses achats (le questionnaire des gestionnaires : fabscope campaign, fabscope answers "
                              "import)",
                              w->first.name, m_workshop));
    }
    if (m_format == "json") {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& r : rows) {
        auto j = app::impact_json(r.report, table);
        j["name"] = r.name;
        out.push_back(std::move(j));
      }
      emit(m_output, (m_workshop == "all" ? out : out.front()).dump(1) + "\n");
    } else if (m_format == "csv") {
      emit(m_output, csv(rows));
    } else {
      emit(m_output, m_workshop == "all" ? summary(rows, lang) : detail(rows.front(), table, lang));
    }
    return 0;
  }

 private:
  static std::string territory_name(const app::WorkshopImpactReport& r) {
    return r.territory ? fmt::format("{} {}", r.territory->code, r.territory->name) : std::string("France");
  }

  [[nodiscard]] static std::string csv(const std::vector<Row>& rows) {
    std::string out =
        "workshop,name,fictitious,territory_level,territory,lambda,year,staff_fte,wage_bill_eur,revenues_eur,"
        "purchases_eur,local_purchases_eur,output_direct,output_indirect,output_induced,va_direct,va_indirect,"
        "va_induced,jobs_direct,jobs_indirect,jobs_induced\n";
    const auto n = [](double v) { return std::isnan(v) ? std::string() : text::format_double(v); };
    for (const auto& row : rows) {
      const auto& r = row.report;
      const auto& f = r.declared.figures;
      const auto& i = r.impact;
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", text::csv_field(r.workshop_id),
                         text::csv_field(row.name), r.declared.fictitious ? 1 : 0,
                         r.territory ? territory::level_id(r.territory->level) : "fr",
                         text::csv_field(r.territory ? r.territory->code : "FR"), n(r.lambda), r.year, n(f.staff_fte),
                         n(f.wage_bill), n(f.revenues), n(i.purchases_total), n(i.local_purchases), n(i.output.direct),
                         n(i.output.indirect), n(i.output.induced), n(i.value_added.direct), n(i.value_added.indirect),
                         n(i.value_added.induced), n(i.jobs.direct), n(i.jobs.indirect), n(i.jobs.induced));
    }
    return out;
  }

  [[nodiscard]] static std::vector<std::vector<std::string>> effects_table(const impact::WorkshopImpact& i, Lang lang) {
    std::vector<std::vector<std::string>> t = {{tr(lang, "impact.measure"), tr(lang, "impact.direct"), tr(lang, "impact.indirect"),
                                                tr(lang, "impact.induced"), tr(lang, "impact.total")}};
    const auto row = [&](const char* key, const impact::ImpactFigure& f, int digits) {
      t.push_back({tr(lang, key), amount(lang, f.direct, digits), amount(lang, f.indirect, digits),
                   amount(lang, f.induced, digits), amount(lang, f.total(), digits)});
    };
    row("impact.output", i.output, 0);
    row("impact.value_added", i.value_added, 0);
    row("impact.jobs", i.jobs, 2);
    return t;
  }

  [[nodiscard]] std::string detail(const Row& row, const impact::IoTable& table, Lang lang) const {
    const auto& r = row.report;
    const auto& f = r.declared.figures;
    std::string out = fmt::format(fmt::runtime(tr(lang, "cli.impact_workshop.title")), row.name, r.workshop_id);
    if (r.declared.fictitious) out += tr(lang, "cli.impact_workshop.fictitious");
    out += fmt::format(fmt::runtime(tr(lang, "cli.impact_workshop.declared")), r.declared.form_id, r.declared.version,
                       r.declared.submitted_at, amount(lang, f.staff_fte, 1), amount(lang, f.wage_bill),
                       amount(lang, f.revenues), amount(lang, r.impact.purchases_total),
                       amount(lang, r.impact.local_purchases));
    out += cli::table(effects_table(r.impact, lang));
    std::vector<std::vector<std::string>> p = {{tr(lang, "impact.purchase_sector"), tr(lang, "impact.amount"),
                                                tr(lang, "impact.local_share"), tr(lang, "impact.local_amount"),
                                                tr(lang, "impact.industries"), tr(lang, "impact.status")}};
    for (const auto& a : r.impact.purchases) {
      std::string industries;
      for (const auto& [i, w] : a.industries) {
        if (!industries.empty()) industries += ", ";
        industries += a.industries.size() == 1 ? table.industries[i].code
                                               : fmt::format("{} {} %", table.industries[i].code, text::number(lang, 100 * w, 0));
      }
      p.push_back({a.purchase.sector, amount(lang, a.purchase.amount), amount(lang, a.purchase.local_share),
                   amount(lang, a.local_amount), industries.empty() ? "—" : industries,
                   tr(lang, fmt::format("impact.status.{}", app::purchase_status_id(a.status)))});
    }
    if (p.size() > 1) out += "\n" + cli::table(p);
    out += "\n" + assumptions(r, table, lang);
    return out;
  }

  [[nodiscard]] std::string assumptions(const app::WorkshopImpactReport& r, const impact::IoTable& table,
                                        Lang lang) const {
    std::string out =
        r.territory ? fmt::format(fmt::runtime(tr(lang, "impact.model_regional")), table.source, r.year,
                                  r.settings.augmented ? "AFLQ" : "FLQ", territory_name(r),
                                  text::number(lang, r.settings.delta, 2), text::number(lang, r.lambda, 3))
                    : fmt::format(fmt::runtime(tr(lang, "impact.model_national")), table.source, r.year,
                                  r.territory_code.empty() ? "—" : r.territory_code);
    out += "\n" + fmt::format(fmt::runtime(tr(lang, "impact.assumptions")),
                              text::number(lang, r.settings.parameters.labour_share, 2));
    out += "\n" + std::string(tr(lang, r.impact.jobs_modelled ? "impact.jobs_modelled" : "impact.jobs_not_modelled"));
    return out + "\n";
  }

  // Every workshop, then the sums by territory and for the panel.
  [[nodiscard]] static std::string summary(const std::vector<Row>& rows, Lang lang) {
    std::vector<std::vector<std::string>> t = {{tr(lang, "cli.common.name"), tr(lang, "cli.impact.territory"),
                                                tr(lang, "impact.jobs_direct"), tr(lang, "impact.output_direct"),
                                                tr(lang, "impact.output_indirect"), tr(lang, "impact.output_induced"),
                                                tr(lang, "impact.va_total")}};
    std::map<std::string, impact::WorkshopImpact> by_territory;
    impact::WorkshopImpact panel;
    std::size_t fictitious = 0;
    for (const auto& row : rows) {
      const auto& i = row.report.impact;
      fictitious += row.report.declared.fictitious ? 1 : 0;
      t.push_back({row.name + (row.report.declared.fictitious ? " ✱" : ""), territory_name(row.report),
                   amount(lang, i.jobs.direct, 1), amount(lang, i.output.direct), amount(lang, i.output.indirect),
                   amount(lang, i.output.induced), amount(lang, i.value_added.total())});
      for (auto* into : {&by_territory[territory_name(row.report)], &panel}) {
        into->output += i.output;
        into->value_added += i.value_added;
        into->jobs += i.jobs;
      }
    }
    std::string out = fmt::format(fmt::runtime(tr(lang, "cli.impact_workshop.all")), rows.size());
    out += cli::table(t);
    std::vector<std::vector<std::string>> s = {t.front()};
    s.front().front() = tr(lang, "cli.impact.territory");
    s.front().erase(s.front().begin() + 1);
    for (const auto& [name, i] : by_territory) {
      s.push_back({name, amount(lang, i.jobs.direct, 1), amount(lang, i.output.direct), amount(lang, i.output.indirect),
                   amount(lang, i.output.induced), amount(lang, i.value_added.total())});
    }
    s.push_back({tr(lang, "cli.impact_workshop.panel"), amount(lang, panel.jobs.direct, 1),
                 amount(lang, panel.output.direct), amount(lang, panel.output.indirect),
                 amount(lang, panel.output.induced), amount(lang, panel.value_added.total())});
    out += "\n" + cli::table(s);
    if (fictitious > 0) out += fmt::format(fmt::runtime(tr(lang, "cli.impact_workshop.fictitious_count")), fictitious);
    return out;
  }

  std::string m_workshop, m_table, m_year, m_employment, m_output;
  std::string m_level = "dep";
  std::string m_format = "table";
  app::ImpactSettings m_settings;
};

}  // namespace

std::unique_ptr<Command> make_impact_workshop() { return std::make_unique<ImpactWorkshop>(); }

}  // namespace fabscope::cli
