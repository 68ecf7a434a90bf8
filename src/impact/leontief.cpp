// The Leontief model (docs/impact/io.md).
#include "impact/leontief.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace fabscope::impact {
namespace {

using stats::Matrix;
using stats::Vector;

// x_j > 0: the coefficient; else 0 (an industry without output, T and U in WIOD).
Vector per_output(const Vector& amounts, const Vector& output) {
  Vector r(amounts.size());
  for (Eigen::Index j = 0; j < amounts.size(); ++j) r(j) = output(j) > 0 ? amounts(j) / output(j) : 0.0;
  return r;
}

stats::LuFactor factor_i_minus(const Matrix& a, int year, const char* what) {
  auto lu = stats::LuFactor::of(Matrix::Identity(a.rows(), a.cols()) - a);
  if (!lu) {
    throw Error(
        ExitCode::bad_input,
        fmt::format("year {}: I − A is singular ({}): the table's intermediate uses exhaust an industry's output", year,
                    what),
        fmt::format("année {} : I − A est singulière ({}) : les consommations intermédiaires du tableau "
                    "épuisent la production d'une branche",
                    year, what));
  }
  return *std::move(lu);
}

void check_parameters(const ModelParameters& p) {
  if (!(p.labour_share > 0 && p.labour_share <= 1)) {
    throw Error(ExitCode::usage, fmt::format("the labour share must be in (0, 1], not {}", p.labour_share),
                fmt::format("la part du travail doit être dans ]0, 1], pas {}", p.labour_share));
  }
}

IoModel solve_model(Matrix a, Vector household, const IoYear& year, const ModelParameters& p, double lambda) {
  IoModel m;
  m.parameters = p;
  m.lambda = lambda;
  m.a = std::move(a);
  m.va = per_output(year.value_added, year.output);
  m.labour = p.labour_share * m.va;
  m.household = std::move(household);
  const auto n = m.a.rows();
  m.open = factor_i_minus(m.a, year.year, "Type I");
  Matrix closed = Matrix::Zero(n + 1, n + 1);
  closed.topLeftCorner(n, n) = m.a;
  closed.topRightCorner(n, 1) = m.household;
  closed.bottomLeftCorner(1, n) = m.labour.transpose();
  m.closed = factor_i_minus(closed, year.year, "Type II");
  return m;
}

Vector household_coefficients(const IoYear& year, const ModelParameters& p) {
  const double income = p.labour_share * year.value_added.sum();
  if (!(income > 0)) {
    throw Error(
        ExitCode::bad_input, fmt::format("year {}: no value added: households cannot be closed", year.year),
        fmt::format("année {} : pas de valeur ajoutée : les ménages ne peuvent pas être endogénéisés", year.year));
  }
  return year.household / income;
}

Matrix coefficients(const IoYear& year) {
  Matrix a = year.z;
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    if (year.output(j) > 0) {
      a.col(j) /= year.output(j);
    } else {
      a.col(j).setZero();
    }
  }
  return a;
}

}  // namespace

double flq_lambda(double size_ratio, double delta) { return std::pow(std::log2(1.0 + size_ratio), delta); }

Matrix flq_matrix(const std::vector<double>& q, double lambda, bool augmented) {
  const auto n = static_cast<Eigen::Index>(q.size());
  const double inf = std::numeric_limits<double>::infinity();
  Matrix f(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double qi = q[static_cast<std::size_t>(i)];
    for (Eigen::Index j = 0; j < n; ++j) {
      const double qj = q[static_cast<std::size_t>(j)];
      if (qi == 0) {
        f(i, j) = 0;
      } else if (i == j) {
        f(i, j) = lambda * qi;
      } else {
        f(i, j) = qj == 0 ? inf : lambda * qi / qj;
      }
    }
  }
  if (augmented) {
    for (Eigen::Index j = 0; j < n; ++j) {
      const double qj = q[static_cast<std::size_t>(j)];
      if (qj > 1) f.col(j) *= std::log2(1.0 + qj);
    }
  }
  return f;
}

