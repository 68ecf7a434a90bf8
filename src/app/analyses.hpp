// The analyses of the evaluation panel that the pages, the reports and the export read
// (docs/analysis/panel.md), computed once per snapshot: each workshop's archetype, the
// typology of the panel (FAMD + HCPC with stability) and its clusters' archetypes, the
// laureates of 2013 against comparable workshops, and every workshop's peers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/archetypes.hpp"
#include "analysis/dataset.hpp"
#include "analysis/famd.hpp"
#include "analysis/hcpc.hpp"
#include "analysis/matching.hpp"
#include "analysis/peers.hpp"
#include "analysis/qca.hpp"
#include "referential/panel.hpp"
#include "store/store.hpp"

namespace fabscope::app {

struct PanelAnalyses {
  analysis::DataSet data;                        // referential::analysis_panel
  std::vector<analysis::Assignment> archetypes;  // per panel unit
  std::vector<std::string> typology_columns;     // the FAMD's active columns
  std::optional<analysis::FamdResult> famd;
  std::optional<analysis::Typology> typology;  // HCPC on the FAMD, 100 stability replicates
  std::vector<analysis::ClusterArchetype> cluster_archetypes;
  std::vector<std::string> laureate_covariates;
  std::string laureate_outcome;
  std::optional<analysis::MatchResult> laureates;  // nearest neighbour, caliper 0.25 SD
  std::optional<analysis::PeerResult> peers;       // 5 peers
  // Conditions of success (QCA) once the success dimension has data (kMinSuccessCases).
  std::optional<analysis::QcaResult> success;
  std::size_t success_known = 0;  // workshops with a success score
  std::vector<std::string> notes;                  // what could not be computed, and why
};

// Never throws on the analyses themselves: what fails is left out with a note.
PanelAnalyses panel_analyses(store::Store& store, const referential::Evaluation& e);

// The typology's active columns: kind and the context and model numbers known for at least
// half of the panel.
inline constexpr const char* kTypologyColumns[] = {"kind",          "density_class",    "rural_pop_share",
                                                   "median_income", "pop_within_30km",  "lq_be",
                                                   "lq_oq",         "m_equipment_count"};
inline constexpr std::size_t kMinSuccessCases = 10;
// Builds the success QCA's sets from the panel (docs/analysis/panel.md): the outcome is the
// success score calibrated 0.25 / 0.5 / 0.75; the conditions are crisp: rural (density
// class ≥ 5), industrial (lq_be ≥ 1), equipped (m_equipment_count ≥ 4), networked
// (m_network_count ≥ 2), laureate (2013). Workshops missing one of them are left out.
analysis::DataSet success_sets(const analysis::DataSet& panel);
inline constexpr const char* kLaureateCovariates[] = {"density_class", "pop_within_30km", "median_income", "lq_be"};

}  // namespace fabscope::app
