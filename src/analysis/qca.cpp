// QCA (docs/analysis/qca.md). The minimisation enumerates every implicant of the
// configuration space once (a condition is a level or absent), marks those whose minterms
// are all allowed, keeps the prime ones, and covers the positive rows with as few primes as
// possible by branch and bound, listing every equally short cover.
#include "analysis/qca.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <set>

namespace fabscope::analysis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double tolerance = 1.4901161193847656e-08;  // R's sqrt(.Machine$double.eps), as QCA's agteb
constexpr std::uint64_t max_rows = 1U << 16U;
constexpr std::uint64_t max_implicants = 14348907;  // 3^15
constexpr std::size_t max_nodes = 200000;           // per connected component of the chart
constexpr std::size_t max_listed = 10;              // warnings of one kind listed before "and N more"
constexpr std::size_t max_models = 64;

bool at_least(double x, double cut) { return x >= cut || std::abs(x - cut) < tolerance; }

// The conditions and the outcome as memberships, one vector per condition.
struct Sets {
  std::vector<std::string> names;
  std::vector<int> levels;
  std::vector<std::vector<double>> x;  // [condition][case]
  std::vector<double> y;
  std::vector<std::string> cases;
  bool brackets = false;  // multi-value notation: A[1]
};

// One literal of a parsed expression: condition `j` at `level`, or not at it.
struct Literal {
  std::size_t j = 0;
  int level = 1;
  bool negated = false;
};
using Product = std::vector<Literal>;

double literal(const Sets& s, const Literal& l, std::size_t i) {
  const double v = s.x[l.j][i];
  double m = 0;
  if (s.levels[l.j] == 2) {
    m = l.level == 1 ? v : 1 - v;
  } else {
    m = std::lround(v) == l.level ? 1 : 0;
  }
  return l.negated ? 1 - m : m;
}

std::vector<double> membership(const Sets& s, const std::vector<Product>& sum) {
  std::vector<double> out(s.y.size(), 0);
  for (std::size_t i = 0; i < out.size(); ++i) {
    double best = 0;
    for (const auto& p : sum) {
      double m = 1;
      for (const auto& l : p) m = std::min(m, literal(s, l, i));
      best = std::max(best, m);
    }
    out[i] = best;
  }
  return out;
}

// A*~B + C[2]: sums of products of literals in R QCA's notation.
std::vector<Product> parse(const std::string& text, const Sets& s, const std::string& field) {
  std::vector<Product> sum;
  Product product;
  std::size_t p = 0;
  const auto bad = [&](const std::string& why) {
    reject(field,
           fmt::format("'{}' is not an expression in QCA's notation (A*~B + C): {} at character {}", text, why, p + 1));
  };
  const auto blank = [&] {
    while (p < text.size() && text[p] == ' ') ++p;
  };
  for (;;) {
    blank();
    bool negated = false;
    if (p < text.size() && text[p] == '~') {
      negated = true;
      ++p;
      blank();
    }
    const auto start = p;
    while (p < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[p])) != 0 || text[p] == '_' || text[p] == '.')) {
      ++p;
    }
    if (p == start) bad("a condition's name is expected");
    const std::string name = text.substr(start, p - start);
    const auto it = std::find(s.names.begin(), s.names.end(), name);
    if (it == s.names.end()) {
      reject(field, fmt::format("'{}' names no condition; the conditions are {}", name, fmt::join(s.names, ", ")));
    }
    Literal l{static_cast<std::size_t>(it - s.names.begin()), 1, negated};
    if (p < text.size() && text[p] == '[') {
      const auto close = text.find(']', p);
      if (close == std::string::npos) bad("']' is missing");
      const auto digits = text.substr(p + 1, close - p - 1);
      if (digits.empty() || digits.size() > 3 ||
          !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        bad("a level is a whole number");
      }
      l.level = std::stoi(digits);
      if (l.level >= s.levels[l.j]) {
        reject(field, fmt::format("{} has levels 0 to {}, not {}", name, s.levels[l.j] - 1, l.level));
      }
      p = close + 1;
    } else if (s.levels[l.j] > 2) {
      reject(field, fmt::format("{} is multi-value: write {}[level]", name, name));
    }
    product.push_back(l);
    blank();
    if (p == text.size()) break;
    if (text[p] == '*') {
      ++p;
    } else if (text[p] == '+') {
      ++p;
      sum.push_back(std::move(product));
      product.clear();
    } else {
      bad(fmt::format("'{}' is unexpected", text[p]));
    }
  }
  sum.push_back(std::move(product));
  return sum;
}

double sum_min(const std::vector<double>& a, const std::vector<double>& b) {
  double t = 0;
  for (std::size_t i = 0; i < a.size(); ++i) t += std::min(a[i], b[i]);
  return t;
}

double total(const std::vector<double>& a) { return std::accumulate(a.begin(), a.end(), 0.0); }

// Consistency, coverage and PRI of x ⊆ y.
Fit sufficiency_fit(const std::vector<double>& x, const std::vector<double>& y) {
  double both = 0, sx = 0, sy = 0, neg = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double m = std::min(x[i], y[i]);
    both += m;
    sx += x[i];
    sy += y[i];
    neg += std::min(m, 1 - y[i]);
  }
  Fit f;
  f.consistency = sx > 0 ? both / sx : nan;
  f.coverage = sy > 0 ? both / sy : nan;
  f.relevance = sx - neg > 0 ? (both - neg) / (sx - neg) : nan;
  return f;
}

// Consistency, coverage and relevance of y ⊆ x.
Fit necessity_fit(const std::vector<double>& x, const std::vector<double>& y) {
  double both = 0, sx = 0, sy = 0, not_x = 0, not_both = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double m = std::min(x[i], y[i]);
    both += m;
    sx += x[i];
    sy += y[i];
    not_x += 1 - x[i];
    not_both += 1 - m;
  }
  Fit f;
  f.consistency = sy > 0 ? both / sy : nan;
  f.coverage = sx > 0 ? both / sx : nan;
  f.relevance = not_both > 0 ? not_x / not_both : nan;
  return f;
}

