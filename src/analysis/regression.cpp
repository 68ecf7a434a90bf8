#include "analysis/regression.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>

#include "core/error.hpp"
#include "stats/distributions.hpp"
#include "stats/linalg.hpp"

namespace fabscope::analysis {

namespace {

using stats::Matrix;
using stats::Vector;

struct Design {
  Matrix x;
  Vector y;
  std::vector<std::string> terms;
  std::size_t dropped = 0;
  std::string positive;
  std::vector<std::size_t> rows;  // the data's rows used
};

Design design(const DataSet& data, const RegressionOptions& o) {
  Design d;
  const auto& out = data.columns[data.column(o.outcome)];
  std::vector<const Column*> preds;
  for (const auto& p : o.predictors) {
    if (p == o.outcome) reject(p, fmt::format("'{}' is the outcome: it cannot be a predictor", p));
    preds.push_back(&data.columns[data.column(p)]);
  }
  // Rows with every value (listwise deletion, as R's default na.omit).
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < data.rows(); ++i) {
    bool ok = out.quantitative ? !std::isnan(out.values[i]) : !out.labels[i].empty();
    for (const auto* c : preds) ok = ok && (c->quantitative ? !std::isnan(c->values[i]) : !c->labels[i].empty());
    if (ok) rows.push_back(i);
  }
  d.dropped = data.rows() - rows.size();
  d.rows = rows;
  // Terms: intercept, then each predictor (a categorical one: one dummy per level but the first).
  std::vector<std::vector<double>> cols = {std::vector<double>(rows.size(), 1.0)};
  d.terms = {"(Intercept)"};
  for (const auto* c : preds) {
    if (c->quantitative) {
      std::vector<double> v;
      v.reserve(rows.size());
      for (const auto i : rows) v.push_back(c->values[i]);
      cols.push_back(std::move(v));
      d.terms.push_back(c->name);
    } else {
      std::set<std::string> levels;
      for (const auto i : rows) levels.insert(c->labels[i]);
      if (levels.size() < 2) reject(c->name, fmt::format("predictor '{}' has a single category in the rows used", c->name));
      for (auto it = std::next(levels.begin()); it != levels.end(); ++it) {
        std::vector<double> v;
        v.reserve(rows.size());
        for (const auto i : rows) v.push_back(c->labels[i] == *it ? 1.0 : 0.0);
        cols.push_back(std::move(v));
        d.terms.push_back(c->name + *it);
      }
    }
  }
  d.x.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t j = 0; j < cols.size(); ++j) {
    for (std::size_t i = 0; i < rows.size(); ++i) d.x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = cols[j][i];
  }
  d.y.resize(static_cast<Eigen::Index>(rows.size()));
  if (o.logistic) {
    std::set<std::string> values;
    for (const auto i : rows) values.insert(out.quantitative ? fmt::format("{}", out.values[i]) : out.labels[i]);
    if (values.size() != 2) {
      reject(o.outcome, fmt::format("a logistic outcome takes two values; '{}' takes {}", o.outcome, values.size()));
    }
    if (out.quantitative && (values != std::set<std::string>{"0", "1"})) {
      reject(o.outcome, fmt::format("a numeric logistic outcome must be 0 or 1 ('{}')", o.outcome));
    }
    d.positive = *values.rbegin();  // "1", or the second category in sorted order
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto v = out.quantitative ? fmt::format("{}", out.values[rows[i]]) : out.labels[rows[i]];
      d.y(static_cast<Eigen::Index>(i)) = v == d.positive ? 1.0 : 0.0;
    }
  } else {
    if (!out.quantitative) reject(o.outcome, fmt::format("a linear outcome must be numeric ('{}')", o.outcome));
    for (std::size_t i = 0; i < rows.size(); ++i) d.y(static_cast<Eigen::Index>(i)) = out.values[rows[i]];
  }
  if (rows.size() <= d.terms.size()) {
    reject(o.outcome, fmt::format("{} complete rows for {} terms: too few to estimate them", rows.size(), d.terms.size()));
  }
  // Collinearity: a term that is a linear combination of those before it.
  Eigen::ColPivHouseholderQR<Matrix> qr(d.x);
  qr.setThreshold(1e-10);
  if (qr.rank() < d.x.cols()) {
    for (Eigen::Index j = 1; j < d.x.cols(); ++j) {
      Eigen::ColPivHouseholderQR<Matrix> part(d.x.leftCols(j + 1));
      part.setThreshold(1e-10);
      if (part.rank() <= j) {
        reject(d.terms[static_cast<std::size_t>(j)],
             fmt::format("term '{}' is a linear combination of the terms before it (collinear): drop it or another",
                         d.terms[static_cast<std::size_t>(j)]));
      }
    }
  }
  return d;
}

