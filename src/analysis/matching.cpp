// Propensity-score matching (docs/analysis/matching.md; the rules of MatchIt 4.5.1 written
// down in tests/reference/analysis/matching_NOTES.md, with the nearest control taken on the
// true distance).
#include "analysis/matching.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <utility>

namespace fabscope::analysis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t none = static_cast<std::size_t>(-1);
constexpr double small = 1.4901161193847656e-08;  // sqrt(.Machine$double.eps)

bool present(const Column& c, std::size_t i) {
  return c.quantitative ? !std::isnan(c.values[i]) : !c.labels[i].empty();
}

std::string text_of(const Column& c, std::size_t i) {
  return c.quantitative ? fmt::format("{}", c.values[i]) : c.labels[i];
}

// The rows with every value the analysis uses.
DataSet complete_rows(const DataSet& data, const std::vector<std::string>& used, std::size_t& dropped) {
  std::vector<std::size_t> cols;
  cols.reserve(used.size());
  for (const auto& n : used) cols.push_back(data.column(n));
  DataSet out;
  for (const auto& c : data.columns) {
    Column e;
    e.name = c.name;
    e.quantitative = c.quantitative;
    out.columns.push_back(std::move(e));
  }
  for (std::size_t i = 0; i < data.rows(); ++i) {
    if (!std::all_of(cols.begin(), cols.end(), [&](std::size_t j) { return present(data.columns[j], i); })) continue;
    out.row_names.push_back(data.row_names[i]);
    for (std::size_t j = 0; j < data.columns.size(); ++j) {
      if (data.columns[j].quantitative) {
        out.columns[j].values.push_back(data.columns[j].values[i]);
      } else {
        out.columns[j].labels.push_back(data.columns[j].labels[i]);
      }
    }
  }
  dropped = data.rows() - out.rows();
  if (out.rows() == 0) {
    std::string worst;
    std::size_t most = 0;
    for (std::size_t k = 0; k < cols.size(); ++k) {
      std::size_t missing = 0;
      for (std::size_t i = 0; i < data.rows(); ++i) missing += present(data.columns[cols[k]], i) ? 0 : 1;
      if (missing > most) {
        most = missing;
        worst = used[k];
      }
    }
    reject(worst, fmt::format("no row has every value the matching uses; '{}' is missing in {} of {} rows", worst, most,
                              data.rows()));
  }
  return out;
}

// MatchIt's weighted variance: weights normalised to sum 1, divided by 1 - Σ v².
double wvar(const std::vector<double>& x, const std::vector<double>& w, bool binary) {
  double sw = 0;
  for (const double a : w) sw += a;
  double m = 0, sv2 = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    m += w[i] / sw * x[i];
    sv2 += (w[i] / sw) * (w[i] / sw);
  }
  if (binary) return m * (1 - m);
  double v = 0;
  for (std::size_t i = 0; i < x.size(); ++i) v += w[i] / sw * (x[i] - m) * (x[i] - m);
  return v / (1 - sv2);
}

double wmean(const std::vector<double>& x, const std::vector<double>& w) {
  double s = 0, sw = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    s += w[i] * x[i];
    sw += w[i];
  }
  return s / sw;
}

// One balance row: the variable over all units, split by group, with all-one weights
// ("all") and the matching weights ("matched"); standardised by the treated units' SD
// before matching, as MatchIt does for the effect on the treated.
BalanceRow balance_row(const std::string& term, const std::vector<double>& x, const MatchResult& r) {
  BalanceRow b;
  b.term = term;
  b.binary = std::all_of(x.begin(), x.end(), [](double v) { return v == 0 || v == 1; });
  std::vector<double> xt, xc, wt_all, wc_all, wt, wc;
  for (std::size_t i = 0; i < x.size(); ++i) {
    (r.treated[i] ? xt : xc).push_back(x[i]);
    (r.treated[i] ? wt_all : wc_all).push_back(1.0);
    (r.treated[i] ? wt : wc).push_back(r.weights[i]);
  }
  double s = std::sqrt(wvar(xt, wt_all, b.binary));
  if (!std::isfinite(s) || s < small) {
    // MatchIt's fallback: the pooled SD (deviations from each group's own mean).
    const double mt = wmean(xt, wt_all), mc = wmean(xc, wc_all);
    const auto n = static_cast<double>(x.size());
    if (b.binary) {
      const double st = mt * static_cast<double>(xt.size()), sc = mc * static_cast<double>(xc.size());
      s = std::sqrt((st * (1 - mt) + sc * (1 - mc)) / n);
    } else {
      double ss = 0;
      for (const double v : xt) ss += (v - mt) * (v - mt);
      for (const double v : xc) ss += (v - mc) * (v - mc);
      s = std::sqrt(ss / (n - 1));
    }
  }
  const auto smd = [&](double d) { return std::abs(d) <= small ? d : d / s; };
  const auto ratio = [&](const std::vector<double>& w1, const std::vector<double>& w0) {
    const auto used = [](const std::vector<double>& w) {
      return std::count_if(w.begin(), w.end(), [](double a) { return a > 0; });
    };
    if (b.binary || used(w1) < 2 || used(w0) < 2) return nan;
    return wvar(xt, w1, false) / wvar(xc, w0, false);
  };
  b.mean_treated_all = wmean(xt, wt_all);
  b.mean_control_all = wmean(xc, wc_all);
  b.smd_all = smd(b.mean_treated_all - b.mean_control_all);
  b.var_ratio_all = ratio(wt_all, wc_all);
  b.mean_treated_matched = wmean(xt, wt);
  b.mean_control_matched = wmean(xc, wc);
  b.smd_matched = smd(b.mean_treated_matched - b.mean_control_matched);
  b.var_ratio_matched = ratio(wt, wc);
  return b;
}

