#include "territory/compute.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <unordered_map>

#include "core/text.hpp"
#include "territory/reach.hpp"

namespace fabscope::territory {
namespace {

constexpr double kNaN = text::kMissing;

// Per-commune quantities that the indicators sum.
enum Q : std::size_t {
  POP,
  SUPERF,
  E18,
  E13,
  CHOM,
  ACT,
  EMPLOYED,
  ETTOT,
  ET0,
  ET1,
  ET2,
  ET3,
  ET4,
  POP_DENSE,
  POP_RURAL,
  QN
};

double ratio(double num, double den) { return den != 0 && !std::isnan(den) ? num / den : kNaN; }

// An aggregatable indicator: its inputs (a member is used when all are present) and how
// the value follows from the sums of the inputs over the members used.
struct Formula {
  std::size_t indicator;
  std::vector<Q> inputs;
  std::function<double(const double* sums)> eval;
};

std::vector<Formula> formulas(const std::array<double, kSectors>& france) {
  auto id = [](std::string_view s) { return *indicator_index(s); };
  std::vector<Formula> f = {
      {id("population"), {POP}, [](const double* s) { return s[0]; }},
      {id("area_km2"), {SUPERF}, [](const double* s) { return s[0]; }},
      {id("density"), {POP, SUPERF}, [](const double* s) { return ratio(s[0], s[1]); }},
      {id("dense_pop_share"), {POP_DENSE, POP}, [](const double* s) { return ratio(s[0], s[1]); }},
      {id("rural_pop_share"), {POP_RURAL, POP}, [](const double* s) { return ratio(s[0], s[1]); }},
      {id("employment"), {E18}, [](const double* s) { return s[0]; }},
      {id("employment_growth"),
       {E18, E13},
       [](const double* s) {
         const double r = ratio(s[0], s[1]);
         return std::isnan(r) ? kNaN : std::pow(r, 1.0 / 5.0) - 1.0;
       }},
      {id("job_concentration"), {E18, EMPLOYED}, [](const double* s) { return 100.0 * ratio(s[0], s[1]); }},
      {id("unemployment_rate"), {CHOM, ACT}, [](const double* s) { return ratio(s[0], s[1]); }},
      {id("establishments_per_1000"), {ETTOT, POP}, [](const double* s) { return 1000.0 * ratio(s[0], s[1]); }},
  };
  for (std::size_t k = 0; k < kSectors; ++k) {
    const auto q = static_cast<Q>(ET0 + k);
    const std::string sector(kSectorIds[k]);
    f.push_back({id("share_" + sector), {q, ETTOT}, [](const double* s) { return ratio(s[0], s[1]); }});
    const double fk = france[k];
    f.push_back({id("lq_" + sector), {q, ETTOT}, [fk](const double* s) { return ratio(s[0], s[1]) / fk; }});
  }
  f.push_back({id("krugman"), {ET0, ET1, ET2, ET3, ET4, ETTOT}, [france](const double* s) {
                 if (s[5] == 0) return kNaN;
                 double k = 0;
                 for (std::size_t j = 0; j < kSectors; ++j) k += std::abs(s[j] / s[5] - france[j]);
                 return k;
               }});
  return f;
}

std::array<std::vector<double>, QN> quantities(const CommuneFrame& c) {
  const std::size_t n = c.size();
  std::array<std::vector<double>, QN> q;
  q[POP] = c.pop;
  q[SUPERF] = c.superf;
  q[E18] = c.e18;
  q[E13] = c.e13;
  q[CHOM] = c.chom;
  q[ACT] = c.act;
  q[ETTOT] = c.ettot;
  for (std::size_t k = 0; k < kSectors; ++k) q[ET0 + k] = c.et[k];
  q[EMPLOYED].resize(n);
  q[POP_DENSE].resize(n);
  q[POP_RURAL].resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    q[EMPLOYED][i] = c.act[i] - c.chom[i];
    const bool known = c.dens[i] != 0 && !std::isnan(c.pop[i]);
    q[POP_DENSE][i] = known ? (c.dens[i] <= 2 ? c.pop[i] : 0.0) : kNaN;
    q[POP_RURAL][i] = known ? (c.dens[i] >= 5 ? c.pop[i] : 0.0) : kNaN;
  }
  return q;
}

// Units of one level: unit index of each commune (-1 = none), and the units.
std::vector<Unit> aggregate(Level level, const std::vector<std::pair<std::string, std::string>>& listed,
                            const std::vector<std::string>& membership, const std::array<std::vector<double>, QN>& q,
                            const std::vector<Formula>& fs, std::vector<Message>& notes) {
  std::vector<Unit> units;
  std::unordered_map<std::string, std::size_t> pos;
  for (const auto& [code, name] : listed) {
    if (pos.emplace(code, units.size()).second) {
      Unit u;
      u.level = level;
      u.code = code;
      u.name = name;
      units.push_back(std::move(u));
    }
  }
  std::vector<std::ptrdiff_t> of(membership.size(), -1);
  std::size_t orphans = 0;
  for (std::size_t i = 0; i < membership.size(); ++i) {
    if (membership[i].empty()) {
      ++orphans;
      continue;
    }
    auto it = pos.find(membership[i]);
    if (it == pos.end()) {
      Unit u;
      u.level = level;
      u.code = membership[i];
      it = pos.emplace(membership[i], units.size()).first;
      units.push_back(std::move(u));
      notes.push_back({"unit_without_name", {std::string(level_id(level)), membership[i]}});
    }
    of[i] = static_cast<std::ptrdiff_t>(it->second);
    ++units[it->second].n_communes;
  }
  if (orphans > 0) {
    notes.push_back({"communes_without_unit", {std::to_string(orphans), std::string(level_id(level))}});
  }
  const std::size_t nu = units.size();
  for (auto& u : units) {
    u.values.fill(kNaN);
    u.missing.fill(0);
  }
  std::vector<double> sums;
  std::vector<int> used;
  for (const auto& f : fs) {
    const std::size_t k = f.inputs.size();
    sums.assign(nu * k, 0.0);
    used.assign(nu, 0);
    for (std::size_t i = 0; i < of.size(); ++i) {
      if (of[i] < 0) continue;
      const auto u = static_cast<std::size_t>(of[i]);
      bool present = true;
      for (const auto in : f.inputs) present = present && !std::isnan(q[in][i]);
      if (!present) {
        ++units[u].missing[f.indicator];
        continue;
      }
      for (std::size_t j = 0; j < k; ++j) sums[u * k + j] += q[f.inputs[j]][i];
      ++used[u];
    }
    for (std::size_t u = 0; u < nu; ++u) {
      if (used[u] > 0) units[u].values[f.indicator] = f.eval(&sums[u * k]);
    }
  }
  std::sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) { return a.code < b.code; });
  return units;
}

}  // namespace

