#include "analysis/mca.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/error.hpp"

namespace fabscope::analysis {

namespace {

using stats::Matrix;
using stats::Vector;

struct Category {
  std::size_t variable = 0;  // index among the variables coded
  std::string label;         // "" = missing
};

// The indicator matrix of some categorical columns: categories sorted per variable (R's
// factor order); a missing value is a category "NA" or (average) the variable's proportions.
struct Coding {
  Matrix x;  // n × J
  std::vector<Category> categories;
  std::vector<std::string> names;  // category names as FactoMineR writes them
  std::vector<std::string> variables;
  std::vector<std::string> warnings;
};

Coding code(const DataSet& data, const std::vector<std::size_t>& columns, const Vector& w, MissingCategory missing) {
  Coding c;
  const auto n = data.rows();
  std::vector<std::vector<std::size_t>> levels_of(columns.size());
  std::map<std::string, std::size_t> label_count;
  for (std::size_t v = 0; v < columns.size(); ++v) {
    const auto& col = data.columns[columns[v]];
    c.variables.push_back(col.name);
    // Categories in the order of R's factor(): labels sorted, the missing category last.
    const auto ordered = categories(col, missing == MissingCategory::category);
    for (const auto& label : ordered) {
      levels_of[v].push_back(c.categories.size());
      c.categories.push_back({v, label});
      ++label_count[label];
    }
    if (levels_of[v].size() < 2) {
      reject(col.name, fmt::format("column '{}' has {} category: an active variable needs 2 at least", col.name,
                                 levels_of[v].size()));
    }
  }
  c.x = Matrix::Zero(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(c.categories.size()));
  std::size_t imputed = 0;
  for (std::size_t v = 0; v < columns.size(); ++v) {
    const auto& col = data.columns[columns[v]];
    std::map<std::string, std::size_t> at;
    for (const auto j : levels_of[v]) at[c.categories[j].label] = j;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& l = col.labels[i];
      if (!l.empty() || missing == MissingCategory::category) {
        c.x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(at.at(l.empty() ? "NA" : l))) = 1;
      }
    }
    if (missing == MissingCategory::average) {
      // A missing answer counts as the variable's (weighted) proportions.
      Vector p = Vector::Zero(static_cast<Eigen::Index>(levels_of[v].size()));
      for (std::size_t k = 0; k < levels_of[v].size(); ++k) {
        p(static_cast<Eigen::Index>(k)) = w.dot(c.x.col(static_cast<Eigen::Index>(levels_of[v][k])));
      }
      p /= p.sum();
      for (std::size_t i = 0; i < n; ++i) {
        if (!col.labels[i].empty()) continue;
        ++imputed;
        for (std::size_t k = 0; k < levels_of[v].size(); ++k) {
          c.x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(levels_of[v][k])) = p(static_cast<Eigen::Index>(k));
        }
      }
    }
  }
  if (imputed > 0) c.warnings.push_back(fmt::format("{} missing answer(s) spread over their variable's categories", imputed));
  for (const auto& cat : c.categories) {
    c.names.push_back(label_count[cat.label] > 1 ? c.variables[cat.variable] + "_" + cat.label : cat.label);
  }
  return c;
}

// Corrected eigenvalues (Benzécri 1979; Greenacre 1993).
void corrections(McaResult& r, std::size_t q, std::size_t j) {
  const double qd = static_cast<double>(q);
  double sum_sq = 0, kept = 0;
  for (Eigen::Index k = 0; k < r.eig.rows(); ++k) sum_sq += r.eig(k, 0) * r.eig(k, 0);
  for (Eigen::Index k = 0; k < r.eig.rows(); ++k) {
    const double l = r.eig(k, 0);
    if (l <= 1 / qd || q < 2) break;
    const double b = std::pow(qd / (qd - 1) * (l - 1 / qd), 2);
    r.benzecri.push_back(b);
    kept += b;
  }
  const double greenacre_total = qd / (qd - 1) * (sum_sq - (static_cast<double>(j) - qd) / (qd * qd));
  for (const double b : r.benzecri) {
    r.benzecri_percent.push_back(100 * b / kept);
    r.greenacre_percent.push_back(100 * b / greenacre_total);
  }
}