// 1:1 nearest neighbour within each stratum: treated units by decreasing score (then row),
// each taking the nearest eligible control below or above it in (score, row) order, the
// lower one on a tie in distance; a side whose nearest control is beyond the caliper offers
// none. Without replacement a control is used once.
void nearest(MatchResult& r, const std::vector<std::string>& stratum, bool replace) {
  const auto n = r.names.size();
  std::map<std::string, std::vector<std::size_t>> controls;
  std::vector<std::size_t> treated;
  for (std::size_t i = 0; i < n; ++i) {
    if (r.treated[i]) {
      treated.push_back(i);
    } else {
      controls[stratum[i]].push_back(i);
    }
  }
  const auto before = [&](std::size_t a, std::size_t b) {
    return r.distance[a] < r.distance[b] || (r.distance[a] == r.distance[b] && a < b);
  };
  // Per stratum: its controls in (score, row) order, and the nearest unused control at or
  // beyond each position on either side (path-compressed).
  struct Pool {
    std::vector<std::size_t> units, right, left;  // left is shifted by one: 0 = none
  };
  std::map<std::string, Pool> pools;
  for (auto& [key, units] : controls) {
    std::sort(units.begin(), units.end(), before);
    Pool p;
    p.units = units;
    p.right.resize(units.size() + 1);
    p.left.resize(units.size() + 1);
    std::iota(p.right.begin(), p.right.end(), 0);
    std::iota(p.left.begin(), p.left.end(), 0);
    pools.emplace(key, std::move(p));
  }
  const auto find = [](std::vector<std::size_t>& next, std::size_t x) {
    std::size_t root = x;
    while (next[root] != root) root = next[root];
    while (next[x] != root) x = std::exchange(next[x], root);
    return root;
  };
  std::stable_sort(treated.begin(), treated.end(),
                   [&](std::size_t a, std::size_t b) { return r.distance[a] > r.distance[b]; });
  for (const auto t : treated) {
    const auto it = pools.find(stratum[t]);
    if (it == pools.end()) continue;
    auto& p = it->second;
    const auto pos =
        static_cast<std::size_t>(std::lower_bound(p.units.begin(), p.units.end(), t, before) - p.units.begin());
    const auto right = find(p.right, pos);        // index, or size() for none
    const auto left_shifted = find(p.left, pos);  // index + 1 of the nearest below, 0 for none
    std::size_t pick = none;
    double best = std::numeric_limits<double>::infinity();
    if (left_shifted > 0) {
      const auto c = p.units[left_shifted - 1];
      const double d = r.distance[t] - r.distance[c];
      if (r.caliper <= 0 || d <= r.caliper) {
        pick = left_shifted - 1;
        best = d;
      }
    }
    if (right < p.units.size()) {
      const auto c = p.units[right];
      const double d = r.distance[c] - r.distance[t];
      if ((r.caliper <= 0 || d <= r.caliper) && d < best) pick = right;
    }
    if (pick == none) continue;
    r.match[t] = p.units[pick];
    if (!replace) {
      p.right[pick] = pick + 1;
      p.left[pick + 1] = pick;
    }
  }
}

