// Workshops' economic impacts (docs/impact/workshops.md).
#include "app/impacts.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include "collect/answers_store.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "territory/repository.hpp"

namespace fabscope::app {
namespace {

double number_of(const collect::Record& r, const std::string& name) {
  const auto v = text::parse_double(r.value(name));
  return v ? *v : impact::kUnknown;
}

impact::WorkshopFigures figures_of(const collect::Record& r) {
  impact::WorkshopFigures f;
  f.staff_fte = number_of(r, "q_staff_fte");
  f.wage_bill = number_of(r, "q_wage_bill");
  f.revenues = number_of(r, "q_budget");
  if (const auto it = r.repeats.find("achats"); it != r.repeats.end()) {
    for (const auto& line : it->second) {
      const double amount = number_of(line, "q_purchase_amount");
      const auto sector = line.value("q_purchase_sector");
      if (sector.empty() || !(amount > 0)) continue;
      f.purchases.push_back({sector, amount, number_of(line, "q_purchase_local_share")});
    }
  }
  return f;
}

}  // namespace

std::map<std::string, DeclaredFigures> declared_figures(store::Store& store, const std::string& workshop_id) {
  std::map<std::string, DeclaredFigures> out;
  SQLite::Statement q(store.db(),
                      "SELECT workshop_id, form_id, version, submitted_at, source, fictitious, data FROM submission "
                      "WHERE workshop_id != '' AND (? = '' OR workshop_id = ?) ORDER BY submitted_at, id");
  q.bind(1, workshop_id);
  q.bind(2, workshop_id);
  while (q.executeStep()) {
    DeclaredFigures d;
    d.figures = figures_of(collect::record_from_json(q.getColumn(6).getString()));
    if (!d.figures.any()) continue;
    d.form_id = q.getColumn(1).getString();
    d.version = q.getColumn(2).getInt();
    d.submitted_at = q.getColumn(3).getString();
    d.source = q.getColumn(4).getString();
    d.fictitious = q.getColumn(5).getInt() != 0;
    out[q.getColumn(0).getString()] = std::move(d);  // the latest wins
  }
  return out;
}

WorkshopImpactReport workshop_impact_report(store::Store& store, const impact::IoTable& table,
                                            const std::string& workshop_id, const std::string& commune,
                                            const DeclaredFigures& declared, const ImpactSettings& settings) {
  WorkshopImpactReport r;
  r.workshop_id = workshop_id;
  r.commune = commune;
  r.declared = declared;
  r.settings = settings;
  const auto* year = settings.year == 0 ? &table.years.back() : table.year(settings.year);
  if (year == nullptr) {
    throw Error(ExitCode::usage,
                fmt::format("the table has no year {} ({} to {})", settings.year, table.years.front().year,
                            table.years.back().year),
                fmt::format("le tableau n'a pas d'année {} ({} à {})", settings.year, table.years.front().year,
                            table.years.back().year));
  }
  r.year = year->year;
  const auto place = territory::load_place(store, commune);
  std::string code;
  if (place) {
    switch (settings.level) {
      case territory::Level::epci: code = place->epci; break;
      case territory::Level::ze: code = place->ze; break;
      case territory::Level::reg: code = place->reg; break;
      default: code = place->dep; break;
    }
  }
  const auto france = territory::load_unit(store, territory::Level::fr, "FR");
  const auto unit = code.empty() ? std::nullopt : territory::load_unit(store, settings.level, code);
  if (unit && france) r.territory = impact::quotients_of(*unit, *france);
  r.territory_code = code;
  const auto model =
      r.territory ? impact::regional_model(*year,
                                           impact::regionalisation(table, impact::builtin_industry_sectors(),
                                                                   *r.territory, settings.delta, settings.augmented),
                                           settings.parameters)
                  : impact::national_model(*year, settings.parameters);
  r.lambda = model.lambda;
  std::optional<stats::Vector> per_unit;
  if (settings.jobs) {
    per_unit = stats::Vector(settings.jobs->size());
    for (Eigen::Index j = 0; j < settings.jobs->size(); ++j) {
      (*per_unit)(j) = year->output(j) > 0 ? (*settings.jobs)(j) / year->output(j) : 0.0;
    }
  }
  r.impact = impact::workshop_impact(table, *year, model, declared.figures, per_unit, settings.euros_per_unit);
  return r;
}

std::string_view purchase_status_id(impact::AllocatedPurchase::Status s) {
  switch (s) {
    case impact::AllocatedPurchase::Status::used: return "used";
    case impact::AllocatedPurchase::Status::not_local: return "not_local";
    case impact::AllocatedPurchase::Status::share_unknown: return "share_unknown";
    case impact::AllocatedPurchase::Status::not_in_table: return "not_in_table";
  }
  return "used";
}

namespace {

nlohmann::ordered_json number_or_null(double v) { return std::isnan(v) ? nlohmann::ordered_json() : nlohmann::ordered_json(v); }

nlohmann::ordered_json figure_json(const impact::ImpactFigure& f) {
  return {{"direct", number_or_null(f.direct)},
          {"indirect", number_or_null(f.indirect)},
          {"induced", number_or_null(f.induced)},
          {"total", number_or_null(f.total())}};
}

}  // namespace

nlohmann::ordered_json impact_json(const WorkshopImpactReport& r, const impact::IoTable& table) {
  const auto& f = r.declared.figures;
  nlohmann::ordered_json purchases = nlohmann::ordered_json::array();
  for (const auto& p : r.impact.purchases) {
    nlohmann::ordered_json industries = nlohmann::ordered_json::object();
    for (const auto& [i, w] : p.industries) industries[table.industries[i].code] = w;
    purchases.push_back({{"sector", p.purchase.sector},
                         {"amount_eur", p.purchase.amount},
                         {"local_share_pct", number_or_null(p.purchase.local_share)},
                         {"local_amount_eur", p.local_amount},
                         {"status", purchase_status_id(p.status)},
                         {"industries", industries}});
  }
  nlohmann::ordered_json territory;
  if (r.territory) {
    nlohmann::ordered_json lq = nlohmann::ordered_json::object();
    for (const auto& [sector, q] : r.territory->sector_lq) lq[sector] = q;
    territory = {{"level", territory::level_id(r.territory->level)},
                 {"code", r.territory->code},
                 {"name", r.territory->name},
                 {"employment", r.territory->employment},
                 {"national_employment", r.territory->national_employment},
                 {"size_ratio", r.territory->size_ratio()},
                 {"location_quotients", lq}};
  }
  nlohmann::ordered_json out;
  out["workshop"] = r.workshop_id;
  out["commune"] = r.commune;
  out["fictitious"] = r.declared.fictitious;
  out["declared"] = {{"form", r.declared.form_id},
                     {"version", r.declared.version},
                     {"submitted_at", r.declared.submitted_at},
                     {"source", r.declared.source},
                     {"staff_fte", number_or_null(f.staff_fte)},
                     {"wage_bill_eur", number_or_null(f.wage_bill)},
                     {"revenues_eur", number_or_null(f.revenues)},
                     {"purchases_eur", r.impact.purchases_total},
                     {"local_purchases_eur", r.impact.local_purchases}};
  out["purchases"] = purchases;
  out["model"] = {{"table", table.source},
                  {"table_unit", table.unit},
                  {"year", r.year},
                  {"regionalisation", r.territory ? (r.settings.augmented ? "AFLQ" : "FLQ") : "national"},
                  {"territory", territory},
                  {"territory_code_sought", r.territory_code},
                  {"delta", r.settings.delta},
                  {"lambda", r.lambda},
                  {"labour_share", r.settings.parameters.labour_share},
                  {"jobs_modelled", r.impact.jobs_modelled},
                  {"euros_per_table_unit", number_or_null(r.settings.euros_per_unit)}};
  out["output_eur"] = figure_json(r.impact.output);
  out["value_added_eur"] = figure_json(r.impact.value_added);
  out["jobs_fte"] = figure_json(r.impact.jobs);
  return out;
}

}  // namespace fabscope::app
