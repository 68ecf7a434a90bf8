#include "analysis/famd.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "core/error.hpp"

namespace fabscope::analysis {

namespace {

using stats::Matrix;
using stats::Vector;

struct QualiBlock {
  std::string variable;
  std::vector<std::string> labels;   // sorted, "NA" last
  std::vector<std::size_t> columns;  // in the transformed data set
  Vector prop;
};

// The analysed table: the quantitative columns standardised with the weights `wn` (summing
// to 1), then each categorical column's indicators centred and divided by √p.
struct Transformed {
  DataSet x;
  std::vector<std::size_t> quanti_cols;
  std::vector<double> mean, sd;  // of each quantitative column (in quanti_cols' order)
  std::vector<QualiBlock> blocks;
  std::size_t imputed = 0;
};

Transformed transform(const DataSet& data, const Vector& wn) {
  const auto n = data.rows();
  Transformed t;
  DataSet& x = t.x;
  std::vector<std::size_t>& quanti_cols = t.quanti_cols;
  std::vector<QualiBlock>& blocks = t.blocks;
  std::size_t& imputed = t.imputed;
  x.row_names = data.row_names;
  for (const auto& col : data.columns) {
    if (!col.quantitative) continue;
    double mean = 0, sw = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (std::isnan(col.values[i])) continue;
      mean += wn(static_cast<Eigen::Index>(i)) * col.values[i];
      sw += wn(static_cast<Eigen::Index>(i));
    }
    if (sw <= 0) reject(col.name, fmt::format("column '{}' has no value", col.name));
    mean /= sw;
    Column z{col.name, true, std::vector<double>(n), {}};
    double ss = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = std::isnan(col.values[i]) ? mean : col.values[i];
      imputed += std::isnan(col.values[i]) ? 1 : 0;
      z.values[i] = v - mean;
      ss += wn(static_cast<Eigen::Index>(i)) * z.values[i] * z.values[i];
    }
    const double sd = std::sqrt(ss);
    if (sd < 1e-12 * std::max(1.0, std::abs(mean))) reject(col.name, fmt::format("column '{}' is constant", col.name));
    for (auto& v : z.values) v /= sd;
    t.mean.push_back(mean);
    t.sd.push_back(sd);
    quanti_cols.push_back(x.columns.size());
    x.columns.push_back(std::move(z));
  }
  for (const auto& col : data.columns) {
    if (col.quantitative) continue;
    QualiBlock b;
    b.variable = col.name;
    b.labels = categories(col);
    if (b.labels.size() < 2) {
      reject(col.name, fmt::format("column '{}' has {} category: an active variable needs 2 at least", col.name,
                                 b.labels.size()));
    }
    b.prop = Vector::Zero(static_cast<Eigen::Index>(b.labels.size()));
    for (std::size_t k = 0; k < b.labels.size(); ++k) {
      Column c{b.labels[k], true, std::vector<double>(n), {}};
      for (std::size_t i = 0; i < n; ++i) {
        c.values[i] = category_of(col, i) == b.labels[k] ? 1.0 : 0.0;
        b.prop(static_cast<Eigen::Index>(k)) += wn(static_cast<Eigen::Index>(i)) * c.values[i];
      }
      const double p = b.prop(static_cast<Eigen::Index>(k));
      for (auto& v : c.values) v = (v - p) / std::sqrt(p);
      b.columns.push_back(x.columns.size());
      x.columns.push_back(std::move(c));
    }
    blocks.push_back(std::move(b));
  }
  return t;
}

