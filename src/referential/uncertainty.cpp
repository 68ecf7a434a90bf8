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

template <class E>
std::string names_of(const std::vector<E>& values) {
  std::vector<std::string> names;
  names.reserve(values.size());
  for (const auto x : values) names.emplace_back(name_of(x));
  return fmt::format("{}", fmt::join(names, ", "));
}

struct Factor {
  std::string name;
  std::size_t dims;  // uniform variables in the group
};

// ---- validate: the options and the factors they make uncertain --------------------------

void check_options(const UncertaintyOptions& o) {
  if (o.base_samples < 2) throw std::invalid_argument("at least 2 base samples are needed");
  if (o.weight_spread < 0 || o.weight_spread >= 1) throw std::invalid_argument("the weight spread must be in [0, 1)");
}

// Which weights exist (indicator links and node links), in a fixed order.
std::size_t count_weights(const ScoringInput& nominal) {
  std::size_t n_weights = 0;
  for (const auto& node : nominal.nodes) n_weights += node.indicators.size() + node.children.size();
  return n_weights;
}

// The columns that count in the scores (descriptors, neutral, do not).
std::vector<std::size_t> scored_columns(const ScoringInput& nominal) {
  std::vector<std::size_t> scored;
  for (std::size_t j = 0; j < nominal.methods.size(); ++j) {
    if (nominal.methods[j].direction != Direction::neutral) scored.push_back(j);
  }
  return scored;
}

// The uncertain choices in a fixed order, each with its uniforms in the draw vector.
struct Design {
  std::vector<Factor> factors;
  std::vector<std::size_t> offset;  // first uniform of each factor
  std::size_t dims = 0;             // uniforms per draw
};

// The factors the options make uncertain; what each one varies, and how, is added to
// `assumptions`. Throws when nothing is uncertain.
Design design_factors(const UncertaintyOptions& o, std::size_t n_weights, std::size_t n_scored,
                      std::vector<std::string>& assumptions) {
  Design d;
  if (o.weight_spread > 0) {
    d.factors.push_back({"weights", n_weights});
    assumptions.push_back(fmt::format("weights: each of the {} weights × uniform[{}, {}]", n_weights,
                                      1 - o.weight_spread, 1 + o.weight_spread));
  }
  if (o.normalisations.size() > 1) {
    d.factors.push_back({"normalisation", 1});
    assumptions.push_back(fmt::format("normalisation: one of {{{}}}, equally likely, for every scored indicator",
                                      names_of(o.normalisations)));
  }
  if (o.imputations.size() > 1) {
    d.factors.push_back({"imputation", 1});
    assumptions.push_back(fmt::format("missing values: one of {{{}}}, equally likely", names_of(o.imputations)));
  }
  if (o.aggregations.size() > 1) {
    d.factors.push_back({"aggregation", 1});
    assumptions.push_back(fmt::format("aggregation: one of {{{}}}, equally likely", names_of(o.aggregations)));
  }
  if (o.exclude_one_indicator && n_scored > 1) {
    d.factors.push_back({"exclusion", 1});
    assumptions.push_back(fmt::format("exclusion: none or one of the {} scored indicators, equally likely", n_scored));
  }
  if (d.factors.empty()) {
    throw std::invalid_argument(
        "nothing is uncertain: give a weight spread > 0, or at least two alternatives for "
        "normalisation, imputation or aggregation, or indicator exclusion");
  }
  for (const auto& f : d.factors) {
    d.offset.push_back(d.dims);
    d.dims += f.dims;
  }
  return d;
}

// ---- normalise: every (normalisation, imputation) alternative, computed once -------------

// For each variant: the normalised values and their logarithms (NaN when missing, −inf
// when ≤ 0, which the geometric aggregation rejects), computed once.
struct Variant {
  std::vector<double> y, logy;  // NaN when missing
  // Branch-free forms: value (0 when missing), presence (0/1), invalid for the geometric
  // mean (1 when ≤ 0), and the log-value (0 when missing or invalid).
  std::vector<double> val, pres, bad, logval;
  std::vector<double> fill;  // per column: what a missing value counts as (NaN: it does not count)
};

