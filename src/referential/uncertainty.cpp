#include "referential/uncertainty.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <stdexcept>
#include <thread>

namespace fabscope::referential {
namespace {

// SplitMix64: a counter-based generator, so draw i is the same whatever thread runs it.
std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}
double uniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  const auto h = splitmix(seed ^ splitmix(stream * 0x100000001B3ULL + index));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

const char* name_of(Normalisation n) {
  static const char* names[] = {"minmax", "zscore", "goalposts", "rank", "percentile", "distance_to_reference"};
  return names[static_cast<int>(n)];
}
const char* name_of(MissingPolicy m) {
  static const char* names[] = {"exclude", "mean", "median", "lowest"};
  return names[static_cast<int>(m)];
}
const char* name_of(Aggregation a) { return a == Aggregation::arithmetic ? "arithmetic" : "geometric"; }

struct Factor {
  std::string name;
  std::size_t dims;  // uniform variables in the group
};

}  // namespace

UncertaintyResult analyse_uncertainty(const ScoringInput& nominal, const UncertaintyOptions& o) {
  if (o.base_samples < 2) throw std::invalid_argument("at least 2 base samples are needed");
  if (o.weight_spread < 0 || o.weight_spread >= 1) throw std::invalid_argument("the weight spread must be in [0, 1)");
  const std::size_t n = nominal.units;
  const std::size_t m = nominal.methods.size();
  const std::size_t k = nominal.nodes.size();
  // Which weights exist (indicator links and node links), in a fixed order.
  std::size_t n_weights = 0;
  for (const auto& node : nominal.nodes) n_weights += node.indicators.size() + node.children.size();
  std::vector<std::size_t> scored;
  for (std::size_t j = 0; j < m; ++j) {
    if (nominal.methods[j].direction != Direction::neutral) scored.push_back(j);
  }
  std::vector<Factor> factors;
  UncertaintyResult result;
  if (o.weight_spread > 0) {
    factors.push_back({"weights", n_weights});
    result.assumptions.push_back(fmt::format("weights: each of the {} weights × uniform[{}, {}]", n_weights,
                                             1 - o.weight_spread, 1 + o.weight_spread));
  }
  if (o.normalisations.size() > 1) {
    factors.push_back({"normalisation", 1});
    std::vector<std::string> names;
    for (const auto x : o.normalisations) names.emplace_back(name_of(x));
    result.assumptions.push_back(fmt::format("normalisation: one of {{{}}}, equally likely, for every scored indicator",
                                             fmt::join(names, ", ")));
  }
  if (o.imputations.size() > 1) {
    factors.push_back({"imputation", 1});
    std::vector<std::string> names;
    for (const auto x : o.imputations) names.emplace_back(name_of(x));
    result.assumptions.push_back(fmt::format("missing values: one of {{{}}}, equally likely", fmt::join(names, ", ")));
  }
  if (o.aggregations.size() > 1) {
    factors.push_back({"aggregation", 1});
    std::vector<std::string> names;
    for (const auto x : o.aggregations) names.emplace_back(name_of(x));
    result.assumptions.push_back(fmt::format("aggregation: one of {{{}}}, equally likely", fmt::join(names, ", ")));
  }
  if (o.exclude_one_indicator && scored.size() > 1) {
    factors.push_back({"exclusion", 1});
    result.assumptions.push_back(
        fmt::format("exclusion: none or one of the {} scored indicators, equally likely", scored.size()));
  }
  if (factors.empty()) {
    throw std::invalid_argument(
        "nothing is uncertain: give a weight spread > 0, or at least two alternatives for "
        "normalisation, imputation or aggregation, or indicator exclusion");
  }
  std::size_t dims = 0;
  std::vector<std::size_t> offset;
  for (const auto& f : factors) {
    offset.push_back(dims);
    dims += f.dims;
  }
  // The normalised matrix for each (normalisation, imputation) pair, computed once.
  const auto norms = o.normalisations.size() > 1 ? o.normalisations : std::vector<Normalisation>{};
  const auto imps = o.imputations.size() > 1 ? o.imputations : std::vector<MissingPolicy>{};
  // For each variant: the normalised values and their logarithms (NaN when missing, −inf
  // when ≤ 0, which the geometric aggregation rejects), computed once.
  struct Variant {
    std::vector<double> y, logy;  // NaN when missing
    // Branch-free forms: value (0 when missing), presence (0/1), invalid for the geometric
    // mean (1 when ≤ 0), and the log-value (0 when missing or invalid).
    std::vector<double> val, pres, bad, logval;
  };
  std::map<std::pair<int, int>, Variant> normalised;
  for (int ni = -1; ni < static_cast<int>(norms.size()); ++ni) {
    if (ni == -1 && !norms.empty()) continue;
    for (int ii = -1; ii < static_cast<int>(imps.size()); ++ii) {
      if (ii == -1 && !imps.empty()) continue;
      ScoringInput in = nominal;
      for (const auto j : scored) {
        if (ni >= 0) in.methods[j].normalisation = norms[static_cast<std::size_t>(ni)];
        if (ii >= 0) in.methods[j].missing = imps[static_cast<std::size_t>(ii)];
        // Goalposts or a reference need their bounds; without them the alternative is minmax.
        if (in.methods[j].normalisation == Normalisation::goalposts && !in.methods[j].goalposts) {
          in.methods[j].normalisation = Normalisation::minmax;
        }
        if (in.methods[j].normalisation == Normalisation::distance_to_reference && !in.methods[j].reference) {
          in.methods[j].normalisation = Normalisation::minmax;
        }
      }
      std::vector<double> cols(n * m);
      for (std::size_t j = 0; j < m; ++j) {
        std::vector<double> col(n);
        for (std::size_t i = 0; i < n; ++i) col[i] = in.values[i * m + j];
        const auto y = normalise_column(std::move(col), in.methods[j]);
        for (std::size_t i = 0; i < n; ++i) cols[i * m + j] = y[i];
      }
      Variant v;
      v.logy.resize(cols.size());
      for (std::size_t c = 0; c < cols.size(); ++c) {
        v.logy[c] = std::isnan(cols[c]) ? cols[c] : (cols[c] > 0 ? std::log(cols[c]) : -HUGE_VAL);
      }
      v.val.resize(cols.size());
      v.pres.resize(cols.size());
      v.bad.resize(cols.size());
      v.logval.resize(cols.size());
      for (std::size_t c = 0; c < cols.size(); ++c) {
        const bool present = !std::isnan(cols[c]);
        v.val[c] = present ? cols[c] : 0.0;
        v.pres[c] = present ? 1.0 : 0.0;
        v.bad[c] = present && cols[c] <= 0 ? 1.0 : 0.0;
        v.logval[c] = present && cols[c] > 0 ? std::log(cols[c]) : 0.0;
      }
      v.y = std::move(cols);
      normalised[{ni, ii}] = std::move(v);
    }
  }
  const auto nominal_result = score(nominal);
  // One scoring from a vector of dims uniforms: scores of the root and ranks.
  // The tree flattened: the links of node nd are links[node_first[nd] .. node_first[nd + 1]).
  struct Link {
    bool indicator;
    std::size_t target;  // column or child node
  };
  std::vector<Link> links;
  std::vector<std::size_t> node_first;
  for (const auto& node : nominal.nodes) {
    node_first.push_back(links.size());
    for (const auto& [col, weight] : node.indicators) links.push_back({true, col});
    for (const auto& [child, weight] : node.children) links.push_back({false, child});
  }
  node_first.push_back(links.size());
  // The nominal weight of each link, as the nominal scoring used it (file, equal or PCA).
  std::vector<double> eff_weights;
  for (const auto& w : nominal_result.weights) eff_weights.insert(eff_weights.end(), w.begin(), w.end());
  std::vector<bool> scored_mask(m, false);
  for (const auto j : scored) scored_mask[j] = true;
  auto run = [&](const std::vector<double>& u, std::vector<double>& total, std::vector<int>& rank,
                 std::vector<double>& node_scores, std::vector<double>& draw_weights) {
    int ni = -1, ii = -1;
    auto agg = nominal.aggregation;
    std::ptrdiff_t excluded = -1;
    std::vector<double> wmul(n_weights, 1.0);
    for (std::size_t f = 0; f < factors.size(); ++f) {
      const double* x = &u[offset[f]];
      const auto pick = [&](std::size_t count) {
        return std::min(count - 1, static_cast<std::size_t>(x[0] * static_cast<double>(count)));
      };
      if (factors[f].name == "weights") {
        for (std::size_t w = 0; w < n_weights; ++w) wmul[w] = 1 - o.weight_spread + 2 * o.weight_spread * x[w];
      } else if (factors[f].name == "normalisation") {
        ni = static_cast<int>(pick(norms.size()));
      } else if (factors[f].name == "imputation") {
        ii = static_cast<int>(pick(imps.size()));
      } else if (factors[f].name == "aggregation") {
        agg = o.aggregations[pick(o.aggregations.size())];
      } else {
        const auto c = pick(scored.size() + 1);
        excluded = c == 0 ? -1 : static_cast<std::ptrdiff_t>(scored[c - 1]);
      }
    }
    const auto& variant = normalised.at({ni, ii});
    const bool geo = agg == Aggregation::geometric;
    // Effective weight of every link for this draw (0 for descriptors and the excluded one).
    std::vector<double>& ew = draw_weights;
    for (std::size_t l = 0; l < links.size(); ++l) {
      const auto& lk = links[l];
      double wt = eff_weights[l] * wmul[l];
      if (lk.indicator && (!scored_mask[lk.target] || static_cast<std::ptrdiff_t>(lk.target) == excluded)) wt = 0;
      ew[l] = wt;
    }
    const double* val = geo ? variant.logval.data() : variant.val.data();
    const double* pres = variant.pres.data();
    const double* bad = variant.bad.data();
    std::vector<double>& s = node_scores;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t row = i * m;
      double* si = &s[i * k];
      for (std::size_t nd = 0; nd < k; ++nd) {
        double wpres = 0, acc = 0, nbad = 0;
        for (std::size_t l = node_first[nd]; l < node_first[nd + 1]; ++l) {
          const auto& lk = links[l];
          const double wt = ew[l];
          if (lk.indicator) {
            const std::size_t c = row + lk.target;
            wpres += wt * pres[c];
            acc += wt * val[c];
            nbad += wt * bad[c];
          } else {
            const double v = si[lk.target];
            if (v == v) {  // present
              wpres += wt;
              acc += wt * v;
            }
          }
        }
        si[nd] = (wpres > 0 && !(geo && nbad > 0)) ? acc / wpres : std::nan("");
      }
      total[i] = geo ? std::exp(si[k - 1]) : si[k - 1];
    }
    rank = rank_descending(total);
  };
  // Saltelli design: A, B and, for each factor g, A with g's columns from B.
  const std::size_t N = o.base_samples;
  const std::size_t G = factors.size();
  const std::size_t runs = N * (2 + G);
  std::vector<double> Y(runs, 0.0);  // mean absolute rank shift of each run
  std::vector<double> scores_ab(2 * N * n), ranks_ab(2 * N * n);
  auto uniforms = [&](std::size_t matrix, std::size_t row) {  // matrix 0 = A, 1 = B
    std::vector<double> u(dims);
    for (std::size_t d = 0; d < dims; ++d) u[d] = uniform(o.seed, matrix * dims + d, row);
    return u;
  };
  const unsigned threads = std::max(1U, o.threads != 0 ? o.threads : std::thread::hardware_concurrency());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    std::vector<double> total(n);
    std::vector<int> rank(n);
    std::vector<double> node_scores(n * k);
    std::vector<double> draw_weights(n_weights);
    for (std::size_t r = next++; r < runs; r = next++) {
      const std::size_t row = r % N;
      const std::size_t which = r / N;  // 0 A, 1 B, 2.. A_B(g)
      auto u = uniforms(which == 1 ? 1 : 0, row);
      if (which >= 2) {
        const auto b = uniforms(1, row);
        const std::size_t g = which - 2;
        for (std::size_t d = offset[g]; d < offset[g] + factors[g].dims; ++d) u[d] = b[d];
      }
      run(u, total, rank, node_scores, draw_weights);
      double shift = 0;
      std::size_t counted = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (rank[i] == 0 || nominal_result.rank[i] == 0) continue;
        shift += std::abs(rank[i] - nominal_result.rank[i]);
        ++counted;
      }
      Y[r] = counted > 0 ? shift / static_cast<double>(counted) : 0.0;
      if (which < 2) {
        for (std::size_t i = 0; i < n; ++i) {
          scores_ab[(which * N + row) * n + i] = total[i];
          ranks_ab[(which * N + row) * n + i] = rank[i] == 0 ? std::nan("") : rank[i];
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  result.scorings = runs;
  // Distributions over the 2N runs of A and B (each unit's values sorted once; the units
  // shared between threads).
  result.units.resize(n);
  auto sorted_quantile = [](const std::vector<double>& v, double p) {
    if (v.empty()) return std::nan("");
    const double h = (static_cast<double>(v.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const auto hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
  };
  auto summarise = [&](std::size_t begin, std::size_t end) {
    std::vector<double> sc, rk;
    for (std::size_t i = begin; i < end; ++i) {
      sc.clear();
      rk.clear();
      for (std::size_t r = 0; r < 2 * N; ++r) {
        if (!std::isnan(scores_ab[r * n + i])) sc.push_back(scores_ab[r * n + i]);
        if (!std::isnan(ranks_ab[r * n + i])) rk.push_back(ranks_ab[r * n + i]);
      }
      std::sort(sc.begin(), sc.end());
      std::sort(rk.begin(), rk.end());
      auto& u = result.units[i];
      u.nominal_score = nominal_result.scores[i * k + k - 1];
      u.nominal_rank = nominal_result.rank[i];
      u.median_score = sorted_quantile(sc, 0.5);
      u.p05_score = sorted_quantile(sc, 0.05);
      u.p95_score = sorted_quantile(sc, 0.95);
      u.median_rank = sorted_quantile(rk, 0.5);
      u.p05_rank = sorted_quantile(rk, 0.05);
      u.p95_rank = sorted_quantile(rk, 0.95);
    }
  };
  {
    std::vector<std::thread> summary_pool;
    const std::size_t chunk = (n + threads - 1) / threads;
    for (unsigned t = 1; t < threads; ++t) {
      summary_pool.emplace_back(summarise, std::min(n, t * chunk), std::min(n, (t + 1) * chunk));
    }
    summarise(0, std::min(n, chunk));
    for (auto& t : summary_pool) t.join();
  }
  // Sensitivity indices of Y (Saltelli 2010 first order, Jansen 1999 total).
  double mean = 0;
  for (std::size_t r = 0; r < 2 * N; ++r) mean += Y[r];
  mean /= static_cast<double>(2 * N);
  double var = 0;
  for (std::size_t r = 0; r < 2 * N; ++r) var += (Y[r] - mean) * (Y[r] - mean);
  var /= static_cast<double>(2 * N - 1);
  result.output_variance = var;
  for (std::size_t g = 0; g < G; ++g) {
    double s1 = 0, st = 0;
    for (std::size_t r = 0; r < N; ++r) {
      const double fa = Y[r], fb = Y[N + r], fab = Y[(2 + g) * N + r];
      s1 += fb * (fab - fa);
      st += (fa - fab) * (fa - fab);
    }
    s1 /= static_cast<double>(N);
    st /= 2.0 * static_cast<double>(N);
    result.sensitivity.push_back({factors[g].name, var > 0 ? s1 / var : 0.0, var > 0 ? st / var : 0.0});
  }
  result.assumptions.push_back(fmt::format("{} base samples, Saltelli design: {} scorings; seed {}", N, runs, o.seed));
  result.assumptions.push_back(
      "output of the sensitivity analysis: the mean absolute shift of ranks from the nominal ranking");
  return result;
}

}  // namespace fabscope::referential
