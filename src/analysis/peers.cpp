// Peers (docs/analysis/peers.md).
#include "analysis/peers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "analysis/archetypes.hpp"

namespace fabscope::analysis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double mean_or_nan(double sum, std::size_t n) { return n == 0 ? nan : sum / static_cast<double>(n); }

// Over the variables known for both: kind 0/1, equipment 1 − Jaccard.
double model_distance(const PeerInput& in, std::size_t i, std::size_t j) {
  double sum = 0;
  std::size_t n = 0;
  if (!in.kind.empty() && !in.kind[i].empty() && !in.kind[j].empty()) {
    sum += in.kind[i] == in.kind[j] ? 0 : 1;
    ++n;
  }
  if (!in.equipment.empty() && !in.equipment[i].empty() && !in.equipment[j].empty()) {
    const auto& a = in.equipment[i];
    const auto& b = in.equipment[j];
    std::size_t both = 0;
    for (const auto& x : a) both += b.count(x);
    sum += 1 - static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
    ++n;
  }
  return mean_or_nan(sum, n);
}

// Gower: |x_i − x_j| / range, over the variables known for both.
double territory_distance(const PeerInput& in, const std::vector<double>& range, std::size_t i, std::size_t j) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t v = 0; v < in.territory.size(); ++v) {
    const double a = in.territory[v][i], b = in.territory[v][j];
    if (range[v] > 0 && !std::isnan(a) && !std::isnan(b)) {
      sum += std::abs(a - b) / range[v];
      ++n;
    }
  }
  return mean_or_nan(sum, n);
}

// 100 × (below + ½ equal) / n over the defined values, NaN when none or `x` is undefined.
double percentile_of(double x, const std::vector<double>& others, bool higher_is_below) {
  if (std::isnan(x)) return nan;
  double score = 0;
  std::size_t n = 0;
  for (const double v : others) {
    if (std::isnan(v)) continue;
    ++n;
    if (v == x) {
      score += 0.5;
    } else if (higher_is_below ? v > x : v < x) {
      score += 1;
    }
  }
  return n == 0 ? nan : 100 * score / static_cast<double>(n);
}

}  // namespace

PeerResult peers(PeerInput in, const PeerOptions& o) {
  if (o.k < 1) reject("--k", "at least one peer");
  if (!(o.model_weight >= 0 && o.territory_weight >= 0) || o.model_weight + o.territory_weight <= 0) {
    reject("--weights", "the model and territory weights are non-negative, not both zero");
  }
  const auto n = in.names.size();
  std::vector<double> range(in.territory.size(), 0);
  for (std::size_t v = 0; v < in.territory.size(); ++v) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const double x : in.territory[v]) {
      if (std::isnan(x)) continue;
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
    range[v] = hi > lo ? hi - lo : 0;
  }
  PeerResult r;
  r.options = o;
  r.units.resize(n);
  std::vector<std::vector<double>> terr(n, std::vector<double>(n, nan));
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<Peer> candidates;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      Peer p{j, nan, model_distance(in, i, j), territory_distance(in, range, i, j)};
      terr[i][j] = p.territory;
      double sum = 0, weight = 0;
      if (!std::isnan(p.model)) {
        sum += o.model_weight * p.model;
        weight += o.model_weight;
      }
      if (!std::isnan(p.territory)) {
        sum += o.territory_weight * p.territory;
        weight += o.territory_weight;
      }
      if (weight <= 0) continue;
      p.distance = sum / weight;
      candidates.push_back(p);
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Peer& a, const Peer& b) { return a.distance < b.distance; });
    if (candidates.size() > o.k) candidates.resize(o.k);
    auto& u = r.units[i];
    u.peers = std::move(candidates);
    for (const auto& values : in.indicators) {
      std::vector<double> others;
      for (const auto& p : u.peers) others.push_back(values[p.unit]);
      u.percentile.push_back(percentile_of(values[i], others, false));
    }
  }
  // Territorial fit: the mean territorial distance to the others of the same archetype, and
  // the share of them whose own mean is larger (less typical).
  for (auto& u : r.units) u.fit_distance = u.fit_percentile = nan;
  if (!in.archetype.empty()) {
    for (std::size_t i = 0; i < n; ++i) {
      if (in.archetype[i].empty()) continue;
      double sum = 0;
      std::size_t count = 0;
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i || in.archetype[j] != in.archetype[i]) continue;
        ++r.units[i].same_archetype;
        if (!std::isnan(terr[i][j])) {
          sum += terr[i][j];
          ++count;
        }
      }
      r.units[i].fit_distance = mean_or_nan(sum, count);
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (in.archetype[i].empty()) continue;
      std::vector<double> others;
      for (std::size_t j = 0; j < n; ++j) {
        if (j != i && in.archetype[j] == in.archetype[i]) others.push_back(r.units[j].fit_distance);
      }
      r.units[i].fit_percentile = percentile_of(r.units[i].fit_distance, others, true);
    }
  }
  r.input = std::move(in);
  return r;
}

PeerInput peer_input(const DataSet& data, const std::vector<std::string>& model,
                     const std::vector<std::string>& territory, const std::vector<std::string>& indicators,
                     const std::string& archetype) {
  PeerInput in;
  in.names = data.row_names;
  const auto profiles = profiles_of(data);
  for (const auto& m : model) {
    const auto& c = data.columns[data.column(m)];
    if (m == "kind") {
      if (c.quantitative) reject(m, "kind is a category");
      in.kind = c.labels;
    } else if (m == "equipment") {
      for (const auto& p : profiles) {
        const auto it = p.sets.find("equipment");
        in.equipment.push_back(it == p.sets.end() ? std::set<std::string>{} : it->second);
      }
    } else {
      reject("--model", fmt::format("'{}': the model variables are kind and equipment", m));
    }
  }
  const auto numbers = [&](const std::string& name) {
    const auto& c = data.columns[data.column(name)];
    if (!c.quantitative) reject(name, fmt::format("'{}' must be numeric", name));
    return c.values;
  };
  for (const auto& t : territory) {
    in.territory_names.push_back(t);
    in.territory.push_back(numbers(t));
  }
  for (const auto& t : indicators) {
    in.indicator_names.push_back(t);
    in.indicators.push_back(numbers(t));
  }
  if (!archetype.empty()) {
    const auto& c = data.columns[data.column(archetype)];
    if (c.quantitative) reject(archetype, "the archetype is a category");
    in.archetype = c.labels;
  }
  return in;
}

}  // namespace fabscope::analysis