// Variants by (normalisation, imputation) index into the alternatives; −1 = as specified.
using Variants = std::map<std::pair<int, int>, Variant>;

// The nominal input with the scored columns' normalisation and imputation replaced by
// alternative `ni` and `ii` (−1: kept).
ScoringInput with_alternative(const ScoringInput& nominal, const std::vector<std::size_t>& scored,
                              const std::vector<Normalisation>& norms, const std::vector<MissingPolicy>& imps, int ni,
                              int ii) {
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
  return in;
}

Variant normalise_variant(const ScoringInput& in, MissingInScore policy) {
  const std::size_t n = in.units;
  const std::size_t m = in.methods.size();
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
  v.fill.assign(m, std::nan(""));
  for (std::size_t j = 0; j < m && policy != MissingInScore::reweight; ++j) {
    std::vector<double> col(n);
    for (std::size_t i = 0; i < n; ++i) col[i] = cols[i * m + j];
    v.fill[j] = missing_fill(col, policy);
  }
  v.y = std::move(cols);
  return v;
}

Variants normalise_variants(const ScoringInput& nominal, const std::vector<std::size_t>& scored,
                            const std::vector<Normalisation>& norms, const std::vector<MissingPolicy>& imps) {
  Variants normalised;
  for (int ni = -1; ni < static_cast<int>(norms.size()); ++ni) {
    if (ni == -1 && !norms.empty()) continue;
    for (int ii = -1; ii < static_cast<int>(imps.size()); ++ii) {
      if (ii == -1 && !imps.empty()) continue;
      normalised[{ni, ii}] =
          normalise_variant(with_alternative(nominal, scored, norms, imps, ni, ii), nominal.missing_in_score);
    }
  }
  return normalised;
}

// ---- compute: one scoring from a vector of uniforms ---------------------------------------

// What one draw chose for every factor.
struct Choice {
  int ni = -1, ii = -1;  // variant indices (−1: as specified)
  Aggregation agg = Aggregation::arithmetic;
  std::ptrdiff_t excluded = -1;  // column, or −1
  std::vector<double> wmul;      // multiplier of each weight
};

// Scores of the root and ranks for one draw, on the tree flattened: the links of node nd
// are links[node_first[nd] .. node_first[nd + 1]).
class DrawScorer {
 public:
  // Per-thread buffers, reused from one draw to the next.
  struct Buffers {
    std::vector<double> node_scores, node_cov;  // units × nodes
    std::vector<double> draw_weights, fill;     // per link
    std::vector<double> column;                 // scratch: one node's scores
  };

  DrawScorer(const ScoringInput& nominal, const ScoringResult& nominal_result, const std::vector<std::size_t>& scored,
             const Design& design, const UncertaintyOptions& o)
      : m_nominal(nominal), m_design(design), m_options(o), m_scored(scored) {
    if (o.normalisations.size() > 1) m_norms = o.normalisations;
    if (o.imputations.size() > 1) m_imps = o.imputations;
    m_variants = normalise_variants(nominal, scored, m_norms, m_imps);
    for (const auto& node : nominal.nodes) {
      m_node_first.push_back(m_links.size());
      for (const auto& [col, weight] : node.indicators) m_links.push_back({true, col});
      for (const auto& [child, weight] : node.children) m_links.push_back({false, child});
    }
    m_node_first.push_back(m_links.size());
    // The nominal weight of each link, as the nominal scoring used it (file, equal or PCA).
    for (const auto& w : nominal_result.weights) m_eff_weights.insert(m_eff_weights.end(), w.begin(), w.end());
    m_scored_mask.assign(nominal.methods.size(), false);
    for (const auto j : scored) m_scored_mask[j] = true;
  }

  [[nodiscard]] Buffers buffers() const {
    const std::size_t n = m_nominal.units;
    const std::size_t k = m_nominal.nodes.size();
    return {std::vector<double>(n * k), std::vector<double>(n * k), std::vector<double>(m_links.size()),
            std::vector<double>(m_links.size()), std::vector<double>(n)};
  }

