// The description of the clusters (desc.var$quanti, desc.ind) and their bootstrap stability.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <thread>

#include "analysis/hcpc.hpp"
#include "stats/distributions.hpp"

namespace fabscope::analysis {

namespace {

// Weighted mean and standard deviation (divisor: the total weight) of the defined values.
std::pair<double, double> mean_sd(const std::vector<double>& v, const std::vector<double>& w,
                                  const std::vector<std::size_t>& members) {
  double sw = 0, s = 0;
  for (const auto i : members) {
    if (std::isnan(v[i])) continue;
    sw += w[i];
    s += w[i] * v[i];
  }
  const double m = s / sw;
  double ss = 0;
  for (const auto i : members) {
    if (!std::isnan(v[i])) ss += w[i] * (v[i] - m) * (v[i] - m);
  }
  return {m, std::sqrt(ss / sw)};
}

// FactoMineR's catdes for categories: for each cluster and category, the two-sided
// hypergeometric test of the count found in the cluster (the smaller of 2 P(X < x) + P(x)
// and 2 P(X > x) + P(x)), its v-test (the normal quantile of p / 2, positive when the
// category is over-represented); and the χ² test of each variable against the clusters.
void describe_categories(const DataSet& data, const std::vector<std::size_t>& rows,
                         const std::vector<std::vector<std::size_t>>& members, const std::vector<double>& w,
                         double proba, ClusterDescription& out) {
  const auto k = members.size();
  out.category.resize(k);
  std::vector<std::pair<double, ChiTest>> chi;
  for (const auto& col : data.columns) {
    if (col.quantitative) continue;
    std::map<std::string, std::size_t> level;
    for (const auto r : rows) {
      if (!col.labels[r].empty()) level.emplace(col.labels[r], level.size());
    }
    if (level.size() < 2) continue;
    std::vector<std::string> names(level.size());
    for (const auto& [l, j] : level) names[j] = l;
    std::vector<std::vector<double>> table(k, std::vector<double>(level.size(), 0.0));
    for (std::size_t c = 0; c < k; ++c) {
      for (const auto i : members[c]) {
        const auto& l = col.labels[rows[i]];
        if (!l.empty()) table[c][level.at(l)] += w[i];
      }
    }
    std::vector<double> row_sum(k, 0.0), col_sum(level.size(), 0.0);
    double total = 0;
    for (std::size_t c = 0; c < k; ++c) {
      for (std::size_t j = 0; j < level.size(); ++j) {
        row_sum[c] += table[c][j];
        col_sum[j] += table[c][j];
        total += table[c][j];
      }
    }
    double stat = 0;
    for (std::size_t c = 0; c < k; ++c) {
      for (std::size_t j = 0; j < level.size(); ++j) {
        const double e = row_sum[c] * col_sum[j] / total;
        if (e > 0) stat += (table[c][j] - e) * (table[c][j] - e) / e;
      }
    }
    const int df = static_cast<int>((k - 1) * (level.size() - 1));
    const double p_chi = stats::chi2_upper(stat, df);
    if (p_chi <= proba) chi.push_back({p_chi, {col.name, p_chi, df}});
    const auto n = std::lround(total);
    for (std::size_t c = 0; c < k; ++c) {
      const auto nc = std::lround(row_sum[c]);
      for (std::size_t j = 0; j < level.size(); ++j) {
        const auto x = std::lround(table[c][j]), nj = std::lround(col_sum[j]);
        const double at = stats::hyper_pmf(x, nc, n - nc, nj);
        const double below = x > 0 ? stats::hyper_cdf(x - 1, nc, n - nc, nj) : 0.0;
        const double above = std::max(0.0, 1 - below - at);
        const double p = std::min(2 * below + at, 2 * above + at);
        if (p > proba) continue;
        const double mod_cla = table[c][j] / row_sum[c], global = col_sum[j] / total;
        const double v = (mod_cla > global ? -1.0 : 1.0) * stats::normal_quantile(p / 2);
        out.category[c].push_back({col.name, names[j], 100 * table[c][j] / col_sum[j], 100 * mod_cla, 100 * global, p, v});
      }
    }
  }
  std::stable_sort(chi.begin(), chi.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [p, t] : chi) out.test_chi2.push_back(std::move(t));
  for (auto& cat : out.category) {
    std::stable_sort(cat.begin(), cat.end(), [](const auto& a, const auto& b) { return a.v_test > b.v_test; });
  }
}

}  // namespace

ClusterDescription describe(const DataSet& data, const HcpcResult& h, const Coordinates& ind, double proba,
                            std::size_t nb_par) {
  const auto n = h.names.size();
  const auto k = h.nb_clust;
  ClusterDescription out;
  out.quanti.resize(k);
  out.para.resize(k);
  out.dist.resize(k);
  // Columns over the clustered individuals.
  std::vector<std::size_t> rows;
  for (const auto& name : h.names) rows.push_back(data.row(name));
  std::vector<std::size_t> all(n);
  for (std::size_t i = 0; i < n; ++i) all[i] = i;
  std::vector<std::vector<std::size_t>> members(k);
  for (std::size_t i = 0; i < n; ++i) members[static_cast<std::size_t>(h.clust[i] - 1)].push_back(i);
  const auto describe_quanti = [&](const std::string& name, const std::vector<double>& v,
                                   std::vector<std::vector<QuantiDescription>>& into) {
    const auto [mean, sd] = mean_sd(v, h.weights, all);
    if (!(sd > 0)) return;
    double total_w = 0;
    for (std::size_t i = 0; i < n; ++i) total_w += std::isnan(v[i]) ? 0 : h.weights[i];
    for (std::size_t c = 0; c < k; ++c) {
      double wq = 0;
      for (const auto i : members[c]) wq += std::isnan(v[i]) ? 0 : h.weights[i];
      if (wq <= 0 || wq >= total_w) continue;
      const auto [mq, sdq] = mean_sd(v, h.weights, members[c]);
      // With weights on the scale of the individuals: n_q out of n.
      const double nq = wq / total_w * static_cast<double>(n), nn = static_cast<double>(n);
      const double vtest = (mq - mean) / std::sqrt(sd * sd / nq * (nn - nq) / (nn - 1));
      const double p = std::erfc(std::abs(vtest) / std::sqrt(2.0));
      if (p < proba) into[c].push_back({name, vtest, mq, mean, sdq, sd, p});
    }
  };
  for (const auto& col : data.columns) {
    if (!col.quantitative) continue;
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = col.values[rows[i]];
    describe_quanti(col.name, v, out.quanti);
  }
  // desc.axes: the same on the factor coordinates the individuals were clustered on.
  out.axes.resize(k);
  for (Eigen::Index d = 0; d < ind.coord.cols(); ++d) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = ind.coord(static_cast<Eigen::Index>(i), d);
    describe_quanti(fmt::format("Dim.{}", d + 1), v, out.axes);
  }
  describe_categories(data, rows, members, h.weights, proba, out);
  for (auto* list : {&out.quanti, &out.axes}) {
    for (auto& q : *list) {
      std::stable_sort(q.begin(), q.end(), [](const auto& a, const auto& b) { return a.v_test > b.v_test; });
    }
  }
  // Paragons and distinctive individuals, on the factor coordinates.
  const auto& x = ind.coord;
  for (std::size_t c = 0; c < k; ++c) {
    std::vector<std::pair<std::string, double>> near, far;
    for (const auto i : members[c]) {
      const auto xi = x.row(static_cast<Eigen::Index>(i));
      near.emplace_back(h.names[i], (xi - h.centers.row(static_cast<Eigen::Index>(c))).norm());
      double other = std::numeric_limits<double>::infinity();
      for (std::size_t d = 0; d < k; ++d) {
        if (d != c) other = std::min(other, (xi - h.centers.row(static_cast<Eigen::Index>(d))).norm());
      }
      far.emplace_back(h.names[i], other);
    }
    std::stable_sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    std::stable_sort(far.begin(), far.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    near.resize(std::min(near.size(), nb_par));
    far.resize(std::min(far.size(), nb_par));
    out.para[c] = std::move(near);
    out.dist[c] = std::move(far);
  }
  return out;
}

std::vector<double> stability(const Coordinates& ind, const HcpcResult& h, const HcpcOptions& options,
                              std::size_t replicates, std::uint64_t seed, unsigned threads) {
  const auto n = h.names.size();
  const auto k = h.nb_clust;
  HcpcOptions o = options;
  o.nb_clust = static_cast<int>(k);
  std::vector<std::vector<double>> best(replicates, std::vector<double>(k, 0.0));
  const auto run = [&](std::size_t b) {
    // Each replicate's own stream: the same draws whatever thread runs it.
    std::mt19937_64 rng(seed ^ (0x9E3779B97F4A7C15ULL * (b + 1)));
    std::uniform_int_distribution<std::size_t> pick(0, n - 1);
    std::vector<std::size_t> sample(n);
    for (auto& s : sample) s = pick(rng);
    stats::Matrix xs(static_cast<Eigen::Index>(n), ind.coord.cols());
    std::vector<double> ws(n);
    std::vector<std::string> names(n);
    for (std::size_t i = 0; i < n; ++i) {
      xs.row(static_cast<Eigen::Index>(i)) = ind.coord.row(static_cast<Eigen::Index>(sample[i]));
      ws[i] = h.weights[sample[i]];
      names[i] = h.names[sample[i]];
    }
    std::size_t distinct = 0;
    {
      std::vector<bool> seen(n, false);
      for (const auto s : sample) {
        distinct += seen[s] ? 0 : 1;
        seen[s] = true;
      }
    }
    if (distinct <= k) return;  // too few distinct individuals to make k clusters: counts as 0
    const auto r = hcpc(xs, names, ws, o);
    // The replicate's cluster of each individual drawn (its first copy).
    std::map<std::size_t, int> of;
    for (std::size_t i = 0; i < n; ++i) of.emplace(sample[i], r.clust[i]);
    for (std::size_t c = 0; c < k; ++c) {
      for (std::size_t d = 1; d <= k; ++d) {
        std::size_t both = 0, either = 0;
        for (const auto& [drawn, cl] : of) {
          const bool in_c = h.clust[drawn] == static_cast<int>(c + 1), in_d = cl == static_cast<int>(d);
          both += in_c && in_d ? 1 : 0;
          either += in_c || in_d ? 1 : 0;
        }
        if (either > 0) best[b][c] = std::max(best[b][c], static_cast<double>(both) / static_cast<double>(either));
      }
    }
  };
  const unsigned t = std::max(1U, threads != 0 ? threads : std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < t; ++w) {
    pool.emplace_back([&, w] {
      for (std::size_t b = w; b < replicates; b += t) {
        try {
          run(b);
        } catch (const std::exception&) {
          // A replicate that cannot be clustered (too few distinct individuals) counts as 0.
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  std::vector<double> mean(k, 0.0);
  for (const auto& rep : best) {
    for (std::size_t c = 0; c < k; ++c) mean[c] += rep[c] / static_cast<double>(std::max<std::size_t>(1, replicates));
  }
  return mean;
}

}  // namespace fabscope::analysis
