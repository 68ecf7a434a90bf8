// The opportunity map (docs/impact/opportunities.md): territories (EPCI or zones d'emploi)
// without a workshop within R km whose context resembles the contexts where workshops of a
// given archetype succeed, ranked, each with its reasons.
#pragma once

#include <string>
#include <vector>

#include "app/snapshot.hpp"

namespace fabscope::app {

// The territorial variables compared (indicators defined at every level; density on a log
// scale), each standardised over the units of the level.
inline constexpr const char* kOpportunityVariables[] = {
    "density", "rural_pop_share", "employment_growth", "unemployment_rate", "establishments_per_1000",
    "lq_be",   "lq_gu",           "lq_oq"};

struct OpportunityOptions {
  std::string archetype;  // an id of data/archetypes.toml
  double radius_km = 30;
  territory::Level level = territory::Level::epci;  // epci or ze
  // Where workshops of the archetype "succeed": a success score at or above the panel's
  // median; when fewer than `min_references` do, every workshop of the archetype stands in
  // (said in `reference_basis`).
  std::size_t min_references = 3;
  // Only the territories with a commune in this région (code), for a région's own map; ""
  // = all France. The profile still comes from the whole panel.
  std::string region;
};

struct Reason {
  std::string variable;
  double value = 0, reference = 0;  // the territory's, and the mean of the reference contexts
  double gap = 0;                   // |difference| in standard deviations
};

struct Opportunity {
  std::string code, name;
  double population = 0, uncovered_population = 0;  // inhabitants farther than the radius
  double nearest_km = 0;                             // from its nearest commune to a workshop
  double distance = 0;                               // to the reference profile (RMS of standardised gaps)
  double similarity = 0;                             // 1 / (1 + distance)
  std::size_t variables = 0;                         // compared (known for the territory)
  std::vector<Reason> reasons;                       // closest variables first
  int rank = 0;
};

struct OpportunityResult {
  OpportunityOptions options;
  std::string reference_basis;  // "success" or "archetype" (too few successes known)
  std::vector<std::string> references;  // workshop ids whose territories make the profile
  std::vector<std::string> reference_territories;
  std::vector<double> profile;          // per variable, mean of the references' territories (NaN: unknown)
  std::vector<Opportunity> territories;  // candidates, best first
  std::size_t candidates_considered = 0;  // units of the level
  std::size_t covered = 0;                // left out: most of their population within the radius
};

// Throws Error(usage) for an unknown archetype or a level other than epci/ze, and
// Error(missing_data) when no workshop of the archetype is placed in the panel.
OpportunityResult opportunities(const Snapshot& snap, const OpportunityOptions& options);

}  // namespace fabscope::app