struct Fit {
  Vector beta, se;
  double deviance = 0, null_deviance = 0, rss = 0;
  int iterations = 0;
};

Fit fit_linear(const Matrix& x, const Vector& y) {
  Fit f;
  f.beta = x.colPivHouseholderQr().solve(y);
  const Vector r = y - x * f.beta;
  f.rss = r.squaredNorm();
  const auto df = static_cast<double>(x.rows() - x.cols());
  const Matrix inv = (x.transpose() * x).inverse();
  f.se = (inv.diagonal() * f.rss / df).array().sqrt();
  return f;
}

double binomial_deviance(const Vector& y, const Vector& mu) {
  double dev = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    const double m = mu(i);
    dev -= 2 * (y(i) > 0.5 ? std::log(m) : std::log1p(-m));
  }
  return dev;
}

// IRLS as glm.fit: start from mu = (y + 0.5) / 2, stop when the deviance changes by less
// than 1e-8 relatively (R's epsilon), at most 25 iterations.
Fit fit_logistic(const Matrix& x, const Vector& y, const std::vector<std::string>& terms) {
  Fit f;
  const auto n = x.rows();
  Vector mu = (y.array() + 0.5) / 2;
  Vector eta = (mu.array() / (1 - mu.array())).log();
  double dev_old = binomial_deviance(y, mu);
  Matrix xtwx;
  Vector last = Vector::Zero(x.cols());  // the last finite estimates (to name a diverging term)
  bool converged = false, diverged = false;
  for (f.iterations = 1; f.iterations <= 25; ++f.iterations) {
    const Vector w = mu.array() * (1 - mu.array());
    const Vector z = eta.array() + (y - mu).array() / w.array();
    xtwx = x.transpose() * w.asDiagonal() * x;
    f.beta = xtwx.ldlt().solve(x.transpose() * (w.array() * z.array()).matrix());
    if (!f.beta.allFinite()) {
      diverged = true;
      break;
    }
    last = f.beta;
    eta = x * f.beta;
    mu = 1 / (1 + (-eta.array()).exp());
    f.deviance = binomial_deviance(y, mu.array().max(1e-300).min(1 - 1e-16).matrix());
    if (std::abs(f.deviance - dev_old) / (std::abs(f.deviance) + 0.1) < 1e-8) {
      converged = true;
      break;
    }
    dev_old = f.deviance;
  }
  // Separation: fitted probabilities numerically 0 or 1, or estimates that diverge.
  std::size_t extreme = 0;
  for (Eigen::Index i = 0; i < n; ++i) extreme += (mu(i) < 1e-10 || mu(i) > 1 - 1e-10) ? 1 : 0;
  if (extreme > 0 || diverged || !converged) {
    std::string worst;
    double big = -1;
    for (Eigen::Index j = 1; j < last.size(); ++j) {
      if (std::abs(last(j)) > big) {
        big = std::abs(last(j));
        worst = terms[static_cast<std::size_t>(j)];
      }
    }
    reject(worst.empty() ? "outcome" : worst,
         fmt::format("{} separation: {} of {} rows are predicted with probability 0 or 1 and the estimates diverge "
                     "('{}' separates the outcome): drop or merge that term, or use more rows",
                     extreme == static_cast<std::size_t>(n) || diverged ? "complete" : "quasi-complete", extreme, n,
                     worst));
  }
  f.deviance = binomial_deviance(y, mu);
  const Vector w = mu.array() * (1 - mu.array());
  xtwx = x.transpose() * w.asDiagonal() * x;
  f.se = xtwx.inverse().diagonal().array().sqrt();
  const double p = y.mean();
  f.null_deviance = binomial_deviance(y, Vector::Constant(n, p));
  return f;
}

}  // namespace