// The memberships of a DataSet's columns, each checked: crisp, fuzzy, or multi-value levels.
Sets sets_of(const DataSet& data, const std::vector<std::string>& conditions, const std::string& outcome,
             const std::vector<Calibration>& calibrations) {
  Sets s;
  s.cases = data.row_names;
  const auto values = [&](const std::string& name) {
    const auto& c = data.columns[data.column(name)];
    if (!c.quantitative) reject(name, "QCA needs numbers: memberships in [0, 1] or multi-value levels 0, 1, 2 …");
    auto v = c.values;
    for (const auto& cal : calibrations) {
      if (cal.column == name) v = calibrate(v, cal);
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (std::isnan(v[i])) {
        reject(name, fmt::format("case {} has no value: QCA needs every membership (drop the case or fill it)",
                                 data.row_names[i]));
      }
    }
    return v;
  };
  for (const auto& name : conditions) {
    auto v = values(name);
    const bool unit = std::all_of(v.begin(), v.end(), [](double a) { return a >= 0 && a <= 1; });
    const bool whole = std::all_of(v.begin(), v.end(), [](double a) { return a >= 0 && a == std::floor(a); });
    if (!unit && !whole) {
      const auto bad = *std::find_if(v.begin(), v.end(), [](double a) { return a < 0 || a > 1; });
      reject(name, fmt::format("{} is neither a membership in [0, 1] nor a multi-value level: calibrate the column "
                               "(--calibrate {}=exclusion,crossover,inclusion)",
                               bad, name));
    }
    int levels = 2;
    if (!unit) levels = static_cast<int>(*std::max_element(v.begin(), v.end())) + 1;
    if (levels > 1000) reject(name, fmt::format("{} levels is too many for a multi-value condition", levels));
    s.names.push_back(name);
    s.levels.push_back(levels);
    s.brackets = s.brackets || levels > 2;
    s.x.push_back(std::move(v));
  }
  s.y = values(outcome);
  for (const double a : s.y) {
    if (a < 0 || a > 1) reject(outcome, fmt::format("the outcome's membership {} is outside [0, 1]", a));
  }
  return s;
}

// Implicants in mixed radix: digit j is a level of condition j, or levels[j] for "absent".
struct Space {
  std::vector<int> levels;
  std::vector<std::uint64_t> stride;   // of the implicant codes (base levels + 1)
  std::vector<std::uint64_t> mstride;  // of the minterms (base levels)
  std::uint64_t codes = 1, minterms = 1;
  explicit Space(std::vector<int> l) : levels(std::move(l)) {
    const auto k = levels.size();
    stride.assign(k, 1);
    mstride.assign(k, 1);
    for (std::size_t j = k; j-- > 0;) {
      stride[j] = codes;
      mstride[j] = minterms;
      codes *= static_cast<std::uint64_t>(levels[j]) + 1;
      minterms *= static_cast<std::uint64_t>(levels[j]);
    }
  }
  [[nodiscard]] std::vector<int> digits(std::uint64_t code) const {
    std::vector<int> d(levels.size());
    for (std::size_t j = 0; j < d.size(); ++j) {
      const auto base = static_cast<std::uint64_t>(levels[j]) + 1;
      d[j] = static_cast<int>((code / stride[j]) % base);
    }
    return d;
  }
  [[nodiscard]] std::vector<int> configuration(std::uint64_t minterm) const {
    std::vector<int> d(levels.size());
    for (std::size_t j = 0; j < d.size(); ++j) {
      d[j] = static_cast<int>((minterm / mstride[j]) % static_cast<std::uint64_t>(levels[j]));
    }
    return d;
  }
  // The minterms of an implicant (values: level or -1).
  [[nodiscard]] std::vector<std::uint64_t> expand(const std::vector<int>& values) const {
    std::vector<std::uint64_t> out{0};
    for (std::size_t j = 0; j < values.size(); ++j) {
      std::vector<std::uint64_t> next;
      for (int v = 0; v < levels[j]; ++v) {
        if (values[j] >= 0 && values[j] != v) continue;
        for (const auto m : out) next.push_back(m + static_cast<std::uint64_t>(v) * mstride[j]);
      }
      out = std::move(next);
    }
    return out;
  }
};

std::vector<int> values_of(const Space& space, std::uint64_t code) {
  auto d = space.digits(code);
  for (std::size_t j = 0; j < d.size(); ++j) {
    if (d[j] == space.levels[j]) d[j] = -1;
  }
  return d;
}

// The prime implicants of the allowed minterms (1: positive, 2: don't care) that cover at
// least one positive minterm.
std::vector<std::vector<int>> prime_implicants(const Space& space, const std::vector<std::uint8_t>& allowed) {
  constexpr std::uint8_t valid = 1, useful = 2;
  std::vector<std::uint8_t> state(space.codes, 0);
  const auto k = space.levels.size();
  std::vector<int> d(k, 0);
  for (std::uint64_t code = 0; code < space.codes; ++code) {
    std::size_t dash = k;
    std::uint64_t minterm = 0;
    for (std::size_t j = 0; j < k; ++j) {
      if (d[j] == space.levels[j]) {
        if (dash == k) dash = j;
      } else {
        minterm += static_cast<std::uint64_t>(d[j]) * space.mstride[j];
      }
    }
    if (dash == k) {
      const auto a = allowed[minterm];
      state[code] = static_cast<std::uint8_t>((a != 0 ? valid : 0) | (a == 1 ? useful : 0));
    } else {
      std::uint8_t all = valid, any = 0;
      for (int v = 0; v < space.levels[dash]; ++v) {
        const auto s = state[code - static_cast<std::uint64_t>(space.levels[dash] - v) * space.stride[dash]];
        all &= s;
        any |= s;
      }
      state[code] = static_cast<std::uint8_t>((all & valid) | (any & useful));
    }
    for (std::size_t j = k; j-- > 0;) {  // next code, last digit fastest
      if (++d[j] <= space.levels[j]) break;
      d[j] = 0;
    }
  }
  std::vector<std::vector<int>> primes;
  d.assign(k, 0);
  for (std::uint64_t code = 0; code < space.codes; ++code) {
    if (state[code] == (valid | useful)) {
      bool prime = true;
      for (std::size_t j = 0; j < k && prime; ++j) {
        if (d[j] != space.levels[j]) {
          const auto up = code + static_cast<std::uint64_t>(space.levels[j] - d[j]) * space.stride[j];
          prime = (state[up] & valid) == 0;
        }
      }
      if (prime) primes.push_back(values_of(space, code));
    }
    for (std::size_t j = k; j-- > 0;) {
      if (++d[j] <= space.levels[j]) break;
      d[j] = 0;
    }
  }
  return primes;
}

