// Workshops' economic impacts from what their managers declared (docs/impact/workshops.md):
// the figures read from the answers, the workshop's territory regionalising the national
// table (FLQ), and the direct, indirect and induced effects with every input listed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "impact/io_table.hpp"
#include "impact/leontief.hpp"
#include "impact/regional.hpp"
#include "impact/workshop_impact.hpp"
#include "store/store.hpp"
#include "territory/indicators.hpp"

namespace fabscope::app {

// The questions the impacts read (any instrument that names its questions so feeds them):
// q_staff_fte, q_wage_bill, q_budget, and the repeat `achats` of q_purchase_sector,
// q_purchase_amount, q_purchase_local_share.
struct DeclaredFigures {
  impact::WorkshopFigures figures;
  std::string form_id, submitted_at, source;
  int version = 0;
  bool fictitious = false;  // a demonstration's answer (docs/collect/demo.md)
};

// Per workshop id: its latest submission that declares any of the figures (only
// `workshop_id`'s when it is given).
std::map<std::string, DeclaredFigures> declared_figures(store::Store& store, const std::string& workshop_id = "");

struct ImpactSettings {
  int year = 0;  // of the table; 0 = the latest
  territory::Level level = territory::Level::dep;
  double delta = impact::kDefaultFlqDelta;
  bool augmented = false;
  impact::ModelParameters parameters;
  std::optional<stats::Vector> jobs;           // employment by industry of `year` (read_employment)
  double euros_per_unit = impact::kUnknown;    // € in one unit of the table (with `jobs`)
};

struct WorkshopImpactReport {
  std::string workshop_id, commune;
  DeclaredFigures declared;
  // The territory that regionalises the table; nullopt = the national model (the commune's
  // territory, `territory_code` at the settings' level, lacks employment or a location
  // quotient, or the commune has no such territory when the code is empty).
  std::optional<impact::TerritoryQuotients> territory;
  std::string territory_code;
  int year = 0;
  double lambda = 1;
  ImpactSettings settings;
  impact::WorkshopImpact impact;
};

// The impact of a workshop placed in `commune` that declared `declared`. Throws Error when
// the settings are out of range.
WorkshopImpactReport workshop_impact_report(store::Store& store, const impact::IoTable& table,
                                            const std::string& workshop_id, const std::string& commune,
                                            const DeclaredFigures& declared, const ImpactSettings& settings);

// Every figure with the inputs and assumptions it rests on, so that it can be recomputed
// (docs/impact/workshops.md, "JSON"): the declared figures and their answer, the purchases
// as allocated, the territory's quotients, λ, δ, the labour share, the table and its year.
nlohmann::ordered_json impact_json(const WorkshopImpactReport& report, const impact::IoTable& table);

// A purchase's status as a stable id: used, not_local, share_unknown, not_in_table.
std::string_view purchase_status_id(impact::AllocatedPurchase::Status s);

}  // namespace fabscope::app
