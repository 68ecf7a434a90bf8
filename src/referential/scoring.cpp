#include "referential/scoring.hpp"

#include <algorithm>
#include <functional>
#include <cmath>
#include <numeric>
#include <optional>
#include <tuple>

#include "core/text.hpp"
#include "stats/linalg.hpp"

namespace fabscope::referential {
namespace {
constexpr double kNaN = text::kMissing;

std::vector<double> present(const std::vector<double>& x) {
  std::vector<double> out;
  for (const double v : x) {
    if (!std::isnan(v)) out.push_back(v);
  }
  return out;
}
}  // namespace

double quantile_linear(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return kNaN;
  const double h = (static_cast<double>(v.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

std::vector<double> average_ranks(const std::vector<double>& v) {
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!std::isnan(v[i])) idx.push_back(i);
  }
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size(), kNaN);
  for (std::size_t k = 0; k < idx.size();) {
    std::size_t j = k;
    while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[k]]) ++j;
    const double avg = (static_cast<double>(k) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t t = k; t <= j; ++t) r[idx[t]] = avg;
    k = j + 1;
  }
  return r;
}

std::vector<double> normalise_column(std::vector<double> x, const IndicatorMethod& m) {
  const double d = m.direction == Direction::lower_better ? -1.0 : 1.0;
  // 1. Winsorisation.
  if (m.winsorise) {
    const auto p = present(x);
    if (!p.empty()) {
      const double lo = quantile_linear(p, m.winsorise->first);
      const double hi = quantile_linear(p, m.winsorise->second);
      for (auto& v : x) {
        if (!std::isnan(v)) v = std::clamp(v, lo, hi);
      }
    }
  }
  // 2. Missing values.
  {
    const auto p = present(x);
    if (!p.empty() && p.size() < x.size() && m.missing != MissingPolicy::exclude) {
      double fill = kNaN;
      if (m.missing == MissingPolicy::mean) {
        fill = std::accumulate(p.begin(), p.end(), 0.0) / static_cast<double>(p.size());
      } else if (m.missing == MissingPolicy::median) {
        fill = quantile_linear(p, 0.5);
      } else {
        fill = d > 0 ? *std::min_element(p.begin(), p.end()) : *std::max_element(p.begin(), p.end());
      }
      for (auto& v : x) {
        if (std::isnan(v)) v = fill;
      }
    }
  }
  // 3. Normalisation.
  const auto p = present(x);
  std::vector<double> y(x.size(), kNaN);
  if (p.empty()) return y;
  switch (m.normalisation) {
    case Normalisation::minmax: {
      const double lo = *std::min_element(p.begin(), p.end());
      const double hi = *std::max_element(p.begin(), p.end());
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::isnan(x[i])) continue;
        const double t = hi == lo ? 0.5 : (x[i] - lo) / (hi - lo);
        y[i] = d > 0 ? t : 1 - t;
      }
      break;
    }
    case Normalisation::zscore: {
      const double n = static_cast<double>(p.size());
      const double mean = std::accumulate(p.begin(), p.end(), 0.0) / n;
      double ss = 0;
      for (const double v : p) ss += (v - mean) * (v - mean);
      const double sd = p.size() < 2 ? 0 : std::sqrt(ss / (n - 1));
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isnan(x[i])) y[i] = sd > 0 ? d * (x[i] - mean) / sd : 0.0;
      }
      break;
    }
    case Normalisation::goalposts: {
      const auto [lo, hi] = m.goalposts.value_or(std::make_pair(0.0, 1.0));
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::isnan(x[i])) continue;
        const double t = std::clamp((x[i] - lo) / (hi - lo), 0.0, 1.0);
        y[i] = d > 0 ? t : 1 - t;
      }
      break;
    }
    case Normalisation::rank:
    case Normalisation::percentile: {
      std::vector<double> dir(x.size());
      for (std::size_t i = 0; i < x.size(); ++i) dir[i] = d * x[i];
      const auto r = average_ranks(dir);
      const double k = static_cast<double>(p.size());
      const double scale = m.normalisation == Normalisation::percentile ? 100.0 : 1.0;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isnan(r[i])) y[i] = scale * (k == 1 ? 0.5 : (r[i] - 1) / (k - 1));
      }
      break;
    }
    case Normalisation::distance_to_reference: {
      const double ref = m.reference.value_or(kNaN);
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::isnan(x[i])) continue;
        if (d > 0) {
          y[i] = ref == 0 ? kNaN : x[i] / ref;
        } else {
          y[i] = x[i] == 0 ? kNaN : ref / x[i];
        }
      }
      break;
    }
  }
  return y;
}

