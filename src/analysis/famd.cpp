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
    quanti_cols.push_back(x.columns.size());
    x.columns.push_back(std::move(z));
  }
  for (const auto& col : data.columns) {
    if (col.quantitative) continue;
    QualiBlock b;
    b.variable = col.name;
    std::set<std::string> labels;
    bool missing = false;
    for (const auto& l : col.labels) {
      if (l.empty()) {
        missing = true;
      } else {
        labels.insert(l);
      }
    }
    b.labels.assign(labels.begin(), labels.end());
    if (missing) b.labels.emplace_back("NA");
    if (b.labels.size() < 2) {
      reject(col.name, fmt::format("column '{}' has {} category: an active variable needs 2 at least", col.name,
                                 b.labels.size()));
    }
    b.prop = Vector::Zero(static_cast<Eigen::Index>(b.labels.size()));
    for (std::size_t k = 0; k < b.labels.size(); ++k) {
      Column c{b.labels[k], true, std::vector<double>(n), {}};
      for (std::size_t i = 0; i < n; ++i) {
        const auto& l = col.labels[i].empty() ? std::string("NA") : col.labels[i];
        c.values[i] = l == b.labels[k] ? 1.0 : 0.0;
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

}  // namespace

FamdResult famd(const DataSet& data, const FamdOptions& o) {
  FamdResult r;
  const auto n = data.rows();
  if (n < 2) reject("rows", fmt::format("{} row(s): a FAMD needs 2 at least", n));
  Vector w = Vector::Ones(static_cast<Eigen::Index>(n));
  if (!o.row_weights.empty()) {
    if (o.row_weights.size() != n) reject("row_weights", fmt::format("{} weights for {} rows", o.row_weights.size(), n));
    for (std::size_t i = 0; i < n; ++i) w(static_cast<Eigen::Index>(i)) = o.row_weights[i];
  }
  const double raw_total = w.sum();
  if (!(raw_total > 0)) reject("row_weights", "the weights must be >= 0 and not all 0");
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
      const auto& labels_col = data.columns[data.column(b.variable)].labels;
      for (std::size_t i = 0; i < n; ++i) {
        const auto& l = labels_col[i].empty() ? std::string("NA") : labels_col[i];
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
  return r;
}

}  // namespace fabscope::analysis