const Unit* TerritoryResult::find(Level level, const std::string& code) const {
  const auto& v = at(level);
  const auto it =
      std::lower_bound(v.begin(), v.end(), code, [](const Unit& u, const std::string& c) { return u.code < c; });
  return it != v.end() && it->code == code ? &*it : nullptr;
}

TerritoryResult compute(const CommuneFrame& c, const ComputeOptions& options) {
  TerritoryResult r;
  r.notes = c.notes;
  const auto q = quantities(c);
  const auto fs = formulas(c.france_share);
  const std::size_t n = c.size();
  // Commune level: each commune is its own unit.
  {
    std::vector<std::pair<std::string, std::string>> listed;
    listed.reserve(n);
    for (std::size_t i = 0; i < n; ++i) listed.emplace_back(c.code[i], c.name[i]);
    auto units = aggregate(Level::commune, listed, c.code, q, fs, r.notes);
    const auto reach = population_within(c.lat, c.lon, c.pop, {options.reach_km, options.threads});
    const auto dc = *indicator_index("density_class");
    const auto mi = *indicator_index("median_income");
    const auto aav = *indicator_index("aav_category");
    const auto pw = *indicator_index("pop_within_10km");
    for (std::size_t i = 0; i < n; ++i) {  // units are in code order, like the frame
      auto& u = units[i];
      u.values[dc] = c.dens[i] != 0 ? c.dens[i] : kNaN;
      u.values[mi] = c.med[i];
      u.values[aav] = c.cateaav[i] != 0 ? c.cateaav[i] : kNaN;
      for (std::size_t k = 0; k < reach.size() && k < 3; ++k) u.values[pw + k] = reach[k][i];
      u.missing.fill(0);
    }
    r.units[static_cast<std::size_t>(Level::commune)] = std::move(units);
  }
  r.units[static_cast<std::size_t>(Level::epci)] = aggregate(Level::epci, c.epci_units, c.epci, q, fs, r.notes);
  r.units[static_cast<std::size_t>(Level::ze)] = aggregate(Level::ze, c.ze_units, c.ze, q, fs, r.notes);
  r.units[static_cast<std::size_t>(Level::dep)] = aggregate(Level::dep, c.dep_units, c.dep, q, fs, r.notes);
  r.units[static_cast<std::size_t>(Level::reg)] = aggregate(Level::reg, c.reg_units, c.reg, q, fs, r.notes);
  // France: every commune of the frame, with the same rules.
  const std::string fr(kFranceCode);
  r.units[static_cast<std::size_t>(Level::fr)] =
      aggregate(Level::fr, {{fr, "France"}}, std::vector<std::string>(n, fr), q, fs, r.notes);
  return r;
}

}  // namespace fabscope::territory