// The data without its supplementary columns and rows; the row weights of the active rows.
DataSet active_part(const DataSet& data, const FamdOptions& o, std::vector<double>& weights) {
  const auto sup_col = [&](std::size_t j) {
    return std::find(o.quanti_sup.begin(), o.quanti_sup.end(), j) != o.quanti_sup.end() ||
           std::find(o.quali_sup.begin(), o.quali_sup.end(), j) != o.quali_sup.end();
  };
  const auto sup_row = [&](std::size_t i) { return std::find(o.ind_sup.begin(), o.ind_sup.end(), i) != o.ind_sup.end(); };
  for (const auto j : o.quanti_sup) {
    if (j >= data.columns.size() || !data.columns[j].quantitative) reject("quanti_sup", "a supplementary quantitative column is numeric");
  }
  for (const auto j : o.quali_sup) {
    if (j >= data.columns.size() || data.columns[j].quantitative) reject("quali_sup", "a supplementary categorical column is text");
  }
  if (!o.row_weights.empty() && o.row_weights.size() != data.rows()) {
    reject("row_weights", fmt::format("{} weights for {} rows", o.row_weights.size(), data.rows()));
  }
  DataSet a;
  for (std::size_t j = 0; j < data.columns.size(); ++j) {
    if (!sup_col(j)) a.columns.push_back({data.columns[j].name, data.columns[j].quantitative, {}, {}});
  }
  for (std::size_t i = 0; i < data.rows(); ++i) {
    if (sup_row(i)) continue;
    a.row_names.push_back(data.row_names[i]);
    if (!o.row_weights.empty()) weights.push_back(o.row_weights[i]);
    std::size_t k = 0;
    for (std::size_t j = 0; j < data.columns.size(); ++j) {
      if (sup_col(j)) continue;
      const auto& c = data.columns[j];
      if (c.quantitative) {
        a.columns[k].values.push_back(c.values[i]);
      } else {
        a.columns[k].labels.push_back(c.labels[i]);
      }
      ++k;
    }
  }
  return a;
}