// Categories' coordinates, cos2 and v-tests from the individuals' coordinates.
void category_coordinates(const Matrix& x, const Vector& w, const Matrix& f, const Vector& lambda, Coordinates& out) {
  const auto n = static_cast<double>(x.rows());
  const Vector p = x.transpose() * w;  // weighted proportion of each category
  out.coord.resize(x.cols(), f.cols());
  out.vtest.resizeLike(out.coord);
  out.cos2.resizeLike(out.coord);
  out.dist.resize(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const Vector wx = w.array() * x.col(j).array();
    const double pj = p(j);
    out.dist(j) = std::sqrt(1 / pj - 1);
    for (Eigen::Index k = 0; k < f.cols(); ++k) {
      const double g = wx.dot(f.col(k)) / pj / std::sqrt(lambda(k));
      out.coord(j, k) = g;
      out.cos2(j, k) = g * g / (1 / pj - 1);
      const double nj = pj * n;
      out.vtest(j, k) = g * std::sqrt((n - 1) * nj / (n - nj));
    }
  }
}

// Correlation ratio of each dimension with each variable: Σ over its categories p_j g_jk².
Matrix eta2(const Coding& c, const Vector& w, const Coordinates& cats) {
  const Vector p = c.x.transpose() * w;
  Matrix e = Matrix::Zero(static_cast<Eigen::Index>(c.variables.size()), cats.coord.cols());
  for (std::size_t j = 0; j < c.categories.size(); ++j) {
    const auto v = static_cast<Eigen::Index>(c.categories[j].variable);
    e.row(v) += p(static_cast<Eigen::Index>(j)) * cats.coord.row(static_cast<Eigen::Index>(j)).array().square().matrix();
  }
  return e;
}

}  // namespace