// R QCA's order of terms: fewer literals first, then by the implicant matrix where absent
// is 0 and level v is v + 1, larger first.
bool term_before(const std::vector<int>& a, const std::vector<int>& b) {
  const auto literals = [](const std::vector<int>& v) {
    return std::count_if(v.begin(), v.end(), [](int x) { return x >= 0; });
  };
  const auto la = literals(a), lb = literals(b);
  if (la != lb) return la < lb;
  return b < a;  // -1 (absent) sorts below every level, as 0 below v + 1
}

// The prime implicant chart of one connected component: which primes cover which minterms
// (local indices). Every cover with the fewest primes, by branch and bound: branch on the
// uncovered minterm with the fewest primes; bound by a set of uncovered minterms no two of
// which share a prime (each needs its own).
struct Chart {
  std::vector<std::vector<std::size_t>> by_prime;    // prime -> minterms
  std::vector<std::vector<std::size_t>> by_minterm;  // minterm -> primes
  std::size_t best = std::numeric_limits<std::size_t>::max(), nodes = 0, limit = 0;
  std::set<std::vector<std::size_t>> found;
  bool exhaustive = true;

  std::size_t lower_bound(const std::vector<int>& covered) const {
    std::vector<char> used(by_prime.size(), 0);
    std::size_t bound = 0;
    for (std::size_t m = 0; m < by_minterm.size(); ++m) {
      if (covered[m] > 0) continue;
      const auto& ps = by_minterm[m];
      if (std::none_of(ps.begin(), ps.end(), [&](std::size_t p) { return used[p] != 0; })) {
        ++bound;
        for (const auto p : ps) used[p] = 1;
      }
    }
    return bound;
  }

  void search(std::vector<int>& covered, std::vector<std::size_t>& chosen) {
    if (++nodes > limit) {
      exhaustive = false;
      return;
    }
    std::size_t pick = by_minterm.size(), fewest = std::numeric_limits<std::size_t>::max();
    for (std::size_t m = 0; m < by_minterm.size(); ++m) {
      if (covered[m] == 0 && by_minterm[m].size() < fewest) {
        fewest = by_minterm[m].size();
        pick = m;
      }
    }
    if (pick == by_minterm.size()) {
      if (chosen.size() < best) {
        best = chosen.size();
        found.clear();
      }
      if (found.size() < max_models) {
        auto sorted = chosen;
        std::sort(sorted.begin(), sorted.end());
        found.insert(sorted);
      }
      return;
    }
    if (chosen.size() + lower_bound(covered) > best) return;
    auto options = by_minterm[pick];
    const auto gain = [&](std::size_t p) {
      return std::count_if(by_prime[p].begin(), by_prime[p].end(), [&](std::size_t m) { return covered[m] == 0; });
    };
    std::stable_sort(options.begin(), options.end(), [&](std::size_t a, std::size_t b) { return gain(a) > gain(b); });
    for (const auto p : options) {
      for (const auto m : by_prime[p]) ++covered[m];
      chosen.push_back(p);
      search(covered, chosen);
      chosen.pop_back();
      for (const auto m : by_prime[p]) --covered[m];
      if (!exhaustive) return;
    }
  }

  // Every shortest cover; when the search exceeds `node_limit`, one shortest cover of the
  // chart reduced by dominance (exhaustive = false); when that search exceeds it too, a
  // greedy cover (minimal = false).
  std::vector<std::vector<std::size_t>> solve(std::size_t node_limit) {
    limit = node_limit;
    std::vector<int> covered(by_minterm.size(), 0);
    std::vector<std::size_t> chosen;
    search(covered, chosen);
    if (exhaustive) return {found.begin(), found.end()};
    return {reduced_minimum(node_limit)};
  }

  bool minimal = true;

 private:
  static bool subset(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    return std::includes(b.begin(), b.end(), a.begin(), a.end());
  }

