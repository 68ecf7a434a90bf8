// The opportunity map (docs/impact/opportunities.md).
#include "app/opportunities.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>

#include "core/error.hpp"

namespace fabscope::app {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kVariables = std::size(kOpportunityVariables);

bool is_density(std::size_t k) { return std::string_view(kOpportunityVariables[k]) == "density"; }

// On the compared scale: log10 for density.
double variable_value(const territory::Unit& u, std::size_t k, std::size_t index) {
  const double v = u.values[index];
  if (is_density(k)) return v > 0 ? std::log10(v) : kNaN;
  return v;
}

struct Standardiser {
  std::array<std::size_t, kVariables> index{};
  std::array<double, kVariables> mean{}, sd{};
};

Standardiser standardiser(const std::vector<territory::Unit>& units) {
  Standardiser s;
  for (std::size_t k = 0; k < kVariables; ++k) {
    s.index[k] = *territory::indicator_index(kOpportunityVariables[k]);
    double sum = 0, sq = 0;
    std::size_t n = 0;
    for (const auto& u : units) {
      const double v = variable_value(u, k, s.index[k]);
      if (std::isnan(v)) continue;
      sum += v;
      sq += v * v;
      ++n;
    }
    s.mean[k] = n > 0 ? sum / static_cast<double>(n) : kNaN;
    const double var = n > 1 ? (sq - sum * sum / static_cast<double>(n)) / static_cast<double>(n - 1) : kNaN;
    s.sd[k] = var > 0 ? std::sqrt(var) : kNaN;
  }
  return s;
}

// The panel units of the archetype and, among them, those whose success score is at or
// above the panel's median.
std::pair<std::vector<std::size_t>, std::vector<std::size_t>> archetype_units(const Snapshot& snap,
                                                                              const std::string& archetype) {
  const auto& e = snap.evaluation;
  const auto success = e.node("success");
  std::vector<double> known;
  std::vector<std::size_t> all, succeeding;
  for (std::size_t u = 0; u < e.panel.units.size(); ++u) {
    if (success && !std::isnan(e.score(u, *success))) known.push_back(e.score(u, *success));
    if (u < snap.analyses.archetypes.size() && snap.analyses.archetypes[u].archetype == archetype) all.push_back(u);
  }
  if (success && !known.empty()) {
    std::sort(known.begin(), known.end());
    const std::size_t n = known.size();
    const double median = n % 2 == 1 ? known[n / 2] : (known[n / 2 - 1] + known[n / 2]) / 2;
    for (const auto u : all) {
      if (e.score(u, *success) >= median) succeeding.push_back(u);
    }
  }
  return {all, succeeding};
}

}  // namespace