McaResult mca(const DataSet& data, const McaOptions& o) {
  McaResult r;
  const auto n = data.rows();
  if (n < 2) reject("rows", fmt::format("{} row(s): an MCA needs 2 at least", n));
  const auto given = row_weights(o.row_weights, data.row_names);
  Vector w = Eigen::Map<const Vector>(given.data(), static_cast<Eigen::Index>(n));
  w /= w.sum();
  std::set<std::size_t> sup(o.quanti_sup.begin(), o.quanti_sup.end());
  sup.insert(o.quali_sup.begin(), o.quali_sup.end());
  std::vector<std::size_t> active;
  for (std::size_t j = 0; j < data.columns.size(); ++j) {
    if (sup.count(j) != 0) continue;
    if (data.columns[j].quantitative) {
      r.warnings.push_back(fmt::format("quantitative column '{}' left out (name it with --sup-quanti)", data.columns[j].name));
    } else {
      active.push_back(j);
    }
  }
  if (active.empty()) reject("columns", "no active categorical column");
  const Coding c = code(data, active, w, o.missing);
  r.warnings.insert(r.warnings.end(), c.warnings.begin(), c.warnings.end());
  r.variables = c.variables;
  const auto q = static_cast<double>(active.size());
  const Vector p = c.x.transpose() * w;
  const Vector col_w = p / q;
  // Z = X D_p^-1 - 1, analysed with row weights w and column weights p / Q.
  Matrix z = c.x.array().rowwise() / p.transpose().array();
  z.array() -= 1;
  const Vector sqrt_c = col_w.array().sqrt();
  const Matrix zs = z * sqrt_c.asDiagonal();
  const Matrix s = zs.transpose() * w.asDiagonal() * zs;
  const auto e = stats::symmetric_eigen(s);
  const auto jn = static_cast<Eigen::Index>(c.categories.size());
  const auto max_rank = std::min<Eigen::Index>(static_cast<Eigen::Index>(n) - 1, jn - static_cast<Eigen::Index>(active.size()));
  Eigen::Index kept = 0;
  while (kept < max_rank && e.values(kept) > 1e-12 * std::max(1.0, e.values(0))) ++kept;
  if (kept == 0) reject("columns", "the active variables do not vary");
  const double total = static_cast<double>(jn) / q - 1;
  r.eig.resize(kept, 3);
  double cumulative = 0;
  for (Eigen::Index k = 0; k < kept; ++k) {
    r.eig(k, 0) = e.values(k);
    r.eig(k, 1) = 100 * e.values(k) / total;
    cumulative += r.eig(k, 1);
    r.eig(k, 2) = cumulative;
  }
  corrections(r, active.size(), c.categories.size());
  const auto ncp = std::min<Eigen::Index>(static_cast<Eigen::Index>(o.ncp), kept);
  r.ncp = static_cast<std::size_t>(ncp);
  const Matrix u = e.vectors.leftCols(ncp);
  const Vector lambda = e.values.head(ncp);
  r.ind.names = data.row_names;
  r.ind.coord = zs * u;
  r.ind.dist = zs.rowwise().norm();
  r.ind.cos2 = r.ind.coord.array().square().colwise() / r.ind.dist.array().square();
  r.ind.contrib = 100 * ((r.ind.coord.array().square().colwise() * w.array()).rowwise() / lambda.transpose().array());
  r.var.names = c.names;
  category_coordinates(c.x, w, r.ind.coord, lambda, r.var);
  r.var.contrib = 100 * ((r.var.coord.array().square().colwise() * col_w.array()).rowwise() / lambda.transpose().array());
  r.var_eta2 = eta2(c, w, r.var);
  // Supplementary quantitative variables: their correlation with each dimension.
  if (!o.quanti_sup.empty()) {
    r.quanti_sup.coord.resize(static_cast<Eigen::Index>(o.quanti_sup.size()), ncp);
    for (std::size_t s_i = 0; s_i < o.quanti_sup.size(); ++s_i) {
      const auto& col = data.columns[o.quanti_sup[s_i]];
      if (!col.quantitative) reject(col.name, fmt::format("supplementary quantitative column '{}' is not numeric", col.name));
      r.quanti_sup.names.push_back(col.name);
      double mean = 0;
      for (std::size_t i = 0; i < n; ++i) mean += w(static_cast<Eigen::Index>(i)) * (std::isnan(col.values[i]) ? 0 : col.values[i]);
      Vector y(static_cast<Eigen::Index>(n));
      for (std::size_t i = 0; i < n; ++i) y(static_cast<Eigen::Index>(i)) = std::isnan(col.values[i]) ? 0 : col.values[i] - mean;
      const double sy = std::sqrt((w.array() * y.array().square()).sum());
      for (Eigen::Index k = 0; k < ncp; ++k) {
        const Vector fk = r.ind.coord.col(k);
        r.quanti_sup.coord(static_cast<Eigen::Index>(s_i), k) =
            (w.array() * y.array() * fk.array()).sum() / (sy * std::sqrt(lambda(k)));
      }
    }
  }
  // Supplementary categorical variables: their categories at the barycentre of their
  // individuals, divided by √λ, as the active ones.
  if (!o.quali_sup.empty()) {
    for (const auto j : o.quali_sup) {
      if (data.columns[j].quantitative) {
        reject(data.columns[j].name, fmt::format("supplementary categorical column '{}' is numeric", data.columns[j].name));
      }
    }
    const Coding cs = code(data, o.quali_sup, w, MissingCategory::category);
    r.quali_sup.names = cs.names;
    r.quali_sup_variables = cs.variables;
    category_coordinates(cs.x, w, r.ind.coord, lambda, r.quali_sup);
    r.quali_sup_eta2 = eta2(cs, w, r.quali_sup);
  }
  return r;
}

}  // namespace fabscope::analysis
