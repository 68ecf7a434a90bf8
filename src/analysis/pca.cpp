#include "analysis/pca.hpp"

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


struct Active {
  std::vector<std::size_t> rows, cols;
  Vector w;  // normalised row weights
};

Active active_parts(const DataSet& data, const PcaOptions& o, PcaResult& out) {
  Active a;
  const std::set<std::size_t> sup_rows(o.ind_sup.begin(), o.ind_sup.end());
  for (std::size_t i = 0; i < data.rows(); ++i) {
    if (sup_rows.count(i) == 0) a.rows.push_back(i);
  }
  std::set<std::size_t> sup_cols(o.quanti_sup.begin(), o.quanti_sup.end());
  sup_cols.insert(o.quali_sup.begin(), o.quali_sup.end());
  for (std::size_t j = 0; j < data.columns.size(); ++j) {
    if (sup_cols.count(j) != 0) continue;
    if (data.columns[j].quantitative) {
      a.cols.push_back(j);
    } else {
      out.warnings.push_back(fmt::format("categorical column '{}' taken as supplementary", data.columns[j].name));
    }
  }
  if (a.rows.size() < 2) {
    reject("ind_sup", fmt::format("{} active row(s): a PCA needs 2 at least", a.rows.size()));
  }
  if (a.cols.empty()) reject("columns", "no active quantitative column");
  const auto n = a.rows.size();
  if (!o.row_weights.empty() && o.row_weights.size() != n) {
    reject("row_weights", fmt::format("{} weights for {} active rows", o.row_weights.size(), n));
  }
  a.w = Vector::Ones(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < o.row_weights.size(); ++i) {
    if (!(o.row_weights[i] >= 0) || !std::isfinite(o.row_weights[i])) {
      reject("row_weights", fmt::format("weight {} of row '{}' is not a number >= 0", o.row_weights[i],
                                      data.row_names[a.rows[i]]));
    }
    a.w(static_cast<Eigen::Index>(i)) = o.row_weights[i];
  }
  if (a.w.sum() <= 0) reject("row_weights", "every weight is 0");
  a.w /= a.w.sum();
  return a;
}

// Weighted mean of a column over the active rows, NaN left out.
double weighted_mean(const std::vector<double>& v, const Active& a) {
  double s = 0, ws = 0;
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    const double x = v[a.rows[i]];
    if (std::isnan(x)) continue;
    s += a.w(static_cast<Eigen::Index>(i)) * x;
    ws += a.w(static_cast<Eigen::Index>(i));
  }
  return ws > 0 ? s / ws : std::nan("");
}

// The column over the active rows, missing values replaced by the weighted mean, centred and
// (when `scale`) divided by its weighted standard deviation; `centre`, `sd` receive them.
Vector standardise(const Column& c, const Active& a, bool scale, double& centre, double& sd, std::size_t& imputed) {
  centre = weighted_mean(c.values, a);
  if (std::isnan(centre)) reject(c.name, fmt::format("column '{}' has no value", c.name));
  Vector z(static_cast<Eigen::Index>(a.rows.size()));
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    double x = c.values[a.rows[i]];
    if (std::isnan(x)) {
      x = centre;
      ++imputed;
    }
    z(static_cast<Eigen::Index>(i)) = x - centre;
  }
  sd = std::sqrt((a.w.array() * z.array().square()).sum());
  if (sd < 1e-12 * std::max(1.0, std::abs(centre))) {
    reject(c.name, fmt::format("column '{}' is constant over the active rows: it has no variance to analyse", c.name));
  }
  if (scale) {
    z /= sd;
  } else {
    sd = 1;
  }
  return z;
}

