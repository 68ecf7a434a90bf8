// A workshop's direct, indirect and induced effects (docs/impact/workshops.md).
#include "impact/workshop_impact.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace fabscope::impact {

using stats::Vector;

double ImpactFigure::total() const {
  double sum = 0;
  bool any = false;
  for (const double v : {direct, indirect, induced}) {
    if (std::isnan(v)) continue;
    sum += v;
    any = true;
  }
  return any ? sum : kUnknown;
}

ImpactFigure& ImpactFigure::operator+=(const ImpactFigure& other) {
  for (auto [to, from] : {std::pair{&direct, other.direct}, {&indirect, other.indirect}, {&induced, other.induced}}) {
    if (!std::isnan(from)) *to = (std::isnan(*to) ? 0 : *to) + from;
  }
  return *this;
}

std::vector<std::pair<std::size_t, double>> purchase_industries(const IoTable& table, const IoYear& year,
                                                                const std::string& code) {
  std::vector<std::pair<std::size_t, double>> out;
  if (const auto i = table.industry(code)) {
    out.emplace_back(*i, 1.0);
    return out;
  }
  // A NACE section: its industries, by their share of the section's output.
  if (code.size() != 1 || code[0] < 'A' || code[0] > 'U') return out;
  double sum = 0;
  for (std::size_t i = 0; i < table.industries.size(); ++i) {
    if (table.industries[i].code.front() != code[0]) continue;
    const double x = year.output(static_cast<Eigen::Index>(i));
    if (x > 0) {
      out.emplace_back(i, x);
      sum += x;
    }
  }
  if (sum <= 0) return {};
  for (auto& [i, w] : out) w /= sum;
  return out;
}

namespace {

// Shares out the purchases; returns the local demand by industry.
Vector allocate(const IoTable& table, const IoYear& year, const WorkshopFigures& figures, WorkshopImpact& out) {
  const auto n = static_cast<Eigen::Index>(table.industries.size());
  Vector demand = Vector::Zero(n);
  for (const auto& p : figures.purchases) {
    AllocatedPurchase a;
    a.purchase = p;
    out.purchases_total += p.amount;
    a.industries = purchase_industries(table, year, p.sector);
    if (a.industries.empty()) {
      a.status = AllocatedPurchase::Status::not_in_table;
    } else if (std::isnan(p.local_share)) {
      a.status = AllocatedPurchase::Status::share_unknown;
    } else if (p.local_share <= 0) {
      a.status = AllocatedPurchase::Status::not_local;
    } else {
      a.local_amount = p.amount * std::min(p.local_share, 100.0) / 100.0;
      out.local_purchases += a.local_amount;
      for (const auto& [i, w] : a.industries) demand(static_cast<Eigen::Index>(i)) += w * a.local_amount;
    }
    out.purchases.push_back(std::move(a));
  }
  return demand;
}

}  // namespace

WorkshopImpact workshop_impact(const IoTable& table, const IoYear& year, const IoModel& model,
                               const WorkshopFigures& figures, const std::optional<Vector>& jobs_per_unit,
                               double euros_per_unit) {
  const auto n = static_cast<Eigen::Index>(table.industries.size());
  if (model.a.rows() != n) throw Error(ExitCode::failure, fmt::format("a model of {} industries for {}", model.a.rows(), n));
  WorkshopImpact out;
  const Vector purchases = allocate(table, year, figures, out);

  // Indirect: the local suppliers' output and their chain, L·p. Induced: the closed model
  // adds the households of that chain, (L* − L)·p, and the spending of the workshop's own
  // wages, an injection of household income: rows 1..n of L*·e_{n+1}·W.
  const Vector type1 = model.open->solve(purchases);
  Vector closed_in = Vector::Zero(n + 1);
  closed_in.head(n) = purchases;
  const bool wages_known = !std::isnan(figures.wage_bill);
  if (wages_known) closed_in(n) = figures.wage_bill;
  const Vector type2 = model.closed->solve(closed_in).topRows(n);
  const Vector induced = type2 - type1;

  out.local_demand = purchases;
  out.output_by_industry = type2;
  const bool purchases_known = !figures.purchases.empty();

  out.output.direct = figures.revenues;
  out.output.indirect = purchases_known ? type1.sum() : kUnknown;
  out.output.induced = purchases_known || wages_known ? induced.sum() : kUnknown;

  // The workshop's own value added: its output less what it buys (both declared); else its
  // wage bill alone, a lower bound.
  out.value_added.direct = !std::isnan(figures.revenues) && purchases_known
                               ? figures.revenues - out.purchases_total
                               : figures.wage_bill;
  out.value_added.indirect = purchases_known ? model.va.dot(type1) : kUnknown;
  out.value_added.induced = purchases_known || wages_known ? model.va.dot(induced) : kUnknown;

  out.jobs.direct = figures.staff_fte;
  if (jobs_per_unit && euros_per_unit > 0) {
    out.jobs_modelled = true;
    const Vector e = *jobs_per_unit / euros_per_unit;  // jobs per euro
    if (purchases_known) out.jobs.indirect = e.dot(type1);
    if (purchases_known || wages_known) out.jobs.induced = e.dot(induced);
  }
  return out;
}

}  // namespace fabscope::impact