std::optional<std::vector<double>> pca_weights(const std::vector<std::vector<double>>& columns) {
  const std::size_t p = columns.size();
  if (p < 2) return std::nullopt;
  const stats::Matrix data = stats::complete_rows(columns);
  if (data.rows() < 3) return std::nullopt;
  const auto c = stats::correlation(data);
  if (!c) return std::nullopt;
  // The squared loadings of the first principal axis, summing to 1.
  const stats::Vector axis = stats::symmetric_eigen(*c).vectors.col(0);  // a copy: not a view of a temporary
  std::vector<double> w(p);
  double total = 0;
  for (std::size_t a = 0; a < p; ++a) {
    w[a] = axis(static_cast<Eigen::Index>(a)) * axis(static_cast<Eigen::Index>(a));
    total += w[a];
  }
  for (auto& x : w) x /= total;
  return w;
}

std::vector<int> rank_descending(const std::vector<double>& t) {
  std::vector<std::pair<double, std::size_t>> idx;  // (−total, unit): ascending = best first
  idx.reserve(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!std::isnan(t[i])) idx.emplace_back(-t[i], i);
  }
  std::sort(idx.begin(), idx.end());
  std::vector<int> rank(t.size(), 0);
  // A group of ties starts at a value; the values within a relative 1e-12 of it join it.
  double group_value = 0;
  int group_rank = 0;
  for (std::size_t p = 0; p < idx.size(); ++p) {
    const double v = -idx[p].first;
    if (p == 0 || group_value - v > 1e-12 * std::max({1.0, std::abs(v), std::abs(group_value)})) {
      group_value = v;
      group_rank = static_cast<int>(p) + 1;
    }
    rank[idx[p].second] = group_rank;
  }
  return rank;
}

double missing_fill(const std::vector<double>& child_values, MissingInScore policy) {
  const auto p = present(child_values);
  switch (policy) {
    case MissingInScore::reweight:
      return kNaN;
    case MissingInScore::zero:
      return p.empty() ? 0.0 : std::min(0.0, *std::min_element(p.begin(), p.end()));
    case MissingInScore::median:
      return p.empty() ? kNaN : quantile_linear(p, 0.5);
  }
  return kNaN;
}

namespace {

// A scored child of a node: an indicator column or a child node, with its weight.
struct Kid {
  bool indicator;
  std::size_t index;
  double weight;
};

// The scored children of node `nd` with the weights the weighting gives them, and the
// weights used recorded in `r.weights`.
std::vector<Kid> weighted_kids(const ScoringInput& in, std::size_t nd, ScoringResult& r,
                               const std::function<double(const Kid&, std::size_t)>& value) {
  const auto& node = in.nodes[nd];
  std::vector<Kid> kids;
  for (const auto& [col, w] : node.indicators) {
    if (in.methods[col].direction != Direction::neutral) kids.push_back({true, col, w});
  }
  for (const auto& [child, w] : node.children) kids.push_back({false, child, w});
  if (in.weighting == Weighting::equal) {
    for (auto& kid : kids) kid.weight = 1.0;
  } else if (in.weighting == Weighting::pca) {
    std::vector<std::vector<double>> cols(kids.size(), std::vector<double>(in.units));
    for (std::size_t c = 0; c < kids.size(); ++c) {
      for (std::size_t i = 0; i < in.units; ++i) cols[c][i] = value(kids[c], i);
    }
    const auto w = pca_weights(cols);
    for (std::size_t c = 0; c < kids.size(); ++c) kids[c].weight = w ? (*w)[c] : 1.0;
  }
  std::vector<double> used;
  std::size_t kid = 0;
  for (const auto& [col, w] : node.indicators) {
    used.push_back(in.methods[col].direction == Direction::neutral ? w : kids[kid++].weight);
  }
  for (std::size_t c = 0; c < node.children.size(); ++c) used.push_back(kids[kid++].weight);
  r.weights.push_back(std::move(used));
  return kids;
}

}  // namespace