double quantile(std::vector<double> v, double share) {
  std::sort(v.begin(), v.end());
  const double pos = share * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// What such a comparison can and cannot say, from its own numbers.
void state(MatchResult& r) {
  std::size_t imbalanced = 0, checked = 0;
  for (const auto& b : r.balance) {
    if (b.term == "distance") continue;
    ++checked;
    if (std::abs(b.smd_matched) > 0.1) ++imbalanced;
  }
  r.statement.push_back(fmt::format(
      "{} treated units were compared with {} control units that resembled them on the {} covariates of the "
      "propensity model ({}); after matching, {} of {} balance terms keep a standardised mean difference above 0.1.",
      r.treated_matched, r.controls_matched, r.covariates.size(), fmt::join(r.covariates, ", "), imbalanced, checked));
  if (r.has_outcome) {
    r.statement.push_back(fmt::format(
        "The difference in {} between the treated units and their matches is {:.4g}{}. It measures an association "
        "on the variables observed, not a proven effect: anything that drove both the treatment and the outcome and "
        "is not in the model (motivation, networks, the quality of the project) is not accounted for.",
        r.outcome, r.att,
        std::isnan(r.att_low)
            ? ""
            : fmt::format(" ({:.0f} % bootstrap interval {:.4g} to {:.4g})", 100 * r.level, r.att_low, r.att_high)));
  }
  if (r.treated_matched < 30) {
    r.statement.push_back(fmt::format(
        "With {} treated units only large differences can be told apart from chance: the interval is wide, a "
        "difference that is not significant is not evidence of no difference, and one unusual unit moves the "
        "result. Read it as a description of these {} cases, with the balance table, not as a general law.",
        r.treated_matched, r.treated_matched));
  }
}

// MatchIt's weights (see below) and the counts of matched units.
void weigh(MatchResult& r) {
  const auto n = r.names.size();
  // MatchIt's weights: a matched treated unit 1; a control its number of uses, scaled so the
  // controls' weights add up to the number of distinct controls used.
  r.weights.assign(n, 0);
  std::vector<double> uses(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (r.match[i] == none) continue;
    r.weights[i] = 1;
    uses[r.match[i]] += 1;
    ++r.treated_matched;
  }
  r.controls_matched =
      static_cast<std::size_t>(std::count_if(uses.begin(), uses.end(), [](double u) { return u > 0; }));
  for (std::size_t i = 0; i < n; ++i) {
    if (uses[i] > 0) {
      r.weights[i] = uses[i] * static_cast<double>(r.controls_matched) / static_cast<double>(r.treated_matched);
    }
  }
}

void balance(MatchResult& r, const DataSet& d, const std::vector<std::string>& covariates) {
  const auto n = r.names.size();
  // Balance: the score, then each covariate (a categorical one: one row per level).
  r.balance.push_back(balance_row("distance", r.distance, r));
  for (const auto& name : covariates) {
    const auto& c = d.columns[d.column(name)];
    if (c.quantitative) {
      r.balance.push_back(balance_row(name, c.values, r));
      continue;
    }
    const std::set<std::string> levels(c.labels.begin(), c.labels.end());
    for (const auto& level : levels) {
      std::vector<double> x(n);
      for (std::size_t i = 0; i < n; ++i) x[i] = c.labels[i] == level ? 1 : 0;
      r.balance.push_back(balance_row(name + level, x, r));
    }
  }
}

void effect(MatchResult& r, const DataSet& d, const MatchOptions& o) {
  const auto n = r.names.size();
  // The effect on the treated: the mean over pairs of treated minus matched control, which
  // is MatchIt's weighted difference of means; its interval from pairs resampled.
  r.has_outcome = true;
  r.outcome = o.outcome;
  const auto& y = d.columns[d.column(o.outcome)].values;
  std::vector<double> diff;
  for (std::size_t i = 0; i < n; ++i) {
    if (r.match[i] != none) diff.push_back(y[i] - y[r.match[i]]);
  }
  r.att = std::accumulate(diff.begin(), diff.end(), 0.0) / static_cast<double>(diff.size());
  if (o.bootstrap > 0 && diff.size() > 1) {
    std::vector<double> draws(o.bootstrap);
    for (std::size_t b = 0; b < o.bootstrap; ++b) {
      std::mt19937_64 rng(o.seed ^ (0x9E3779B97F4A7C15ULL * (b + 1)));
      std::uniform_int_distribution<std::size_t> pick(0, diff.size() - 1);
      double s = 0;
      for (std::size_t k = 0; k < diff.size(); ++k) s += diff[pick(rng)];
      draws[b] = s / static_cast<double>(diff.size());
    }
    r.replicates = o.bootstrap;
    r.att_low = quantile(draws, (1 - o.level) / 2);
    r.att_high = quantile(draws, 1 - (1 - o.level) / 2);
  }
}

}  // namespace