// The supplementary elements (FamdResult), from the active fit: its transformation `t`, its
// individuals' coordinates F (active rows) and eigenvalues, the normalised weights `wn`.
void supplementary(FamdResult& r, const DataSet& data, const FamdOptions& o, const DataSet& active,
                   const Transformed& t, const Vector& wn) {
  const auto& f = r.ind.coord;
  const auto k = f.cols();
  const auto n = active.rows();
  const Vector lambda = r.eig.col(0).head(k);
  const auto& x = t.x;
  const auto jn = static_cast<Eigen::Index>(x.columns.size());
  // The active rows of each data row (npos for a supplementary one).
  std::vector<std::size_t> active_row(data.rows(), static_cast<std::size_t>(-1));
  for (std::size_t i = 0, a = 0; i < data.rows(); ++i) {
    if (std::find(o.ind_sup.begin(), o.ind_sup.end(), i) == o.ind_sup.end()) active_row[i] = a++;
  }
  // The loadings V (F = Z V): V_js = Σ_i w_i z_ij F_is / λ_s.
  Matrix z(static_cast<Eigen::Index>(n), jn);
  for (Eigen::Index j = 0; j < jn; ++j) {
    for (std::size_t i = 0; i < n; ++i) z(static_cast<Eigen::Index>(i), j) = x.columns[static_cast<std::size_t>(j)].values[i];
  }
  Matrix v = z.transpose() * wn.asDiagonal() * f;
  for (Eigen::Index d = 0; d < k; ++d) v.col(d) /= lambda(d);
  // Supplementary rows: transformed with the active statistics, then projected.
  if (!o.ind_sup.empty()) {
    const auto ns = static_cast<Eigen::Index>(o.ind_sup.size());
    Matrix zs = Matrix::Zero(ns, jn);
    for (Eigen::Index s = 0; s < ns; ++s) {
      const auto i = o.ind_sup[static_cast<std::size_t>(s)];
      r.ind_sup.names.push_back(data.row_names[i]);
      for (std::size_t q = 0; q < t.quanti_cols.size(); ++q) {
        const double val = data.columns[data.column(x.columns[t.quanti_cols[q]].name)].values[i];
        zs(s, static_cast<Eigen::Index>(t.quanti_cols[q])) = std::isnan(val) ? 0 : (val - t.mean[q]) / t.sd[q];
      }
      for (const auto& b : t.blocks) {
        const auto& label = data.columns[data.column(b.variable)].labels[i];
        for (std::size_t c = 0; c < b.labels.size(); ++c) {
          const double p = b.prop(static_cast<Eigen::Index>(c));
          const double delta = (label.empty() ? std::string("NA") : label) == b.labels[c] ? 1.0 : 0.0;
          zs(s, static_cast<Eigen::Index>(b.columns[c])) = (delta - p) / std::sqrt(p);
        }
      }
    }
    r.ind_sup.coord = zs * v;
    r.ind_sup.dist = zs.rowwise().norm();
    r.ind_sup.cos2 = r.ind_sup.coord.array().square().colwise() / r.ind_sup.dist.array().square();
  }
  // Supplementary quantitative columns: their correlation with each dimension.
  if (!o.quanti_sup.empty()) {
    r.quanti_sup.coord.resize(static_cast<Eigen::Index>(o.quanti_sup.size()), k);
    for (std::size_t q = 0; q < o.quanti_sup.size(); ++q) {
      const auto& c = data.columns[o.quanti_sup[q]];
      r.quanti_sup.names.push_back(c.name);
      Vector y(static_cast<Eigen::Index>(n));
      double mean = 0, sw = 0;
      for (std::size_t i = 0; i < data.rows(); ++i) {
        if (active_row[i] == static_cast<std::size_t>(-1) || std::isnan(c.values[i])) continue;
        mean += wn(static_cast<Eigen::Index>(active_row[i])) * c.values[i];
        sw += wn(static_cast<Eigen::Index>(active_row[i]));
      }
      mean /= sw;
      for (std::size_t i = 0; i < data.rows(); ++i) {
        if (active_row[i] != static_cast<std::size_t>(-1)) {
          y(static_cast<Eigen::Index>(active_row[i])) = std::isnan(c.values[i]) ? 0 : c.values[i] - mean;
        }
      }
      const double sy = std::sqrt((wn.array() * y.array().square()).sum());
      for (Eigen::Index d = 0; d < k; ++d) {
        const double sf = std::sqrt((wn.array() * f.col(d).array().square()).sum());
        r.quanti_sup.coord(static_cast<Eigen::Index>(q), d) = (wn.array() * y.array() * f.col(d).array()).sum() / (sy * sf);
      }
    }
    r.quanti_sup.cos2 = r.quanti_sup.coord.array().square();
  }
  // Supplementary categories: barycentres of the active rows of each category.
  std::vector<Vector> coords, bary;
  std::vector<double> props;
  r.quali_sup_eta2 = Matrix::Zero(static_cast<Eigen::Index>(o.quali_sup.size()), k);
  for (std::size_t qi = 0; qi < o.quali_sup.size(); ++qi) {
    const auto& c = data.columns[o.quali_sup[qi]];
    r.quali_sup_variables.push_back(c.name);
    std::set<std::string> labels;
    for (std::size_t i = 0; i < data.rows(); ++i) {
      if (active_row[i] != static_cast<std::size_t>(-1)) labels.insert(category_of(c, i));
    }
    for (const auto& l : labels) {
      Vector g = Vector::Zero(k), zb = Vector::Zero(jn);
      double p = 0;
      for (std::size_t i = 0; i < data.rows(); ++i) {
        const auto a = active_row[i];
        if (a == static_cast<std::size_t>(-1) || category_of(c, i) != l) continue;
        const double wi = wn(static_cast<Eigen::Index>(a));
        p += wi;
        g += wi * f.row(static_cast<Eigen::Index>(a)).transpose();
        zb += wi * z.row(static_cast<Eigen::Index>(a)).transpose();
      }
      g /= p;
      zb /= p;
      r.quali_sup.names.push_back(l);
      coords.push_back(g);
      bary.push_back(zb);
      props.push_back(p);
      r.quali_sup_eta2.row(static_cast<Eigen::Index>(qi)) += (p * g.array().square() / lambda.array()).matrix().transpose();
    }
  }
  if (!coords.empty()) {
    const auto m = static_cast<Eigen::Index>(coords.size());
    const double big_n = static_cast<double>(n);
    r.quali_sup.coord.resize(m, k);
    r.quali_sup.cos2.resize(m, k);
    r.quali_sup.vtest.resize(m, k);
    for (Eigen::Index c = 0; c < m; ++c) {
      const auto u = static_cast<std::size_t>(c);
      const double nk = props[u] * big_n;
      for (Eigen::Index d = 0; d < k; ++d) {
        const double g = coords[u](d);
        r.quali_sup.coord(c, d) = g;
        r.quali_sup.cos2(c, d) = g * g / bary[u].squaredNorm();
        r.quali_sup.vtest(c, d) = g / std::sqrt(lambda(d)) * std::sqrt(nk / ((big_n - nk) / (big_n - 1)));
      }
    }
  }
}

}  // namespace