  // Scores every node of every unit for the draw `u` (natural scale, NaN = not evaluable).
  void run(const std::vector<double>& u, Buffers& b) const {
    const Choice c = choose(u);
    const auto& variant = m_variants.at({c.ni, c.ii});
    effective_weights(c, b.draw_weights);
    for (std::size_t nd = 0; nd < m_nominal.nodes.size(); ++nd) {
      score_node(nd, variant, c.agg == Aggregation::geometric, b);
    }
  }

  // The scores of node `nd` for the last draw run into `b`, and their ranks.
  [[nodiscard]] std::vector<int> ranks(std::size_t nd, Buffers& b) const {
    const std::size_t n = m_nominal.units;
    const std::size_t k = m_nominal.nodes.size();
    for (std::size_t i = 0; i < n; ++i) b.column[i] = b.node_scores[i * k + nd];
    return rank_descending(b.column);
  }

 private:
  struct Link {
    bool indicator;
    std::size_t target;  // column or child node
  };

  [[nodiscard]] Choice choose(const std::vector<double>& u) const {
    Choice c;
    c.agg = m_nominal.aggregation;
    c.wmul.assign(m_links.size(), 1.0);
    const auto& factors = m_design.factors;
    for (std::size_t f = 0; f < factors.size(); ++f) {
      const double* x = &u[m_design.offset[f]];
      const auto pick = [&](std::size_t count) {
        return std::min(count - 1, static_cast<std::size_t>(x[0] * static_cast<double>(count)));
      };
      if (factors[f].name == "weights") {
        const double s = m_options.weight_spread;
        for (std::size_t w = 0; w < c.wmul.size(); ++w) c.wmul[w] = 1 - s + 2 * s * x[w];
      } else if (factors[f].name == "normalisation") {
        c.ni = static_cast<int>(pick(m_norms.size()));
      } else if (factors[f].name == "imputation") {
        c.ii = static_cast<int>(pick(m_imps.size()));
      } else if (factors[f].name == "aggregation") {
        c.agg = m_options.aggregations[pick(m_options.aggregations.size())];
      } else {
        const auto k = pick(m_scored.size() + 1);
        c.excluded = k == 0 ? -1 : static_cast<std::ptrdiff_t>(m_scored[k - 1]);
      }
    }
    return c;
  }

  // Effective weight of every link for this draw (0 for descriptors and the excluded one).
  void effective_weights(const Choice& c, std::vector<double>& ew) const {
    for (std::size_t l = 0; l < m_links.size(); ++l) {
      const auto& lk = m_links[l];
      double wt = m_eff_weights[l] * c.wmul[l];
      if (lk.indicator && (!m_scored_mask[lk.target] || static_cast<std::ptrdiff_t>(lk.target) == c.excluded)) wt = 0;
      ew[l] = wt;
    }
  }

  // Node `nd` for every unit, as score() does: the fills of its missing children, coverage
  // over the draw's weights, the node's coverage rule.
  void score_node(std::size_t nd, const Variant& variant, bool geo, Buffers& b) const {
    const std::size_t n = m_nominal.units;
    const std::size_t m = m_nominal.methods.size();
    const std::size_t k = m_nominal.nodes.size();
    const std::size_t first = m_node_first[nd], last = m_node_first[nd + 1];
    const MissingInScore policy = m_nominal.missing_in_score;
    for (std::size_t l = first; l < last; ++l) {
      const auto& lk = m_links[l];
      if (lk.indicator) {
        b.fill[l] = variant.fill[lk.target];
      } else if (policy == MissingInScore::reweight) {
        b.fill[l] = std::nan("");
      } else {
        for (std::size_t i = 0; i < n; ++i) b.column[i] = b.node_scores[i * k + lk.target];
        b.fill[l] = missing_fill(b.column, policy);
      }
    }
    const double min_coverage = m_nominal.nodes[nd].min_coverage - 1e-12;
    for (std::size_t i = 0; i < n; ++i) {
      double wall = 0, wpres = 0, wused = 0, cov = 0, acc = 0, nbad = 0;
      for (std::size_t l = first; l < last; ++l) {
        const auto& lk = m_links[l];
        const double wt = b.draw_weights[l];
        wall += wt;
        double v = 0;
        if (lk.indicator) {
          const std::size_t c = i * m + lk.target;
          v = variant.y[c];
          if (v == v) {
            wpres += wt;
            cov += wt;
          }
        } else {
          v = b.node_scores[i * k + lk.target];
          if (v == v) {
            wpres += wt;
            cov += wt * b.node_cov[i * k + lk.target];
          }
        }
        if (v != v) v = b.fill[l];  // NaN under reweight: the child does not count
        if (v != v) continue;
        wused += wt;
        if (!geo) {
          acc += wt * v;
        } else if (v > 0) {
          acc += wt * std::log(v);
        } else {
          nbad += wt;
        }
      }
      const double coverage = wall > 0 ? cov / wall : 0.0;
      b.node_cov[i * k + nd] = coverage;
      const bool scored = wpres > 0 && nbad == 0 && coverage >= min_coverage;
      b.node_scores[i * k + nd] = !scored ? std::nan("") : geo ? std::exp(acc / wused) : acc / wused;
    }
  }