MatchResult match(const DataSet& data, const MatchOptions& o) {
  if (o.treatment.empty()) reject("--treatment", "name the treatment column (0/1)");
  if (o.covariates.empty()) reject("--covariates", "name the covariates of the propensity model");
  if (o.caliper < 0 || !std::isfinite(o.caliper))
    reject("--caliper", "a caliper is a positive number of standard deviations");
  if (!(o.level > 0 && o.level < 1)) reject("--level", "a level is in (0, 1)");
  std::vector<std::string> used{o.treatment};
  for (const auto* list : {&o.covariates, &o.exact}) used.insert(used.end(), list->begin(), list->end());
  if (!o.outcome.empty()) {
    used.push_back(o.outcome);
    if (!data.columns[data.column(o.outcome)].quantitative) {
      reject(o.outcome, fmt::format("the outcome '{}' must be numeric", o.outcome));
    }
    if (std::find(o.covariates.begin(), o.covariates.end(), o.outcome) != o.covariates.end()) {
      reject(o.outcome, "the outcome cannot be a covariate");
    }
  }
  MatchResult r;
  r.covariates = o.covariates;
  const auto d = complete_rows(data, used, r.dropped);
  {
    const auto& t = d.columns[d.column(o.treatment)];
    std::set<std::string> values;
    for (std::size_t i = 0; i < d.rows(); ++i) values.insert(text_of(t, i));
    if (values.size() != 2 || (t.quantitative && values != std::set<std::string>{"0", "1"})) {
      reject(o.treatment, fmt::format("the treatment '{}' takes {} value(s) in the complete rows: it must take two "
                                      "(0 and 1, or two categories, the second in sorted order being treated)",
                                      o.treatment, values.size()));
    }
  }
  RegressionOptions ro;
  ro.outcome = o.treatment;
  ro.predictors = o.covariates;
  ro.logistic = true;
  r.model = regress(d, ro);
  const auto& treat = d.columns[d.column(o.treatment)];
  const auto n = d.rows();
  r.names = d.row_names;
  r.treated.resize(n);
  for (std::size_t i = 0; i < n; ++i) r.treated[i] = text_of(treat, i) == r.model.positive;
  r.n_treated = static_cast<std::size_t>(std::count(r.treated.begin(), r.treated.end(), true));
  r.n_control = n - r.n_treated;
  r.distance = r.model.fitted;
  if (o.caliper > 0) {
    const double mean = std::accumulate(r.distance.begin(), r.distance.end(), 0.0) / static_cast<double>(n);
    double ss = 0;
    for (const double v : r.distance) ss += (v - mean) * (v - mean);
    r.caliper = o.caliper * std::sqrt(ss / static_cast<double>(n - 1));
  }
  std::vector<std::string> stratum(n);
  for (const auto& e : o.exact) {
    const auto& c = d.columns[d.column(e)];
    for (std::size_t i = 0; i < n; ++i) stratum[i] += text_of(c, i) + "\x1f";
  }
  r.match.assign(n, none);
  nearest(r, stratum, o.replace);
  weigh(r);
  if (r.treated_matched == 0) {
    reject(o.exact.empty() ? "--caliper" : "--exact",
           fmt::format("no treated unit found a control ({} treated, {} controls){}", r.n_treated, r.n_control,
                       o.caliper > 0 ? fmt::format(": widen the caliper ({} SD = {:.4g})", o.caliper, r.caliper) : ""));
  }
  balance(r, d, o.covariates);
  r.level = o.level;
  r.seed = o.seed;
  r.att_low = r.att_high = nan;
  if (!o.outcome.empty()) effect(r, d, o);
  if (r.dropped > 0) r.warnings.push_back(fmt::format("{} row(s) with a missing value left out", r.dropped));
  if (r.treated_matched < r.n_treated) {
    r.warnings.push_back(
        fmt::format("{} of {} treated units found no control{} and are left out: the effect is on "
                    "the treated units matched only",
                    r.n_treated - r.treated_matched, r.n_treated,
                    o.caliper > 0 ? fmt::format(" within the caliper ({:.4g})", r.caliper) : ""));
  }
  for (const auto& b : r.balance) {
    if (b.term != "distance" && std::abs(b.smd_matched) > 0.1) {
      r.warnings.push_back(
          fmt::format("{} stays imbalanced after matching: standardised mean difference {:.3f} "
                      "(above 0.1)",
                      b.term, b.smd_matched));
    }
  }
  state(r);
  return r;
}

}  // namespace fabscope::analysis