  // Essential primes, dominated rows (a minterm whose primes include another's) and dominated
  // primes (covering a subset of another's minterms) removed until nothing changes; then
  // the search for one shortest cover of what is left (dropping dominated primes keeps at
  // least one shortest cover, not every one).
  // Marks what the reduction removes (alive_m, alive_p) and lists the primes it takes.
  void reduce(std::vector<char>& alive_m, std::vector<char>& alive_p, std::vector<std::size_t>& taken) const {
    const auto nm = by_minterm.size(), np = by_prime.size();
    const auto minterms_of = [&](std::size_t p) {
      std::vector<std::size_t> v;
      for (const auto m : by_prime[p]) {
        if (alive_m[m] != 0) v.push_back(m);
      }
      std::sort(v.begin(), v.end());
      return v;
    };
    const auto primes_of = [&](std::size_t m) {
      std::vector<std::size_t> v;
      for (const auto p : by_minterm[m]) {
        if (alive_p[p] != 0) v.push_back(p);
      }
      std::sort(v.begin(), v.end());
      return v;
    };
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t m = 0; m < nm; ++m) {
        if (alive_m[m] == 0) continue;
        const auto ps = primes_of(m);
        if (ps.size() != 1) continue;
        taken.push_back(ps[0]);
        alive_p[ps[0]] = 0;
        for (const auto q : by_prime[ps[0]]) alive_m[q] = 0;
        changed = true;
      }
      std::vector<std::vector<std::size_t>> cover(np);
      for (std::size_t p = 0; p < np; ++p) {
        if (alive_p[p] == 0) continue;
        cover[p] = minterms_of(p);
        if (cover[p].empty()) alive_p[p] = 0;
      }
      for (std::size_t p = 0; p < np; ++p) {
        for (std::size_t q = 0; q < np && alive_p[p] != 0; ++q) {
          if (q == p || alive_p[q] == 0 || cover[p].size() > cover[q].size()) continue;
          if (subset(cover[p], cover[q]) && (cover[p].size() < cover[q].size() || q < p)) {
            alive_p[p] = 0;
            changed = true;
          }
        }
      }
      std::vector<std::vector<std::size_t>> rows(nm);
      for (std::size_t m = 0; m < nm; ++m) {
        if (alive_m[m] != 0) rows[m] = primes_of(m);
      }
      for (std::size_t b = 0; b < nm; ++b) {
        for (std::size_t a = 0; a < nm && alive_m[b] != 0; ++a) {
          if (a == b || alive_m[a] == 0 || rows[a].size() > rows[b].size()) continue;
          if (subset(rows[a], rows[b]) && (rows[a].size() < rows[b].size() || a < b)) {
            alive_m[b] = 0;
            changed = true;
          }
        }
      }
    }
  }

  // One shortest cover of each connected part of a chart (local prime indices).
  std::vector<std::size_t> solve_parts(const Chart& rest, std::size_t count, std::size_t node_limit) {
    std::vector<std::size_t> parent(count);
    std::iota(parent.begin(), parent.end(), 0);
    const auto root = [&](std::size_t x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (const auto& ms : rest.by_prime) {
      for (std::size_t i = 1; i < ms.size(); ++i) parent[root(ms[i])] = root(ms[0]);
    }
    std::map<std::size_t, std::vector<std::size_t>> parts;
    for (std::size_t m = 0; m < count; ++m) parts[root(m)].push_back(m);
    std::vector<std::size_t> pick;
    for (const auto& [r, ms] : parts) {
      Chart part;
      std::map<std::size_t, std::size_t> lm, lp;
      std::vector<std::size_t> back;
      for (const auto m : ms) lm[m] = lm.size();
      part.by_minterm.resize(ms.size());
      for (const auto m : ms) {
        for (const auto p : rest.by_minterm[m]) {
          auto [it, added] = lp.try_emplace(p, back.size());
          if (added) {
            back.push_back(p);
            part.by_prime.emplace_back();
            for (const auto q : rest.by_prime[p]) part.by_prime.back().push_back(lm.at(q));
          }
          part.by_minterm[lm.at(m)].push_back(it->second);
        }
      }
      part.limit = node_limit;
      std::vector<int> covered(ms.size(), 0);
      std::vector<std::size_t> chosen;
      part.search(covered, chosen);
      std::vector<std::size_t> local;
      if (!part.found.empty()) {
        local = *part.found.begin();
        minimal = minimal && part.exhaustive;
      } else {
        minimal = false;
        local = part.greedy();
      }
      for (const auto p : local) pick.push_back(back[p]);
    }
    return pick;
  }

  std::vector<std::size_t> reduced_minimum(std::size_t node_limit) {
    const auto nm = by_minterm.size(), np = by_prime.size();
    std::vector<char> alive_m(nm, 1), alive_p(np, 1);
    std::vector<std::size_t> taken;
    reduce(alive_m, alive_p, taken);
    Chart rest;
    std::vector<std::size_t> local_m(nm, 0), global;
    std::vector<std::size_t> local_p(np, np);
    std::size_t count = 0;
    for (std::size_t m = 0; m < nm; ++m) {
      if (alive_m[m] != 0) local_m[m] = count++;
    }
    rest.by_minterm.resize(count);
    for (std::size_t p = 0; p < np; ++p) {
      if (alive_p[p] == 0) continue;
      local_p[p] = global.size();
      global.push_back(p);
      rest.by_prime.emplace_back();
      for (const auto m : by_prime[p]) {
        if (alive_m[m] == 0) continue;
        rest.by_prime.back().push_back(local_m[m]);
        rest.by_minterm[local_m[m]].push_back(local_p[p]);
      }
    }
    // The reduced chart often falls apart: one shortest cover of each connected part.
    auto pick = solve_parts(rest, count, node_limit);
    for (auto& p : pick) p = global[p];
    taken.insert(taken.end(), pick.begin(), pick.end());
    return taken;
  }

  // The prime covering most of what is left, until nothing is.
  std::vector<std::size_t> greedy() const {
    std::vector<std::size_t> out;
    std::vector<int> covered(by_minterm.size(), 0);
    for (;;) {
      std::size_t best_p = 0, gain = 0;
      for (std::size_t p = 0; p < by_prime.size(); ++p) {
        const auto g = static_cast<std::size_t>(
            std::count_if(by_prime[p].begin(), by_prime[p].end(), [&](std::size_t m) { return covered[m] == 0; }));
        if (g > gain) {
          gain = g;
          best_p = p;
        }
      }
      if (gain == 0) break;
      out.push_back(best_p);
      for (const auto m : by_prime[best_p]) ++covered[m];
    }
    // Then drop, latest first, every prime whose minterms the others cover too.
    for (std::size_t k = out.size(); k-- > 0;) {
      const auto& ms = by_prime[out[k]];
      if (std::all_of(ms.begin(), ms.end(), [&](std::size_t m) { return covered[m] > 1; })) {
        for (const auto m : ms) --covered[m];
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(k));
      }
    }
    return out;
  }
};

// The shortest covers of `on` by `primes`: essential primes first, then each connected
// component of what is left on its own, the models being the products of the components'
// covers (up to max_models). exhaustive = false when a component's search exceeded its bound.
std::vector<std::vector<std::vector<int>>> shortest_covers(const Space& space,
                                                           const std::vector<std::vector<int>>& primes,
                                                           const std::vector<std::uint64_t>& on, bool& exhaustive,
                                                           bool& minimal) {
  std::map<std::uint64_t, std::size_t> index;
  for (std::size_t i = 0; i < on.size(); ++i) index[on[i]] = i;
  std::vector<std::vector<std::size_t>> by_prime(primes.size());
  std::vector<std::vector<std::size_t>> by_minterm(on.size());
  for (std::size_t p = 0; p < primes.size(); ++p) {
    for (const auto m : space.expand(primes[p])) {
      const auto it = index.find(m);
      if (it == index.end()) continue;
      by_prime[p].push_back(it->second);
      by_minterm[it->second].push_back(p);
    }
  }
  // Essential primes: the only cover of some minterm.
  std::vector<char> covered(on.size(), 0), essential(primes.size(), 0);
  std::vector<std::size_t> fixed;
  for (std::size_t m = 0; m < on.size(); ++m) {
    if (by_minterm[m].size() == 1 && essential[by_minterm[m][0]] == 0) {
      essential[by_minterm[m][0]] = 1;
      fixed.push_back(by_minterm[m][0]);
    }
  }
  for (const auto p : fixed) {
    for (const auto m : by_prime[p]) covered[m] = 1;
  }
  // Connected components of the uncovered minterms (linked by a shared prime).
  std::vector<std::size_t> parent(on.size());
  std::iota(parent.begin(), parent.end(), 0);
  const std::function<std::size_t(std::size_t)> root = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (std::size_t p = 0; p < primes.size(); ++p) {
    std::size_t first = on.size();
    for (const auto m : by_prime[p]) {
      if (covered[m] != 0) continue;
      if (first == on.size()) {
        first = m;
      } else {
        parent[root(m)] = root(first);
      }
    }
  }
  std::map<std::size_t, std::vector<std::size_t>> components;
  for (std::size_t m = 0; m < on.size(); ++m) {
    if (covered[m] == 0) components[root(m)].push_back(m);
  }
  std::vector<std::vector<std::size_t>> models{fixed};
  exhaustive = true;
  minimal = true;
  for (const auto& [r, minterms] : components) {
    Chart chart;
    std::map<std::size_t, std::size_t> local_m, local_p;
    std::vector<std::size_t> global_p;
    for (const auto m : minterms) local_m[m] = local_m.size();
    chart.by_minterm.resize(minterms.size());
    for (const auto m : minterms) {
      for (const auto p : by_minterm[m]) {
        auto [it, added] = local_p.try_emplace(p, global_p.size());
        if (added) {
          global_p.push_back(p);
          chart.by_prime.emplace_back();
          for (const auto q : by_prime[p]) {
            if (covered[q] == 0) chart.by_prime.back().push_back(local_m.at(q));
          }
        }
        chart.by_minterm[local_m.at(m)].push_back(it->second);
      }
    }
    const auto covers = chart.solve(max_nodes);
    exhaustive = exhaustive && chart.exhaustive;
    minimal = minimal && chart.minimal;
    std::vector<std::vector<std::size_t>> next;
    for (const auto& model : models) {
      for (const auto& c : covers) {
        if (next.size() == max_models) break;
        auto extended = model;
        for (const auto p : c) extended.push_back(global_p[p]);
        next.push_back(std::move(extended));
      }
    }
    models = std::move(next);
  }
  std::vector<std::vector<std::vector<int>>> out;
  for (const auto& pick : models) {
    if (pick.empty()) continue;
    std::vector<std::vector<int>> terms;
    terms.reserve(pick.size());
    for (const auto p : pick) terms.push_back(primes[p]);
    std::sort(terms.begin(), terms.end(), term_before);
    out.push_back(std::move(terms));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), term_before);
  });
  return out;
}