  const ScoringInput& m_nominal;
  const Design& m_design;
  const UncertaintyOptions& m_options;
  const std::vector<std::size_t>& m_scored;
  std::vector<Normalisation> m_norms;  // alternatives, empty when as specified
  std::vector<MissingPolicy> m_imps;
  Variants m_variants;
  std::vector<Link> m_links;
  std::vector<std::size_t> m_node_first;
  std::vector<double> m_eff_weights;
  std::vector<bool> m_scored_mask;
};

// ---- compute: the Saltelli design over threads ---------------------------------------------

// What the runs produced: the output of every run, and the scores and ranks of A and B on
// every summarised node.
struct Runs {
  std::vector<double> Y;                    // mean absolute rank shift of each run
  std::vector<double> scores_ab, ranks_ab;  // summarised node × (A then B) × N × units
};

// Mean absolute rank shift from the nominal ranking, over the units ranked in both.
double mean_rank_shift(const std::vector<int>& rank, const std::vector<int>& nominal_rank) {
  double shift = 0;
  std::size_t counted = 0;
  for (std::size_t i = 0; i < rank.size(); ++i) {
    if (rank[i] == 0 || nominal_rank[i] == 0) continue;
    shift += std::abs(rank[i] - nominal_rank[i]);
    ++counted;
  }
  return counted > 0 ? shift / static_cast<double>(counted) : 0.0;
}

// The ranks of every unit on node `nd` of a scoring.
std::vector<int> node_ranks(const ScoringResult& r, std::size_t nd, std::size_t n, std::size_t k) {
  std::vector<int> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = r.node_rank[i * k + nd];
  return out;
}

// What the design runs over.
struct Plan {
  std::size_t units = 0, nodes = 0;  // of the scoring
  std::vector<std::size_t> summarised;
  std::size_t rank_node = 0;
};