void supplementary_rows(const DataSet& data, const PcaOptions& o, const Active& a, const PcaResult& r,
                        const Matrix& v, Coordinates& out) {
  if (o.ind_sup.empty()) return;
  const auto p = static_cast<Eigen::Index>(a.cols.size());
  Matrix z(static_cast<Eigen::Index>(o.ind_sup.size()), p);
  for (std::size_t s = 0; s < o.ind_sup.size(); ++s) {
    out.names.push_back(data.row_names[o.ind_sup[s]]);
    for (Eigen::Index j = 0; j < p; ++j) {
      const double x = data.columns[a.cols[static_cast<std::size_t>(j)]].values[o.ind_sup[s]];
      z(static_cast<Eigen::Index>(s), j) = std::isnan(x) ? 0.0 : (x - r.centre(j)) / r.ecart_type(j);
    }
  }
  out.coord = z * v;
  out.dist = z.rowwise().norm();
  out.cos2 = out.coord.array().square().colwise() / out.dist.array().square();
}

void supplementary_quanti(const DataSet& data, const PcaOptions& o, const Active& a, const Matrix& u,
                          Coordinates& out, std::size_t& imputed) {
  if (o.quanti_sup.empty()) return;
  out.coord.resize(static_cast<Eigen::Index>(o.quanti_sup.size()), u.cols());
  out.cos2.resizeLike(out.coord);
  for (std::size_t s = 0; s < o.quanti_sup.size(); ++s) {
    const auto& c = data.columns[o.quanti_sup[s]];
    if (!c.quantitative) reject(c.name, fmt::format("supplementary quantitative column '{}' is not numeric", c.name));
    out.names.push_back(c.name);
    double centre = 0, sd = 0;
    const Vector y = standardise(c, a, o.scale_unit, centre, sd, imputed);
    const Vector wy = a.w.array() * y.array();
    out.coord.row(static_cast<Eigen::Index>(s)) = (wy.transpose() * u);
    out.cos2.row(static_cast<Eigen::Index>(s)) =
        out.coord.row(static_cast<Eigen::Index>(s)).array().square() / wy.dot(y);
  }
}

void supplementary_quali(const DataSet& data, const PcaOptions& o, const Active& a, const Matrix& z,
                         const PcaResult& r, Coordinates& out) {
  if (o.quali_sup.empty()) return;
  // Categories in order of appearance per column; a level found in two columns is named
  // column_level.
  struct Level {
    std::string column, label;
    std::vector<std::size_t> members;  // active row positions
  };
  std::vector<Level> levels;
  std::map<std::string, std::size_t> label_count;
  for (const auto j : o.quali_sup) {
    const auto& c = data.columns[j];
    if (c.quantitative) reject(c.name, fmt::format("supplementary categorical column '{}' is numeric", c.name));
    std::map<std::string, std::size_t> at;
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
      const auto& l = c.labels[a.rows[i]];
      if (l.empty()) continue;
      const auto [it, fresh] = at.emplace(l, levels.size());
      if (fresh) {
        levels.push_back({c.name, l, {}});
        ++label_count[l];
      }
      levels[it->second].members.push_back(i);
    }
  }
  const auto k = r.ind.coord.cols();
  const auto n = static_cast<double>(a.rows.size());
  out.coord.resize(static_cast<Eigen::Index>(levels.size()), k);
  out.cos2.resizeLike(out.coord);
  out.vtest.resizeLike(out.coord);
  out.dist.resize(static_cast<Eigen::Index>(levels.size()));
  for (std::size_t l = 0; l < levels.size(); ++l) {
    const auto& lv = levels[l];
    out.names.push_back(label_count[lv.label] > 1 ? lv.column + "_" + lv.label : lv.label);
    double wl = 0;
    Vector zc = Vector::Zero(z.cols());
    Vector cc = Vector::Zero(k);
    for (const auto i : lv.members) {
      const double wi = a.w(static_cast<Eigen::Index>(i));
      wl += wi;
      zc += wi * z.row(static_cast<Eigen::Index>(i)).transpose();
      cc += wi * r.ind.coord.row(static_cast<Eigen::Index>(i)).transpose();
    }
    zc /= wl;
    cc /= wl;
    const auto row = static_cast<Eigen::Index>(l);
    out.coord.row(row) = cc.transpose();
    out.dist(row) = zc.norm();
    out.cos2.row(row) = cc.array().square().transpose() / zc.squaredNorm();
    const double nl = wl * n;  // the category's size (weighted, on the scale of the row count)
    for (Eigen::Index d = 0; d < k; ++d) {
      out.vtest(row, d) = nl >= n ? std::nan("")
                                  : cc(d) / std::sqrt(r.eig(d, 0)) * std::sqrt(nl * (n - 1) / (n - nl));
    }
  }
}

}  // namespace