IoModel national_model(const IoYear& year, const ModelParameters& parameters) {
  check_parameters(parameters);
  return solve_model(coefficients(year), household_coefficients(year, parameters), year, parameters, 1.0);
}

IoModel regional_model(const IoYear& year, const Regionalisation& region, const ModelParameters& parameters) {
  check_parameters(parameters);
  const auto n = year.z.rows();
  if (static_cast<Eigen::Index>(region.slq.size()) != n) {
    throw Error(ExitCode::failure, fmt::format("{} location quotients for {} industries", region.slq.size(), n));
  }
  if (!(region.size_ratio > 0 && region.size_ratio <= 1) || !(region.delta >= 0 && region.delta < 1)) {
    throw Error(ExitCode::usage,
                fmt::format("FLQ: the size ratio must be in (0, 1] and δ in [0, 1), not {} and {}", region.size_ratio,
                            region.delta),
                fmt::format("FLQ : le rapport de taille doit être dans ]0, 1] et δ dans [0, 1[, pas {} et {}",
                            region.size_ratio, region.delta));
  }
  for (const double q : region.slq) {
    if (!(q >= 0) || !std::isfinite(q)) {
      throw Error(ExitCode::bad_input, fmt::format("FLQ: a location quotient is {}", q),
                  fmt::format("FLQ : un quotient de localisation vaut {}", q));
    }
  }
  const double lambda = flq_lambda(region.size_ratio, region.delta);
  const Matrix flq = flq_matrix(region.slq, lambda, region.augmented);
  Matrix a = coefficients(year);
  a.array() *= flq.array().min(1.0);
  Vector c = household_coefficients(year, parameters);
  for (Eigen::Index i = 0; i < n; ++i) c(i) *= std::min(1.0, lambda * region.slq[static_cast<std::size_t>(i)]);
  return solve_model(std::move(a), std::move(c), year, parameters, lambda);
}

Multipliers multipliers(const IoModel& model, const IoYear& year, const std::optional<Vector>& jobs) {
  // Column sums of L weighted by w are wᵀL, i.e. the solution y of (I − A)ᵀ y = w: one
  // right-hand side per kind of multiplier, on the factorisation.
  const auto n = model.a.rows();
  const Eigen::Index k = jobs ? 3 : 2;
  Matrix w = Matrix::Zero(n, k);
  w.col(0).setOnes();
  w.col(1) = model.va;
  if (jobs) w.col(2) = per_output(*jobs, year.output);
  Matrix w_closed = Matrix::Zero(n + 1, k);
  w_closed.topRows(n) = w;
  const Matrix open = model.open->solve_transposed(w);
  const Matrix closed = model.closed->solve_transposed(w_closed);
  Multipliers m;
  m.type1_output = open.col(0);
  m.type2_output = closed.col(0).head(n);
  m.type1_va = open.col(1);
  m.type2_va = closed.col(1).head(n);
  if (jobs) {
    m.type1_jobs = open.col(2);
    m.type2_jobs = closed.col(2).head(n);
  }
  return m;
}

Effects shock(const IoModel& model, const IoYear& year, const Vector& demand, const std::optional<Vector>& jobs) {
  const auto n = model.a.rows();
  if (demand.size() != n)
    throw Error(ExitCode::failure, fmt::format("a shock of {} industries for {}", demand.size(), n));
  const Vector type1 = model.open->solve(demand);
  Vector closed_demand = Vector::Zero(n + 1);
  closed_demand.head(n) = demand;
  const Vector type2 = model.closed->solve(closed_demand).topRows(n);
  Effects e;
  e.output = {demand, type1 - demand, type2 - type1};
  auto scaled = [](const EffectParts& p, const Vector& coef) {
    return EffectParts{p.direct.cwiseProduct(coef), p.indirect.cwiseProduct(coef), p.induced.cwiseProduct(coef)};
  };
  e.value_added = scaled(e.output, model.va);
  if (jobs) e.jobs = scaled(e.output, per_output(*jobs, year.output));
  return e;
}

}  // namespace fabscope::impact