ScoringResult score(const ScoringInput& in) {
  const std::size_t n = in.units;
  const std::size_t m = in.methods.size();
  const std::size_t k = in.nodes.size();
  ScoringResult r;
  r.normalised.assign(n * m, kNaN);
  for (std::size_t j = 0; j < m; ++j) {
    std::vector<double> col(n);
    for (std::size_t i = 0; i < n; ++i) col[i] = in.values[i * m + j];
    const auto y = normalise_column(std::move(col), in.methods[j]);
    for (std::size_t i = 0; i < n; ++i) r.normalised[i * m + j] = y[i];
  }
  r.scores.assign(n * k, kNaN);
  r.coverage.assign(n * k, 0.0);
  r.weights.reserve(k);
  const auto value = [&](const Kid& kid, std::size_t i) {
    return kid.indicator ? r.normalised[i * m + kid.index] : r.scores[i * k + kid.index];
  };
  // Node by node (children before parents), so that a node's weights (PCA) and the values
  // its missing children count as depend on every unit's values of its children.
  for (std::size_t nd = 0; nd < k; ++nd) {
    const auto kids = weighted_kids(in, nd, r, value);
    std::vector<double> fill(kids.size(), kNaN);
    for (std::size_t c = 0; c < kids.size() && in.missing_in_score != MissingInScore::reweight; ++c) {
      std::vector<double> column(n);
      for (std::size_t i = 0; i < n; ++i) column[i] = value(kids[c], i);
      fill[c] = missing_fill(column, in.missing_in_score);
    }
    std::vector<double> used(kids.size());
    for (std::size_t i = 0; i < n; ++i) {
      double wall = 0, wpres = 0, wused = 0, cov = 0, acc = 0;
      bool bad = false;
      for (std::size_t c = 0; c < kids.size(); ++c) {
        const auto& kid = kids[c];
        const double v = value(kid, i);
        wall += kid.weight;
        if (!std::isnan(v)) {
          wpres += kid.weight;
          cov += kid.weight * (kid.indicator ? 1.0 : r.coverage[i * k + kid.index]);
        }
        used[c] = std::isnan(v) ? fill[c] : v;  // NaN under reweight: the child does not count
        if (!std::isnan(used[c])) wused += kid.weight;
      }
      for (std::size_t c = 0; c < kids.size(); ++c) {
        const double v = used[c];
        if (std::isnan(v)) continue;
        if (in.aggregation == Aggregation::arithmetic) {
          acc += kids[c].weight * v;
        } else if (v <= 0) {
          bad = true;
        } else {
          acc += (kids[c].weight / wused) * std::log(v);
        }
      }
      const double coverage = wall > 0 ? cov / wall : 0.0;
      r.coverage[i * k + nd] = coverage;
      if (wpres > 0 && !bad && coverage >= in.nodes[nd].min_coverage - 1e-12) {
        r.scores[i * k + nd] = in.aggregation == Aggregation::arithmetic ? acc / wused : std::exp(acc);
      }
    }
  }
  r.node_rank.assign(n * k, 0);
  for (std::size_t nd = 0; nd < k; ++nd) {
    std::vector<double> node_scores(n);
    for (std::size_t i = 0; i < n; ++i) node_scores[i] = r.scores[i * k + nd];
    const auto ranks = rank_descending(node_scores);
    for (std::size_t i = 0; i < n; ++i) r.node_rank[i * k + nd] = ranks[i];
    if (nd + 1 == k) r.rank = ranks;
  }
  return r;
}

}  // namespace fabscope::referential