FamdResult famd(const DataSet& all, const FamdOptions& o) {
  std::vector<double> active_weights;
  const auto data = active_part(all, o, active_weights);
  FamdOptions active_o = o;
  active_o.row_weights = active_weights;
  return famd_active(all, data, active_o, o);
}

FamdResult famd_active(const DataSet& all, const DataSet& data, const FamdOptions& o, const FamdOptions& sup) {
  FamdResult r;
  const auto n = data.rows();
  if (n < 2) reject("rows", fmt::format("{} row(s): a FAMD needs 2 at least", n));
  const auto given = row_weights(o.row_weights, data.row_names);
  const Vector w = Eigen::Map<const Vector>(given.data(), static_cast<Eigen::Index>(n));
  const double raw_total = w.sum();
  const Vector wn = w / raw_total;
  Transformed t = transform(data, wn);
  DataSet& x = t.x;
  const auto& quanti_cols = t.quanti_cols;
  auto& blocks = t.blocks;
  const std::size_t imputed = t.imputed;
  if (quanti_cols.empty()) reject("columns", "no quantitative column: use the MCA");
  if (blocks.empty()) reject("columns", "no categorical column: use the PCA");
  // Category names as FactoMineR writes them (the label; variable_label when shared).
  std::map<std::string, std::size_t> label_count;
  for (const auto& b : blocks) {
    for (const auto& l : b.labels) ++label_count[l];
  }
  for (auto& b : blocks) {
    for (std::size_t k = 0; k < b.labels.size(); ++k) {
      if (label_count[b.labels[k]] > 1) x.columns[b.columns[k]].name = b.variable + "_" + b.labels[k];
    }
  }
  PcaOptions po;
  po.scale_unit = false;
  po.ncp = o.ncp;
  po.row_weights.assign(w.data(), w.data() + w.size());
  const auto p = pca(x, po);
  if (imputed > 0) r.warnings.push_back(fmt::format("{} missing value(s) replaced by their column's mean", imputed));
  r.eig = p.eig;
  r.ncp = p.ncp;
  r.ind = p.ind;
  const auto k = static_cast<Eigen::Index>(p.ncp);
  const Vector lambda = p.eig.col(0).head(k);
  // Quantitative variables: the PCA's.
  const auto q = static_cast<Eigen::Index>(quanti_cols.size());
  r.quanti_var.names.assign(p.var.names.begin(), p.var.names.begin() + q);
  r.quanti_var.coord = p.var.coord.topRows(q);
  r.quanti_var.cos2 = p.var.cos2.topRows(q);
  r.quanti_var.contrib = p.var.contrib.topRows(q);
  // Categories.
  Eigen::Index jn = 0;
  for (const auto& b : blocks) jn += static_cast<Eigen::Index>(b.labels.size());
  r.quali_var.coord.resize(jn, k);
  r.quali_var.cos2.resizeLike(r.quali_var.coord);
  r.quali_var.contrib.resizeLike(r.quali_var.coord);
  r.quali_var.vtest.resizeLike(r.quali_var.coord);
  const double big_n = raw_total > 1 ? raw_total : static_cast<double>(n);
  Matrix eta(static_cast<Eigen::Index>(blocks.size()), k);
  Matrix quali_contrib(static_cast<Eigen::Index>(blocks.size()), k);
  Eigen::Index row = 0;
  for (std::size_t bi = 0; bi < blocks.size(); ++bi) {
    const auto& b = blocks[bi];
    Vector between = Vector::Zero(k);
    for (std::size_t c = 0; c < b.labels.size(); ++c, ++row) {
      const auto col = static_cast<Eigen::Index>(b.columns[c]);
      const double pj = b.prop(static_cast<Eigen::Index>(c));
      r.quali_var.names.push_back(p.var.names[static_cast<std::size_t>(col)]);
      // The category's barycentre in the analysed space (for its distance) and in the plane.
      double wj = 0;
      Vector bary = Vector::Zero(static_cast<Eigen::Index>(x.columns.size()));
      Vector mean_f = Vector::Zero(k);
      const auto& column = data.columns[data.column(b.variable)];
      for (std::size_t i = 0; i < n; ++i) {
        const auto& l = category_of(column, i);
        if (l != b.labels[c]) continue;
        const double wi = w(static_cast<Eigen::Index>(i));
        wj += wi;
        for (std::size_t m = 0; m < x.columns.size(); ++m) bary(static_cast<Eigen::Index>(m)) += wi * x.columns[m].values[i];
        mean_f += wi * p.ind.coord.row(static_cast<Eigen::Index>(i)).transpose();
      }
      bary /= wj;
      mean_f /= wj;
      between += pj * mean_f.array().square().matrix();
      for (Eigen::Index d = 0; d < k; ++d) {
        const double g = p.var.coord(col, d) / std::sqrt(pj) * std::sqrt(lambda(d));
        r.quali_var.coord(row, d) = g;
        r.quali_var.cos2(row, d) = g * g / bary.squaredNorm();
        r.quali_var.contrib(row, d) = p.var.contrib(col, d);
        const double nj = pj * big_n;
        r.quali_var.vtest(row, d) = p.var.coord(col, d) / std::sqrt((big_n - nj) / (big_n - 1) / big_n);
      }
    }
    // η²: the share of each dimension's variance between the categories.
    for (Eigen::Index d = 0; d < k; ++d) eta(static_cast<Eigen::Index>(bi), d) = between(d) / lambda(d);
    quali_contrib.row(static_cast<Eigen::Index>(bi)) =
        r.quali_var.contrib.middleRows(row - static_cast<Eigen::Index>(b.labels.size()),
                                       static_cast<Eigen::Index>(b.labels.size()))
            .colwise()
            .sum();
  }
  // Every variable: cor² or η², their squares (η² / (categories − 1)), contributions.
  const auto nb = static_cast<Eigen::Index>(blocks.size());
  r.var.names = r.quanti_var.names;
  for (const auto& b : blocks) r.var.names.push_back(b.variable);
  r.var.coord.resize(q + nb, k);
  r.var.cos2.resizeLike(r.var.coord);
  r.var.contrib.resizeLike(r.var.coord);
  r.var.coord.topRows(q) = r.quanti_var.coord.array().square();
  r.var.cos2.topRows(q) = r.quanti_var.cos2.array().square();
  r.var.contrib.topRows(q) = r.quanti_var.contrib;
  for (Eigen::Index bi = 0; bi < nb; ++bi) {
    const double levels = static_cast<double>(blocks[static_cast<std::size_t>(bi)].labels.size());
    r.var.coord.row(q + bi) = eta.row(bi);
    r.var.cos2.row(q + bi) = eta.row(bi).array().square() / (levels - 1);
    r.var.contrib.row(q + bi) = quali_contrib.row(bi);
  }
  r.warnings.insert(r.warnings.end(), p.warnings.begin(), p.warnings.end());
  supplementary(r, all, sup, data, t, wn);
  return r;
}

}  // namespace fabscope::analysis