std::string term_text(const Sets& s, const std::vector<int>& values) {
  std::vector<std::string> parts;
  for (std::size_t j = 0; j < values.size(); ++j) {
    if (values[j] < 0) continue;
    if (s.brackets) {
      parts.push_back(fmt::format("{}[{}]", s.names[j], values[j]));
    } else {
      parts.push_back(values[j] == 1 ? s.names[j] : "~" + s.names[j]);
    }
  }
  return parts.empty() ? "1" : fmt::format("{}", fmt::join(parts, "*"));
}

Product product_of(const std::vector<int>& values) {
  Product p;
  for (std::size_t j = 0; j < values.size(); ++j) {
    if (values[j] >= 0) p.push_back({j, values[j], false});
  }
  return p;
}

bool covers_row(const std::vector<int>& values, const std::vector<int>& configuration) {
  for (std::size_t j = 0; j < values.size(); ++j) {
    if (values[j] >= 0 && values[j] != configuration[j]) return false;
  }
  return true;
}

// Terms, fits and cases of the models of one solution.
QcaModel fit_model(const Sets& s, const std::vector<TruthRow>& rows, const std::vector<std::vector<int>>& terms) {
  QcaModel m;
  std::vector<std::vector<double>> member;
  member.reserve(terms.size());
  for (const auto& t : terms) member.push_back(membership(s, {product_of(t)}));
  std::vector<double> all(s.y.size(), 0);
  for (const auto& v : member) {
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = std::max(all[i], v[i]);
  }
  // The largest and second largest membership of each case over the terms: the model
  // without term t is the largest, or the second when t is the largest.
  std::vector<double> second(s.y.size(), 0);
  std::vector<std::size_t> top(s.y.size(), terms.size());
  for (std::size_t t = 0; t < member.size(); ++t) {
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (top[i] == terms.size() || member[t][i] > member[top[i]][i]) {
        if (top[i] != terms.size()) second[i] = member[top[i]][i];
        top[i] = t;
      } else {
        second[i] = std::max(second[i], member[t][i]);
      }
    }
  }
  const double sy = total(s.y);
  const double covered = sum_min(all, s.y);
  std::vector<std::string> texts;
  for (std::size_t t = 0; t < terms.size(); ++t) {
    QcaTerm term;
    term.values = terms[t];
    term.expression = term_text(s, terms[t]);
    const auto f = sufficiency_fit(member[t], s.y);
    term.consistency = f.consistency;
    term.pri = f.relevance;
    term.raw_coverage = f.coverage;
    std::vector<double> others(s.y.size(), 0);
    for (std::size_t i = 0; i < others.size(); ++i) others[i] = top[i] == t ? second[i] : all[i];
    term.unique_coverage = sy > 0 ? (covered - sum_min(others, s.y)) / sy : nan;
    for (const auto& r : rows) {
      if (r.out == '1' && covers_row(terms[t], r.configuration)) term.cases.push_back(r.cases);
    }
    texts.push_back(term.expression);
    m.terms.push_back(std::move(term));
  }
  m.expression = fmt::format("{}", fmt::join(texts, " + "));
  const auto f = sufficiency_fit(all, s.y);
  m.consistency = f.consistency;
  m.pri = f.relevance;
  m.coverage = f.coverage;
  return m;
}

// The remainders that the terms of a model cover (R's simplifying assumptions).
std::vector<std::uint64_t> assumptions(const Space& space, const std::vector<TruthRow>& rows,
                                       const std::vector<std::vector<int>>& terms) {
  std::set<std::uint64_t> out;
  for (const auto& t : terms) {
    for (const auto m : space.expand(t)) {
      if (rows[m].out == '?') out.insert(m);
    }
  }
  return {out.begin(), out.end()};
}

QcaSolution solve(const Sets& s, const Space& space, const std::vector<TruthRow>& rows, bool remainders,
                  const std::string& name) {
  std::vector<std::uint8_t> allowed(space.minterms, 0);
  std::vector<std::uint64_t> on;
  for (const auto& r : rows) {
    if (r.out == '1') {
      allowed[r.minterm] = 1;
      on.push_back(r.minterm);
    } else if (r.out == '?' && remainders) {
      allowed[r.minterm] = 2;
    }
  }
  QcaSolution sol;
  sol.name = name;
  if (on.empty()) return sol;
  const auto primes = prime_implicants(space, allowed);
  for (const auto& terms : shortest_covers(space, primes, on, sol.exhaustive, sol.minimal)) {
    if (remainders && sol.models.empty()) sol.simplifying_assumptions = assumptions(space, rows, terms);
    sol.models.push_back(fit_model(s, rows, terms));
  }
  return sol;
}

