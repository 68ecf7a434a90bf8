// Matching results as documents, in MatchIt's names: distance, weights, match.matrix,
// sum.all and sum.matched (Means Treated, Means Control, Std. Mean Diff., Var. Ratio), nn.
#include <fmt/format.h>

#include <cmath>

#include "analysis/serialize.hpp"

namespace fabscope::analysis {
namespace {

using Json = nlohmann::ordered_json;

Json number(double v) { return std::isnan(v) ? Json(nullptr) : Json(v); }

Json balance_json(const MatchResult& r, bool matched) {
  Json rows = Json::object();
  for (const auto& b : r.balance) {
    rows[b.term] = {{"Means Treated", matched ? b.mean_treated_matched : b.mean_treated_all},
                    {"Means Control", matched ? b.mean_control_matched : b.mean_control_all},
                    {"Std. Mean Diff.", number(matched ? b.smd_matched : b.smd_all)},
                    {"Var. Ratio", number(matched ? b.var_ratio_matched : b.var_ratio_all)}};
  }
  return rows;
}

}  // namespace

nlohmann::ordered_json to_json(const MatchResult& r) {
  Json model = Json::array();
  for (const auto& c : r.model.coefficients) {
    model.push_back({{"term", c.term}, {"estimate", c.estimate}, {"std.error", c.std_error}, {"p.value", c.p_value}});
  }
  Json units = Json::array();
  for (std::size_t i = 0; i < r.names.size(); ++i) {
    const auto m = r.match[i];
    units.push_back({{"name", r.names[i]},
                     {"treat", r.treated[i] ? 1 : 0},
                     {"distance", r.distance[i]},
                     {"weights", r.weights[i]},
                     {"match", m < r.names.size() ? Json(r.names[m]) : Json(nullptr)}});
  }
  Json doc = {
      {"method", "nearest"},
      {"distance", "glm (logit)"},
      {"model", model},
      {"caliper", r.caliper > 0 ? Json(r.caliper) : Json(nullptr)},
      {"nn",
       {{"All", {{"Control", r.n_control}, {"Treated", r.n_treated}}},
        {"Matched", {{"Control", r.controls_matched}, {"Treated", r.treated_matched}}},
        {"Unmatched", {{"Control", r.n_control - r.controls_matched}, {"Treated", r.n_treated - r.treated_matched}}},
        {"Dropped (missing)", r.dropped}}},
      {"sum.all", balance_json(r, false)},
      {"sum.matched", balance_json(r, true)}};
  if (r.has_outcome) {
    doc["effect"] = {{"outcome", r.outcome},
                     {"ATT", r.att},
                     {"conf.int", {number(r.att_low), number(r.att_high)}},
                     {"level", r.level},
                     {"bootstrap", {{"replicates", r.replicates}, {"seed", r.seed}, {"resampled", "matched pairs"}}}};
  }
  doc["statement"] = r.statement;
  doc["warnings"] = r.warnings;
  doc["units"] = units;
  return doc;
}

std::string to_csv(const MatchResult& r) {
  std::string out = "name,treat,distance,weight,matched_control\n";
  for (std::size_t i = 0; i < r.names.size(); ++i) {
    const auto m = r.match[i];
    out += fmt::format("\"{}\",{},{:.15g},{:.15g},{}\n", r.names[i], r.treated[i] ? 1 : 0, r.distance[i], r.weights[i],
                       m < r.names.size() ? "\"" + r.names[m] + "\"" : std::string());
  }
  return out;
}

std::string to_text(const MatchResult& r) {
  std::string out = fmt::format(
      "Nearest-neighbour matching on a logit propensity score{}\n  treated {} (matched {}), controls {} (matched {})",
      r.caliper > 0 ? fmt::format(", caliper {:.4g}", r.caliper) : "", r.n_treated, r.treated_matched, r.n_control,
      r.controls_matched);
  if (r.dropped > 0) out += fmt::format(", {} row(s) with a missing value left out", r.dropped);
  out += "\n\nBalance              before matching                      after matching\n";
  out += fmt::format("  {:<16} {:>9} {:>9} {:>7} {:>6}   {:>9} {:>9} {:>7} {:>6}\n", "", "treated", "control", "SMD",
                     "VR", "treated", "control", "SMD", "VR");
  const auto vr = [](double v) { return std::isnan(v) ? std::string("") : fmt::format("{:.2f}", v); };
  for (const auto& b : r.balance) {
    out += fmt::format("  {:<16} {:>9.4g} {:>9.4g} {:>7.3f} {:>6}   {:>9.4g} {:>9.4g} {:>7.3f} {:>6}\n", b.term,
                       b.mean_treated_all, b.mean_control_all, b.smd_all, vr(b.var_ratio_all), b.mean_treated_matched,
                       b.mean_control_matched, b.smd_matched, vr(b.var_ratio_matched));
  }
  if (r.has_outcome) {
    out += fmt::format("\nEffect on the treated ({}): {:.6g}", r.outcome, r.att);
    if (!std::isnan(r.att_low)) {
      out += fmt::format(", {:.0f} % bootstrap interval [{:.6g}, {:.6g}] ({} replicates of the pairs, seed {})",
                         100 * r.level, r.att_low, r.att_high, r.replicates, r.seed);
    }
    out += "\n";
  }
  out += "\nWhat this comparison can and cannot say\n";
  for (const auto& s : r.statement) out += "  - " + s + "\n";
  if (!r.warnings.empty()) {
    out += "\nWarnings\n";
    for (const auto& w : r.warnings) out += "  - " + w + "\n";
  }
  return out;
}

}  // namespace fabscope::analysis