PcaResult pca(const DataSet& data, const PcaOptions& o) {
  PcaResult r;
  const Active a = active_parts(data, o, r);
  const auto n = static_cast<Eigen::Index>(a.rows.size());
  const auto p = static_cast<Eigen::Index>(a.cols.size());
  Matrix z(n, p);
  r.centre.resize(p);
  r.ecart_type.resize(p);
  std::size_t imputed = 0;
  for (Eigen::Index j = 0; j < p; ++j) {
    const auto& c = data.columns[a.cols[static_cast<std::size_t>(j)]];
    r.var.names.push_back(c.name);
    double centre = 0, sd = 0;
    z.col(j) = standardise(c, a, o.scale_unit, centre, sd, imputed);
    r.centre(j) = centre;
    r.ecart_type(j) = sd;
  }
  // The weighted cross-product matrix and its eigen decomposition.
  const Matrix cov = z.transpose() * a.w.asDiagonal() * z;
  const auto e = stats::symmetric_eigen(cov);
  const double total = e.values.sum();
  Eigen::Index kept = 0;
  const auto max_rank = std::min<Eigen::Index>(n - 1, p);
  while (kept < max_rank && e.values(kept) > 1e-10 * e.values(0)) ++kept;
  if (kept == 0) reject("columns", "the active data have no variance");
  r.eig.resize(kept, 3);
  double cumulative = 0;
  for (Eigen::Index k = 0; k < kept; ++k) {
    r.eig(k, 0) = e.values(k);
    r.eig(k, 1) = 100 * e.values(k) / total;
    cumulative += r.eig(k, 1);
    r.eig(k, 2) = cumulative;
  }
  const auto ncp = std::min<Eigen::Index>(static_cast<Eigen::Index>(o.ncp), kept);
  r.ncp = static_cast<std::size_t>(ncp);
  const Matrix v = e.vectors.leftCols(ncp);
  const Vector lambda = e.values.head(ncp);
  // Individuals.
  for (const auto i : a.rows) r.ind.names.push_back(data.row_names[i]);
  r.ind.coord = z * v;
  r.ind.dist = z.rowwise().norm();
  r.ind.cos2 = r.ind.coord.array().square().colwise() / r.ind.dist.array().square();
  r.ind.contrib = 100 * ((r.ind.coord.array().square().colwise() * a.w.array()).rowwise() / lambda.transpose().array());
  // Variables.
  r.var.coord = v.array().rowwise() * lambda.transpose().array().sqrt();
  const Vector var_dist = (z.array().square().colwise() * a.w.array()).colwise().sum().sqrt().transpose();
  r.var.cor = r.var.coord.array().colwise() / var_dist.array();
  r.var.cos2 = r.var.cor.array().square();
  r.var.contrib = 100 * (r.var.coord.array().square().rowwise() / lambda.transpose().array());
  r.var.dist = var_dist;
  // Supplementary elements.
  const Matrix u = r.ind.coord.array().rowwise() / lambda.transpose().array().sqrt();
  supplementary_rows(data, o, a, r, v, r.ind_sup);
  supplementary_quanti(data, o, a, u, r.quanti_sup, imputed);
  supplementary_quali(data, o, a, z, r, r.quali_sup);
  if (imputed > 0) r.warnings.push_back(fmt::format("{} missing value(s) replaced by their column's mean", imputed));
  return r;
}

}  // namespace fabscope::analysis