// Directional expectations: per condition the expected level, or -1 (none).
std::vector<int> expectations(const Sets& s, const std::vector<std::string>& dir_exp) {
  std::vector<int> e(s.names.size(), -1);
  for (const auto& text : dir_exp) {
    if (text == "-" || text.empty()) continue;
    const auto sum = parse(text, s, "--dir-exp");
    if (sum.size() != 1 || sum[0].size() != 1) {
      reject("--dir-exp", fmt::format("'{}': one condition per expectation (DEV, ~IND, A[2])", text));
    }
    const auto& l = sum[0][0];
    int level = l.level;
    if (l.negated) {
      if (s.levels[l.j] > 2) reject("--dir-exp", fmt::format("'{}': name the expected level, A[k]", text));
      level = 1 - level;
    }
    e[l.j] = level;
  }
  return e;
}

// Intermediate solutions: for each parsimonious model, its simplifying assumptions that
// follow the directional expectations from some positive row (easy counterfactuals) join
// the positive rows, and the shortest cover by primes that imply a term of the model.
std::vector<QcaSolution> intermediate(const Sets& s, const Space& space, const std::vector<TruthRow>& rows,
                                      const QcaSolution& parsimonious, const std::vector<int>& expected) {
  std::vector<QcaSolution> out;
  std::vector<const TruthRow*> positive;
  for (const auto& r : rows) {
    if (r.out == '1') positive.push_back(&r);
  }
  for (std::size_t p = 0; p < parsimonious.models.size(); ++p) {
    std::vector<std::vector<int>> pterms;
    for (const auto& t : parsimonious.models[p].terms) pterms.push_back(t.values);
    QcaSolution sol;
    sol.name = "intermediate";
    sol.from = fmt::format("P{}", p + 1);
    sol.simplifying_assumptions = assumptions(space, rows, pterms);
    std::vector<std::uint8_t> allowed(space.minterms, 0);
    std::vector<std::uint64_t> on;
    for (const auto* r : positive) {
      allowed[r->minterm] = 1;
      on.push_back(r->minterm);
    }
    for (const auto m : sol.simplifying_assumptions) {
      const auto c = space.configuration(m);
      const bool easy = std::any_of(positive.begin(), positive.end(), [&](const TruthRow* r) {
        for (std::size_t j = 0; j < c.size(); ++j) {
          if (c[j] != r->configuration[j] && c[j] != expected[j]) return false;
        }
        return true;
      });
      (easy ? sol.easy : sol.difficult).push_back(m);
      if (easy) allowed[m] = 2;
    }
    auto primes = prime_implicants(space, allowed);
    // Keep the primes that imply a term of the parsimonious model (every literal of the term is theirs).
    std::erase_if(primes, [&](const std::vector<int>& t) {
      return std::none_of(pterms.begin(), pterms.end(), [&](const std::vector<int>& q) {
        for (std::size_t j = 0; j < q.size(); ++j) {
          if (q[j] >= 0 && t[j] != q[j]) return false;
        }
        return true;
      });
    });
    for (const auto& terms : shortest_covers(space, primes, on, sol.exhaustive, sol.minimal)) {
      sol.models.push_back(fit_model(s, rows, terms));
    }
    out.push_back(std::move(sol));
  }
  return out;
}

std::vector<TruthRow> truth_table(const Sets& s, const Space& space, const QcaOptions& o) {
  std::vector<TruthRow> rows(space.minterms);
  for (std::uint64_t m = 0; m < space.minterms; ++m) {
    rows[m].minterm = m;
    rows[m].configuration = space.configuration(m);
    rows[m].consistency = nan;
    rows[m].pri = nan;
  }
  // Each case belongs to the row where its membership exceeds 0.5 (at most one).
  const auto k = s.names.size();
  for (std::size_t i = 0; i < s.y.size(); ++i) {
    std::uint64_t m = 0;
    bool placed = true;
    for (std::size_t j = 0; j < k; ++j) {
      int level = 0;
      if (s.levels[j] == 2) {
        const double v = s.x[j][i];
        if (v == 0.5) placed = false;
        level = v > 0.5 ? 1 : 0;
      } else {
        level = static_cast<int>(std::lround(s.x[j][i]));
      }
      m += static_cast<std::uint64_t>(level) * space.mstride[j];
    }
    if (placed) rows[m].cases.push_back(i);
  }
  for (auto& r : rows) {
    r.n = r.cases.size();
    if (r.n == 0) continue;
    const auto member = membership(s, {product_of(r.configuration)});
    const auto f = sufficiency_fit(member, s.y);
    r.consistency = f.consistency;
    r.pri = f.relevance;
    if (r.n < o.n_cut) {
      r.out = '?';
    } else if (at_least(r.consistency, o.incl_cut[0]) && (o.pri_cut <= 0 || at_least(r.pri, o.pri_cut))) {
      r.out = '1';
    } else if (o.incl_cut.size() > 1 && at_least(r.consistency, o.incl_cut[1])) {
      r.out = 'C';
    } else {
      r.out = '0';
    }
  }
  return rows;
}

std::string case_list(const Sets& s, const std::vector<std::size_t>& cases) {
  std::vector<std::string> names;
  names.reserve(cases.size());
  for (const auto i : cases) names.push_back(s.cases[i]);
  return fmt::format("{}", fmt::join(names, ","));
}

