#include "analysis/hcpc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"

namespace fabscope::analysis {

namespace {

using stats::Matrix;
using stats::Vector;

struct Cluster {
  Vector centre;
  double weight = 0;
  std::size_t node = 0;  // its node id in the tree
  bool active = true;
};

// Ward's merge cost: the between-cluster inertia the merge turns into within-cluster inertia.
double ward(const Cluster& a, const Cluster& b, double total_weight) {
  return a.weight * b.weight / (a.weight + b.weight) * (a.centre - b.centre).squaredNorm() / total_weight;
}

// Nearest-neighbour chain: merges of a reducible criterion (Ward's is) found in O(n² p)
// time and O(n) memory; sorted by height afterwards, they are the tree of the usual
// agglomerative algorithm.
std::vector<Merge> ward_tree(const Matrix& x, const std::vector<double>& w) {
  const auto n = static_cast<std::size_t>(x.rows());
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  std::vector<Cluster> c(n);
  for (std::size_t i = 0; i < n; ++i) c[i] = {x.row(static_cast<Eigen::Index>(i)).transpose(), w[i], i, true};
  std::vector<Merge> merges;
  std::vector<std::size_t> chain;
  std::size_t next_node = n;
  for (std::size_t remaining = n; remaining > 1;) {
    if (chain.empty()) {
      for (std::size_t i = 0; i < n; ++i) {
        if (c[i].active) {
          chain.push_back(i);
          break;
        }
      }
    }
    const auto top = chain.back();
    const auto prev = chain.size() > 1 ? chain[chain.size() - 2] : n;
    std::size_t best = n;
    double best_d = std::numeric_limits<double>::infinity();
    if (prev != n) {
      best = prev;  // ties go to the previous link: the chain always ends
      best_d = ward(c[top], c[prev], total);
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (j == top || !c[j].active) continue;
      const double d = ward(c[top], c[j], total);
      if (d < best_d) {
        best_d = d;
        best = j;
      }
    }
    if (best == prev) {
      chain.pop_back();
      chain.pop_back();
      merges.push_back({c[top].node, c[prev].node, best_d});
      auto& keep = c[std::min(top, prev)];
      auto& gone = c[std::max(top, prev)];
      keep.centre = (keep.weight * keep.centre + gone.weight * gone.centre) / (keep.weight + gone.weight);
      keep.weight += gone.weight;
      keep.node = next_node++;
      gone.active = false;
      --remaining;
    } else {
      chain.push_back(best);
    }
  }
  // Sorted by height, with the node ids renumbered to follow that order.
  std::vector<std::size_t> order(merges.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return merges[a].height < merges[b].height; });
  std::vector<std::size_t> rank(merges.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
  std::vector<Merge> sorted;
  for (const auto m : order) {
    auto renumber = [&](std::size_t node) { return node < n ? node : n + rank[node - n]; };
    sorted.push_back({renumber(merges[m].a), renumber(merges[m].b), merges[m].height});
  }
  return sorted;
}

// The partition into k clusters: the n - k lowest merges applied (union-find).
std::vector<std::size_t> cut(const std::vector<Merge>& merges, std::size_t n, std::size_t k) {
  std::vector<std::size_t> parent(2 * n);
  std::iota(parent.begin(), parent.end(), 0);
  const auto find = [&](std::size_t a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  };
  for (std::size_t m = 0; m + k < n; ++m) {
    parent[find(merges[m].a)] = n + m;
    parent[find(merges[m].b)] = n + m;
  }
  std::vector<std::size_t> root(n);
  for (std::size_t i = 0; i < n; ++i) root[i] = find(i);
  return root;
}

// Cluster ids 0..k-1 from any labels, and the (weighted) centres.
Matrix centres_of(const Matrix& x, const std::vector<double>& w, const std::vector<std::size_t>& label, std::size_t k,
                  bool weighted) {
  Matrix sum = Matrix::Zero(static_cast<Eigen::Index>(k), x.cols());
  Vector weight = Vector::Zero(static_cast<Eigen::Index>(k));
  for (std::size_t i = 0; i < label.size(); ++i) {
    const double wi = weighted ? w[i] : 1.0;
    sum.row(static_cast<Eigen::Index>(label[i])) += wi * x.row(static_cast<Eigen::Index>(i));
    weight(static_cast<Eigen::Index>(label[i])) += wi;
  }
  return sum.array().colwise() / weight.array();
}

// k-means from the given centres (Lloyd's iterations, unweighted as R's kmeans), at most
// iter_max passes; returns the number of individuals that changed cluster.
std::size_t consolidate(const Matrix& x, std::vector<std::size_t>& label, std::size_t k, std::size_t iter_max) {
  const std::vector<std::size_t> start = label;
  const std::vector<double> ones(label.size(), 1.0);
  for (std::size_t it = 0; it < iter_max; ++it) {
    const Matrix centres = centres_of(x, ones, label, k, false);
    bool changed = false;
    for (std::size_t i = 0; i < label.size(); ++i) {
      std::size_t best = label[i];
      double best_d = (x.row(static_cast<Eigen::Index>(i)) - centres.row(static_cast<Eigen::Index>(best))).squaredNorm();
      for (std::size_t c = 0; c < k; ++c) {
        const double d = (x.row(static_cast<Eigen::Index>(i)) - centres.row(static_cast<Eigen::Index>(c))).squaredNorm();
        if (d < best_d) {
          best_d = d;
          best = c;
        }
      }
      changed = changed || best != label[i];
      label[i] = best;
    }
    // A cluster left empty keeps its old members (k clusters stay k).
    std::vector<std::size_t> size(k, 0);
    for (const auto l : label) ++size[l];
    if (std::find(size.begin(), size.end(), 0U) != size.end()) {
      label = start;
      return 0;
    }
    if (!changed) break;
  }
  std::size_t moved = 0;
  for (std::size_t i = 0; i < label.size(); ++i) moved += label[i] != start[i] ? 1 : 0;
  return moved;
}

}  // namespace

HcpcResult hcpc(const PcaResult& pca, const std::vector<double>& row_weights, const HcpcOptions& o) {
  return hcpc(pca.ind.coord, pca.ind.names, row_weights, o);
}

HcpcResult hcpc(const Matrix& x, const std::vector<std::string>& names, const std::vector<double>& row_weights,
                const HcpcOptions& o) {
  const auto n = static_cast<std::size_t>(x.rows());
  if (n < 2) reject("nb_clust", fmt::format("{} individual(s): a clustering needs 2 at least", n));
  std::vector<double> w = row_weights.empty() ? std::vector<double>(n, 1.0) : row_weights;
  if (w.size() != n) reject("nb_clust", fmt::format("{} weights for {} individuals", w.size(), n));
  HcpcResult r;
  r.names = names;
  r.weights = w;
  r.merges = ward_tree(x, w);
  for (auto it = r.merges.rbegin(); it != r.merges.rend(); ++it) r.inert_gain.push_back(it->height);
  // within[k-1] = inertia left inside k clusters = the gains of the merges not undone.
  r.within.assign(n, 0.0);
  for (std::size_t k = n; k-- > 1;) r.within[k - 1] = r.within[k] + r.inert_gain[k - 1];
  r.within.resize(n);
  // R's round() halves to even (round(2.5) = 2), as std::nearbyint in the default mode.
  r.max = o.max != 0 ? o.max : std::min<std::size_t>(10, static_cast<std::size_t>(std::nearbyint(static_cast<double>(n) / 2.0)));
  r.max = std::min(r.max, n - 1);
  r.min = std::min(o.min, r.max);
  if (o.nb_clust >= 2) {
    if (static_cast<std::size_t>(o.nb_clust) > n) {
      reject("nb_clust", fmt::format("{} clusters asked for {} individuals", o.nb_clust, n));
    }
    r.nb_clust = static_cast<std::size_t>(o.nb_clust);
  } else if (n < 3) {
    r.nb_clust = n;  // 2 individuals: 2 clusters of one (the rule needs 3 at least)
  } else {
    if (r.min < 2) r.min = 2;
    if (r.min > r.max) {
      reject("nb_clust", fmt::format("the rule looks at {} to {} clusters: with {} individuals give --nb-clust", r.min, r.max, n));
    }
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t k = r.min; k <= r.max; ++k) {
      const double q = r.within[k - 1] > 0 ? r.within[k - 1] / r.within[k - 2] : 0.0;
      r.quot.push_back(q);
      if (q < best) {
        best = q;
        r.nb_clust = k;
      }
    }
  }
  const auto roots = cut(r.merges, n, r.nb_clust);
  std::vector<std::size_t> label(n);
  {
    std::vector<std::size_t> ids;
    for (std::size_t i = 0; i < n; ++i) {
      auto it = std::find(ids.begin(), ids.end(), roots[i]);
      if (it == ids.end()) {
        ids.push_back(roots[i]);
        it = ids.end() - 1;
      }
      label[i] = static_cast<std::size_t>(it - ids.begin());
    }
  }
  if (o.consol && r.nb_clust > 1 && r.nb_clust < n) {
    r.consolidation_moves = consolidate(x, label, r.nb_clust, o.iter_max);
  }
  // Clusters numbered by their centre's first coordinate, increasing (FactoMineR's order).
  const Matrix centres = centres_of(x, w, label, r.nb_clust, true);
  std::vector<std::size_t> order(r.nb_clust);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](auto a, auto b) { return centres(static_cast<Eigen::Index>(a), 0) < centres(static_cast<Eigen::Index>(b), 0); });
  std::vector<int> number(r.nb_clust);
  r.centers.resize(static_cast<Eigen::Index>(r.nb_clust), x.cols());
  for (std::size_t k = 0; k < order.size(); ++k) {
    number[order[k]] = static_cast<int>(k + 1);
    r.centers.row(static_cast<Eigen::Index>(k)) = centres.row(static_cast<Eigen::Index>(order[k]));
  }
  for (const auto l : label) r.clust.push_back(number[l]);
  return r;
}

}  // namespace fabscope::analysis
