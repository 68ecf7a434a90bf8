// The economic impact of one workshop on its territory (docs/impact/workshops.md): direct
// (the workshop itself: its revenues, its value added, its jobs), indirect (its local
// suppliers and their own supply chain, through the regional Leontief model) and induced
// (the households' spending of the wages paid, by the workshop and along that chain,
// through the model closed for households). Pure: the figures collected, the table's year
// and the regional model -> the effects with every input and assumption they rest on.
#pragma once

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "impact/io_table.hpp"
#include "impact/leontief.hpp"

namespace fabscope::impact {

inline constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

// One line of the workshop's purchases: the supplier's sector as the questionnaire codes it
// (an industry of the table, "C26"; a NACE section, "C", spread over its industries by
// their output; anything else is not in the table and is left out), the amount in euros
// and the share bought in the territory, in % (NaN: not said).
struct Purchase {
  std::string sector;
  double amount = 0;
  double local_share = kUnknown;
};

// What the manager declared (NaN: not declared).
struct WorkshopFigures {
  double staff_fte = kUnknown;
  double wage_bill = kUnknown;  // € per year, employer's contributions included
  double revenues = kUnknown;   // € per year (the annual budget)
  std::vector<Purchase> purchases;
  [[nodiscard]] bool any() const {
    return !std::isnan(staff_fte) || !std::isnan(wage_bill) || !std::isnan(revenues) || !purchases.empty();
  }
};

// A purchase as the model used it.
struct AllocatedPurchase {
  Purchase purchase;
  double local_amount = 0;                                   // amount × share (0 when the share is unknown)
  std::vector<std::pair<std::size_t, double>> industries;    // (industry, weight), weights summing to 1
  enum class Status { used, not_local, share_unknown, not_in_table } status = Status::used;
};

// Each effect in € (jobs in FTE); NaN when it cannot be computed from what is known.
struct ImpactFigure {
  double direct = kUnknown, indirect = kUnknown, induced = kUnknown;
  // The sum of the known parts; NaN when none is known.
  [[nodiscard]] double total() const;
  // Adds each known part of `other` (a part unknown on both sides stays unknown): sums
  // over workshops.
  ImpactFigure& operator+=(const ImpactFigure& other);
};

struct WorkshopImpact {
  ImpactFigure output, value_added, jobs;
  std::vector<AllocatedPurchase> purchases;
  double purchases_total = 0, local_purchases = 0;
  // The territory's demand on each industry: local purchases (indirect) and the wages'
  // consumption (induced), and the output each industry gains in all (indirect + induced).
  stats::Vector local_demand, output_by_industry;
  bool jobs_modelled = false;  // an employment table was supplied
};

// `jobs_per_unit`: jobs per unit of output of each industry in the table's unit, and
// `euros_per_unit` the euros in one unit of the table (both or neither): only then are the
// indirect and induced jobs computed; otherwise they stay NaN (never invented).
WorkshopImpact workshop_impact(const IoTable& table, const IoYear& year, const IoModel& model,
                               const WorkshopFigures& figures, const std::optional<stats::Vector>& jobs_per_unit = {},
                               double euros_per_unit = kUnknown);

// The industries a purchase code stands for (see Purchase), with their weights; empty when
// the code is not in the table.
std::vector<std::pair<std::size_t, double>> purchase_industries(const IoTable& table, const IoYear& year,
                                                                const std::string& code);

}  // namespace fabscope::impact