// What the standards of good practice warn about (Schneider & Wagemann 2010).
void warn(const Sets& s, const QcaResult& r, std::vector<std::string>& out) {
  const auto skew = [&](const std::string& name, const std::vector<double>& v) {
    const auto in = std::count_if(v.begin(), v.end(), [](double a) { return a > 0.5; });
    const double share = v.empty() ? 0 : static_cast<double>(in) / static_cast<double>(v.size());
    if (share < 0.2 || share > 0.8) {
      out.push_back(
          fmt::format("skewed membership: {:.0f} % of the cases are in {} (outside 20-80 %): its subset "
                      "relations say little",
                      100 * share, name));
    }
  };
  for (std::size_t j = 0; j < s.names.size(); ++j) {
    if (s.levels[j] == 2) skew(s.names[j], s.x[j]);
  }
  skew(r.outcome, s.y);
  for (std::size_t j = 0; j < s.names.size(); ++j) {
    for (std::size_t i = 0; i < s.y.size(); ++i) {
      if (s.levels[j] == 2 && s.x[j][i] == 0.5) {
        out.push_back(
            fmt::format("case {} has membership 0.5 in {}: it belongs to no row of the truth table "
                        "(recalibrate so no case sits at the crossover)",
                        s.cases[i], s.names[j]));
      }
    }
  }
  std::vector<std::string> row_notes;
  for (const auto& row : r.rows) {
    if (row.n == 0) continue;
    std::vector<std::size_t> deviant;
    for (const auto i : row.cases) {
      if ((row.out == '1' && s.y[i] <= 0.5) || (row.out == '0' && s.y[i] > 0.5)) deviant.push_back(i);
    }
    if (row.out == 'C') {
      row_notes.push_back(
          fmt::format("row {} ({}) is a contradiction: consistency {:.3f} between the two cut-offs; "
                      "it is left out of the minimisation",
                      row.minterm + 1, case_list(s, row.cases), row.consistency));
    } else if (!deviant.empty()) {
      row_notes.push_back(fmt::format("row {} is coded {} but {} of its cases ({}) {} the outcome: a contradictory row",
                                      row.minterm + 1, row.out, deviant.size(), case_list(s, deviant),
                                      row.out == '1' ? "are out of" : "are in"));
    } else if (row.n < r.n_cut) {
      row_notes.push_back(fmt::format("row {} ({}) has {} case(s), fewer than n.cut {}: it is treated as a remainder",
                                      row.minterm + 1, case_list(s, row.cases), row.n, r.n_cut));
    }
  }
  for (std::size_t k = 0; k < row_notes.size() && k < max_listed; ++k) out.push_back(row_notes[k]);
  if (row_notes.size() > max_listed) {
    out.push_back(
        fmt::format("… and {} more rows with a contradiction or too few cases", row_notes.size() - max_listed));
  }
  std::vector<double> not_y(s.y.size());
  for (std::size_t i = 0; i < not_y.size(); ++i) not_y[i] = 1 - s.y[i];
  std::set<std::string> seen;
  std::size_t simultaneous = 0;
  for (const auto* sol : {&r.conservative, &r.parsimonious}) {
    for (const auto& m : sol->models) {
      for (const auto& t : m.terms) {
        if (!seen.insert(t.expression).second) continue;
        const double against = sufficiency_fit(membership(s, {product_of(t.values)}), not_y).consistency;
        if (at_least(against, r.incl_cut.back()) || t.pri < 0.5) {
          if (++simultaneous <= max_listed) {
            out.push_back(
                fmt::format("simultaneous subset relation: {} is consistent with {} ({:.3f}) and with its "
                            "negation ({:.3f}), PRI {:.3f}",
                            t.expression, r.outcome, t.consistency, against, t.pri));
          }
        }
      }
    }
    if (!sol->minimal) {
      out.push_back(
          fmt::format("the {} solution's cover search stopped after {} steps: the cover given is greedy "
                      "and may not be the shortest",
                      sol->name, max_nodes));
    } else if (!sol->exhaustive) {
      out.push_back(
          fmt::format("the {} solution is one of its shortest covers: listing every one exceeded {} steps "
                      "(R QCA would list them all)",
                      sol->name, max_nodes));
    }
  }
  if (simultaneous > max_listed) {
    out.push_back(fmt::format("… and {} more terms in a simultaneous subset relation", simultaneous - max_listed));
  }
}

// The cases with every condition and the outcome (the others' names in `left_out`).
DataSet complete_cases(const DataSet& data, const std::vector<std::string>& conditions, const std::string& outcome,
                       std::vector<std::string>& left_out) {
  std::vector<std::size_t> used;
  used.reserve(conditions.size() + 1);
  for (const auto& c : conditions) used.push_back(data.column(c));
  used.push_back(data.column(outcome));
  DataSet complete;
  complete.row_names.reserve(data.rows());
  for (const auto j : used) complete.columns.push_back({data.columns[j].name, data.columns[j].quantitative, {}, {}});
  for (std::size_t i = 0; i < data.rows(); ++i) {
    const bool ok = std::all_of(used.begin(), used.end(), [&](std::size_t j) {
      const auto& c = data.columns[j];
      return c.quantitative ? !std::isnan(c.values[i]) : !c.labels[i].empty();
    });
    if (!ok) {
      left_out.push_back(data.row_names[i]);
      continue;
    }
    complete.row_names.push_back(data.row_names[i]);
    for (std::size_t k = 0; k < used.size(); ++k) {
      const auto& c = data.columns[used[k]];
      if (c.quantitative) {
        complete.columns[k].values.push_back(c.values[i]);
      } else {
        complete.columns[k].labels.push_back(c.labels[i]);
      }
    }
  }
  return complete;
}

}  // namespace

std::vector<double> calibrate(const std::vector<double>& x, const Calibration& c) {
  const auto& t = c.thresholds;
  std::vector<double> out(x.size(), nan);
  if (c.crisp) {
    if (t.empty() || !std::is_sorted(t.begin(), t.end())) {
      reject(c.column, "crisp calibration takes one or more thresholds in increasing order");
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!std::isnan(x[i])) out[i] = static_cast<double>(std::upper_bound(t.begin(), t.end(), x[i]) - t.begin());
    }
    return out;
  }
  if (t.size() != 3) reject(c.column, "fuzzy calibration takes three anchors: exclusion, crossover, inclusion");
  const bool increasing = t[0] < t[1] && t[1] < t[2];
  const bool decreasing = t[0] > t[1] && t[1] > t[2];
  if (!increasing && !decreasing) {
    reject(c.column,
           fmt::format("the anchors {}, {}, {} must be strictly increasing or strictly decreasing", t[0], t[1], t[2]));
  }
  if (c.logistic && !(c.idm > 0.5 && c.idm < 1)) reject(c.column, "the inclusion degree (idm) must be in (0.5, 1)");
  const double e = t[0], m = t[1], inc = t[2];
  const double k = std::log(c.idm / (1 - c.idm));
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double v = x[i];
    if (std::isnan(v)) continue;
    double f = 0;
    if (c.logistic) {
      // Log-odds: 0 at the crossover, ±log(idm / (1 - idm)) at the anchors.
      const double span = (v - m) * (increasing ? 1 : -1) >= 0 ? std::abs(inc - m) : std::abs(m - e);
      f = 1 / (1 + std::exp(-(v - m) * (increasing ? 1 : -1) * k / span));
    } else {
      const double d = (v - m) * (increasing ? 1 : -1);
      if (d >= 0) {
        f = std::min(1.0, 0.5 + 0.5 * d / std::abs(inc - m));
      } else {
        f = std::max(0.0, 0.5 + 0.5 * d / std::abs(m - e));
      }
    }
    if (f < 1e-4) f = 0;
    if (f > 0.9999) f = 1;
    out[i] = f;
  }
  return out;
}

