// Archetype assignments as documents: per unit the archetype, certainty, similarity, margin,
// coverage and the evidence of each archetype; the counts by archetype.
#include <fmt/format.h>

#include <map>

#include "analysis/serialize.hpp"

namespace fabscope::analysis {
namespace {

using Json = nlohmann::ordered_json;

const Archetype* find(const ArchetypeSet& set, const std::string& id) {
  for (const auto& a : set.archetypes) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

std::string evidence_text(const ArchetypeFit& f) {
  std::vector<std::string> parts;
  for (const auto& e : f.evidence) {
    parts.push_back(fmt::format("{} {} ({:.2f})", e.variable, e.value.empty() ? "∅" : e.value, e.similarity));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

nlohmann::ordered_json to_json(const ArchetypeReport& r) {
  Json units = Json::array();
  for (std::size_t i = 0; i < r.names.size(); ++i) {
    const auto& a = r.assignments[i];
    Json fits = Json::array();
    for (const auto& f : a.fits) {
      Json ev = Json::array();
      for (const auto& e : f.evidence) {
        ev.push_back({{"variable", e.variable},
                      {"value", e.value},
                      {"expected", e.expected},
                      {"similarity", e.similarity},
                      {"weight", e.weight},
                      {"basis", e.basis}});
      }
      fits.push_back({{"archetype", f.id},
                      {"similarity", f.similarity},
                      {"coverage", f.coverage},
                      {"eligible", f.eligible},
                      {"evidence", ev},
                      {"unknown", f.unknown}});
    }
    Json u = {{"name", r.names[i]},       {"archetype", a.archetype.empty() ? Json(nullptr) : Json(a.archetype)},
              {"certainty", a.certainty}, {"similarity", a.similarity},
              {"margin", a.margin},       {"coverage", a.coverage}};
    if (!a.reason.empty()) u["reason"] = a.reason;
    u["fits"] = fits;
    units.push_back(u);
  }
  Json archetypes = Json::array();
  for (const auto& a : r.set->archetypes) {
    archetypes.push_back({{"id", a.id}, {"name_fr", a.name_fr}, {"name_en", a.name_en}});
  }
  return {{"method", "archetypes"},
          {"source", r.set->study},
          {"rules",
           {{"min_coverage", r.set->min_coverage},
            {"min_variables", r.set->min_variables},
            {"sure_margin", r.set->sure_margin},
            {"probable_margin", r.set->probable_margin}}},
          {"archetypes", archetypes},
          {"units", units}};
}

std::string to_csv(const ArchetypeReport& r) {
  std::string out = "name,archetype,certainty,similarity,margin,coverage,evidence\n";
  for (std::size_t i = 0; i < r.names.size(); ++i) {
    const auto& a = r.assignments[i];
    out += fmt::format("\"{}\",{},{},{:.6g},{:.6g},{:.6g},\"{}\"\n", r.names[i], a.archetype, a.certainty, a.similarity,
                       a.margin, a.coverage, a.fits.empty() ? "" : evidence_text(a.fits.front()));
  }
  return out;
}

std::string to_text(const ArchetypeReport& r) {
  std::map<std::string, std::map<std::string, std::size_t>> counts;
  for (const auto& a : r.assignments) ++counts[a.archetype][a.certainty];
  std::string out = fmt::format("Archetypes of {} units ({})\n  {:<60} {:>6} {:>6} {:>9} {:>10}\n", r.names.size(),
                                r.set->study, "archetype", "units", "sure", "probable", "uncertain");
  for (const auto& arc : r.set->archetypes) {
    const auto& c = counts[arc.id];
    std::size_t n = 0;
    for (const auto& [k, v] : c) n += v;
    const auto get = [&](const char* k) {
      const auto it = c.find(k);
      return it == c.end() ? std::size_t{0} : it->second;
    };
    out += fmt::format("  {:<60} {:>6} {:>6} {:>9} {:>10}\n", arc.name_fr, n, get("sure"), get("probable"),
                       get("uncertain"));
  }
  out += fmt::format("  {:<60} {:>6}\n\n", "non déterminable / not determinable", counts[""]["not_determinable"]);
  for (std::size_t i = 0; i < r.names.size(); ++i) {
    const auto& a = r.assignments[i];
    if (a.archetype.empty()) {
      out += fmt::format("  {}: not determinable: {}\n", r.names[i], a.reason);
      continue;
    }
    const auto* arc = find(*r.set, a.archetype);
    out += fmt::format("  {}: {} ({}, similarity {:.2f}, margin {:.2f}, coverage {:.0f} %): {}\n", r.names[i],
                       arc != nullptr ? arc->name_fr : a.archetype, a.certainty, a.similarity, a.margin,
                       100 * a.coverage, evidence_text(a.fits.front()));
  }
  return out;
}

}  // namespace fabscope::analysis