RegressionResult regress(const DataSet& data, const RegressionOptions& o) {
  const Design d = design(data, o);
  RegressionResult r;
  r.logistic = o.logistic;
  r.n = static_cast<std::size_t>(d.x.rows());
  r.dropped = d.dropped;
  r.positive = d.positive;
  const auto p = static_cast<double>(d.x.cols());
  const auto n = static_cast<double>(r.n);
  r.df_residual = r.n - static_cast<std::size_t>(d.x.cols());
  const Fit f = o.logistic ? fit_logistic(d.x, d.y, d.terms) : fit_linear(d.x, d.y);
  const double df = static_cast<double>(r.df_residual);
  const double alpha = 1 - o.level;
  const double crit = o.logistic ? -stats::normal_quantile(alpha / 2) : stats::student_quantile(1 - alpha / 2, df);
  for (Eigen::Index j = 0; j < d.x.cols(); ++j) {
    Coefficient c;
    c.term = d.terms[static_cast<std::size_t>(j)];
    c.estimate = f.beta(j);
    c.std_error = f.se(j);
    c.statistic = c.estimate / c.std_error;
    c.p_value = o.logistic ? 2 * stats::normal_upper(std::abs(c.statistic))
                           : 2 * stats::student_upper(std::abs(c.statistic), df);
    c.ci_low = c.estimate - crit * c.std_error;
    c.ci_high = c.estimate + crit * c.std_error;
    if (o.logistic) {
      c.odds_ratio = std::exp(c.estimate);
      c.or_low = std::exp(c.ci_low);
      c.or_high = std::exp(c.ci_high);
    }
    c.boot_low = c.boot_high = std::numeric_limits<double>::quiet_NaN();
    r.coefficients.push_back(c);
  }
  if (o.logistic) {
    r.deviance = f.deviance;
    r.null_deviance = f.null_deviance;
    r.loglik = -f.deviance / 2;
    r.aic = f.deviance + 2 * p;
    r.mcfadden_r2 = 1 - f.deviance / f.null_deviance;
    r.iterations = f.iterations;
  } else {
    const double tss = (d.y.array() - d.y.mean()).square().sum();
    r.r_squared = 1 - f.rss / tss;
    r.adj_r_squared = 1 - (1 - r.r_squared) * (n - 1) / df;
    r.sigma = std::sqrt(f.rss / df);
    r.f_statistic = ((tss - f.rss) / (p - 1)) / (f.rss / df);
    r.loglik = -n / 2 * (std::log(2 * M_PI) + std::log(f.rss / n) + 1);
    r.aic = -2 * r.loglik + 2 * (p + 1);
  }
  if (d.dropped > 0) r.warnings.push_back(fmt::format("{} row(s) with a missing value left out", d.dropped));
  const Vector eta = d.x * f.beta;
  r.rows = d.rows;
  r.fitted.resize(r.n);
  for (std::size_t i = 0; i < r.n; ++i) {
    const double e = eta(static_cast<Eigen::Index>(i));
    r.fitted[i] = o.logistic ? 1 / (1 + std::exp(-e)) : e;
  }
  // Bootstrap percentile intervals: rows resampled, the model refitted; a replicate that
  // cannot be fitted (collinear or separated sample) is skipped and counted.
  if (o.bootstrap > 0) {
    std::mt19937_64 rng(o.seed);
    std::uniform_int_distribution<Eigen::Index> pick(0, d.x.rows() - 1);
    std::vector<std::vector<double>> draws(d.terms.size());
    for (std::size_t b = 0; b < o.bootstrap; ++b) {
      Matrix xb(d.x.rows(), d.x.cols());
      Vector yb(d.y.size());
      for (Eigen::Index i = 0; i < d.x.rows(); ++i) {
        const auto k = pick(rng);
        xb.row(i) = d.x.row(k);
        yb(i) = d.y(k);
      }
      Eigen::ColPivHouseholderQR<Matrix> qr(xb);
      qr.setThreshold(1e-10);
      if (qr.rank() < xb.cols()) continue;
      try {
        const Fit fb = o.logistic ? fit_logistic(xb, yb, d.terms) : fit_linear(xb, yb);
        for (std::size_t j = 0; j < d.terms.size(); ++j) draws[j].push_back(fb.beta(static_cast<Eigen::Index>(j)));
        ++r.bootstrap_used;
      } catch (const InputError&) {
        // separated replicate: skipped
      }
    }
    for (std::size_t j = 0; j < d.terms.size() && r.bootstrap_used > 1; ++j) {
      auto& v = draws[j];
      std::sort(v.begin(), v.end());
      const auto q = [&](double share) {
        const double pos = share * static_cast<double>(v.size() - 1);
        const auto lo = static_cast<std::size_t>(std::floor(pos));
        const auto hi = std::min(lo + 1, v.size() - 1);
        return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
      };
      r.coefficients[j].boot_low = q(alpha / 2);
      r.coefficients[j].boot_high = q(1 - alpha / 2);
    }
    if (r.bootstrap_used < o.bootstrap) {
      r.warnings.push_back(fmt::format("{} of {} bootstrap replicates could not be fitted (collinear or separated)",
                                       o.bootstrap - r.bootstrap_used, o.bootstrap));
    }
  }
  return r;
}

}  // namespace fabscope::analysis