// Saltelli design: A, B and, for each factor g, A with g's columns from B; runs shared
// between threads, each run's draws fixed by the seed and its index.
Runs run_design(const DrawScorer& scorer, const Design& design, const ScoringResult& nominal_result, const Plan& plan,
                const UncertaintyOptions& o, unsigned threads) {
  const std::size_t N = o.base_samples;
  const std::size_t n = plan.units, k = plan.nodes;
  const std::size_t runs = N * (2 + design.factors.size());
  const auto nominal_rank = node_ranks(nominal_result, plan.rank_node, n, k);
  Runs out;
  out.Y.assign(runs, 0.0);
  out.scores_ab.resize(plan.summarised.size() * 2 * N * n);
  out.ranks_ab.resize(plan.summarised.size() * 2 * N * n);
  auto uniforms = [&](std::size_t matrix, std::size_t row) {  // matrix 0 = A, 1 = B
    std::vector<double> u(design.dims);
    for (std::size_t d = 0; d < design.dims; ++d) u[d] = uniform(o.seed, matrix * design.dims + d, row);
    return u;
  };
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    auto buffers = scorer.buffers();
    for (std::size_t r = next++; r < runs; r = next++) {
      const std::size_t row = r % N;
      const std::size_t which = r / N;  // 0 A, 1 B, 2.. A_B(g)
      auto u = uniforms(which == 1 ? 1 : 0, row);
      if (which >= 2) {
        const auto b = uniforms(1, row);
        const std::size_t g = which - 2;
        for (std::size_t d = design.offset[g]; d < design.offset[g] + design.factors[g].dims; ++d) u[d] = b[d];
      }
      scorer.run(u, buffers);
      out.Y[r] = mean_rank_shift(scorer.ranks(plan.rank_node, buffers), nominal_rank);
      if (which >= 2) continue;
      for (std::size_t s = 0; s < plan.summarised.size(); ++s) {
        const std::size_t nd = plan.summarised[s];
        const auto rank = scorer.ranks(nd, buffers);
        const std::size_t base = ((s * 2 + which) * N + row) * n;
        for (std::size_t i = 0; i < n; ++i) {
          out.scores_ab[base + i] = buffers.node_scores[i * k + nd];
          out.ranks_ab[base + i] = rank[i] == 0 ? std::nan("") : rank[i];
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return out;
}

// ---- summarise: distributions per unit and sensitivity indices ----------------------------

double sorted_quantile(const std::vector<double>& v, double p) {
  if (v.empty()) return std::nan("");
  const double h = (static_cast<double>(v.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// The 5–95 % interval of sorted draws, widened to include the nominal value; the side the
// nominal value fell outside the draws' band (−1 below, +1 above, 0 inside).
int interval_around(const std::vector<double>& sorted, double nominal, double& p05, double& median, double& p95) {
  median = sorted_quantile(sorted, 0.5);
  p05 = sorted_quantile(sorted, 0.05);
  p95 = sorted_quantile(sorted, 0.95);
  const double tol = 1e-12 * std::max(1.0, std::abs(nominal));
  int outside = 0;
  if (nominal < p05 - tol) {
    outside = -1;
    p05 = nominal;
  } else if (nominal > p95 + tol) {
    outside = 1;
    p95 = nominal;
  }
  return outside;
}

// One unit's distribution on summarised node `s` over the 2N runs of A and B.
UnitUncertainty summarise_unit(const Runs& runs, std::size_t s, std::size_t i, std::size_t n, std::size_t N,
                               double nominal_score, int nominal_rank) {
  UnitUncertainty u;
  u.nominal_score = nominal_score;
  u.nominal_rank = nominal_rank;
  std::vector<double> sc, rk;
  for (std::size_t r = 0; r < 2 * N; ++r) {
    const std::size_t at = (s * 2 * N + r) * n + i;
    if (!std::isnan(runs.scores_ab[at])) sc.push_back(runs.scores_ab[at]);
    if (!std::isnan(runs.ranks_ab[at])) rk.push_back(runs.ranks_ab[at]);
  }
  u.evaluable_share = static_cast<double>(sc.size()) / static_cast<double>(2 * N);
  const double nan = std::nan("");
  if (std::isnan(nominal_score) || sc.empty()) {
    u.median_score = u.p05_score = u.p95_score = u.median_rank = u.p05_rank = u.p95_rank = nan;
    return u;
  }
  std::sort(sc.begin(), sc.end());
  std::sort(rk.begin(), rk.end());
  u.score_outside = interval_around(sc, nominal_score, u.p05_score, u.median_score, u.p95_score);
  u.rank_outside = interval_around(rk, nominal_rank, u.p05_rank, u.median_rank, u.p95_rank);
  return u;
}

// Distributions of every unit on every summarised node (units shared between threads).
std::map<std::size_t, std::vector<UnitUncertainty>> summarise_units(const Runs& runs, const ScoringResult& nominal,
                                                                    const Plan& plan, std::size_t N, unsigned threads) {
  const std::size_t n = plan.units, k = plan.nodes;
  std::vector<std::vector<UnitUncertainty>> out(plan.summarised.size(), std::vector<UnitUncertainty>(n));
  auto summarise = [&](std::size_t begin, std::size_t end) {
    for (std::size_t s = 0; s < plan.summarised.size(); ++s) {
      const std::size_t nd = plan.summarised[s];
      for (std::size_t i = begin; i < end; ++i) {
        out[s][i] = summarise_unit(runs, s, i, n, N, nominal.scores[i * k + nd], nominal.node_rank[i * k + nd]);
      }
    }
  };
  std::vector<std::thread> summary_pool;
  const std::size_t chunk = (n + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t) {
    summary_pool.emplace_back(summarise, std::min(n, t * chunk), std::min(n, (t + 1) * chunk));
  }
  summarise(0, std::min(n, chunk));
  for (auto& t : summary_pool) t.join();
  std::map<std::size_t, std::vector<UnitUncertainty>> by_node;
  for (std::size_t s = 0; s < plan.summarised.size(); ++s) by_node[plan.summarised[s]] = std::move(out[s]);
  return by_node;
}

// Variance of Y over the 2N runs of A and B.
double output_variance(const std::vector<double>& Y, std::size_t N) {
  double mean = 0;
  for (std::size_t r = 0; r < 2 * N; ++r) mean += Y[r];
  mean /= static_cast<double>(2 * N);
  double var = 0;
  for (std::size_t r = 0; r < 2 * N; ++r) var += (Y[r] - mean) * (Y[r] - mean);
  var /= static_cast<double>(2 * N - 1);
  return var;
}

// Sensitivity indices of Y (Saltelli 2010 first order, Jansen 1999 total).
std::vector<FactorSensitivity> sensitivity_indices(const std::vector<double>& Y, std::size_t N, double var,
                                                   const std::vector<Factor>& factors) {
  std::vector<FactorSensitivity> out;
  for (std::size_t g = 0; g < factors.size(); ++g) {
    double s1 = 0, st = 0;
    for (std::size_t r = 0; r < N; ++r) {
      const double fa = Y[r], fb = Y[N + r], fab = Y[(2 + g) * N + r];
      s1 += fb * (fab - fa);
      st += (fa - fab) * (fa - fab);
    }
    s1 /= static_cast<double>(N);
    st /= 2.0 * static_cast<double>(N);
    out.push_back({factors[g].name, var > 0 ? s1 / var : 0.0, var > 0 ? st / var : 0.0});
  }
  return out;
}

}  // namespace

UncertaintyResult analyse_uncertainty(const ScoringInput& nominal, const UncertaintyOptions& o) {
  check_options(o);
  UncertaintyResult result;
  const auto scored = scored_columns(nominal);
  const Design design = design_factors(o, count_weights(nominal), scored.size(), result.assumptions);
  const auto nominal_result = score(nominal);
  const DrawScorer scorer(nominal, nominal_result, scored, design, o);
  const unsigned threads = std::max(1U, o.threads != 0 ? o.threads : std::thread::hardware_concurrency());
  Plan plan{nominal.units, nominal.nodes.size(), {}, nominal.nodes.size() - 1};
  for (const auto nd : o.nodes) {
    if (nd >= plan.nodes) throw std::invalid_argument("a summarised node is out of range");
    if (std::find(plan.summarised.begin(), plan.summarised.end(), nd) == plan.summarised.end()) {
      plan.summarised.push_back(nd);
    }
  }
  if (std::find(plan.summarised.begin(), plan.summarised.end(), plan.nodes - 1) == plan.summarised.end()) {
    plan.summarised.push_back(plan.nodes - 1);
  }
  if (o.rank_node) {
    if (*o.rank_node >= plan.nodes) throw std::invalid_argument("the ranking node is out of range");
    plan.rank_node = *o.rank_node;
  }
  const Runs runs = run_design(scorer, design, nominal_result, plan, o, threads);
  const std::size_t N = o.base_samples;
  result.scorings = runs.Y.size();
  result.by_node = summarise_units(runs, nominal_result, plan, N, threads);
  result.units = result.by_node.at(plan.nodes - 1);
  result.rank_node = plan.rank_node;
  result.output_variance = output_variance(runs.Y, N);
  result.sensitivity = sensitivity_indices(runs.Y, N, result.output_variance, design.factors);
  result.assumptions.push_back(
      fmt::format("{} base samples, Saltelli design: {} scorings; seed {}", N, result.scorings, o.seed));
  result.assumptions.push_back(
      plan.rank_node + 1 == plan.nodes
          ? "output of the sensitivity analysis: the mean absolute shift of ranks from the nominal ranking"
          : fmt::format("output of the sensitivity analysis: the mean absolute shift of ranks on {} from the "
                        "nominal ranking",
                        nominal.nodes[plan.rank_node].id));
  return result;
}

}  // namespace fabscope::referential