QcaResult qca(const DataSet& data, const QcaOptions& o) {
  if (o.outcome.empty()) reject("--outcome", "name the outcome column");
  if (o.incl_cut.empty() || o.incl_cut.size() > 2) reject("--incl-cut", "one cut-off, or two (1 and C)");
  for (const double c : o.incl_cut) {
    if (!(c >= 0 && c <= 1)) reject("--incl-cut", fmt::format("{} is not in [0, 1]", c));
  }
  if (o.incl_cut.size() == 2 && o.incl_cut[1] > o.incl_cut[0]) {
    reject("--incl-cut", "the second cut-off (contradictions) must not exceed the first");
  }
  if (o.n_cut < 1) reject("--n-cut", "at least 1 case");
  (void)data.column(o.outcome);
  auto conditions = o.conditions;
  if (conditions.empty()) {
    for (const auto& c : data.columns) {
      if (c.quantitative && c.name != o.outcome) conditions.push_back(c.name);
    }
  }
  if (conditions.empty()) reject("--conditions", "no condition: name them, or give numeric columns");
  for (const auto& c : conditions) {
    (void)data.column(c);
    if (c == o.outcome) reject("--conditions", fmt::format("{} is the outcome", c));
    if (std::count(conditions.begin(), conditions.end(), c) > 1)
      reject("--conditions", fmt::format("{} is repeated", c));
  }
  std::vector<std::string> left_out;
  const auto complete = complete_cases(data, conditions, o.outcome, left_out);
  if (complete.rows() < 2) {
    reject("--input", fmt::format("{} complete case(s) of {}: QCA needs at least 2 with every membership",
                                  complete.rows(), data.rows()));
  }
  auto s = sets_of(complete, conditions, o.outcome, o.calibrate);
  if (o.negate_outcome) {
    for (auto& v : s.y) v = 1 - v;
  }
  QcaResult r;
  r.outcome = (o.negate_outcome ? "~" : "") + o.outcome;
  r.conditions = s.names;
  r.levels = s.levels;
  r.case_ids = s.cases;
  r.data = s.x;
  r.data.push_back(s.y);
  r.incl_cut = o.incl_cut;
  r.n_cut = o.n_cut;
  r.pri_cut = o.pri_cut;
  r.remainders = o.remainders;
  r.dir_exp = o.dir_exp;
  bool fuzzy = false;
  for (std::size_t j = 0; j < s.x.size(); ++j) {
    for (const double v : s.x[j]) fuzzy = fuzzy || (s.levels[j] == 2 && v != 0 && v != 1);
  }
  r.kind = s.brackets ? "multi-value" : fuzzy ? "fuzzy" : "crisp";
  if (!left_out.empty()) {
    r.warnings.push_back(fmt::format("{} case(s) with a missing value left out: {}{}", left_out.size(),
                                     fmt::join(left_out.begin(), left_out.begin() + std::min<std::ptrdiff_t>(
                                                                                       10, std::ssize(left_out)),
                                               ", "),
                                     left_out.size() > 10 ? " …" : ""));
  }
  Space space(s.levels);
  double codes = 1, minterms = 1;
  for (const int l : s.levels) {
    codes *= l + 1;
    minterms *= l;
  }
  if (minterms > static_cast<double>(max_rows) || codes > static_cast<double>(max_implicants)) {
    reject("--conditions", fmt::format("{} conditions give {:.0f} configurations and {:.0f} implicants; fabscope "
                                       "minimises up to {} configurations and {} implicants (15 binary conditions)",
                                       s.names.size(), minterms, codes, max_rows, max_implicants));
  }
  r.rows = truth_table(s, space, o);
  for (std::size_t j = 0; j < s.names.size(); ++j) {
    const auto one = [&](const std::string& text) {
      auto f = necessity_fit(membership(s, parse(text, s, "--conditions")), s.y);
      f.expression = text;
      r.necessity.push_back(f);
    };
    if (s.brackets) {
      for (int v = 0; v < s.levels[j]; ++v) one(fmt::format("{}[{}]", s.names[j], v));
    } else {
      one(s.names[j]);
      one("~" + s.names[j]);
    }
  }
  for (const auto& e : o.necessity) {
    auto f = necessity_fit(membership(s, parse(e, s, "--necessity")), s.y);
    f.expression = e;
    r.necessity.push_back(f);
  }
  r.conservative = solve(s, space, r.rows, false, "conservative");
  r.parsimonious.name = "parsimonious";
  if (o.remainders) r.parsimonious = solve(s, space, r.rows, true, "parsimonious");
  if (o.remainders && !o.dir_exp.empty())
    r.intermediate = intermediate(s, space, r.rows, r.parsimonious, expectations(s, o.dir_exp));
  if (r.conservative.models.empty()) {
    r.warnings.push_back(
        fmt::format("no row reaches the inclusion cut-off {} with at least {} case(s): nothing is "
                    "sufficient for {}, so there is no solution",
                    o.incl_cut[0], o.n_cut, r.outcome));
  }
  warn(s, r, r.warnings);
  return r;
}

namespace {
Sets sets_for(const DataSet& data, const std::string& expression, const std::string& outcome) {
  std::vector<std::string> names;
  for (const auto& c : data.columns) {
    if (c.quantitative && c.name != outcome) names.push_back(c.name);
  }
  (void)expression;
  return sets_of(data, names, outcome, {});
}
}  // namespace

Fit sufficiency(const DataSet& data, const std::string& expression, const std::string& outcome) {
  const auto s = sets_for(data, expression, outcome);
  auto f = sufficiency_fit(membership(s, parse(expression, s, "expression")), s.y);
  f.expression = expression;
  return f;
}

Fit necessity(const DataSet& data, const std::string& expression, const std::string& outcome) {
  const auto s = sets_for(data, expression, outcome);
  auto f = necessity_fit(membership(s, parse(expression, s, "expression")), s.y);
  f.expression = expression;
  return f;
}

}  // namespace fabscope::analysis
