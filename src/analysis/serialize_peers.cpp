// Peers as documents: each unit's peers (distance and its two parts), its percentiles
// among them, its territorial fit within its archetype.
#include <fmt/format.h>

#include <cmath>

#include "analysis/serialize.hpp"

namespace fabscope::analysis {
namespace {

using Json = nlohmann::ordered_json;

Json number(double v) { return std::isnan(v) ? Json(nullptr) : Json(v); }
std::string cell(double v) { return std::isnan(v) ? std::string() : fmt::format("{:.15g}", v); }

bool shown(const PeerResult& r, std::size_t i, const std::string& only) {
  return only.empty() || r.input.names[i] == only;
}

}  // namespace

nlohmann::ordered_json to_json(const PeerResult& r, const std::string& only) {
  Json units = Json::array();
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    if (!shown(r, i, only)) continue;
    const auto& u = r.units[i];
    Json peers = Json::array();
    for (const auto& p : u.peers) {
      peers.push_back({{"name", r.input.names[p.unit]},
                       {"distance", p.distance},
                       {"model", number(p.model)},
                       {"territory", number(p.territory)}});
    }
    Json pct = Json::object();
    for (std::size_t k = 0; k < r.input.indicator_names.size(); ++k)
      pct[r.input.indicator_names[k]] = number(u.percentile[k]);
    Json doc = {{"name", r.input.names[i]}, {"peers", peers}, {"percentiles", pct}};
    if (!r.input.archetype.empty()) {
      doc["fit"] = {{"archetype", r.input.archetype[i]},
                    {"distance", number(u.fit_distance)},
                    {"percentile", number(u.fit_percentile)},
                    {"same_archetype", u.same_archetype}};
    }
    units.push_back(doc);
  }
  return {{"method", "peers"},
          {"k", r.options.k},
          {"weights", {{"model", r.options.model_weight}, {"territory", r.options.territory_weight}}},
          {"territory", r.input.territory_names},
          {"indicators", r.input.indicator_names},
          {"units", units}};
}

std::string to_csv(const PeerResult& r, const std::string& only) {
  std::string out = "name,rank,peer,distance,model_distance,territory_distance\n";
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    if (!shown(r, i, only)) continue;
    for (std::size_t k = 0; k < r.units[i].peers.size(); ++k) {
      const auto& p = r.units[i].peers[k];
      out += fmt::format("\"{}\",{},\"{}\",{},{},{}\n", r.input.names[i], k + 1, r.input.names[p.unit],
                         cell(p.distance), cell(p.model), cell(p.territory));
    }
  }
  return out;
}

std::string to_text(const PeerResult& r, const std::string& only) {
  std::string out = fmt::format("Peers: the {} nearest on the model and the territory (weights {} and {})\n",
                                r.options.k, r.options.model_weight, r.options.territory_weight);
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    if (!shown(r, i, only)) continue;
    const auto& u = r.units[i];
    out += fmt::format("\n{}\n", r.input.names[i]);
    for (const auto& p : u.peers) {
      out += fmt::format("  {:<40} distance {:.3f} (model {}, territory {})\n", r.input.names[p.unit], p.distance,
                         std::isnan(p.model) ? "–" : fmt::format("{:.3f}", p.model),
                         std::isnan(p.territory) ? "–" : fmt::format("{:.3f}", p.territory));
    }
    for (std::size_t k = 0; k < r.input.indicator_names.size(); ++k) {
      if (!std::isnan(u.percentile[k])) {
        out += fmt::format("  percentile among its peers on {}: {:.0f}\n", r.input.indicator_names[k], u.percentile[k]);
      }
    }
    if (!r.input.archetype.empty() && !std::isnan(u.fit_percentile)) {
      out += fmt::format(
          "  territory more typical of {} than {:.0f} % of the {} others of that archetype (mean "
          "territorial distance {:.3f})\n",
          r.input.archetype[i], u.fit_percentile, u.same_archetype, u.fit_distance);
    }
  }
  return out;
}

}  // namespace fabscope::analysis