OpportunityResult opportunities(const Snapshot& snap, const OpportunityOptions& options) {
  const auto& set = analysis::builtin_archetypes();
  if (std::none_of(set.archetypes.begin(), set.archetypes.end(),
                   [&](const analysis::Archetype& a) { return a.id == options.archetype; })) {
    std::vector<std::string> ids;
    for (const auto& a : set.archetypes) ids.push_back(a.id);
    throw Error(ExitCode::usage,
                fmt::format("« {} » is not an archetype: {}", options.archetype, fmt::join(ids, ", ")),
                fmt::format("« {} » n'est pas un archétype : {}", options.archetype, fmt::join(ids, ", ")));
  }
  if (options.level != territory::Level::epci && options.level != territory::Level::ze) {
    throw Error(ExitCode::usage, "the opportunity map is by EPCI or zone d'emploi (epci, ze)",
                "la carte des opportunités est par EPCI ou zone d'emploi (epci, ze)");
  }
  if (!(options.radius_km > 0 && options.radius_km <= 200)) {
    throw Error(ExitCode::usage, "the radius must be between 0 and 200 km", "le rayon doit être entre 0 et 200 km");
  }
  OpportunityResult out;
  out.options = options;
  const auto& units = snap.level(options.level);
  const auto st = standardiser(units);
  std::unordered_map<std::string, const territory::Unit*> by_code;
  for (const auto& u : units) by_code.emplace(u.code, &u);

  // The reference profile: the territories of the workshops of the archetype that succeed.
  auto [all, succeeding] = archetype_units(snap, options.archetype);
  if (all.empty()) {
    throw Error(ExitCode::missing_data,
                fmt::format("no workshop of the panel is of the archetype {}", options.archetype),
                fmt::format("aucun atelier du panel n'est de l'archétype {}", options.archetype));
  }
  const bool by_success = succeeding.size() >= options.min_references;
  out.reference_basis = by_success ? "success" : "archetype";
  std::array<double, kVariables> sum{};
  std::array<std::size_t, kVariables> n{};
  for (const auto u : by_success ? succeeding : all) {
    const auto& pu = snap.evaluation.panel.units[u];
    const auto code = snap.parent(pu.commune, options.level);
    const auto it = by_code.find(code);
    if (it == by_code.end()) continue;
    out.references.push_back(pu.id);
    out.reference_territories.push_back(code);
    for (std::size_t k = 0; k < kVariables; ++k) {
      const double z = (variable_value(*it->second, k, st.index[k]) - st.mean[k]) / st.sd[k];
      if (std::isnan(z)) continue;
      sum[k] += z;
      ++n[k];
    }
  }
  // The profile on the compared scale (log10 for density), and as people read it.
  std::array<double, kVariables> profile{};
  out.profile.assign(kVariables, kNaN);
  for (std::size_t k = 0; k < kVariables; ++k) {
    profile[k] = n[k] > 0 ? st.mean[k] + st.sd[k] * sum[k] / static_cast<double>(n[k]) : kNaN;
    out.profile[k] = is_density(k) ? std::pow(10.0, profile[k]) : profile[k];
  }

  // Coverage of every unit of the level by the workshops, from its communes; with a région,
  // the units one of whose communes lies in it.
  const auto cover = snap.reach(options.level, options.radius_km);
  std::set<std::string> in_region;
  if (!options.region.empty()) {
    for (const auto& c : snap.level(territory::Level::commune)) {
      if (snap.parent(c.code, territory::Level::reg) == options.region) in_region.insert(snap.parent(c.code, options.level));
    }
  }
  const auto considered = [&](const std::string& code) { return options.region.empty() || in_region.count(code) != 0; };

  if (!options.region.empty() && snap.unit(territory::Level::reg, options.region) == nullptr) {
    throw Error(ExitCode::not_found, fmt::format("no région with the code {}", options.region),
                fmt::format("pas de région de code {}", options.region));
  }
  for (const auto& u : units) {
    if (cover.count(u.code) != 0 && considered(u.code)) ++out.candidates_considered;
  }
  for (const auto& u : units) {
    const auto cv = cover.find(u.code);
    if (cv == cover.end() || cv->second.population <= 0 || !considered(u.code)) continue;
    if (cv->second.beyond * 2 < cv->second.population) {
      ++out.covered;
      continue;
    }
    Opportunity o;
    o.code = u.code;
    o.name = u.name;
    o.population = cv->second.population;
    o.uncovered_population = cv->second.beyond;
    o.nearest_km = cv->second.nearest_km;
    double sq = 0;
    for (std::size_t k = 0; k < kVariables; ++k) {
      const double v = variable_value(u, k, st.index[k]);
      if (std::isnan(v) || std::isnan(profile[k]) || std::isnan(st.sd[k])) continue;
      const double gap = std::abs(v - profile[k]) / st.sd[k];
      sq += gap * gap;
      ++o.variables;
      o.reasons.push_back({kOpportunityVariables[k], u.values[st.index[k]], out.profile[k], gap});
    }
    if (o.variables * 2 < kVariables) continue;  // too little known to compare
    o.distance = std::sqrt(sq / static_cast<double>(o.variables));
    o.similarity = 1 / (1 + o.distance);
    std::sort(o.reasons.begin(), o.reasons.end(), [](const Reason& a, const Reason& b) { return a.gap < b.gap; });
    out.territories.push_back(std::move(o));
  }
  std::sort(out.territories.begin(), out.territories.end(), [](const Opportunity& a, const Opportunity& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    return a.uncovered_population > b.uncovered_population;
  });
  for (std::size_t i = 0; i < out.territories.size(); ++i) out.territories[i].rank = static_cast<int>(i + 1);
  return out;
}

}  // namespace fabscope::app
